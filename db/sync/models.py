"""The station's outbox: one forwarding position for every event it records (migration 0007).

The rows are written by SQLite triggers on the three event logs (see docs/sync.md), in the
transaction that records the event; the forwarder only reads them and writes the answers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.recording.models import UUID_LEN, Base


class OutboxRow(Base):
    """Position `pos` of one event in the station's single forwarding order."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_pending", "answer", "pos"),
        {"sqlite_autoincrement": True},  # a position is never given out twice
    )

    pos: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(16))  # events, lab_events or queue_events
    source_seq: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[str] = mapped_column(String(UUID_LEN))
    # None while pending; then the server's answer: accepted, duplicate or conflict.
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SyncMetaRow(Base):
    """The station's id on the server, and the forwarder's last success and error."""

    __tablename__ = "sync_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000), default="")
