"""RecordingService, scan by scan, over the in-memory store: what a sampling table does all day."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from fakes import FakeUnitOfWork, fake_uow
from station.core.classifier import Command, command_barcode
from station.core.codes import PersonCode, encode_person_code
from station.core.errors import OperatorError
from station.core.identity import DocType, Document
from station.core.pooling import PoolingMode
from station.core.records import Event, EventKind, Stamp, TubeStatus
from station.core.settings import BarcodePattern, Settings
from station.recording import Outcome, RecordingService, Status

TODAY = date(2022, 4, 4)
START = datetime(2022, 4, 4, 8, 0, tzinfo=UTC)
SETTINGS = Settings(site_name="幸福里采样点", table="3", recorder="王录入", default_mode=10)
BOX = "BX00001234"
SEAL = command_barcode(Command.SEAL)
UNDO = command_barcode(Command.UNDO)
REMOVE = command_barcode(Command.REMOVE)
REOPEN = command_barcode(Command.REOPEN)
CANCEL = command_barcode(Command.CANCEL)
FILLER = ["王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二", "陈三", "褚四"]
CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003fffd]")


class Clock:
    """A fixed start that moves one second per reading, so event order is the scan order."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def tube(n: int) -> str:
    return f"00{n:08d}"


def resident_id(n: int) -> str:
    body = f"110105{1950 + n // 1000}0101{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def person(n: int, name: str = "", phone: str = "13812345678") -> str:
    """The personal code (NP1) of resident number n."""
    document = Document(DocType.RESIDENT_ID, resident_id(n))
    return encode_person_code(PersonCode(document, name, phone))


def service(uow: FakeUnitOfWork | None = None, **overrides: object) -> RecordingService:
    return RecordingService(
        uow=uow or fake_uow(),
        settings=replace(SETTINGS, **overrides),  # type: ignore[arg-type]
        clock=Clock(),
        today=lambda: TODAY,
    )


def fakes(svc: RecordingService) -> FakeUnitOfWork:
    assert isinstance(svc.uow, FakeUnitOfWork)
    return svc.uow


def saved(outcome: Outcome, code: str) -> Outcome:
    assert (outcome.status, outcome.code) == (Status.SAVED, code), outcome
    return outcome


def refused(svc: RecordingService, raw: str, code: str) -> Outcome:
    """Scan and expect a refusal that wrote nothing."""
    db = fakes(svc)
    before = (len(db.events), db.commits)
    outcome = svc.scan(raw)
    assert (outcome.status, outcome.code) == (Status.ERROR, code), outcome
    assert outcome.message
    assert (len(db.events), db.commits) == before
    return outcome


def fill(svc: RecordingService, first: int, count: int) -> list[Outcome]:
    """Add `count` new people; the last may fill the tube, which then seals itself."""
    outcomes = [svc.scan(person(first + i, FILLER[i % len(FILLER)])) for i in range(count)]
    for outcome in outcomes:
        assert outcome.status is Status.SAVED, outcome
        assert outcome.code == ("tube_full" if outcome.sealed else "person_added"), outcome
    return outcomes


def shown(svc: RecordingService) -> list[str]:
    """Masked names the window lists for the current tube."""
    return [line.name for line in svc.view().members]


def kinds(svc: RecordingService) -> list[EventKind]:
    return [e.kind for e in fakes(svc).events]


# ----- filling a tube ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(PoolingMode))
def test_each_person_is_counted_aloud_and_a_full_tube_seals_itself(mode: PoolingMode) -> None:
    svc = service(default_mode=int(mode))
    opened = saved(svc.scan(tube(1)), "tube_opened")
    assert (opened.tube, opened.count, opened.capacity, opened.sealed) == (tube(1), 0, mode, False)
    names = [FILLER[i % len(FILLER)] for i in range(int(mode))]
    if mode >= 7:
        names[6] = "张三"
    names[-1] = "李四"
    for index, name in enumerate(names, start=1):
        outcome = svc.scan(person(index, name))
        full = index == int(mode)
        saved(outcome, "tube_full" if full else "person_added")
        assert (outcome.tube, outcome.count, outcome.capacity) == (tube(1), index, int(mode))
        assert outcome.sealed is full
        assert outcome.person == name[0] + "*"
        assert outcome.speech == f"{name} {index}" + (" 换" if full else "")
        if name == "张三":
            assert outcome.speech == "张三 7"
            assert outcome.person == "张*"
    assert outcome.speech == f"李四 {int(mode)} 换"
    assert outcome.person == "李*"
    stored = fakes(svc).read().tube(tube(1))
    assert stored is not None
    assert (stored.status, stored.count, stored.under_filled) == (TubeStatus.SEALED, mode, False)
    assert [m.name for m in fakes(svc).read().members(tube(1))] == names
    assert svc.view().tube is None
    assert kinds(svc).count(EventKind.PERSON_ADDED) == int(mode)
    assert kinds(svc)[-1] is EventKind.TUBE_SEALED


