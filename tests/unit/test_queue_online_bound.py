"""The forked bound against every pair of schedules that agree before the fork, on small days."""

from __future__ import annotations

import random
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.queue_hindsight import best_priority_waits
from bench.queue_online_bound import Branch, branch_of, fifo_calls, fork_priority_waits, spliced
from station.queue.policy import Fifo
from station.queue.sim import Arrival, Scenario, simulate

FORK = 20


def _calls(arrivals: list[int], gaps: list[int]) -> list[float]:
    calls, last = [], 0
    for at, gap in zip(arrivals, gaps, strict=False):
        last = max(last, at) + gap  # the k-th call comes once k tickets have arrived
        calls.append(float(last))
    return calls


@st.composite
def forks(draw):  # type: ignore[no-untyped-def]
    """Two days that are one day before FORK: the same arrivals and the same calls."""
    small = st.integers(min_value=0, max_value=3)
    prefix = sorted(draw(st.lists(st.integers(0, FORK - 1), min_size=1, max_size=5)))
    gaps = draw(st.lists(st.integers(0, 8), min_size=9, max_size=9))
    kinds = draw(st.lists(st.booleans(), min_size=9, max_size=9))
    days = []
    for _ in range(2):
        after = sorted(draw(st.lists(st.integers(FORK, FORK + 15), max_size=draw(small))))
        arrivals = prefix + after
        days.append((arrivals, kinds[: len(arrivals)], _calls(arrivals, gaps)))
    limits = draw(st.lists(st.integers(0, 30), min_size=2, max_size=2))
    return days, limits


def _lanes(arrivals, kinds, calls, limit):  # type: ignore[no-untyped-def]
    """(lane choices, priority waits) of every schedule keeping the normal limit."""
    normal = [at for at, p in zip(arrivals, kinds, strict=True) if not p]
    urgent = [at for at, p in zip(arrivals, kinds, strict=True) if p]
    for lanes in product((False, True), repeat=len(calls)):
        if sum(lanes) != len(urgent):
            continue
        n = p = 0
        waits: list[float] = []
        for at, is_priority in zip(calls, lanes, strict=True):
            queue, index = (urgent, p) if is_priority else (normal, n)
            wait = at - queue[index]
            if wait < 0 or (not is_priority and wait > limit):
                break
            if is_priority:
                waits.append(wait)
                p += 1
            else:
                n += 1
        else:
            yield lanes, waits


def _branch(arrivals, kinds, calls, limit) -> Branch:  # type: ignore[no-untyped-def]
    return Branch(
        calls,
        [float(a) for a, p in zip(arrivals, kinds, strict=True) if not p],
        [float(a) for a, p in zip(arrivals, kinds, strict=True) if p],
        float(limit),
    )


@settings(max_examples=300, deadline=None)
@given(forks())
def test_no_pair_of_schedules_agreeing_before_the_fork_calls_priority_sooner(fork):  # type: ignore[no-untyped-def]
    days, limits = fork
    branches = [_branch(*day, limit) for day, limit in zip(days, limits, strict=True)]
    found = fork_priority_waits(branches, FORK)
    each = [list(_lanes(*day, limit)) for day, limit in zip(days, limits, strict=True)]
    shared = sum(c < FORK for c in days[0][2])
    pairs = [
        (a, b)
        for a, b in product(*each)
        if a[0][:shared] == b[0][:shared]  # the same choices before the fork
    ]
    if any(f is None for f in found):
        assert pairs == [], "some schedules agree before the fork and keep both limits"
        return
    assert pairs, "the bound's own schedule keeps both limits"
    for pair in pairs:
        for best, (_, waits) in zip(found, pair, strict=True):
            assert all(x <= w for x, w in zip(best, waits, strict=True))  # type: ignore[arg-type]


def test_one_branch_is_the_hindsight_bound() -> None:
    arrivals, services = Scenario(0.97, 0.5, hours=1.0, seed=3).draw()
    branch = branch_of(arrivals, services, 4, 1.3)
    hindsight = best_priority_waits(branch.calls, branch.normal, branch.priority, branch.limit)
    assert fork_priority_waits([branch], 1800.0) == [hindsight]


def test_fifo_calls_are_the_simulations() -> None:
    arrivals, services = Scenario(0.9, 0.2, hours=1.0, seed=5).draw()
    result = simulate(Fifo(), arrivals, services, 4)
    assert fifo_calls(arrivals, services, 4) == sorted(s.called_at for s in result.served)


def test_a_spliced_day_is_the_day_before_the_cut_and_the_future_after() -> None:
    day = ([Arrival(1.0, False), Arrival(5.0, True)], [10.0, 11.0])
    future = [Arrival(2.0, True), Arrival(6.0, False), Arrival(7.0, True)]
    arrivals, services = spliced(day, future, 5.0, random.Random(1), lambda rng: 99.0)
    assert arrivals == [Arrival(1.0, False), Arrival(6.0, False), Arrival(7.0, True)]
    assert services == [10.0, 11.0, 99.0]
