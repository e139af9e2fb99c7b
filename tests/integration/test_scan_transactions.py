"""How many transactions, and how many SQLite write locks, one scan of each kind takes on a
wired station (the window's and `nat-station scan`'s path): one write transaction per scan,
whatever feature handles it, and no write lock for the screen's read-back (`view()`).

Counted at the SQLite connection itself (sqlite3's trace callback): every BEGIN the engine
issues, of those the BEGIN IMMEDIATE that takes the write lock, and the COMMITs.

Before the site unit of work (issue 12 §1), as (transactions, write locks, commits): tube
2/2/1, person 2/2/1, view() 1/1/0, CALL 1/1/1, ticket 3/2/2, household listed 2/2/0,
household of two added 4/4/2, box opened 1/1/1, tube packed 2/2/1, recalled person 1/1/0,
their re-test tube 2/2/2.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.wiring import Station
from db.queue.models import TicketRow
from db.queue.store import queue_unit_of_work
from db.recording.models import EventRow
from db.recording.store import Database
from lab_support import lab, station_on, tube
from roster_data import resident_id, row, write_csv
from station.core.classifier import Command, command_barcode
from station.core.codes import decode_person_code
from station.queue.service import QueueService
from station.roster.households import encode_household_code
from station.roster.ports import ResidentFilter


@dataclass
class Counts:
    statements: list[str] = field(default_factory=list)

    @property
    def transactions(self) -> int:
        return sum(s.startswith("BEGIN") for s in self.statements)

    @property
    def write_locks(self) -> int:
        return sum(s.startswith("BEGIN IMMEDIATE") for s in self.statements)

    @property
    def commits(self) -> int:
        return sum(s == "COMMIT" for s in self.statements)


@contextmanager
def counted(station: Station) -> Iterator[Counts]:
    """Every BEGIN, BEGIN IMMEDIATE and COMMIT on the station's connections: the one that
    writes and, on SQLite, the one units of work that only read use."""
    counts = Counts()

    def trace(statement: str) -> None:
        text = " ".join(statement.split()).upper()
        if text.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            counts.statements.append(text)

    connections = []
    for engine in (station.database.engine, station.database.reading_engine):
        with engine.connect() as connection:  # the pool's one connection
            dbapi = connection.connection.dbapi_connection
        assert dbapi is not None
        dbapi.set_trace_callback(trace)  # type: ignore[attr-defined]
        connections.append(dbapi)
    try:
        yield counts
    finally:
        for dbapi in connections:
            dbapi.set_trace_callback(None)  # type: ignore[attr-defined]


def once(station: Station, action: Callable[[], object]) -> tuple[int, int, int]:
    with counted(station) as counts:
        action()
    return counts.transactions, counts.write_locks, counts.commits


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    with station_on(f"sqlite:///{tmp_path / 'station.sqlite3'}", default_mode=10) as station:
        yield station


def events(station: Station) -> int:
    with station.database.transaction(read_only=True) as connection:
        return int(connection.execute(select(func.count()).select_from(EventRow)).scalar_one())


def test_one_write_transaction_per_scan_and_no_write_lock_to_read_back(
    station: Station, people, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    scan = station.recording.scan
    found: dict[str, tuple[int, int, int]] = {}
    found["tube"] = once(station, lambda: scan(tube(1)))
    found["person"] = once(station, lambda: scan(people.code(name="张三")))
    found["view"] = once(station, station.recording.view)
    # A ticket called to this table, then scanned there.
    queue = station.queue.service
    issued = queue.issue("A", decode_person_code(people.code(name="李四")))
    found["call"] = once(station, lambda: scan(command_barcode(Command.CALL)))
    found["ticket"] = once(station, lambda: scan(issued.ticket.barcode))
    # A household of two from the roster: listed by one scan, added by the next.
    rows = [row(1, name="周一", building="2栋"), row(2, name="冯二", building="2栋")]
    station.roster.importer.import_file(write_csv(tmp_path / "roster.csv", rows))
    with station.roster.uow() as store:
        room = store.residents(ResidentFilter(building="2栋"))[0].room_id
    found["household_list"] = once(station, lambda: scan(encode_household_code(room)))
    found["household_add"] = once(station, lambda: scan(encode_household_code(room)))
    for _ in range(6):
        scan(people.code())
    assert station.recording.view().tube is None  # 10 in: sealed
    # A box opened at the table, and the sealed tube packed into it.
    found["box_open"] = once(station, lambda: scan("BX00000001"))
    found["box_pack"] = once(station, lambda: scan(tube(1)))
    # A positive pool: a recalled person scanned, then their single re-test tube.
    results = tmp_path / "lab.csv"
    with results.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([("试管条码", "检测结果"), (tube(1), "阳性")])
    assert lab(station).results.import_file(results).recalls_opened == [tube(1)]
    found["recall_person"] = once(station, lambda: scan(resident_id(1)))
    found["recall_tube"] = once(station, lambda: scan(tube(2)))
    print("\n".join(f"{kind:15} {t} {w} {c}" for kind, (t, w, c) in found.items()))
    one_write = (1, 1, 1)
    assert found == {
        **{kind: one_write for kind in found if kind != "view"},
        "view": (1, 0, 0),  # a snapshot: waits for no writer, holds up none
    }


def test_a_dropped_ticket_writes_nothing_and_says_why(station: Station, people) -> None:  # type: ignore[no-untyped-def]
    scan, queue = station.recording.scan, station.queue.service
    assert scan(tube(1)).code == "tube_opened"
    issued = queue.issue("A", decode_person_code(people.code(name="王五")))
    assert scan(command_barcode(Command.CALL)).code == "called"
    # Meanwhile the site lead drops it at the desk: another process, its own connection.
    desk = Database(station.settings.database_url, station.settings.site_name)
    try:
        day = lambda: station.recording.stamp.round  # noqa: E731
        QueueService(queue_unit_of_work(desk), queue.config, day=day).drop(issued.ticket.number)
    finally:
        desk.dispose()
    before = events(station)
    refused = scan(issued.ticket.barcode)
    assert (refused.status.value, refused.code) == ("error", "ticket_dropped"), refused.message
    assert "作废" in refused.message
    assert events(station) == before
    assert station.recording.view().tube.count == 0
    with station.database.transaction(read_only=True) as connection:
        state = connection.execute(select(TicketRow.state)).scalar_one()
    assert state == "dropped"
