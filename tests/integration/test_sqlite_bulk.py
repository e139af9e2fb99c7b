"""Bulk writes on SQLite: the WAL is copied back into the file by a thread, not by commits."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text

from db.store import Database

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


def test_bulk_writes_leave_the_copying_to_a_thread_and_restore_the_commits_own(
    tmp_path: Path,
) -> None:
    path = tmp_path / "station.sqlite3"
    database = Database(f"sqlite:///{path}", SITE)
    try:
        assert autocheckpoint(database) == 1000
        before = path.stat().st_size
        with database.bulk_writes():
            assert autocheckpoint(database) == 0  # the commits only append to the WAL
            write_megabytes(database, 8)
            deadline = time.monotonic() + 5
            while path.stat().st_size < before + 6_000_000 and time.monotonic() < deadline:
                time.sleep(0.05)
            # The pages reached the database file: the thread copied them back.
            assert path.stat().st_size >= before + 6_000_000
        assert autocheckpoint(database) == 1000
        with database.transaction() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("SELECT count(*) FROM filler")).scalar() == 8000
    finally:
        database.dispose()


def test_without_bulk_writes_the_wal_holds_the_pages_until_a_commit_copies_them(
    tmp_path: Path,
) -> None:
    # The control for the test above: with automatic checkpoints off and no thread, the
    # database file does not grow, so the growth there is the thread's doing.
    path = tmp_path / "station.sqlite3"
    database = Database(f"sqlite:///{path}", SITE)
    try:
        before = path.stat().st_size
        with database.transaction() as connection:
            connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                "PRAGMA wal_autocheckpoint=0"
            )
        write_megabytes(database, 8)
        time.sleep(0.2)
        assert path.stat().st_size < before + 1_000_000
    finally:
        database.dispose()
