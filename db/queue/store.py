"""The SQL store behind the queue's port: the site's queue lock, tickets and their events."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, time

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import sqlite

from db.prepared import Prepared
from db.queue.models import BatchRow, LaneCounterRow, QueueStateRow, TicketEventRow, TicketRow
from db.recording.store import Database
from db.rows import aware, aware_at, notify_at_commit, ticket_of
from station.queue.batches import BuildingBatch
from station.queue.policy import QueueState, fifo_call
from station.queue.ports import Call, QueueStore, QueueUnitOfWork
from station.queue.tickets import FINISHED, Ticket, TicketState

tickets_t = TicketRow.__table__
events_t = TicketEventRow.__table__
state_t = QueueStateRow.__table__
counters_t = LaneCounterRow.__table__
batches_t = BatchRow.__table__

NOTIFY_CHANNEL = "nat_station_queue"
_EVENT_COLUMNS = ("ticket_id", "site", "day", "state", "at", "table_no", "recall")
_FINISHED = tuple(state.value for state in FINISHED)
# A call the person never answered: the ticket was skipped (or dropped) after it.
_MISSED = (TicketState.SKIPPED.value, TicketState.DROPPED.value)


def _insert(connection: Connection, table, **values: object):  # type: ignore[no-untyped-def]
    """INSERT ... ON CONFLICT DO NOTHING on either backend."""
    if connection.dialect.name != "postgresql":
        return sqlite.insert(table).values(**values).on_conflict_do_nothing()
    from sqlalchemy.dialects import postgresql  # loads only on PostgreSQL

    return postgresql.insert(table).values(**values).on_conflict_do_nothing()


# Statements built once and prepared (db.prepared): call_next runs them with 10,000 people
# waiting and must stay within a couple of milliseconds.
_SITE_DAY_T = (state_t.c.site == bindparam("p_site")) & (state_t.c.day == bindparam("p_day"))
_STATE_COLUMNS = tuple(f.name for f in fields(QueueState))
_READ_STATE = select(*(state_t.c[name] for name in _STATE_COLUMNS)).where(_SITE_DAY_T)
_LOCK = Prepared(_READ_STATE)
_LOCK_FOR_UPDATE = Prepared(_READ_STATE.with_for_update())
_SAVE_STATE = Prepared(
    update(state_t)
    .where(_SITE_DAY_T)
    .values({name: bindparam(f"p_{name}") for name in _STATE_COLUMNS})
)
_TICKETS_OF_DAY = (tickets_t.c.site == bindparam("p_site")) & (
    tickets_t.c.day == bindparam("p_day")
)
_WAITING_NOW = (
    _TICKETS_OF_DAY & (tickets_t.c.waiting == 1) & (tickets_t.c.queued_at <= bindparam("p_now"))
)
_LANE_T = tickets_t.alias("lane_t")
# The first waiting ticket of each of the day's lanes, in one statement: one index probe per lane.
_FIRST_IN_LANE = (
    select(_LANE_T.c.id)
    .where(
        (_LANE_T.c.site == counters_t.c.site)
        & (_LANE_T.c.day == counters_t.c.day)
        & (_LANE_T.c.lane == counters_t.c.lane)
        & (_LANE_T.c.waiting == 1)
        & (_LANE_T.c.queued_at <= bindparam("p_now"))
    )
    .order_by(_LANE_T.c.queued_at, _LANE_T.c.lane_seq)
    .limit(1)
    .correlate(counters_t)
    .scalar_subquery()
)
_HEADS = Prepared(
    select(tickets_t).where(
        tickets_t.c.id.in_(
            select(_FIRST_IN_LANE).where(
                (counters_t.c.site == bindparam("p_site"))
                & (counters_t.c.day == bindparam("p_day"))
            )
        )
    )
)
_SETTLED = Prepared(
    select(func.min(tickets_t.c.issued_at)).where(
        _TICKETS_OF_DAY
        & (tickets_t.c.fifo_call == bindparam("p_call"))
        & (tickets_t.c.priority.is_(False))
    )
)
_NORMAL_LINE = Prepared(
    select(tickets_t.c.issued_at, tickets_t.c.fifo_call)
    .where(_WAITING_NOW & (tickets_t.c.priority.is_(False)))
    .order_by(tickets_t.c.queued_at, tickets_t.c.lane_seq)
    .limit(bindparam("p_limit"))
)
_CALLED_TO = Prepared(
    select(tickets_t).where(
        _TICKETS_OF_DAY
        & (tickets_t.c.table_no == bindparam("p_table"))
        & (tickets_t.c.state == TicketState.CALLED.value)
    )
)
_CHANGE = Prepared(
    update(tickets_t)
    .where((tickets_t.c.id == bindparam("t_id")) & (tickets_t.c.state == bindparam("before")))
    .values(
        state=bindparam("p_state"),
        waiting=bindparam("p_waiting"),
        queued_at=bindparam("p_queued_at"),
        table_no=bindparam("p_table_no"),
        skips=bindparam("p_skips"),
        called_at=bindparam("p_called_at"),
        served_at=bindparam("p_served_at"),
    )
)
_EVENT = Prepared(
    # inline: no RETURNING of the new seq on PostgreSQL, nobody reads it
    insert(events_t).inline().values({name: bindparam(f"e_{name}") for name in _EVENT_COLUMNS})
)


@dataclass
class SqlQueueStore(QueueStore):
    connection: Connection
    site: str
    _changed: bool = field(default=False, init=False)

    def _where(self, table, day: str):  # type: ignore[no-untyped-def]
        return (table.c.site == self.site) & (table.c.day == day)

    def lock(self, day: str) -> QueueState:
        # FOR UPDATE on PostgreSQL; SQLite already holds the write lock (BEGIN IMMEDIATE).
        key = {"p_site": self.site, "p_day": day}
        lock = _LOCK_FOR_UPDATE if self._postgres else _LOCK
        row = lock.first(self.connection, key)
        if row is None:
            fresh = QueueState()
            self.connection.execute(
                _insert(
                    self.connection,
                    state_t,
                    site=self.site,
                    day=day,
                    **{name: getattr(fresh, name) for name in _STATE_COLUMNS},
                )
            )
            row = lock.first(self.connection, key)
            if row is None:
                raise RuntimeError(f"queue state of {self.site} {day} missing after insert")
        self._changed = True
        return QueueState(**row._asdict())

    @property
    def _postgres(self) -> bool:
        return self.connection.dialect.name == "postgresql"

    def save_state(self, day: str, state: QueueState) -> None:
        values = {f"p_{name}": getattr(state, name) for name in _STATE_COLUMNS}
        _SAVE_STATE.run(self.connection, {"p_site": self.site, "p_day": day, **values})

    def heads(self, day: str, now: datetime) -> list[Ticket]:
        rows = _HEADS.rows(self.connection, {"p_site": self.site, "p_day": day, "p_now": now})
        return [ticket_of(row) for row in rows]

    def settled_since(self, day: str, call: int) -> datetime | None:
        at = _SETTLED.scalar(self.connection, {"p_site": self.site, "p_day": day, "p_call": call})
        return aware(at)

    def normal_line(self, day: str, now: datetime, limit: int) -> list[tuple[datetime, int]]:
        rows = _NORMAL_LINE.rows(
            self.connection, {"p_site": self.site, "p_day": day, "p_now": now, "p_limit": limit}
        )
        return [(aware_at(at), call) for at, call in rows]

    def waiting(self, day: str, now: datetime) -> dict[str, int]:
        rows = self.connection.execute(
            select(tickets_t.c.lane, func.count()).where(_WAITING_NOW).group_by(tickets_t.c.lane),
            {"p_site": self.site, "p_day": day, "p_now": now},
        )
        return {lane: count for lane, count in rows}

    def next_sequence(self, day: str, lane: str) -> int:
        self.connection.execute(
            _insert(self.connection, counters_t, site=self.site, day=day, lane=lane, last=0)
        )
        where = self._where(counters_t, day) & (counters_t.c.lane == lane)
        self.connection.execute(update(counters_t).where(where).values(last=counters_t.c.last + 1))
        return int(self.connection.execute(select(counters_t.c.last).where(where)).scalar_one())

    def add(self, ticket: Ticket) -> None:
        person = ticket.person
        self.connection.execute(
            insert(tickets_t).values(
                id=ticket.id,
                site=self.site,
                day=ticket.day,
                number=ticket.number,
                lane=ticket.lane,
                lane_seq=int(ticket.number[len(ticket.lane) :]),
                priority=ticket.priority,
                state=ticket.state.value,
                waiting=int(ticket.waiting),
                issued_at=ticket.issued_at,
                queued_at=ticket.queued_at,
                calls_at_issue=ticket.calls_at_issue,
                ahead=ticket.ahead,
                fifo_call=fifo_call(ticket.calls_at_issue, ticket.ahead),
                doc_type=person.document.type.value if person else "",
                doc_number=person.document.number if person else "",
                name=person.name if person else "",
                phone=person.phone if person else "",
                reason=ticket.reason,
                building=ticket.building,
                table_no=ticket.table,
                skips=ticket.skips,
                called_at=ticket.called_at,
                served_at=ticket.served_at,
            )
        )
        self._event(ticket, ticket.issued_at, recall=False)

    def _event(self, ticket: Ticket, at: datetime, recall: bool) -> None:
        _EVENT.run(
            self.connection,
            {
                "e_ticket_id": ticket.id,
                "e_site": self.site,
                "e_day": ticket.day,
                "e_state": ticket.state.value,
                "e_at": at,
                "e_table_no": ticket.table,
                "e_recall": recall,
            },
        )

    def ticket(self, day: str, number: str) -> Ticket | None:
        row = self.connection.execute(
            select(tickets_t).where(self._where(tickets_t, day) & (tickets_t.c.number == number))
        ).first()
        return ticket_of(row) if row else None

    def tickets(self, day: str, finished: int) -> list[Ticket]:
        of_day = self._where(tickets_t, day)
        done = tickets_t.c.state.in_(_FINISHED)
        rows = [
            *self.connection.execute(select(tickets_t).where(of_day & ~done)),
            *self.connection.execute(
                select(tickets_t)
                .where(of_day & done)
                .order_by(tickets_t.c.issued_at.desc())
                .limit(finished)
            ),
        ]
        return [ticket_of(row) for row in rows]

    def state_counts(self, day: str) -> dict[TicketState, int]:
        rows = self.connection.execute(
            select(tickets_t.c.state, func.count())
            .where(self._where(tickets_t, day))
            .group_by(tickets_t.c.state)
        )
        return {TicketState(state): count for state, count in rows}

    def called_to(self, day: str, table: str) -> Ticket | None:
        row = _CALLED_TO.first(
            self.connection, {"p_site": self.site, "p_day": day, "p_table": table}
        )
        return ticket_of(row) if row else None

    def change(self, before: Ticket, after: Ticket, at: datetime, recall: bool = False) -> None:
        # Compare-and-set on the state read under the lock: a second writer that slipped past
        # the lock would change no row and fail loudly instead of calling a ticket twice.
        done = _CHANGE.run(
            self.connection,
            {
                "t_id": before.id,
                "before": before.state.value,
                "p_state": after.state.value,
                "p_waiting": int(after.waiting),
                "p_queued_at": after.queued_at,
                "p_table_no": after.table,
                "p_skips": after.skips,
                "p_called_at": after.called_at,
                "p_served_at": after.served_at,
            },
        )
        if done != 1:
            raise RuntimeError(f"ticket {before.number} changed under the queue lock")
        self._event(after, at, recall)

    def recent_calls(self, day: str, limit: int) -> list[Call]:
        later = events_t.alias("later")
        missed = (
            select(later.c.seq)
            .where(
                (later.c.ticket_id == events_t.c.ticket_id)
                & (later.c.seq > events_t.c.seq)
                & later.c.state.in_(_MISSED)
            )
            .exists()
        )
        rows = self.connection.execute(
            select(
                events_t.c.seq,
                tickets_t.c.number,
                events_t.c.table_no,
                events_t.c.at,
                events_t.c.recall,
                missed.label("missed"),
            )
            .join(tickets_t, tickets_t.c.id == events_t.c.ticket_id)
            .where(self._where(events_t, day) & (events_t.c.state == TicketState.CALLED.value))
            .order_by(events_t.c.seq.desc())
            .limit(limit)
        )
        return [
            Call(r.seq, r.number, r.table_no, aware_at(r.at), r.recall, bool(r.missed))
            for r in rows
        ]

    def call_times(self, day: str, since: datetime) -> list[tuple[datetime, str]]:
        rows = self.connection.execute(
            select(events_t.c.at, events_t.c.table_no).where(
                self._where(events_t, day)
                & (events_t.c.state == TicketState.CALLED.value)
                & (events_t.c.recall.is_(False))
                & (events_t.c.at >= since)
            )
        )
        return [(aware_at(r.at), r.table_no) for r in rows]

    def issued_since(self, day: str, since: datetime) -> dict[str, int]:
        where = self._where(tickets_t, day) & (tickets_t.c.issued_at >= since)
        rows = self.connection.execute(
            select(tickets_t.c.lane, func.count()).where(where).group_by(tickets_t.c.lane)
        )
        return {lane: count for lane, count in rows}

    def history(self, ticket_id: str) -> list[tuple[TicketState, datetime, str]]:
        rows = self.connection.execute(
            select(events_t.c.state, events_t.c.at, events_t.c.table_no)
            .where(events_t.c.ticket_id == ticket_id)
            .order_by(events_t.c.seq)
        )
        return [(TicketState(r.state), aware_at(r.at), r.table_no) for r in rows]

    def batches(self) -> list[BuildingBatch]:
        rows = self.connection.execute(
            select(batches_t).where(batches_t.c.site == self.site).order_by(batches_t.c.start)
        )
        return [
            BuildingBatch(
                r.building, r.units, time.fromisoformat(r.start), time.fromisoformat(r.end)
            )
            for r in rows
        ]

    def set_batches(self, batches: list[BuildingBatch]) -> None:
        self.connection.execute(delete(batches_t).where(batches_t.c.site == self.site))
        for b in batches:
            self.connection.execute(
                insert(batches_t).values(
                    site=self.site,
                    building=b.building,
                    units=b.units,
                    start=f"{b.start:%H:%M}",
                    end=f"{b.end:%H:%M}",
                )
            )
        self._changed = True

    def before_commit(self) -> None:
        """Run by the unit of work's commit, in its transaction."""
        if self._changed:  # the displays
            notify_at_commit(self.connection, NOTIFY_CHANNEL, self.site)
        self._changed = False

    def commit(self) -> None:
        """Commit the unit of work this store is in (the queue's own services use only it)."""
        self.before_commit()
        self.connection.commit()


def queue_unit_of_work(database: Database, *, read_only: bool = False) -> QueueUnitOfWork:
    """The site's unit of work seen through the queue's store (QueueService's `uow`, and
    `reads` with `read_only`: see Database.transaction)."""
    return database.store_unit_of_work("queue", read_only=read_only)
