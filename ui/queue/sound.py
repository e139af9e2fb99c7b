"""The display's call announcement: a chime, then the call spoken twice, offline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from ui.feedback import tone_effects
from ui.speaker import Speaker

REPEATS = 2  # people miss a call said once over a crowd


class CallAnnouncer(QObject):
    """Chime through Qt Multimedia; speech through the station's speaker process.

    `can_speak` is False until a voice is known, and stays False without one: the display
    then flashes the number instead.
    """

    voice_ready = Signal(str)
    spoken = Signal(str)  # each text handed to the speech engine
    finished = Signal(str)  # each text the engine has finished saying

    def __init__(self, sound_dir: Path, language: str = "zh", speech: bool = True) -> None:
        super().__init__()
        self._chime = tone_effects(sound_dir, self).get("chime")
        self._speaker: Speaker | None = None
        if speech:
            # In turn: the repeat must not cut off the first saying, nor a call the one before.
            self._speaker = Speaker(language, self, in_turn=True)
            self._speaker.voice_ready.connect(self.voice_ready)
            self._speaker.spoken.connect(self.spoken)
            self._speaker.finished.connect(self.finished)

    @property
    def voice(self) -> str:
        return self._speaker.voice if self._speaker is not None else ""

    @property
    def can_speak(self) -> bool:
        return self._speaker is not None and self._speaker.can_speak

    def announce(self, text: str) -> bool:
        """Chime and say `text` twice; False when nothing can speak (the caller flashes)."""
        if self._chime is not None:
            self._chime.play()
        else:
            QApplication.beep()
        if self._speaker is None or not self._speaker.can_speak:
            return False
        for _ in range(REPEATS):
            self._speaker.say(text)
        return True

    def close(self) -> None:
        if self._speaker is not None:
            self._speaker.close()
