"""Headless recording commands: `scan` (stdin lines through the table's service) and `report`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from app.wiring import open_station, station_options, station_overrides
from station.core.classifier import empty_scan
from station.core.counts import counted
from station.core.settings import load_settings
from station.recording import Outcome, RecordingService, Status


def scan(args: argparse.Namespace) -> int:
    """One scan per input line, through the same service as the window; one JSON line out."""
    station = open_station(**station_overrides(args))
    errors = 0
    try:
        for line in sys.stdin:
            text = line.rstrip("\r\n")
            # A blank line gets its answer too, so that output matches input line for line; it
            # goes nowhere near the table, as an Enter on the window's empty field does not.
            outcome = (
                station.recording.scan(text)
                if text.strip()
                else Outcome(
                    Status.ERROR,
                    "unknown",
                    empty_scan().message(station.settings.language),
                    code="empty_scan",
                )
            )
            errors += outcome.status.value == "error"
            outcome = _with_open_tube(outcome, station.recording)
            sys.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    finally:
        station.close()
    return 1 if errors and args.strict else 0


def _with_open_tube(outcome: Outcome, recording: RecordingService) -> Outcome:
    """A refusal leaves the table's tube as it was: its JSON names that tube and its count,
    so that a script never reads "no tube open" while one is (the window reads the same)."""
    if outcome.status is not Status.ERROR or outcome.tube is not None:
        return outcome
    tube = recording.view(recent=0).tube
    if tube is None:
        return outcome
    return replace(outcome, tube=tube.barcode, count=tube.count, capacity=tube.capacity)


def report(args: argparse.Namespace) -> int:
    """Today's totals (people, tubes open and sealed, by pooling mode)."""
    if getattr(args, "round", None) or getattr(args, "xlsx", None):
        from app.cli_rounds import round_report  # the round report (issue 5)

        return round_report(args)
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
        english = station.settings.language.startswith("en")
        print(
            f"{data['site']} {data['round']}: {counted(totals.people, 'person')}, "
            f"{counted(totals.tubes_sealed, 'tube')} sealed, {totals.tubes_open} open"
            if english
            else f"{data['site']} {data['round']}: {totals.people} 人, "
            f"{totals.tubes_sealed} 管已封, {totals.tubes_open} 管在用"
        )
    return 0


def commands_card(args: argparse.Namespace) -> int:
    """The table's command barcodes on one A4 sheet (SEAL, UNDO, MODE:n, CALL, ...)."""
    from ui.recording.command_card import write_command_card  # Qt only for this command

    settings = load_settings()
    table = args.table or settings.table
    print(write_command_card(Path(args.pdf), table))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p_scan = sub.add_parser("scan", help="read scans from standard input, print JSON lines")
    station_options(p_scan)
    p_scan.add_argument("--strict", action="store_true", help="exit 1 if any scan was refused")
    p_scan.set_defaults(func=scan)
    p_report = sub.add_parser("report", help="today's totals")
    station_options(p_report)
    p_report.add_argument("--json", action="store_true", help="one JSON object")
    p_report.add_argument("--round", help="the round report of this testing round instead")
    p_report.add_argument("--xlsx", help="write the round report to this XLSX file")
    p_report.set_defaults(func=report)
    p_card = sub.add_parser("commands", help="print the command barcode card as a PDF")
    p_card.add_argument("--pdf", required=True, help="where to write the card")
    p_card.add_argument("--table", help="table number printed on the card")
    p_card.set_defaults(func=commands_card)
