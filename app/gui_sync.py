"""The recorder window's forwarder: a background thread when a site server is set, and its
word in the status bar (docs/sync.md). Nothing here runs without `server_url`."""

from __future__ import annotations

import threading
from typing import Any

from app.wiring import Station
from station.core.settings import default_database_url


class SyncLink:
    """The forwarder thread of a window, and its last status for the status bar."""

    def __init__(self, station: Station) -> None:
        from db.sync.forwarder import start_background  # SQLAlchemy is loaded already

        settings = station.settings
        self._lock = threading.Lock()
        self._state: dict[str, Any] | None = None
        self.thread, self.stop = start_background(
            settings.database_url or default_database_url(),
            settings.site_name,
            settings.server_url,
            settings.district,
            settings.table,
            self._publish,
        )

    def _publish(self, state: dict[str, Any]) -> None:
        with self._lock:
            self._state = state

    def state(self) -> dict[str, Any] | None:
        with self._lock:
            return self._state

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)


def mount_sync(window, station: Station) -> SyncLink | None:  # type: ignore[no-untyped-def]  # RecorderWindow
    """Start forwarding and show its status, if the station has a site server."""
    if not station.settings.server_url:
        return None
    link = SyncLink(station)
    from ui.sync_status import SyncStatusLabel  # only with a server to forward to

    window.statusBar().addPermanentWidget(SyncStatusLabel(link.state))
    return link
