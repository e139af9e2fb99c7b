"""Every scan is answered, on every page and whatever has the focus (issue 11 §1).

Keys go where a keyboard sends them: to the application's focus widget, whatever it is (a
page's count field, a button, a dialog's list), typed like a scanner (tests/scanner.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from app.gui import build_window
from app.wiring import Station, open_station
from scanner import type_scan
from station.recording import Outcome, Status
from ui.lab.boxes_page import BoxesPage
from ui.lab.results_page import ResultsPage
from ui.recording.window import RecorderWindow

ZHANG_SAN = "NP1.R.11010519491231002X.13812345678.5byg5LiJ"  # 张三
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
PAGES = ["Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5", "Ctrl+6", "Ctrl+7"]


def ids(count: int) -> list[str]:
    from stdnum.cn import ric

    bodies = [f"11010519800101{seq:03d}" for seq in range(count)]
    return [body + ric.calc_check_digit(body + "0") for body in bodies]


class Heard:
    """A hand-written fake announcer: what the window asked to be played and said."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []

    def announce(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


@pytest.fixture
def station(tmp_path: Path) -> Station:
    station = open_station(
        database_url=f"sqlite:///{tmp_path / 'station.sqlite3'}", recorder="王小明", table="3"
    )
    yield station
    station.close()


@pytest.fixture
def window(qtbot, station: Station, tmp_path: Path) -> RecorderWindow:  # type: ignore[no-untyped-def]
    from ui.feedback import Feedback

    window = build_window(station, Feedback(tmp_path / "sounds", "zh", speech=False))
    window.announcer = Heard()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.field.setFocus()
    return window


def page_key(window: RecorderWindow, key: str) -> None:
    # Offscreen Qt maps no Ctrl+digit; the shortcut is what the key would trigger.
    shortcut = next(s for s in window.findChildren(QShortcut) if s.key().toString() == key)
    shortcut.activated.emit()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def scan_here(window: RecorderWindow, text: str) -> Outcome:
    """A scanner's burst into whatever has the focus; the outcome it got."""
    heard = len(window.announcer.outcomes)
    type_scan(focused(), text)
    assert len(window.announcer.outcomes) == heard + 1, f"no answer to {text!r}"
    assert window.last_outcome is window.announcer.outcomes[-1]
    return window.last_outcome


def other_widget(page: QWidget) -> QWidget | None:
    """A widget of the page that takes the focus and is not meant for scans (clicked)."""
    for widget in page.findChildren(QWidget):
        if (
            widget.isVisible()
            and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            and not widget.property("takes_scans")
            and widget.objectName() != "scan"
        ):
            return widget
    return None


def test_a_tube_and_a_person_are_recorded_from_every_page(qtbot, window, station) -> None:
    people = ids(len(PAGES))
    for number, (key, person) in enumerate(zip(PAGES, people, strict=True), start=1):
        page_key(window, key)
        page = window.stack.currentWidget()
        assert window.stack.currentIndex() != 0, key
        tube = f"00000000{number:02d}"
        outcome = scan_here(window, tube)
        assert (outcome.code, window.stack.currentIndex()) == ("tube_opened", 0), key
        assert window.count_label.text() == "0 / 10" and tube in window.band.text()
        page_key(window, key)
        # The operator clicked somewhere on the page: a field, a button, a list.
        clicked = other_widget(page)
        if clicked is not None:
            clicked.setFocus()
            assert focused() is clicked
        outcome = scan_here(window, person)
        assert outcome.status is Status.SAVED and outcome.code == "person_added", (key, outcome)
        assert window.stack.currentIndex() == 0
        assert window.count_label.text() == "1 / 10", key
        assert window.person_label.text() == f"尾号{person[-4:]}"
        assert window.band.text() == outcome.message
        if isinstance(clicked, QLineEdit):
            assert person not in clicked.text()  # the burst was taken back out of the field
        station.recording.seal()
    assert station.recording.view().totals.people == len(PAGES)


def test_what_is_for_the_page_stays_on_the_page(qtbot, window, station) -> None:
    page_key(window, "Ctrl+3")
    boxes = window.stack.currentWidget()
    assert isinstance(boxes, BoxesPage)
    outcome = scan_here(window, "BX00000001")
    assert outcome.code == "box_opened" and window.stack.currentWidget() is boxes
    assert window.band.text() == outcome.message and "BX00000001" in boxes.box_label.text()
    boxes.count_field.setFocus()  # a box scanned into the count field is still a box
    outcome = scan_here(window, "BX00000001")
    assert window.stack.currentWidget() is boxes and outcome.kind == "box"
    assert outcome.code != "bad_count" and boxes.count_field.text() == ""

    ticket = station.queue.service.issue("A").ticket
    page_key(window, "Ctrl+7")
    tickets = window.stack.currentWidget()
    outcome = scan_here(window, ticket.barcode)
    assert window.stack.currentWidget() is tickets and outcome.status is Status.SAVED
    assert window.band.text().startswith("A001 · 等候")
    assert station.queue.service.find("A001").state.value == "issued"  # shown, not served


def test_a_refused_scan_on_a_page_is_red_and_heard(qtbot, window, station) -> None:
    for key in PAGES:
        page_key(window, key)
        outcome = scan_here(window, "110105194912310021")  # wrong check character
        assert outcome.status is Status.ERROR, key
        assert "#c8102e" in window.band.styleSheet() and window.band.text() == outcome.message


def test_a_persons_typing_on_a_page_is_left_to_the_page(qtbot, window, station) -> None:
    """Keys 150 ms apart are a person's: the field keeps them and its own Enter acts."""
    page_key(window, "Ctrl+4")
    results = window.stack.currentWidget()
    assert isinstance(results, ResultsPage)
    results.path.setFocus()
    heard = len(window.announcer.outcomes)
    for stamp, char in enumerate("/no/such.csv"):
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, NO_MODIFIER, char)
        event.setTimestamp(1000 + 150 * stamp)
        QApplication.sendEvent(results.path, event)
    enter = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, NO_MODIFIER, "\r")
    enter.setTimestamp(1000 + 150 * 13)
    QApplication.sendEvent(results.path, enter)
    assert len(window.announcer.outcomes) == heard  # nothing went to the table
    assert window.stack.currentWidget() is results and results.band.text()  # the page answered


