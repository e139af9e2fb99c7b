"""The queue display's call, spoken for real: Qt text-to-speech, speech-dispatcher, espeak-ng.

Each test runs a speech-dispatcher of its own (tests/speech_support.py). Its audio goes to
libao's null device: this machine has no sound card.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.wiring import Station
from db.queue.watch import watch
from speech_support import private_speech, stop_speech
from station.queue.service import QueueService
from ui.queue.display import QueueDisplay
from ui.queue.sound import CallAnnouncer
from ui.speaker_process import queue_line


@pytest.fixture
def station(queue_station: Station) -> Station:
    return queue_station


@contextmanager
def speaking_display(qtbot, station: Station, db_url: str, root: Path, monkeypatch, modules=""):  # type: ignore[no-untyped-def]
    """The display with its real announcer, once the speaker has said which voice it has."""
    runtime = private_speech(root / "speech", monkeypatch, modules)
    announcer = CallAnnouncer(root / "sounds", "zh", speech=True)
    voices: list[str] = []
    announcer.voice_ready.connect(voices.append)
    watcher = watch(db_url)
    display = QueueDisplay(
        station.queue.service.board, watcher.changed, announcer.announce, site="幸福里采样点"
    )
    qtbot.addWidget(display)
    display.resize(1280, 720)
    try:
        with qtbot.waitExposed(display):
            display.show()
        qtbot.waitUntil(lambda: bool(voices), timeout=60_000)
        yield display, announcer, voices[0]
    finally:
        display._poll.stop()  # before its watcher goes
        announcer.close()
        watcher.close()
        stop_speech(runtime)


def test_a_call_is_shown_and_said_twice_to_the_end(
    qtbot, station: Station, other_table: QueueService, db_url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    with speaking_display(qtbot, station, db_url, tmp_path, monkeypatch) as (display, sound, voice):
        assert "Mandarin" in voice and sound.can_speak
        finished: list[str] = []
        sound.finished.connect(finished.append)
        other_table.issue("P")
        with qtbot.waitSignal(display.call_shown, timeout=2000) as shown:
            other_table.call_next("2")
        assert shown.args[1] == "P001" and display.call_label.text() == "请 P001 到 2 号台"
        # Said to its end twice: the repeat does not cut off the first saying.
        qtbot.waitUntil(lambda: len(finished) >= 2, timeout=20_000)
        assert finished == ["请 P001 到 2 号台"] * 2
        assert not display._flasher.isActive()  # a voice: no flashing needed
        # Two tables call at once: both calls are heard, neither cuts the other off; the
        # older one's repeat gives way so that speech keeps up with the screen.
        other_table.issue("A")
        other_table.issue("A")
        other_table.call_next("3")
        other_table.call_next("4")
        qtbot.waitUntil(lambda: finished.count("请 A002 到 4 号台") == 2, timeout=20_000)
        qtbot.wait(300)  # nothing more comes
        assert finished[2:] in (
            ["请 A001 到 3 号台", "请 A002 到 4 号台", "请 A002 到 4 号台"],
            ["请 A001 到 3 号台"] * 2 + ["请 A002 到 4 号台"] * 2,  # A001 done before A002 came
        )
        assert display.call_label.text() == "请 A002 到 4 号台"


def test_without_a_chinese_voice_the_number_flashes(
    qtbot, station: Station, other_table: QueueService, db_url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # speech-dispatcher runs, but its only synthesizer has no voice at all.
    dummy = 'AddModule "dummy" "sd_dummy" ""\n'
    with speaking_display(qtbot, station, db_url, tmp_path, monkeypatch, dummy) as (
        display,
        sound,
        voice,
    ):
        assert voice == "" and not sound.can_speak
        spoken: list[str] = []
        sound.spoken.connect(spoken.append)
        other_table.issue("A")
        with qtbot.waitSignal(display.call_shown, timeout=2000):
            other_table.call_next("5")
        assert display.call_label.text() == "请 A001 到 5 号台"
        assert display._flasher.isActive()
        styles = set()
        for _ in range(4):
            qtbot.wait(360)
            styles.add(display.call_label.styleSheet())
        assert len(styles) == 2  # yellow on black, then black on yellow: it flashes
        assert spoken == []  # nothing was handed to an engine that cannot say it


# ----- which calls are said, as a busy site calls them -------------------------------------------
@given(st.lists(st.one_of(st.integers(min_value=1, max_value=6), st.none()), max_size=40))
def test_every_call_is_said_and_speech_keeps_up(events: list[int | None]) -> None:
    """Events: a call of ticket n (the display hands it in twice), or None: the engine
    finished what it was saying. Every call is said at least once; once speech has caught
    up, the newest call has been said twice; what waits holds every other call once."""
    pending: list[str] = []
    speaking: str | None = None
    said: list[str] = []
    called: list[str] = []

    def start_next() -> None:
        nonlocal speaking
        if speaking is None and pending:
            speaking = pending.pop(0)
            said.append(speaking)

    for event in [*events, *[None] * 100]:  # then the engine catches up
        if event is None:
            speaking = None
        else:
            text = f"请 A{event:03d} 到 2 号台"
            called.append(text)
            for _ in range(2):
                pending = queue_line(pending, speaking, text)
                start_next()
            others = [p for p in pending if p != text]
            assert len(others) == len(set(others))
        start_next()
    assert speaking is None and pending == []
    assert set(said) == set(called)
    if called:
        assert said[-2:] == [called[-1]] * 2
