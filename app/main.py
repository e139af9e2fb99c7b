"""`nat-station`: the recorder window with no arguments; subcommands for headless work."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app import cli_audit, cli_lab, cli_purge, cli_queue, cli_recording, cli_roster
from app.wiring import station_options, station_overrides
from station.errors import OperatorError

# Each feature registers its own subcommands (and sets `func`) in a module of its own.
COMMAND_MODULES = [cli_recording, cli_roster, cli_lab, cli_queue, cli_audit, cli_purge]


def _window(args: argparse.Namespace) -> int:
    from app.gui import run_window  # Qt loads only for the window

    return run_window(station_overrides(args))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nat-station", description="NAT Station 核酸采样录入站")
    sub = parser.add_subparsers(dest="command")
    window = sub.add_parser("window", help="open the recorder window (the default)")
    station_options(window)
    window.set_defaults(func=_window)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command is None:
        args = parser.parse_args(["window"])
    try:
        return int(args.func(args))
    except OperatorError as error:  # e.g. a wrong site passphrase: said, not a traceback
        english = os.environ.get("NAT_STATION_LANGUAGE", "").startswith("en")
        print(f"nat-station: {error.en if english else error.zh}", file=sys.stderr)
        return 2


def gui() -> int:
    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