def test_masked_names_keep_rare_characters_and_the_middle_dot() -> None:
    svc = service()
    svc.scan(tube(1))
    dotted = saved(svc.scan(person(1, "买买提·艾力")), "person_added")
    rare = saved(svc.scan(person(2, "𠇔小明")), "person_added")
    assert (dotted.person, dotted.speech) == ("买*·艾力", "买买提·艾力 1")
    assert (rare.person, rare.speech) == ("𠇔*明", "𠇔小明 2")
    assert shown(svc) == ["买*·艾力", "𠇔*明"]


def test_a_typed_id_number_adds_a_person_without_a_name() -> None:
    svc = service()
    svc.scan(tube(1))
    outcome = saved(svc.scan(resident_id(1).lower()), "person_added")
    expected = "尾号" + resident_id(1)[-4:].upper()
    assert (outcome.person, outcome.speech, outcome.count) == (expected, "1", 1)
    # The same document in a personal code is the same person.
    refused(svc, person(1, "张三"), "duplicate_in_tube")


# ----- tube scans -------------------------------------------------------------------------


def test_a_tube_scanned_again_says_why_by_its_state() -> None:
    svc = service()
    saved(svc.scan(tube(1)), "tube_opened")
    already_open = refused(svc, tube(1), "tube_already_open")

    fill(svc, 1, 2)
    saved(svc.scan(SEAL), "sealed")
    sealed = refused(svc, tube(1), "tube_used")

    saved(svc.scan(tube(2)), "tube_opened")
    voided_by = saved(svc.scan(tube(3)), "tube_opened")  # tube 2 was empty: given up
    assert tube(2) in voided_by.message
    assert fakes(svc).read().tube(tube(2)).status is TubeStatus.VOIDED  # type: ignore[union-attr]
    voided = refused(svc, tube(2), "tube_used")

    assert "已打开" in already_open.message
    assert "已封管" in sealed.message
    assert "已作废" in voided.message
    assert len({already_open.message, sealed.message, voided.message}) == 3


def test_a_tube_open_at_another_table_is_in_use() -> None:
    uow = fake_uow()
    other = service(uow, table="4")
    saved(other.scan(tube(1)), "tube_opened")
    outcome = refused(service(uow), tube(1), "tube_used")
    assert "在用" in outcome.message and "4 号台" in outcome.message


def test_a_tube_not_matching_the_lab_pattern_is_refused() -> None:
    svc = service(tube=BarcodePattern(prefix="NJ", length=12))
    outcome = refused(svc, "0012345678", "bad_tube_pattern")
    assert outcome.kind == "unknown"
    assert "NJ" in outcome.message
    saved(svc.scan("NJ0000000001"), "tube_opened")
    refused(svc, "NJ00000001", "unknown_scan")  # too short for the pattern, not digits only


def test_a_person_before_any_tube_is_refused() -> None:
    svc = service()
    outcome = refused(svc, person(1, "张三"), "tube_expected")
    assert outcome.kind == "person"
    assert fakes(svc).events == []


def test_a_box_at_the_table_is_refused() -> None:
    svc = service()
    svc.scan(tube(1))
    assert refused(svc, BOX, "box_at_table").kind == "box"


# ----- the same person twice --------------------------------------------------------------


def test_the_same_person_twice_in_one_tube_is_refused() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 3)
    outcome = refused(svc, person(2, "赵六"), "duplicate_in_tube")
    assert outcome.person == "" and "赵*" in outcome.message
    # The same document typed by hand is the same person.
    refused(svc, resident_id(2), "duplicate_in_tube")
    assert fakes(svc).read().tube(tube(1)).count == 3  # type: ignore[union-attr]


