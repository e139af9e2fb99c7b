"""RosterPage, CoveragePage and the label sheets, driven like a site lead at the keyboard."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from PySide6.QtCore import Qt

from app.roster_wiring import build_roster
from db.recording.store import Database
from roster_data import resident_id, row, write_csv
from scanner import type_scan
from station.core.codes import PersonCode, encode_person_code
from station.core.identity import parse_resident_id
from station.core.settings import Settings
from station.roster.coverage import group_by_building
from station.roster.label_sheets import household_labels, person_labels
from station.roster.ports import ResidentLine, Round, UnitCoverage
from station.roster.residents import Flags, Place
from ui.roster.coverage_page import CoveragePage, whole_step
from ui.roster.label_sheets import write_label_sheets
from ui.roster.roster_page import RosterPage


def test_roster_page_shows_every_bad_row_then_imports_good_rows(qtbot, tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 's.sqlite3'}", "站点")
    try:
        roster = build_roster(database, Settings(site_name="站点"))
        page = RosterPage(
            lambda path, good, report: roster.importer.import_file(
                path, good_rows=good, report=report
            )
        )
        qtbot.addWidget(page)
        rows = [row(1), row(2, name="王5"), row(3, phone="123"), row(4)]
        path = write_csv(tmp_path / "名单.csv", rows)
        type_scan(page.path, str(path))  # a Chinese file name: typed key by key, then Enter
        qtbot.waitUntil(lambda: not page.importing)
        assert page.errors.rowCount() == 2
        assert [page.errors.item(i, 0).text() for i in range(2)] == ["3", "4"]
        assert "未导入" in page.status.text()
        page.resize(1000, 420)
        assert page.grab().save(str(tmp_path / "roster_import.png"))  # looked at by hand
        page.good_rows.setChecked(True)
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.importing)
        assert "已导入 2 人" in page.status.text()
    finally:
        database.dispose()


def test_an_english_roster_page_gives_each_refusal_in_english(qtbot, tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 's.sqlite3'}", "站点")
    try:
        roster = build_roster(database, Settings(site_name="站点", language="en"))
        page = RosterPage(
            lambda path, good, report: roster.importer.import_file(
                path, good_rows=good, report=report
            ),
            language="en",
        )
        qtbot.addWidget(page)
        path = write_csv(tmp_path / "roster.csv", [row(1), row(2, name="王5"), row(3, phone="123")])
        type_scan(page.path, str(path))
        qtbot.waitUntil(lambda: not page.importing)
        reasons = [page.errors.item(i, 2).text() for i in range(page.errors.rowCount())]
        assert len(reasons) == 2
        for reason in reasons:  # the cell's own value (王5) may be quoted; nothing else Chinese
            assert re.search(r"[a-z]{4,}", reason) and not re.search(r"[\u4e00-\u9fff]{2,}", reason)
    finally:
        database.dispose()


def _value_axes(page: CoveragePage) -> list:  # type: ignore[type-arg]
    return [
        axis
        for view in (page.hours_view, page.buildings_view)
        for axis in view.chart().axes()
        if hasattr(axis, "tickInterval")
    ]


def test_a_quiet_morning_is_counted_in_whole_people(qtbot) -> None:
    """One person tested, one expected: the axes read 0 1, not 0 0 0 0 0 1."""
    coverage = group_by_building(Round("第5轮"), [UnitCoverage("1栋", "", 1, 0, 0)])
    page = CoveragePage(lambda: coverage, lambda: [(datetime(2026, 11, 22, 7), 1)], lambda p: p)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    axes = _value_axes(page)
    assert len(axes) == 2
    for axis in axes:
        assert axis.tickInterval() == 1 and axis.max() in (1, 2) and axis.min() == 0


@given(st.floats(min_value=0, max_value=1e7))
def test_ticks_are_whole_people_and_few(top: float) -> None:
    step = whole_step(top)
    digits = str(step).rstrip("0")
    assert digits in ("1", "2", "5")
    assert top / step <= 5
    assert step == 1 or top / step > 2  # never coarser than needed


def test_coverage_page_charts_show_the_numbers(qtbot, tmp_path: Path) -> None:
    units = [
        UnitCoverage("1栋", "1单元", 120, 98, 3),
        UnitCoverage("1栋", "2单元", 110, 110, 0),
        UnitCoverage("2栋", "", 90, 41, 2),
        UnitCoverage("10栋", "", 60, 12, 0),
    ]
    coverage = group_by_building(Round("第5轮"), units)
    hours = [(datetime(2026, 11, 22, h), n) for h, n in ((7, 88), (8, 131), (9, 127), (10, 64))]
    written: list[Path] = []
    page = CoveragePage(lambda: coverage, lambda: hours, lambda p: written.append(p) or p)
    qtbot.addWidget(page)
    assert page.series_values() == {}  # built at start-up, read only when shown
    page.resize(1200, 520)
    page.show()
    qtbot.waitExposed(page)
    values = page.series_values()
    assert values["人数"] == [88, 131, 127, 64]
    # Bars run bottom to top, so the first building is last.
    assert values["已检"] == [12, 41, 208]
    assert values["未检"] == [48, 49, 22]
    assert "已检 261 / 应检 380" in page.headline.text()
    assert page.grab().save(str(tmp_path / "roster_coverage.png"))  # looked at by hand
    assert page.export_button.isVisible()
    page.export_to(Path("第5轮.xlsx"))
    assert written == [Path("第5轮.xlsx")] and "第5轮.xlsx" in page.headline.text()


def test_label_sheets_every_barcode_decodes(qtbot, tmp_path: Path) -> None:
    names = ["张三", "买买提·艾力", "欧阳娜娜", "李四", "王五", "赵六", "孙七", "周八", "吴九"]
    lines = [
        ResidentLine(
            f"p{i}",
            name,
            f"138{i:08d}",
            "resident_id",
            resident_id(i),
            Place("7栋", "1单元", f"30{i % 3}"),
            Flags(elderly=True),
            i % 3,
        )
        for i, name in enumerate(names)
    ]
    labels = person_labels(lines) + household_labels(lines)
    pdf = write_label_sheets(tmp_path / "labels.pdf", labels)
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2  # 12 labels, 8 to a page
    decoded = [r.text for p in pages for r in zxingcpp.read_barcodes(Image.open(p))]
    assert sorted(decoded) == sorted(label.payload for label in labels)
    assert all("张三" not in label.title for label in labels)  # names masked on paper


def test_cli_labels_for_a_selection_decode_and_are_logged(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from app.main import main

    monkeypatch.setenv("NAT_STATION_SITE_NAME", "站点")
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    rows = [
        row(1, name="张三", year=1940, immobile="是"),
        row(2, name="李四", year=1990, immobile="是"),  # too young for the selection
        row(3, name="王五", year=1941, phone=""),  # not immobile
        row(4, name="赵六", year=1942, immobile="是", room="102"),
    ]
    roster_file = write_csv(tmp_path / "r.csv", rows)
    assert main(["roster", "import", str(roster_file), "--db", url]) == 0
    pdf = tmp_path / "slips.pdf"
    args = ["roster", "labels", "--pdf", str(pdf), "--flag", "immobile", "--min-age", "70"]
    assert main([*args, "--db", url, "--recorder", "社区王主任"]) == 0
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "p")], check=True)
    decoded = [
        r.text
        for p in sorted(tmp_path.glob("p*.png"))
        for r in zxingcpp.read_barcodes(Image.open(p))
    ]
    expected = [
        encode_person_code(PersonCode(parse_resident_id(resident_id(n, year)), name, f"138{n:08d}"))
        for n, name, year in ((1, "张三", 1940), (4, "赵六", 1942))
    ]
    assert sorted(decoded) == sorted(expected)
    database = Database(url, "站点")
    try:
        with build_roster(database, Settings(site_name="站点")).uow() as store:
            exports = store.exports()
    finally:
        database.dispose()
    assert [(e.who, e.what, e.rows) for e in exports] == [("社区王主任", "个人码标签", 2)]


class Silent:
    def announce(self, outcome: object) -> None:
        pass


def test_closing_the_window_mid_import_asks_then_stops_it_cleanly(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import func, select

    from app.wiring import open_station
    from db.recording.models import PersonRow
    from ui.recording.window import RecorderWindow

    station = open_station(database_url=f"sqlite:///{tmp_path / 's.sqlite3'}", table="3")
    try:
        roster = build_roster(station.database, station.settings)
        # Small batches with long gaps: the import is still writing when the window closes.
        slow = replace(roster.importer, batch_rows=50, batch_gap_s=0.1)
        page = RosterPage(lambda path, good, report: slow.import_file(path, report=report))
        window = RecorderWindow(station.recording, Silent())
        qtbot.addWidget(window)
        window.add_page("Ctrl+5", "花名册", page)
        window.show()
        path = write_csv(tmp_path / "名单.csv", [row(n) for n in range(1, 1001)])
        page.path.setText(str(path))
        page.run_import()
        qtbot.waitUntil(lambda: page._running[0].created >= 100, timeout=20_000)

        def persons() -> int:
            with station.database.transaction(read_only=True) as connection:
                return connection.execute(select(func.count()).select_from(PersonRow)).scalar()

        answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
        asked: list[str] = []

        def question(parent, title, text, *rest):  # type: ignore[no-untyped-def]
            asked.append(text)
            return next(answers)

        monkeypatch.setattr(QMessageBox, "question", question)
        assert not window.close()  # "No": the window stays, the import goes on
        assert window.isVisible() and page.importing
        assert window.close()  # "Yes": stopped before its next batch, then closed
        assert "正在写入" in asked[0] and "重新导入" in asked[0]
        assert not page.importing and not window.isVisible()
        assert "导入已取消" in page.status.text()
        written = persons()
        assert 100 <= written < 1000
        # Nothing keeps writing behind the closed window.
        time.sleep(0.5)
        assert persons() == written
        # The same roster again completes it, without duplicates.
        again = roster.importer.import_file(path)
        assert (again.created, again.matched) == (1000 - written, written)
        assert persons() == 1000
    finally:
        station.close()
