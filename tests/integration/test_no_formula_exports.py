"""No formula leaves the station: every CSV and XLSX it writes, with hostile text in every
field a person can type (place, transporter, recorder, site, round), holds no live formula."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import update

from app.main import main
from db.roster.models import RoomRow
from lab_support import lab, ok, station_on, tube
from roster_data import row, write_csv
from station.core.export_cells import FORMULA_LEADS
from station.lab.recall_export import write_recall_xlsx
from station.recording import Status
from station.roster.files import write_template

ROOT = Path(__file__).resolve().parents[2]
EVIL = {
    "building": "=cmd|' /C calc'!A0",
    "unit": '=HYPERLINK("http://evil.example/x","点我")',
    "room": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def no_formula_in_xlsx(path: Path) -> list[str]:
    """Every string of the workbook, after checking no cell is a formula, in openpyxl's view
    and in the file's own XML."""
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >]", book.read(name)), name
    texts = []
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def no_formula_in_csv(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        cells = [cell for record in csv.reader(fh) for cell in record]
    assert not [cell for cell in cells if cell.startswith(FORMULA_LEADS)]
    return cells


def test_every_file_the_station_writes_holds_no_formula_from_the_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    hostile = {"site_name": "=1+1", "recorder": "@SUM(A1)", "round": "+cmd|' /C calc'!A0"}
    with station_on(url, **hostile) as station:
        roster = station.roster
        assert roster is not None
        residents = [
            row(n, building="7栋", unit="1单元", room="301", immobile="是") for n in range(1, 7)
        ]
        assert roster.importer.import_file(write_csv(tmp_path / "r.csv", residents)).imported
        # A room stored before the import checked places: as a database from the field holds.
        with station.database.engine.begin() as connection:
            connection.execute(update(RoomRow).values(**EVIL))
        ok(station.recording.scan(tube(1)), "tube_opened")
        for resident in residents[:3]:  # typed as name,id,phone; the other three stay untested
            text = f"{resident['姓名']},{resident['证件号码']},{resident['手机号']}"
            assert station.recording.scan(text).status is Status.SAVED
        ok(station.recording.scan("NATCMD:SEAL"), "sealed")
        boxes = lab(station).boxes
        ok(boxes.open("BX00000001"), "box_opened")
        ok(boxes.pack(tube(1)), "tube_packed")
        ok(boxes.close(1), "box_closed")
        ok(boxes.hand_over("BX00000001", '=HYPERLINK("http://evil.example")'), "box_handed_over")
        results = tmp_path / "lab.csv"
        results.write_text(f"试管条码,结果\n{tube(1)},阳性\n", encoding="utf-8")
        assert lab(station).results.import_file(results).recalls_opened == [tube(1)]

        written = {
            "report": roster.export_report(tmp_path / "report.xlsx")[0],
            "recall": tmp_path / "recall.xlsx",
            "template": write_template(tmp_path / "template.xlsx"),
        }
        write_recall_xlsx(lab(station).recall.board(), written["recall"], full_phones=True)
        untested = roster.coverage.untested(None)
        roster.exports.write_csv(untested, tmp_path / "untested.csv", "未检")
        roster.exports.write_csv(roster.coverage.door_to_door(), tmp_path / "door.csv", "上门")
        texts = {name: no_formula_in_xlsx(path) for name, path in written.items()}
        cells = {name: no_formula_in_csv(tmp_path / f"{name}.csv") for name in ("untested", "door")}
    # The hostile text is there, as text: nothing was dropped to pass the test.
    report = texts["report"]
    assert {"=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example")'} <= set(
        report
    )
    assert any(EVIL["building"] in text for text in texts["recall"])
    assert len(untested) == 3 and "'" + EVIL["building"] in cells["untested"]
    assert "'" + EVIL["unit"] in cells["door"] and "'" + EVIL["room"] in cells["door"]


def test_the_cli_exports_hold_no_formula_either(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    path = write_csv(tmp_path / "r.csv", [row(1, immobile="是")])
    assert main(["roster", "import", str(path), "--db", db]) == 0
    from db.recording.store import Database

    database = Database(db, "any")
    try:
        with database.engine.begin() as connection:
            connection.execute(update(RoomRow).values(**EVIL))
    finally:
        database.dispose()
    assert main(["untested", "--csv", str(tmp_path / "u.csv"), "--db", db]) == 0
    assert main(["door-to-door", "--csv", str(tmp_path / "d.csv"), "--db", db]) == 0
    main(["report", "--xlsx", str(tmp_path / "r.xlsx"), "--db", db])
    for name in ("u", "d"):
        assert "'" + EVIL["building"] in no_formula_in_csv(tmp_path / f"{name}.csv")
    assert EVIL["building"] in no_formula_in_xlsx(tmp_path / "r.xlsx")


def test_every_writer_goes_through_the_one_helper() -> None:
    """A module that makes a workbook or a CSV writer saves through station.core.export_cells."""
    writers = []
    for folder in ("station", "ui", "app"):
        for source in (ROOT / folder).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            if re.search(r"\bWorkbook\(|csv\.(writer|DictWriter)\(", text):
                writers.append(source.relative_to(ROOT).as_posix())
                assert "station.core.export_cells import" in text, source
                assert ".save(" not in text.replace("save_workbook(", ""), source
    assert sorted(writers) == [
        "app/cli_audit.py",
        "station/lab/recall_export.py",
        "station/roster/files.py",
        "station/roster/lists.py",
        "station/roster/report_xlsx.py",
    ]