def _tested_in_sealed_tube(svc: RecordingService) -> None:
    svc.scan(tube(1))
    svc.scan(person(1, "张三"))
    svc.scan(person(2, "李四"))
    saved(svc.scan(SEAL), "sealed")
    saved(svc.scan(tube(2)), "tube_opened")


def test_the_same_person_again_the_same_day_is_written_only_after_a_second_scan() -> None:
    svc = service()
    _tested_in_sealed_tube(svc)
    db = fakes(svc)
    before = (len(db.events), db.commits)
    warning = svc.scan(person(1, "张三"))
    assert (warning.status, warning.code) == (Status.WARNING, "retest_confirm")
    assert warning.person == "张*" and tube(1) in warning.message
    assert (len(db.events), db.commits) == before
    assert svc.view().prompt

    confirmed = saved(svc.scan(person(1, "张三")), "person_added")
    assert (confirmed.tube, confirmed.count) == (tube(2), 1)
    person_id = db.events[-1].person_id
    assert person_id is not None
    assert db.read().tubes_of_person(person_id, TODAY.isoformat()) == [tube(1), tube(2)]
    assert svc.view().prompt == ""


@pytest.mark.parametrize(
    "between",
    [person(3, "王五"), BOX, CANCEL, "???", tube(1)],
    ids=["other-person", "box", "cancel", "unreadable", "used-tube"],
)
def test_a_different_scan_in_between_clears_the_retest_confirmation(between: str) -> None:
    svc = service()
    _tested_in_sealed_tube(svc)
    assert svc.scan(person(1, "张三")).code == "retest_confirm"
    svc.scan(between)
    again = svc.scan(person(1, "张三"))
    assert (again.status, again.code) == (Status.WARNING, "retest_confirm")


def test_another_round_is_not_a_retest() -> None:
    uow = fake_uow()
    first = service(uow)
    _tested_in_sealed_tube(first)
    next_day = RecordingService(uow, SETTINGS, clock=Clock(), today=lambda: TODAY + timedelta(1))
    saved(next_day.scan(tube(3)), "tube_opened")
    saved(next_day.scan(person(1, "张三")), "person_added")


# ----- single tubes -----------------------------------------------------------------------


def _registered_single_only(uow: FakeUnitOfWork) -> str:
    """A person the roster flagged for single sampling (close contact), known before the scan."""
    number = resident_id(900)
    with uow() as work:
        work.recording.record(
            Event(
                EventKind.PERSON_REGISTERED,
                Stamp(SETTINGS.site_name, "roster", "社区", TODAY.isoformat()),
                person_id=str(uuid.uuid4()),
                data={
                    "doc_type": "resident_id",
                    "doc_number": number,
                    "note": "",
                    "name": "密接者",
                    "phone": "",
                    "single_only": True,
                },
            )
        )
        work.commit()
    return person(900, "密接者")


@pytest.mark.parametrize("who", ["passport", "hk-macau-pass", "single-only"])
def test_a_single_only_person_gets_a_single_tube_and_the_pooled_tube_waits(who: str) -> None:
    uow = fake_uow()
    svc = service(uow)
    scan = {
        "passport": encode_person_code(
            PersonCode(Document(DocType.PASSPORT, "E12345678"), "John Smith")
        ),
        "hk-macau-pass": "h12345678",
        "single-only": _registered_single_only(uow) if who == "single-only" else "",
    }[who]
    svc.scan(tube(1))
    fill(svc, 1, 3)

    refusal = refused(svc, scan, "single_required")
    assert "单采" in refusal.message
    assert svc.view().prompt == "请扫一支新试管作单管"

    single = saved(svc.scan(tube(2)), "tube_full")
    assert (single.tube, single.count, single.capacity, single.sealed) == (tube(2), 1, 1, True)
    assert tube(1) in single.message and "3/10" in single.message
    stored = uow.read().tube(tube(2))
    assert stored is not None and (stored.mode, stored.status) == (1, TubeStatus.SEALED)

    view = svc.view()
    assert view.tube is not None and (view.tube.barcode, view.tube.count) == (tube(1), 3)
    assert view.prompt == ""
    back = saved(svc.scan(person(4, "李四")), "person_added")
    assert (back.tube, back.count) == (tube(1), 4)


