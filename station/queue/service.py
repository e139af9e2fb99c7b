"""The queue's use cases: issue a ticket, call the next one to a table, recall, skip, serve."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.records import new_id, utcnow
from station.queue.batches import BuildingBatch, current_batches, outside_batch
from station.queue.board import (
    RATE_WINDOW,
    Board,
    call_interval_s,
    lane_views,
    next_batches,
    normal_factor,
    site_status,
)
from station.queue.config import QueueConfig
from station.queue.forecast import jam_warning
from station.queue.lanes import Lane, lane_by_code
from station.queue.policy import Head, InLine, Policy, Snapshot, after_call, counted
from station.queue.ports import QueueStore, QueueUnitOfWork
from station.queue.ticket_list import TicketList, ticket_lines
from station.queue.tickets import (
    Ticket,
    TicketState,
    format_number,
    move,
    parse_ticket_ref,
    skip,
)

# Served and dropped tickets are history: the list keeps the latest of them, and a count, so
# that late in a 3,000-person day it costs what the open tickets cost.
FINISHED_SHOWN = 200


@dataclass(frozen=True)
class Issued:
    ticket: Ticket
    wait_min: float  # estimated wait when issued
    outside_batch: bool  # the person's building is not being called now (allowed, noted)


def _head(ticket: Ticket) -> Head:
    return Head(
        ticket.lane, ticket.priority, ticket.queued_at.timestamp(), ticket.issued_at.timestamp()
    )


@dataclass
class QueueService:
    """One site's line; every method is one unit of work under the site's queue lock."""

    uow: QueueUnitOfWork
    config: QueueConfig
    day: Callable[[], str]  # the testing round tickets belong to
    clock: Callable[[], datetime] = utcnow
    policy: Policy = field(default=None)  # type: ignore[assignment]  # set in __post_init__
    # Units of work that only read (the display's board, lists, look-ups): on SQLite they
    # then take no write lock, so a display in another process never holds up a call.
    reads: QueueUnitOfWork = field(default=None)  # type: ignore[assignment]  # __post_init__

    def __post_init__(self) -> None:
        if self.policy is None:
            self.policy = self.config.make_policy()
        if self.reads is None:
            self.reads = self.uow

    # ----- the desk ------------------------------------------------------------------------
    def lane(self, code: str) -> Lane:
        try:
            lane = lane_by_code(self.config.lanes, code)
        except KeyError:
            lane = None
        if lane is None or not lane.enabled:
            raise OperatorError(
                f"没有开放的通道 {code}", f"No open lane {code}", code="unknown_lane"
            )
        return lane

    def issue(
        self,
        lane_code: str,
        person: PersonCode | None = None,
        reason: str = "",
        building: str = "",
    ) -> Issued:
        lane = self.lane(lane_code)
        now, day = self.clock(), self.day()
        with self.uow() as store:
            state = store.lock(day)
            waiting = store.waiting(day, now)
            ahead = sum(waiting.values())
            issued = store.issued_since(day, now - RATE_WINDOW)
            sequence = store.next_sequence(day, lane.code)
            ticket = Ticket(
                id=new_id(),
                day=day,
                number=format_number(lane.code, sequence),
                lane=lane.code,
                priority=lane.priority,
                state=TicketState.ISSUED,
                issued_at=now,
                queued_at=now,
                calls_at_issue=state.calls,
                ahead=ahead,
                person=person,
                reason=reason if lane.priority else "",
                building=building.strip(),
            )
            store.add(ticket)
            interval = call_interval_s(
                store.call_times(day, now - RATE_WINDOW), now, self.config.service_s
            )
            schedule = store.batches()
            store.commit()
        waiting[lane.code] = waiting.get(lane.code, 0)
        views = lane_views(self.config.lanes, waiting, interval, self._normal_factor(issued))
        wait = next(v.wait_min for v in views if v.code == lane.code)
        return Issued(ticket, wait, outside_batch(schedule, building, now))

    # ----- the table ------------------------------------------------------------------------
    def _called(self, store: QueueStore, table: str) -> Ticket:
        ticket = store.called_to(self.day(), table)
        if ticket is None:
            raise OperatorError(
                f"{table} 号台当前没有叫号",
                f"Table {table} has no ticket called",
                code="nothing_called",
            )
        return ticket

    @contextmanager
    def unit(self, store: QueueStore | None) -> Iterator[QueueStore]:
        """The caller's open unit of work (a scan's: the caller commits), or a new one."""
        if store is not None:
            yield store
            return
        with self.uow() as opened:
            yield opened
            opened.commit()

    def call_next(self, table: str, store: QueueStore | None = None) -> Ticket | None:
        """Call the policy's next ticket to `table`; the ticket still called there and not
        scanned did not come, so it is skipped (it returns to the line later)."""
        now, day = self.clock(), self.day()
        with self.unit(store) as store:
            state = store.lock(day)
            current = store.called_to(day, table)
            if current is not None:
                self._skip(store, current, now)
            heads = store.heads(day, now)
            looked = self.policy.lookahead
            # The normal line only weighs when a normal and a priority ticket both wait: the
            # policy then chooses between the lanes. Otherwise the query is saved.
            both = len({ticket.priority for ticket in heads}) == 2
            line = [
                InLine(at.timestamp(), call)
                for at, call in (store.normal_line(day, now, looked) if looked and both else [])
            ]
            snapshot = Snapshot(now.timestamp(), [_head(t) for t in heads], state, line)
            chosen = self.policy.pick(snapshot)
            if chosen is None:
                return None
            ticket = next(t for t in heads if t.lane == chosen.lane)
            called = move(ticket, TicketState.CALLED, now, table=table)
            store.change(ticket, called, now)
            fifo_wait = self._settled(store, day, state.calls + 1, now)
            store.save_state(day, after_call(state, snapshot, chosen, fifo_wait))
        return called

    @staticmethod
    def _settled(store: QueueStore, day: str, call: int, now: datetime) -> float:
        """The longest wait FIFO would have given the normal tickets it calls at this call."""
        since = store.settled_since(day, call)
        return (now - since).total_seconds() if since else 0.0

    def call_number(self, table: str, number: str) -> Ticket:
        """Call one ticket by its number or slip barcode (a person who shows their slip), out
        of turn."""
        number = self._number(number)
        now, day = self.clock(), self.day()
        with self.uow() as store:
            state = store.lock(day)
            ticket = self._ticket(store, number)
            current = store.called_to(day, table)
            if current is not None and current.id != ticket.id:
                self._skip(store, current, now)
            called = move(ticket, TicketState.CALLED, now, table=table)
            store.change(ticket, called, now, recall=ticket.state is TicketState.CALLED)
            # Out of turn: counts as a call, and breaks any run of priority calls.
            fifo_wait = self._settled(store, day, state.calls + 1, now)
            store.save_state(day, counted(state, now.timestamp(), fifo_wait, streak=0))
            store.commit()
        return called

    def recall(self, table: str, store: QueueStore | None = None) -> Ticket:
        """Call the table's ticket again (the display repeats it)."""
        now = self.clock()
        with self.unit(store) as store:
            store.lock(self.day())
            ticket = self._called(store, table)
            again = move(ticket, TicketState.CALLED, now, table=table)
            store.change(ticket, again, now, recall=True)
        return again

    def skip(self, table: str, store: QueueStore | None = None) -> Ticket:
        """The called person did not come: back in the line later, or dropped."""
        now = self.clock()
        with self.unit(store) as store:
            store.lock(self.day())
            skipped = self._skip(store, self._called(store, table), now)
        return skipped

    def _skip(self, store: QueueStore, ticket: Ticket, now: datetime) -> Ticket:
        skipped = skip(ticket, now, self.config.skip_return, self.config.max_skips)
        store.change(ticket, skipped, now)
        return skipped

    # ----- the site lead: a ticket set aside, let back into its line, or cancelled ------------
    def hold(self, number: str) -> Ticket:
        return self._simple(number, TicketState.HELD)

    def release(self, number: str) -> Ticket:
        return self._simple(number, TicketState.ISSUED)

    def drop(self, number: str) -> Ticket:
        return self._simple(number, TicketState.DROPPED)

    def _simple(self, number: str, to: TicketState) -> Ticket:
        number = self._number(number)
        now = self.clock()
        with self.uow() as store:
            store.lock(self.day())
            ticket = self._ticket(store, number)
            after = move(ticket, to, now)
            store.change(ticket, after, now)
            store.commit()
        return after

    def _number(self, text: str) -> str:
        """The number a person typed or scanned; a slip of another round is refused."""
        day, number = parse_ticket_ref(text)
        if day is not None and day != self.day():
            raise OperatorError(
                f"小票 {number} 是 {day} 的号，不是本轮（{self.day()}）的",
                f"Slip {number} belongs to {day}, not to this round ({self.day()})",
                code="ticket_other_day",
            )
        return number

    def find(self, number: str) -> Ticket:
        """The ticket a person typed or scanned, to show it before acting on it."""
        number = self._number(number)
        with self.reads() as store:
            return self._ticket(store, number)

    def tickets(self, finished: int = FINISHED_SHOWN) -> TicketList:
        """This round's tickets in the order the site lead reads them (station.queue_list):
        all those in play, and the `finished` last issued of those served or dropped."""
        now, day = self.clock(), self.day()
        with self.reads() as store:
            tickets = store.tickets(day, finished)
            counts = store.state_counts(day)
        return TicketList(ticket_lines(tickets, self.config.lanes, now), counts)

    def _ticket(self, store: QueueStore, number: str, day: str | None = None) -> Ticket:
        ticket = store.ticket(day or self.day(), number.strip().upper())
        if ticket is None:
            raise OperatorError(f"没有号码 {number}", f"No ticket {number}", code="no_ticket")
        return ticket

    def serve(self, table: str, day: str, number: str) -> Ticket:
        """A ticket scanned at a table: it must be the one called there."""
        with self.uow() as store:
            served = self.mark_served(store, self.serving(store, table, day, number))
            store.commit()
        return served

    def serving(self, store: QueueStore, table: str, day: str, number: str) -> Ticket:
        """The ticket scanned at `table`, read under the queue's lock in the caller's unit of
        work and checked (raises when it is not the one called there): nobody can drop or
        call it elsewhere until that unit of work ends (QueueScanHandler)."""
        store.lock(day)
        ticket = self._ticket(store, number, day)
        self.check_serving(ticket, table)
        return ticket

    def mark_served(self, store: QueueStore, ticket: Ticket) -> Ticket:
        """Mark a ticket `serving` returned as served, in the caller's unit of work."""
        now = self.clock()
        served = move(ticket, TicketState.SERVED, now)
        store.change(ticket, served, now)
        return served

    def peek(self, day: str, number: str) -> Ticket:
        with self.reads() as store:
            return self._ticket(store, number, day)

    @staticmethod
    def check_serving(ticket: Ticket, table: str) -> None:
        if ticket.state is TicketState.DROPPED:
            raise OperatorError(
                f"号码 {ticket.number} 已作废，不能再用：请到分诊台重新取号",
                f"Ticket {ticket.number} was dropped: take a new ticket at the desk",
                code="ticket_dropped",
            )
        if ticket.state is TicketState.SERVED:
            raise OperatorError(
                f"号码 {ticket.number} 已采样，不能再用",
                f"Ticket {ticket.number} was already served",
                code="ticket_served",
            )
        if ticket.state is not TicketState.CALLED or ticket.table != table:
            where = f"（已叫到 {ticket.table} 号台）" if ticket.table else "（尚未叫到）"
            raise OperatorError(
                f"号码 {ticket.number} 不是本台叫的号{where}",
                f"Ticket {ticket.number} is not called to this table",
                code="ticket_not_here",
            )

    def called(self, table: str) -> Ticket | None:
        with self.reads() as store:
            return store.called_to(self.day(), table)

    # ----- the display --------------------------------------------------------------------
    def board(self) -> Board:
        now, day = self.clock(), self.day()
        with self.reads() as store:
            calls = store.recent_calls(day, self.config.recent_calls)
            waiting = store.waiting(day, now)
            times = store.call_times(day, now - RATE_WINDOW)
            issued = store.issued_since(day, now - RATE_WINDOW)
            schedule = store.batches()
        interval = call_interval_s(times, now, self.config.service_s)
        factor = self._normal_factor(issued)
        views = lane_views(self.config.lanes, waiting, interval, factor)
        warning = jam_warning(
            sum(waiting.values()),
            sum(issued.values()) / (RATE_WINDOW.total_seconds() / 60),
            interval,
            len({table for _, table in times}),
            self.config.busy_min,
            self.config.jammed_min,
            factor,
        )
        return Board(
            calls=calls,
            lanes=views,
            status=site_status(views, self.config.busy_min, self.config.jammed_min),
            batches=[b.label for b in current_batches(schedule, now)],
            notices=([warning.text] if warning else []) + list(self.config.notices),
            next_batches=[b.label for b in next_batches(schedule, now)],
            warning=warning,
        )

    def _normal_factor(self, issued: dict[str, int]) -> float:
        return normal_factor(self.config.lanes, issued, self.policy.name)

    def schedule(self) -> list[BuildingBatch]:
        with self.reads() as store:
            return store.batches()

    def current_batches(self) -> list[str]:
        """Labels of the building batches being called now (the recorder window shows them)."""
        return [b.label for b in current_batches(self.schedule(), self.clock())]

    def set_schedule(self, batches: list[BuildingBatch]) -> None:
        with self.uow() as store:
            store.set_batches(batches)
            store.commit()
