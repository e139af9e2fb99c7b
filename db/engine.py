"""Engines for SQLite (durable pragmas, one writer connection) and PostgreSQL."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from db import cipher

# How long a unit of work waits for another connection's write lock before it gives up.
BUSY_TIMEOUT_MS = 10_000
# Between two tries for the write lock. SQLite's own busy handler sleeps longer and longer,
# 100 ms a try once a wait passes 0.3 s: a writer that lets go of the lock for less than
# that, as a roster import does between two batches, can be missed again and again.
LOCK_RETRY_S = 0.001

# SQLite's own: a commit that leaves the WAL this many pages long copies it back into the file.
WAL_AUTOCHECKPOINT = 1000
# How often the checkpoint thread of bulk_writes copies the WAL back.
CHECKPOINT_EVERY_S = 0.02

# Execution option of a Connection whose transaction only reads: on SQLite it then begins
# deferred (WAL: reading a snapshot, waiting for no writer and holding up none) instead of
# taking the write lock.
READ_ONLY = "nat_read_only"

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    # FULL: a committed scan survives a power cut; NORMAL could lose the last commits.
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def normalise_url(url: str) -> str:
    """`postgresql://` as people write it means psycopg 3 here."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    path = parsed.database or ""
    # An encrypted file (db.cipher.unlock first): SQLCipher's sqlite3 in place of Python's.
    options = {"module": cipher.module(path)} if cipher.is_encrypted(path) else {}
    engine = create_engine(url, pool_size=1, max_overflow=0, **options)
    key_pragma = cipher.key_pragma(path)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]  # DB-API
        # Let SQLAlchemy's begin event issue BEGIN IMMEDIATE: a unit of work takes the write
        # lock up front, so two processes never deadlock upgrading a read lock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if key_pragma:
            cipher.quiet(cursor)  # a wrong key is said once, by the station, not by SQLCipher
            cursor.execute(key_pragma)  # before anything reads the file
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]  # SQLAlchemy's event
        dbapi_connection = connection.connection.dbapi_connection
        info = connection.connection.info
        reading = bool(connection.get_execution_options().get(READ_ONLY))
        if info.get(READ_ONLY, False) != reading:
            # query_only: a write in a reading unit of work fails at once, loudly.
            dbapi_connection.execute(f"PRAGMA query_only={int(reading)}")
            info[READ_ONLY] = reading
        if reading:
            dbapi_connection.execute("BEGIN")  # deferred: a snapshot, no write lock
        else:
            begin_immediate(dbapi_connection)

    return engine


def begin_immediate(dbapi_connection: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, trying every LOCK_RETRY_S while another connection writes, for up
    to BUSY_TIMEOUT_MS; the connection's busy timeout still covers every other statement."""
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except (sqlite3.OperationalError, _operational(dbapi_connection)) as error:
                # The primary code: SQLITE_BUSY_RECOVERY and the like are waits too.
                busy = (error.sqlite_errorcode or 0) & 0xFF == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() > deadline:
                    raise
            time.sleep(LOCK_RETRY_S)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _operational(dbapi_connection: object) -> type[Exception]:
    """The OperationalError of the connection's own module (sqlite3, or sqlcipher3's)."""
    return getattr(sys.modules[type(dbapi_connection).__module__], "OperationalError", Exception)


@contextmanager
def bulk_writes(engine: Engine) -> Iterator[None]:
    """For a long run of large write transactions on SQLite (a roster import): the WAL is
    copied back into the database file by a thread with a connection of its own, while the
    writer goes on, instead of by each of the writer's commits.

    The copying (a PASSIVE checkpoint: it waits for no reader or writer) then runs on another
    core; the writer's commits only append to the WAL. The engine's connection gets SQLite's
    automatic checkpoints back afterwards. Nothing changes on PostgreSQL.
    """
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(
        target=_checkpoint_until, args=(path, stop), daemon=True, name="wal-checkpoints"
    )
    thread.start()
    try:
        _on_pooled(engine, "PRAGMA wal_autocheckpoint=0")
        yield
    finally:
        stop.set()
        thread.join()
        _on_pooled(engine, f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")


def _on_pooled(engine: Engine, pragma: str) -> None:
    """A pragma on the engine's pooled connection (the one every unit of work uses), outside
    any transaction: it takes no lock."""
    with engine.connect() as connection:
        connection.connection.dbapi_connection.execute(pragma)  # type: ignore[union-attr]  # open


def _checkpoint_until(path: str, stop: threading.Event) -> None:
    connection = cipher.connect(path, BUSY_TIMEOUT_MS / 1000)
    errors = (sqlite3.OperationalError, _operational(connection))
    try:
        while True:
            last = stop.wait(CHECKPOINT_EVERY_S)
            # Busy: another checkpoint is running, and this one is not needed.
            with suppress(*errors):
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            if last:
                return
    finally:
        connection.close()
