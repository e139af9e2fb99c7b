"""The recorder window driven like a barcode scanner: bursts of keys and Enter."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select

from app.gui import NO_CJK_FONT, startup_warnings
from app.wiring import Station, open_station
from db.recording.models import EventRow
from scanner import type_scan
from station.recording import Outcome, RecordingService
from ui.recording.correction_dialogs import RemoveDialog
from ui.recording.slip import write_slip_pdf
from ui.recording.window import RecorderWindow

ZHANG_SAN = "NP1.R.11010519491231002X.13812345678.5byg5LiJ"  # 张三
MAIMAITI = "买买提·艾力，110105194912310038，13912345678"  # typed through an input method


class RecordingAnnouncer:
    """A hand-written fake: keeps what the window asked to be played and spoken."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []

    def announce(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


def valid_ids(count: int) -> list[str]:
    from stdnum.cn import ric

    ids = []
    for seq in range(count):
        body = f"11010519800101{seq:03d}"
        ids.append(body + ric.calc_check_digit(body + "0"))
    return ids


@pytest.fixture
def station(tmp_path: Path) -> Station:
    station = open_station(
        database_url=f"sqlite:///{tmp_path / 'station.sqlite3'}", recorder="王小明", table="3"
    )
    yield station
    station.close()


@pytest.fixture
def window(qtbot, station: Station) -> RecorderWindow:  # type: ignore[no-untyped-def]
    window = RecorderWindow(station.recording, RecordingAnnouncer())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def events(station: Station) -> int:
    with station.database.transaction() as connection:
        return connection.execute(select(func.count()).select_from(EventRow)).scalar_one()


def scan(qtbot, window: RecorderWindow, text: str) -> Outcome:  # type: ignore[no-untyped-def]
    type_scan(window.field, text)
    assert window.last_outcome is not None
    return window.last_outcome


def test_a_tube_and_people_by_scanner_update_the_huge_count(qtbot, window, station) -> None:
    assert window.field.hasFocus()
    scan(qtbot, window, "0012345678")
    assert window.count_label.text() == "0 / 10"
    outcome = scan(qtbot, window, ZHANG_SAN)
    assert outcome.status.value == "saved"
    assert window.count_label.text() == "1 / 10"
    assert window.person_label.text() == "张*"
    assert "#0a7d24" in window.band.styleSheet()  # the green band of "saved"
    assert window.announcer.outcomes[-1].speech == "张三 1"
    scan(qtbot, window, MAIMAITI)
    assert window.count_label.text() == "2 / 10"
    assert window.person_label.text() == "买*·艾力"
    assert window.field.hasFocus() and window.field.text() == ""


def test_full_tube_seals_and_says_change(qtbot, window, station) -> None:
    scan(qtbot, window, "NATCMD:MODE:5")
    scan(qtbot, window, "0000000001")
    for number in valid_ids(5):
        outcome = scan(qtbot, window, number)
    assert outcome.sealed and outcome.count == 5
    # Sealed: no tube is open, so no count stands there; the band says it was full.
    assert window.count_label.text() == "—" and "5/5，已满封管" in window.band.text()
    assert window.announcer.outcomes[-1].speech.endswith("换")
    qtbot.wait(10)  # the side panel refreshes on the next turn of the event loop
    assert "0000000001  5/5" in window.recent.item(0).text()
    scan(qtbot, window, "0000000002")
    assert window.count_label.text() == "0 / 10"  # the site default again after a one-off 5:1


def test_refusals_are_red_and_write_nothing(qtbot, window, station) -> None:
    before = events(station)
    outcome = scan(qtbot, window, ZHANG_SAN)  # a person where a tube is expected
    assert outcome.status.value == "error" and outcome.code == "tube_expected"
    assert "#c8102e" in window.band.styleSheet()
    assert window.announcer.outcomes[-1].status.value == "error"
    scan(qtbot, window, "0012345678")
    scan(qtbot, window, ZHANG_SAN)
    after_one = events(station)
    outcome = scan(qtbot, window, ZHANG_SAN)
    assert outcome.code == "duplicate_in_tube"
    outcome = scan(qtbot, window, "110105194912310021")  # wrong check character
    assert outcome.status.value == "error" and "校验" in window.band.text()
    assert events(station) == after_one > before


def test_keys_seal_and_undo(qtbot, window, station) -> None:
    scan(qtbot, window, "0012345678")
    for number in valid_ids(3):
        scan(qtbot, window, number)
    qtbot.keyClick(window.field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.count_label.text() == "2 / 10"
    qtbot.keyClick(window.field, Qt.Key.Key_F3)
    assert window.last_outcome.code == "sealed" and window.last_outcome.sealed
    assert "未满" in window.band.text()
    assert window.field.hasFocus()


def test_open_tube_restored_after_restart(qtbot, station, tmp_path) -> None:
    first = RecorderWindow(station.recording, RecordingAnnouncer())
    qtbot.addWidget(first)
    scan(qtbot, first, "0012345678")
    for number in valid_ids(4):
        scan(qtbot, first, number)
    first.close()
    station.close()
    again = open_station(database_url=f"sqlite:///{tmp_path / 'station.sqlite3'}", table="3")
    try:
        second = RecorderWindow(again.recording, RecordingAnnouncer())
        qtbot.addWidget(second)
        assert second.tube_label.text().endswith("0012345678")
        assert second.count_label.text() == "4 / 10"
        assert len(second.members_label.text().split()) == 4
    finally:
        again.close()


def test_remove_dialog_by_keyboard(qtbot, window, station) -> None:
    scan(qtbot, window, "0012345678")
    for number in valid_ids(2):
        scan(qtbot, window, number)
    dialog = RemoveDialog(window.corrections.members(), window)
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Down)
    person_id, reason = dialog.choice()
    assert reason == "重复登记"
    outcome = window.service.remove(person_id, reason)
    assert outcome.count == 1


def test_no_cjk_font_is_warned_in_both_languages(monkeypatch) -> None:
    monkeypatch.setattr("app.gui.cjk_family", lambda: None)
    warnings = startup_warnings()
    assert warnings == [NO_CJK_FONT]
    assert "No Chinese font" in NO_CJK_FONT and "中文字体" in NO_CJK_FONT


def test_english_ui_from_the_translation_file(qtbot, station) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_translator

    translator = install_translator(QApplication.instance(), "en")
    assert translator is not None
    try:
        window = RecorderWindow(station.recording, RecordingAnnouncer())
        qtbot.addWidget(window)
        assert "F3 Seal" in window.keys.text()
    finally:
        QApplication.instance().removeTranslator(translator)


def test_personal_code_slip_pdf_decodes_to_the_payload(qtbot, window, station, tmp_path) -> None:
    scan(qtbot, window, "0012345678")
    outcome = scan(qtbot, window, "440306 19900307 1232")  # only an ID card, typed with spaces
    service: RecordingService = station.recording
    service.update_details(outcome.person_id, "买买提·艾力", "139 1234 5678")
    person, payload = service.person_code(outcome.person_id)
    pdf = write_slip_pdf(tmp_path / "slip.pdf", person, payload, "幸福里")
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    decoded = [b.text for b in zxingcpp.read_barcodes(Image.open(page))]
    assert decoded == [payload]
    assert station.recording.scan(payload).code == "duplicate_in_tube"  # the slip names them
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "核酸采样个人码" in text and "买*·艾力" in text
    assert "13912345678" not in text


def test_no_widget_but_the_scan_field_takes_focus(window) -> None:
    focusable = [
        w
        for w in window.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible() and w is not window.field
    ]
    assert focusable == []


def test_speech_runs_in_its_own_process_and_speaks_the_count(qtbot, tmp_path, monkeypatch) -> None:
    """Qt's real text-to-speech (speech-dispatcher + espeak-ng): the window does not wait for
    it, and it is handed "张三 1" to say."""
    from station.recording import Status
    from ui.feedback import Feedback

    # A speech-dispatcher of this test's own: it spawns on first use in the runtime directory.
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    feedback = Feedback(tmp_path / "sounds", "zh", speech=True)
    try:
        with qtbot.waitSignal(feedback.voice_ready, timeout=60_000) as ready:
            pass
        assert "Chinese" in ready.args[0] or "Mandarin" in ready.args[0]
        with qtbot.waitSignal(feedback.spoken, timeout=20_000) as said:
            feedback.announce(Outcome(Status.SAVED, "person", "张* 1/10", speech="张三 1"))
        assert said.args == ["张三 1"]
        with qtbot.waitSignal(feedback.spoken, timeout=20_000) as said:
            feedback.alarm("阳性召回")  # the recall's siren, then its words
        assert said.args == ["阳性召回"]
    finally:
        feedback.close()
        subprocess.run(["pkill", "-KILL", "-f", str(runtime)], check=False)


def test_the_whole_station_mounts_every_feature_page_on_its_key(qtbot, station, tmp_path) -> None:
    from app.gui import build_window
    from ui.feedback import Feedback
    from ui.lab.boxes_page import BoxesPage
    from ui.lab.recall_page import RecallPage
    from ui.lab.results_page import ResultsPage
    from ui.queue.call_panel import CallPanel
    from ui.queue.tickets_page import TicketsPage
    from ui.roster.coverage_page import CoveragePage
    from ui.roster.roster_page import RosterPage

    feedback = Feedback(tmp_path / "sounds", "zh", speech=False)
    window = build_window(station, feedback)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # as run_window does
    qtbot.waitActive(window)
    window.field.setFocus()
    assert window.stack.currentIndex() == 0  # no open recall: the table comes first
    assert window.findChildren(CallPanel)
    expected = {
        "Ctrl+2": RecallPage,
        "Ctrl+3": BoxesPage,
        "Ctrl+4": ResultsPage,
        "Ctrl+5": RosterPage,
        "Ctrl+6": CoveragePage,
        "Ctrl+7": TicketsPage,
    }
    shortcuts = {s.key().toString(): s for s in window.findChildren(QShortcut)}
    for key, page_type in expected.items():
        # Offscreen Qt has no keyboard layout to map Ctrl+digit; the real keys are driven
        # through X in test_real_window.py.
        shortcuts[key].activated.emit()
        assert isinstance(window.stack.currentWidget(), page_type), key
        shortcuts["Esc"].activated.emit()
        assert window.stack.currentIndex() == 0
    assert "Ctrl+5 花名册" in window.pages_label.text()
    assert "Ctrl+7 排队号码" in window.pages_label.text()
    # The call panel's buttons answer to F5-F7 and never take the focus from the scan field.
    panel = window.findChildren(CallPanel)[0]
    assert all(
        w.focusPolicy() == Qt.FocusPolicy.NoFocus for w in [panel, *panel.findChildren(QWidget)]
    )
    shortcuts["F5"].activated.emit()  # call next: nobody is waiting
    assert window.last_outcome is not None and window.last_outcome.code == "queue_empty"


def test_a_new_recall_sounds_the_siren_and_comes_to_the_front(qtbot, tmp_path, people) -> None:  # type: ignore[no-untyped-def]
    from app.gui import build_window
    from lab_support import fill_tube, lab, station_on, tube
    from ui.feedback import Feedback
    from ui.lab.recall_banner import RecallBanner
    from ui.lab.recall_page import RecallPage
    from ui.roster.roster_page import RosterPage

    with station_on(f"sqlite:///{tmp_path / 'station.sqlite3'}") as station:
        feedback = Feedback(tmp_path / "sounds", "zh", speech=False)
        sirens: list[str] = []
        feedback.alarm = sirens.append  # type: ignore[method-assign]
        window = build_window(station, feedback)
        qtbot.addWidget(window)
        assert window.stack.currentIndex() == 0 and sirens == []  # nothing to recall yet
        fill_tube(station, people, tube(1), 5)
        assert not window.findChildren(RecallPage)  # built when first needed
        roster = window.open_page("Ctrl+5")  # the site lead is busy with the roster
        assert isinstance(roster, RosterPage)
        sheet = tmp_path / "lab.csv"
        sheet.write_text(f"条码,结果\n{tube(1)},阳性\n", encoding="utf-8")
        assert lab(station).results.import_file(sheet).recalls_opened == [tube(1)]
        banner = window.findChild(RecallBanner)
        banner.refresh()  # what its timer does every 30 s
        recall_page = window.stack.currentWidget()
        assert isinstance(recall_page, RecallPage) and recall_page is window.page("Ctrl+2")
        assert sirens == ["混管阳性召回，请立即查看召回名单"]
        recall_page.refresh()  # the page's own timer, and the banner's again: no second siren
        banner.refresh()
        assert len(sirens) == 1
        window.show_table_page()  # a second recall, now that the page follows the board
        fill_tube(station, people, tube(2), 5)
        sheet.write_text(f"条码,结果\n{tube(2)},阳性\n", encoding="utf-8")
        assert lab(station).results.import_file(sheet).recalls_opened == [tube(2)]
        recall_page.refresh()
        assert window.stack.currentWidget() is recall_page and len(sirens) == 2


def test_a_roster_import_from_the_window_leaves_the_table_scanning(qtbot, tmp_path, people) -> None:  # type: ignore[no-untyped-def]
    from app.gui import build_window
    from lab_support import station_on, tube
    from roster_data import row, write_csv
    from station.recording import Status
    from ui.feedback import Feedback
    from ui.roster.roster_page import RosterPage

    rows = [row(n, building=f"{n // 1000 + 1}栋", room=str(101 + n % 50)) for n in range(20_000)]
    path = write_csv(tmp_path / "名单.csv", rows)
    with station_on(f"sqlite:///{tmp_path / 'station.sqlite3'}") as station:
        assert station.roster is not None
        station.roster.importer.batch_rows = 2_000  # ten batches: room for the table between
        window = build_window(station, Feedback(tmp_path / "sounds", "zh", speech=False))
        qtbot.addWidget(window)
        page = window.open_page("Ctrl+5")
        assert isinstance(page, RosterPage)
        page.path.setText(str(path))
        page.run_import()
        assert page.importing and not page.import_button.isEnabled()
        shown: list[str] = []
        qtbot.waitUntil(
            lambda: shown.append(page.status.text()) or "正在写入" in shown[-1], timeout=30_000
        )
        # The table records while the roster is being written.
        outcomes = [station.recording.scan(tube(1))]
        outcomes += [station.recording.scan(people.code(name="李四", phone="13800138000"))]
        assert [o.status for o in outcomes] == [Status.SAVED, Status.SAVED]
        assert page.importing  # still going: the scans did not wait for the whole import
        qtbot.waitUntil(lambda: not page.importing, timeout=60_000)
        assert page.last_report is not None and page.last_report.created == 20_000
        assert "已导入 20000 人" in page.status.text() and page.import_button.isEnabled()
        assert "检查" in shown[0]  # "正在读取并检查名单…", then rows counted, then writing
