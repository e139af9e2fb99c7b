"""What the headless commands share: a line in the station's language, and a refusal said."""

from __future__ import annotations

import sys

from app.wiring import Station
from station.core.errors import OperatorError


def in_language(station: Station, zh: str, en: str) -> str:
    """`zh` or `en`, whichever the station's language setting asks for."""
    return en if station.settings.language.startswith("en") else zh


def say_refused(error: OperatorError, station: Station) -> None:
    """The refusal's message on stderr, in the station's language."""
    print(error.message(station.settings.language), file=sys.stderr)
