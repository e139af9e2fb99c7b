"""Sound and speech after each scan: a distinct tone per state, and the count spoken."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices, QSoundEffect
from PySide6.QtWidgets import QApplication

from station.recording import Outcome
from ui.sounds import write_tones
from ui.speaker import Speaker


def no_audio_text() -> str:
    """The window's one word when there is no audio device, in the station's language."""
    return QCoreApplication.translate(
        "Feedback",
        "未检测到音频输出设备：没有提示音，也没有语音播报，请看屏幕的颜色和文字"
        "（接上音箱或耳机后重新打开本程序）",
    )


def no_voice_text() -> str:
    """Said when there is a device but no Chinese voice: tones only."""
    return QCoreApplication.translate(
        "Feedback",
        "未找到中文语音，只播放提示音（安装 speech-dispatcher 与 espeak-ng 可播报姓名和人数）",
    )


class Announcer(Protocol):
    def announce(self, outcome: Outcome) -> None: ...


AudioOutputs = Callable[[], Sequence[QAudioDevice]]


def tone_effects(
    sound_dir: Path, parent: QObject, outputs: AudioOutputs = QMediaDevices.audioOutputs
) -> dict[str, QSoundEffect]:
    """One sound effect per tone; none on a machine without an audio device."""
    effects: dict[str, QSoundEffect] = {}
    if outputs():
        for name, path in write_tones(sound_dir).items():
            effect = QSoundEffect(parent)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(1.0)
            effects[name] = effect
    return effects


class Feedback(QObject):
    """Tones through Qt Multimedia; the count spoken through the speaker process.

    Without a voice for the language the tones still sound, and with no audio device at all
    (`has_audio` False: the window says so) the system beep is the last resort. `outputs`
    lists the audio devices (Qt's own, unless a test stands in a machine without one).
    """

    voice_ready = Signal(str)  # the voice's name once the speaker knows it; "" for none
    spoken = Signal(str)  # each text the speaker has handed to its engine

    def __init__(
        self,
        sound_dir: Path,
        language: str = "zh",
        speech: bool = True,
        outputs: AudioOutputs = QMediaDevices.audioOutputs,
    ) -> None:
        super().__init__()
        self._effects = tone_effects(sound_dir, self, outputs)
        self.has_audio = bool(self._effects)
        self._speaker: Speaker | None = None
        if speech:
            self._speaker = Speaker(language, self)
            self._speaker.voice_ready.connect(self.voice_ready)
            self._speaker.spoken.connect(self.spoken)

    @property
    def voice(self) -> str:
        return self._speaker.voice if self._speaker is not None else ""

    def close(self) -> None:
        if self._speaker is not None:
            self._speaker.close()

    def describe(self) -> str:
        return f"audio={'yes' if self.has_audio else 'no'} voice={self.voice or '—'}"

    def alarm(self, text: str) -> None:
        """The recall's siren, then `text` spoken: louder news than any scan."""
        self._play("alarm", beep=True)
        self._say(text)

    def announce(self, outcome: Outcome) -> None:
        status = outcome.status.value
        self._play(
            "full" if outcome.sealed and status == "saved" else status, beep=status == "error"
        )
        self._say(outcome.speech or (outcome.message if status == "error" else ""))

    def _play(self, tone: str, beep: bool) -> None:
        """The tone's sound; without an audio device, the system beep when `beep`."""
        effect = self._effects.get(tone)
        if effect is not None:
            effect.play()
        elif beep:
            QApplication.beep()

    def _say(self, text: str) -> None:
        if self._speaker is not None and text:
            self._speaker.say(text)
