"""From scans to boxes, manifest, results (CSV and XLSX, bad rows), recall and single re-tests,
on a SQLite file and on PostgreSQL, through the same services and commands as the window."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import zxingcpp
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.main import main
from db.lab.models import LabEventRow
from lab_support import SITE, Clock, fill_tube, lab, ok, render, station_on, tube
from station.lab.recall import Urgency
from station.lab.records import LineStatus, Result
from station.recording import Status


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[tuple[object, ...]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def lab_events(station) -> int:  # type: ignore[no-untyped-def]
    with station.database.transaction() as connection:
        return connection.execute(
            select(func.count()).select_from(LabEventRow.__table__)
        ).scalar_one()


def cli(capsys, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    return code, capsys.readouterr().out


def test_scans_to_recall_and_single_retests(
    db_url: str,
    tmp_path: Path,
    people,
    capsys,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    monkeypatch.setenv("NAT_STATION_SITE_NAME", SITE)
    clock = Clock()
    with station_on(db_url, default_mode=10) as station:
        station.recording.clock = clock
        scan, boxes, results = station.recording.scan, lab(station).boxes, lab(station).results
        pooled = fill_tube(station, people, tube(1), 10)  # full: seals itself
        fill_tube(station, people, tube(2), 3)  # sealed under-filled
        ok(scan("NATCMD:MODE:1"), "next_mode")
        invalid = fill_tube(station, people, tube(3), 1)
        fill_tube(station, people, tube(4), 2)

        # ----- boxes: pack by scanning, reconcile, hand over, manifest --------------------
        ok(scan("BX00000001"), "box_opened")
        for n in (1, 2, 3):
            ok(scan(tube(n)), "tube_packed")
        assert boxes.close(3).code == "box_closed"
        ok(boxes.hand_over("BX00000001", "刘师傅", "13900001111"), "box_handed_over")
        ok(scan("BX00000002"), "box_opened")
        ok(scan(tube(4)), "tube_packed")
        assert boxes.close(2).code == "box_mismatch"  # one tube too many counted
        assert boxes.close(1).code == "box_closed"  # recounted: resolved
        ok(boxes.hand_over("BX00000002", "刘师傅"), "box_handed_over")
        pdf = tmp_path / "BX00000001.pdf"
        assert (
            cli(capsys, "box", "manifest", "BX00000001", "--pdf", str(pdf), "--db", db_url)[0] == 0
        )
        decoded = sorted(b.text for page in render(pdf) for b in zxingcpp.read_barcodes(page))
        assert decoded == sorted(["BX00000001", tube(1), tube(2), tube(3)])

        # ----- results, CSV with bad rows: nothing, then the good rows, then again nothing ---
        sheet = write_csv(
            tmp_path / "lab.csv",
            [
                ("试管条码", "检测结果", "检测时间"),
                (tube(1), "阳性", "2026-11-22 08:10"),
                (tube(2), "阴性", "2026-11-22 08:10"),
                ("2022999999", "阴性", ""),  # not a tube of this site
                (tube(3), "无效", ""),
                (tube(4), "待定", ""),  # not a result word
            ],
        )
        before = lab_events(station)
        code, out = cli(capsys, "results", "import", str(sheet), "--db", db_url, "--json")
        report = json.loads(out)
        assert code == 1 and report["written"] is False
        assert [
            (e["line"], "2022999999" in e["reason"] or "待定" in e["reason"])
            for e in report["errors"]
        ] == [(4, True), (6, True)]
        assert lab_events(station) == before
        clock.advance(minutes=5)
        imported = results.import_file(sheet, good_rows_only=True)
        assert (imported.imported, imported.recalls_opened) == (3, [tube(1)])
        assert imported.boxes_received == ["BX00000001"]
        after = lab_events(station)
        again = results.import_file(sheet, good_rows_only=True)
        assert (again.imported, again.unchanged, lab_events(station)) == (0, 3, after)

        # invalid: its person is listed for re-sampling
        resample = results.resample_list()
        assert [(e.tube, e.resampled_in) for e in resample] == [(tube(3), None)]
        assert resample[0].name.endswith("*")

        # ----- the recall: everyone of the positive pool, masked in the headless listing -----
        code, out = cli(capsys, "recall", "--json", "--db", db_url)
        (listed,) = json.loads(out)
        assert (listed["tube"], listed["people"], listed["done"]) == (tube(1), 10, 0)
        assert all("*" in line["person"] and "****" in line["phone"] for line in listed["lines"])
        assert {line["status"] for line in listed["lines"]} == {"to_find"}
        assert all(line["address"] == "" for line in listed["lines"])  # no roster wired
        recall = lab(station).recall
        (board,) = recall.board()
        first = board.lines[0].line
        recall.mark_found(first.recall_id, first.person_id)
        clock.advance(hours=5, minutes=10)
        (board,) = recall.board()
        assert board.urgency is Urgency.NEAR
        statuses = {v.line.person_id: v.line.status for v in board.lines}
        assert statuses[first.person_id] is LineStatus.FOUND
        assert board.lines[-1].line.person_id == first.person_id  # still to find: on top

        # ----- single re-tests at a 10:1 table: each recalled person gets a new 1:1 tube ----
        ok(scan(tube(20)), "tube_opened")  # the table's own pooled tube, partly filled
        ok(scan(people.code(name="路人")), "person_added")
        for n, code_text in enumerate(pooled, start=30):
            warned = scan(code_text)
            assert (warned.status, warned.code) == (Status.WARNING, "recall_resample")
            resampled = ok(scan(tube(n)), "recall_resampled")
            assert (resampled.capacity, resampled.count, resampled.sealed) == (1, 1, True)
        ok(scan(people.code(name="路人乙")), "person_added")  # back to the pooled tube
        assert station.recording.view().tube.barcode == tube(20)
        (board,) = recall.board()
        assert {v.line.status for v in board.lines} == {LineStatus.RESAMPLED}
        assert sorted(v.line.resample_tube for v in board.lines) == [tube(n) for n in range(30, 40)]
        # The person of the invalid tube is re-sampled too (ordinary table rules).
        code_text = invalid[0]
        ok(scan("NATCMD:SEAL"), "sealed")
        ok(scan(tube(41)), "tube_opened")
        assert scan(code_text).status is Status.WARNING  # tested today: confirm the re-test
        ok(scan(code_text), "person_added")
        assert [e.resampled_in for e in results.resample_list()] == [tube(41)]

        # ----- the single results come back in an XLSX: lines close, the recall closes ----
        ok(boxes.open("BX00000003"), "box_opened")
        for n in range(30, 40):
            ok(boxes.pack(tube(n)), "tube_packed")
        assert boxes.close(10).code == "box_closed"
        ok(boxes.hand_over("BX00000003", "陈师傅"), "box_handed_over")
        rows: list[tuple[object, ...]] = [("条码", "结果", "检测时间")]
        rows += [(tube(n), "阴性" if n != 33 else "阳性", None) for n in range(30, 40)]
        rows += [(tube(4), "negative", None), ("abc", "阴性", None)]
        book = write_xlsx(tmp_path / "lab.xlsx", rows)
        refused = results.import_file(book)
        assert (refused.written, [e.line for e in refused.errors]) == (False, [13])
        assert recall.board()[0].done == 0
        clock.advance(minutes=20)
        done = results.import_file(book, good_rows_only=True)
        assert (done.imported, done.recalls_opened) == (11, [])  # single positives: no recall
        assert sorted(done.boxes_received) == ["BX00000002", "BX00000003"]
        assert recall.board() == []
        (closed,) = recall.board(open_only=False)
        assert closed.urgency is Urgency.DONE and closed.done == 10
        positives = [v.line for v in closed.lines if v.line.result is Result.POSITIVE]
        assert [line.resample_tube for line in positives] == [tube(33)]

        # ----- export for the community: masked by default, full phones only confirmed ----
        target = tmp_path / "recall.xlsx"
        assert (
            cli(capsys, "recall", "export", str(target), "--all", "--full-phones", "--db", db_url)[
                0
            ]
            == 2
        )
        assert not target.exists()
        code, out = cli(
            capsys,
            "recall",
            "export",
            str(target),
            "--all",
            "--full-phones",
            "--yes",
            "--db",
            db_url,
        )
        assert code == 0 and "10 people" in out and "FULL phones" in out
        watermark, *sheet_rows = list(load_workbook(target).active.iter_rows(values_only=True))
        assert str(watermark[0]).startswith("导出人 ")  # who, when, why (issue 14)
        assert len(sheet_rows) == 11
        phone = sheet_rows[0].index("手机号")
        assert {row[phone] for row in sheet_rows[1:]} == {f"1380013{i:04d}" for i in range(10)}
        assert all("*" in row[1] for row in sheet_rows[1:])


def test_the_round_report_counts_this_rounds_boxes_and_recalls_only(
    db_url: str,
    people,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    with station_on(db_url, round="R1") as first:
        fill_tube(first, people, tube(1), 5)
        ok(first.recording.scan("BX00000001"), "box_opened")
        ok(first.recording.scan(tube(1)), "tube_packed")
        assert lab(first).boxes.close(1).code == "box_closed"
        sheet = write_csv(tmp_path / "r1.csv", [("条码", "结果"), (tube(1), "阳性")])
        assert lab(first).results.import_file(sheet).recalls_opened == [tube(1)]
    with station_on(db_url, round="R2") as second:
        fill_tube(second, people, tube(2), 5)
        assert second.roster is not None
        report = second.roster.reports.build("R2")
        assert (report.boxes, report.recalls) == ([], [])
        assert report.cross_check() == []  # R1's box is not "more boxed tubes than tubes"
        earlier = second.roster.reports.build("R1")
        assert [b.barcode for b in earlier.boxes or []] == ["BX00000001"]
        assert [r.tube for r in earlier.recalls or []] == [tube(1)]
        assert earlier.cross_check() == []
