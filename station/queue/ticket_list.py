"""The day's tickets as the site lead sees them: who is where, in what order, waiting how long."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from station.queue.lanes import Lane
from station.queue.tickets import FINISHED, Ticket, TicketState


@dataclass(frozen=True)
class TicketLine:
    ticket: Ticket
    lane_name: str
    place: int | None  # place in its lane's line (1: the lane's next call); None when not waiting
    wait: timedelta | None  # issue until called, or until now while not called; None if dropped


@dataclass(frozen=True)
class TicketList:
    lines: list[TicketLine]  # every ticket in play, and the last issued of those finished
    counts: dict[TicketState, int]  # every ticket of the round, by state

    @property
    def waiting(self) -> int:
        return sum(line.place is not None for line in self.lines)

    @property
    def finished_shown(self) -> int:
        return sum(line.ticket.state in FINISHED for line in self.lines)

    @property
    def finished_left_out(self) -> int:
        return sum(self.counts.get(state, 0) for state in FINISHED) - self.finished_shown


# Called at a table, then the lines, then set aside, then done.
_GROUPS = {
    TicketState.CALLED: 0,
    TicketState.ISSUED: 1,  # and skipped tickets whose time away is over: they wait again
    TicketState.SKIPPED: 2,
    TicketState.HELD: 3,
    TicketState.SERVED: 4,
    TicketState.DROPPED: 5,
}


def sequence_of(ticket: Ticket) -> int:
    return int(ticket.number[len(ticket.lane) :])


def ticket_lines(
    tickets: Iterable[Ticket], lanes: Sequence[Lane], now: datetime
) -> list[TicketLine]:
    """Every ticket once: those called to a table first, then the waiting ones lane by lane in
    the order each lane will call them (a lane is first come, first served; which lane goes
    next is the policy's choice at the moment of the call), then skipped, held, served, dropped.
    """
    order = {lane.code: i for i, lane in enumerate(lanes)}
    names = {lane.code: lane.name for lane in lanes}

    def waiting(t: Ticket) -> bool:
        return t.waiting and t.queued_at <= now

    def key(t: Ticket) -> tuple[int, int, datetime, int]:
        group = _GROUPS[TicketState.ISSUED] if waiting(t) else _GROUPS[t.state]
        if group == _GROUPS[TicketState.CALLED]:
            return group, 0, t.called_at or t.issued_at, 0
        # The store calls a lane's tickets by (queued_at, number); the others sort by number.
        at = t.queued_at if group == _GROUPS[TicketState.ISSUED] else t.issued_at
        return group, order.get(t.lane, len(order)), at, sequence_of(t)

    lines: list[TicketLine] = []
    places: dict[str, int] = {}
    for t in sorted(tickets, key=key):
        place = None
        if waiting(t):
            place = places[t.lane] = places.get(t.lane, 0) + 1
        # Never below zero: a ticket issued on a machine whose clock runs ahead.
        wait = None if t.state is TicketState.DROPPED else max(t.wait(now), timedelta(0))
        lines.append(TicketLine(t, names.get(t.lane, t.lane), place, wait))
    return lines
