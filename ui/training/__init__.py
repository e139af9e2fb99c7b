"""Training mode's window parts: TrainingBand (band), the drill's DrillStrip, ScanTap and
TapAnnouncer (drill), and write_drill_cards (cards, printable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.lazy import lazy_face

if TYPE_CHECKING:
    from ui.training.band import TrainingBand
    from ui.training.cards import write_drill_cards
    from ui.training.drill import DrillStrip, ScanTap, TapAnnouncer

_NAMES = {
    "TrainingBand": "band",
    "DrillStrip": "drill",
    "ScanTap": "drill",
    "TapAnnouncer": "drill",
    "write_drill_cards": "cards",
}
__all__ = [
    "DrillStrip",
    "ScanTap",
    "TapAnnouncer",
    "TrainingBand",
    "write_drill_cards",
]  # the names of _NAMES
__getattr__ = lazy_face(__name__, _NAMES)
