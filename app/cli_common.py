"""What the headless commands share: a line in the station's language, and a refusal said."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app.wiring import Station, open_station, station_overrides
from station.core.errors import OperatorError
from station.core.messages import english, say


def said(station: Station, code: str, **fields: object) -> str:
    """Catalogue message `code` (station.core.messages) in the station's language."""
    return say(code, station.settings.language, **fields)


def in_language(station: Station, zh: str, en: str) -> str:
    """`zh` or `en`, whichever the station's language setting asks for: for the commands'
    lines not yet in the catalogue (prefer `said`)."""
    return en if english(station.settings.language) else zh


def say_refused(error: OperatorError, station: Station) -> None:
    """The refusal's message on stderr, in the station's language."""
    print(error.message(station.settings.language), file=sys.stderr)


def run_on_station(
    args: argparse.Namespace, action: Callable[[Station], int], *, refused: int = 1
) -> int:
    """`action` on the station the arguments name, closed after; a refusal is said on stderr
    and the command exits with `refused`."""
    station = open_station(**station_overrides(args))
    try:
        return int(action(station))
    except OperatorError as error:
        say_refused(error, station)
        return refused
    finally:
        station.close()
