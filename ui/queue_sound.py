"""The display's call announcement: a chime, then the call spoken twice, offline."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QUrl, Signal
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtWidgets import QApplication

from ui.sounds import write_tones

REPEATS = 2  # people miss a call said once over a crowd


class CallAnnouncer(QObject):
    """Chime through Qt Multimedia; speech through the station's speaker process
    (ui.speaker_process: Qt text-to-speech with a local engine, never the network).

    `can_speak` is False until a voice is known, and stays False without one: the display
    then flashes the number instead.
    """

    voice_ready = Signal(str)

    def __init__(self, sound_dir: Path, language: str = "zh", speech: bool = True) -> None:
        super().__init__()
        self.voice = ""
        self._chime: QSoundEffect | None = None
        if QMediaDevices.audioOutputs():
            self._chime = QSoundEffect(self)
            self._chime.setSource(QUrl.fromLocalFile(str(write_tones(sound_dir)["chime"])))
            self._chime.setVolume(1.0)
        self._speaker: QProcess | None = None
        if speech:
            self._speaker = QProcess(self)
            self._speaker.readyReadStandardOutput.connect(self._read)
            self._speaker.start(sys.executable, ["-m", "ui.speaker_process", language])

    @property
    def can_speak(self) -> bool:
        return bool(self.voice) and self._speaker is not None

    def _read(self) -> None:
        assert self._speaker is not None
        while self._speaker.canReadLine():
            line = bytes(self._speaker.readLine().data()).decode("utf-8").rstrip("\n")
            if line.startswith("voice "):
                self.voice = line[len("voice ") :]
                self.voice_ready.emit(self.voice)

    def announce(self, text: str) -> bool:
        """Chime and say `text` twice; False when nothing can speak (the caller flashes)."""
        if self._chime is not None:
            self._chime.play()
        else:
            QApplication.beep()
        if not self.can_speak:
            return False
        assert self._speaker is not None
        line = (text.replace("\n", " ") + "\n").encode("utf-8")
        for _ in range(REPEATS):
            self._speaker.write(line)
        return True

    def close(self) -> None:
        if self._speaker is not None:
            self._speaker.closeWriteChannel()
            if not self._speaker.waitForFinished(3000):
                self._speaker.kill()
                self._speaker.waitForFinished(1000)
            self._speaker = None
