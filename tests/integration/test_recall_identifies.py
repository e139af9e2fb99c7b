"""The recall names everyone it lists, even people who came with an ID card only (no name, no
phone on record): on the board, in `recall --json`, in the XLSX, at the table, and in full for
the site lead who asks."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from app.main import main
from app.wiring import Station
from lab_support import SITE, lab, ok, station_on, tube
from roster_data import resident_id, row, write_csv
from station.recording import Status

# Two residents on the community's roster (the roster writes 1栋 / 1单元 / 102室 itself), and
# four people from elsewhere who only showed an ID card: the lab sends back a positive pool.
ROSTER = [
    row(1, name="张三", building="1栋", unit="1单元", room="102室", phone="13800000001"),
    row(2, name="李四", building="1", unit="1", room="102", phone="13800000002"),
]
CARDS_ONLY = [resident_id(n) for n in (11, 12, 13, 14)]


def positive_pool(station: Station, tmp_path: Path) -> None:
    assert station.roster is not None
    report = station.roster.importer.import_file(write_csv(tmp_path / "roster.csv", ROSTER))
    assert (report.imported, report.errors) == (True, [])
    ok(station.recording.scan(tube(1)), "tube_opened")
    for number in [r["证件号码"] for r in ROSTER] + CARDS_ONLY:  # typed, as a card reader does
        assert station.recording.scan(number).status is Status.SAVED
    ok(station.recording.scan("NATCMD:SEAL"), "sealed")
    results = tmp_path / "lab.csv"
    with results.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([("试管条码", "检测结果"), (tube(1), "阳性")])
    assert lab(station).results.import_file(results).recalls_opened == [tube(1)]


def expected_people() -> set[str]:
    return {"张*", "李*"} | {f"身份证 尾号{number[-4:]}" for number in CARDS_ONLY}


def test_every_line_says_who_and_where(
    db_url: str,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    monkeypatch.setenv("NAT_STATION_SITE_NAME", SITE)
    with station_on(db_url, default_mode=10) as station:
        positive_pool(station, tmp_path)
        target = tmp_path / "recall.xlsx"
        assert main(["recall", "export", str(target), "--db", db_url]) == 0
    capsys.readouterr()

    assert main(["recall", "--json", "--db", db_url]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    lines = listed["lines"]
    assert {line["person"] for line in lines} == expected_people()
    assert len({line["document"] for line in lines}) == 6  # the tail tells everyone apart
    known = {line["person"]: line for line in lines if line["name"]}
    assert {p: (k["phone"], k["address"]) for p, k in known.items()} == {
        "张*": ("138****0001", "1栋1单元102室"),
        "李*": ("138****0002", "1栋1单元102室"),
    }
    assert all(line["document_number"] is None for line in lines)  # masked: no full number

    assert main(["recall", "--db", db_url]) == 0
    text = capsys.readouterr().out
    assert all(person in text for person in expected_people())
    assert "此人" not in text and "栋栋" not in text and "单元单元" not in text

    sheet = list(load_workbook(target).active.iter_rows(values_only=True))
    assert "导出人" in str(sheet[0][0])  # the export's watermark comes first (issue 14)
    header, *rows = sheet[1:]
    people = {r[header.index("姓名")] for r in rows}
    assert people == expected_people()
    assert len({r[header.index("证件")] for r in rows}) == 6
    assert {r[header.index("楼栋/单元/房号")] for r in rows} == {"1栋1单元102室", None}


def test_the_table_names_a_card_only_person_and_the_lead_sees_them_in_full(
    db_url: str, tmp_path: Path
) -> None:
    with station_on(db_url, default_mode=10) as station:
        positive_pool(station, tmp_path)
        number = CARDS_ONLY[0]
        warned = station.recording.scan(number)
        assert (warned.status, warned.code) == (Status.WARNING, "recall_resample")
        assert warned.person == f"身份证 尾号{number[-4:]}"
        assert "此人" not in warned.message and number[-4:] in warned.message
        assert number not in warned.message  # still masked at the table

        recall = lab(station).recall
        (view,) = recall.board()
        card = next(v.line for v in view.lines if v.line.document.number == number)
        assert recall.reveal(card.recall_id, card.person_id).text() == f"居民身份证 {number}"
        zhang = next(v.line for v in view.lines if v.line.name == "张三")
        assert recall.reveal(zhang.recall_id, zhang.person_id).text() == (
            f"张三 · 居民身份证 {ROSTER[0]['证件号码']} · 13800000001 · 1栋1单元102室"
        )
