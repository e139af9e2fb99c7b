"""The round report's numbers and cross-checks, from plain values."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from station.roster.coverage import group_by_building
from station.roster.ports import Round, Sampled, TubeCount, UnitCoverage
from station.roster.round_report import RoundReport

START = datetime(2022, 4, 4, 7, 30, tzinfo=UTC)


def report_of(sizes: list[tuple[int, int]], tested_here: int | None = None) -> RoundReport:
    """Tubes of (mode, people), filled one person every 4 minutes by two recorders."""
    tubes, sampled = [], []
    minute = 0
    for index, (mode, people) in enumerate(sizes):
        barcode = f"T{index:04d}"
        tubes.append(TubeCount(barcode, mode, "sealed" if people == mode else "open", people))
        for _ in range(people):
            sampled.append(
                Sampled(barcode, START + timedelta(minutes=minute), f"录入员{index % 2}", "1")
            )
            minute += 4
    people = len(sampled)
    here = people if tested_here is None else tested_here
    coverage = group_by_building(Round("第1轮"), [UnitCoverage("1栋", "1单元", here + 5, here, 0)])
    return RoundReport("站", Round("第1轮"), START, tubes, sampled, coverage, UTC)


@given(
    st.lists(
        st.sampled_from([1, 5, 10, 20]).flatmap(
            lambda mode: st.tuples(st.just(mode), st.integers(1, mode))
        ),
        max_size=30,
    )
)
def test_numbers_agree_whatever_the_tubes(sizes: list[tuple[int, int]]) -> None:
    report = report_of(sizes)
    assert report.cross_check() == []
    assert report.people == sum(people for _, people in sizes)
    assert sum(p for _, _, p in report.by_mode()) == report.people
    assert sum(t for _, t, _ in report.by_mode()) == len(sizes)
    assert sum(n for _, n in report.per_hour()) == report.people
    assert sum(r.people for r in report.per_recorder()) == report.people


def test_people_per_hour_are_clock_hours() -> None:
    report = report_of([(10, 10), (10, 10)])  # 20 people, 4 minutes apart from 07:30
    assert [(h.hour, n) for h, n in report.per_hour()] == [(7, 8), (8, 12)]


def test_a_tube_count_that_disagrees_with_its_members_is_caught() -> None:
    report = report_of([(10, 10), (5, 3)])
    wrong = replace(report, tubes=[report.tubes[0], replace(report.tubes[1], count=4)])
    problems = wrong.cross_check()
    assert any("T0001" in p for p in problems)
    assert any("试管人数合计 14" in p for p in problems)


def test_more_residents_tested_here_than_people_tested_is_caught() -> None:
    assert any("本点已检居民" in p for p in report_of([(5, 5)], tested_here=6).cross_check())
