"""Queue policies on any arrival order: nobody lost or called twice, FIFO in a lane, bounds hold."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.queue.policy import (
    INTERVAL_WEIGHT,
    Bounded,
    Fifo,
    Head,
    InLine,
    Policy,
    QueueState,
    Snapshot,
    StrictPriority,
    after_call,
    counted,
    fifo_call,
    policy_named,
)

LANES = {"A": False, "B": False, "P": True, "Q": True}


@dataclass
class Line:
    """A site's line driven by a list of steps: a lane code joins, None is a call."""

    policy: Policy
    state: QueueState = field(default_factory=QueueState)
    waiting: dict[str, list[int]] = field(default_factory=lambda: {lane: [] for lane in LANES})
    called: list[tuple[int, str, bool]] = field(default_factory=list)  # ticket, lane, normal waited
    snapshots: list[Snapshot] = field(default_factory=list)
    issued: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    settles: dict[int, int] = field(default_factory=dict)  # call number -> normal ticket
    fifo_calls: dict[int, int] = field(default_factory=dict)  # ticket -> its FIFO call
    clock: int = 0  # one tick per step: tickets are numbered by the tick they joined at

    def join(self, lane: str) -> None:
        self.clock += 1
        ahead = sum(len(w) for w in self.waiting.values())
        normals = sum(len(w) for code, w in self.waiting.items() if not LANES[code])
        self.waiting[lane].append(self.clock)
        self.issued[self.clock] = (lane, self.state.calls, normals)
        self.fifo_calls[self.clock] = fifo_call(self.state.calls, ahead)
        if not LANES[lane]:
            self.settles.setdefault(self.fifo_calls[self.clock], self.clock)

    def call(self) -> None:
        self.clock += 1
        heads = [
            Head(lane, LANES[lane], float(line[0]), float(line[0]))
            for lane, line in self.waiting.items()
            if line
        ]
        normal_line = sorted(t for code, w in self.waiting.items() if not LANES[code] for t in w)
        line = [InLine(float(t), self.fifo_calls[t]) for t in normal_line[: self.policy.lookahead]]
        snapshot = Snapshot(float(self.clock), heads, self.state, line)
        chosen = self.policy.pick(snapshot)
        if chosen is None:
            assert not heads
            return
        assert chosen in heads
        ticket = self.waiting[chosen.lane].pop(0)
        normal_waited = any(not h.priority for h in heads)
        self.called.append((ticket, chosen.lane, normal_waited))
        self.snapshots.append(snapshot)
        settled = self.settles.pop(self.state.calls + 1, self.clock)
        self.state = after_call(self.state, snapshot, chosen, float(self.clock - settled))

    def run(self, steps: list[str | None]) -> Line:
        for step in steps:
            if step is None:
                self.call()
            else:
                self.join(step)
        while any(self.waiting.values()):
            self.call()
        return self


steps = st.lists(st.one_of(st.none(), st.sampled_from(sorted(LANES))), max_size=200)
bounded = st.builds(
    Bounded,
    stretch=st.floats(min_value=0.0, max_value=1.0),
    margin_calls=st.floats(min_value=0.0, max_value=4.0),
    floor_s=st.floats(min_value=0.0, max_value=30.0),
    lookahead=st.integers(min_value=0, max_value=40),
    cap=st.integers(min_value=0, max_value=6),
    max_wait_s=st.sampled_from([0.0, 5.0, 20.0]),
)
policies = st.one_of(st.just(Fifo()), st.just(StrictPriority()), bounded)


@settings(max_examples=120, deadline=None)
@given(policies, steps)
def test_every_ticket_is_called_exactly_once_and_in_order_within_its_lane(policy, plan):
    line = Line(policy).run(plan)
    tickets = [t for t, _, _ in line.called]
    assert sorted(tickets) == sorted(line.issued)  # nobody lost, nobody called twice
    for lane in LANES:
        in_lane = [t for t, code, _ in line.called if code == lane]
        assert in_lane == sorted(in_lane)


@settings(max_examples=120, deadline=None)
@given(steps)
def test_fifo_calls_in_order_of_arrival_across_lanes(plan):
    tickets = [t for t, _, _ in Line(Fifo()).run(plan).called]
    assert tickets == sorted(tickets)


