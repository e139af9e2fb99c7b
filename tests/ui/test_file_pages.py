"""The results and the roster page refuse a file they cannot read the same way: a red band
naming the file, no exception out of the slot, nothing imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.roster_wiring import build_roster
from app.wiring import Station
from db.recording.store import Database
from lab_support import lab, station_on
from scanner import type_scan
from station.core.settings import Settings
from ui.lab.results_page import ResultsPage
from ui.roster.roster_page import RosterPage
from ui.theme import STATE_COLOURS

BAD_FILES = {
    "utf16-no-bom.csv": "试管条码,结果\n2022100101,阴性\n".encode("utf-16-le"),
    "binary.csv": bytes(range(256)) * 64,
    "long.csv": ("试管条码,结果\n" + "x" * 140_000 + "\n").encode(),
}


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    with station_on(f"sqlite:///{tmp_path / 'station.sqlite3'}") as station:
        yield station


def bad_files(tmp_path: Path) -> list[Path]:
    for name, data in BAD_FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "folder.csv").mkdir()
    return [tmp_path / name for name in [*BAD_FILES, "folder.csv", "missing.csv"]]


def test_the_results_page_refuses_an_unreadable_file_in_its_band(
    qtbot,
    station: Station,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    page = ResultsPage(lab(station).results)
    qtbot.addWidget(page)
    for path in bad_files(tmp_path):
        page.path.clear()
        type_scan(page.path, str(path))
        assert path.name in page.band.text() and "无法读取结果文件" in page.band.text()
        assert STATE_COLOURS["error"][0] in page.band.styleSheet()
        assert page.last_report is None


def test_the_roster_page_refuses_the_same_files_the_same_way(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 's.sqlite3'}", "站点")
    try:
        roster = build_roster(database, Settings(site_name="站点"))
        page = RosterPage(
            lambda path, good, report: roster.importer.import_file(
                path, good_rows=good, report=report
            )
        )
        qtbot.addWidget(page)
        for path in bad_files(tmp_path):
            page.path.clear()
            type_scan(page.path, str(path))
            qtbot.waitUntil(lambda: not page.importing)
            assert path.name in page.status.text() and "无法读取名单文件" in page.status.text()
            assert STATE_COLOURS["error"][0] in page.status.styleSheet()
    finally:
        database.dispose()
