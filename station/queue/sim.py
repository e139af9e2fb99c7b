"""A seeded SimPy model of a sampling site's line: arrivals, lanes, tables and a queue policy.

The bench compares the policies with it and `nat-station plan` answers a site's questions
with it. Service times are drawn in the order services start, not per person, so every
policy sees the very same arrivals and the very same work (common random numbers): the
number of people waiting at any moment is the same under every policy that keeps tables
busy, and the differences in the table are the policy's alone.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from itertools import islice

import simpy

from station.queue.board import RATE_WINDOW, lane_views, normal_factor, recent_interval_s
from station.queue.lanes import DEFAULT_LANES
from station.queue.policy import (
    Head,
    InLine,
    Policy,
    QueueState,
    Snapshot,
    after_call,
    fifo_call,
)

NORMAL, PRIORITY = "A", "P"


@dataclass(frozen=True)
class Arrival:
    at: float  # seconds from the start of the session
    priority: bool


@dataclass(frozen=True)
class Served:
    arrival: Arrival
    called_at: float
    done_at: float
    estimate: float = 0.0  # the wait the site showed for this ticket's lane when it came (s)

    @property
    def wait(self) -> float:
        return self.called_at - self.arrival.at


@dataclass(frozen=True)
class ClassStats:
    count: int
    mean: float
    p95: float
    max: float

    @staticmethod
    def of(waits: Sequence[float]) -> ClassStats:
        if not waits:
            return ClassStats(0, 0.0, 0.0, 0.0)
        ordered = sorted(waits)
        # Nearest-rank percentile: an actual person's wait, not an interpolation.
        rank = max(0, -(-95 * len(ordered) // 100) - 1)
        return ClassStats(len(ordered), sum(ordered) / len(ordered), ordered[rank], ordered[-1])


@dataclass(frozen=True)
class Result:
    policy: str
    served: list[Served] = field(repr=False)

    def stats(self, priority: bool) -> ClassStats:
        return ClassStats.of([s.wait for s in self.served if s.arrival.priority is priority])

    @property
    def finished_at(self) -> float:
        return max((s.done_at for s in self.served), default=0.0)


def poisson_arrivals(
    rng: random.Random, rate_per_s: float, duration_s: float, priority_share: float
) -> list[Arrival]:
    arrivals: list[Arrival] = []
    now = rng.expovariate(rate_per_s)
    while now < duration_s:
        arrivals.append(Arrival(now, rng.random() < priority_share))
        now += rng.expovariate(rate_per_s)
    return arrivals


def service_times(rng: random.Random, count: int, mean_s: float, cv: float) -> list[float]:
    """Gamma-distributed service times (cv 0.5: most people 10-30 s around a 20 s mean)."""
    shape = 1 / (cv * cv)
    return [rng.gammavariate(shape, mean_s / shape) for _ in range(count)]


def simulate(
    policy: Policy,
    arrivals: Sequence[Arrival],
    services: Sequence[float],
    tables: int,
    planning_s: float = 20.0,
) -> Result:
    """Run the site until everyone is served; `services` needs one entry per arrival. Each
    ticket keeps the wait the display and slip estimated for it when it came (with
    `planning_s` seconds per person until the day's calls tell), to weigh it against its wait."""
    site = _Site(policy, services, planning_s)
    site.env.process(site.arrive(arrivals))
    for number in range(tables):
        site.env.process(site.table(number))
    site.env.run()
    return Result(policy.name, site.served)


class _Site:
    """The simulated site while it runs: its lanes, the policy's state, who was served."""

    def __init__(self, policy: Policy, services: Sequence[float], planning_s: float) -> None:
        self.policy = policy
        self.services = services
        self.planning_s = planning_s
        self.env = simpy.Environment()
        self.lanes: dict[str, deque[Arrival]] = {NORMAL: deque(), PRIORITY: deque()}
        self.normal_line: deque[InLine] = deque()  # the normal lane again, as the guard sees it
        # call number -> the normal ticket it settles the FIFO wait of
        self.settles: dict[int, float] = {}
        self.state = QueueState()
        self.idle: list[simpy.Event] = []
        self.served: list[Served] = []
        self.estimates: dict[int, float] = {}  # id(arrival) -> its estimated wait
        # (time, table) of the calls in the rate window
        self.recent: deque[tuple[float, int]] = deque()
        self.issued: deque[tuple[float, str]] = deque()  # (time, lane) of the tickets in the window
        self.started = 0

    def waiting(self) -> int:
        return sum(len(line) for line in self.lanes.values())

    def estimate(self, lane: str) -> float:
        """The wait the display shows for `lane` now (s), as the board works it out."""
        now, recent, issued = self.env.now, self.recent, self.issued
        window = RATE_WINDOW.total_seconds()
        while recent and now - recent[0][0] > window:
            recent.popleft()
        while issued and now - issued[0][0] >= window:
            issued.popleft()
        ages = [now - at for at, _ in recent]
        interval = recent_interval_s(ages, len({t for _, t in recent}), self.planning_s)
        counts = {code: len(line) for code, line in self.lanes.items()}
        mix = {code: sum(c == code for _, c in issued) for code in self.lanes}
        factor = normal_factor(DEFAULT_LANES, mix, self.policy.name)
        issued.append((now, lane))
        views = lane_views(DEFAULT_LANES, counts, interval, factor)
        return next(v.wait_min for v in views if v.code == lane) * 60

    def arrive(self, arrivals: Sequence[Arrival]) -> Generator[simpy.Event, object, None]:
        for arrival in arrivals:
            yield self.env.timeout(max(0.0, arrival.at - self.env.now))
            lane = PRIORITY if arrival.priority else NORMAL
            self.estimates[id(arrival)] = self.estimate(lane)
            if not arrival.priority:
                call = fifo_call(self.state.calls, self.waiting())
                self.settles.setdefault(call, arrival.at)
                self.normal_line.append(InLine(arrival.at, call))
            self.lanes[lane].append(arrival)
            if self.idle:
                self.idle.pop(0).succeed()

    def table(self, number: int) -> Generator[simpy.Event, object, None]:
        env = self.env
        while True:
            if not self.waiting():
                wake = env.event()
                self.idle.append(wake)
                yield wake
                continue
            arrival = self.call_next()
            duration = self.services[self.started]
            self.started += 1
            called = env.now
            self.recent.append((called, number))
            yield env.timeout(duration)
            self.served.append(Served(arrival, called, env.now, self.estimates.pop(id(arrival))))

    def call_next(self) -> Arrival:
        """The policy's pick among the lanes' heads, taken off its lane."""
        heads = [
            Head(lane, lane == PRIORITY, line[0].at, line[0].at)
            for lane, line in self.lanes.items()
            if line
        ]
        line = list(islice(self.normal_line, self.policy.lookahead))
        snapshot = Snapshot(self.env.now, heads, self.state, line)
        chosen = self.policy.pick(snapshot)
        assert chosen is not None
        arrival = self.lanes[chosen.lane].popleft()
        if chosen.lane == NORMAL:
            self.normal_line.popleft()
        # No normal ticket: no FIFO wait.
        issued_at = self.settles.pop(self.state.calls + 1, self.env.now)
        self.state = after_call(self.state, snapshot, chosen, self.env.now - issued_at)
        return arrival


@dataclass(frozen=True)
class Scenario:
    utilisation: float
    priority_share: float
    tables: int = 4
    service_mean_s: float = 20.0
    service_cv: float = 0.5
    hours: float = 8.0  # a working day at the site
    seed: int = 20220404

    def draw(self) -> tuple[list[Arrival], list[float]]:
        rng = random.Random(f"{self.seed}:{self.utilisation}:{self.priority_share}")
        rate = self.utilisation * self.tables / self.service_mean_s
        arrivals = poisson_arrivals(rng, rate, self.hours * 3600, self.priority_share)
        return arrivals, service_times(rng, len(arrivals), self.service_mean_s, self.service_cv)

    def run(self, policy: Policy) -> Result:
        arrivals, services = self.draw()
        return simulate(policy, arrivals, services, self.tables)