def test_a_single_only_person_while_the_pooled_tube_is_empty_voids_it() -> None:
    svc = service()
    svc.scan(tube(1))
    refused(svc, "H12345678", "single_required")
    single = saved(svc.scan(tube(2)), "tube_full")
    assert tube(1) in single.message
    assert fakes(svc).read().tube(tube(1)).status is TubeStatus.VOIDED  # type: ignore[union-attr]
    assert svc.view().tube is None


def test_a_single_only_person_fits_a_single_tube_directly() -> None:
    svc = service(default_mode=1)
    svc.scan(tube(1))
    saved(svc.scan("H12345678"), "tube_full")


# ----- commands ---------------------------------------------------------------------------


def test_mode_command_sets_the_next_tube() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 2)
    outcome = saved(svc.scan(command_barcode(Command.MODE, "5")), "next_mode")
    assert (outcome.tube, outcome.capacity) == (tube(1), 10)
    assert svc.view().next_mode is PoolingMode.FIVE
    assert fakes(svc).read().tube(tube(1)).mode == 10  # type: ignore[union-attr]
    svc.scan(SEAL)
    assert saved(svc.scan(tube(2)), "tube_opened").capacity == 5
    fill(svc, 3, 5)  # seals itself at 5
    assert saved(svc.scan(tube(3)), "tube_opened").capacity == 10  # back to the site's default


def test_mode_command_changes_an_empty_open_tube_at_once() -> None:
    svc = service()
    svc.scan(tube(1))
    outcome = saved(svc.scan(command_barcode(Command.MODE, "20")), "mode_set")
    assert (outcome.tube, outcome.capacity, outcome.count) == (tube(1), 20, 0)
    assert fakes(svc).read().tube(tube(1)).mode == 20  # type: ignore[union-attr]
    assert kinds(svc)[-1] is EventKind.TUBE_MODE_SET
    assert saved(svc.scan(person(1, "张三")), "person_added").capacity == 20


def test_an_unsupported_mode_is_refused() -> None:
    svc = service()
    svc.scan(tube(1))
    assert refused(svc, command_barcode(Command.MODE, "3"), "bad_command").kind == "command"
    refused(svc, "NATCMD:MODE:", "bad_command")


def test_seal_early_marks_the_tube_under_filled() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 3)
    outcome = saved(svc.scan(SEAL), "sealed")
    assert (outcome.sealed, outcome.count, outcome.capacity) == (True, 3, 10)
    assert "3/10" in outcome.message
    stored = fakes(svc).read().tube(tube(1))
    assert stored is not None and (stored.status, stored.under_filled) == (TubeStatus.SEALED, True)
    assert stored.sealed_at is not None


def test_seal_refuses_an_empty_tube_and_no_tube() -> None:
    svc = service()
    refused(svc, SEAL, "no_open_tube")
    svc.scan(tube(1))
    refused(svc, SEAL, "seal_empty")


def test_a_new_tube_over_a_partly_filled_one_is_refused() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 2)
    refused(svc, tube(2), "tube_not_full")


def test_undo_takes_back_the_last_person_and_keeps_the_record() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 3)
    added = [e for e in fakes(svc).events if e.kind is EventKind.PERSON_ADDED]
    outcome = saved(svc.scan(UNDO), "person_removed")
    assert (outcome.count, outcome.person) == (2, "钱*")
    events = fakes(svc).events
    removal = events[-1]
    assert removal.kind is EventKind.PERSON_REMOVED
    assert removal.data["member_event"] == added[-1].id
    assert [e for e in events if e.kind is EventKind.PERSON_ADDED] == added  # nothing deleted
    assert shown(svc) == ["王*", "赵*"]
    assert fakes(svc).read().tube(tube(1)).count == 2  # type: ignore[union-attr]
    # The person taken back can be scanned into the tube again.
    assert saved(svc.scan(person(3, "钱七")), "person_added").count == 3


def test_undo_gives_up_an_empty_tube_and_then_has_nothing_to_undo() -> None:
    svc = service()
    refused(svc, UNDO, "nothing_to_undo")
    svc.scan(tube(1))
    saved(svc.scan(UNDO), "tube_voided")
    assert fakes(svc).read().tube(tube(1)).status is TubeStatus.VOIDED  # type: ignore[union-attr]
    refused(svc, UNDO, "nothing_to_undo")


