"""Tables of the community roster: rooms, residents, rounds, people tested elsewhere, logs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.recording.models import UUID_LEN, Base


class RoomRow(Base):
    """A room (房号) in a building and unit; its id is what a household code carries."""

    __tablename__ = "roster_rooms"
    __table_args__ = (
        UniqueConstraint("site", "building", "unit", "room", name="uq_roster_rooms_place"),
    )

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    building: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(40))
    room: Mapped[str] = mapped_column(String(40))


class ResidentRow(Base):
    """A person on the site's roster: where they live and the roster's flags."""

    __tablename__ = "roster_residents"
    __table_args__ = (Index("ix_roster_residents_room", "site", "room_id"),)

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    room_id: Mapped[int] = mapped_column(Integer)
    immobile: Mapped[bool] = mapped_column(Boolean, default=False)
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    student: Mapped[bool] = mapped_column(Boolean, default=False)
    elderly: Mapped[bool] = mapped_column(Boolean, default=False)
    locked_down: Mapped[bool] = mapped_column(Boolean, default=False)
    single: Mapped[bool] = mapped_column(Boolean, default=False)
    line: Mapped[int] = mapped_column(Integer)


class RoundRow(Base):
    """A testing round with its window and buildings (JSON list; empty: every building)."""

    __tablename__ = "roster_rounds"

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    buildings: Mapped[list[Any]] = mapped_column(JSON, default=list)


class TestedElsewhereRow(Base):
    """A resident who was tested at another site in a round, from a list the lead imported."""

    __tablename__ = "roster_tested_elsewhere"

    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    round: Mapped[str] = mapped_column(String(40), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    place: Mapped[str] = mapped_column(String(100), default="")


class ImportLogRow(Base):
    """One roster import: who loaded which file and what it changed."""

    __tablename__ = "roster_imports"

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(255))
    rows: Mapped[int] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)
    registered: Mapped[int] = mapped_column(Integer)
    refused: Mapped[int] = mapped_column(Integer)


class ExportLogRow(Base):
    """One export of a personal list (PIPL: bulk export is a logged act)."""

    __tablename__ = "roster_exports"

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(String(100))
    what: Mapped[str] = mapped_column(String(100))
    rows: Mapped[int] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(255))
