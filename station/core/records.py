"""The records the station keeps: people, tubes, memberships and the events behind them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from station.core.identity import Document
from station.core.pooling import PoolingMode


def new_id() -> str:
    """Client-generated key, so that a later sync can forward records idempotently."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class EventKind(StrEnum):
    PERSON_REGISTERED = "person_registered"  # new person, or new name/phone for a known one
    TUBE_OPENED = "tube_opened"
    TUBE_MODE_SET = "tube_mode_set"  # mode of a still empty tube changed
    TUBE_VOIDED = "tube_voided"  # an empty tube given up (wrong tube scanned)
    PERSON_ADDED = "person_added"
    PERSON_REMOVED = "person_removed"  # correction, with a reason
    PERSON_MOVED = "person_moved"  # correction: removed from one open tube, added to another
    TUBE_SEALED = "tube_sealed"
    TUBE_REOPENED = "tube_reopened"


@dataclass(frozen=True)
class Stamp:
    """Who recorded something, where, and in which testing round (检测轮次)."""

    site: str
    table: str
    recorder: str
    round: str


@dataclass(frozen=True)
class Event:
    """One fact, never changed after it is written; corrections are new events."""

    kind: EventKind
    stamp: Stamp
    tube: str | None = None
    person_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Person:
    id: str
    document: Document
    name: str = ""
    phone: str = ""
    single_only: bool = False  # flagged for single sampling (close contact, re-test, ...)


class TubeStatus(StrEnum):
    OPEN = "open"
    SEALED = "sealed"
    VOIDED = "voided"


@dataclass(frozen=True)
class Tube:
    barcode: str
    mode: PoolingMode
    status: TubeStatus
    count: int
    table: str
    recorder: str
    round: str
    opened_at: datetime
    sealed_at: datetime | None = None
    under_filled: bool = False

    @property
    def capacity(self) -> int:
        return int(self.mode)

    @property
    def is_full(self) -> bool:
        return self.count >= self.capacity


@dataclass(frozen=True)
class Member:
    """A person's place in a tube: the person_added event that put them there."""

    event_id: str
    person_id: str
    name: str
    added_at: datetime
    number: str = ""  # the document number, to name someone registered without a name


@dataclass(frozen=True)
class Totals:
    people: int  # samples: a person tested twice today (a re-test) counts twice here ...
    tubes_open: int
    tubes_sealed: int
    people_by_mode: dict[int, int]
    tubes_by_mode: dict[int, int]
    persons: int  # ... and once here: the people tested
