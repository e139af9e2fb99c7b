"""The site lead's ticket page, driven like a scanner and a keyboard, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy import func, select

from app.gui import build_window, tickets_page
from app.wiring import Station
from db.queue.models import TicketEventRow
from scanner import type_scan
from station.core.codes import PersonCode
from station.core.identity import parse_resident_id
from station.queue.service import QueueService
from ui.feedback import Feedback
from ui.queue.tickets_page import TicketsPage
from ui.queue.triage import TriageWindow

W = TypeVar("W", bound=QWidget)
F1, F2, F3, F5 = Qt.Key.Key_F1, Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F5
ZHANG = PersonCode(parse_resident_id("11010519491231002X"), "张三丰", "13812345678")


@pytest.fixture
def station(queue_station: Station) -> Station:
    return queue_station


def events(station: Station) -> int:
    with station.database.transaction() as connection:
        return connection.execute(select(func.count()).select_from(TicketEventRow)).scalar_one()


def rows(page: TicketsPage) -> list[tuple[str, ...]]:
    """What the list shows: number, lane, state, place, issued, waited, table, skips, name."""
    model = page.model
    return [
        tuple(model.text(line, column) for column in range(model.columnCount()))
        for line in model.lines
    ]


def selected(page: TicketsPage) -> str:
    chosen = page.view.selectionModel().selectedRows()
    return page.model.lines[chosen[0].row()].ticket.number if chosen else ""


def show(qtbot, widget: W, width: int = 1280, height: int = 720) -> W:  # type: ignore[no-untyped-def]
    """On screen and active, as a window the operator works in."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


@pytest.fixture
def page(qtbot, station: Station) -> TicketsPage:  # type: ignore[no-untyped-def]
    return show(qtbot, tickets_page(station, "2"))  # as the recorder window mounts it


def test_keys_hold_release_drop_and_call_a_scanned_or_typed_ticket(
    qtbot, page: TicketsPage, station: Station, other_table: QueueService, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    queue = station.queue.service
    p001 = queue.issue("P", ZHANG, reason="elderly").ticket
    for _ in range(3):
        queue.issue("A")
    other_table.call_next("4")  # another table calls P001: the page hears of it by itself
    qtbot.waitUntil(lambda: len(page.model.lines) == 4 and rows(page)[0][2] == "已叫号")
    assert [r[:4] + r[6:] for r in rows(page)] == [
        ("P001", "绿色通道", "已叫号", "", "4", "", "张*丰"),  # masked, never in full
        ("A001", "普通通道", "等候", "1", "", "", ""),
        ("A002", "普通通道", "等候", "2", "", "", ""),
        ("A003", "普通通道", "等候", "3", "", "", ""),
    ]
    assert page.field.hasFocus()

    # A slip scanned: the ticket is selected and where it stands is said.
    type_scan(page.field, p001.barcode)
    assert selected(page) == "P001"
    assert page.band.text().startswith("P001 · 已叫号 · 4 号台 · 已等 0 分钟 · 张*丰")
    qtbot.keyClick(page.field, F1)  # hold: P001 set aside (it had been called)
    assert queue.find("P001").state.value == "held"
    assert page.band.text() == "P001 已暂缓：放行前不会叫到" and rows(page)[-1][:3] == (
        "P001",
        "绿色通道",
        "暂缓",
    )

    # Refused: nothing written, and a message that says why.
    written = events(station)
    for typed, key, message in [
        ("", F1, "号码 P001 当前为「暂缓」，不能改为「暂缓」"),
        ("A009", F1, "没有号码 A009"),
        ("张三", F2, "「张*」不是号码：请输入如 P003，或扫小票"),  # a name never in clear
        ("NATQ:2020-01-01:A001", F2, "小票 A001 是 2020-01-01 的号，不是本轮"),
    ]:
        type_scan(page.field, typed, enter=False)
        qtbot.keyClick(page.field, key)
        assert page.band.text().startswith(message), typed
        assert page.last_error is not None and page.field.text() == ""
    assert events(station) == written

    # Typed loosely, without Enter: "p1" is P001.
    type_scan(page.field, "p1", enter=False)
    qtbot.keyClick(page.field, F2)  # release: back in its place in the line
    assert queue.find("P001").state.value == "issued"
    assert rows(page)[3][:4] == ("P001", "绿色通道", "等候", "1") and selected(page) == "P001"

    # Drop asks first; Esc takes the question back; the second F3 drops.
    type_scan(page.field, "A2")
    qtbot.keyClick(page.field, F3)
    assert page.band.text() == "再按 F3 确认作废 A002（Esc 取消）"
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)
    assert page.band.text() == "已取消作废" and queue.find("A002").state.value == "issued"
    qtbot.keyClick(page.field, F3)
    qtbot.keyClick(page.field, F3)
    assert page.band.text() == "A002 已作废" and queue.find("A002").state.value == "dropped"
    assert rows(page)[-1][2] == "作废"
    written = events(station)
    qtbot.keyClick(page.field, F3)  # a dropped ticket is not asked about again
    assert page.band.text() == "号码 A002 当前为「作废」，不能改为「作废」"
    assert events(station) == written

    # F5: this number to this table; ↑/↓ walk the list.
    type_scan(page.field, "a3", enter=False)
    qtbot.keyClick(page.field, F5)
    assert page.band.text() == "已叫 A003 到 2 号台"
    assert queue.called("2").number == "A003" and rows(page)[0][:3] + rows(page)[0][6:7] == (
        "A003",
        "普通通道",
        "已叫号",
        "2",
    )
    qtbot.keyClick(page.field, Qt.Key.Key_Down)
    assert selected(page) == rows(page)[1][0] == page.current
    qtbot.keyClick(page.field, Qt.Key.Key_Up)
    assert selected(page) == "A003"
    assert page.grab().save(str(tmp_path / "queue_tickets.png"))  # looked at by hand


