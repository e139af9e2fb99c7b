"""The queue's use cases on a hand-written in-memory store (no database)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest

from station.core.errors import OperatorError
from station.queue.batches import BuildingBatch
from station.queue.config import QueueConfig
from station.queue.policy import QueueState, fifo_call
from station.queue.ports import Call
from station.queue.service import QueueService
from station.queue.tickets import FINISHED, Ticket, TicketState

DAY = "2026-11-22"


@dataclass
class Tables:
    tickets: dict[str, Ticket] = field(default_factory=dict)  # by number
    events: list[tuple[int, str, TicketState, datetime, str, bool]] = field(default_factory=list)
    state: QueueState = field(default_factory=QueueState)
    counters: dict[str, int] = field(default_factory=dict)
    batches: list[BuildingBatch] = field(default_factory=list)


@dataclass
class FakeQueueStore:
    """The SQL store's behaviour on dicts; changes are kept only when committed."""

    db: Tables
    work: Tables = field(init=False)
    locked: bool = False

    def __post_init__(self) -> None:
        self.work = replace(
            self.db,
            tickets=dict(self.db.tickets),
            events=list(self.db.events),
            counters=dict(self.db.counters),
            batches=list(self.db.batches),
        )

    def lock(self, day: str) -> QueueState:
        self.locked = True
        return self.work.state

    def save_state(self, day: str, state: QueueState) -> None:
        assert self.locked, "the policy state changed without the queue lock"
        self.work.state = state

    def _waiting(self, now: datetime) -> list[Ticket]:
        return [t for t in self.work.tickets.values() if t.waiting and t.queued_at <= now]

    def heads(self, day: str, now: datetime) -> list[Ticket]:
        firsts: dict[str, Ticket] = {}
        for t in sorted(self._waiting(now), key=lambda t: (t.queued_at, t.number)):
            firsts.setdefault(t.lane, t)
        return list(firsts.values())

    def waiting(self, day: str, now: datetime) -> dict[str, int]:
        counts: dict[str, int] = {}
        for t in self._waiting(now):
            counts[t.lane] = counts.get(t.lane, 0) + 1
        return counts

    def settled_since(self, day: str, call: int) -> datetime | None:
        issued = [
            t.issued_at
            for t in self.work.tickets.values()
            if fifo_call(t.calls_at_issue, t.ahead) == call and not t.priority
        ]
        return min(issued, default=None)

    def normal_line(self, day: str, now: datetime, limit: int) -> list[tuple[datetime, int]]:
        line = sorted(
            (t for t in self._waiting(now) if not t.priority), key=lambda t: (t.queued_at, t.number)
        )
        return [(t.issued_at, fifo_call(t.calls_at_issue, t.ahead)) for t in line[:limit]]

    def next_sequence(self, day: str, lane: str) -> int:
        self.work.counters[lane] = self.work.counters.get(lane, 0) + 1
        return self.work.counters[lane]

    def _event(self, t: Ticket, at: datetime, recall: bool) -> None:
        self.work.events.append((len(self.work.events) + 1, t.number, t.state, at, t.table, recall))

    def add(self, ticket: Ticket) -> None:
        assert self.locked
        self.work.tickets[ticket.number] = ticket
        self._event(ticket, ticket.issued_at, False)

    def ticket(self, day: str, number: str) -> Ticket | None:
        return self.work.tickets.get(number)

    def tickets(self, day: str, finished: int) -> list[Ticket]:
        done = [t for t in self.work.tickets.values() if t.state in FINISHED]
        done.sort(key=lambda t: t.issued_at, reverse=True)
        in_play = [t for t in self.work.tickets.values() if t.state not in FINISHED]
        return in_play + done[:finished]

    def state_counts(self, day: str) -> dict[TicketState, int]:
        return dict(Counter(t.state for t in self.work.tickets.values()))

    def called_to(self, day: str, table: str) -> Ticket | None:
        return next(
            (
                t
                for t in self.work.tickets.values()
                if t.state is TicketState.CALLED and t.table == table
            ),
            None,
        )

    def change(self, before: Ticket, after: Ticket, at: datetime, recall: bool = False) -> None:
        assert self.locked and self.work.tickets[before.number].state is before.state
        self.work.tickets[after.number] = after
        self._event(after, at, recall)

    def recent_calls(self, day: str, limit: int) -> list[Call]:
        missed = {TicketState.SKIPPED, TicketState.DROPPED}
        calls = [
            Call(
                seq,
                n,
                table,
                at,
                recall,
                any(e[0] > seq and e[1] == n and e[2] in missed for e in self.work.events),
            )
            for seq, n, s, at, table, recall in self.work.events
            if s is TicketState.CALLED
        ]
        return calls[::-1][:limit]

    def call_times(self, day: str, since: datetime) -> list[tuple[datetime, str]]:
        return [
            (at, table)
            for _, _, s, at, table, recall in self.work.events
            if s is TicketState.CALLED and not recall and at >= since
        ]

    def issued_since(self, day: str, since: datetime) -> dict[str, int]:
        return dict(Counter(t.lane for t in self.work.tickets.values() if t.issued_at >= since))

    def history(self, ticket_id: str) -> list[tuple[TicketState, datetime, str]]:
        return []

    def batches(self) -> list[BuildingBatch]:
        return list(self.work.batches)

    def set_batches(self, batches: list[BuildingBatch]) -> None:
        self.work.batches = list(batches)

    def commit(self) -> None:
        self.db.tickets, self.db.events = self.work.tickets, self.work.events
        self.db.state, self.db.counters = self.work.state, self.work.counters
        self.db.batches = self.work.batches
        self.__post_init__()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 0, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=2)
        return self.now


