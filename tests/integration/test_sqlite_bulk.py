"""Bulk writes on SQLite: the WAL is copied back into the file by a thread, not by commits."""

from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path

from sqlalchemy import text

from db.recording.store import Database

SITE = "幸福里社区核酸采样点"


def autocheckpoint(database: Database) -> int:
    with database.transaction() as connection:
        return int(connection.execute(text("PRAGMA wal_autocheckpoint")).scalar_one())


def write_megabytes(database: Database, megabytes: int) -> None:
    for _ in range(megabytes):
        with database.transaction() as connection:
            connection.execute(text("CREATE TABLE IF NOT EXISTS filler (x BLOB)"))
            connection.execute(
                text(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
                    " INSERT INTO filler SELECT randomblob(1000) FROM n"
                )
            )
            connection.commit()


def database_file_growth(path: Path, bulk: bool) -> int:
    """Bytes the database file grows by while 8 MB are committed with automatic checkpoints
    off: in bulk_writes, or (the control) with them switched off by hand and no thread."""
    database = Database(f"sqlite:///{path}", SITE)
    try:
        assert autocheckpoint(database) == 1000
        before = path.stat().st_size
        with database.bulk_writes() if bulk else nullcontext():
            if not bulk:
                with database.transaction() as connection:
                    connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                        "PRAGMA wal_autocheckpoint=0"
                    )
            assert autocheckpoint(database) == 0  # the commits only append to the WAL
            write_megabytes(database, 8)
            deadline = time.monotonic() + (5 if bulk else 0.3)
            while path.stat().st_size < before + 6_000_000 and time.monotonic() < deadline:
                time.sleep(0.05)
            grown = path.stat().st_size - before
        if bulk:
            assert autocheckpoint(database) == 1000  # the commits' own checkpoints are back
        with database.transaction() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("SELECT count(*) FROM filler")).scalar() == 8000
        return grown
    finally:
        database.dispose()


def test_bulk_writes_leave_the_copying_to_a_thread_and_restore_the_commits_own(
    tmp_path: Path,
) -> None:
    # The pages reach the database file while the writes go on: the thread copied them back.
    assert database_file_growth(tmp_path / "bulk.sqlite3", bulk=True) >= 6_000_000
    # The control: without the thread the file does not grow, the WAL holds the pages.
    assert database_file_growth(tmp_path / "control.sqlite3", bulk=False) < 1_000_000
