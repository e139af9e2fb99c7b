"""Transport boxes on a real database: open, pack, remove, reconcile, hand over, receive."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from db.lab.models import BoxRow, BoxTubeRow, LabEventRow
from lab_support import fill_tube, lab, ok, refused, station_on, tube
from station.core.errors import OperatorError
from station.lab.records import BoxStatus
from station.recording import Status


def test_a_box_from_open_to_lab_receipt(db_url: str, people) -> None:  # type: ignore[no-untyped-def]
    with station_on(db_url, box_capacity=3) as station:
        scan, boxes = station.recording.scan, lab(station).boxes
        fill_tube(station, people, tube(1), 5)
        fill_tube(station, people, tube(2), 2)
        opened = ok(scan("BX00000001"), "box_opened")
        assert opened.capacity == 3
        # One box in work per station, and a box barcode serves once.
        refused(scan("BX00000002"), "box_in_work")
        ok(scan("BX00000001"), "box_current")
        assert ok(scan(tube(1)), "tube_packed").count == 1
        refused(scan(tube(1)), "tube_in_box")
        # An unknown tube at the table still opens a tube there: sampling goes on.
        ok(scan(tube(3)), "tube_opened")
        refused(scan(tube(3)), "tube_not_sealed")
        # The packing field knows no table: an unknown tube is refused there.
        refused(boxes.scan(tube(9)), "tube_unknown")
        ok(scan(tube(2)), "tube_packed")
        # Taking a tube out needs a reason; a tube not in the box cannot be taken out.
        with pytest.raises(OperatorError) as no_reason:
            boxes.unpack(tube(2), " ")
        assert no_reason.value.code == "no_reason"
        with pytest.raises(OperatorError):
            boxes.unpack(tube(5), "破损")
        ok(boxes.unpack(tube(2), "管盖松动，重新封装"), "tube_unpacked")
        ok(scan(tube(2)), "tube_packed")
        # Counted 3 in hand, the system has 2: no handover until resolved.
        closed = boxes.close(3)
        assert (closed.status, closed.code) == (Status.WARNING, "box_mismatch")
        with pytest.raises(OperatorError) as blocked:
            boxes.hand_over("BX00000001", "刘师傅", "13900001111")
        assert blocked.value.code == "box_mismatch"
        refused(scan("BX00000002"), "box_in_work")  # the mismatched box is still in work
        # The missing tube is found on the table: sealed and scanned, the counts agree.
        fill_tube(station, people, tube(4), 1)
        packed = ok(scan(tube(4)), "tube_packed")
        assert packed.count == 3 and "一致" in packed.message
        assert boxes.current() is None  # reconciled: closed, the table packs no more
        refused(scan(tube(1)), "tube_used")  # so a packed tube is the table's again: used
        ok(boxes.hand_over("BX00000001", "刘师傅", "139 0000 1111"), "box_handed_over")
        with pytest.raises(OperatorError):
            boxes.hand_over("BX00000001", "刘师傅")
        refused(scan("BX00000001"), "box_used")
        ok(boxes.receive("BX00000001"), "box_received")
        ok(boxes.receive("BX00000001"), "box_received_already")
        box = boxes.recent()[0]
    assert (box.status, box.count, box.counted, box.transporter) == (
        BoxStatus.RECEIVED,
        3,
        3,
        "刘师傅",
    )
    assert box.transporter_phone == "13900001111"


def test_capacity_closing_and_counting(db_url: str, people) -> None:  # type: ignore[no-untyped-def]
    with station_on(db_url, box_capacity=2, table="2") as station:
        scan, boxes = station.recording.scan, lab(station).boxes
        for n in (1, 2, 3):
            fill_tube(station, people, tube(n), 1)
        with pytest.raises(OperatorError):
            boxes.close(0)  # no box yet
        ok(boxes.scan("BX00000007"), "box_opened")
        with pytest.raises(OperatorError) as empty:
            boxes.close(0)
        assert empty.value.code == "box_empty"
        ok(scan(tube(1)), "tube_packed")
        ok(scan(tube(2)), "tube_packed")
        refused(scan(tube(3)), "box_full")
        # Counted one fewer than the system holds: a tube is missing and taken out.
        assert boxes.close(1).code == "box_mismatch"
        ok(boxes.unpack(tube(2), "未找到实物"), "tube_unpacked")
        assert boxes.current() is None  # reconciled: the box is closed for good
        ok(boxes.hand_over("BX00000007", "陈师傅"), "box_handed_over")
        ok(scan("BX00000008"), "box_opened")
        ok(scan(tube(2)), "tube_packed")  # the tube taken out goes into the next box
    with station_on(db_url) as other:
        # A box barcode used at one table is refused at every other table.
        refused(other.recording.scan("BX00000007"), "box_used")


def test_events_are_appended_and_explain_the_boxes(db_url: str, people) -> None:  # type: ignore[no-untyped-def]
    with station_on(db_url) as station:
        scan, boxes = station.recording.scan, lab(station).boxes
        for n in (1, 2, 3):
            fill_tube(station, people, tube(n), 2)
        ok(scan("BX00000001"), "box_opened")
        for n in (1, 2, 3):
            ok(scan(tube(n)), "tube_packed")
        ok(boxes.unpack(tube(2), "破损"), "tube_unpacked")
        refused(scan("NATCMD:SEAL"), "no_open_tube")
        assert boxes.close(2).code == "box_closed"
        with station.database.transaction() as connection:
            kinds = [
                r.kind
                for r in connection.execute(
                    select(LabEventRow.__table__).order_by(LabEventRow.__table__.c.seq)
                )
            ]
            active = [
                r.tube
                for r in connection.execute(select(BoxTubeRow.__table__))
                if r.removed_by is None
            ]
            row = connection.execute(select(BoxRow.__table__)).one()
    assert kinds == [
        "box_opened",
        "tube_packed",
        "tube_packed",
        "tube_packed",
        "tube_unpacked",
        "box_closed",
    ]
    assert sorted(active) == [tube(1), tube(3)]
    assert (row.count, row.counted, row.status) == (2, 2, "closed")


def nat_station(*args: str, lines: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    # The app_dirs fixture points the data directory (and so the SQLite file) at a tmp dir.
    return subprocess.run(
        [sys.executable, "-m", "app.main", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=dict(os.environ),
    )


def test_headless_scan_packs_boxes_as_the_window_does(people) -> None:  # type: ignore[no-untyped-def]
    lines = (
        tube(1),
        people.code(name="张三"),
        "NATCMD:SEAL",
        "BX00000005",
        tube(1),
        tube(1),
        tube(2),
        tube(2),
        "BX00000006",
    )
    replies = [
        json.loads(line)
        for line in nat_station("scan", "--mode", "5", lines=lines).stdout.splitlines()
    ]
    assert [(r["status"], r["kind"], r["code"]) for r in replies] == [
        ("saved", "tube", "tube_opened"),
        ("saved", "person", "person_added"),
        ("saved", "command", "sealed"),
        ("saved", "box", "box_opened"),
        ("saved", "box", "tube_packed"),
        ("error", "tube", "tube_in_box"),
        ("saved", "tube", "tube_opened"),  # a new tube at the table, box or no box
        ("error", "tube", "tube_not_sealed"),
        ("error", "box", "box_in_work"),
    ]
    assert replies[4]["count"] == 1 and replies[4]["capacity"] == 100
    closed = nat_station("box", "close", "--count", "1", "--json")
    assert json.loads(closed.stdout)["code"] == "box_closed"
    handed = nat_station("box", "handover", "BX00000005", "--transporter", "刘师傅")
    assert handed.returncode == 0 and "刘师傅" in handed.stdout
    refused = nat_station("box", "handover", "BX00000005", "--transporter", "刘师傅")
    assert refused.returncode == 1 and "已交接" in refused.stderr
    (listed,) = [
        json.loads(line) for line in nat_station("box", "list", "--json").stdout.splitlines()
    ]
    assert (listed["box"], listed["status"], listed["count"]) == ("BX00000005", "handed_over", 1)


def test_every_box_refusal_exits_non_zero(people) -> None:  # type: ignore[no-untyped-def]
    bad = nat_station("box", "open", "BX1")
    assert bad.returncode == 1 and "BX1" in bad.stderr and "箱码规则" in bad.stderr
    assert nat_station("box", "list", "--json").stdout == ""  # nothing was opened
    assert nat_station("box", "open", "BX00000001").returncode == 0
    assert nat_station("box", "close", "--count", "0").returncode == 1  # empty: refused
    assert nat_station("box", "void").returncode == 2  # argparse: the reason is required
    voided = nat_station("box", "void", "--reason", "误开箱")
    assert voided.returncode == 0 and "已作废" in voided.stdout
    nat_station("scan", lines=(tube(1), people.code(name="张三"), "NATCMD:SEAL"))
    assert nat_station("box", "open", "BX00000002").returncode == 0
    assert nat_station("box", "pack", tube(1)).returncode == 0
    assert nat_station("box", "void", "--reason", "x").returncode == 1  # not empty
    mismatch = nat_station("box", "close", "--count", "3")
    assert mismatch.returncode == 1 and "数量不符" in mismatch.stderr
    as_json = nat_station("box", "close", "--count", "3", "--json")
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["code"] == "box_mismatch"
    assert nat_station("box", "close", "--count", "1").returncode == 0
    statuses = [
        json.loads(line)["status"]
        for line in nat_station("box", "list", "--json").stdout.splitlines()
    ]
    assert statuses == ["closed", "voided"]


def test_a_voided_box_is_kept_as_an_event_and_a_status(db_url: str) -> None:
    with station_on(db_url) as station:
        boxes = lab(station).boxes
        ok(boxes.open("BX00000001"), "box_opened")
        ok(boxes.void("误开箱"), "box_voided")
        assert boxes.current() is None
        ok(boxes.open("BX00000002"), "box_opened")
        with station.database.engine.connect() as connection:
            kinds = [
                (r.kind, r.data)
                for r in connection.execute(select(LabEventRow).order_by(LabEventRow.at))
            ]
            status = connection.execute(
                select(BoxRow.status).where(BoxRow.barcode == "BX00000001")
            ).scalar_one()
    assert kinds[1] == ("box_voided", {"reason": "误开箱"}) and status == "voided"
