"""`nat-station`: the recorder window with no arguments; subcommands for headless work."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app import cli_lab, cli_queue, cli_recording, cli_roster, cli_training, cli_web
from app.wiring import station_options, station_overrides, training_option
from station.training import DrillError, TrainingDatabaseError

# Each feature registers its own subcommands (and sets `func`) in a module of its own.
COMMAND_MODULES = [cli_recording, cli_roster, cli_lab, cli_queue, cli_training, cli_web]


def _window(args: argparse.Namespace) -> int:
    from app.gui import run_window  # Qt loads only for the window

    return run_window(station_overrides(args), drill=args.drill)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nat-station", description="NAT Station 核酸采样录入站")
    training_option(parser)  # before any command: `nat-station --training triage`
    sub = parser.add_subparsers(dest="command")
    window = sub.add_parser("window", help="open the recorder window (the default)")
    station_options(window)
    window.add_argument("--drill", help="training: run a drill (first_shift, hard_cases, "
                        "queue_and_recall, or a drill file) / 培训演练")
    window.set_defaults(func=_window, drill=None)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(argv) if argv is not None else sys.argv[1:]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "window"])
    try:
        return int(args.func(args))
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
