"""Qt translations: the UI is written in Simplified Chinese; English comes from a .qm file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

FOLDER = Path(__file__).parent  # this package holds the .qm (it was ui/i18n.py beside it)


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translator for `language`; Chinese needs none. Returns it (keep a reference)."""
    if language.startswith("zh"):
        return None
    translator = QTranslator(app)
    if not translator.load(str(FOLDER / f"nat_station_{language[:2]}.qm")):
        return None
    app.installTranslator(translator)
    return translator
