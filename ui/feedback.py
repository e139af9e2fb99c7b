"""Sound and speech after each scan: a distinct tone per state, and the count spoken."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QLocale, QUrl
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import QApplication

from station.recording import Outcome
from ui.sounds import write_tones


class Announcer(Protocol):
    def announce(self, outcome: Outcome) -> None: ...


def _chinese_voice(speech: QTextToSpeech, language: str) -> bool:
    """Choose a voice for the station's language; False when the engine has none."""
    wanted = QLocale.Language.Chinese if language.startswith("zh") else QLocale.Language.English
    for voice in speech.availableVoices():
        if voice.locale().language() == wanted:
            speech.setVoice(voice)
            return True
    for locale in speech.availableLocales():
        if locale.language() == wanted:
            speech.setLocale(locale)
            return bool(speech.availableVoices())
    return False


class Feedback:
    """Tones through Qt Multimedia and speech through Qt's offline text-to-speech engines.

    Speech needs a local engine with a voice for the language (speech-dispatcher with
    espeak-ng on Linux); without one the tones still sound, and with no audio device at all
    the system beep is the last resort.
    """

    def __init__(self, sound_dir: Path, language: str = "zh", speech: bool = True) -> None:
        self._effects: dict[str, QSoundEffect] = {}
        self.has_audio = bool(QMediaDevices.audioOutputs())
        if self.has_audio:
            for name, path in write_tones(sound_dir).items():
                effect = QSoundEffect()
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(1.0)
                self._effects[name] = effect
        self._speech: QTextToSpeech | None = None
        if speech:
            engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
            if engines:
                candidate = QTextToSpeech(engines[0])
                if _chinese_voice(candidate, language):
                    self._speech = candidate

    @property
    def can_speak(self) -> bool:
        return self._speech is not None

    def describe(self) -> str:
        voice = self._speech.voice().name() if self._speech else "—"
        return f"audio={'yes' if self.has_audio else 'no'} voice={voice}"

    def announce(self, outcome: Outcome) -> None:
        tone = (
            "full" if outcome.sealed and outcome.status.value == "saved" else outcome.status.value
        )
        effect = self._effects.get(tone)
        if effect is not None:
            effect.play()
        elif outcome.status.value == "error":
            QApplication.beep()
        if self._speech is not None and (outcome.speech or outcome.status.value == "error"):
            self._speech.stop()
            self._speech.say(outcome.speech or outcome.message)
