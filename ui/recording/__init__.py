"""The recorder's window and its parts.

- window: RecorderWindow, the table's one window (scan field, band, keys).
- table_page: TablePage, the open tube, its count, the recent tubes and totals.
- page_stack: PageStack, the features' pages under their keys, built on first use;
  ScanPage and BusyPage, what a page may offer the window.
- corrections: the F-keys that correct the table; correction_dialogs: their dialogs.
- command_card, slip: the printable command card and personal-code slip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.lazy import lazy_face

if TYPE_CHECKING:
    from ui.recording.page_stack import BusyPage, PageStack, ScanPage
    from ui.recording.table_page import TablePage
    from ui.recording.window import RecorderWindow

_NAMES = {
    "RecorderWindow": "window",
    "TablePage": "table_page",
    "PageStack": "page_stack",
    "ScanPage": "page_stack",
    "BusyPage": "page_stack",
}
__all__ = [
    "BusyPage",
    "PageStack",
    "RecorderWindow",
    "ScanPage",
    "TablePage",
]  # the names of _NAMES
__getattr__ = lazy_face(__name__, _NAMES)
