"""The operators table: a site's accounts, their argon2id PIN hashes and lock-out state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.recording.models import UUID_LEN, Base


class OperatorRow(Base):
    """One account of a site; every table of the site (one PostgreSQL) shares them."""

    __tablename__ = "operators"
    __table_args__ = (UniqueConstraint("site", "name", name="uq_operators_site_name"),)

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    pin_hash: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
