"""Household codes at the table, over the in-memory recording store and a hand-written roster."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from fakes import fake_uow
from roster_data import resident_id
from station.core.classifier import Command, command_barcode
from station.core.errors import OperatorError
from station.core.settings import Settings
from station.recording import RecordingService, Status
from station.roster.households import HouseholdHandler, decode_household_code, encode_household_code
from station.roster.ports import ResidentLine
from station.roster.residents import Flags, Place

ROOM = Place("7栋", "1单元", "301")


def member(n: int, name: str, doc_type: str = "resident_id", **flags: bool) -> ResidentLine:
    number = resident_id(n) if doc_type == "resident_id" else f"E{n:07d}"
    return ResidentLine(f"p{n}", name, f"138{n:08d}", doc_type, number, ROOM, Flags(**flags), 7)


class FakeRoster:
    """The one read a household handler makes: who lives in a room."""

    def __init__(self, rooms: dict[int, list[ResidentLine]]) -> None:
        self.rooms = rooms

    @contextmanager
    def __call__(self) -> Iterator[FakeRoster]:
        yield self

    def household(self, room_id: int) -> tuple[Place, list[ResidentLine]] | None:
        members = self.rooms.get(room_id)
        return (ROOM, list(members)) if members is not None else None


def table(members: list[ResidentLine], mode: int = 5) -> RecordingService:
    service = RecordingService(
        fake_uow(roster=FakeRoster({7: members})),
        Settings(default_mode=mode, round="第1轮"),
        today=lambda: date(2022, 4, 4),
    )
    service.handlers.append(HouseholdHandler())
    return service


FAMILY = [member(1, "张三"), member(2, "李四"), member(3, "张小明"), member(4, "张小红")]


def names_in(service: RecordingService) -> list[str]:
    return [m.name for m in service.view().members]


def test_enter_adds_everyone_listed() -> None:
    service = table(FAMILY, mode=10)
    listed = service.scan(encode_household_code(7))
    assert service.scan("0012345678").code == "tube_opened"  # the list waits for the tube
    assert listed.status is Status.WARNING and listed.count == 4
    assert "1 张*" in listed.message and "4 张*红" in listed.message
    added = service.scan("")
    assert added.code == "household_added" and added.count == 4
    assert names_in(service) == ["张*", "李*", "张*明", "张*红"]


def test_number_key_drops_an_absent_member_and_renumbers() -> None:
    service = table(FAMILY, mode=10)
    service.scan("0012345678")
    service.scan(encode_household_code(7))
    shown = service.scan("2")
    assert shown.count == 3 and "2 张*明" in shown.message
    bad = service.scan("9")
    assert bad.status is Status.ERROR and bad.code == "household.bad_number"
    assert service.scan(encode_household_code(7)).count == 3  # scanning again confirms
    assert names_in(service) == ["张*", "张*明", "张*红"]


def test_a_family_larger_than_the_room_left_continues_in_the_next_tube() -> None:
    service = table(FAMILY, mode=5)
    service.scan("0012345678")
    for n in (11, 12, 13):
        assert service.scan(resident_id(n)).status is Status.SAVED
    service.scan(encode_household_code(7))
    first = service.scan("")
    assert first.code == "household_continues" and first.sealed and first.count == 5
    handler = service.handlers[-1]
    assert handler.pending() == ["张*明", "张*红"]  # type: ignore[attr-defined]
    again = service.scan(encode_household_code(7))  # scanned again: a reminder, nobody twice
    assert again.code == "household_continues" and "张*明、张*红" in again.message
    rest = service.scan("0012345679")
    assert rest.code == "household_added" and rest.tube == "0012345679" and rest.count == 2
    assert names_in(service) == ["张*明", "张*红"]


def test_a_member_who_must_go_single_gets_a_single_tube_then_the_family_goes_on() -> None:
    family = [member(1, "张三"), member(2, "Anna Lee", doc_type="passport"), member(3, "张小明")]
    service = table(family, mode=10)
    service.scan("0012345678")
    service.scan(encode_household_code(7))
    stopped = service.scan("")
    assert stopped.code == "household_single_next" and "A*** Lee" in stopped.message
    single = service.scan("0012345679")
    # The passport holder went alone into the new tube; the pooled tube took the rest.
    assert single.code == "household_added" and single.tube == "0012345678"
    assert single.count == 2
    sealed = service.view().recent
    assert any(t.barcode == "0012345679" and t.capacity == 1 and t.count == 1 for t in sealed)


def test_other_scans_and_cancel_forget_the_household() -> None:
    service = table(FAMILY, mode=10)
    service.scan("0012345678")
    service.scan(encode_household_code(7))
    assert service.scan(command_barcode(Command.CANCEL)).code == "cancelled"
    assert service.scan("").code == "empty_scan"  # nothing listed any more
    service.scan(encode_household_code(7))
    assert service.scan(resident_id(20)).code == "person_added"  # the list is dropped
    assert len(names_in(service)) == 1
    unknown = service.scan(encode_household_code(8))
    assert unknown.status is Status.ERROR and unknown.code == "household.unknown"


@given(st.integers(0, 999_999_999))
def test_household_codes_round_trip(room_id: int) -> None:
    code = encode_household_code(room_id)
    assert code.isascii() and decode_household_code(code) == room_id
    assert decode_household_code(code.lower()) == room_id


@given(st.text(max_size=20))
def test_anything_else_is_not_a_household_or_a_clear_refusal(text: str) -> None:
    try:
        room = decode_household_code(text)
    except OperatorError as error:
        assert error.code == "household.bad_code"
    else:
        assert room is None or text.strip().upper().startswith("NH1.")
