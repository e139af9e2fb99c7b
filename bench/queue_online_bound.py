"""How well any policy that does not know the future could do: the hindsight bound, forked.

`bench.queue_hindsight` knows the whole day, so its bound is out of reach for a real policy.
This module gives a bound that is not: take a day, cut it at `fork_at`, and continue it with
other futures (the arrivals after the cut from other days, the work of the day itself). With
Poisson arrivals and service times drawn in the order services start, every such spliced day
is a day of the very same scenario, as likely as any other. Up to the cut the spliced days are
one and the same day, so a policy that does not know the future makes the same choices on all
of them; and "the normal lane's max ≤ 1.3 × FIFO's" must hold on each of them, against each
one's own FIFO max.

`fork_priority_waits` makes, before the cut, the hindsight choice against all of them at once
(call priority unless some branch would then leave a normal ticket unable to make its limit),
and after the cut each branch's own hindsight choice. By the same argument as the hindsight
bound, no schedule that shares its choices before the cut and keeps every branch's normal limit
calls any priority ticket sooner on any branch. So a policy that keeps the normal bound on all
the branches has, on each branch, a priority p95 at least the one found here.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bench.queue_hindsight import best_priority_waits, tightest
from station.queue.sim import Arrival, ClassStats, Scenario


@dataclass(frozen=True)
class Branch:
    """One day as the bound sees it: call times and each lane's arrivals (all sorted), and
    the longest normal wait allowed on it (1.3 × its own FIFO max)."""

    calls: Sequence[float]
    normal: Sequence[float]
    priority: Sequence[float]
    limit: float


def fifo_calls(arrivals: Sequence[Arrival], services: Sequence[float], tables: int) -> list[float]:
    """The call times of a day (the same under every policy that keeps tables busy), without
    SimPy: first come, first served on `tables` tables, the k-th service lasting services[k]."""
    free = [0.0] * tables
    calls = []
    for arrival, duration in zip(arrivals, services, strict=False):
        start = max(heapq.heappop(free), arrival.at)
        calls.append(start)
        heapq.heappush(free, start + duration)
    return calls


def branch_of(
    arrivals: Sequence[Arrival], services: Sequence[float], tables: int, factor: float
) -> Branch:
    """The day's branch: its calls, lanes, and limit `factor` × FIFO's longest normal wait."""
    calls = fifo_calls(arrivals, services, tables)
    worst = max(
        (c - a.at for c, a in zip(calls, arrivals, strict=True) if not a.priority), default=0.0
    )
    return Branch(
        calls,
        [a.at for a in arrivals if not a.priority],
        [a.at for a in arrivals if a.priority],
        factor * worst,
    )


def spliced(
    day: tuple[Sequence[Arrival], Sequence[float]],
    future: Sequence[Arrival],
    at: float,
    rng: random.Random,
    draw_service: Callable[[random.Random], float],
) -> tuple[list[Arrival], list[float]]:
    """`day` up to `at`, then the arrivals of `future` from `at` on; the day's own service
    times, continued with fresh draws of `draw_service(rng)` if the spliced day has more people."""
    arrivals = [a for a in day[0] if a.at < at] + [a for a in future if a.at >= at]
    services = list(day[1][: len(arrivals)])
    while len(services) < len(arrivals):
        services.append(draw_service(rng))
    return arrivals, services


def fork_priority_waits(branches: Sequence[Branch], fork_at: float) -> list[list[float] | None]:
    """Each branch's priority waits (arrival order) under the best schedule that makes the
    same choices on every branch before `fork_at` and keeps each branch's normal limit; None
    for a branch where none does. The branches must be one day before `fork_at`: the same
    calls and the same arrivals."""
    tight = [tightest(b.calls, b.normal, b.limit) for b in branches]
    shared = Branch(
        branches[0].calls, branches[0].normal, branches[0].priority, min(b.limit for b in branches)
    )
    prefix = _greedy(shared, tight, (0, [], 0), fork_at)
    if prefix is None:
        return [None] * len(branches)
    found = []
    for branch, own in zip(branches, tight, strict=True):
        rest = _greedy(branch, [own], (prefix[0], list(prefix[1]), prefix[2]), float("inf"))
        found.append(None if rest is None else rest[1])
    return found


_Progress = tuple[int, list[float], int]  # normal tickets called, priority waits, next call


def _greedy(
    branch: Branch, tight: Sequence[list[int]], progress: _Progress, stop: float
) -> _Progress | None:
    """Call priority unless one of `tight` forces the normal line, from call `progress[2]` on
    while calls come before `stop`; None when the normal limit cannot be kept."""
    called_normal, waits, k = progress
    while k < len(branch.calls) and branch.calls[k] < stop:
        at = branch.calls[k]
        k += 1
        forced = any(t[called_normal] <= k - 1 - called_normal for t in tight)
        if not forced and len(waits) < len(branch.priority) and branch.priority[len(waits)] <= at:
            waits.append(at - branch.priority[len(waits)])
            continue
        if called_normal == len(branch.normal):
            return None  # no ticket can take this call
        wait = at - branch.normal[called_normal]
        if wait < 0 or wait > branch.limit:
            return None
        called_normal += 1
    return called_normal, waits, k


def online_bound(
    scenario: Scenario, futures: Sequence[int], forks_h: Sequence[float], factor: float
) -> tuple[float, float]:
    """On the scenario's day: (the lowest priority p95 over the hindsight bound's that any
    policy not knowing the future can reach on it while keeping the normal limit on the days
    it forks into, the highest such ratio on any of those days). Forks at each of `forks_h`
    hours into the day, into the futures of the days with seeds `futures`."""
    day = scenario.draw()
    shape = 1 / (scenario.service_cv * scenario.service_cv)

    def draw(rng: random.Random) -> float:
        return rng.gammavariate(shape, scenario.service_mean_s / shape)

    own = branch_of(*day, scenario.tables, factor)
    drawn = [replace(scenario, seed=seed).draw()[0] for seed in futures]
    lowest = highest = 1.0
    for hours in forks_h:
        at = hours * 3600
        branches = [own]
        for seed, future in zip(futures, drawn, strict=True):
            rng = random.Random(f"{scenario.seed}:{seed}:{hours}")
            branches.append(
                branch_of(*spliced(day, future, at, rng, draw), scenario.tables, factor)
            )
        forked = fork_priority_waits(branches, at)
        ratios = [_p95_ratio(w, b) for w, b in zip(forked, branches, strict=True)]
        lowest, highest = max(lowest, ratios[0]), max(highest, *ratios)
    return lowest, highest


def _p95_ratio(forked: list[float] | None, branch: Branch) -> float:
    best = best_priority_waits(branch.calls, branch.normal, branch.priority, branch.limit)
    assert best is not None and forked is not None, "FIFO itself keeps the limit"
    bound = ClassStats.of(best).p95
    return ClassStats.of(forked).p95 / bound if bound else 1.0
