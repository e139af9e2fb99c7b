"""The queue on a real database: tickets issued, called, skipped and served; racing tables."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db.queue.store import queue_unit_of_work
from db.recording.store import Database
from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.identity import parse_resident_id
from station.queue.batches import parse_schedule
from station.queue.config import QueueConfig
from station.queue.service import QueueService
from station.queue.tickets import TicketState

DAY = "2026-11-22"
SITE = "测试采样点"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 0, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def queue(db_url: str):  # type: ignore[no-untyped-def]
    database = Database(db_url, SITE)
    clock = Clock()
    service = QueueService(
        queue_unit_of_work(database), QueueConfig(), day=lambda: DAY, clock=clock
    )
    yield service, database, clock
    database.dispose()


def test_tickets_are_numbered_per_lane_and_called_by_the_policy(queue) -> None:  # type: ignore[no-untyped-def]
    service, database, _ = queue
    person = PersonCode(parse_resident_id("11010519491231002X"), "张三")
    numbers = [service.issue(lane).ticket.number for lane in "AAPAP"]
    assert numbers == ["A001", "A002", "P001", "A003", "P002"]
    first = service.issue("A", person, building="3栋")
    assert first.ticket.number == "A004" and first.wait_min > 0 and not first.outside_batch
    called = [service.call_next(str(table)) for table in (1, 2, 3)]
    # Priority first, both priority tickets, then the oldest normal one.
    assert [t.number for t in called] == ["P001", "P002", "A001"]
    assert service.called("2").number == "P002"
    with pytest.raises(OperatorError) as not_here:
        service.serve("1", DAY, "P002")
    assert not_here.value.code == "ticket_not_here"
    served = service.serve("2", DAY, "P002")
    assert served.state is TicketState.SERVED and served.served_at is not None
    again = service.recall("1")
    assert again.number == "P001"
    board = service.board()
    assert [(c.number, c.table, c.recall) for c in board.calls[:4]] == [
        ("P001", "1", True),
        ("A001", "3", False),
        ("P002", "2", False),
        ("P001", "1", False),
    ]
    assert {v.code: v.waiting for v in board.lanes} == {"A": 3, "P": 0}
    with database.transaction() as connection:
        from db.queue.store import SqlQueueStore

        store = SqlQueueStore(connection, SITE)
        ticket = store.ticket(DAY, "P002")
        history = [(state, table) for state, _, table in store.history(ticket.id)]
        stored = store.ticket(DAY, "A004")
    assert history == [
        (TicketState.ISSUED, ""),
        (TicketState.CALLED, "2"),
        (TicketState.SERVED, "2"),
    ]
    assert stored.person == person and stored.building == "3栋"


def test_the_policy_state_and_the_normal_line_are_kept(queue) -> None:  # type: ignore[no-untyped-def]
    from db.queue.store import SqlQueueStore

    service, database, clock = queue
    issued = [service.issue(lane).ticket for lane in "AAPAA"]
    service.call_next("1")  # P001
    clock.now += timedelta(seconds=9)
    service.call_next("2")  # A001, 10 s later: FIFO would have called it first
    with database.transaction() as connection:
        store = SqlQueueStore(connection, SITE)
        state = store.lock(DAY)
        line = store.normal_line(DAY, clock.now, 2)
        # Only normal tickets settle the FIFO wait the guard measures against.
        settled = [store.settled_since(DAY, call) for call in (1, 3)]
    assert state.calls == 2 and state.call_interval == pytest.approx(10.0)
    assert state.last_call_at == pytest.approx(clock.now.timestamp())
    assert state.worst_fifo_wait == pytest.approx(14.0)  # FIFO: A002 at the second call
    # A002 and A003, P001 left out; FIFO would call them at the 2nd and 4th calls.
    assert line == [(issued[1].issued_at, 2), (issued[3].issued_at, 4)]
    assert settled == [issued[0].issued_at, None]


def test_a_no_show_is_skipped_returns_later_and_is_dropped_at_last(queue) -> None:  # type: ignore[no-untyped-def]
    service, _, clock = queue
    service.issue("A")
    service.issue("A")
    assert service.call_next("1").number == "A001"
    skipped = service.skip("1")
    assert skipped.state is TicketState.SKIPPED
    # Calling next at the same table skips nobody now; A001 is not back yet.
    assert service.call_next("1").number == "A002"
    assert service.call_next("2") is None
    clock.now += timedelta(minutes=6)
    assert service.call_next("2").number == "A001"  # back in the line after 5 minutes
    # Calling next while A001 is still called at table 2: it did not come (second skip).
    assert service.call_next("2") is None
    clock.now += timedelta(minutes=6)
    assert service.call_next("2").number == "A001"
    service.skip("2")  # third time: dropped
    clock.now += timedelta(minutes=6)
    assert service.call_next("2") is None
    assert service.peek(DAY, "A001").state is TicketState.DROPPED
    # The board marks every call nobody answered (过号); A002's call at table 1 still stands.
    calls = [(c.number, c.table, c.missed) for c in service.board().calls]
    assert calls == [
        ("A001", "2", True),
        ("A001", "2", True),
        ("A002", "1", False),
        ("A001", "1", True),
    ]


def test_hold_release_and_call_a_number_out_of_turn(queue) -> None:  # type: ignore[no-untyped-def]
    service, _, _ = queue
    for _ in range(3):
        service.issue("A")
    service.hold("A001")
    assert service.call_number("4", "a003").number == "A003"
    assert service.call_next("5").number == "A002"  # A001 is held
    service.release("A001")
    assert service.call_next("5").number == "A001"
    with pytest.raises(OperatorError) as missing:
        service.call_number("4", "A999")
    assert missing.value.code == "no_ticket"


def test_building_batches_are_kept_and_shown(queue) -> None:  # type: ignore[no-untyped-def]
    service, _, clock = queue
    local = clock.now.astimezone()
    start = (local - timedelta(minutes=10)).strftime("%H:%M")
    end = (local + timedelta(minutes=30)).strftime("%H:%M")
    if end <= start:  # the test runs near local midnight: use a batch that has not begun
        start, end = "00:00", "00:01"
    service.set_schedule(parse_schedule(f"3栋,1-2单元,{start},{end}\n"))
    assert [b.building for b in service.schedule()] == ["3栋"]
    issued = service.issue("A", building="5栋")
    current = service.board().batches
    assert issued.outside_batch == bool(current)
    assert service.issue("A", building="3栋").outside_batch is (not current)


WORKER = textwrap.dedent(
    """
    import json, random, sys, time
    from pathlib import Path
    from db.queue.store import queue_unit_of_work
    from db.recording.store import Database
    from station.queue.config import QueueConfig
    from station.queue.service import QueueService

    url, site, day, tag, go = sys.argv[1:6]
    database = Database(url, site)
    service = QueueService(queue_unit_of_work(database), QueueConfig(), day=lambda: day)
    print("ready", flush=True)
    while not Path(go).exists():
        time.sleep(0.001)
    got, i = [], 0
    pause = random.Random(tag).random
    while True:
        time.sleep(pause() / 2000)  # up to half a millisecond: tables, not one tight loop
        ticket = service.call_next(f"{tag}{i % 7}")  # each table's earlier ticket is skipped
        i += 1
        if ticket is None:
            break
        got.append(ticket.number)
    print(json.dumps(got), flush=True)
    """
)


def test_two_racing_tables_never_get_the_same_ticket(db_url: str, tmp_path: Path) -> None:
    """Thousands of calls from two processes at once: every ticket is called exactly once."""
    tickets = 2000
    database = Database(db_url, SITE)
    service = QueueService(
        queue_unit_of_work(database), QueueConfig(skip_return_min=600), day=lambda: DAY
    )
    for i in range(tickets):
        service.issue("P" if i % 5 == 0 else "A")
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url, SITE, DAY, tag, str(go)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tag in ("x", "y")
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    go.touch()
    got = []
    for worker in workers:
        out, _ = worker.communicate(timeout=300)
        assert worker.returncode == 0
        got.append(json.loads(out))
    both = got[0] + got[1]
    assert got[0] and got[1]
    assert len(both) == len(set(both)) == tickets
    from sqlalchemy import func, select

    from db.queue.models import TicketEventRow, TicketRow

    with database.transaction() as connection:
        calls = connection.execute(
            select(TicketEventRow.ticket_id, func.count())
            .where(TicketEventRow.state == "called")
            .group_by(TicketEventRow.ticket_id)
        ).all()
        tables = (
            connection.execute(
                select(TicketEventRow.table_no)
                .where(TicketEventRow.state == "called")
                .order_by(TicketEventRow.seq)
            )
            .scalars()
            .all()
        )
        states = dict(
            connection.execute(
                select(TicketRow.state, func.count()).group_by(TicketRow.state)
            ).all()
        )
    database.dispose()
    assert len(calls) == tickets and {count for _, count in calls} == {1}
    # They really raced: the two processes' calls interleave in the log, again and again.
    switches = sum(1 for a, b in itertools.pairwise(tables) if a[0] != b[0])
    assert switches >= 20
    # Every ticket but the last one called at each of the 14 tables was skipped by the next
    # call there (the final, empty, call skips it too): none is lost, none waits.
    assert set(states) <= {"called", "skipped"} and states.get("called", 0) <= 14
    assert sum(states.values()) == tickets
