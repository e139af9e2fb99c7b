"""The recording core on a real database: a whole shift through RecordingService and SqlStore,
on a SQLite file and on PostgreSQL, with the projection checked against the event log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from db.recording.models import EventRow, PersonRow
from db.recording.store import Database
from db.site import SqlSiteWork
from station.core.errors import OperatorError
from station.core.identity import DocType
from station.core.records import Event, EventKind, Stamp, TubeStatus
from station.core.settings import Settings
from station.recording import Outcome, RecordingService, Status

SITE = "幸福里社区核酸采样点"
ROUND = "第3轮"
T1, T2, T3, T4, T5, T6 = (f"20221001{n:02d}" for n in range(1, 7))


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    database = Database(db_url, SITE)
    yield database
    database.dispose()


def station(database: Database, table: str = "3", mode: int = 5) -> RecordingService:
    settings = Settings(
        site_name=SITE, table=table, recorder="王五", default_mode=mode, round=ROUND
    )
    return RecordingService(database.unit_of_work, settings)


def event_count(database: Database) -> int:
    with database.transaction() as connection:
        return connection.execute(select(func.count()).select_from(EventRow.__table__)).scalar_one()


def event_log(database: Database) -> list[tuple[object, ...]]:
    events = EventRow.__table__
    with database.transaction() as connection:
        rows = connection.execute(select(events).order_by(events.c.seq)).all()
    return [tuple(r) for r in rows]


def person_id(database: Database, number: str) -> str:
    with database.unit_of_work() as work:
        person = work.recording.person_by_document(DocType.RESIDENT_ID, number)
    assert person is not None
    return person.id


def saved(outcome: Outcome, code: str, tube: str | None, count: int, sealed: bool = False) -> None:
    assert (outcome.status, outcome.code) == (Status.SAVED, code), outcome.message
    assert (outcome.tube, outcome.count, outcome.sealed) == (tube, count, sealed)


def test_a_full_shift_keeps_projection_and_events_in_step(
    database: Database,
    db_url: str,
    check_projection: Callable,
    people,  # type: ignore[no-untyped-def]
) -> None:
    svc = station(database)
    log: list[tuple[object, ...]] = []

    def check():  # type: ignore[no-untyped-def]
        """Projection as the events say, read by a new Database; the log only ever grows."""
        projection = check_projection(db_url, SITE)
        now = event_log(database)
        assert now[: len(log)] == log, "an event was changed or deleted"
        log[:] = now
        return projection

    saved(svc.scan(T1), "tube_opened", T1, 0)
    assert check().tubes[T1] == (5, "open", 0, "3", False, False)
    first_five = [people.resident_id() for _ in range(5)]
    for n, number in enumerate(first_five, start=1):
        outcome = svc.scan(number)
        if n < 5:
            saved(outcome, "person_added", T1, n)
        else:  # the fifth fills a 5:1 tube: it seals itself
            saved(outcome, "tube_full", T1, 5, sealed=True)
        assert check().tubes[T1] == (5, "sealed" if n == 5 else "open", n, "3", False, n == 5)
    assert svc.view().tube is None

    saved(svc.scan(T2), "tube_opened", T2, 0)
    rare, uyghur = people.resident_id(), people.resident_id()
    saved(svc.scan(people.code("王𠇔", "13812345678", rare)), "person_added", T2, 1)
    saved(svc.scan(people.code("买买提·艾力", "", uyghur)), "person_added", T2, 2)
    check()

    # Re-test the same day: a warning that writes nothing, then a confirming second scan.
    before = event_count(database)
    retest = svc.scan(first_five[0])
    assert (retest.status, retest.code) == (Status.WARNING, "retest_confirm")
    assert event_count(database) == before
    saved(svc.scan(first_five[0]), "person_added", T2, 3)
    p1 = person_id(database, first_five[0])
    projection = check()
    assert sorted(t for t, p, gone in projection.members.values() if p == p1 and not gone) == [
        T1,
        T2,
    ]

    # A passport holder must go single: refused, then the next new tube is their single tube
    # and T2 comes back as the current tube.
    before = event_count(database)
    passport = people.code("John Smith", "", "E12345678", doc_type="passport")
    refused = svc.scan(passport)
    assert (refused.status, refused.code) == (Status.ERROR, "single_required")
    assert event_count(database) == before
    single = svc.scan(T3)
    saved(single, "tube_full", T3, 1, sealed=True)
    assert single.capacity == 1
    view = svc.view()
    assert view.tube is not None and (view.tube.barcode, view.tube.count) == (T2, 3)
    assert check().tubes[T3] == (1, "sealed", 1, "3", False, True)

    # Undo takes back the last person of the current tube (the re-test).
    saved(svc.scan("NATCMD:UNDO"), "person_removed", T2, 2)
    projection = check()
    assert [t for t, p, gone in projection.members.values() if p == p1 and not gone] == [T1]

    # Remove by scan: arm, then the person.
    armed = svc.scan("NATCMD:REMOVE")
    assert (armed.status, armed.code) == (Status.WARNING, "remove_armed")
    removed = svc.scan(people.code("王𠇔", "13812345678", rare))
    assert (removed.status, removed.code, removed.count) == (Status.SAVED, "person_removed", 1)
    assert removed.person == "王*"
    before = event_count(database)
    with pytest.raises(OperatorError):
        svc.remove(person_id(database, uyghur), "  ")  # a removal needs its reason
    assert event_count(database) == before
    check()

    # Move: a person goes from this table's tube to a tube open at table 4.
    saved(svc.scan(people.resident_id()), "person_added", T2, 2)
    other_table = station(database, table="4")
    saved(other_table.scan(T4), "tube_opened", T4, 0)
    saved(svc.move(person_id(database, uyghur), T4, "扫错管"), "person_moved", T4, 1)
    projection = check()
    assert projection.tubes[T2][2] == 1 and projection.tubes[T4] == (
        5,
        "open",
        1,
        "4",
        False,
        False,
    )

    # Reopen a sealed tube (arm, scan, confirm): it becomes current until sealed again.
    assert svc.scan("NATCMD:REOPEN").code == "reopen_armed"
    assert svc.scan(T1).code == "reopen_confirm"
    saved(svc.scan(T1), "reopened", T1, 5)
    assert check().tubes[T1] == (5, "open", 5, "3", False, False)
    assert svc.view().tube.barcode == T1  # type: ignore[union-attr]
    resealed = svc.scan("NATCMD:SEAL")
    saved(resealed, "sealed", T1, 5, sealed=True)
    assert T2 in resealed.message
    assert svc.view().tube.barcode == T2  # type: ignore[union-attr]

    saved(svc.scan("NATCMD:SEAL"), "sealed", T2, 1, sealed=True)
    assert check().tubes[T2] == (5, "sealed", 1, "3", True, True)

    # An empty tube is given up by the next tube scan, the next one by undo.
    saved(svc.scan(T5), "tube_opened", T5, 0)
    opened = svc.scan(T6)
    saved(opened, "tube_opened", T6, 0)
    assert T5 in opened.message
    assert svc.scan("NATCMD:UNDO").code == "tube_voided"
    projection = check()
    assert projection.tubes[T5][1] == projection.tubes[T6][1] == "voided"

    totals = svc.view().totals
    live = [t for t in projection.tubes.values() if t[1] != "voided"]
    assert totals.people == sum(t[2] for t in live) == 5 + 1 + 1 + 1
    assert (totals.tubes_open, totals.tubes_sealed) == (1, 3)
    assert totals.people_by_mode == {5: 7, 1: 1}
    assert totals.tubes_by_mode == {5: 3, 1: 1}


def test_rare_and_dotted_names_come_back_exactly(
    database: Database,
    db_url: str,
    check_projection: Callable,
    people,  # type: ignore[no-untyped-def]
) -> None:
    names = ["𠇔", "王𠇔𠀾", "买买提·艾力", "欧阳娜娜"]
    svc = station(database, mode=10)
    svc.scan(T1)
    numbers = [people.resident_id() for _ in names]
    for n, (name, number) in enumerate(zip(names, numbers, strict=True), start=1):
        saved(svc.scan(people.code(name, "", number)), "person_added", T1, n)

    check_projection(db_url, SITE)
    again = Database(db_url, SITE)  # a fresh engine: nothing comes from a cache
    try:
        with again.unit_of_work() as work:
            stored = [work.recording.person_by_document(DocType.RESIDENT_ID, n) for n in numbers]
            assert [p.name for p in stored if p] == names
            assert [m.name for m in work.recording.members(T1)] == names
        with again.transaction() as connection:
            raw = connection.execute(select(PersonRow.__table__.c.name)).scalars().all()
        assert sorted(raw) == sorted(names)
        assert "𠇔" in raw and len("𠇔") == 1  # one code point, not a surrogate pair
    finally:
        again.dispose()
    assert [m.name for m in svc.view().members] == ["*", "王*𠀾", "买*·艾力", "欧**娜"]


def test_refused_scans_write_nothing(database: Database, people) -> None:  # type: ignore[no-untyped-def]
    svc = station(database)
    number = people.resident_id()
    wrong_check = number[:17] + ("1" if number[17] != "1" else "2")

    def refused(service: RecordingService, text: str, code: str) -> None:
        before = event_count(database)
        outcome = service.scan(text)
        assert (outcome.status, outcome.code) == (Status.ERROR, code), text
        assert event_count(database) == before

    for text, code in [
        ("NATCMD:SEAL", "no_open_tube"),
        (number, "tube_expected"),
        ("NATCMD:UNDO", "nothing_to_undo"),
        ("12345", "unknown_scan"),
        ("12345678901", "bad_tube_pattern"),
        ("BX12345678", "box_at_table"),
        (wrong_check, "id.check_char"),
    ]:
        refused(svc, text, code)
    saved(svc.scan(T1), "tube_opened", T1, 0)
    refused(svc, "NATCMD:SEAL", "seal_empty")
    saved(svc.scan(number), "person_added", T1, 1)
    for text, code in [
        (number, "duplicate_in_tube"),
        (T1, "tube_already_open"),
        (T2, "tube_not_full"),
        ("NATCMD:MODE:7", "bad_command"),
    ]:
        refused(svc, text, code)
    other_table = station(database, table="9")
    for text, code in [
        (number, "tube_expected"),
        ("NATCMD:SEAL", "no_open_tube"),
        (T1, "tube_used"),
    ]:
        refused(other_table, text, code)


class _CommitFails:
    """A unit of work whose COMMIT never happens, as if the power went between the writes
    and it."""

    def __init__(self, work: SqlSiteWork) -> None:
        self.work = work

    def __getattr__(self, name: str) -> object:
        return getattr(self.work, name)

    def commit(self) -> None:
        raise ConnectionError("power cut before COMMIT")


def test_a_unit_of_work_that_fails_leaves_nothing(
    database: Database,
    db_url: str,
    check_projection: Callable,
    people,  # type: ignore[no-untyped-def]
) -> None:
    stamp = Stamp(SITE, "3", "王五", ROUND)
    with pytest.raises(RuntimeError), database.unit_of_work() as work:
        work.recording.record(Event(EventKind.TUBE_OPENED, stamp, tube=T1, data={"mode": 10}))
        assert work.recording.tube(T1) is not None  # visible inside the unit of work...
        raise RuntimeError("scanner unplugged")
    with database.unit_of_work() as work:
        assert work.recording.tube(T1) is None  # ...and gone after it
    assert event_count(database) == 0

    svc = station(database)
    saved(svc.scan(T1), "tube_opened", T1, 0)
    before = event_count(database)

    @contextmanager
    def failing(read_only: bool = False) -> Iterator[_CommitFails]:
        with database.unit_of_work(read_only=read_only) as work:
            yield _CommitFails(work)

    broken = RecordingService(failing, svc.settings)
    number = people.resident_id()
    with pytest.raises(ConnectionError):
        broken.scan(people.code("张三", "13812345678", number))  # registers, adds: 2 events
    assert event_count(database) == before
    with database.unit_of_work() as work:
        assert work.recording.person_by_document(DocType.RESIDENT_ID, number) is None
        tube = work.recording.tube(T1)
        assert tube is not None and (tube.status, tube.count) == (TubeStatus.OPEN, 0)
    check_projection(db_url, SITE)


def test_sqlite_pragmas_in_force_on_the_app_connection(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'station.sqlite3'}", SITE)
    try:
        with database.unit_of_work() as work:
            pragma = lambda name: work.connection.exec_driver_sql(  # noqa: E731
                f"PRAGMA {name}"
            ).scalar()
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") >= 5000
        assert (tmp_path / "station.sqlite3-wal").exists()
    finally:
        database.dispose()


def test_a_reading_unit_of_work_reads_and_cannot_write(database: Database) -> None:
    """On both databases: what a read-only unit of work sees, and that it writes nothing."""
    table = station(database)
    saved(table.scan("2022100101"), "tube_opened", "2022100101", 0)
    with database.transaction(read_only=True) as connection:
        assert connection.execute(select(func.count()).select_from(EventRow)).scalar() == 1
        with pytest.raises(DBAPIError, match=r"(?i)read.?only"):
            connection.execute(EventRow.__table__.delete())
    assert event_count(database) == 1
    # The pooled connection writes again in the next unit of work.
    saved(table.scan("2022100102"), "tube_opened", "2022100102", 0)
    assert event_count(database) == 3
