"""The roster's pages: RosterPage (import, Ctrl+5), CoveragePage (Qt Charts, Ctrl+6),
and write_label_sheets (printable labels). Built on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.lazy import lazy_face

if TYPE_CHECKING:
    from ui.roster.coverage_page import CoveragePage
    from ui.roster.label_sheets import write_label_sheets
    from ui.roster.roster_page import RosterPage

_NAMES = {
    "RosterPage": "roster_page",
    "CoveragePage": "coverage_page",
    "write_label_sheets": "label_sheets",
}
__all__ = ["CoveragePage", "RosterPage", "write_label_sheets"]  # the names of _NAMES
__getattr__ = lazy_face(__name__, _NAMES)
