"""The window's side of the speaker process: start it, hand it lines, hear back its voice."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

START_SECONDS = 45  # a wedged speech daemon must not leave the station waiting for ever


class Speaker(QObject):
    """Speech through ui.speaker_process (Qt text-to-speech with a local engine, never the
    network), in a process of its own so that a slow or stuck engine never delays a scan."""

    voice_ready = Signal(str)  # the voice's name once known; "" for none
    spoken = Signal(str)  # each text the process has handed to its engine
    finished = Signal(str)  # with in_turn: each text the engine has finished saying

    def __init__(self, language: str, parent: QObject | None = None, in_turn: bool = False) -> None:
        """`in_turn`: each line is said to its end before the next (the display's calls);
        otherwise a new line cuts off the one being said (the table's counts)."""
        super().__init__(parent)
        self.voice = ""
        self._known = False
        self._process: QProcess | None = QProcess(self)
        self._process.readyReadStandardOutput.connect(self._read)
        # parent=: the process dies with this one, even when this one is killed (kill -9).
        flags = [f"parent={os.getpid()}", *(["in_turn"] if in_turn else [])]
        self._process.start(sys.executable, ["-m", "ui.speaker_process", language, *flags])
        QTimer.singleShot(START_SECONDS * 1000, self._give_up_if_silent)

    @property
    def can_speak(self) -> bool:
        return bool(self.voice) and self._process is not None

    def _read(self) -> None:
        assert self._process is not None
        while self._process.canReadLine():
            line = bytes(self._process.readLine().data()).decode("utf-8").rstrip("\n")
            if line.startswith("voice "):
                self.voice = line[len("voice ") :]
                self._known = True
                self.voice_ready.emit(self.voice)
            elif line.startswith("said "):
                self.spoken.emit(line[len("said ") :])
            elif line.startswith("done "):
                self.finished.emit(line[len("done ") :])

    def _give_up_if_silent(self) -> None:
        if self._process is not None and not self._known:
            self._process.kill()
            self._process = None
            self._known = True
            self.voice_ready.emit("")

    def say(self, text: str) -> bool:
        """Hand `text` to the engine; False when there is no voice to say it."""
        if not self.can_speak:
            return False
        assert self._process is not None
        self._process.write((text.replace("\n", " ") + "\n").encode("utf-8"))
        return True

    def close(self) -> None:
        if self._process is not None:
            self._process.closeWriteChannel()
            if not self._process.waitForFinished(3000):
                self._process.kill()
                self._process.waitForFinished(1000)
            self._process = None
