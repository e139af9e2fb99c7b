"""Queue commands: `triage` and `display` windows, `plan`, `batches`, and headless `queue`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime, timedelta

from app.cli_common import say_refused
from app.wiring import open_station, station_options, station_overrides
from station.core.errors import OperatorError
from station.core.settings import load_settings
from station.queue.batches import read_schedule
from station.queue.config import load_queue_config


def triage(args: argparse.Namespace) -> int:
    from app.gui_queue import run_triage  # Qt loads only for the window

    return run_triage(station_overrides(args))


def display(args: argparse.Namespace) -> int:
    from app.gui_queue import run_display

    return run_display(station_overrides(args), args.screen, args.windowed)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f}"


def plan_command(args: argparse.Namespace) -> int:
    """Expected waits and when the last person is done, on the simulation model."""
    from station.queue.plan import curve_from_batches, parse_curve, plan  # simpy: only here

    config = load_queue_config()
    opening = None
    if args.batches:
        try:
            opening, curve = curve_from_batches(read_schedule(args.batches))
        except OperatorError as error:
            print(error.message(load_settings().language), file=sys.stderr)
            return 2
    else:
        curve = parse_curve(args.curve or f"0-{args.hours}:100")
    results = plan(
        args.residents,
        curve,
        args.tables,
        args.service or config.service_s,
        args.priority_share,
        config.make_policy(),
        seed=args.seed,
    )
    report = []
    for r in results:
        end = r.last_done
        finish = (
            (datetime.combine(datetime.today(), opening) + end).strftime("%H:%M")
            if opening
            else f"+{end // timedelta(hours=1)}h{(end % timedelta(hours=1)).seconds // 60:02d}m"
        )
        report.append(
            {
                "policy": r.policy,
                "people": r.people,
                "utilisation": round(r.utilisation, 3),
                "priority_wait_min": {
                    k: round(v / 60, 1) for k, v in asdict(r.priority).items() if k != "count"
                },
                "normal_wait_min": {
                    k: round(v / 60, 1) for k, v in asdict(r.normal).items() if k != "count"
                },
                "last_done": finish,
            }
        )
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(
        f"{args.residents} 人，{args.tables} 台，每人 {args.service or config.service_s:.0f} 秒，"
        f"优先占比 {args.priority_share:.0%}"
    )
    for r, row in zip(results, report, strict=True):
        print(
            f"  {r.policy:8} 利用率 {r.utilisation:.0%}  "
            f"优先 平均/p95/最长 {_minutes(r.priority.mean)}/{_minutes(r.priority.p95)}/"
            f"{_minutes(r.priority.max)} 分  普通 {_minutes(r.normal.mean)}/"
            f"{_minutes(r.normal.p95)}/{_minutes(r.normal.max)} 分  最后一人完成 {row['last_done']}"
        )
    return 0


def batches(args: argparse.Namespace) -> int:
    station = open_station(**station_overrides(args))
    try:
        assert station.queue is not None
        service = station.queue.service
        if args.file:
            try:
                schedule = read_schedule(args.file)
            except OperatorError as error:
                say_refused(error, station)
                return 2
            service.set_schedule(schedule)
        for batch in service.schedule():
            print(batch.label)
    finally:
        station.close()
    return 0


def queue(args: argparse.Namespace) -> int:
    """Headless queue actions, one JSON object out (scripts, tests, a second table)."""
    station = open_station(**station_overrides(args))
    try:
        assert station.queue is not None
        service = station.queue.service
        table = station.settings.table
        try:
            if args.action == "issue":
                issued = service.issue(args.lane)
                out: dict[str, object] = {
                    "number": issued.ticket.number,
                    "wait_min": round(issued.wait_min, 1),
                }
            elif args.action == "call" and args.number:
                ticket = service.call_number(table, args.number)
                out = {"number": ticket.number, "table": table}
            elif args.action == "call":
                ticket = service.call_next(table)
                out = {"number": ticket.number if ticket else None, "table": table}
            elif args.action == "recall":
                out = {"number": service.recall(table).number, "table": table}
            elif args.action == "skip":
                out = {"number": service.skip(table).number, "skipped": True}
            elif args.action in ("hold", "release", "drop"):
                ticket = getattr(service, args.action)(args.number or "")
                out = {"number": ticket.number, "state": ticket.state.value}
            else:
                board = service.board()
                out = {
                    "status": board.status.label,
                    "calls": [f"{c.number}→{c.table}" for c in board.calls],
                    "lanes": [
                        {"lane": v.code, "waiting": v.waiting, "wait_min": round(v.wait_min, 1)}
                        for v in board.lanes
                    ],
                    "batches": board.batches,
                }
        except OperatorError as error:
            print(
                json.dumps(
                    {"error": error.code, "message": error.message(station.settings.language)},
                    ensure_ascii=False,
                )
            )
            return 1
        print(json.dumps(out, ensure_ascii=False))
    finally:
        station.close()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("triage", help="open the triage desk window (分诊台)")
    station_options(p)
    p.set_defaults(func=triage)
    p = sub.add_parser("display", help="open the full-screen queue display (叫号屏)")
    station_options(p)
    p.add_argument("--screen", type=int, help="screen number (0 = first)")
    p.add_argument("--windowed", action="store_true", help="a 1280x720 window, not full screen")
    p.set_defaults(func=display)
    p = sub.add_parser("plan", help="expected waits and finish time of a round (simulation)")
    p.add_argument("--residents", type=int, required=True, help="people expected in the round")
    p.add_argument("--tables", type=int, required=True, help="sampling tables open")
    p.add_argument("--service", type=float, help="seconds per person (default: queue.toml)")
    p.add_argument("--hours", type=float, default=8.0, help="arrivals spread evenly over this")
    p.add_argument("--curve", help="arrival curve: start-end:share,... in hours from opening")
    p.add_argument("--batches", help="building batches CSV: building,units,start,end")
    p.add_argument(
        "--priority-share",
        type=float,
        default=0.2,
        help="share of priority arrivals, 0-1 (default 0.2)",
    )
    p.add_argument("--seed", type=int, default=1, help="random seed of the simulation")
    p.add_argument("--json", action="store_true", help="JSON instead of text")
    p.set_defaults(func=plan_command)
    p = sub.add_parser("batches", help="show, or set from a CSV file, the building batches")
    station_options(p)
    p.add_argument("file", nargs="?", help="CSV: building,units,start,end (HH:MM)")
    p.set_defaults(func=batches)
    p = sub.add_parser("queue", help="headless queue actions at this table (JSON out)")
    station_options(p)
    p.add_argument(
        "action",
        choices=["issue", "call", "recall", "skip", "hold", "release", "drop", "board"],
        help="issue a ticket, call (the next or --number), call again, skip, hold, release, "
        "drop a ticket, or show the board",
    )
    p.add_argument("--lane", default="A", help="the lane a ticket is issued in (default A)")
    p.add_argument(
        "--number",
        help="the ticket (P003, or its slip's NATQ: barcode) to call out of turn, or to hold "
        "(暂缓), release (放行) or drop (作废)",
    )
    p.set_defaults(func=queue)
