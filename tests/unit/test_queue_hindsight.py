"""The hindsight schedule against every schedule there is, on small days: none does better."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.queue_hindsight import best_priority_waits


@st.composite
def days(draw):  # type: ignore[no-untyped-def]
    """Arrivals (time, priority?) and call times such that someone waits at every call."""
    count = draw(st.integers(min_value=1, max_value=8))
    times = st.integers(min_value=0, max_value=40)
    arrivals = sorted(draw(st.lists(times, min_size=count, max_size=count)))
    priority = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    gaps = draw(st.lists(st.integers(min_value=0, max_value=12), min_size=count, max_size=count))
    calls, last = [], 0
    for at, gap in zip(arrivals, gaps, strict=True):
        last = max(last, at) + gap  # the k-th call comes once k tickets have arrived
        calls.append(last)
    return arrivals, priority, calls, draw(st.integers(min_value=0, max_value=30))


def schedules(arrivals, priority, calls, limit):  # type: ignore[no-untyped-def]
    """Priority waits of every schedule (FIFO in each lane) keeping normal waits in limit."""
    normal = [at for at, p in zip(arrivals, priority, strict=True) if not p]
    urgent = [at for at, p in zip(arrivals, priority, strict=True) if p]
    for lanes in product((False, True), repeat=len(calls)):
        if sum(lanes) != len(urgent):
            continue
        n = p = 0
        waits: list[float] = []
        for at, is_priority in zip(calls, lanes, strict=True):
            if is_priority:
                waits.append(at - urgent[p])
                p += 1
                if waits[-1] < 0:
                    break
            else:
                wait = at - normal[n]
                n += 1
                if wait < 0 or wait > limit:
                    break
        else:
            yield waits


@settings(max_examples=400, deadline=None)
@given(days())
def test_no_schedule_calls_any_priority_ticket_sooner(day):  # type: ignore[no-untyped-def]
    arrivals, priority, calls, limit = day
    normal = [float(at) for at, p in zip(arrivals, priority, strict=True) if not p]
    urgent = [float(at) for at, p in zip(arrivals, priority, strict=True) if p]
    best = best_priority_waits([float(c) for c in calls], normal, urgent, float(limit))
    every = list(schedules(arrivals, priority, calls, limit))
    if best is None:
        assert every == [], "a schedule keeps the limit, but hindsight found none"
        return
    assert best in every, "the hindsight schedule must itself keep the limit"
    for waits in every:
        assert all(b <= w for b, w in zip(best, waits, strict=True))
