"""Roster commands: `roster import|template`, `round`, `coverage`, `untested`, `door-to-door`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from app.roster_wiring import RosterServices
from app.wiring import Station, open_station, station_options, station_overrides
from station.core.errors import OperatorError
from station.core.quoting import quote_scan
from station.roster.coverage import Coverage, by_place
from station.roster.lists import LIST_HEADER, list_row
from station.roster.ports import ResidentLine


def _open(args: argparse.Namespace) -> tuple[Station, RosterServices]:
    station = open_station(**station_overrides(args))
    assert station.roster is not None
    return station, station.roster


def _t(station: Station, zh: str, en: str) -> str:
    return en if station.settings.language.startswith("en") else zh


def _refused(error: OperatorError, station: Station) -> int:
    print(error.message(station.settings.language), file=sys.stderr)
    return 2


def roster_import(args: argparse.Namespace) -> int:
    station, roster = _open(args)
    try:
        report = roster.importer.import_file(Path(args.file), good_rows=args.good_rows)
    except OperatorError as error:
        return _refused(error, station)
    finally:
        station.close()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        for error in report.errors:
            print(error.text(station.settings.language), file=sys.stderr)
        for warning in report.warnings:  # imported, to be checked
            text = warning.text(station.settings.language)
            print(_t(station, f"提示 {text}", f"Check: {text}"), file=sys.stderr)
        if report.imported:
            print(
                _t(
                    station,
                    f"已导入 {report.good_rows} 人（新增 {report.created}，已有 {report.matched}，"
                    f"登记变更 {report.registered}），拒绝 {len(report.errors)} 处",
                    f"Imported {report.good_rows} residents ({report.created} new, "
                    f"{report.matched} known, {report.registered} registrations changed), "
                    f"{len(report.errors)} refused",
                )
            )
        else:
            print(
                _t(
                    station,
                    f"名单有 {len(report.errors)} 处错误，未导入任何记录；改正后重新导入，"
                    "或加 --good-rows 只导入正确的行",
                    f"The roster has {len(report.errors)} errors, nothing was imported; fix them "
                    "and import again, or add --good-rows to import the good rows only",
                ),
                file=sys.stderr,
            )
    return 0 if report.imported else 1


def roster_template(args: argparse.Namespace) -> int:
    from station.roster.files import write_template

    print(write_template(Path(args.file)))
    return 0


def roster_labels(args: argparse.Namespace) -> int:
    """Personal code slips (or household codes) for a selection, on A4 label sheets as PDF."""
    import os
    from datetime import date

    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        # A PDF needs fonts, not a screen: a headless office PC or server still prints.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from station.roster.label_sheets import household_labels, person_labels, select
    from station.roster.ports import ResidentFilter
    from ui.roster.label_sheets import write_label_sheets

    selection = ResidentFilter(
        building=args.building or "",
        unit=args.unit or "",
        flags=tuple(args.flag or ()),
        without_phone=args.without_phone,
        min_age=args.min_age,
    )
    station, roster = _open(args)
    try:
        assert station.export_policy is not None
        mark = station.export_policy.authorize(args.reason or "")
        with roster.uow() as store:
            lines = select(store.residents(selection), selection, date.today())
        lines = by_place(lines)
        labels = household_labels(lines) if args.households else person_labels(lines)
        _app = QGuiApplication.instance() or QGuiApplication([])  # fonts for the PDF
        path = write_label_sheets(Path(args.pdf), labels, watermark=mark.text())
        what = "户码标签" if args.households else "个人码标签"
        roster.exports.log(what, len(labels), str(path))
        station.export_policy.exported(what, len(labels), mark)
    finally:
        station.close()
    print(
        _t(
            station,
            f"{len(labels)} 张标签已写入 {path}（已记录导出日志）",
            f"{len(labels)} labels written to {path} (export logged)",
        )
    )
    return 0


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
    station, roster = _open(args)
    try:
        round = roster.coverage.define_round(
            args.name, _when(args.start), _when(args.end), tuple(args.building or ())
        )
    except OperatorError as error:
        return _refused(error, station)
    finally:
        station.close()
    print(
        _t(
            station,
            f"轮次 {round.name}：{'、'.join(round.buildings) or '全部楼栋'}",
            f"Round {round.name}: {', '.join(round.buildings) or 'every building'}",
        )
    )
    return 0


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
    station, roster = _open(args)
    try:
        result = roster.coverage.coverage(args.round)
    except OperatorError as error:
        return _refused(error, station)
    finally:
        station.close()
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print(_coverage_text(result, station))
    return 0


def _print_list(
    lines: list[ResidentLine], args: argparse.Namespace, station: Station, what: str, none: str
) -> None:
    """The list to a CSV file, as JSON, or as text; `none` says that it is empty."""
    roster = station.roster
    assert roster is not None
    if args.csv:
        assert station.export_policy is not None
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
        assert station.export_policy is not None
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
        print(_t(station, f"共 {len(rows)} 人", f"{len(rows)} residents") if rows else none)


def untested(args: argparse.Namespace) -> int:
    station, roster = _open(args)
    where = f"（{args.building}）" if args.building else ""
    try:
        lines = roster.coverage.untested(args.building, args.round)
        none = _t(station, f"没有未检居民{where}", f"Nobody left untested{where}")
        _print_list(lines, args, station, f"未检名单 {args.building or '全部'}", none)
    except OperatorError as error:
        return _refused(error, station)
    finally:
        station.close()
    return 0


def door_to_door(args: argparse.Namespace) -> int:
    station, roster = _open(args)
    try:
        lines = roster.coverage.door_to_door(args.round)
        none = _t(station, "没有需要上门采样的居民", "Nobody to sample at home")
        _print_list(lines, args, station, "上门采样名单", none)
    except OperatorError as error:
        return _refused(error, station)
    finally:
        station.close()
    return 0


def tested_elsewhere(args: argparse.Namespace) -> int:
    station, roster = _open(args)
    try:
        result = roster.coverage.import_tested_elsewhere(Path(args.file), args.place, args.round)
    except OperatorError as error:
        return _refused(error, station)
    finally:
        station.close()
    for error in result.errors:
        print(error.text(station.settings.language), file=sys.stderr)
    if result.errors:
        print(
            _t(
                station,
                f"{len(result.errors)} 处错误，未导入",
                f"{len(result.errors)} errors, nothing imported",
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


def round_report(args: argparse.Namespace) -> int:
    """`report --round R --xlsx FILE`: the round report, as JSON or an XLSX workbook."""
    station, roster = _open(args)
    try:
        if args.xlsx:
            path, report = roster.export_report(Path(args.xlsx), args.round)
            print(_t(station, f"报表已写入 {path}", f"Report written to {path}"))
        else:
            report = roster.reports.build(args.round)
        problems = report.cross_check()
        if args.json or not args.xlsx:
            print(
                json.dumps(
                    {
                        "site": report.site,
                        "round": report.round.name,
                        "people": report.people,
                        "tubes_sealed": report.tubes_sealed,
                        "tubes_open": report.tubes_open,
                        "by_mode": {
                            f"{m}:1": {"tubes": t, "people": p} for m, t, p in report.by_mode()
                        },
                        "per_hour": {f"{h:%H}:00": n for h, n in report.per_hour()},
                        "per_recorder": [r.__dict__ for r in report.per_recorder()],
                        "coverage": report.coverage.as_json(),
                        "cross_check": problems,
                    },
                    ensure_ascii=False,
                )
            )
    except OperatorError as error:
        return _refused(error, station)
    finally:
        station.close()
    return 0 if not problems else 1


def _list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--round", help="testing round (default: today's)")
    parser.add_argument("--json", action="store_true", help="JSON instead of text")
    parser.add_argument("--csv", help="write the list to this CSV file (site lead; logged)")
    parser.add_argument("--reason", help="why the list leaves the station (required for --csv)")
    parser.add_argument(
        "--unmasked", action="store_true", help="full names, phones, ID numbers (logged)"
    )


def register(sub: argparse._SubParsersAction) -> None:
    roster = sub.add_parser("roster", help="the community roster (居民名单)")
    actions = roster.add_subparsers(dest="roster_command", required=True)
    p = actions.add_parser("import", help="import an XLSX or CSV roster")
    station_options(p)
    p.add_argument("file", help="the roster, XLSX or CSV")
    p.add_argument("--good-rows", action="store_true", help="import the good rows despite errors")
    p.add_argument("--json", action="store_true", help="the import report as JSON")
    p.set_defaults(func=roster_import)
    p = actions.add_parser("template", help="write the blank XLSX roster template")
    p.add_argument("file", help="XLSX file to write")
    p.set_defaults(func=roster_template)

    p = actions.add_parser("labels", help="personal code slips / household codes as A4 PDF")
    station_options(p)
    p.add_argument("--pdf", required=True, help="the PDF file to write")
    p.add_argument("--reason", help="why the labels are printed (site lead; audited)")
    p.add_argument("--households", action="store_true", help="household codes, one per room")
    p.add_argument("--building", help="only this building")
    p.add_argument("--unit", help="only this unit")
    p.add_argument(
        "--flag",
        action="append",
        choices=["immobile", "pregnant", "student", "elderly", "locked_down", "single"],
        help="residents with this roster flag (repeat)",
    )
    p.add_argument("--without-phone", action="store_true", help="only residents with no phone")
    p.add_argument("--min-age", type=int, default=0, help="only residents this old or older")
    p.set_defaults(func=roster_labels)

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