def _while_open(qtbot, dialog_type: type[QDialog], act) -> list[QDialog]:  # type: ignore[no-untyped-def]
    """Run `act(dialog)` once the dialog is shown, then close it with Esc."""
    seen: list[QDialog] = []

    def poke() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, dialog_type):
            QTimer.singleShot(20, poke)
            return
        if QApplication.activeWindow() is not dialog:  # as a window manager would
            dialog.activateWindow()
            QTimer.singleShot(20, poke)
            return
        seen.append(dialog)
        try:
            act(dialog)
        finally:  # a failed check must not leave exec() waiting for ever
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, poke)
    return seen


@pytest.mark.parametrize("key", ["F8", "F9", "F2"])
def test_a_scan_never_confirms_an_open_dialog(qtbot, window, station, key) -> None:
    from ui.recording.correction_dialogs import DetailsDialog, MoveDialog, RemoveDialog

    scan_here(window, "0012345678")
    for person in ids(2):
        scan_here(window, person)
    dialog_type = {"F8": RemoveDialog, "F9": MoveDialog, "F2": DetailsDialog}[key]
    results: list[tuple[bool, Outcome | None]] = []

    def scan_into(dialog: QDialog) -> None:
        target = dialog.findChild(QLineEdit) if key == "F9" else None
        if target is not None:
            dialog.people.setFocus()  # not the dialog's scan field: a list of people
        type_scan(focused(), ZHANG_SAN)
        results.append((dialog.isVisible(), window.last_outcome))

    seen = _while_open(qtbot, dialog_type, scan_into)
    shortcut = next(s for s in window.findChildren(QShortcut) if s.key().toString() == key)
    shortcut.activated.emit()  # exec() returns when the dialog is closed
    assert seen and results, "the dialog never opened"
    still_open, outcome = results[0]
    assert still_open, "the scanner's Enter confirmed the dialog"
    assert outcome is not None and outcome.code == "scan_in_dialog"
    assert window.announcer.outcomes[-1].status is Status.ERROR  # heard: the error tone
    view = station.recording.view()
    assert view.tube is not None and view.tube.count == 2  # nobody removed, moved or added
    assert station.recording.person_code(view.members[-1].person_id)[0].name == ""


def test_the_move_dialogs_own_field_takes_the_scanned_tube(qtbot, window, station) -> None:
    from ui.recording.correction_dialogs import MoveDialog

    scan_here(window, "0012345678")
    scan_here(window, ids(1)[0])
    chosen: list[str] = []

    def scan_target(dialog: QDialog) -> None:
        assert focused() is dialog.target
        type_scan(dialog.target, "0012345679")
        chosen.append(dialog.target.text())

    _while_open(qtbot, MoveDialog, scan_target)
    window.corrections.move()
    assert chosen == ["0012345679"]  # the burst went to the field, and its Enter to the dialog
    assert window.last_outcome.code == "target_not_open"  # the move was tried, and refused


def _type_with_shift(widget: QWidget, text: str) -> None:
    """A scanner in keyboard mode presses Shift (a key with no text) before each capital."""
    for char in [*text, "\r"]:
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key.Key_unknown
        if char.isupper():
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier, "")
                )
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )


def test_a_shift_inside_a_burst_keeps_it_a_scan(qtbot, window, station) -> None:
    """An ID ending in X, a passport E…: the Shift before the capital is no end of the burst,
    so a page's field never keeps the scan and a dialog never takes its Enter."""
    scan_here(window, "0012345678")
    page_key(window, "Ctrl+3")
    clicked = other_widget(window.stack.currentWidget())
    assert isinstance(clicked, QLineEdit)
    clicked.setFocus()
    heard = len(window.announcer.outcomes)
    _type_with_shift(clicked, "33019919800404006X")
    assert [o.code for o in window.announcer.outcomes[heard:]] == ["region_confirm"]
    assert window.stack.currentIndex() == 0 and "006X" not in clicked.text()
