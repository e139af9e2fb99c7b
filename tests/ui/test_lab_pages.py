"""Boxes, results and recall pages driven like a scanner and a keyboard: keys, then Enter."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.wiring import Station
from lab_support import fill_tube, lab, ok, render, station_on, tube
from roster_data import resident_id
from scanner import type_scan
from station.lab.records import BoxStatus, LineStatus
from ui.lab.boxes_page import BoxesPage
from ui.lab.recall_banner import RecallBanner
from ui.lab.recall_page import RecallPage
from ui.lab.results_page import ResultsPage


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    with station_on(f"sqlite:///{tmp_path / 'station.sqlite3'}", default_mode=5) as station:
        yield station


def test_packing_counting_and_handover_from_the_keyboard(
    qtbot,
    station: Station,  # type: ignore[no-untyped-def]
    people,
    tmp_path: Path,
) -> None:
    for n in (1, 2, 3):
        fill_tube(station, people, tube(n), 2)
    page = BoxesPage(lab(station).boxes, tmp_path / "manifests")
    qtbot.addWidget(page)
    page.resize(1280, 800)
    type_scan(page.scan_field, "BX00000009")
    assert page.last_outcome.code == "box_opened"
    type_scan(page.scan_field, tube(1))
    type_scan(page.scan_field, tube(2))
    assert "2/100" in page.box_label.text()
    type_scan(page.scan_field, tube(7))
    assert page.last_outcome.code == "tube_unknown"
    assert "未在本点登记" in page.band.text() and "#c8102e" in page.band.styleSheet()
    type_scan(page.count_field, "3")  # one more in hand than scanned in: mismatch
    assert page.last_outcome.code == "box_mismatch" and "数量不符" in page.box_label.text()
    type_scan(page.transporter, "刘师傅", enter=False)
    type_scan(page.handover_box, "BX00000009", enter=False)
    type_scan(page.phone, "13900001111")
    assert page.last_outcome.code == "box_mismatch"  # refused: no handover yet
    type_scan(page.scan_field, tube(3))  # the missing tube is found
    assert "一致" in page.last_outcome.message
    type_scan(page.phone, "")  # the fields kept what was typed: Enter again hands over
    assert page.last_outcome.code == "box_handed_over"
    assert page.last_manifest is not None and page.last_manifest.exists()
    codes = sorted(b.text for p in render(page.last_manifest) for b in zxingcpp.read_barcodes(p))
    assert codes == sorted(["BX00000009", tube(1), tube(2), tube(3)])
    assert page.table.item(0, 1).text() == "已交接"
    type_scan(page.receive_field, "bx00000009")
    assert page.last_outcome.code == "box_received"
    assert lab(station).boxes.recent()[0].status is BoxStatus.RECEIVED


def test_results_import_shows_every_bad_row_then_the_recall(
    qtbot,
    station: Station,  # type: ignore[no-untyped-def]
    people,
    tmp_path: Path,
) -> None:
    pooled = fill_tube(station, people, tube(1), 5)
    fill_tube(station, people, tube(2), 3)
    sheet = tmp_path / "lab.csv"
    sheet.write_text(
        f"条码,结果\n{tube(1)},阳性\n{tube(2)},无效\nX1,阴性\n{tube(9)},阴性\n", encoding="utf-8"
    )
    page = ResultsPage(lab(station).results)
    qtbot.addWidget(page)
    type_scan(page.path, str(sheet))
    assert page.last_report is not None and not page.last_report.written
    assert [page.errors.item(r, 0).text() for r in range(page.errors.rowCount())] == ["4", "5"]
    assert "未导入" in page.band.text()
    page.good_rows.setChecked(True)
    type_scan(page.path, "")  # the path stays in the field: Enter imports again
    assert page.last_report.written and page.last_report.recalls_opened == [tube(1)]
    assert page.resample.rowCount() == 3 and page.resample.item(0, 2).text() == tube(2)

    said: list[str] = []
    recall_page = RecallPage(
        lab(station).recall,
        tmp_path / "exports",
        confirm=lambda _parent, _text: False,
        sound=said.append,
    )
    assert said == ["混管阳性召回，请立即查看召回名单"]  # the siren, and why, at once
    recall_page.refresh()
    assert len(said) == 1  # on time: once is enough
    banner = RecallBanner(lab(station).recall)
    qtbot.addWidget(recall_page)
    qtbot.addWidget(banner)
    assert not banner.isHidden() and "5 人未出复核结果" in banner.text()
    assert recall_page.table.rowCount() == 5
    names = {recall_page.table.item(r, 1).text() for r in range(5)}
    assert all("*" in name for name in names)
    assert all("****" in recall_page.table.item(r, 2).text() for r in range(5))
    recall_page.table.selectRow(0)
    qtbot.mouseClick(recall_page.found_button, Qt.MouseButton.LeftButton)
    statuses = [recall_page.table.item(r, 4).text() for r in range(5)]
    assert sorted(statuses) == ["已找到", "待找到", "待找到", "待找到", "待找到"]
    assert statuses[-1] == "已找到"  # the ones still to find stay on top
    assert recall_page.export(full_phones=True) is None  # not confirmed: nothing written
    masked = recall_page.export(full_phones=False)
    header, *rows = load_workbook(masked).active.iter_rows(values_only=True)
    phone = header.index("手机号")
    assert len(rows) == 5 and all("****" in row[phone] for row in rows)
    recall_page.confirm = lambda _parent, _text: True
    full = recall_page.export(full_phones=True)
    phones = {row[phone] for row in load_workbook(full).active.iter_rows(values_only=True)}
    assert "13800130000" in phones
    assert "FULL phones" in (Path(station_dir(station)) / "exports.log").read_text()

    # Re-sampled singly at the table, results back: the banner goes away.
    for n, code in enumerate(pooled, start=40):
        station.recording.scan(code)
        ok(station.recording.scan(tube(n)), "recall_resampled")
    recall_page.refresh()
    assert {recall_page.table.item(r, 4).text() for r in range(5)} == {"已单采"}
    back = tmp_path / "back.csv"
    back.write_text(
        "tube,result\n" + "".join(f"{tube(n)},negative\n" for n in range(40, 45)), encoding="utf-8"
    )
    page.path.clear()
    type_scan(page.path, str(back))
    assert page.last_report.imported == 5
    banner.refresh()
    recall_page.refresh()
    assert banner.isHidden() and recall_page.table.rowCount() == 0
    assert {
        line.status
        for v in lab(station).recall.board(open_only=False)
        for line in (x.line for x in v.lines)
    } == {LineStatus.RESULT_BACK}


def station_dir(station: Station) -> str:
    from station.core.settings import data_dir

    return str(data_dir())


def test_the_recall_page_names_card_only_people_shows_one_in_full_and_follows_the_site(  # type: ignore[no-untyped-def]
    qtbot, db_url: str, tmp_path: Path
) -> None:
    """Four people who came with an ID card only are told apart; the site lead sees one in
    full on F11; a re-sample at another table's process shows within a second."""
    from app.gui import change_watch
    from db.lab.store import NOTIFY_CHANNEL

    cards = [resident_id(n) for n in (21, 22, 23, 24)]
    with station_on(db_url, default_mode=10) as station:
        ok(station.recording.scan(tube(1)), "tube_opened")
        for number in cards:
            assert station.recording.scan(number).status.value == "saved"
        ok(station.recording.scan("NATCMD:SEAL"), "sealed")
        sheet = tmp_path / "lab.csv"
        sheet.write_text(f"条码,结果\n{tube(1)},阳性\n", encoding="utf-8")
        assert lab(station).results.import_file(sheet).recalls_opened == [tube(1)]
        # The page as the window mounts it: watching the database while it is shown.
        page = RecallPage(
            lab(station).recall, tmp_path / "exports", watch=change_watch(station, NOTIFY_CHANNEL)
        )
        qtbot.addWidget(page)
        page.resize(1600, 900)
        page.show()
        shown = [page.table.item(r, 1).text() for r in range(4)]
        assert sorted(shown) == sorted(f"身份证 尾号{n[-4:]}" for n in cards)
        assert page.table.horizontalHeaderItem(1).text() == "姓名/证件"

        page.table.selectRow(2)
        assert page.revealed.isHidden()
        assert page.reveal_button.shortcut().toString() == "F11"  # the real key: Xvfb, README
        qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
        number = next(n for n in cards if n.endswith(shown[2][-4:]))
        assert not page.revealed.isHidden() and page.revealed.text() == f"居民身份证 {number}"
        page.table.selectRow(0)  # another person: the full number goes away
        assert page.revealed.isHidden() and number not in page.revealed.text()
        first = next(r for r in range(4) if page.table.item(r, 1).text().endswith(cards[0][-4:]))
        page.table.selectRow(first)
        qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
        assert page.revealed.text() == f"居民身份证 {cards[0]}"

        # Another table, another process, re-samples the first person singly.
        env = {**os.environ, "NAT_STATION_SITE_NAME": station.settings.site_name}
        done = subprocess.run(
            [sys.executable, "-m", "app.main", "scan", "--db", db_url, "--table", "2"],
            input=f"{cards[0]}\n{tube(40)}\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
        assert '"recall_resampled"' in done.stdout, done.stdout
        qtbot.waitUntil(
            lambda: "已单采" in [page.table.item(r, 4).text() for r in range(4)], timeout=1000
        )
        moved = next(r for r in range(4) if page.table.item(r, 1).text().endswith(cards[0][-4:]))
        assert page.table.item(moved, 4).text() == "已单采"
        assert page.table.item(moved, 5).text() == tube(40)
        assert moved == 3  # to the bottom: still to find comes first ...
        assert page.table.currentRow() == moved  # ... and the selection went with them
        assert page.revealed.text() == f"居民身份证 {cards[0]}"  # still theirs, shown
        page.close()  # lets go of the watch while the database is still there
        assert page.follow.watch is None
