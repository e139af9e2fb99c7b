"""The screen matches the tube: count, last person and band after every correction and a
restart (issue 11 §2), and warnings that keep their reason on screen (§3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QShortcut

from app.gui import build_window
from app.wiring import Station, open_station
from scanner import type_scan
from station.core.codes import PersonCode, encode_person_code
from station.core.identity import DocType, Document
from station.recording import Outcome
from ui.feedback import Feedback
from ui.recording.window import RecorderWindow

POOLED, SINGLE, THIRD = "2022100103", "2022100104", "2022100105"
LI_SI = encode_person_code(  # a passport: always a single tube
    PersonCode(Document(DocType.PASSPORT, "E12345678"), "李四", "13812345678")
)
ZHAO = encode_person_code(
    PersonCode(Document(DocType.RESIDENT_ID, "11010519491231002X"), "赵六", "13912345678")
)


def ids(count: int) -> list[str]:
    from stdnum.cn import ric

    bodies = [f"11010519800101{seq:03d}" for seq in range(count)]
    return [body + ric.calc_check_digit(body + "0") for body in bodies]


A, B, C = ids(3)


class Heard:
    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []

    def announce(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'station.sqlite3'}"


@pytest.fixture
def station(tmp_path: Path) -> Station:
    station = open_station(database_url=url(tmp_path), recorder="王小明", table="3")
    yield station
    station.close()


def new_window(qtbot, station: Station, tmp_path: Path) -> RecorderWindow:  # type: ignore[no-untyped-def]
    window = build_window(station, Feedback(tmp_path / "sounds", "zh", speech=False))
    window.announcer = Heard()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    return window


def scan(qtbot, window: RecorderWindow, text: str) -> Outcome:  # type: ignore[no-untyped-def]
    type_scan(window.field, text)
    qtbot.wait(5)  # the side panel's refresh, on the next turn of the loop, changes none of it
    return window.last_outcome


def tail(number: str) -> str:
    return f"尾号{number[-4:]}"


def check(window: RecorderWindow, station: Station, band: str | None = None) -> None:
    """Count and last person as the open tube has them; the band as the last action said."""
    view = station.recording.view()
    if view.tube is None:
        assert window.count_label.text() == "—"
        assert window.person_label.text() == ""
    else:
        assert window.count_label.text() == f"{view.tube.count} / {view.tube.capacity}"
        assert window.tube_label.text() == f"试管 {view.tube.barcode}"
        expected = view.members[-1].name if view.members else ""
        assert window.person_label.text() == expected
    assert window.band.text() == (window.last_outcome.message if band is None else band)


def press(window: RecorderWindow, key: str) -> None:
    next(s for s in window.findChildren(QShortcut) if s.key().toString() == key).activated.emit()


def test_every_correction_and_a_restart_keep_the_screen_on_the_tube(
    qtbot, station, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = new_window(qtbot, station, tmp_path)
    # No tube: no huge "0 / 10", and the band asks for a tube.
    check(window, station, band="请扫试管条码")
    assert "#0a7d24" not in window.count_label.styleSheet()

    scan(qtbot, window, POOLED)
    for person in (A, B, C):
        scan(qtbot, window, person)
    check(window, station)
    assert window.person_label.text() == tail(C)

    press(window, "Ctrl+Z")  # undo: C leaves, B is the last one in the tube again
    assert window.last_outcome.code == "person_removed"
    check(window, station)
    assert window.person_label.text() == tail(B) and window.count_label.text() == "2 / 10"

    # The single-sample detour: refused at the pooled tube, with its reason kept on screen ...
    refused = scan(qtbot, window, LI_SI)
    assert refused.code == "single_required"
    check(window, station)
    assert "需单采（证件为护照）" in window.band.text()
    assert window.person_label.text() == tail(B)  # 李四 is in no tube yet
    # ... then a 1:1 tube for them, sealed at once, and back to the pooled tube.
    single = scan(qtbot, window, SINGLE)
    assert single.code == "tube_full" and single.tube == SINGLE
    check(window, station)
    assert window.tube_label.text() == f"试管 {POOLED}" and window.person_label.text() == tail(B)

    # A call from the queue names someone who was never scanned: the tube is unchanged.
    queue = station.queue.service
    queue.issue("A", PersonCode(Document(DocType.RESIDENT_ID, "110105194912310038"), "王五"))
    press(window, "F5")
    assert window.last_outcome.code == "called" and window.last_outcome.person == "王*"
    check(window, station)
    assert window.person_label.text() == tail(B)

    # Re-test: the warning keeps its reason, "tested today in tube X", until the next scan.
    press(window, "F3")  # seal the pooled tube early (A, B)
    check(window, station)
    scan(qtbot, window, THIRD)
    warned = scan(qtbot, window, B)
    assert warned.code == "retest_confirm"
    qtbot.wait(50)
    check(window, station)
    assert f"今天已检测过：在试管 {POOLED}" in window.band.text()
    confirmed = scan(qtbot, window, B)
    assert confirmed.code == "person_added"
    check(window, station)
    assert window.person_label.text() == tail(B) and window.count_label.text() == "1 / 10"
    # A, B, 李四 and B again: B is one person tested twice.
    qtbot.waitUntil(lambda: "3 人 · 4 次" in window.totals_label.text())

    # Reopen the pooled tube: it is current again, and its last person is B.
    scan(qtbot, window, ZHAO)
    press(window, "F3")
    assert station.recording.view().tube is None
    check(window, station)
    window.run(lambda: station.recording.reopen(POOLED))
    assert window.last_outcome.code == "reopened"
    check(window, station)
    assert window.count_label.text() == "2 / 10" and window.person_label.text() == tail(B)

    # A restart with the tube open: the window says what it recovered, then asks for people.
    window.close()
    station.close()
    again = open_station(database_url=url(tmp_path), recorder="王小明", table="3")
    try:
        RecorderWindow.RESTORED_MS = 300
        restarted = new_window(qtbot, again, tmp_path)
        assert restarted.band.text() == f"已恢复试管 {POOLED} · 2/10 · 最后一人 {tail(B)}"
        assert restarted.count_label.text() == "2 / 10"
        assert restarted.person_label.text() == tail(B)
        qtbot.waitUntil(lambda: restarted.band.text() == "请扫人员码", timeout=3000)
        check(restarted, again, band="请扫人员码")
    finally:
        RecorderWindow.RESTORED_MS = 8000
        again.close()


def test_no_placeholder_reaches_the_header(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    unnamed = open_station(database_url=url(tmp_path), table="3")
    try:
        window = new_window(qtbot, unnamed, tmp_path)
        assert "录入员 录入员" not in window.header.text()
        assert "未设置录入员" in window.header.text()
    finally:
        unnamed.close()
    named = open_station(database_url=url(tmp_path), table="3", recorder="王小明")
    try:
        window = new_window(qtbot, named, tmp_path)
        assert "录入员 王小明" in window.header.text()
    finally:
        named.close()


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("1" * 120, ("Ctrl+7", None)),  # on the tickets page (its own band) and at the table
        ("9" * 10_240, (None,)),
        ("\u202e" + "x" * 1000 + "\x07", (None,)),  # a right-to-left mark, a control character
    ],
)
def test_a_huge_scan_never_widens_the_window_nor_hides_the_count(  # issue 11 §4
    qtbot, station, tmp_path, text, pages
) -> None:  # type: ignore[no-untyped-def]
    window = new_window(qtbot, station, tmp_path)
    window.resize(1920, 1080)
    scan(qtbot, window, POOLED)
    scan(qtbot, window, A)
    for page in pages:
        if page:
            press(window, page)
        outcome = scan(qtbot, window, text)
        qtbot.wait(20)
        assert outcome.status.value == "error"
        assert window.width() == 1920 and window.minimumSizeHint().width() <= 1920
        assert window.height() == 1080 and window.minimumSizeHint().height() <= 1080
        count = window.count_label
        corner = count.mapTo(window, count.rect().topLeft())
        assert corner.x() >= 0 and corner.x() + count.width() <= 1920
        assert count.height() >= 200 and corner.y() + count.height() <= window.band.y()
        assert window.count_label.text() == "1 / 10"
        assert len(window.band.shown()) < 200  # cut to the band's two lines
