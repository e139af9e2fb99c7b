"""A drill in the real recorder window, typed key by key like a scanner, scored exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.gui import mount_features
from app.training import DrillParts, mark_window
from app.wiring import Station, open_station
from scanner import type_scan
from station.recording import Outcome
from station.training import load_drill, training_tube
from ui.lab.recall_banner import RecallBanner
from ui.pdf import set_watermark, watermark_text
from ui.recording.window import RecorderWindow
from ui.training.band import TrainingBand

CTRL = Qt.KeyboardModifier.ControlModifier
# The simulated scanner's keys, pressed with Ctrl: 8 a new tube, 9 the resident's code.
TUBE, RESIDENT = Qt.Key.Key_8, Qt.Key.Key_9


class RecordingAnnouncer:
    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []

    def announce(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    station = open_station(
        database_url=f"sqlite:///{tmp_path / 'training.sqlite3'}", training=True, default_mode=5
    )
    yield station
    station.close()
    set_watermark("")


def _window(qtbot, station: Station, drill: str, clock: Clock):  # type: ignore[no-untyped-def]
    parts = DrillParts(station, RecordingAnnouncer(), load_drill(drill), clock)
    window = RecorderWindow(parts.tap, parts.announcer)  # type: ignore[arg-type]
    mount_features(window, station)
    mark_window(window)
    strip = parts.mount(window)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the drill's keys are window shortcuts
    window.field.setFocus()
    return window, strip


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_a_scripted_trainee_in_the_window_gets_exactly_their_score(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    window, strip = _window(qtbot, station, "first_shift", clock)
    assert window.findChild(TrainingBand).isVisible()
    assert watermark_text().startswith("培训")
    line = strip.scorer.line
    field = window.field

    def scan(text: str, after: float) -> None:
        clock.now += after
        type_scan(field, text)
        _settle()

    def key(k: Qt.Key, after: float, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        clock.now += after
        qtbot.keyClick(field, k, modifier)
        _settle()

    scan(line[0].code, 2)  # mistake: a person before the tube
    key(TUBE, 2, CTRL)  # the simulated scanner's tube: step 1 in 4 s
    scan(line[0].code, 4)
    scan(line[2].code, 2)  # mistake: resident 3 while 2 is in front (saved: undone next)
    key(Qt.Key.Key_Z, 1, Qt.KeyboardModifier.ControlModifier)
    scan(line[1].code, 19)  # 22 s on step 3: a hesitation
    scan(line[2].code, 4)
    scan(line[3].id_text, 4)  # the ID card reader
    scan(line[4].code, 4)  # full: "换"
    assert window.last_outcome is not None and window.last_outcome.code == "tube_full"
    scan(training_tube(1), 2)  # mistake: the sealed tube again
    scan(training_tube(2), 2)
    for number in (6, 7, 8):
        scan(line[number - 1].code, 4)
    assert not strip.scorer.done
    key(Qt.Key.Key_F3, 3)  # seal the last, under-filled tube
    assert strip.scorer.done and strip.report is not None
    report = strip.report
    assert [(m.step, m.code) for m in report.mistakes] == [
        (1, "tube_expected"),
        (3, "wrong_person"),
        (7, "tube_used"),
    ]
    assert [t.seconds for t in report.times] == [4, 4, 22, 4, 4, 4, 4, 4, 4, 4, 3]
    assert report.score == 65
    assert "得分 65/100" in strip.step_label.text()


def test_queue_and_recall_runs_start_to_finish_with_the_drills_own_events(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    window, strip = _window(qtbot, station, "queue_and_recall", clock)
    line = strip.scorer.line
    field = window.field

    def press(k: Qt.Key) -> None:
        clock.now += 3
        qtbot.keyClick(field, k, CTRL if k in (TUBE, RESIDENT) else Qt.KeyboardModifier(0))
        _settle()

    press(TUBE)
    assert window.last_outcome is not None, strip.step_label.text()
    assert window.last_outcome.code == "tube_opened", window.last_outcome
    for _ in range(5):
        press(RESIDENT)  # the simulated scanner: what the resident in front holds
    assert strip.scorer.current is not None and strip.scorer.current.number == 8
    assert station.lab is not None and station.lab.recall.board()  # the positive came in
    banner = window.findChild(RecallBanner)
    assert banner.isVisible() and "阳性召回 1 管" in banner.text()  # at once, not in 30 s
    assert window.stack.currentIndex() != 0  # the recall page came to the front
    press(Qt.Key.Key_Escape)
    assert window.stack.currentIndex() == 0
    press(TUBE)
    press(RESIDENT)  # 6
    press(Qt.Key.Key_F5)  # call the priority ticket
    assert window.last_outcome is not None and window.last_outcome.code == "called"
    press(RESIDENT)  # 7
    press(RESIDENT)  # the recalled 3: a single re-test is asked for
    assert window.last_outcome.code == "recall_resample"
    press(TUBE)
    assert window.last_outcome.code == "recall_resampled"
    press(RESIDENT)  # 8
    press(Qt.Key.Key_F3)
    report = strip.report
    assert report is not None and report.finished
    assert report.mistakes == [] and report.score == 100
    assert strip.scorer.tubes[3] == training_tube(3)  # their single re-test tube
    assert strip.scorer.tubes[1] == training_tube(1) and line[2].number == 3


def test_hard_cases_run_through_the_window_with_the_simulated_scanner(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    window, strip = _window(qtbot, station, "hard_cases", clock)

    def press(k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> str:  # type: ignore[no-untyped-def]
        clock.now += 3
        if k in (TUBE, RESIDENT):
            modifier = CTRL
        qtbot.keyClick(window.field, k, modifier)
        _settle()
        assert window.last_outcome is not None
        return window.last_outcome.code

    opened = [press(k) for k in (TUBE, RESIDENT, RESIDENT)]
    assert opened == ["tube_opened", "person_added", "person_added"]
    assert press(RESIDENT) == "duplicate_in_tube"  # the same person twice: refused, rightly
    assert press(RESIDENT) == "person_added"
    assert press(RESIDENT) == "single_required"  # the passport
    assert press(TUBE) == "tube_full"  # its single tube, sealed at once
    assert press(RESIDENT) == "person_added"
    # Full: and at once the next resident scans their own code before the tube (the drill's
    # own doing): red.
    assert press(RESIDENT) == "tube_expected"
    heard = [o.code for o in window.announcer._inner.outcomes]
    assert heard[-2:] == ["tube_full", "tube_expected"]
    assert strip.scorer.current is not None and strip.scorer.current.auto
    assert [press(TUBE), press(RESIDENT)] == ["tube_opened", "person_added"]
    press(RESIDENT)  # 330199: a county no code list has
    assert window.last_outcome.status.value == "warning"  # amber: check the card
    assert press(RESIDENT) == "person_added"  # the same ID again confirms
    wrong: list[tuple[int, str]] = []
    assert press(RESIDENT) == "retest_confirm"  # resident 1 again, tested this morning
    assert press(RESIDENT) == "person_added"
    assert press(Qt.Key.Key_F3) == "sealed"
    report = strip.report
    assert report is not None and report.finished
    assert [(m.step, m.code) for m in report.mistakes] == wrong
    assert report.score == 100 - 10 * len(wrong)


def test_the_triage_desk_keeps_training_and_real_codes_apart(qtbot, station, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from station.core.codes import PersonCode, encode_person_code
    from station.core.identity import parse_resident_id
    from ui.queue.triage import TriageWindow

    real_code = encode_person_code(
        PersonCode(parse_resident_id("11010519491231002X"), "张三", "13812345678")
    )
    training = "NPT1." + real_code[len("NP1.") :]
    desk = TriageWindow(station.queue.service, station.settings, slip_out=lambda *a: "")
    qtbot.addWidget(desk)
    desk.take(training)
    assert desk.person is not None and desk.person.name == "张三"
    desk.person = None
    desk.take(real_code)
    assert desk.person is None and "正式个人码" in desk.band.text()
    real = open_station(database_url=f"sqlite:///{tmp_path / 'real.sqlite3'}")
    try:
        live = TriageWindow(real.queue.service, real.settings, slip_out=lambda *a: "")
        qtbot.addWidget(live)
        live.take(training)
        assert live.person is None and "培训用条码" in live.band.text()
        live.take(real_code)
        assert live.person is not None
    finally:
        real.close()


def test_every_key_of_the_training_window_does_one_thing(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    """Two shortcuts on one key make Qt fire neither: the drill's simulated scanner (Ctrl+8, 9,
    0) must not share a key with a page."""
    from PySide6.QtGui import QShortcut

    window, _strip = _window(qtbot, station, "first_shift", Clock())
    keys = [s.key().toString() for s in window.findChildren(QShortcut) if s.isEnabled()]
    assert "Ctrl+8" in keys and sorted(k for k in set(keys) if keys.count(k) > 1) == []
