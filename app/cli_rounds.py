"""Round commands: `round`, `coverage`, `untested`, `door-to-door`, `tested-elsewhere`, and the
round report (`report --round`, reached through app/cli_recording.py)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from app.cli_common import in_language as _t
from app.cli_roster import run_roster
from app.roster_wiring import RosterServices
from app.wiring import Station, station_options
from station.core.counts import counted
from station.core.errors import OperatorError
from station.core.quoting import quote_scan
from station.roster.coverage import Coverage
from station.roster.lists import LIST_HEADER, list_row
from station.roster.ports import ResidentLine
from station.roster.round_report import RoundReport


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        shown = quote_scan(text)
        raise OperatorError(
            f"时间 {shown} 看不懂：请写成 2022-10-01T08:00",
            f"Time {quote_scan(text, 'en')} is not a date-time: write it as 2022-10-01T08:00",
            code="round.time",
        ) from None
    return moment if moment.tzinfo else moment.astimezone()  # local time as typed


def round_define(args: argparse.Namespace) -> int:
    def action(station: Station, roster: RosterServices) -> int:
        round = roster.coverage.define_round(
            args.name, _when(args.start), _when(args.end), tuple(args.building or ())
        )
        print(
            _t(
                station,
                f"轮次 {round.name}：{'、'.join(round.buildings) or '全部楼栋'}",
                f"Round {round.name}: {', '.join(round.buildings) or 'every building'}",
            )
        )
        return 0

    return run_roster(args, action)


def _coverage_text(coverage: Coverage, station: Station) -> str:
    if not coverage.buildings:
        return _t(
            station,
            f"轮次 {coverage.round.name}：名单为空，没有应检居民（请先导入名单）",
            f"Round {coverage.round.name}: the roster is empty (import it first)",
        )
    lines = [
        _t(
            station,
            f"轮次 {coverage.round.name}：已检 {coverage.tested}/{coverage.expected}",
            f"Round {coverage.round.name}: tested {coverage.tested}/{coverage.expected}",
        )
    ]
    for b in coverage.buildings:
        lines.append(
            _t(
                station,
                f"  {b.building}：{b.tested}/{b.expected}（外点 {b.elsewhere}）",
                f"  {b.building}: {b.tested}/{b.expected} ({b.elsewhere} elsewhere)",
            )
        )
        lines.extend(f"    {u.unit or '-'}：{u.tested}/{u.expected}" for u in b.units)
    return "\n".join(lines)


def coverage(args: argparse.Namespace) -> int:
    def action(station: Station, roster: RosterServices) -> int:
        result = roster.coverage.coverage(args.round)
        if args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            print(_coverage_text(result, station))
        return 0

    return run_roster(args, action)


def _print_list(
    lines: list[ResidentLine], args: argparse.Namespace, station: Station, what: str, none: str
) -> None:
    """The list to a CSV file, as JSON, or as text; `none` says that it is empty."""
    roster = station.roster
    if args.csv:
        mark = station.export_policy.authorize(args.reason or "", full=args.unmasked)
        record = roster.exports.write_csv(
            lines, Path(args.csv), what, masked=not args.unmasked, watermark=mark.text()
        )
        station.export_policy.exported(what, record.rows, mark)
        print(
            _t(
                station,
                f"已导出 {record.rows} 行到 {record.target}（已记录导出日志）",
                f"Exported {record.rows} rows to {record.target} (export logged)",
            )
        )
        return
    if args.unmasked:
        roster.exports.log(f"{what}（未脱敏，屏幕）", len(lines), "stdout")
        for line in lines:  # each full view in the audit trail: the person's id, no value
            station.export_policy.viewed_full(line.person_id)
    rows = [list_row(line, masked=not args.unmasked) for line in lines]
    if args.json:
        print(
            json.dumps([dict(zip(LIST_HEADER, r, strict=True)) for r in rows], ensure_ascii=False)
        )
    else:
        for row in rows:
            print("\t".join(row))
        print(_t(station, f"共 {len(rows)} 人", counted(len(rows), "resident")) if rows else none)


def untested(args: argparse.Namespace) -> int:
    def action(station: Station, roster: RosterServices) -> int:
        lines = roster.coverage.untested(args.building, args.round)
        where = f"（{args.building}）" if args.building else ""
        none = _t(station, f"没有未检居民{where}", f"Nobody left untested{where}")
        _print_list(lines, args, station, f"未检名单 {args.building or '全部'}", none)
        return 0

    return run_roster(args, action)


def door_to_door(args: argparse.Namespace) -> int:
    def action(station: Station, roster: RosterServices) -> int:
        lines = roster.coverage.door_to_door(args.round)
        none = _t(station, "没有需要上门采样的居民", "Nobody to sample at home")
        _print_list(lines, args, station, "上门采样名单", none)
        return 0

    return run_roster(args, action)


def tested_elsewhere(args: argparse.Namespace) -> int:
    def action(station: Station, roster: RosterServices) -> int:
        result = roster.coverage.import_tested_elsewhere(Path(args.file), args.place, args.round)
        for error in result.errors:
            print(error.text(station.settings.language), file=sys.stderr)
        if result.errors:
            print(
                _t(
                    station,
                    f"{len(result.errors)} 处错误，未导入",
                    f"{counted(len(result.errors), 'error')}, nothing imported",
                ),
                file=sys.stderr,
            )
            return 1
        print(
            _t(
                station,
                f"外点已检：新计入 {result.marked} 人，名单外 {result.not_on_roster} 人",
                f"Tested elsewhere: {result.marked} newly counted, {result.not_on_roster} not on "
                "the roster",
            )
        )
        return 0

    return run_roster(args, action)


def round_report(args: argparse.Namespace) -> int:
    """`report --round R --xlsx FILE`: the round report, as JSON or an XLSX workbook."""

    def action(station: Station, roster: RosterServices) -> int:
        if args.xlsx:
            path, report = roster.export_report(Path(args.xlsx), args.round)
            print(_t(station, f"报表已写入 {path}", f"Report written to {path}"))
        else:
            report = roster.reports.build(args.round)
        problems = report.cross_check()
        if args.json or not args.xlsx:
            print(json.dumps(_report_json(report, problems), ensure_ascii=False))
        return 0 if not problems else 1

    return run_roster(args, action)


def _report_json(report: RoundReport, problems: list[str]) -> dict[str, object]:
    return {
        "site": report.site,
        "round": report.round.name,
        "people": report.people,
        "tubes_sealed": report.tubes_sealed,
        "tubes_open": report.tubes_open,
        "by_mode": {f"{m}:1": {"tubes": t, "people": p} for m, t, p in report.by_mode()},
        "per_hour": {f"{h:%H}:00": n for h, n in report.per_hour()},
        "per_recorder": [r.__dict__ for r in report.per_recorder()],
        "coverage": report.coverage.as_json(),
        "cross_check": problems,
    }


def _list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--round", help="testing round (default: today's)")
    parser.add_argument("--json", action="store_true", help="JSON instead of text")
    parser.add_argument("--csv", help="write the list to this CSV file (site lead; logged)")
    parser.add_argument("--reason", help="why the list leaves the station (required for --csv)")
    parser.add_argument(
        "--unmasked", action="store_true", help="full names, phones, ID numbers (logged)"
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("round", help="define a testing round (window and buildings)")
    station_options(p)
    p.add_argument("name", help="the round's name, e.g. 第5轮")
    p.add_argument("--start", help="start, ISO date-time (local)")
    p.add_argument("--end", help="end, ISO date-time (local)")
    p.add_argument("--building", action="append", help="a building in scope (repeat)")
    p.set_defaults(func=round_define)

    p = sub.add_parser("coverage", help="tested / expected per building and unit")
    station_options(p)
    p.add_argument("--round", help="testing round (default: today's)")
    p.add_argument("--json", action="store_true", help="JSON instead of text")
    p.set_defaults(func=coverage)

    p = sub.add_parser("untested", help="residents not yet tested, with phones")
    station_options(p)
    p.add_argument("--building", help="one building (default: all)")
    _list_options(p)
    p.set_defaults(func=untested)

    p = sub.add_parser("door-to-door", help="上门采样: immobile residents not yet tested")
    station_options(p)
    _list_options(p)
    p.set_defaults(func=door_to_door)

    p = sub.add_parser("tested-elsewhere", help="import a list of residents tested elsewhere")
    station_options(p)
    p.add_argument("file", help="XLSX or CSV with 证件类型 and 证件号码 columns")
    p.add_argument("--round", help="testing round (default: today's)")
    p.add_argument("--place", default="", help="where they were tested")
    p.set_defaults(func=tested_elsewhere)