def test_a_long_day_lists_the_open_tickets_and_counts_the_finished_ones(
    qtbot, station: Station
) -> None:  # type: ignore[no-untyped-def]
    queue = station.queue.service

    class LatestFinishedOnly:
        """The service, keeping one finished ticket in the list instead of 200."""

        def __getattr__(self, name: str) -> object:
            return getattr(queue, name)

        def tickets(self):  # type: ignore[no-untyped-def]
            return queue.tickets(finished=1)

    for _ in range(4):
        queue.issue("A")
    for _ in range(3):
        queue.serve("2", queue.day(), queue.call_next("2").number)
    page = show(qtbot, TicketsPage(LatestFinishedOnly(), table="2"))  # type: ignore[arg-type]
    assert [r[0] for r in rows(page)] == ["A004", "A003"]
    assert page.counts.text() == (
        "共 4 张 · 排队 1 · 已叫号 0 · 暂缓 0 · 已采样 3 · 作废 0（已采样、作废的只列最近 1 张）"
    )


def test_the_page_lets_go_of_its_watch_when_hidden(qtbot, page: TicketsPage) -> None:  # type: ignore[no-untyped-def]
    assert page.follow.watch is not None and page.follow.timer.isActive()
    page.hide()
    assert page.follow.watch is None and not page.follow.timer.isActive()
    page.show()
    assert page.follow.watch is not None


def test_in_the_recorder_window_ctrl7_opens_it_and_its_keys_do_not_touch_the_tube(
    qtbot, station: Station, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    feedback = Feedback(tmp_path / "sounds", "zh", speech=False)
    window = show(qtbot, build_window(station, feedback), 1600, 900)
    window.field.setFocus()
    station.queue.service.issue("A")
    type_scan(window.field, "0012345678")
    type_scan(window.field, "110102198001010009")
    assert station.recording.view().tube.count == 1
    assert "Ctrl+7 排队号码" in window.pages_label.text()
    shortcuts = {s.key().toString(): s for s in window.findChildren(QShortcut)}
    shortcuts["Ctrl+7"].activated.emit()  # offscreen Qt maps no Ctrl+digit: see test_real_window
    page = window.stack.currentWidget()
    assert isinstance(page, TicketsPage) and page.field.hasFocus()
    assert window.windowTitle().endswith("排队号码")
    type_scan(page.field, "A1")
    qtbot.keyClick(page.field, F3)  # on this page F3 asks to drop a ticket; it seals nothing
    assert page.confirm_drop == "A001"
    view = station.recording.view()
    assert view.tube is not None and view.tube.count == 1 and view.tube.status.value == "open"
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)  # cancels the drop; the page stays
    assert window.stack.currentWidget() is page and page.confirm_drop == ""
    qtbot.keyClick(page.field, F1)
    assert station.queue.service.find("A001").state.value == "held"
    assert page.grab().save(str(tmp_path / "tickets_in_recorder.png"))  # looked at by hand
    shortcuts["Esc"].activated.emit()
    assert window.stack.currentIndex() == 0 and window.field.hasFocus()
    qtbot.keyClick(window.field, F3)  # back at the table, F3 seals again
    assert station.recording.view().tube is None
    feedback.close()


def test_at_the_triage_desk_f10_opens_it_and_the_desk_keys_rest(
    qtbot, station: Station, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = TriageWindow(station.queue.service, station.settings)
    window.add_tickets_page(tickets_page(station))
    show(qtbot, window)
    window.field.setFocus()
    type_scan(window.field, "")  # Enter on the empty field issues A001
    assert window.last is not None and "F10 排队号码" in window.keys.text()
    qtbot.keyClick(window.field, Qt.Key.Key_F10)
    page = window.stack.currentWidget()
    assert isinstance(page, TicketsPage) and page.field.hasFocus()
    assert "F5" not in page.keys.text()  # no table to call to at the desk
    qtbot.keyClick(page.field, Qt.Key.Key_F8)  # the desk's issue key rests on this page
    qtbot.keyClick(page.field, Qt.Key.Key_F5)  # and there is no call key here
    assert [line.ticket.number for line in page.model.lines] == ["A001"]
    type_scan(page.field, "A1", enter=False)
    qtbot.keyClick(page.field, F1)  # hold, not the desk's 孕妇 key
    assert station.queue.service.find("A001").state.value == "held"
    assert window.reasons == set()
    assert page.grab().save(str(tmp_path / "tickets_at_desk.png"))  # looked at by hand
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.desk and window.field.hasFocus()


def test_the_recorder_window_warns_the_site_lead_when_the_normal_lane_will_jam(
    qtbot, station: Station, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    feedback = Feedback(tmp_path / "sounds", "zh", speech=False)
    window = show(qtbot, build_window(station, feedback), 1600, 900)
    texts = lambda: [  # noqa: E731
        b.text() for b in window.findChildren(QLabel) if b.isVisible() and "拥堵" in b.text()
    ]
    assert texts() == []
    for _ in range(90):
        station.queue.service.issue("A")
    check = window.findChild(QTimer, "jam_check")
    assert check is not None  # build_window wires the check
    check.timeout.emit()  # as 30 s later
    warning = station.queue.service.board().warning
    assert warning is not None and texts() == [warning.text]
    for timer in window.findChildren(QTimer):
        timer.stop()  # the window outlives the station's database in teardown