def test_remove_armed_then_a_person_scan_takes_that_person_out() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 3)
    armed = svc.scan(REMOVE)
    assert (armed.status, armed.code) == (Status.WARNING, "remove_armed")
    outcome = saved(svc.scan(person(1, "王五")), "person_removed")
    assert (outcome.person, outcome.count) == ("王*", 2)
    assert shown(svc) == ["赵*", "钱*"]
    assert fakes(svc).events[-1].data["reason"]
    # Armed once only: the next scan of a person adds again.
    assert saved(svc.scan(person(1, "王五")), "person_added").count == 3


def test_remove_of_someone_not_in_the_tube_is_refused() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 2)
    svc.scan(REMOVE)
    refused(svc, person(50, "路人"), "not_in_tube")


def test_remove_needs_a_reason() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 1)
    with pytest.raises(OperatorError, match="原因"):
        svc.remove(fakes(svc).events[-1].person_id or "", " ")


def test_move_between_open_tubes_keeps_both_events_and_counts() -> None:
    uow = fake_uow()
    here, there = service(uow), service(uow, table="4")
    here.scan(tube(1))
    fill(here, 1, 3)
    there.scan(tube(2))
    fill(there, 10, 1)
    moved_id = uow.read().members(tube(1))[1].person_id

    outcome = saved(here.move(moved_id, tube(2), "站错队"), "person_moved")
    assert (outcome.tube, outcome.count, outcome.person) == (tube(2), 2, "赵*")

    store = uow.read()
    assert (store.tube(tube(1)).count, store.tube(tube(2)).count) == (2, 2)  # type: ignore[union-attr]
    assert [m.person_id for m in store.members(tube(2))][-1] == moved_id
    assert moved_id not in [m.person_id for m in store.members(tube(1))]
    mine = [e for e in uow.events if e.person_id == moved_id]
    assert [e.kind for e in mine][-2:] == [EventKind.PERSON_ADDED, EventKind.PERSON_MOVED]
    assert mine[-1].data["from"] == tube(1) and mine[-1].data["reason"] == "站错队"
    assert store.tubes_of_person(moved_id, TODAY.isoformat()) == [tube(2)]


def test_move_refuses_a_closed_target_and_the_same_tube() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 2)
    person_id = fakes(svc).read().members(tube(1))[0].person_id
    with pytest.raises(OperatorError, match="未打开"):
        svc.move(person_id, tube(9), "错管")
    with pytest.raises(OperatorError, match="已在该试管"):
        svc.move(person_id, tube(1), "错管")


def test_reopen_needs_two_scans_and_sealing_again_resumes_the_previous_tube() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 4)
    saved(svc.scan(SEAL), "sealed")
    svc.scan(tube(2))
    fill(svc, 5, 2)

    assert svc.scan(REOPEN).code == "reopen_armed"
    first = svc.scan(tube(1))
    assert (first.status, first.code, first.count) == (Status.WARNING, "reopen_confirm", 4)
    assert fakes(svc).read().tube(tube(1)).status is TubeStatus.SEALED  # type: ignore[union-attr]
    reopened = saved(svc.scan(tube(1)), "reopened")
    assert (reopened.tube, reopened.count, reopened.sealed) == (tube(1), 4, False)

    view = svc.view()
    assert view.tube is not None and view.tube.barcode == tube(1)
    assert [t.barcode for t in view.parked] == [tube(2)]
    assert saved(svc.scan(person(20, "张三")), "person_added").tube == tube(1)

    resealed = saved(svc.scan(SEAL), "sealed")
    assert resealed.tube == tube(1) and tube(2) in resealed.message
    view = svc.view()
    assert view.tube is not None and (view.tube.barcode, view.tube.count) == (tube(2), 2)


def test_reopen_refuses_a_tube_that_is_not_sealed_and_a_different_second_scan() -> None:
    svc = service()
    svc.scan(tube(1))
    fill(svc, 1, 1)
    svc.scan(REOPEN)
    refused(svc, tube(1), "not_sealed")
    svc.scan(SEAL)
    svc.scan(tube(2))
    fill(svc, 2, 1)
    svc.scan(SEAL)
    svc.scan(REOPEN)
    assert svc.scan(tube(1)).code == "reopen_confirm"
    # A different sealed tube asks for its own confirmation instead of reopening either.
    assert svc.scan(tube(2)).code == "reopen_confirm"
    assert saved(svc.scan(tube(2)), "reopened").tube == tube(2)


