"""Records after the table: transport boxes, lab results, recalls and the events behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from station.core.identity import Document
from station.core.messages import say
from station.core.records import Stamp, new_id, utcnow

# A positive pool's people must be found and re-sampled singly within this time (单采复核).
RECALL_TARGET = timedelta(hours=6)
# The recall page sounds its alarm when this little of the target is left.
RECALL_ALARM_BEFORE = timedelta(hours=1)


class LabEventKind(StrEnum):
    BOX_OPENED = "box_opened"
    TUBE_PACKED = "tube_packed"
    TUBE_UNPACKED = "tube_unpacked"  # taken out of the box, with a reason
    BOX_CLOSED = "box_closed"  # with the count of tubes in hand
    BOX_REOPENED = "box_reopened"  # closed box opened again to put a found tube in
    BOX_HANDED_OVER = "box_handed_over"  # to the transporter, manifest printed
    BOX_RECEIVED = "box_received"  # by the lab
    BOX_VOIDED = "box_voided"  # an empty box given up by the site lead, with a reason
    RESULT_RECORDED = "result_recorded"  # one tube's result from the lab
    RECALL_OPENED = "recall_opened"  # a positive pool: everyone in it must be found
    PERSON_FOUND = "person_found"  # a recalled person reached and kept in place
    PERSON_RESAMPLED = "person_resampled"  # recalled person put in a single tube
    RECALL_CLOSED = "recall_closed"  # every line has its single result back
    RECALL_EXPORTED = "recall_exported"  # the list left the station (who, what, how many)


@dataclass(frozen=True)
class LabEvent:
    """One fact about boxes, results or recalls, never changed after it is written."""

    kind: LabEventKind
    stamp: Stamp
    box: str | None = None
    tube: str | None = None
    person_id: str | None = None
    recall_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    at: datetime = field(default_factory=utcnow)


class BoxStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    HANDED_OVER = "handed_over"
    RECEIVED = "received"
    VOIDED = "voided"

    @property
    def label(self) -> str:
        return say(f"box_state.{self.value}", "zh")


@dataclass(frozen=True)
class Box:
    barcode: str
    status: BoxStatus
    capacity: int
    table: str
    recorder: str
    opened_at: datetime
    count: int = 0  # tubes the system holds in the box
    counted: int | None = None  # tubes the operator counted in hand at closing
    closed_at: datetime | None = None
    transporter: str = ""
    transporter_phone: str = ""
    handed_at: datetime | None = None
    received_at: datetime | None = None

    @property
    def mismatch(self) -> bool:
        """Counted in hand differs from the system: handover waits until it is resolved."""
        return self.counted is not None and self.counted != self.count


@dataclass(frozen=True)
class PackedTube:
    """A tube's place in a box: the tube_packed event that put it there."""

    event_id: str
    box: str
    tube: str
    packed_at: datetime
    people: int
    mode: int


class Result(StrEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"
    INVALID = "invalid"

    @property
    def label(self) -> str:
        return {"negative": "阴性", "positive": "阳性", "invalid": "无效"}[self.value]


@dataclass(frozen=True)
class TubeResult:
    tube: str
    result: Result
    tested_at: datetime | None
    recorded_at: datetime


@dataclass(frozen=True)
class TubeHistory:
    """One tube in a person's history: when, how pooled, which box, what result."""

    tube: str
    mode: int
    opened_at: datetime
    box: str | None
    result: Result | None
    recorded_at: datetime | None  # when the result arrived


class LineStatus(StrEnum):
    TO_FIND = "to_find"  # 待找到
    FOUND = "found"  # 已找到
    RESAMPLED = "resampled"  # 已单采
    RESULT_BACK = "result_back"  # 结果已回

    @property
    def label(self) -> str:
        return {
            "to_find": "待找到",
            "found": "已找到",
            "resampled": "已单采",
            "result_back": "结果已回",
        }[self.value]


@dataclass(frozen=True)
class RecallLine:
    recall_id: str
    person_id: str
    name: str
    phone: str
    status: LineStatus
    found_at: datetime | None = None
    resample_tube: str | None = None
    resampled_at: datetime | None = None
    result: Result | None = None
    # What tells apart people who came with an ID card only (no name, no phone on record).
    document: Document | None = None


@dataclass(frozen=True)
class Recall:
    id: str
    tube: str
    opened_at: datetime  # when the positive result arrived
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
