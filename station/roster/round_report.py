"""The round report (轮次报表): totals, pooling, hours, recorders, coverage, cross-checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Protocol

from station.core.records import TubeStatus, utcnow
from station.roster.coverage import Coverage, CoverageService
from station.roster.ports import RosterUnitOfWork, Round, Sampled, TubeCount


@dataclass(frozen=True)
class BoxSummary:
    barcode: str
    status: str
    tubes: int
    counted: int | None
    transporter: str
    handed_at: datetime | None
    received_at: datetime | None
    label: str = ""  # the status as the report prints it (已签收), from the lab feature


@dataclass(frozen=True)
class RecallSummary:
    tube: str
    opened_at: datetime
    closed_at: datetime | None
    people: int
    found: int
    resampled: int


class LabSections(Protocol):
    """Boxes, handovers and recalls of a round's tubes, from the boxes-and-results feature."""

    def boxes(self, tubes: list[str]) -> list[BoxSummary]:
        """The boxes holding any of `tubes`."""
        ...

    def recalls(self, tubes: list[str]) -> list[RecallSummary]:
        """The recalls opened by any of `tubes`."""
        ...


@dataclass(frozen=True)
class RecorderCount:
    recorder: str
    table: str
    people: int


@dataclass(frozen=True)
class RoundReport:
    site: str
    round: Round
    made_at: datetime
    tubes: list[TubeCount]
    sampled: list[Sampled]
    coverage: Coverage
    timezone: tzinfo
    boxes: list[BoxSummary] | None = None  # None: the boxes feature is not wired in
    recalls: list[RecallSummary] | None = None

    # ----- the numbers ----------------------------------------------------------------------
    @property
    def people(self) -> int:
        return len(self.sampled)

    @property
    def tubes_sealed(self) -> int:
        return sum(t.status == TubeStatus.SEALED.value for t in self.tubes)

    @property
    def tubes_open(self) -> int:
        return sum(t.status == TubeStatus.OPEN.value for t in self.tubes)

    def by_mode(self) -> list[tuple[int, int, int]]:
        """(mode, tubes, people) per pooling mode, 1:1 first."""
        tubes: Counter[int] = Counter()
        people: Counter[int] = Counter()
        for tube in self.tubes:
            tubes[tube.mode] += 1
            people[tube.mode] += tube.count
        return [(mode, tubes[mode], people[mode]) for mode in sorted(tubes)]

    def per_hour(self) -> list[tuple[datetime, int]]:
        """People per clock hour (local time of the site), in order."""
        hours = Counter(
            s.at.astimezone(self.timezone).replace(minute=0, second=0, microsecond=0)
            for s in self.sampled
        )
        return sorted(hours.items())

    def per_recorder(self) -> list[RecorderCount]:
        counts = Counter((s.recorder, s.table) for s in self.sampled)
        return [
            RecorderCount(recorder, table, n)
            for (recorder, table), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def cross_check(self) -> list[str]:
        """Every way the numbers must agree; an empty list means they do."""
        problems: list[str] = []
        tube_sum = sum(t.count for t in self.tubes)
        if tube_sum != self.people:
            problems.append(f"试管人数合计 {tube_sum} ≠ 在管人数 {self.people}")
        in_tubes = Counter(s.tube for s in self.sampled)
        for tube in self.tubes:
            if in_tubes[tube.barcode] != tube.count:
                problems.append(
                    f"试管 {tube.barcode} 记 {tube.count} 人，实有 {in_tubes[tube.barcode]} 人"
                )
            if tube.count > tube.mode:
                problems.append(f"试管 {tube.barcode} {tube.count} 人超过 {tube.mode}:1")
        if sum(p for _, _, p in self.by_mode()) != self.people:
            problems.append("按混采模式的人数合计与总人数不符")
        if sum(n for _, n in self.per_hour()) != self.people:
            problems.append("按小时的人数合计与总人数不符")
        if sum(r.people for r in self.per_recorder()) != self.people:
            problems.append("按录入员的人数合计与总人数不符")
        here = self.coverage.tested - self.coverage.elsewhere
        if here > self.people:
            problems.append(f"本点已检居民 {here} 多于本点检测人数 {self.people}")
        if self.boxes is not None:
            boxed = sum(b.tubes for b in self.boxes)
            if boxed > self.tubes_sealed + self.tubes_open:
                problems.append(f"装箱试管 {boxed} 多于本轮试管 {len(self.tubes)}")
        return problems


@dataclass
class RoundReports:
    """Builds the round report from one read of the database."""

    uow: RosterUnitOfWork
    coverage: CoverageService
    site: str
    lab: LabSections | None = None
    clock: Callable[[], datetime] = utcnow

    def build(self, name: str | None = None) -> RoundReport:
        round = self.coverage.round(name)
        coverage = self.coverage.coverage(round.name)
        with self.uow() as store:
            tubes = store.round_tubes(round)
            sampled = store.round_sampled(round)
        barcodes = [t.barcode for t in tubes]
        return RoundReport(
            site=self.site,
            round=round,
            made_at=self.clock(),
            tubes=tubes,
            sampled=sampled,
            coverage=coverage,
            timezone=datetime.now().astimezone().tzinfo,  # type: ignore[arg-type]  # astimezone sets it
            boxes=self.lab.boxes(barcodes) if self.lab else None,
            recalls=self.lab.recalls(barcodes) if self.lab else None,
        )