@pytest.fixture
def site() -> tuple[QueueService, Tables, Clock]:
    tables, clock = Tables(), Clock()

    @contextmanager
    def unit() -> Iterator[FakeQueueStore]:
        yield FakeQueueStore(tables)

    return QueueService(unit, QueueConfig(), day=lambda: DAY, clock=clock), tables, clock


@pytest.mark.parametrize(
    ("cap", "order"),
    [
        # No cap (the default): A001 is within its one-minute allowance, priority goes first.
        (0, ["P001", "P002", "P003", "P004", "P005", "P006", "A001"]),
        # A site's cap of 4: four priority calls while A001 waits, then A001, then the rest.
        (4, ["P001", "P002", "P003", "P004", "A001", "P005", "P006"]),
    ],
)
def test_priority_goes_first_while_the_normal_line_is_within_its_allowance(  # type: ignore[no-untyped-def]
    site, cap, order
) -> None:
    service, tables, _ = site
    service.policy = QueueConfig(cap=cap).make_policy()
    service.issue("A")
    for _ in range(6):
        service.issue("P")
    assert [service.call_next(str(n)).number for n in range(7)] == order
    assert tables.state.calls == 7 and tables.state.streak == 0
    assert tables.state.call_interval == pytest.approx(2.0)  # the test clock ticks 2 s a call


def test_nothing_is_written_when_a_call_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    service, tables, _ = site
    service.issue("A")
    before = list(tables.events)
    with pytest.raises(OperatorError) as refused:
        service.recall("3")
    assert refused.value.code == "nothing_called" and tables.events == before
    with pytest.raises(OperatorError) as unknown:
        service.issue("Z")
    assert unknown.value.code == "unknown_lane" and tables.events == before


def test_the_guard_calls_a_normal_ticket_long_past_its_fifo_turn(site) -> None:  # type: ignore[no-untyped-def]
    service, tables, clock = site
    service.issue("A")
    service.issue("P")
    # FIFO would call A001 now; the policy calls P001, and A001's FIFO wait (4 s) is known.
    assert service.call_next("1").number == "P001"
    assert tables.state.worst_fifo_wait == pytest.approx(4.0)
    clock.now += timedelta(minutes=2)  # A001 has waited past the one-minute floor
    service.issue("P")
    service.issue("A")
    assert service.call_next("2").number == "A001"
    assert service.call_next("3").number == "P002"


def test_a_normal_ticket_is_not_called_ahead_while_fifo_would_make_it_wait_too(site) -> None:  # type: ignore[no-untyped-def]
    service, _, clock = site
    service.issue("A")
    service.call_next("1")  # A001: the day's worst FIFO wait so far is 2 s
    service.issue("A")
    clock.now += timedelta(minutes=2)
    service.issue("P")
    # A002 waited 2 minutes, but FIFO would only call it now: it has not been passed over,
    # and priority goes first (its wait then stays within 1.2 x what FIFO would give it).
    assert service.call_next("2").number == "P001"
    assert service.call_next("3").number == "A002"


@pytest.mark.parametrize(("lookahead", "first"), [(16, "A003"), (0, "P001")])
def test_the_guard_looks_along_the_normal_line_not_only_at_its_head(  # type: ignore[no-untyped-def]
    site, lookahead, first
) -> None:
    service, tables, clock = site
    service.policy = QueueConfig(lookahead=lookahead).make_policy()
    service.issue("A")
    service.issue("A")
    service.call_next("1")
    clock.now += timedelta(seconds=8)
    service.call_next("2")  # calls come about 10 s apart
    for _ in range(5):
        service.issue("A")
    clock.now += timedelta(seconds=30)
    service.issue("P")
    # Nobody has waited the one-minute floor yet (A003: 42 s), but five normal tickets issued
    # together need five calls of about 10 s: the last would be late if P001 went first.
    assert tables.state.call_interval == pytest.approx(10.0)
    assert service.call_next("3").number == first