@settings(max_examples=120, deadline=None)
@given(steps)
def test_strict_priority_never_calls_normal_while_priority_waits(plan):
    line = Line(StrictPriority()).run(plan)
    for (_, lane, _), snapshot in zip(line.called, line.snapshots, strict=True):
        if not LANES[lane]:
            assert not any(h.priority for h in snapshot.heads)


def allowance(policy: Bounded, snapshot: Snapshot, ticket: InLine) -> float:
    """The allowance as docs/queue.md states it, written out again to check the policy."""
    state, now, interval = snapshot.state, snapshot.now, snapshot.state.call_interval
    own = 0.0
    if ticket.fifo_call > state.calls:  # FIFO would still make it wait: forecast its wait
        own = now - ticket.issued_at + (ticket.fifo_call - state.calls) * interval
    allowed = max(
        (1 + policy.stretch) * max(state.worst_fifo_wait, own) - policy.margin_calls * interval,
        policy.floor_s,
    )
    return min(allowed, policy.max_wait_s) if policy.max_wait_s else allowed


@settings(max_examples=300, deadline=None)
@given(bounded, steps)
def test_bounded_guard_and_cap_hold_for_any_arrival_order(policy, plan):
    line = Line(policy).run(plan)
    run = 0
    for (_ticket, lane, normal_waited), snapshot in zip(line.called, line.snapshots, strict=True):
        state, now = snapshot.state, snapshot.now
        normal = min(
            (h for h in snapshot.heads if not h.priority), key=lambda h: h.queued_at, default=None
        )
        if normal is not None:
            older_priority = any(
                h.priority and h.queued_at < normal.queued_at for h in snapshot.heads
            )
            interval = state.call_interval
            # The guarantee: no priority call while a normal ticket has waited its allowance
            # (unless a priority ticket came before every normal one).
            waited = now - normal.issued_at
            head = InLine(normal.issued_at, line.fifo_calls[int(normal.issued_at)])
            if waited >= allowance(policy, snapshot, head) and not older_priority:
                assert not LANES[lane], "a normal ticket past its allowance was passed over"
            # The look along the line: nor while one of the first normal tickets would miss
            # its allowance if every call from now on went to the normal line.
            late = any(
                t.issued_at + allowance(policy, snapshot, t) <= now + (j + 1) * interval
                for j, t in enumerate(snapshot.normal_line)
            )
            if late and not older_priority:
                assert not LANES[lane], "a normal ticket that would be late was passed over"
        run = run + 1 if LANES[lane] and normal_waited else 0
        if policy.cap:
            assert run <= policy.cap, "more priority calls in a row than the cap"
    if policy.cap:
        # No starvation: a normal ticket is called within (cap + 1) calls per normal ticket
        # that was ahead of it, itself included, whatever the priority lanes bring.
        position = {ticket: i for i, (ticket, _, _) in enumerate(line.called)}
        for ticket, (lane, calls_at_issue, normals_ahead) in line.issued.items():
            if not LANES[lane]:
                calls_before = position[ticket] - calls_at_issue
                assert calls_before < (normals_ahead + 1) * (policy.cap + 1)


def test_the_call_interval_is_the_mean_gap_between_calls_from_the_second_call_on():
    state = counted(QueueState(), now=100.0, fifo_wait=0.0, streak=0)
    assert (state.calls, state.call_interval, state.last_call_at) == (1, 0.0, 100.0)
    for at in (104.0, 108.0, 112.0):
        state = counted(state, now=at, fifo_wait=0.0, streak=0)
    assert state.call_interval == pytest.approx(4.0)
    state = counted(state, now=112.0 + 24.0, fifo_wait=7.0, streak=2)
    assert 4.0 < state.call_interval < 24.0 and state.worst_fifo_wait == 7.0


def test_a_pause_counts_as_a_pause_but_slower_tables_are_followed():
    state = counted(QueueState(), now=0.0, fifo_wait=0.0, streak=0)
    at = 0.0
    for _ in range(30):
        at += 4.0
        state = counted(state, now=at, fifo_wait=0.0, streak=0)
    assert state.call_interval == pytest.approx(4.0)
    lunch = counted(state, now=at + 3600.0, fifo_wait=0.0, streak=0)
    # An hour's gap counts as ten intervals: one call's weight of 36 s more, not of 3596 s.
    assert 4.0 + INTERVAL_WEIGHT * 36.0 < lunch.call_interval < 4.0 + 2 * INTERVAL_WEIGHT * 36.0
    # Tables that really slow down (a gap of 12 s from now on) are followed within ~60 calls.
    at += 3600.0
    for _ in range(60):
        at += 12.0
        lunch = counted(lunch, now=at, fifo_wait=0.0, streak=0)
    assert 11.0 < lunch.call_interval <= 12.0


