"""Forwarding to a real PostgreSQL site server: the outbox, the server's schema and roles,
idempotent delivery, the stations' order over their clocks, and conflicts."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from app.wiring import open_station
from db.recording.store import Database
from db.sync import outbox
from db.sync.forwarder import Forwarder
from station.core.records import Event, EventKind, Stamp
from station.core.settings import BarcodePattern
from station.queue.lanes import NORMAL_LANE
from sync_support import Station, assert_exactly_once, init_server, shift, tube_codes

pytestmark = pytest.mark.postgres


def _station(path: Path, table: str):  # type: ignore[no-untyped-def]
    return open_station(
        database_url=f"sqlite:///{path}",
        table=table,
        site_name="幸福里采样点",
        tube=BarcodePattern(prefix="AB"),
    )


def _scan(station, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    for line in lines:
        assert station.recording.scan(line).status.value == "saved", line


def test_every_event_of_the_three_logs_gets_a_position_in_its_own_transaction(
    tmp_path: Path, people
) -> None:
    station = _station(tmp_path / "s.sqlite3", "1")
    try:
        _scan(station, shift(people, tube_codes(1, 2), per_tube=3)[:4])
        station.queue.service.issue(NORMAL_LANE.code)  # a queue event too
        with station.database.unit_of_work() as work:  # recorded, then rolled back
            work.recording.record(
                Event(
                    EventKind.TUBE_OPENED,
                    Stamp("幸福里采样点", "1", "x", "r"),
                    tube="AB99999999",
                    data={"mode": 10},
                )
            )
    finally:
        station.close()
    with __import__("sqlite3").connect(tmp_path / "s.sqlite3") as c:
        logs = {
            s: {r[0] for r in c.execute(f"SELECT seq FROM {s}")}
            for s in ("events", "lab_events", "queue_events")
        }
        box = c.execute("SELECT source, source_seq, event_id, pos FROM outbox").fetchall()
        ids = {r[0] for r in c.execute("SELECT id FROM events")}
    assert logs["events"] and logs["queue_events"]
    for source, seqs in logs.items():
        assert {r[1] for r in box if r[0] == source} == seqs
    assert {r[2] for r in box if r[0] == "events"} == ids
    assert len({r[2] for r in box}) == len(box)  # the queue's positions got UUIDs of their own
    assert [r[3] for r in box] == sorted(r[3] for r in box)


def test_server_init_makes_partitions_and_least_privilege_roles(pg_cluster, tmp_path, people):
    admin, ingest_url = init_server(pg_cluster)
    again = subprocess.run(
        Station(tmp_path / "x", "1").command("server", "init", admin),
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert again.returncode == 0 and json.loads(again.stdout)["server_revisions"] == ["s003"]
    station = _station(tmp_path / "s.sqlite3", "1")
    try:
        _scan(station, shift(people, tube_codes(1, 1), per_tube=2))
        forwarder = Forwarder(station.database, ingest_url, "d1", "1")
        assert forwarder.forward_once().accepted == 5  # a tube, two people: 1 + 2 × 2
        forwarder.close()
    finally:
        station.close()
    dbname = admin.rsplit("/", 1)[1]
    with psycopg.connect(ingest_url.replace("+psycopg", "")) as c:
        for statement in (
            "UPDATE sync_events SET kind = 'x'",
            "DELETE FROM sync_events",
            "DELETE FROM tubes",
            "CREATE TABLE evil (x int)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(statement)
            c.rollback()
    with psycopg.connect(ingest_url.replace("+psycopg", "").replace("_ingest@", "_read@")) as c:
        assert c.execute("SELECT count(*) FROM sync_events").fetchone() == (5,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("INSERT INTO sync_claims VALUES ('d', 't', 'k', 's', 'e')")
    with pg_cluster.connect(dbname) as c:
        parts = c.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind IN ('r', 'p')"
        ).fetchall()
        where = c.execute("SELECT tableoid::regclass::text FROM sync_events").fetchall()
    # the district's partition and its day, and the defaults at the root and in the district
    assert len(parts) == 4 and sum("DEFAULT" in p[1] for p in parts) == 2
    assert {w[0] for w in where} == {p[0] for p in parts if "FROM" in p[1]}


def test_the_same_batch_twice_and_a_forwarder_dying_after_the_commit(
    pg_cluster, tmp_path, people
) -> None:
    admin, ingest_url = init_server(pg_cluster)
    station = _station(tmp_path / "s.sqlite3", "1")
    try:
        _scan(station, shift(people, tube_codes(1, 3), per_tube=10))
        database = station.database
        batch = outbox.pending(database, 1000)
        forwarder = Forwarder(database, ingest_url, "d1", "1", batch_size=15)
        first, second = forwarder.send(batch), forwarder.send(batch)
        assert {a["answer"] for a in first} == {"accepted"}
        assert {a["answer"] for a in second} == {"duplicate"}
        assert outbox.status(database).pending == len(batch)  # nothing marked yet

        def die(_answers):  # type: ignore[no-untyped-def]
            raise SystemExit("killed after the server's commit")

        for _ in range(2):  # restarted twice on the same batch
            dying = Forwarder(database, ingest_url, "d1", "1", batch_size=15, after_commit=die)
            with pytest.raises(SystemExit):
                dying.forward_once()
            dying.close()
        totals = forwarder.forward_once()
        assert totals.duplicate == len(batch) and totals.accepted == 0
        forwarder.close()
    finally:
        station.close()
    assert_exactly_once(pg_cluster, admin, [Station(tmp_path / "s.sqlite3", "1")])
    with pg_cluster.connect(admin.rsplit("/", 1)[1]) as c:
        assert c.execute("SELECT sum(count), count(*) FROM tubes").fetchone() == (30, 3)


def test_order_comes_from_each_stations_sequence_not_its_clock(pg_cluster, tmp_path) -> None:
    """Clocks six hours fast and six hours slow, and one stepping back mid-shift: the server
    applies each station's events in its sequence, so every person lands in the right tube."""
    admin, ingest_url = init_server(pg_cluster)
    paths = []
    for table, skew in (("1", timedelta(hours=6)), ("2", timedelta(hours=-6))):
        path = tmp_path / f"s{table}.sqlite3"
        paths.append(path)
        database = Database(f"sqlite:///{path}", "幸福里采样点")
        stamp = Stamp("幸福里采样点", table, "x", "2026-12-04")
        from datetime import UTC, datetime

        at = datetime(2026, 12, 4, 20, tzinfo=UTC) + skew
        tube = f"AB{int(table):08d}"
        with database.unit_of_work() as work:
            work.recording.record(
                Event(EventKind.TUBE_OPENED, stamp, tube=tube, data={"mode": 10}, at=at)
            )
            work.commit()
        for i in range(5):
            person = f"00000000-0000-4000-8000-{int(table):04d}{i:08d}"
            with database.unit_of_work() as work:
                # each scan's clock an hour earlier than the last: time runs backwards
                when = at - timedelta(hours=i + 1)
                work.recording.record(
                    Event(
                        EventKind.PERSON_REGISTERED,
                        stamp,
                        person_id=person,
                        data={"doc_type": "resident_id", "doc_number": f"{table}{i}", "new": True},
                        at=when,
                    )
                )
                work.recording.record(
                    Event(EventKind.PERSON_ADDED, stamp, tube=tube, person_id=person, at=when)
                )
                work.commit()
        forwarder = Forwarder(database, ingest_url, "d1", table, batch_size=4)
        forwarder.forward_once()
        forwarder.close()
        database.dispose()
    with pg_cluster.connect(admin.rsplit("/", 1)[1]) as c:
        tubes = dict(c.execute("SELECT barcode, count FROM tubes").fetchall())
        orders = c.execute(
            "SELECT station_id, array_agg(kind ORDER BY station_seq) FROM sync_events "
            "GROUP BY station_id"
        ).fetchall()
        days = c.execute("SELECT DISTINCT day FROM sync_events ORDER BY 1").fetchall()
    assert tubes == {"AB00000001": 5, "AB00000002": 5}
    for _, kinds in orders:
        assert kinds[0] == "tube_opened" and kinds[1:3] == ["person_registered", "person_added"]
    assert len(days) == 2  # the skewed clocks put events on two days: two partitions
    assert_exactly_once(pg_cluster, admin, [Station(p, "") for p in paths])


