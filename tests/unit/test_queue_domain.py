"""Tickets, lanes, building batches and the display's estimates, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.errors import OperatorError
from station.core.identity import DocType, Document, parse_resident_id
from station.queue.batches import BuildingBatch, current_batches, outside_batch, parse_schedule
from station.queue.board import SiteStatus, call_interval_s, lane_views, site_status
from station.queue.lanes import (
    DEFAULT_LANES,
    NORMAL_LANE,
    PRIORITY_LANE,
    Lane,
    Reason,
    reasons_from_document,
    suggest_lane,
)
from station.queue.ticket_list import ticket_lines
from station.queue.tickets import (
    Ticket,
    TicketState,
    format_number,
    move,
    parse_ticket_barcode,
    parse_ticket_ref,
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


# ----- a ticket named by the site lead: typed, or its slip scanned ------------------------------
@given(
    st.sampled_from(["A", "P", "Q", "VIP"]),
    st.integers(min_value=1, max_value=99999),
    st.text(alphabet="0123456789-", min_size=1, max_size=12),
)
def test_a_ticket_is_named_by_its_number_or_its_slip(lane, sequence, day):
    number = format_number(lane, sequence)
    t = ticket(number=number, lane=lane, day=day)
    assert parse_ticket_ref(number) == (None, number)
    assert parse_ticket_ref(f"  {number.lower()}\n") == (None, number)
    assert parse_ticket_ref(f"{lane}{sequence}") == (None, number)  # P3 is P003
    # A Chinese input method types full-width letters and digits.
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert parse_ticket_ref(full_width) == (None, number)
    assert parse_ticket_ref(t.barcode) == (day, number)


@given(st.text(max_size=30))
def test_anything_typed_is_a_number_or_a_message_for_the_operator(text):
    try:
        _, number = parse_ticket_ref(text)
    except OperatorError as error:
        assert error.code in ("no_ticket_number", "bad_ticket_number")
        assert error.message("zh") and error.message("en")
        return
    lane = number.rstrip("0123456789")
    assert lane.isalpha() and lane.isascii() and lane.isupper()
    assert format_number(lane, int(number[len(lane) :])) == number


@pytest.mark.parametrize(
    "text", ["", "   ", "3", "P", "P-3x", "张三", "NATQ:2026-11-22:", "P123456"]
)
def test_what_is_not_a_ticket_number_is_refused_with_a_message(text):
    with pytest.raises(OperatorError) as refused:
        parse_ticket_ref(text)
    assert refused.value.code in ("no_ticket_number", "bad_ticket_number")


# ----- the site lead's list -----------------------------------------------------------------------
def test_the_list_shows_called_then_each_lane_in_call_order_then_the_rest():
    now = T0 + timedelta(minutes=30)
    minute = timedelta(minutes=1)

    def t(number: str, state: TicketState, issued: int, **changes: object) -> Ticket:
        lane = number[0]
        at = T0 + issued * minute
        values: dict[str, object] = dict(queued_at=at, priority=lane == "P")
        values.update(changes)
        return ticket(id=number, number=number, lane=lane, state=state, issued_at=at, **values)

    tickets = [
        t("A001", TicketState.SERVED, 0, called_at=T0 + 5 * minute),
        t("A002", TicketState.DROPPED, 1),
        t("A003", TicketState.SKIPPED, 2, queued_at=now + minute, skips=1),  # back later
        t("A004", TicketState.SKIPPED, 3, queued_at=T0 + 20 * minute, skips=1),  # back already
        t("A005", TicketState.ISSUED, 10),
        t("A006", TicketState.HELD, 11),
        t("P001", TicketState.CALLED, 4, called_at=T0 + 28 * minute, table="2"),
        t("P002", TicketState.ISSUED, 12),
        t("Z001", TicketState.ISSUED, 13),  # a lane no longer configured
    ]
    lines = ticket_lines(reversed(tickets), DEFAULT_LANES, now)
    assert [(line.ticket.number, line.place) for line in lines] == [
        ("P001", None),
        ("A005", 1),  # issued at 08:10, before A004 came back from its skip at 08:20
        ("A004", 2),
        ("P002", 1),
        ("Z001", 1),
        ("A003", None),
        ("A006", None),
        ("A001", None),
        ("A002", None),
    ]
    by_number = {line.ticket.number: line for line in lines}
    assert by_number["A001"].wait == 5 * minute  # until called
    assert by_number["P002"].wait == 18 * minute  # still waiting: until now
    assert by_number["A002"].wait is None  # dropped: no wait to speak of
    assert (by_number["P002"].lane_name, by_number["Z001"].lane_name) == ("绿色通道", "Z")


def test_a_normal_ticket_also_waits_for_the_priority_tickets_coming_after_it() -> None:
    from station.queue.board import normal_factor

    half = {"A": 10, "P": 10}  # half the tickets of the last 15 minutes were priority
    assert normal_factor(DEFAULT_LANES, half, "bounded") == pytest.approx(1 / 0.75)
    assert normal_factor(DEFAULT_LANES, half, "strict") == pytest.approx(2.0)
    assert normal_factor(DEFAULT_LANES, half, "fifo") == 1.0
    assert normal_factor(DEFAULT_LANES, {"A": 5, "P": 4}, "bounded") == 1.0  # too few to tell
    views = lane_views(DEFAULT_LANES, {"A": 40, "P": 10}, 30.0, 1.5)
    assert [(v.code, v.wait_min) for v in views] == [("A", 37.5), ("P", 5.0)]
