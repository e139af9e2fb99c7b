"""Headless recording commands: `scan` (stdin lines through the table's service) and `report`."""

from __future__ import annotations

import argparse
import json
import sys

from app.wiring import open_station, station_options, station_overrides


def scan(args: argparse.Namespace) -> int:
    """One scan per input line, through the same service as the window; one JSON line out."""
    station = open_station(**station_overrides(args))
    errors = 0
    try:
        for line in sys.stdin:
            text = line.rstrip("\r\n")
            if not text.strip():
                continue
            outcome = station.recording.scan(text)
            errors += outcome.status.value == "error"
            sys.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    finally:
        station.close()
    return 1 if errors and args.strict else 0


def report(args: argparse.Namespace) -> int:
    """Today's totals (people, tubes open and sealed, by pooling mode)."""
    station = open_station(**station_overrides(args))
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
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(
            f"{data['site']} {data['round']}: {totals.people} 人, "
            f"{totals.tubes_sealed} 管已封, {totals.tubes_open} 管在用"
        )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p_scan = sub.add_parser("scan", help="read scans from standard input, print JSON lines")
    station_options(p_scan)
    p_scan.add_argument("--strict", action="store_true", help="exit 1 if any scan was refused")
    p_scan.set_defaults(func=scan)
    p_report = sub.add_parser("report", help="today's totals")
    station_options(p_report)
    p_report.add_argument("--json", action="store_true", help="one JSON object")
    p_report.set_defaults(func=report)
