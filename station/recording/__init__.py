"""Recording at a sampling table: one scan, or one correction, and what the table shows.

- `service`: RecordingService, the scan dispatch (one unit of work per scan) and tube scans;
- `people`: a person joins the open tube, and the questions about an identity;
- `corrections`: pooling mode, seal, undo, remove, move, reopen;
- `rules`: the table's rules as pure functions (room, fits, opening, used tubes);
- `view`: what the window shows (TableView, OpenTube) and how outcomes are worded.
"""

from station.core.scan import Outcome, ScanHandler, Status
from station.recording.service import RecordingService
from station.recording.view import MemberLine, OpenTube, TableView

__all__ = [
    "MemberLine",
    "OpenTube",
    "Outcome",
    "RecordingService",
    "ScanHandler",
    "Status",
    "TableView",
]
