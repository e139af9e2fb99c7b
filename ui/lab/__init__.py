"""The lab's pages in the recorder window.

- recall_banner: RecallBanner, the red strip, built at start; it calls the recall page up.
- recall_page: RecallPage (Ctrl+2); boxes_page: BoxesPage (Ctrl+3), with manifest_pdf;
  results_page: ResultsPage (Ctrl+4). Each is built on its key's first press.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.lazy import lazy_face

if TYPE_CHECKING:
    from ui.lab.boxes_page import BoxesPage
    from ui.lab.manifest_pdf import write_manifest_pdf
    from ui.lab.recall_banner import RecallBanner
    from ui.lab.recall_page import RecallPage
    from ui.lab.results_page import ResultsPage

_NAMES = {
    "RecallBanner": "recall_banner",
    "RecallPage": "recall_page",
    "BoxesPage": "boxes_page",
    "ResultsPage": "results_page",
    "write_manifest_pdf": "manifest_pdf",
}
__all__ = [
    "BoxesPage",
    "RecallBanner",
    "RecallPage",
    "ResultsPage",
    "write_manifest_pdf",
]  # the names of _NAMES
__getattr__ = lazy_face(__name__, _NAMES)
