"""Tables for boxes, lab results, recalls and the person look-up keys (migration 0003)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.recording.models import UUID_LEN, Base, EventColumns


class LabEventRow(EventColumns, Base):
    """Every fact about boxes, results and recalls, never updated."""

    __tablename__ = "lab_events"

    box: Mapped[str | None] = mapped_column(String(64))
    tube: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[str | None] = mapped_column(String(UUID_LEN))
    recall_id: Mapped[str | None] = mapped_column(String(UUID_LEN))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class BoxRow(Base):
    __tablename__ = "boxes"
    __table_args__ = (Index("ix_boxes_table_status", "site", "table_no", "status"),)

    # Box barcodes are physical boxes that travel between sites: one key for all sites.
    barcode: Mapped[str] = mapped_column(String(64), primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16))
    capacity: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer, default=0)
    counted: Mapped[int | None] = mapped_column(Integer)
    table_no: Mapped[str] = mapped_column(String(20))
    recorder: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    transporter: Mapped[str] = mapped_column(String(100), default="")
    transporter_phone: Mapped[str] = mapped_column(String(32), default="")
    handed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BoxTubeRow(Base):
    """A tube's place in a box, keyed by the event that packed it."""

    __tablename__ = "box_tubes"
    __table_args__ = (
        Index("ix_box_tubes_box", "box"),
        Index("ix_box_tubes_tube", "site", "tube"),
    )

    event_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    box: Mapped[str] = mapped_column(String(64))
    tube: Mapped[str] = mapped_column(String(64))
    packed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_by: Mapped[str | None] = mapped_column(String(UUID_LEN))


class TubeResultRow(Base):
    __tablename__ = "tube_results"
    __table_args__ = (Index("ix_tube_results_recorded", "site", "recorded_at"),)

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    tube: Mapped[str] = mapped_column(String(64), primary_key=True)
    result: Mapped[str] = mapped_column(String(16))
    tested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RecallRow(Base):
    __tablename__ = "recalls"
    __table_args__ = (Index("ix_recalls_site_tube", "site", "tube"),)

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    tube: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RecallLineRow(Base):
    __tablename__ = "recall_lines"
    __table_args__ = (
        Index("ix_recall_lines_person", "person_id"),
        Index("ix_recall_lines_resample", "resample_tube"),
    )

    recall_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    found_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resample_tube: Mapped[str | None] = mapped_column(String(64))
    resampled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    result: Mapped[str | None] = mapped_column(String(16))


class PersonKeyRow(Base):
    """Look-up keys of a person, precomputed from their registration events."""

    __tablename__ = "person_keys"
    # With the name in the index, "zs" (thousands of people) reads its first page in order.
    __table_args__ = (
        Index("ix_person_keys_initials", "initials", "name", "person_id"),
        Index("ix_person_keys_name", "name", "person_id"),
    )

    person_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    initials: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32), index=True)
    doc_number: Mapped[str] = mapped_column(String(64), index=True)
    # events.seq of the registration these keys come from: where the next catch-up starts.
    event_seq: Mapped[int] = mapped_column(Integer, index=True)
