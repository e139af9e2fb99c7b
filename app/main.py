"""`nat-station`: the recorder window with no arguments; subcommands for headless work."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from app.wiring import open_station
from station.pooling import PoolingMode


def _station_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--table", help="table number (采样台号)")
    parser.add_argument("--recorder", help="recorder name (录入员)")
    parser.add_argument("--mode", type=int, choices=[int(m) for m in PoolingMode],
                        help="default pooling mode")
    parser.add_argument("--db", help="database URL (overrides NAT_STATION_DB and settings)")


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    chosen = {
        "table": args.table,
        "recorder": args.recorder,
        "default_mode": args.mode,
        "database_url": args.db,
    }
    return {key: value for key, value in chosen.items() if value is not None}


def scan(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    """One scan per input line, through the same service as the window; one JSON line out."""
    station = open_station(**_overrides(args))
    errors = 0
    try:
        for line in stdin:
            text = line.rstrip("\r\n")
            if not text.strip():
                continue
            outcome = station.recording.scan(text)
            errors += outcome.status.value == "error"
            stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False) + "\n")
            stdout.flush()
    finally:
        station.close()
    return 1 if errors and args.strict else 0


def report(args: argparse.Namespace, stdout: TextIO) -> int:
    station = open_station(**_overrides(args))
    try:
        view = station.recording.view()
    finally:
        station.close()
    totals = view.totals
    data = {
        "site": station.settings.site_name,
        "round": view.round,
        "people": totals.people,
        "tubes_open": totals.tubes_open,
        "tubes_sealed": totals.tubes_sealed,
        "people_by_mode": {f"{k}:1": v for k, v in sorted(totals.people_by_mode.items())},
        "tubes_by_mode": {f"{k}:1": v for k, v in sorted(totals.tubes_by_mode.items())},
    }
    if args.json:
        stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        stdout.write(
            f"{data['site']} {data['round']}: {totals.people} 人, "
            f"{totals.tubes_sealed} 管已封, {totals.tubes_open} 管在用\n"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nat-station", description="NAT Station 核酸采样录入站")
    sub = parser.add_subparsers(dest="command")
    window = sub.add_parser("window", help="open the recorder window (the default)")
    _station_options(window)
    p_scan = sub.add_parser("scan", help="read scans from standard input, print JSON lines")
    _station_options(p_scan)
    p_scan.add_argument("--strict", action="store_true", help="exit 1 if any scan was refused")
    p_report = sub.add_parser("report", help="today's totals")
    _station_options(p_report)
    p_report.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "scan":
        return scan(args, sys.stdin, sys.stdout)
    if args.command == "report":
        return report(args, sys.stdout)
    from app.gui import run_window

    return run_window(_overrides(args) if args.command else {})


def gui() -> int:
    return main(sys.argv[1:] or ["window"])


if __name__ == "__main__":
    sys.exit(main())
