"""The forwarder: pending outbox rows to the site server, in order, marked after its commit."""

from __future__ import annotations

import json
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from db.engine import normalise_url
from db.recording.store import Database
from db.sync import checkpoints, outbox
from db.sync.conflicts import conflicts_of
from db.sync.ingest import StationInfo, ensure_partitions, event_day, ingest
from db.training import refuse_forwarding

BATCH = 200
CONNECT_TIMEOUT_S = 5
# A batch whose answer has not come back by then is given up (its connection cut) and sent
# again later: a stalled network must not stall the forwarder for ever.
REPLY_TIMEOUT_S = 20.0
BACKOFF_FIRST_S, BACKOFF_MAX_S = 0.5, 30.0
IDLE_POLL_S = 0.5
STATUS_EVERY_S = 1.0
IDLE_MARK_S = 30.0


@dataclass
class Totals:
    batches: int = 0
    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    refused: int = 0  # named a training barcode (docs/training.md)
    checkpoints: int = 0  # signed audit checkpoints forwarded

    def add(self, answers: list[dict[str, Any]]) -> None:
        self.batches += 1
        for answer in answers:
            setattr(self, answer["answer"], getattr(self, answer["answer"]) + 1)


@dataclass
class Forwarder:
    database: Database
    server_url: str
    district: str
    table: str
    batch_size: int = BATCH
    reply_timeout: float = REPLY_TIMEOUT_S
    totals: Totals = field(default_factory=Totals)
    # After the server's commit, before the station marks the batch (fault tests hook here).
    after_commit: Callable[[list[dict[str, Any]]], None] | None = None

    def __post_init__(self) -> None:
        refuse_forwarding(self.database.engine)  # before anything is read or connected
        self.engine = create_engine(
            normalise_url(self.server_url),
            poolclass=NullPool,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S,
                "options": "-c idle_in_transaction_session_timeout=60000",
            },
        )
        self.station = StationInfo(
            outbox.station_id(self.database), self.district, self.database.site, self.table
        )
        self._partitions: set[tuple[str, object]] = set()
        self._conflicts_written: str | None = None
        self._idle_marked: float | None = None

    def forward_once(self) -> Totals:
        """Send everything pending now; raises if the server cannot be reached."""
        while True:
            batch = outbox.pending(self.database, self.batch_size)
            if not batch:
                self.forward_checkpoints()
                self.fetch_conflicts()
                self._idle_mark()
                return self.totals
            answers = self.send(batch)
            if self.after_commit:
                self.after_commit(answers)
            outbox.mark(self.database, answers, datetime.now(UTC))
            self._idle_marked = time.monotonic()
            self.totals.add(answers)

    def send(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        with self.engine.connect() as connection, _deadline(connection, self.reply_timeout):
            days = {event_day(i) for i in batch} - {d for _, d in self._partitions}
            if days:
                with connection.begin():
                    ensure_partitions(connection, self.district, days)
                self._partitions |= {(self.district, d) for d in days}
            with connection.begin():
                answers = ingest(connection, self.station, batch)
        return answers  # the server has committed

    def forward_checkpoints(self) -> int:
        """The signed audit checkpoints not yet on the server, after the events; how many."""
        points = checkpoints.pending(self.database)
        if not points:
            return 0
        with (
            self.engine.connect() as connection,
            _deadline(connection, self.reply_timeout),
            connection.begin(),
        ):
            checkpoints.store(connection, self.station, points)
        checkpoints.mark(self.database, points, datetime.now(UTC))  # the server has committed
        self.totals.checkpoints += len(points)
        return len(points)

    def fetch_conflicts(self) -> None:
        """The server's open conflicts this station is part of (either side), kept locally:
        the station that opened a tube first is told as well as the one that came second."""
        with self.engine.connect() as connection, _deadline(connection, self.reply_timeout):
            rows = conflicts_of(connection, self.station.station_id)
        value = json.dumps(rows, ensure_ascii=False)
        if value != self._conflicts_written:  # a write transaction only when it changed
            outbox.put_meta(self.database, "server_conflicts", value)
            self._conflicts_written = value

    def _idle_mark(self) -> None:
        """Nothing pending and the server reached: note the time, but while idle at most every
        IDLE_MARK_S, so that an idle forwarder does not take the station's write lock (and an
        fsync) twice a second."""
        now = time.monotonic()
        if self._idle_marked is None or now - self._idle_marked >= IDLE_MARK_S:
            outbox.mark(self.database, [], datetime.now(UTC))
            self._idle_marked = now

    def run(self, stop: threading.Event, on_change: Callable[[bool], None] | None = None) -> None:
        """Forward until `stop` is set, backing off while the server is out of reach;
        `on_change(online)` after every try."""
        backoff = BACKOFF_FIRST_S
        while not stop.is_set():
            try:
                self.forward_once()
            except Exception as error:  # any failure: note it, wait, retry
                self._idle_marked = None  # the next success clears the error at once
                with suppress(Exception):
                    outbox.note_error(self.database, _describe(error))
                wait, backoff = backoff * random.uniform(0.5, 1.0), min(backoff * 2, BACKOFF_MAX_S)
                online = False
            else:
                wait, backoff, online = IDLE_POLL_S, BACKOFF_FIRST_S, True
            self._wait(stop, wait, partial(on_change or _nothing, online))

    @staticmethod
    def _wait(stop: threading.Event, seconds: float, tick: Callable[[], None]) -> None:
        """Wait `seconds` (or until stopped), telling `tick` every second meanwhile: while
        the server is out of reach, the status bar still counts each new scan as waiting."""
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0:
            tick()
            if stop.wait(min(left, STATUS_EVERY_S)):
                return

    def close(self) -> None:
        self.engine.dispose()


def _nothing(_online: bool) -> None:
    pass


def _describe(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


@contextmanager
def _deadline(connection: Connection, seconds: float) -> Iterator[None]:
    """Cut the connection's socket if the server has not answered within `seconds`: the
    blocked read then fails at once instead of waiting for TCP to give up (hours)."""
    raw = connection.connection.dbapi_connection
    fd = raw.pgconn.socket  # type: ignore[union-attr]  # psycopg's, on PostgreSQL only

    def cut() -> None:
        with suppress(OSError):
            sock = socket.socket(fileno=os.dup(fd))
            sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    timer = threading.Timer(seconds, cut)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def start_background(
    database_url: str,
    site: str,
    server_url: str,
    district: str,
    table: str,
    publish: Callable[[dict[str, Any]], None] | None = None,
) -> tuple[threading.Thread, threading.Event]:
    """The forwarder on a thread of its own, with its own connection to the station's file;
    `publish(status)` gets the station's sync status (and whether the server answered) after
    every try."""
    stop = threading.Event()

    def main() -> None:
        database = Database(database_url, site)
        forwarder = Forwarder(database, server_url, district, table)

        def changed(online: bool) -> None:
            if publish:
                publish({**outbox.status(database).as_json(), "online": online})

        try:
            forwarder.run(stop, changed)
        finally:
            forwarder.close()
            database.dispose()

    thread = threading.Thread(target=main, name="forwarder", daemon=True)
    thread.start()
    return thread, stop