def test_a_reopened_full_tube_takes_no_one_beyond_its_capacity() -> None:
    svc = service(default_mode=5)
    svc.scan(tube(1))
    fill(svc, 1, 5)
    svc.scan(REOPEN)
    svc.scan(tube(1))
    saved(svc.scan(tube(1)), "reopened")
    refused(svc, person(30, "李四"), "tube_at_capacity")
    # The correction a lead reopens for: take one out, put the right one in.
    saved(svc.scan(UNDO), "person_removed")
    assert saved(svc.scan(person(30, "李四")), "tube_full").count == 5


# ----- what every event carries -----------------------------------------------------------


def _a_busy_table(svc: RecordingService) -> None:
    svc.scan(tube(1))
    fill(svc, 1, 3)
    svc.scan(UNDO)
    svc.scan(command_barcode(Command.MODE, "5"))  # for the next tube
    svc.scan(SEAL)
    svc.scan(tube(2))
    svc.scan(UNDO)  # empty: given up
    svc.scan(tube(3))
    svc.scan(command_barcode(Command.MODE, "5"))  # empty tube: at once
    fill(svc, 10, 5)
    svc.scan(REOPEN)
    svc.scan(tube(3))
    svc.scan(tube(3))
    svc.scan(REMOVE)
    svc.scan(person(10, "王五"))
    svc.scan(SEAL)
    svc.scan(tube(4))
    svc.scan("H12345678")
    svc.scan(tube(5))


@pytest.mark.parametrize("round_setting", ["", "第 3 轮"])
def test_every_event_carries_site_table_recorder_round_and_a_client_id(round_setting: str) -> None:
    svc = service(round=round_setting)
    _a_busy_table(svc)
    events = fakes(svc).events
    assert {e.kind for e in events} == set(EventKind) - {EventKind.PERSON_MOVED}
    expected = Stamp("幸福里采样点", "3", "王录入", round_setting or "2022-04-04")
    assert all(e.stamp == expected for e in events)
    ids = [uuid.UUID(e.id) for e in events]
    assert all(i.version == 4 for i in ids) and len(set(ids)) == len(ids)
    assert all(e.at > START for e in events)
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert all(t.round == expected.round for t in fakes(svc).read().recent_tubes("3", 99))


def test_messages_are_english_when_the_station_speaks_english() -> None:
    svc = service(language="en")
    watson = "Mary Jane Watson"
    passport = encode_person_code(PersonCode(Document(DocType.PASSPORT, "E12345678"), "Li Lei"))
    wrong_check = resident_id(1)[:-1] + ("0" if resident_id(1)[-1] != "0" else "1")
    scans = [
        person(1, "John Smith"),
        tube(1),
        tube(1),
        "12345678",
        "123456789",
        "???",
        BOX,
        *(person(i, watson) for i in range(1, 4)),
        person(1, watson),
        command_barcode(Command.MODE, "1"),
        command_barcode(Command.MODE, "3"),
        SEAL,
        tube(2),
        command_barcode(Command.MODE, "20"),
        person(4, "John Smith"),
        passport,
        tube(3),
        person(1, watson),
        person(1, watson),
        UNDO,
        REMOVE,
        person(4, "John Smith"),
        UNDO,
        UNDO,
        SEAL,
        REOPEN,
        tube(2),
        REOPEN,
        tube(1),
        tube(1),
        tube(9),
        SEAL,
        CANCEL,
        wrong_check,
    ]
    outcomes = [svc.scan(raw) for raw in scans]
    codes = {o.code for o in outcomes}
    assert {
        "tube_expected",
        "tube_already_open",
        "bad_tube_pattern",
        "unknown_scan",
        "box_at_table",
        "person_added",
        "duplicate_in_tube",
        "next_mode",
        "bad_command",
        "sealed",
        "tube_opened",
        "mode_set",
        "single_required",
        "tube_full",
        "retest_confirm",
        "person_removed",
        "remove_armed",
        "tube_voided",
        "nothing_to_undo",
        "no_open_tube",
        "reopen_armed",
        "not_sealed",
        "reopen_confirm",
        "reopened",
        "tube_not_full",
        "cancelled",
        "id.check_char",
        "document_choice",
    } <= codes
    leaked = [
        o.message
        for o in outcomes
        # A removal shows its reason, which is stored in both languages.
        if CJK.search(o.message) and not (o.code == "person_removed" and "removed by" in o.message)
    ]
    assert leaked == []
    assert outcomes[0].message == "Scan a tube barcode first, then people"


