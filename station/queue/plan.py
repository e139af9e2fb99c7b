"""`nat-station plan`: expected waits and the finish time of a round, on the simulation model."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from station.queue.batches import BuildingBatch
from station.queue.policy import Fifo, Policy
from station.queue.sim import Arrival, ClassStats, service_times, simulate


@dataclass(frozen=True)
class Segment:
    """A stretch of the day and the share of the residents who come in it."""

    start_h: float  # hours from the opening
    end_h: float
    share: float


def parse_curve(text: str) -> list[Segment]:
    """`0-1:30,1-2:20,2-4:50` (hours from opening : percent); shares are normalised."""
    segments = []
    for part in text.split(","):
        span, _, share = part.strip().partition(":")
        start, _, end = span.partition("-")
        segments.append(Segment(float(start), float(end), float(share)))
    total = sum(s.share for s in segments)
    if total <= 0 or any(s.end_h <= s.start_h for s in segments):
        raise ValueError(f"bad arrival curve {text!r}: use start-end:share,... in hours")
    return [Segment(s.start_h, s.end_h, s.share / total) for s in segments]


def curve_from_batches(batches: Sequence[BuildingBatch]) -> tuple[time, list[Segment]]:
    """Each building batch brings an equal share of the residents in its window."""
    if not batches:
        raise ValueError("no building batches to plan from")
    opening = min(b.start for b in batches)
    day = datetime(2000, 1, 1)

    def hours(t: time) -> float:
        return (datetime.combine(day, t) - datetime.combine(day, opening)).total_seconds() / 3600

    share = 1 / len(batches)
    return opening, [Segment(hours(b.start), hours(b.end), share) for b in batches]


def arrivals(
    rng: random.Random, residents: int, curve: Sequence[Segment], priority_share: float
) -> list[Arrival]:
    found: list[Arrival] = []
    for segment in curve:
        duration = (segment.end_h - segment.start_h) * 3600
        rate = residents * segment.share / duration
        now = segment.start_h * 3600 + rng.expovariate(rate)
        while now < segment.end_h * 3600:
            found.append(Arrival(now, rng.random() < priority_share))
            now += rng.expovariate(rate)
    return sorted(found, key=lambda a: a.at)


@dataclass(frozen=True)
class PlanResult:
    policy: str
    people: int
    utilisation: float  # offered work / table time while arrivals last
    priority: ClassStats
    normal: ClassStats
    last_done: timedelta  # from the opening


def plan(
    residents: int,
    curve: Sequence[Segment],
    tables: int,
    service_s: float,
    priority_share: float,
    policy: Policy,
    seed: int = 1,
    service_cv: float = 0.5,
) -> list[PlanResult]:
    """The policy and FIFO on the same simulated day."""
    rng = random.Random(seed)
    people = arrivals(rng, residents, curve, priority_share)
    work = service_times(rng, len(people), service_s, service_cv)
    span = (max(s.end_h for s in curve) - min(s.start_h for s in curve)) * 3600
    results = []
    for chosen in (policy, Fifo()):
        result = simulate(chosen, people, work, tables)
        results.append(
            PlanResult(
                chosen.name,
                len(people),
                sum(work) / (tables * span),
                result.stats(True),
                result.stats(False),
                timedelta(seconds=result.finished_at),
            )
        )
    return results
