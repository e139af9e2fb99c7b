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
class QueueState:
    """What the site remembers between calls (kept in the database, shared by every table)."""

    calls: int = 0  # tickets called so far today
    streak: int = 0  # priority tickets called in a row while a normal ticket waited
    worst_fifo_wait: float = 0.0  # the longest wait first come, first served would have given


@dataclass(frozen=True)
class Snapshot:
    now: float
    heads: Sequence[Head]  # one per lane with someone waiting, any order
    state: QueueState


class Policy(Protocol):
    name: str

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


def after_call(
    state: QueueState, snapshot: Snapshot, called: Head, fifo_wait: float = 0.0
) -> QueueState:
    """The site's state once `called` has been called; `fifo_wait` is the longest FIFO wait
    this call settles (of the tickets whose `fifo_call` it is), 0 when none."""
    normal_waited = _oldest(snapshot.heads, priority=False) is not None
    streak = state.streak + 1 if called.priority and normal_waited else 0
    return QueueState(state.calls + 1, streak, max(state.worst_fifo_wait, fifo_wait))


@dataclass(frozen=True)
class Fifo:
    """First come, first served across every lane: the baseline."""

    name: str = "fifo"

    def pick(self, snapshot: Snapshot) -> Head | None:
        return _oldest(snapshot.heads)


@dataclass(frozen=True)
class StrictPriority:
    """Priority lanes always first (what QSystem and TheQ do); starves the normal line."""

    name: str = "strict"

    def pick(self, snapshot: Snapshot) -> Head | None:
        return _oldest(snapshot.heads, priority=True) or _oldest(snapshot.heads, priority=False)


@dataclass(frozen=True)
class Bounded:
    """Priority first, with two bounds that keep the normal line's worst wait near FIFO's.

    - `cap`: at most this many priority tickets are called in a row while a normal one waits.
    - the guard: a normal ticket is called first once it has waited `(1 + stretch)` times
      the worst wait FIFO would have given anyone so far today (see `fifo_call`). So the
      normal line's worst wait stays within `1 + stretch` of FIFO's (plus one call), at any
      load, measured on the day itself rather than guessed beforehand.
    - `floor_s`: the guard never applies before this wait, so early in the day, before any
      long FIFO wait is known, the priority lanes still go first.
    - `max_wait_s` (optional): a plain time guard a site may add on top (0 = off).
    """

    cap: int = 4
    stretch: float = 0.2
    max_wait_s: float = 0.0
    floor_s: float = 0.0
    name: str = "bounded"

    def guarded(self, head: Head, snapshot: Snapshot) -> bool:
        waited = snapshot.now - head.issued_at
        if waited >= max((1 + self.stretch) * snapshot.state.worst_fifo_wait, self.floor_s):
            return True
        return bool(self.max_wait_s) and waited >= self.max_wait_s

    def pick(self, snapshot: Snapshot) -> Head | None:
        normal = _oldest(snapshot.heads, priority=False)
        priority = _oldest(snapshot.heads, priority=True)
        if normal is None or priority is None:
            return priority or normal
        if snapshot.state.streak >= self.cap:
            return normal
        if self.guarded(normal, snapshot):
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
