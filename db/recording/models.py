"""Tables: the append-only event log and the current-state tables kept up to date from it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

UUID_LEN = 36


class Base(DeclarativeBase):
    pass


class EventColumns:
    """What every event log records: which fact, when, where, by whom, in which round.

    `seq` orders a station's events locally; `id` is the client-generated UUID a sync keys on.
    """

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(UUID_LEN), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    site: Mapped[str] = mapped_column(String(100))
    table_no: Mapped[str] = mapped_column(String(20))
    recorder: Mapped[str] = mapped_column(String(100))
    round: Mapped[str] = mapped_column(String(40))


class EventRow(EventColumns, Base):
    """Every fact the station records, never updated: the source a sync forwards."""

    __tablename__ = "events"

    tube: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[str | None] = mapped_column(String(UUID_LEN))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PersonRow(Base):
    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("doc_type", "doc_number", name="uq_persons_document"),)

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(32))
    doc_number: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    single_only: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TubeRow(Base):
    __tablename__ = "tubes"
    __table_args__ = (
        Index("ix_tubes_table_status", "site", "table_no", "status"),
        # "Tested in the round?" from index pages alone (migration 0006).
        Index("ix_tubes_round_probe", "site", "barcode", "round", "status", "opened_at"),
    )

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    barcode: Mapped[str] = mapped_column(String(64), primary_key=True)
    mode: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer, default=0)
    table_no: Mapped[str] = mapped_column(String(20))
    recorder: Mapped[str] = mapped_column(String(100))
    round: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # When the tube last became its table's current tube (opened or reopened).
    activated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    under_filled: Mapped[bool] = mapped_column(Boolean, default=False)


class MemberRow(Base):
    """A person's place in a tube, keyed by the event that put them there."""

    __tablename__ = "tube_members"
    __table_args__ = (
        Index("ix_members_tube", "site", "tube"),
        # A person's tubes, covering the round probe of coverage (migration 0006).
        Index("ix_members_person_tube", "person_id", "site", "removed_by", "tube"),
    )

    event_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    tube: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_by: Mapped[str | None] = mapped_column(String(UUID_LEN))