def test_estimated_wait_and_status_come_from_the_lines(site) -> None:  # type: ignore[no-untyped-def]
    service, _, _ = site
    for _ in range(80):
        service.issue("A")
    issued = service.issue("P")
    # No calls yet: 20 s per person at one table; the priority ticket waits for nobody.
    assert issued.wait_min == 0
    board = service.board()
    assert {v.code: (v.waiting, round(v.wait_min)) for v in board.lanes} == {
        "A": (80, 27),
        "P": (1, 0),
    }
    assert board.status.label == "忙碌"


def test_the_board_warns_first_in_its_notices_when_the_normal_lane_will_jam(site) -> None:  # type: ignore[no-untyped-def]
    service, _, _ = site
    for _ in range(20):
        service.issue("A")
    calm = service.board()
    assert calm.warning is None and calm.notices == list(QueueConfig().notices)
    for _ in range(62):
        service.issue("A")
    # 82 waiting at 20 s (one table, no calls yet): 27.3 min now; 82 came in the last 15 min,
    # 5.5 a minute against 3 calls: 52 min in half an hour, 50 min in 27.6.
    board = service.board()
    assert board.warning is not None and board.warning.now_tables == 1
    assert board.notices[0] == board.warning.text
    assert board.notices[0].startswith("普通通道预计等待约 28 分钟后将超过 50 分钟（拥堵）")
    assert board.notices[1:] == list(QueueConfig().notices)


def test_the_site_lead_holds_releases_and_drops_by_number_or_slip(site) -> None:  # type: ignore[no-untyped-def]
    service, tables, _ = site
    first = service.issue("A").ticket
    service.issue("A")
    assert service.hold(" a1 ").state is TicketState.HELD  # typed loosely: A001
    assert service.call_next("2").number == "A002"  # a held ticket is not called
    assert service.release(first.barcode).state is TicketState.ISSUED
    assert service.find("Ａ００１").state is TicketState.ISSUED  # full-width, from an IME
    assert service.drop("A001").state is TicketState.DROPPED
    listed = service.tickets()
    assert [line.ticket.number for line in listed.lines] == ["A002", "A001"]
    assert listed.counts == {TicketState.CALLED: 1, TicketState.DROPPED: 1}
    assert [e[1:3] for e in tables.events[2:]] == [
        ("A001", TicketState.HELD),
        ("A002", TicketState.CALLED),
        ("A001", TicketState.ISSUED),
        ("A001", TicketState.DROPPED),
    ]


@pytest.mark.parametrize(
    ("action", "text", "code"),
    [
        ("release", "A001", "ticket_state"),  # not held
        ("drop", "A002", "ticket_state"),  # served: done for good
        ("hold", "A009", "no_ticket"),
        ("hold", "hello", "bad_ticket_number"),
        ("drop", "", "no_ticket_number"),
        ("hold", "NATQ:2026-11-21:A001", "ticket_other_day"),  # yesterday's slip
        ("call_number", "NATQ:2026-11-21:A001", "ticket_other_day"),
    ],
)
def test_a_refused_ticket_action_writes_nothing(site, action, text, code) -> None:  # type: ignore[no-untyped-def]
    service, tables, _ = site
    service.issue("A")
    service.issue("A")
    service.call_number("2", "A002")
    service.serve("2", DAY, "A002")
    before = (dict(tables.tickets), list(tables.events), tables.state)
    act = getattr(service, action)
    with pytest.raises(OperatorError) as refused:
        act("2", text) if action == "call_number" else act(text)
    assert refused.value.code == code and refused.value.message("zh")
    assert (tables.tickets, tables.events, tables.state) == before


def test_the_list_keeps_the_open_tickets_and_only_the_latest_finished(site) -> None:  # type: ignore[no-untyped-def]
    service, _, _ = site
    for _ in range(6):
        service.issue("A")
    for table in "123":
        ticket = service.call_next(table)
        service.serve(table, DAY, ticket.number)
    service.drop("A004")
    listed = service.tickets(finished=2)
    assert [line.ticket.number for line in listed.lines] == ["A005", "A006", "A003", "A004"]
    assert (listed.waiting, listed.finished_shown, listed.finished_left_out) == (2, 2, 2)
    assert listed.counts == {TicketState.ISSUED: 2, TicketState.SERVED: 3, TicketState.DROPPED: 1}
