"""Sound and speech after each scan: a distinct tone per state, and the count spoken."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QProcess, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtWidgets import QApplication

from station.recording import Outcome
from ui.sounds import write_tones

SPEAKER_START_SECONDS = 45


class Announcer(Protocol):
    def announce(self, outcome: Outcome) -> None: ...


class Feedback(QObject):
    """Tones through Qt Multimedia; speech through Qt's offline text-to-speech.

    Speech runs in a process of its own (ui.speaker_process) and needs a local engine with a
    voice for the language (speech-dispatcher with espeak-ng on Linux); without one the tones
    still sound, and with no audio device at all the system beep is the last resort.
    """

    voice_ready = Signal(str)  # the voice's name once the speaker knows it; "" for none
    spoken = Signal(str)  # each text the speaker has handed to its engine

    def __init__(self, sound_dir: Path, language: str = "zh", speech: bool = True) -> None:
        super().__init__()
        self._effects: dict[str, QSoundEffect] = {}
        self.has_audio = bool(QMediaDevices.audioOutputs())
        if self.has_audio:
            for name, path in write_tones(sound_dir).items():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(1.0)
                self._effects[name] = effect
        self.voice = ""
        self._voice_known = False
        self._speaker: QProcess | None = None
        if speech:
            self._speaker = QProcess(self)
            self._speaker.readyReadStandardOutput.connect(self._read_speaker)
            self._speaker.start(sys.executable, ["-m", "ui.speaker_process", language])
            # A wedged speech daemon must not leave the station waiting: give up on speech.
            QTimer.singleShot(SPEAKER_START_SECONDS * 1000, self._give_up_if_silent)

    def _give_up_if_silent(self) -> None:
        if self._speaker is not None and not self._voice_known:
            self._speaker.kill()
            self._speaker = None
            self._voice_known = True
            self.voice_ready.emit("")

    def _read_speaker(self) -> None:
        assert self._speaker is not None
        while self._speaker.canReadLine():
            line = bytes(self._speaker.readLine().data()).decode("utf-8").rstrip("\n")
            if line.startswith("voice "):
                self.voice = line[len("voice ") :]
                self._voice_known = True
                self.voice_ready.emit(self.voice)
            elif line.startswith("said "):
                self.spoken.emit(line[len("said ") :])

    def close(self) -> None:
        if self._speaker is not None:
            self._speaker.closeWriteChannel()
            if not self._speaker.waitForFinished(3000):
                self._speaker.kill()
                self._speaker.waitForFinished(1000)
            self._speaker = None

    def describe(self) -> str:
        return f"audio={'yes' if self.has_audio else 'no'} voice={self.voice or '—'}"

    def announce(self, outcome: Outcome) -> None:
        status = outcome.status.value
        tone = "full" if outcome.sealed and status == "saved" else status
        effect = self._effects.get(tone)
        if effect is not None:
            effect.play()
        elif status == "error":
            QApplication.beep()
        text = outcome.speech or (outcome.message if status == "error" else "")
        if self._speaker is not None and self.voice and text:
            self._speaker.write((text.replace("\n", " ") + "\n").encode("utf-8"))
