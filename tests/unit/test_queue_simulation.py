"""The seeded policy comparison of bench/simulate_queue.py, checked (default policy only)."""

from __future__ import annotations

import pytest

from bench.queue_compare import NORMAL_MAX_FACTOR, PRIORITY_P95_SHARE, compare, spread
from station.queue.config import QueueConfig
from station.queue.policy import Fifo, StrictPriority
from station.queue.sim import Scenario

# The bench's seeded site: 4 tables, 20 s per person, 8 hours of arrivals.
SEEDED = {"tables": 4, "hours": 8.0, "seed": 20220404}


@pytest.mark.parametrize("utilisation", [0.9, 0.97])
def test_default_policy_meets_both_bounds_at_20_percent_priority(utilisation):
    _, verdict = compare(Scenario(utilisation, 0.2, **SEEDED), QueueConfig().make_policy())
    assert verdict.priority_ratio <= PRIORITY_P95_SHARE
    assert verdict.normal_ratio <= NORMAL_MAX_FACTOR


@pytest.mark.parametrize("utilisation", [0.9, 0.97])
def test_at_50_percent_priority_the_normal_bound_holds_and_priority_still_gains(utilisation):
    """The priority target (≤ 25% of FIFO's p95) is NOT met at 50% priority: see docs/queue.md.
    What the default does guarantee there: the normal line's worst wait stays within 1.3 x
    FIFO's, and priority still waits less than under FIFO."""
    rows, verdict = compare(Scenario(utilisation, 0.5, **SEEDED), QueueConfig().make_policy())
    assert verdict.normal_ratio <= NORMAL_MAX_FACTOR
    assert verdict.priority_ratio < 1.0
    strict = next(r for r in rows if r.policy == "strict")
    fifo = rows[0]
    assert strict.normal.max > NORMAL_MAX_FACTOR * fifo.normal.max  # strict starves normal


def test_at_97_percent_and_half_priority_no_policy_could_meet_the_target_that_day():
    """Knowing the whole day in advance, keeping the normal bound and first come, first served
    within each lane, the priority p95 cannot get below about half of FIFO's."""
    _, verdict = compare(Scenario(0.97, 0.5, **SEEDED), QueueConfig().make_policy())
    assert verdict.best_ratio > 0.4 > PRIORITY_P95_SHARE
    assert verdict.priority_ratio >= verdict.best_ratio


def test_the_normal_bound_holds_day_after_day_where_the_old_default_broke_it():
    """ρ 0.9, half priority: the old default (priority first, cap 4, guard on the head only)
    let the normal line's worst wait reach 1.34 and 1.32 x FIFO's on two of these days."""
    days = spread(Scenario(0.9, 0.5, **SEEDED), QueueConfig().make_policy(), range(1, 9))
    assert [round(v.normal_ratio, 2) for v in days.verdicts if not v.normal_ok] == []
    for v in days.verdicts:  # hindsight is a bound: nothing that keeps the limit beats it
        assert v.priority_ratio >= v.best_ratio


def test_everyone_is_served_once_and_total_waiting_is_the_same_under_every_policy():
    """Common random numbers: the same arrivals and the same work for every policy, so the
    sum of all waits (the area under the line's length) cannot depend on the policy."""
    scenario = Scenario(0.95, 0.3, tables=4, hours=2.0, seed=7)
    arrivals, _ = scenario.draw()
    totals = []
    for policy in (Fifo(), StrictPriority(), QueueConfig().make_policy()):
        result = scenario.run(policy)
        assert sorted(s.arrival.at for s in result.served) == [a.at for a in arrivals]
        assert all(s.wait >= 0 for s in result.served)
        totals.append(sum(s.wait for s in result.served))
    assert max(totals) - min(totals) < 1e-6 * max(totals)
