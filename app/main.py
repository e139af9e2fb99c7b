"""`nat-station`: the recorder window with no arguments; subcommands for headless work."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app import (
    cli_access,
    cli_audit,
    cli_cipher,
    cli_lab,
    cli_purge,
    cli_queue,
    cli_recording,
    cli_roster,
    cli_rounds,
    cli_sync,
    cli_training,
    cli_web,
)
from app.access_wiring import expect_headless
from app.wiring import station_options, station_overrides, training_option
from station.core.errors import OperatorError
from station.training import DrillError, TrainingDatabaseError

# Each feature registers its own subcommands (and sets `func`) in a module of its own.
COMMAND_MODULES = [
    cli_recording,
    cli_roster,
    cli_rounds,
    cli_lab,
    cli_queue,
    cli_sync,
    cli_training,
    cli_web,
    cli_access,
    cli_audit,
    cli_purge,
    cli_cipher,
]


def _window(args: argparse.Namespace) -> int:
    from app.gui import run_window  # Qt loads only for the window

    return run_window(station_overrides(args), drill=args.drill)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nat-station", description="NAT Station 核酸采样录入站")
    training_option(parser)  # before any command: `nat-station --training triage`
    sub = parser.add_subparsers(dest="command")
    window = sub.add_parser("window", help="open the recorder window (the default)")
    station_options(window)
    window.add_argument(
        "--drill",
        help="training: run a drill (first_shift, hard_cases, "
        "queue_and_recall, or a drill file) / 培训演练",
    )
    window.set_defaults(func=_window, drill=None)
    for module in COMMAND_MODULES:
        module.register(sub)
    _operator_option(sub)
    return parser


def _operator_option(sub: argparse._SubParsersAction) -> None:
    """`--operator NAME` on every command: who acts (issue 14; the PIN is never an argument)."""
    for parser in sub.choices.values():
        nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            for inner in nested:
                _operator_option(inner)
        elif "--operator" not in parser._option_string_actions:
            parser.add_argument("--operator", help="act as this operator (NAT_STATION_OPERATOR)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(argv) if argv is not None else sys.argv[1:]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "window"])
    if args.command != "window":  # the window signs in with its own dialog
        expect_headless(args)
    try:
        return int(args.func(args))
    except OperatorError as error:  # refused at sign-in or by the role: nothing was done
        # (a wrong site passphrase too: said, not a traceback)
        language = os.environ.get("NAT_STATION_LANGUAGE", "zh")
        print(f"nat-station: {error.message(language)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of the output went away (`nat-station untested | head -1`): no traceback;
        # stdout points at /dev/null so that the interpreter's last flush is silent too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (TrainingDatabaseError, DrillError) as error:
        # The wrong kind of database, or a drill file that cannot run: say so, write nothing.
        print(str(error) if isinstance(error, DrillError) else error.zh, file=sys.stderr)
        if isinstance(error, TrainingDatabaseError):
            print(error.en, file=sys.stderr)
        return 2


def gui() -> int:
    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
