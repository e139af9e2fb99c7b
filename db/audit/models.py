"""Tables of the audit trail: the chained entries and the signed checkpoints (migration 0007)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from db.recording.models import Base

STATION_ID_LEN = 16


class AuditEntryRow(Base):
    """One entry, never updated: its canonical bytes (station.audit_chain) and its chain hashes.

    Everything shown or searched is read back from `body`, so no column can be edited unseen.
    """

    __tablename__ = "audit_entries"
    __table_args__ = ({"sqlite_with_rowid": False},)

    station: Mapped[str] = mapped_column(String(STATION_ID_LEN), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prev: Mapped[bytes] = mapped_column(LargeBinary(32))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32))


class AuditCheckpointRow(Base):
    """A signed checkpoint: kept per station and numbered, so a sync can forward each once."""

    __tablename__ = "audit_checkpoints"

    station: Mapped[str] = mapped_column(String(STATION_ID_LEN), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entries: Mapped[int] = mapped_column(Integer)
    head: Mapped[bytes] = mapped_column(LargeBinary(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    public_key: Mapped[str] = mapped_column(String(200))
    forwarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
