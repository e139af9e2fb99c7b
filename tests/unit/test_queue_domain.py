"""Tickets, lanes, building batches and the display's estimates, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.errors import OperatorError
from station.identity import DocType, Document, parse_resident_id
from station.queue_batches import BuildingBatch, current_batches, outside_batch, parse_schedule
from station.queue_board import SiteStatus, call_interval_s, lane_views, site_status
from station.queue_lanes import (
    DEFAULT_LANES,
    NORMAL_LANE,
    PRIORITY_LANE,
    Lane,
    Reason,
    reasons_from_document,
    suggest_lane,
)
from station.queue_tickets import (
    Ticket,
    TicketState,
    format_number,
    move,
    parse_ticket_barcode,
    skip,
)

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def ticket(**changes: object) -> Ticket:
    values: dict[str, object] = dict(
        id="t1",
        day="2026-11-22",
        number="P003",
        lane="P",
        priority=True,
        state=TicketState.ISSUED,
        issued_at=T0,
        queued_at=T0,
    )
    values.update(changes)
    return Ticket(**values)  # type: ignore[arg-type]


def test_a_ticket_goes_issued_called_served_with_each_time_kept():
    called = move(ticket(), TicketState.CALLED, T0 + timedelta(minutes=3), table="2")
    served = move(called, TicketState.SERVED, T0 + timedelta(minutes=4))
    assert (served.table, served.called_at, served.served_at) == (
        "2",
        T0 + timedelta(minutes=3),
        T0 + timedelta(minutes=4),
    )
    assert served.wait(T0 + timedelta(hours=1)) == timedelta(minutes=3)
    with pytest.raises(OperatorError) as refused:
        move(served, TicketState.CALLED, T0)
    assert refused.value.code == "ticket_state"


def test_a_no_show_returns_to_the_line_later_then_is_dropped():
    called = move(ticket(), TicketState.CALLED, T0, table="1")
    once = skip(called, T0, timedelta(minutes=5), max_skips=1)
    assert once.state is TicketState.SKIPPED and once.waiting
    assert once.queued_at == T0 + timedelta(minutes=5) and once.table == ""
    again = skip(move(once, TicketState.CALLED, T0, table="1"), T0, timedelta(minutes=5), 1)
    assert again.state is TicketState.DROPPED and not again.waiting


def test_held_tickets_wait_outside_the_line_until_released():
    held = move(ticket(), TicketState.HELD, T0)
    assert not held.waiting
    assert move(held, TicketState.ISSUED, T0).waiting


@given(
    st.sampled_from("APQ"),
    st.integers(min_value=1, max_value=99999),
    st.text(alphabet="0123456789-", min_size=1, max_size=12),
)
def test_ticket_barcodes_read_back_to_day_and_number(lane, sequence, day):
    t = ticket(number=format_number(lane, sequence), day=day)
    assert parse_ticket_barcode(t.barcode) == (day, t.number)
    assert parse_ticket_barcode(t.barcode.lower()) == (day.lower(), t.number)


@given(st.text(max_size=40))
def test_anything_else_is_not_a_ticket(text):
    if not text.strip().upper().startswith("NATQ:"):
        assert parse_ticket_barcode(text) is None


def test_elderly_and_infants_come_from_the_birth_date():
    old = parse_resident_id("11010519491231002X")
    assert reasons_from_document(old, date(2026, 11, 22), 65, 3) == {Reason.ELDERLY}
    baby = Document(DocType.RESIDENT_ID, "110105202501010011")
    assert reasons_from_document(baby, date(2026, 11, 22), 65, 3) == {Reason.INFANT}
    passport = Document(DocType.PASSPORT, "E12345678")
    assert reasons_from_document(passport, date(2026, 11, 22), 65, 3) == set()


def test_lane_suggested_from_reasons_and_student_class_hours():
    assert suggest_lane(DEFAULT_LANES, set(), T0) == NORMAL_LANE
    assert suggest_lane(DEFAULT_LANES, {Reason.PREGNANT}, T0) == PRIORITY_LANE
    school = Lane(
        "S",
        "学生通道",
        priority=True,
        reasons=(Reason.STUDENT,),
        class_hours=((time(8), time(12)),),
    )
    lanes = (NORMAL_LANE, school)
    assert suggest_lane(lanes, {Reason.STUDENT}, datetime(2026, 11, 22, 9)) == school
    assert suggest_lane(lanes, {Reason.STUDENT}, datetime(2026, 11, 22, 13)) == NORMAL_LANE
    closed = (
        NORMAL_LANE,
        Lane("P", "绿色通道", priority=True, enabled=False, reasons=tuple(Reason)),
    )
    assert suggest_lane(closed, {Reason.ELDERLY}, T0) == NORMAL_LANE


def test_building_batches_from_csv_and_the_warning_for_other_buildings():
    schedule = parse_schedule("楼栋,单元,开始,结束\n3栋,1-2单元,08:00,08:30\n5号楼,,08:30,09:00\n")
    at = datetime(2026, 11, 22, 8, 10)
    assert [b.building for b in current_batches(schedule, at)] == ["3栋"]
    assert not outside_batch(schedule, "3", at)
    assert outside_batch(schedule, "5栋", at)
    assert not outside_batch(schedule, "", at)  # building unknown: no warning
    assert not outside_batch([], "5栋", at)  # no schedule: no warning
    assert (
        BuildingBatch("3栋", "1-2单元", time(8), time(8, 30)).label == "3栋 1-2单元（08:00–08:30）"
    )
    with pytest.raises(OperatorError) as bad:
        parse_schedule("3栋,1单元,9点,10:00")
    assert bad.value.code == "batch_time"


def test_estimated_waits_and_status_thresholds():
    calls = [(T0 + timedelta(seconds=30 * i), str(i % 2)) for i in range(10)]
    now = T0 + timedelta(seconds=300)
    assert call_interval_s(calls, now, 20.0) == pytest.approx(30.0)
    # Too few calls, or a burst: the planning figure shared by the tables seen calling.
    assert call_interval_s(calls[:2], now, 20.0) == 10.0
    assert call_interval_s(calls[:5], T0 + timedelta(seconds=125), 20.0) == 10.0
    assert call_interval_s([], now, 20.0) == 20.0
    views = lane_views(DEFAULT_LANES, {"A": 40, "P": 10}, 30.0)
    assert [(v.code, v.waiting, v.wait_min) for v in views] == [("A", 40, 25.0), ("P", 10, 5.0)]
    assert site_status(views, 25, 50) is SiteStatus.BUSY
    assert site_status(views, 30, 50) is SiteStatus.CLEAR
    assert site_status(lane_views(DEFAULT_LANES, {"A": 100}, 30.0), 25, 50) is SiteStatus.JAMMED


@given(st.text(max_size=200))
def test_a_typed_schedule_is_read_or_refused_for_the_operator_never_crashes(text):
    try:
        batches = parse_schedule(text)
    except OperatorError as error:
        assert error.code in {"batch_time", "batch_columns", "batch_order"}
    else:
        assert all(b.start < b.end for b in batches)
