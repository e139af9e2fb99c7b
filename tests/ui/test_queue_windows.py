"""Triage desk, queue display and call panel, driven by keys like a scanner and a keyboard."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.wiring import Station, open_station
from db.queue.store import queue_unit_of_work
from db.queue.watch import watch
from db.recording.store import Database
from scanner import type_scan
from station.queue.batches import parse_schedule
from station.queue.board import Board, LaneView, SiteStatus
from station.queue.service import Issued, QueueService
from station.recording import Outcome
from ui.queue.call_panel import CallPanel
from ui.queue.display import QueueDisplay
from ui.queue.slip import write_slip_pdf
from ui.queue.triage import TriageWindow

ELDERLY_ID = "11010519491231002X"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'station.sqlite3'}"


@pytest.fixture
def station(url: str) -> Iterator[Station]:
    station = open_station(database_url=url, table="2", site_name="幸福里采样点")
    yield station
    station.close()


def test_triage_suggests_the_lane_and_one_key_issues_a_printed_ticket(
    qtbot, station: Station, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    slips: list[Path] = []

    def slip_out(issued: Issued, lane_name: str) -> str:
        slips.append(
            write_slip_pdf(
                tmp_path / f"{issued.ticket.number}.pdf",
                issued,
                lane_name,
                station.settings.site_name,
            )
        )
        return "已保存"

    window = TriageWindow(station.queue.service, station.settings, slip_out=slip_out)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    type_scan(window.field, ELDERLY_ID)
    assert "绿色通道" in window.lane_label.text() and "老人" in window.reason_label.text()
    assert "1231002X" not in window.person_label.text()  # the ID shows masked
    qtbot.keyClick(window.field, Qt.Key.Key_F1)  # pregnant: still the priority lane, two reasons
    assert "孕妇" in window.reason_label.text()
    qtbot.keyClick(window.field, Qt.Key.Key_F9)  # the desk may choose another lane
    assert "普通通道" in window.lane_label.text()
    qtbot.keyClick(window.field, Qt.Key.Key_F9)
    type_scan(window.field, "")  # Enter on the empty field issues
    assert window.last is not None
    ticket = window.last.ticket
    assert (ticket.number, ticket.reason, ticket.person.document.number) == (
        "P001",
        "elderly",
        ELDERLY_ID,
    )
    assert "P001" in window.band.text() and not window.slip.pixmap().isNull()
    # The slip decodes, with a real decoder, to the ticket's barcode.
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", str(slips[0]), str(tmp_path / "slip")], check=True
    )
    image = Image.open(next(tmp_path.glob("slip*.png")))
    found = zxingcpp.read_barcodes(image)
    assert [b.text for b in found] == [ticket.barcode]
    # With no scan at all, a normal ticket; a building not in the batch is warned, not refused.
    start = (datetime.now() + timedelta(hours=3)).strftime("%H:%M")
    end = (datetime.now() + timedelta(hours=3, minutes=30)).strftime("%H:%M")
    if end > start:
        station.queue.service.set_schedule(parse_schedule(f"3栋,,{start},{end}\n"))
    type_scan(window.building, "9栋")
    assert window.last.ticket.number == "A001"
    assert window.last.outside_batch is (end > start)


def test_display_shows_a_call_from_another_connection_within_300_ms(
    qtbot, station: Station, url: str
) -> None:  # type: ignore[no-untyped-def]
    other = Database(url, station.settings.site_name)
    table = QueueService(
        queue_unit_of_work(other), station.queue.config, day=lambda: station.recording.stamp.round
    )
    watcher = watch(url)
    said: list[str] = []
    display = QueueDisplay(
        station.queue.service.board,
        watcher.changed,
        lambda text: said.append(text) or False,
        site="幸福里采样点",
    )
    qtbot.addWidget(display)
    display.resize(1280, 720)
    with qtbot.waitExposed(display):
        display.show()
    try:
        for _ in range(3):
            table.issue("A")
        table.issue("P")
        with qtbot.waitSignal(display.call_shown, timeout=2000) as shown:
            called = table.call_next("2")
        assert shown.args[1] == called.number == "P001"
        assert display.call_label.text() == "请 P001 到 2 号台"
        assert said == ["请 P001 到 2 号台"]
        assert display._flasher.isActive()  # no voice: the number flashes
        lanes = [label.text() for label in display.lane_labels]
        assert lanes[0].startswith("普通通道\n等候 3 人")
        table.call_next("3")
        qtbot.waitUntil(lambda: display.call_label.text() == "请 A001 到 3 号台", timeout=1000)
        assert display.recent_labels[0].text() == "P001 → 2号台"
        # Another size, same layout: the newest call still fits on one line.
        display.resize(1920, 1080)
        qtbot.wait(50)
        width = display.call_label.fontMetrics().horizontalAdvance(display.call_label.text())
        assert width <= display.width() * 7 / 11
    finally:
        watcher.close()
        other.dispose()


def test_display_marks_a_skipped_call_as_missed(qtbot, station: Station, url: str) -> None:  # type: ignore[no-untyped-def]
    """A ticket skipped after its call stays on the board, marked 过号, not as a live call."""
    queue = station.queue.service
    watcher = watch(url)
    display = QueueDisplay(queue.board, watcher.changed, site="幸福里采样点")
    qtbot.addWidget(display)
    display.resize(1280, 720)
    try:
        for _ in range(3):
            queue.issue("A")
        queue.call_next("2")
        queue.call_next("3")
        qtbot.waitUntil(lambda: display.call_label.text() == "请 A002 到 3 号台", timeout=1000)
        assert display.recent_labels[0].text() == "A001 → 2号台"
        queue.skip("2")  # A001 did not come
        missed = "A001 → 2号台 过号"
        qtbot.waitUntil(lambda: display.recent_labels[0].text() == missed, timeout=1000)
        assert display.call_label.text() == "请 A002 到 3 号台"  # the live call is untouched
        queue.skip("3")  # the newest call itself was missed
        qtbot.waitUntil(lambda: display.call_label.text() == "A002 过号", timeout=1000)
        assert "ff9f43" in display.recent_labels[0].styleSheet()
    finally:
        watcher.close()


def test_display_shows_the_batch_called_now_and_the_next(qtbot) -> None:  # type: ignore[no-untyped-def]
    lanes = [LaneView("A", "普通通道", False, 3, 1.0)]
    board = Board([], lanes, SiteStatus.CLEAR, ["3栋（08:00–08:30）"], [], ["5栋（08:30–09:00）"])
    display = QueueDisplay(lambda: board, lambda: False)
    qtbot.addWidget(display)
    both = "当前楼栋：3栋（08:00–08:30）    下一批：5栋（08:30–09:00）"
    assert display.batch_label.text() == both
    later = Board([], lanes, SiteStatus.CLEAR, [], [], ["5栋（08:30–09:00）"])
    display.show_board(later)  # between batches: only what comes next
    assert display.batch_label.text() == "下一批：5栋（08:30–09:00）"


def test_call_panel_keys_call_recall_and_skip(qtbot, station: Station) -> None:  # type: ignore[no-untyped-def]
    outcomes: list[Outcome] = []
    host = QWidget()
    qtbot.addWidget(host)
    start = (datetime.now() - timedelta(minutes=5)).strftime("%H:%M")
    end = (datetime.now() + timedelta(minutes=30)).strftime("%H:%M")
    station.queue.service.set_schedule(parse_schedule(f"3栋,1-2单元,{start},{end}\n"))
    panel = CallPanel(
        station.queue.handler,
        station.queue.service.called,
        "2",
        outcomes.append,
        batches=station.queue.service.current_batches,
        parent=host,
    )
    host.resize(900, 120)
    with qtbot.waitActive(host):
        host.show()
        host.activateWindow()
    assert panel.ticket_label.text() == "本台未叫号"
    if end > start:  # not across local midnight
        assert panel.batch_label.text().startswith("当前楼栋：3栋 1-2单元")
    station.queue.service.issue("A")
    station.queue.service.issue("A")
    qtbot.keyClick(host, Qt.Key.Key_F5)
    assert outcomes[-1].code == "called" and panel.ticket_label.text() == "本台：A001"
    qtbot.keyClick(host, Qt.Key.Key_F6)
    assert outcomes[-1].code == "recalled"
    qtbot.keyClick(host, Qt.Key.Key_F7)
    assert outcomes[-1].message == "A001 过号；叫号 A002"
    assert panel.ticket_label.text() == "本台：A002"
    qtbot.keyClick(host, Qt.Key.Key_F7)
    assert outcomes[-1].code == "queue_empty"


def test_display_shows_the_jam_warning_first_among_its_notices(qtbot, station: Station) -> None:  # type: ignore[no-untyped-def]
    display = QueueDisplay(station.queue.service.board, lambda: False, site="幸福里采样点")
    qtbot.addWidget(display)
    display.refresh()
    assert "拥堵）" not in display.notice_label.text()
    for _ in range(90):
        station.queue.service.issue("A")
    display.refresh()
    warning = station.queue.service.board().warning
    assert warning is not None
    assert display.notice_label.text().startswith(warning.text + "    ")
