"""The recall's clock against the 6-hour target, what the headless listing shows, and the
manifest's totals: pure functions, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from station.core.identity import DocType, Document
from station.core.pooling import PoolingMode
from station.lab.manifest import Manifest, ManifestLine
from station.lab.ports import Address
from station.lab.recall import (
    AlarmCause,
    Disclosure,
    LineView,
    RecallAlarm,
    RecallView,
    Urgency,
    urgency,
)
from station.lab.records import Box, BoxStatus, LineStatus, Recall, RecallLine

ARRIVED = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, Urgency.ON_TIME),
        (299, Urgency.ON_TIME),
        (300, Urgency.NEAR),
        (359, Urgency.NEAR),
        (360, Urgency.OVERDUE),
        (1000, Urgency.OVERDUE),
        (-5, Urgency.ON_TIME),
    ],
)
def test_urgency_against_six_hours(minutes: int, expected: Urgency) -> None:
    elapsed, level = urgency(Recall("r", "T", ARRIVED), ARRIVED + timedelta(minutes=minutes))
    assert level is expected
    assert elapsed == timedelta(minutes=max(minutes, 0))


def test_a_closed_recall_stops_its_clock() -> None:
    closed = Recall("r", "T", ARRIVED, closed_at=ARRIVED + timedelta(hours=2))
    elapsed, level = urgency(closed, ARRIVED + timedelta(hours=9))
    assert (elapsed, level) == (timedelta(hours=2), Urgency.DONE)


def test_the_listing_is_masked_unless_asked() -> None:
    line = RecallLine("r", "p", "买买提·艾力", "13812345678", LineStatus.FOUND)
    view = RecallView(
        Recall("r", "2022100101", ARRIVED),
        [LineView(line, Address("7", "2", "301"))],
        timedelta(minutes=75),
        Urgency.ON_TIME,
    )
    shown = view.as_json()
    assert shown["elapsed_minutes"] == 75 and shown["target_minutes"] == 360
    (entry,) = shown["lines"]  # type: ignore[misc]
    assert entry == {
        "person": "买*·艾力",
        "name": "买*·艾力",
        "document": "",
        "document_number": None,
        "phone": "138****5678",
        "address": "7栋2单元301室",
        "status": "found",
        "status_zh": "已找到",
        "resample_tube": None,
        "result": None,
    }
    assert view.as_json(full=True)["lines"][0]["phone"] == "13812345678"  # type: ignore[index]


def test_a_line_with_no_name_or_phone_says_the_document_and_its_tail() -> None:
    card = Document(DocType.RESIDENT_ID, "110105194912310037")
    line = RecallLine("r", "p", "", "", LineStatus.TO_FIND, document=card)
    (entry,) = RecallView(
        Recall("r", "2022100101", ARRIVED),
        [LineView(line, None)],
        timedelta(minutes=5),
        Urgency.ON_TIME,
    ).as_json()["lines"]  # type: ignore[misc]
    assert (entry["person"], entry["name"], entry["document"], entry["phone"]) == (
        "身份证 尾号0037",
        "",
        "身份证 尾号0037",
        "",
    )
    assert entry["document_number"] is None
    full = LineView(line, None).as_json(full=True)
    assert full["document_number"] == "110105194912310037"
    assert Disclosure(line, Address("3", "", "501")).text() == (
        "居民身份证 110105194912310037 · 3栋501室"
    )


@pytest.mark.parametrize(
    ("building", "unit", "room", "shown"),
    [
        ("1", "1", "102", "1栋1单元102室"),
        ("1栋", "1单元", "102室", "1栋1单元102室"),  # the roster carries the words already
        ("1栋 ", " 1单元", "102", "1栋1单元102室"),
        ("3号楼", "", "5", "3号楼5室"),
        ("A座", "二", "1201", "A座二单元1201室"),
        ("12B", "", "301号", "12B栋301号"),
        ("", "", "", ""),
    ],
)
def test_an_address_has_each_word_once(building: str, unit: str, room: str, shown: str) -> None:
    assert str(Address(building, unit, room)) == shown


def test_manifest_totals_by_mode() -> None:
    box = Box("BX00000001", BoxStatus.CLOSED, 100, "1", "王", ARRIVED, count=4, counted=4)
    lines = [
        ManifestLine(1, "A", 10, PoolingMode.TEN),
        ManifestLine(2, "B", 1, PoolingMode.SINGLE),
        ManifestLine(3, "C", 7, PoolingMode.TEN),
        ManifestLine(4, "D", 1, PoolingMode.SINGLE),
    ]
    manifest = Manifest("站", box, lines, "王", ARRIVED)
    assert manifest.people == 19
    assert manifest.by_mode() == [("单采", 2, 2), ("10混1", 2, 17)]


def _board(*recalls: tuple[str, int]) -> list[RecallView]:
    """Open recalls by id and minutes since their result arrived."""
    views = []
    for recall_id, minutes in recalls:
        recall = Recall(recall_id, f"T{recall_id}", ARRIVED)
        elapsed, level = urgency(recall, ARRIVED + timedelta(minutes=minutes))
        views.append(RecallView(recall, [], elapsed, level))
    return views


def test_the_alarm_sounds_for_a_new_recall_then_as_the_target_nears_and_passes() -> None:
    alarm = RecallAlarm()
    at = ARRIVED

    def check(*recalls: tuple[str, int], minutes: int) -> AlarmCause | None:
        return alarm.check(_board(*recalls), at + timedelta(minutes=minutes))

    assert check(minutes=0) is None  # nothing open: silence
    assert check(("a", 0), minutes=0) is AlarmCause.OPENED
    assert check(("a", 30), minutes=30) is None  # on time: once was enough
    assert check(("a", 299), minutes=299) is None
    assert check(("a", 300), minutes=300) is AlarmCause.NEAR
    assert check(("a", 305), minutes=305) is None
    assert check(("a", 310), minutes=310) is AlarmCause.REPEAT  # ten minutes on, still near
    assert check(("a", 312), ("b", 0), minutes=312) is AlarmCause.OPENED  # new outranks all
    assert check(("a", 360), ("b", 48), minutes=360) is AlarmCause.OVERDUE
    assert check(("a", 365), ("b", 53), minutes=365) is None
    assert check(("a", 375), ("b", 63), minutes=375) is AlarmCause.REPEAT
    assert check(("b", 80), minutes=392) is None  # a is done; b is on time: silence


def test_the_alarm_stops_repeating_once_every_urgent_recall_is_done() -> None:
    alarm = RecallAlarm()
    assert alarm.check(_board(("a", 330)), ARRIVED) is AlarmCause.OPENED
    assert alarm.check(_board(("a", 345)), ARRIVED + timedelta(minutes=15)) is AlarmCause.REPEAT
    assert alarm.check(_board(("b", 10)), ARRIVED + timedelta(minutes=16)) is AlarmCause.OPENED
    for minutes in (30, 60, 120):  # only an on-time recall left: no repeats
        assert alarm.check(_board(("b", minutes)), ARRIVED + timedelta(minutes=minutes)) is None
