"""Box rules without a database: one box in work, sealed tubes only, counts reconciled before
handover, and nothing written when the station refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lab_fakes import FakeLabUnitOfWork
from station.core.classifier import classify
from station.core.codes import PersonCode, encode_person_code
from station.core.errors import OperatorError
from station.core.identity import parse_resident_id
from station.core.settings import Settings
from station.lab.boxes import BoxScanHandler, BoxService
from station.lab.records import BoxStatus
from station.recording import RecordingService, Status

IDS = ["11010519491231002X", "110105194912310038", "110105194912310054"]


class Ticking:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def uow() -> FakeLabUnitOfWork:
    return FakeLabUnitOfWork()


@pytest.fixture
def table(uow: FakeLabUnitOfWork) -> RecordingService:
    return RecordingService(
        uow.recording, Settings(default_mode=5, box_capacity=2), clock=Ticking()
    )


@pytest.fixture
def boxes(uow: FakeLabUnitOfWork, table: RecordingService) -> BoxService:
    service = BoxService(uow, table)
    table.handlers.append(BoxScanHandler(service))
    return service


def person(n: int) -> str:
    return encode_person_code(PersonCode(parse_resident_id(IDS[n]), "张三"))


def sealed(table: RecordingService, barcode: str, n: int = 0) -> None:
    assert table.scan(barcode).code == "tube_opened"
    assert table.scan(person(n)).status is Status.SAVED
    assert table.scan("NATCMD:SEAL").code == "sealed"


def refused(action, code: str, uow: FakeLabUnitOfWork) -> None:  # type: ignore[no-untyped-def]
    before = (len(uow.events), len(uow.recording.events))
    try:
        outcome = action()
    except OperatorError as error:
        assert error.code == code
    else:
        assert (outcome.status, outcome.code) == (Status.ERROR, code), outcome.message
    assert (len(uow.events), len(uow.recording.events)) == before  # nothing written


def test_packing_rules(uow: FakeLabUnitOfWork, table: RecordingService, boxes: BoxService) -> None:
    sealed(table, "0000000001")
    sealed(table, "0000000002", 1)
    sealed(table, "0000000003", 2)
    refused(lambda: boxes.pack("0000000001"), "no_open_box", uow)
    assert table.scan("BX00000001").code == "box_opened"
    refused(lambda: table.scan("BX00000002"), "box_in_work", uow)
    assert table.scan("0000000001").code == "tube_packed"
    refused(lambda: table.scan("0000000001"), "tube_in_box", uow)
    refused(lambda: boxes.scan("0000000009"), "tube_unknown", uow)
    assert table.scan("0000000004").code == "tube_opened"  # unknown at the table: a new tube
    refused(lambda: table.scan("0000000004"), "tube_not_sealed", uow)
    assert table.scan("NATCMD:UNDO").code == "tube_voided"
    refused(lambda: table.scan("0000000004"), "tube_voided", uow)
    assert table.scan("0000000002").code == "tube_packed"
    refused(lambda: table.scan("0000000003"), "box_full", uow)  # capacity 2
    refused(lambda: boxes.unpack("0000000003", "破损"), "not_in_box", uow)
    refused(lambda: boxes.unpack("0000000002", "  "), "no_reason", uow)
    refused(lambda: boxes.close(-1), "bad_count", uow)


def test_a_mismatch_blocks_the_handover_until_resolved(
    uow: FakeLabUnitOfWork, table: RecordingService, boxes: BoxService
) -> None:
    sealed(table, "0000000001")
    sealed(table, "0000000002", 1)
    assert boxes.open("BX00000001").code == "box_opened"
    assert boxes.pack("0000000001").count == 1
    refused(lambda: boxes.hand_over("BX00000001", "刘师傅"), "box_not_closed", uow)
    assert boxes.close(2).status is Status.WARNING
    refused(lambda: boxes.hand_over("BX00000001", "刘师傅"), "box_mismatch", uow)
    refused(lambda: boxes.open("BX00000002"), "box_in_work", uow)
    assert "一致" in boxes.pack("0000000002").message  # the missing tube, found
    assert boxes.current() is None
    refused(lambda: boxes.hand_over("BX00000001", " "), "no_transporter", uow)
    refused(lambda: boxes.receive("BX00000001"), "box_not_handed", uow)
    assert boxes.hand_over("BX00000001", "刘师傅", "13900001111").code == "box_handed_over"
    assert boxes.receive("BX00000001").code == "box_received"
    box = boxes.recent()[0]
    assert (box.status, box.count, box.counted, box.transporter_phone) == (
        BoxStatus.RECEIVED,
        2,
        2,
        "13900001111",
    )
    assert [e.kind.value for e in uow.events] == [
        "box_opened",
        "tube_packed",
        "box_closed",
        "tube_packed",
        "box_handed_over",
        "box_received",
    ]


def test_the_handler_leaves_what_is_not_for_boxes(
    uow: FakeLabUnitOfWork, table: RecordingService, boxes: BoxService
) -> None:
    handler = BoxScanHandler(boxes)
    settings = table.settings

    def take(raw: str) -> object:
        try:
            scan = classify(raw, settings.tube, settings.box)
        except OperatorError:
            scan = None
        with uow() as work:  # the scan's unit of work, as the dispatch hands it over
            return handler.take(raw, scan, work, table)

    assert take("0000000001") is None  # no box: the table's scan
    sealed(table, "0000000001")
    boxes.open("BX00000001")
    assert take("0000000009") is None  # unknown tube: opens at the table
    assert take(person(1)) is None
    assert take("garbage") is None
    assert table.scan("NATCMD:REOPEN").code == "reopen_armed"
    # The table waits for the tube to reopen: the box does not take it.
    assert take("0000000001") is None


@pytest.mark.parametrize("barcode", ["BX1", "BX000000011", "XX00000001", "BX0000000A", ""])
def test_a_box_barcode_off_the_pattern_is_refused_wherever_a_box_is_opened(
    uow: FakeLabUnitOfWork, table: RecordingService, boxes: BoxService, barcode: str
) -> None:
    refused(lambda: boxes.open(barcode), "bad_box_pattern", uow)  # the CLI's way in
    assert boxes.current() is None
    assert boxes.open(" bx00000001 ").code == "box_opened"  # as a scanner or a hand types it
    assert boxes.current().barcode == "BX00000001"  # type: ignore[union-attr]


def test_an_empty_box_is_voided_with_a_reason_and_the_table_goes_on(
    uow: FakeLabUnitOfWork, table: RecordingService, boxes: BoxService
) -> None:
    sealed(table, "0000000001")
    refused(lambda: boxes.void("误开"), "no_open_box", uow)
    assert boxes.open("BX00000001").code == "box_opened"
    refused(lambda: boxes.close(0), "box_empty", uow)  # an empty box cannot be closed...
    refused(lambda: boxes.open("BX00000002"), "box_in_work", uow)  # ...and blocks the next
    refused(lambda: boxes.void("  "), "no_reason", uow)
    voided = boxes.void(" 误开箱，  箱子破损 ")
    assert (voided.status, voided.code) == (Status.SAVED, "box_voided")
    assert "误开箱， 箱子破损" in voided.message
    assert boxes.current() is None and boxes.recent()[0].status is BoxStatus.VOIDED
    assert uow.events[-1].data == {"reason": "误开箱， 箱子破损"}
    refused(lambda: boxes.open("BX00000001"), "box_used", uow)  # a voided box stays used
    assert boxes.open("BX00000002").code == "box_opened"
    assert boxes.pack("0000000001").code == "tube_packed"
    refused(lambda: boxes.void("误开"), "box_not_empty", uow)
    assert boxes.unpack("0000000001", "错装").code == "tube_unpacked"
    assert boxes.void("误开").code == "box_voided"  # empty again: it may go


def test_an_english_box_of_one_tube_says_one_tube() -> None:
    uow = FakeLabUnitOfWork()
    table = RecordingService(
        uow.recording, Settings(default_mode=5, box_capacity=2, language="en"), clock=Ticking()
    )
    boxes = BoxService(uow, table)
    table.handlers.append(BoxScanHandler(boxes))
    sealed(table, "0000000001")
    assert boxes.open("BX00000001").code == "box_opened"
    boxes.pack("0000000001")
    closed = boxes.close(1)
    assert "1 tube," in closed.message and "1 tubes" not in closed.message, closed.message
