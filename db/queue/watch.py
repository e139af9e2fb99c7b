"""Cheap "did the line change?" checks for the display, from another process or machine.

SQLite: `PRAGMA data_version` on a connection of our own changes whenever another connection
commits, and costs microseconds, so the display can ask every 100 ms. PostgreSQL: LISTEN on
the channel every queue change NOTIFYs at commit (db.queue.store.NOTIFY_CHANNEL), or the one
every box, result and recall change NOTIFYs (db.lab.store.NOTIFY_CHANNEL) for the recall page.
"""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy.engine import make_url

from db.engine import normalise_url
from db.queue.store import NOTIFY_CHANNEL


class SqliteWatch:
    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self._version = self._read()

    def _read(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        version = self._read()
        changed, self._version = version != self._version, version
        return changed

    def close(self) -> None:
        self._connection.close()


class PgWatch:
    def __init__(self, url: str, channel: str = NOTIFY_CHANNEL) -> None:
        parsed = make_url(normalise_url(url))
        dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection = psycopg.connect(dsn, autocommit=True)
        self._connection.execute(f"LISTEN {channel}")

    def changed(self) -> bool:
        return any(True for _ in self._connection.notifies(timeout=0))

    def close(self) -> None:
        self._connection.close()


def watch(url: str, channel: str = NOTIFY_CHANNEL) -> SqliteWatch | PgWatch:
    """A watch on the database at `url`; on PostgreSQL, on the NOTIFY `channel`."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return SqliteWatch(parsed.database or ":memory:")
    return PgWatch(url, channel)
