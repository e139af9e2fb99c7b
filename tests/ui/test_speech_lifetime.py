"""The window's speech dies with the window, even under kill -9, and nothing a killed window
left behind keeps the next window from speaking. Real processes: the recorder window in a
subprocess, its speaker process, speech-dispatcher and espeak-ng."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtMultimedia import QAudioDevice
from PySide6.QtWidgets import QLabel

from lab_support import station_on
from speech_support import (
    alive,
    command,
    descendants,
    private_speech,
    stop_speech,
    wait_for_child,
)
from station.recording import Outcome, Status
from ui.feedback import Feedback

GONE_WITHIN = 5.0  # seconds


def wait_gone(pids: list[int], seconds: float = GONE_WITHIN) -> list[str]:
    """The command lines of those still running after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.05)
    return [command(pid) for pid in pids if alive(pid)]


def assert_speaks(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A new window's feedback finds its Chinese voice and hands it the count."""
    feedback = Feedback(tmp_path / "sounds", "zh", speech=True)
    try:
        with qtbot.waitSignal(feedback.voice_ready, timeout=30_000) as ready:
            pass
        assert "Mandarin" in ready.args[0]
        with qtbot.waitSignal(feedback.spoken, timeout=10_000) as said:
            feedback.announce(Outcome(Status.SAVED, "person", "张* 1/10", speech="张三 1"))
        assert said.args == ["张三 1"]
    finally:
        feedback.close()


def test_a_killed_windows_speech_goes_with_it_and_the_next_window_speaks(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    runtime = private_speech(tmp_path / "speech", monkeypatch)
    window = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.main",
            "window",
            "--db",
            f"sqlite:///{tmp_path / 'station.sqlite3'}",
        ],
        # a site set and no accounts: the window opens with no set-up dialog (issue 14)
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "NAT_STATION_SITE_NAME": "幸福里采样点"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        speaker = wait_for_child(window.pid, "ui.speaker_process")
        dispatcher = wait_for_child(speaker, "speech-dispatcher")
        wait_for_child(dispatcher, "sd_espeak-ng")  # its synthesizer is up: it has spoken
        tree = descendants(window.pid)
        assert len(tree) >= 3, [command(pid) for pid in tree]
        window.send_signal(signal.SIGKILL)
        window.wait(10)
        assert wait_gone(tree) == []  # the speaker, its dispatcher, the synthesizers
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(10)
        stop_speech(runtime)
    assert_speaks(qtbot, tmp_path)


def test_a_stale_dispatcher_never_blocks_the_next(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A daemon spawned on demand by an older window sits on the shared socket, stopped dead
    (as one wedged on its audio: it answers nothing and ignores SIGTERM)."""
    short = Path(tempfile.mkdtemp(prefix="nat-t-"))  # a socket's path has at most 107 bytes
    runtime = private_speech(short, monkeypatch)
    socket = runtime / "speech-dispatcher" / "speechd.sock"  # where libspeechd looks
    socket.parent.mkdir()
    stale = subprocess.Popen(
        [
            "speech-dispatcher",
            "--run-single",
            "--timeout",
            "0",
            "--communication-method",
            "unix_socket",
            "--socket-path",
            str(socket),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not socket.exists() and stale.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert socket.exists(), stale.poll()
        os.killpg(stale.pid, signal.SIGSTOP)
        assert_speaks(qtbot, tmp_path)
    finally:
        os.killpg(stale.pid, signal.SIGKILL)
        stale.wait(10)
        shutil.rmtree(short, ignore_errors=True)


def banner_texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    layout = window.banners
    return [
        layout.itemAt(i).widget().text()
        for i in range(layout.count())
        if isinstance(layout.itemAt(i).widget(), QLabel)
    ]


def test_without_an_audio_device_the_window_says_so_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.gui import build_window
    from ui.feedback import no_audio_text, no_voice_text

    NO_AUDIO, NO_VOICE = no_audio_text(), no_voice_text()

    with station_on(f"sqlite:///{tmp_path / 'station.sqlite3'}") as station:
        silent = Feedback(tmp_path / "sounds", "zh", speech=False, outputs=list)  # no device
        window = build_window(station, silent)
        qtbot.addWidget(window)
        silent.voice_ready.emit("")  # and no voice either: still the one message
        assert not silent.has_audio
        assert [t for t in banner_texts(window) if t in (NO_AUDIO, NO_VOICE)] == [NO_AUDIO]
        # Chinese only in Chinese: English comes from the translation (NAT_STATION_LANGUAGE=en).
        assert "未检测到音频输出设备" in NO_AUDIO and not re.search("[A-Za-z]{3}", NO_AUDIO)

        # A machine with a device but no Chinese voice hears tones: it says that instead.
        speaker = Feedback(
            tmp_path / "sounds", "zh", speech=False, outputs=lambda: [QAudioDevice()]
        )
        other = build_window(station, speaker)
        qtbot.addWidget(other)
        assert speaker.has_audio and NO_AUDIO not in banner_texts(other)
        speaker.voice_ready.emit("")
        assert [t for t in banner_texts(other) if t in (NO_AUDIO, NO_VOICE)] == [NO_VOICE]