def test_a_day_begun_before_the_interval_was_kept_measures_from_its_next_call():
    """Days already under way when migration 0005q added last_call_at (0 there)."""
    upgraded = QueueState(calls=40, streak=1, worst_fifo_wait=30.0)
    state = counted(upgraded, now=1.8e9, fifo_wait=0.0, streak=0)
    assert (state.calls, state.call_interval, state.last_call_at) == (41, 0.0, 1.8e9)
    state = counted(state, now=1.8e9 + 6, fifo_wait=0.0, streak=0)
    assert state.call_interval == pytest.approx(6.0)


def test_bounded_serves_priority_first_when_no_guard_applies():
    heads = [Head("A", False, 1.0, 1.0), Head("P", True, 2.0, 2.0)]
    head = InLine(1.0, 1)  # FIFO would have called A001 at the first call
    snapshot = Snapshot(3.0, heads, QueueState(calls=1, worst_fifo_wait=5.0), [head])
    assert Bounded().pick(snapshot).lane == "P"
    assert Fifo().pick(snapshot).lane == "A"
    assert Bounded(cap=4).pick(replace(snapshot, state=QueueState(1, 4, 5.0))).lane == "A"
    # The allowance: 1.2 x the worst FIFO wait so far, less two call intervals of 0.5 s.
    busy = QueueState(6, 0, 5.0, call_interval=0.5)
    guard = Bounded(stretch=0.2, margin_calls=2, floor_s=0)
    assert guard.allowance(Snapshot(5.5, heads, busy), head) == pytest.approx(5.0)
    # The head needs one more call (0.5 s): due once it has waited 4.5 s.
    assert guard.pick(Snapshot(5.5, heads, busy, [head])).lane == "A"
    assert guard.pick(Snapshot(5.4, heads, busy, [head])).lane == "P"
    # Four normal tickets issued at 1.0 need four calls: due half a second sooner per ticket.
    four = [InLine(1.0, n) for n in range(1, 5)]
    assert guard.pick(Snapshot(4.0, heads, busy, four)).lane == "A"
    assert guard.pick(Snapshot(3.9, heads, busy, four)).lane == "P"
    assert replace(guard, lookahead=1).pick(Snapshot(4.0, heads, busy, four)).lane == "P"
    # A ticket FIFO would not call before the 10th call has its own FIFO wait counted:
    # at least its 3 s so far plus four more calls of 0.5 s.
    ahead = InLine(1.0, 10)
    assert guard.allowance(Snapshot(4.0, heads, busy), ahead) == pytest.approx(1.2 * 5.0 - 1)
    assert guard.allowance(Snapshot(9.0, heads, busy), ahead) == pytest.approx(1.2 * 10.0 - 1)
    # The floor, and the optional time guard: a site's maximum wait in seconds.
    assert Bounded(floor_s=90).pick(Snapshot(60.0, heads, busy, [head])).lane == "P"
    timed = Bounded(max_wait_s=60)
    late = QueueState(1, 0, 500.0)
    assert timed.pick(Snapshot(61.0, heads, late, [head])).lane == "A"
    assert timed.pick(Snapshot(60.9, heads, late, [head])).lane == "P"


def test_policies_are_found_by_name():
    assert policy_named("fifo").name == "fifo"
    assert policy_named("strict").name == "strict"
    with pytest.raises(ValueError, match="unknown queue policy"):
        policy_named("lottery")


@settings(max_examples=120, deadline=None)
@given(steps)
def test_fifo_call_names_the_call_that_calls_each_ticket_under_fifo(plan):
    """What the guard measures against: under FIFO, call number fifo_call is the ticket's."""
    line = Line(Fifo()).run(plan)
    for number, (ticket, _, _) in enumerate(line.called, start=1):
        _lane, calls_at_issue, _ = line.issued[ticket]
        ahead = sum(
            1
            for other in line.issued
            if other < ticket and other in {t for t, _, _ in line.called[calls_at_issue:]}
        )
        assert fifo_call(calls_at_issue, ahead) == number