def test_while_backing_off_the_forwarder_still_reports_every_second() -> None:
    import threading
    import time

    ticks: list[float] = []
    started = time.monotonic()
    Forwarder._wait(threading.Event(), 2.5, lambda: ticks.append(time.monotonic() - started))
    assert len(ticks) == 3 and ticks[-1] < 2.5  # at 0, ~1 and ~2 s, not once after 30 s
    stop = threading.Event()
    stop.set()
    Forwarder._wait(stop, 30, lambda: None)  # stopped: returns at once
    assert time.monotonic() - started < 3.5


def test_an_event_the_projections_refuse_is_kept_listed_and_blocks_nothing(pg_cluster, tmp_path):
    """Two stations record a result for the same tube: the server's results table takes one;
    the other is stored, on the conflict list, and the events after it still apply."""
    from station.lab.records import LabEvent, LabEventKind

    admin, ingest_url = init_server(pg_cluster)
    answers = []
    for table in ("1", "2"):
        database = Database(f"sqlite:///{tmp_path / f's{table}.sqlite3'}", "幸福里采样点")
        stamp = Stamp("幸福里采样点", table, "x", "r1")
        with database.unit_of_work() as work:
            work.lab.record_lab(
                LabEvent(
                    LabEventKind.RESULT_RECORDED,
                    stamp,
                    tube="AB00000009",
                    data={"result": "negative"},
                )
            )
            work.recording.record(
                Event(EventKind.TUBE_OPENED, stamp, tube=f"AB0000010{table}", data={"mode": 10})
            )
            work.commit()
        forwarder = Forwarder(database, ingest_url, "d1", table)
        forwarder.forward_once()
        answers.append(outbox.status(database))
        forwarder.close()
        database.dispose()
    assert answers[0].conflicts == [] and answers[1].forwarded == 2
    assert [c["kind"] for c in answers[1].conflicts] == ["apply"]
    with pg_cluster.connect(admin.rsplit("/", 1)[1]) as c:
        assert c.execute("SELECT count(*) FROM tube_results").fetchone() == (1,)
        assert c.execute("SELECT count(*) FROM tubes").fetchone() == (2,)  # after it: applied
        listed = c.execute("SELECT kind, detail->>'error' FROM sync_conflicts").fetchall()
    assert listed[0][0] == "apply" and "duplicate key" in listed[0][1]
