"""Tables of the queue: tickets, their timed state changes, the site's queue state, batches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.recording.models import UUID_LEN, Base


class TicketRow(Base):
    __tablename__ = "queue_tickets"
    __table_args__ = (
        UniqueConstraint("site", "day", "number", name="uq_queue_tickets_number"),
        # The head of a lane is one index probe, however long the line.
        Index("ix_queue_tickets_head", "site", "day", "lane", "waiting", "queued_at", "lane_seq"),
        Index("ix_queue_tickets_table", "site", "day", "table_no", "state"),
        Index("ix_queue_tickets_fifo", "site", "day", "fifo_call"),
        # The first normal tickets in line, across the normal lanes, without reading the rest.
        Index(
            "ix_queue_tickets_line", "site", "day", "waiting", "priority", "queued_at", "lane_seq"
        ),
    )

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    day: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(16))
    lane: Mapped[str] = mapped_column(String(8))
    lane_seq: Mapped[int] = mapped_column(Integer)
    priority: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(16))
    waiting: Mapped[int] = mapped_column(Integer)  # 1 while issued or skipped
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    calls_at_issue: Mapped[int] = mapped_column(Integer)
    ahead: Mapped[int] = mapped_column(Integer)
    fifo_call: Mapped[int] = mapped_column(Integer)  # see station.queue_policy.fifo_call
    doc_type: Mapped[str] = mapped_column(String(32), default="")
    doc_number: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(String(16), default="")
    building: Mapped[str] = mapped_column(String(40), default="")
    table_no: Mapped[str] = mapped_column(String(20), default="")
    skips: Mapped[int] = mapped_column(Integer, default=0)
    called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    served_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TicketEventRow(Base):
    """Every state a ticket went through, with its time: the source of measured waits."""

    __tablename__ = "queue_events"
    __table_args__ = (
        Index("ix_queue_events_day", "site", "day", "seq"),
        Index("ix_queue_events_ticket", "ticket_id"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(String(UUID_LEN))
    site: Mapped[str] = mapped_column(String(100))
    day: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    table_no: Mapped[str] = mapped_column(String(20), default="")
    recall: Mapped[bool] = mapped_column(Boolean, default=False)


class QueueStateRow(Base):
    """One row per site and day: locked by every change of the line, holds the policy state."""

    __tablename__ = "queue_state"

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[str] = mapped_column(String(40), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    streak: Mapped[int] = mapped_column(Integer, default=0)
    worst_fifo_wait: Mapped[float] = mapped_column(Float, default=0.0)  # seconds, normal tickets
    last_call_at: Mapped[float] = mapped_column(Float, default=0.0)  # POSIX seconds
    call_interval: Mapped[float] = mapped_column(Float, default=0.0)  # seconds


class LaneCounterRow(Base):
    """Last ticket number given out in each lane of a day; also lists the day's lanes."""

    __tablename__ = "queue_lane_counters"

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[str] = mapped_column(String(40), primary_key=True)
    lane: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class BatchRow(Base):
    """The building batch schedule (分楼栋下楼): times of day, local."""

    __tablename__ = "queue_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site: Mapped[str] = mapped_column(String(100))
    building: Mapped[str] = mapped_column(String(40))
    units: Mapped[str] = mapped_column(String(40), default="")
    start: Mapped[str] = mapped_column(String(5))  # HH:MM
    end: Mapped[str] = mapped_column(String(5))
