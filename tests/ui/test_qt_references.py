"""Qt bindings must not drop references to None, True or False: on Python 3.11 those objects
are not immortal, and PySide6 6.12.0 released one reference to None on every call of a
method that returns nothing. The recorder window calls such methods on every scan; the
station died with "deallocating None" after a few thousand scans."""

from __future__ import annotations

import gc
import sys

from PySide6.QtWidgets import QLabel, QLineEdit

from app.wiring import open_station
from ui.recording.window import RecorderWindow

CALLS = 20_000


def test_void_calls_keep_the_reference_counts_of_none_and_the_booleans(qtbot) -> None:
    label, field = QLabel(), QLineEdit()
    qtbot.addWidget(label)
    qtbot.addWidget(field)
    gc.collect()
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(CALLS):
        label.setText("7 / 10")
        field.clear()
        label.setStyleSheet("color:#0a7d24;")
        field.hasFocus()
    gc.collect()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    # The bug shows as one reference lost per call (tens of thousands here); other objects
    # coming and going move the counts by a handful.
    assert all(abs(a - b) < 200 for a, b in zip(after, before, strict=True)), (before, after)


def test_a_long_shift_in_the_window_keeps_none_alive(qtbot, tmp_path) -> None:
    """Thousands of outcomes shown, as in a day at a busy table, without a crash or a drift."""
    station = open_station(database_url=f"sqlite:///{tmp_path / 'shift.sqlite3'}")

    class Silent:
        def announce(self, outcome: object) -> None:
            pass

    window = RecorderWindow(station.recording, Silent())
    qtbot.addWidget(window)
    try:
        outcome = station.recording.scan("0012345678")
        window.show_outcome(outcome)
        gc.collect()
        before = sys.getrefcount(None)
        for _ in range(3_000):
            window.show_outcome(outcome)
            window.refresh()
        gc.collect()
        assert abs(sys.getrefcount(None) - before) < 200
    finally:
        station.close()
