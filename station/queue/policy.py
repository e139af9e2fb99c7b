"""Queue policies: which waiting ticket a table calls next. Pure, small and swappable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Head:
    """The first waiting ticket of one lane, as a policy sees it."""

    lane: str
    priority: bool
    queued_at: float  # seconds on any clock; order of arrival in the line
    issued_at: float  # when the ticket was issued (its wait counts from here)


@dataclass(frozen=True)
class InLine:
    """A normal ticket waiting in line, as the guard sees it."""

    issued_at: float
    fifo_call: int  # the call that would call it under FIFO (see `fifo_call`)


# How fast the measured call interval follows the day: about the last 20 calls count.
INTERVAL_WEIGHT = 0.05
# A gap between calls counts for at most this many intervals: a lunch break or an empty
# hour is a pause, not slower tables. Uncapped, one hour's gap made the guard expect long
# waits and call like FIFO for dozens of calls after it.
PAUSE_INTERVALS = 10.0


@dataclass(frozen=True)
class QueueState:
    """What the site remembers between calls (kept in the database, shared by every table)."""

    calls: int = 0  # tickets called so far today
    streak: int = 0  # priority tickets called in a row while a normal ticket waited
    worst_fifo_wait: float = 0.0  # the longest wait FIFO would have given a normal ticket
    last_call_at: float = 0.0  # when the last call was made (Snapshot.now's clock; 0 = none)
    call_interval: float = 0.0  # seconds between calls lately (0 until two calls were made)


@dataclass(frozen=True)
class Snapshot:
    now: float
    heads: Sequence[Head]  # one per lane with someone waiting, any order
    state: QueueState
    # The first normal tickets in line, in the order they will be called (the normal head
    # first); as many as the policy's `lookahead`, fewer if fewer wait.
    normal_line: Sequence[InLine] = ()


class Policy(Protocol):
    # Read-only, so that the frozen dataclasses below are Policies.
    @property
    def name(self) -> str: ...

    @property
    def lookahead(self) -> int:
        """How many waiting normal tickets it looks at (Snapshot.normal_line)."""
        ...

    def pick(self, snapshot: Snapshot) -> Head | None:
        """The head to call next, or None when nobody waits."""
        ...


def _oldest(heads: Sequence[Head], priority: bool | None = None) -> Head | None:
    chosen = [h for h in heads if priority is None or h.priority is priority]
    return min(chosen, key=lambda h: (h.queued_at, h.lane), default=None)


def fifo_call(calls_at_issue: int, waiting_ahead: int) -> int:
    """The number of the call that would call a ticket under first come, first served.

    Every policy that keeps tables busy makes its calls at the same moments; only who is
    called differs. So once call number `fifo_call` has happened, the wait FIFO would have
    given the ticket is known exactly: that call's time minus the ticket's issue time.
    """
    return calls_at_issue + waiting_ahead + 1


def counted(state: QueueState, now: float, fifo_wait: float, streak: int) -> QueueState:
    """The state once one more call was made at `now`; `fifo_wait` is the longest FIFO wait
    of a normal ticket this call settles (of those whose `fifo_call` it is), 0 when none."""
    interval = state.call_interval
    if state.last_call_at:
        # A running mean for the first calls, then a moving one (weights sum to one from the
        # first gap on), so no planning figure is needed and the morning burst fades. A day
        # that began before the interval was kept (last_call_at 0) starts at its next gap.
        weight = INTERVAL_WEIGHT / (1 - (1 - INTERVAL_WEIGHT) ** state.calls)
        gap = max(0.0, now - state.last_call_at)
        if interval:
            interval += weight * (min(gap, PAUSE_INTERVALS * interval) - interval)
        else:
            interval = gap
    return QueueState(state.calls + 1, streak, max(state.worst_fifo_wait, fifo_wait), now, interval)


def after_call(
    state: QueueState, snapshot: Snapshot, called: Head, fifo_wait: float = 0.0
) -> QueueState:
    """The site's state once the policy's pick `called` has been called."""
    normal_waited = _oldest(snapshot.heads, priority=False) is not None
    streak = state.streak + 1 if called.priority and normal_waited else 0
    return counted(state, snapshot.now, fifo_wait, streak)


@dataclass(frozen=True)
class Fifo:
    """First come, first served across every lane: the baseline."""

    name: str = "fifo"
    lookahead: int = 0

    def pick(self, snapshot: Snapshot) -> Head | None:
        return _oldest(snapshot.heads)


@dataclass(frozen=True)
class StrictPriority:
    """Priority lanes always first (what QSystem and TheQ do); starves the normal line."""

    name: str = "strict"
    lookahead: int = 0

    def pick(self, snapshot: Snapshot) -> Head | None:
        return _oldest(snapshot.heads, priority=True) or _oldest(snapshot.heads, priority=False)


@dataclass(frozen=True)
class Bounded:
    """Priority first, unless the normal line would otherwise outwait its allowance.

    - a normal ticket's allowance: `(1 + stretch)` times the worst wait FIFO would have
      given a normal ticket so far today (see `fifo_call`), less `margin_calls` call
      intervals, never below `floor_s`. Measured on the day itself, not guessed beforehand:
      the normal line's worst wait stays near `1 + stretch` times FIFO's. While FIFO would
      not yet have called the ticket, its own FIFO wait counts too, forecast as its wait so
      far plus its remaining calls at the measured interval: in a rising rush the day's
      worst so far lags, and would hold the normal line back more than FIFO itself would.
    - the guard looks along the normal line, not only at its head: a normal ticket is called
      as soon as one of the first `lookahead` normal tickets could not be reached within its
      allowance if every call from now on went to the normal line (the j-th needs j + 1
      calls, one call interval each). Guarding only the head lets a bunch of normal tickets
      reach the allowance together and overrun it by several calls (0 = the head only).
    - `cap` (optional, 0 = off): at most this many priority calls in a row while a normal
      ticket waits. `max_wait_s` (optional, 0 = off): no allowance exceeds it.
    """

    stretch: float = 0.2
    margin_calls: float = 2.0
    floor_s: float = 60.0
    lookahead: int = 16
    cap: int = 0
    max_wait_s: float = 0.0
    name: str = "bounded"

    def allowance(self, snapshot: Snapshot, ticket: InLine) -> float:
        """How long a normal ticket may wait before the guard calls it, in seconds."""
        state, interval = snapshot.state, snapshot.state.call_interval
        # Once FIFO would have called the ticket, its FIFO wait is in worst_fifo_wait.
        ahead = ticket.fifo_call - state.calls
        own = snapshot.now - ticket.issued_at + ahead * interval if ahead > 0 else 0.0
        worst = max(state.worst_fifo_wait, own)
        allowed = max((1 + self.stretch) * worst - self.margin_calls * interval, self.floor_s)
        return min(allowed, self.max_wait_s) if self.max_wait_s else allowed

    def due(self, snapshot: Snapshot, normal: Head) -> bool:
        """Must the normal line be called now to keep every ticket in it within allowance?"""
        interval = snapshot.state.call_interval
        # Without the line, the head alone, its allowance resting on the day's worst FIFO wait.
        line = snapshot.normal_line[: self.lookahead] or (
            InLine(normal.issued_at, snapshot.state.calls),
        )
        return any(
            ticket.issued_at + self.allowance(snapshot, ticket) <= snapshot.now + (j + 1) * interval
            for j, ticket in enumerate(line)
        )

    def pick(self, snapshot: Snapshot) -> Head | None:
        normal = _oldest(snapshot.heads, priority=False)
        priority = _oldest(snapshot.heads, priority=True)
        if normal is None or priority is None:
            return priority or normal
        if self.cap and snapshot.state.streak >= self.cap:
            return normal
        if self.due(snapshot, normal):
            # The guard only restores arrival order: it never puts a normal ticket ahead of
            # a priority ticket that came before it.
            return normal if normal.queued_at <= priority.queued_at else priority
        return priority


POLICIES: dict[str, Policy] = {p.name: p for p in (Fifo(), StrictPriority(), Bounded())}
DEFAULT_POLICY = "bounded"


def policy_named(name: str) -> Policy:
    try:
        return POLICIES[name]
    except KeyError:
        raise ValueError(f"unknown queue policy {name!r}; known: {', '.join(POLICIES)}") from None
