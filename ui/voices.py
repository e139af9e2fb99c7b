"""Choosing a text-to-speech voice for the station's language."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtTextToSpeech import QTextToSpeech

# Voice names that engines give voices whose locale Qt cannot map (espeak-ng's "cmn").
VOICE_NAMES = {"zh": ("Chinese (Mandarin", "Mandarin", "Chinese"), "en": ("English",)}


def choose_voice(speech: QTextToSpeech, language: str) -> str:
    """Set a voice for the station's language; returns its name, or "" when there is none."""
    short = "zh" if language.startswith("zh") else "en"
    wanted = QLocale.Language.Chinese if short == "zh" else QLocale.Language.English
    voices = speech.availableVoices()
    for voice in voices:
        if voice.locale().language() == wanted:
            speech.setVoice(voice)
            return voice.name()
    for prefix in VOICE_NAMES[short]:
        for voice in voices:
            # "+Variant" voices are the same language with effects; prefer the plain one.
            if voice.name().startswith(prefix) and "+" not in voice.name():
                speech.setVoice(voice)
                return voice.name()
    return ""
