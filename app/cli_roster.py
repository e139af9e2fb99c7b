"""Roster commands: `roster import|template|labels` (rounds and their lists: app/cli_rounds.py)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from app.cli_common import in_language as _t
from app.cli_common import run_on_station
from app.roster_wiring import RosterServices
from app.wiring import Station, open_station, station_options, station_overrides
from station.core.counts import counted
from station.roster.coverage import by_place
from station.roster.importer import ImportReport


def _roster(station: Station) -> RosterServices:
    return station.roster


def run_roster(args: argparse.Namespace, action: Callable[[Station, RosterServices], int]) -> int:
    """`action` on the station's roster services; a refusal is said and exits 2."""
    return run_on_station(args, lambda station: action(station, _roster(station)), refused=2)


def roster_import(args: argparse.Namespace) -> int:
    def action(station: Station, roster: RosterServices) -> int:
        report = roster.importer.import_file(Path(args.file), good_rows=args.good_rows)
        if args.json:
            print(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            _print_import(report, station)
        return 0 if report.imported else 1

    return run_roster(args, action)


def _print_import(report: ImportReport, station: Station) -> None:
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
                f"Imported {counted(report.good_rows, 'resident')} ({report.created} new, "
                f"{report.matched} known, {report.registered} registrations changed), "
                f"{len(report.errors)} refused",
            )
        )
        return
    print(
        _t(
            station,
            f"名单有 {len(report.errors)} 处错误，未导入任何记录；改正后重新导入，"
            "或加 --good-rows 只导入正确的行",
            f"The roster has {counted(len(report.errors), 'error')}, nothing was "
            "imported; fix them "
            "and import again, or add --good-rows to import the good rows only",
        ),
        file=sys.stderr,
    )


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
    station = open_station(**station_overrides(args))
    roster = _roster(station)
    try:
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
