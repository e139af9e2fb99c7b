"""The roster page lists an unlisted region code as a warning of an imported row."""

from __future__ import annotations

from pathlib import Path

from stdnum.cn import ric

from app.roster_wiring import build_roster
from db.recording.store import Database
from roster_data import row, write_csv
from scanner import type_scan
from station.core.settings import Settings
from ui.roster.roster_page import RosterPage


def test_an_unlisted_region_is_imported_and_listed_for_checking(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 's.sqlite3'}", "站点")
    try:
        roster = build_roster(database, Settings(site_name="站点"))
        page = RosterPage(
            lambda path, good, report: roster.importer.import_file(
                path, good_rows=good, report=report
            )
        )
        qtbot.addWidget(page)
        body = "33019919850101012"  # 浙江省, a county code no list holds; the number checks out
        unlisted = {**row(2, name="李四"), "证件号码": body + ric.calc_check_digit(body + "0")}
        path = write_csv(tmp_path / "名单.csv", [row(1), unlisted])
        type_scan(page.path, str(path))
        qtbot.waitUntil(lambda: not page.importing)
        assert "已导入 2 人" in page.status.text() and "提示 1 处" in page.status.text()
        assert page.errors.rowCount() == 1
        assert page.errors.item(0, 0).text() == "3"
        assert "地区码 330199 未收录，请核对" in page.errors.item(0, 2).text()
    finally:
        database.dispose()
