"""Headless boxes, results, recall and look-up: `box ...`, `results import`, `recall`, `lookup`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli_common import in_language as _t
from app.cli_common import run_on_station
from app.lab_wiring import Lab
from app.wiring import Station, station_options
from station.core.counts import counted
from station.core.errors import OperatorError
from station.core.quoting import quote_scan
from station.lab.manifest import build_manifest
from station.lab.recall_export import log_export, write_recall_xlsx
from station.recording import Outcome

_URGENCY = {
    "on_time": ("未超时", "on time"),
    "near": ("即将超时", "near the deadline"),
    "overdue": ("已超时", "overdue"),
    "done": ("已完成", "done"),
}


def _lab(station: Station) -> Lab:
    return station.lab


def _say(outcome: Outcome, as_json: bool) -> int:
    """The outcome, and the exit status: 0 only when it was done as asked (a count that does
    not match is 1: the box cannot be handed over)."""
    done = outcome.status.value == "saved"
    if as_json:
        print(json.dumps(outcome.as_json(), ensure_ascii=False))
    else:
        print(outcome.message, file=sys.stdout if done else sys.stderr)
    return 0 if done else 1


# ----- box -----------------------------------------------------------------------------------
def box_manifest(args: argparse.Namespace) -> int:
    def action(station: Station) -> int:
        from ui.lab.manifest_pdf import write_manifest_pdf  # Qt loads only for the PDF

        manifest = build_manifest(
            _lab(station).boxes.uow, station.settings.site_name, args.box, station.recording.clock()
        )
        path = write_manifest_pdf(manifest, Path(args.pdf))
        print(
            _t(
                station,
                f"交接单 {args.box}：{len(manifest.lines)} 管 {manifest.people} 人 → {path}",
                f"Manifest {args.box}: {counted(len(manifest.lines), 'tube')}, "
                f"{counted(manifest.people, 'person')} → {path}",
            )
        )
        return 0

    return run_on_station(args, action)


def box_action(args: argparse.Namespace) -> int:
    def action(station: Station) -> int:
        boxes = _lab(station).boxes
        act = _BOX_COMMANDS[args.box_command][2]
        if act is not None:
            return _say(act(boxes, args), args.json)
        recent = boxes.recent(args.limit)
        for box in recent:
            row = {
                "box": box.barcode,
                "status": box.status.value,
                "count": box.count,
                "counted": box.counted,
                "table": box.table,
                "transporter": box.transporter,
            }
            print(
                json.dumps(row, ensure_ascii=False)
                if args.json
                else _t(
                    station,
                    f"{box.barcode}\t{box.status.label}\t{box.count} 管\t{box.table} 号台",
                    f"{box.barcode}\t{box.status.value}\t{counted(box.count, 'tube')}"
                    f"\ttable {box.table}",
                )
            )
        if not recent and not args.json:
            print(_t(station, "还没有转运箱", "No box yet"))
        return 0

    return run_on_station(args, action)


# ----- results ---------------------------------------------------------------------------------
def results_import(args: argparse.Namespace) -> int:
    def action(station: Station) -> int:
        language = station.settings.language
        try:
            report = _lab(station).results.import_file(Path(args.file), args.good_rows)
        except OperatorError as error:  # the file, or its header: nothing imported
            print(error.message(language), file=sys.stderr)
            return 2
        if args.json:
            print(json.dumps(report.as_json(language), ensure_ascii=False))
        else:
            for error in report.errors:
                print(
                    _t(station, f"第 {error.line} 行：", f"line {error.line}: ")
                    + error.message(language)
                )
            if report.written:
                print(
                    _t(
                        station,
                        f"已导入 {report.imported} 条，已有 {report.unchanged} 条未变，"
                        f"跳过错误行 {len(report.errors)} 行；阳性召回 "
                        f"{len(report.recalls_opened)} 管；签收箱 {len(report.boxes_received)} 个",
                        f"Imported {report.imported}, {report.unchanged} unchanged, "
                        f"{len(report.errors)} bad rows skipped; {len(report.recalls_opened)} "
                        f"positive recalls; {counted(len(report.boxes_received), 'box')} "
                        "received",
                    )
                )
            else:
                print(
                    _t(
                        station,
                        f"文件有 {len(report.errors)} 行错误，未导入任何结果（只导入正确的行请加 "
                        "--good-rows）",
                        f"The file has {len(report.errors)} bad rows, nothing was imported "
                        "(add --good-rows to import the good rows only)",
                    )
                )
        return 0 if report.written else 1

    return run_on_station(args, action)


def results_resample(args: argparse.Namespace) -> int:
    def action(station: Station) -> int:
        entries = _lab(station).results.resample_list()
        for entry in entries:
            row = {
                "person": entry.name,
                "phone": entry.phone,
                "tube": entry.tube,
                "resampled_in": entry.resampled_in,
            }
            print(json.dumps(row, ensure_ascii=False))
        if not entries:  # stdout stays JSON lines: the note goes to stderr
            print(_t(station, "没有需要重新采样的人", "Nobody to sample again"), file=sys.stderr)
        return 0

    return run_on_station(args, action)


# ----- recall ------------------------------------------------------------------------------------
def recall(args: argparse.Namespace) -> int:
    def action(station: Station) -> int:
        views = _lab(station).recall.board(open_only=not args.all)
        if args.json:
            print(json.dumps([v.as_json() for v in views], ensure_ascii=False))
            return 0
        if not views:
            print(
                _t(
                    station,
                    "没有未结束的阳性召回" if not args.all else "没有阳性召回",
                    "No open recall" if not args.all else "No recall",
                )
            )
        for view in views:
            minutes = int(view.elapsed.total_seconds() // 60)
            zh, en = _URGENCY[view.urgency.value]
            print(
                _t(
                    station,
                    f"阳性管 {view.recall.tube}：{view.done}/{len(view.lines)} 已回结果，"
                    f"已用 {minutes} 分钟（{zh}）",
                    f"Positive tube {view.recall.tube}: {view.done}/{len(view.lines)} results "
                    f"back, {minutes} min ({en})",
                )
            )
            for line in view.lines:
                data = line.as_json()
                status = _t(station, str(data["status_zh"]), str(data["status"]))
                print(
                    "  "
                    + "\t".join(
                        [
                            *(
                                str(data[key]) or "—"
                                for key in ("name", "document", "phone", "address")
                            ),
                            status,
                        ]
                    )
                )
        return 0

    return run_on_station(args, action)


def recall_export(args: argparse.Namespace) -> int:
    if args.full_phones and not args.yes:
        print(
            "导出完整手机号需确认：请加 --yes（此操作将被记录）/ full phones need --yes "
            "(the export is logged)",
            file=sys.stderr,
        )
        return 2

    def action(station: Station) -> int:
        service = _lab(station).recall
        views = service.board(open_only=not args.all)
        mark = station.export_policy.authorize(args.reason or "", full=args.full_phones)
        people = write_recall_xlsx(views, Path(args.file), args.full_phones, mark.text())
        station.export_policy.exported("recall", people, mark)
        service.record_export(
            [v.recall.id for v in views], people, args.full_phones, str(args.file)
        )
        line = log_export(
            station.settings.recorder,
            str(args.file),
            people,
            args.full_phones,
            station.recording.clock(),
        )
        print(
            _t(
                station,
                f"已导出 {people} 人 → {args.file}",
                f"Exported {counted(people, 'person')} → {args.file}",
            )
            + f"\n{line}"
        )
        return 0

    return run_on_station(args, action)


def lookup(args: argparse.Namespace) -> int:
    def action(station: Station) -> int:
        service = _lab(station).lookup
        assert service is not None, "wiring builds the look-up"
        found = service.find(args.query)
        if args.json:
            print(json.dumps([f.as_json() for f in found], ensure_ascii=False))
        elif not found:
            print(
                _t(
                    station,
                    f"查无此人：{quote_scan(args.query)}（可按证件号、手机号、姓名或拼音首字母查）",
                    f"Nobody found for {quote_scan(args.query, 'en')} (search by ID, phone, "
                    "name or pinyin initials)",
                ),
                file=sys.stderr,
            )
        for person in [] if args.json else found:
            print(f"{person.name}\t{person.document}\t{person.phone}")
            for h in person.history:
                result = (
                    _t(station, h.result.label, h.result.value)
                    if h.result
                    else _t(station, "未出", "pending")
                )
                print(
                    f"  {h.opened_at.astimezone():%Y-%m-%d %H:%M}  {h.tube}  {h.mode}:1  "
                    + _t(station, f"箱 {h.box or '—'}", f"box {h.box or '—'}")
                    + f"  {result}"
                )
        return 0 if found else 1

    return run_on_station(args, action)


def register(sub: argparse._SubParsersAction) -> None:
    _register_lookup(sub)
    _register_boxes(sub)
    _register_results(sub)
    _register_recall(sub)


def _register_lookup(sub: argparse._SubParsersAction) -> None:
    p_lookup = sub.add_parser("lookup", help="find a person by ID, phone, name or pinyin (zs)")
    p_lookup.add_argument("query", help="ID number, phone, name, or pinyin initials")
    p_lookup.add_argument("--json", action="store_true", help="one JSON list of people")
    station_options(p_lookup)
    p_lookup.set_defaults(func=lookup)


_BOX = ("box", {"help": "box barcode"})
_TUBE = ("tube", {"help": "sealed tube barcode"})
# The box commands that act on this table's box: name -> (help, arguments, what it does;
# None for `list`, which prints).
_BOX_COMMANDS: dict[str, tuple[str, list[Any], Callable[[Any, Any], Outcome] | None]] = {
    "open": ("start packing a new box at this table", [_BOX], lambda b, a: b.open(a.box)),
    "pack": ("put a sealed tube into this table's box", [_TUBE], lambda b, a: b.pack(a.tube)),
    "remove": (
        "take a tube out of this table's box",
        [_TUBE, ("--reason", {"required": True, "help": "why it comes out (kept with the event)"})],
        lambda b, a: b.unpack(a.tube, a.reason),
    ),
    "close": (
        "close this table's box with the count in hand",
        [("--count", {"type": int, "required": True, "help": "tubes counted in hand"})],
        lambda b, a: b.close(a.count),
    ),
    "void": (
        "give up this table's box while it is empty",
        [("--reason", {"required": True, "help": "why the empty box is given up"})],
        lambda b, a: b.void(a.reason),
    ),
    "handover": (
        "hand a closed box to the transporter",
        [
            _BOX,
            ("--transporter", {"required": True, "help": "transporter's name or badge"}),
            ("--phone", {"help": "transporter's phone"}),
        ],
        lambda b, a: b.hand_over(a.box, a.transporter, a.phone or ""),
    ),
    "receive": ("the lab has received the box", [_BOX], lambda b, a: b.receive(a.box)),
    "list": (
        "the most recent boxes",
        [("--limit", {"type": int, "default": 30, "help": "how many (default 30)"})],
        None,
    ),
}


def _register_boxes(sub: argparse._SubParsersAction) -> None:
    p_box = sub.add_parser("box", help="transport boxes: open, pack, close, hand over, manifest")
    box_sub = p_box.add_subparsers(dest="box_command", required=True)
    manifest = box_sub.add_parser("manifest", help="write a box's handover manifest (PDF)")
    manifest.add_argument("box", help="box barcode")
    manifest.add_argument("--pdf", required=True, help="PDF file to write")
    station_options(manifest)
    manifest.set_defaults(func=box_manifest)
    for name, (summary, arguments, _) in _BOX_COMMANDS.items():
        parser = box_sub.add_parser(name, help=summary)
        for flag, options in arguments:
            parser.add_argument(flag, **options)
        parser.add_argument("--json", action="store_true", help="the outcome as JSON")
        station_options(parser)
        parser.set_defaults(func=box_action)


def _register_results(sub: argparse._SubParsersAction) -> None:
    p_results = sub.add_parser("results", help="lab results: import a CSV/XLSX, re-sampling list")
    results_sub = p_results.add_subparsers(dest="results_command", required=True)
    importing = results_sub.add_parser("import", help="import a lab's CSV or XLSX")
    importing.add_argument("file", help="the lab's CSV or XLSX file")
    importing.add_argument(
        "--good-rows", action="store_true", help="import the good rows of a file that has bad rows"
    )
    importing.add_argument("--json", action="store_true", help="the import report as JSON")
    station_options(importing)
    importing.set_defaults(func=results_import)
    resample = results_sub.add_parser("resample", help="people of invalid tubes (JSON lines)")
    station_options(resample)
    resample.set_defaults(func=results_resample)


def _register_recall(sub: argparse._SubParsersAction) -> None:
    p_recall = sub.add_parser("recall", help="positive-pool recalls (masked)")
    p_recall.add_argument("--json", action="store_true", help="one JSON list of recalls")
    p_recall.add_argument("--all", action="store_true", help="closed recalls too")
    station_options(p_recall)
    p_recall.set_defaults(func=recall)
    recall_sub = p_recall.add_subparsers(dest="recall_command")
    export = recall_sub.add_parser("export", help="recall list as XLSX for the community")
    export.add_argument("file", help="XLSX file to write")
    export.add_argument("--full-phones", action="store_true", help="phones in full (logged)")
    export.add_argument("--yes", action="store_true", help="confirm a full-phone export")
    export.add_argument("--all", action="store_true", help="closed recalls too")
    export.add_argument("--reason", help="why the list leaves the station (site lead)")
    station_options(export)
    export.set_defaults(func=recall_export)
