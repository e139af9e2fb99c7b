"""The queue's windows and parts.

- triage: TriageWindow, the desk that issues tickets (its rule: station.queue.triage).
- display: QueueDisplay, the hall's screen; sound: CallAnnouncer, its voice.
- call_panel: CallPanel, the strip above a recording table (F5-F7).
- tickets_page: TicketsPage (Ctrl+7 / F10), with its table model in ticket_table.
- slip: the ticket slip, printed or saved as PDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.lazy import lazy_face

if TYPE_CHECKING:
    from ui.queue.call_panel import CallPanel
    from ui.queue.display import QueueDisplay
    from ui.queue.sound import CallAnnouncer
    from ui.queue.tickets_page import TicketsPage
    from ui.queue.triage import TriageWindow

_NAMES = {
    "TriageWindow": "triage",
    "QueueDisplay": "display",
    "CallAnnouncer": "sound",
    "CallPanel": "call_panel",
    "TicketsPage": "tickets_page",
}
__all__ = [
    "CallAnnouncer",
    "CallPanel",
    "QueueDisplay",
    "TicketsPage",
    "TriageWindow",
]  # the names of _NAMES
__getattr__ = lazy_face(__name__, _NAMES)
