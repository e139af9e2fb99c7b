"""The recorder window: one digit key says which document a bare number is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.wiring import Station, open_station
from scanner import type_scan
from station.core.identity import DocType
from station.recording import Outcome
from ui.recording.window import RecorderWindow

UNLISTED_REGION = "33019919800404006X"  # 330199: a county no code list holds; it checks out


class _Announcer:
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
def window(qtbot, station: Station) -> RecorderWindow:  # type: ignore[no-untyped-def]
    window = RecorderWindow(station.recording, _Announcer())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _known(station: Station, doc_type: DocType, number: str) -> bool:
    with station.recording.uow() as work:
        return work.recording.person_by_document(doc_type, number) is not None


def test_a_digit_key_answers_the_document_question(qtbot, window, station) -> None:  # type: ignore[no-untyped-def]
    type_scan(window.field, "NATCMD:MODE:1")
    type_scan(window.field, "0012345678")
    type_scan(window.field, "12345678")
    assert window.last_outcome is not None and window.last_outcome.code == "document_choice"
    assert "1 台湾居民来往大陆通行证" in window.band.text()
    qtbot.wait(50)  # the view refresh after the outcome keeps the keys on the band
    assert "1 台湾居民来往大陆通行证" in window.band.text() and "3 护照" in window.band.text()
    QTest.keyClick(window.field, Qt.Key.Key_3)  # a person pressing one key, no Enter
    qtbot.waitUntil(lambda: window.last_outcome.code == "tube_full", timeout=2000)
    assert window.field.text() == ""
    assert _known(station, DocType.PASSPORT, "12345678")


def test_a_scan_starting_with_a_digit_is_not_taken_for_the_key(qtbot, window, station) -> None:  # type: ignore[no-untyped-def]
    type_scan(window.field, "12345678")
    assert window.last_outcome.code == "document_choice"
    type_scan(window.field, "0012345678")  # a tube, at scanner speed: a scan, not key "0"
    assert window.last_outcome.code == "tube_opened"
    qtbot.wait(300)
    assert window.last_outcome.code == "tube_opened"
    assert not station.recording.awaiting_choice


def test_the_keys_of_the_document_question_are_on_the_screen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1920, 1080)  # the station's screen: the band shows at most two lines
    qtbot.wait(50)
    type_scan(window.field, "12345678")
    assert window.last_outcome.code == "document_choice"
    qtbot.wait(50)
    shown = window.band.shown().replace("\n", "")
    assert all(key in shown for key in ("1 台湾居民来往大陆通行证", "2 军官证", "3 护照")), shown


def test_a_scan_typed_by_hand_is_recorded_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A person's typing (or a scanner burst broken by Shift before an "X") ends with an
    Enter the field itself takes: that scan is recorded once, not twice (the second scan of an
    unlisted-region ID confirmed it unasked)."""
    type_scan(window.field, "2022100104")
    announced = len(window.announcer.outcomes)
    window.field.setText(UNLISTED_REGION)
    QTest.keyClick(window.field, Qt.Key.Key_Return)
    assert [o.code for o in window.announcer.outcomes[announced:]] == ["region_confirm"]
