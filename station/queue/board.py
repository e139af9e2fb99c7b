"""What the queue display shows: recent calls, each lane's length and wait, the site's status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from station.queue.batches import BuildingBatch, local_time
from station.queue.forecast import JamWarning
from station.queue.lanes import Lane
from station.queue.ports import Call

RATE_WINDOW = timedelta(minutes=15)
MIN_CALLS_FOR_RATE = 3
MIN_SPAN_FOR_RATE = timedelta(minutes=3)  # a burst of calls at opening says nothing yet
MIN_ISSUES_FOR_SHARE = 10  # tickets issued in the rate window before their lanes' mix counts
# The share of the priority tickets coming after it that a waiting normal ticket gives way
# to, by policy: all under strict, none under FIFO; under bounded the guard stops about half
# (measured on the simulation's tuning days, see docs/queue.md).
GIVES_WAY = {"fifo": 0.0, "strict": 1.0, "bounded": 0.5}


class SiteStatus(StrEnum):
    CLEAR = "clear"
    BUSY = "busy"
    JAMMED = "jammed"

    @property
    def label(self) -> str:
        return {"clear": "畅通", "busy": "忙碌", "jammed": "拥堵"}[self.value]


@dataclass(frozen=True)
class LaneView:
    code: str
    name: str
    priority: bool
    waiting: int
    wait_min: float  # estimated wait of a ticket issued now


@dataclass(frozen=True)
class Board:
    calls: list[Call]  # newest first
    lanes: list[LaneView]
    status: SiteStatus
    batches: list[str]  # the building batches being called now
    notices: list[str]  # the jam warning first, when there is one
    next_batches: list[str] = field(default_factory=list)  # the batches called down next
    warning: JamWarning | None = None  # the normal lane will pass 拥堵 within half an hour


def call_interval_s(
    calls: Sequence[tuple[datetime, str]], now: datetime, planning_s: float
) -> float:
    """Seconds between calls at the site lately, from (time, table) of recent calls.

    Until the calls span a few minutes, the planning figure (seconds per person at one table)
    shared by the tables seen calling."""
    recent = [(at, table) for at, table in calls if now - at <= RATE_WINDOW]
    ages = [(now - at).total_seconds() for at, _ in recent]
    return recent_interval_s(ages, len({table for _, table in recent}), planning_s)


def recent_interval_s(ages_s: Sequence[float], tables: int, planning_s: float) -> float:
    """`call_interval_s` from how long ago (seconds) each call in the rate window was made and
    how many tables made them; the simulation estimates with it too."""
    span = max(ages_s, default=0.0)
    if len(ages_s) < MIN_CALLS_FOR_RATE or span < MIN_SPAN_FOR_RATE.total_seconds():
        return planning_s / max(1, tables)
    return span / len(ages_s)


def normal_factor(lanes: Sequence[Lane], issued: dict[str, int], policy: str) -> float:
    """How much longer than "everyone ahead × the call interval" a normal ticket waits: the
    priority tickets that come while it waits and are called first take calls too. From the
    priority share of the tickets issued lately (per lane, in the rate window)."""
    total = sum(issued.values())
    if total < MIN_ISSUES_FOR_SHARE:
        return 1.0
    urgent = sum(issued.get(lane.code, 0) for lane in lanes if lane.priority and lane.enabled)
    share = min(urgent / total, 0.9)
    return 1 / (1 - GIVES_WAY.get(policy, GIVES_WAY["bounded"]) * share)


def lane_views(
    lanes: Sequence[Lane], waiting: dict[str, int], interval_s: float, normal: float = 1.0
) -> list[LaneView]:
    """A priority ticket waits behind the priority line; a normal one behind everyone, times
    `normal` (see `normal_factor`)."""
    open_lanes = [lane for lane in lanes if lane.enabled]
    priority_ahead = sum(waiting.get(lane.code, 0) for lane in open_lanes if lane.priority)
    everyone = sum(waiting.get(lane.code, 0) for lane in open_lanes)
    return [
        LaneView(
            lane.code,
            lane.name,
            lane.priority,
            waiting.get(lane.code, 0),
            (priority_ahead if lane.priority else everyone * normal) * interval_s / 60,
        )
        for lane in open_lanes
    ]


def site_status(views: Sequence[LaneView], busy_min: float, jammed_min: float) -> SiteStatus:
    worst = max((v.wait_min for v in views), default=0.0)
    if worst >= jammed_min:
        return SiteStatus.JAMMED
    if worst >= busy_min:
        return SiteStatus.BUSY
    return SiteStatus.CLEAR


def next_batches(schedule: Sequence[BuildingBatch], at: datetime) -> list[BuildingBatch]:
    """The batches that start next after `at` (several when they start together)."""
    now = local_time(at)
    later = [b for b in schedule if b.start > now]
    first = min((b.start for b in later), default=None)
    return [b for b in later if b.start == first]
