"""On SQLite a unit of work waiting for the write lock gets it in a short gap between writes."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import db.engine
from db.recording.store import Database

SITE = "幸福里社区核酸采样点"


def hold_lock(path: Path, holds: list[float], gap_s: float, started: threading.Event) -> None:
    """Another process's writer: the lock held for each of `holds`, free `gap_s` between."""
    other = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        for index, hold in enumerate(holds):
            other.execute("BEGIN IMMEDIATE")
            if index == 0:
                started.set()
            time.sleep(hold)
            other.execute("COMMIT")
            time.sleep(gap_s)
    finally:
        other.close()


def test_a_waiting_unit_of_work_takes_a_few_millisecond_gap(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'station.sqlite3'}", SITE)
    path = tmp_path / "station.sqlite3"
    try:
        started = threading.Event()
        # 0.6 s held, then free for 3 ms, then held again for 2 s. SQLite's own busy handler
        # would sleep 100 ms at a time by then and most likely wait the whole 2 s more.
        writer = threading.Thread(target=hold_lock, args=(path, [0.6, 2.0], 0.003, started))
        writer.start()
        assert started.wait(5)
        began = time.perf_counter()
        with database.transaction() as connection:
            waited = time.perf_counter() - began
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        writer.join()
        assert 0.5 < waited < 1.2, waited
    finally:
        database.dispose()


def test_the_wait_still_ends_with_database_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db.engine, "BUSY_TIMEOUT_MS", 300)
    database = Database(f"sqlite:///{tmp_path / 'station.sqlite3'}", SITE)
    path = tmp_path / "station.sqlite3"
    try:
        started = threading.Event()
        writer = threading.Thread(target=hold_lock, args=(path, [1.5], 0.0, started))
        writer.start()
        assert started.wait(5)
        began = time.perf_counter()
        with pytest.raises(Exception, match="database is locked"), database.transaction():
            pass
        waited = time.perf_counter() - began
        writer.join()
        assert 0.25 < waited < 1.0, waited
        # The connection is usable again, with its usual busy timeout.
        with database.transaction() as connection:
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 300
    finally:
        database.dispose()


def test_a_reading_unit_of_work_waits_for_no_writer_and_cannot_write(tmp_path: Path) -> None:
    """The queue display's board in another process while a table holds the write lock."""
    path = tmp_path / "station.sqlite3"
    database = Database(f"sqlite:///{path}", SITE)
    try:
        with database.transaction() as connection:
            connection.execute(text("CREATE TABLE probe (n INTEGER)"))
            connection.execute(text("INSERT INTO probe VALUES (1)"))
            connection.commit()
        started = threading.Event()
        writer = threading.Thread(target=hold_lock, args=(path, [1.5], 0.0, started))
        writer.start()
        assert started.wait(5)
        began = time.perf_counter()
        with database.transaction(read_only=True) as connection:
            assert connection.execute(text("SELECT n FROM probe")).scalar() == 1
            with pytest.raises(OperationalError, match="readonly"):
                connection.execute(text("UPDATE probe SET n = 2"))
        read_s = time.perf_counter() - began
        assert read_s < 0.5, read_s  # the writer still holds the lock for about a second
        assert writer.is_alive()
        # The same pooled connection writes again in the next unit of work, after the lock.
        with database.transaction() as connection:
            connection.execute(text("UPDATE probe SET n = 3"))
            connection.commit()
        writer.join()
        with database.transaction(read_only=True) as connection:
            assert connection.execute(text("SELECT n FROM probe")).scalar() == 3
    finally:
        database.dispose()