# ----- what the window shows --------------------------------------------------------------


def test_view_totals_by_mode() -> None:
    svc = service()
    svc.scan(tube(9))
    svc.scan(UNDO)  # given up, not counted
    svc.scan(tube(1))
    fill(svc, 1, 10)  # 10:1, sealed full
    svc.scan(command_barcode(Command.MODE, "5"))
    svc.scan(tube(2))
    fill(svc, 11, 2)
    svc.scan(SEAL)  # 5:1, under-filled
    svc.scan(tube(3))
    fill(svc, 20, 3)  # 10:1, open
    for single, barcode in (("H12345678", tube(4)), ("M1234567801", tube(5))):
        assert svc.scan(single).code == "single_required"
        assert saved(svc.scan(barcode), "tube_full").capacity == 1
    view = svc.view()
    totals = view.totals
    assert totals.people_by_mode == {10: 13, 5: 2, 1: 2}
    assert totals.tubes_by_mode == {10: 2, 5: 1, 1: 2}
    assert (totals.people, totals.tubes_open, totals.tubes_sealed) == (17, 1, 4)
    assert view.round == "2022-04-04"
    assert view.tube is not None and (view.tube.barcode, view.tube.count) == (tube(3), 3)
    assert [t.barcode for t in view.recent] == [tube(5), tube(4), tube(3), tube(2), tube(1)]
    assert svc.view(recent=2).recent == view.recent[:2]


def test_an_operator_error_in_a_later_step_rolls_back_the_whole_scan() -> None:
    """A unit of work left without commit writes nothing, even what it recorded first."""
    uow = fake_uow()
    with uow() as work:
        work.recording.record(
            Event(EventKind.TUBE_OPENED, Stamp("s", "3", "r", "x"), tube=tube(1), data={"mode": 10})
        )
    assert uow.events == [] and uow.read().tube(tube(1)) is None
    svc = service(uow)
    assert saved(svc.scan(tube(1)), "tube_opened").tube == tube(1)


# ----- any sequence of scans --------------------------------------------------------------

VOCABULARY = [
    *(tube(n) for n in range(1, 7)),
    *(person(n, FILLER[n]) for n in range(1, 8)),
    resident_id(1),
    "H12345678",
    encode_person_code(PersonCode(Document(DocType.PASSPORT, "E12345678"), "John Smith")),
    SEAL,
    UNDO,
    REMOVE,
    REOPEN,
    CANCEL,
    BOX,
    "???",
    "12345678",
    *(command_barcode(Command.MODE, m) for m in ("1", "5", "20")),
]


def _check_invariants(db: FakeUnitOfWork) -> None:
    store = db.read()
    for t in store.recent_tubes("3", 99) + [
        t for t in db.committed.tubes.values() if t.status is TubeStatus.VOIDED
    ]:
        members = store.members(t.barcode)
        assert t.count == len(members), t
        assert t.count <= t.capacity, t
        assert len({m.person_id for m in members}) == len(members), t
        if t.status is TubeStatus.VOIDED:
            assert t.count == 0
        if t.capacity > 1:
            for m in members:
                who = store.person(m.person_id)
                assert who is not None
                assert who.document.type is DocType.RESIDENT_ID and not who.single_only


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(scans=st.lists(st.sampled_from(VOCABULARY), max_size=40))
def test_any_sequence_of_scans_keeps_the_tubes_consistent(scans: list[str]) -> None:
    svc = service(default_mode=5)
    db = fakes(svc)
    for raw in scans:
        before = len(db.events)
        outcome = svc.scan(raw)
        if outcome.status is not Status.SAVED:
            assert len(db.events) == before, outcome
        assert outcome.message
        _check_invariants(db)


def test_a_command_no_handler_takes_is_refused_not_taken_for_another() -> None:
    """CALL belongs to the queue; without the queue wired in it must not arm REOPEN."""
    svc = service()
    outcome = svc.scan("NATCMD:CALL")
    assert outcome.status.value == "error" and outcome.code == "command_unavailable"
    assert svc.prompt() == ""
