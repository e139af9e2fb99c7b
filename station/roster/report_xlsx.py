"""The round report as an XLSX workbook that upper levels can take without retyping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from station.core.export_cells import append_row, save_workbook
from station.roster.lists import ListExports
from station.roster.round_report import RoundReport, RoundReports

SHEETS = ("汇总", "混采模式", "每小时", "录入员", "楼栋覆盖")


def _local(moment: datetime | None, report: RoundReport) -> str:
    if moment is None:
        return ""
    return moment.astimezone(report.timezone).strftime("%Y-%m-%d %H:%M")


def _ratio(tested: int, expected: int) -> float:
    return round(tested / expected, 4) if expected else 0.0


class _Book:
    """The workbook, and a sheet in it with a bold, frozen header row."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.book = Workbook()
        for blank in list(self.book.worksheets):  # the one a new workbook starts with
            self.book.remove(blank)
        self.bold = Font(bold=True)

    def sheet(self, title: str, header: list[str], widths: tuple[int, ...] = ()) -> Any:
        ws = self.book.create_sheet(title)
        append_row(ws, header)
        for cell in ws[1]:
            cell.font = self.bold
        for index, width in enumerate(widths or (16,) * len(header)):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        ws.freeze_panes = "A2"
        return ws


def write_report_xlsx(report: RoundReport, path: Path) -> Path:
    """One sheet per section; figures are numbers (not text) so they add up in Excel."""
    book = _Book()
    for write in (_summary, _modes, _hours, _recorders, _coverage, _boxes, _recalls, _checks):
        write(book, report)
    return save_workbook(book.book, path)


def _summary(book: _Book, report: RoundReport) -> None:
    c = report.coverage
    summary = book.sheet("汇总", ["项目", "数值"], (24, 28))
    for row in (
        ("采样点", report.site),
        ("检测轮次", report.round.name),
        ("轮次开始", _local(report.round.starts_at, report)),
        ("轮次结束", _local(report.round.ends_at, report)),
        ("范围（楼栋）", "、".join(report.round.buildings) or "全部"),
        ("报表生成时间", _local(report.made_at, report)),
        ("检测人数", report.people),
        ("试管数（已封）", report.tubes_sealed),
        ("试管数（在用）", report.tubes_open),
        ("应检居民", c.expected),
        ("已检居民", c.tested),
        ("其中外点已检", c.elsewhere),
        ("未检居民", c.expected - c.tested),
        ("覆盖率", _ratio(c.tested, c.expected)),
        ("数据核对", "一致" if not report.cross_check() else "不一致，见「核对」"),
    ):
        append_row(summary, list(row))
    summary["B15"].number_format = "0.0%"


def _modes(book: _Book, report: RoundReport) -> None:
    modes = book.sheet("混采模式", ["混采模式", "试管数", "人数"])
    for mode, tubes, people in report.by_mode():
        append_row(modes, ["单采 1:1" if mode == 1 else f"{mode}:1", tubes, people])
    append_row(modes, ["合计", len(report.tubes), sum(t.count for t in report.tubes)])


def _hours(book: _Book, report: RoundReport) -> None:
    hours = book.sheet("每小时", ["时段", "人数"], (20, 10))
    for hour, people in report.per_hour():
        append_row(hours, [f"{hour:%Y-%m-%d %H:00}-{(hour.hour + 1) % 24:02d}:00", people])
    append_row(hours, ["合计", report.people])


def _recorders(book: _Book, report: RoundReport) -> None:
    recorders = book.sheet("录入员", ["录入员", "采样台", "人数"])
    for line in report.per_recorder():
        append_row(recorders, [line.recorder, line.table, line.people])
    append_row(recorders, ["合计", "", report.people])


def _coverage(book: _Book, report: RoundReport) -> None:
    c = report.coverage
    cover = book.sheet("楼栋覆盖", ["楼栋", "单元", "应检", "已检", "其中外点", "未检", "覆盖率"])
    for building in c.buildings:
        for unit in building.units:
            untested = unit.expected - unit.tested
            ratio = _ratio(unit.tested, unit.expected)
            counts = [unit.expected, unit.tested, unit.elsewhere, untested, ratio]
            append_row(cover, [building.building, unit.unit, *counts])
        ratio = _ratio(building.tested, building.expected)
        counts = [building.expected, building.tested, building.elsewhere, building.untested]
        append_row(cover, [building.building, "小计", *counts, ratio])
    ratio = _ratio(c.tested, c.expected)
    append_row(cover, ["合计", "", c.expected, c.tested, c.elsewhere, c.expected - c.tested, ratio])
    for row in cover.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].number_format = "0.0%"


def _boxes(book: _Book, report: RoundReport) -> None:
    if report.boxes is None:
        return
    header = ["箱码", "状态", "系统管数", "清点管数", "转运人", "交接时间", "签收时间"]
    boxes = book.sheet("转运箱交接", header)
    for box in report.boxes:
        append_row(
            boxes,
            [
                box.barcode,
                box.label or box.status,  # 已签收, not received
                box.tubes,
                box.counted,
                box.transporter,
                _local(box.handed_at, report),
                _local(box.received_at, report),
            ],
        )


def _recalls(book: _Book, report: RoundReport) -> None:
    if report.recalls is None:
        return
    recalls = book.sheet("召回", ["阳性试管", "开始", "结束", "应召回人数", "已找到", "已单采"])
    for recall in report.recalls:
        append_row(
            recalls,
            [
                recall.tube,
                _local(recall.opened_at, report),
                _local(recall.closed_at, report),
                recall.people,
                recall.found,
                recall.resampled,
            ],
        )


def _checks(book: _Book, report: RoundReport) -> None:
    checks = book.sheet("核对", ["核对项", "结果"], (60, 10))
    problems = report.cross_check()
    for text in (
        "检测人数 = 各试管人数之和",
        "每支试管人数 = 其中在管人员数，且不超过混采容量",
        "检测人数 = 按混采模式合计 = 按小时合计 = 按录入员合计",
        "本点已检居民 ≤ 本点检测人数",
    ):
        append_row(checks, [text, "一致" if not problems else "见下"])
    for problem in problems:
        append_row(checks, [problem, "不一致"])


@dataclass
class ReportExport:
    """The round report written as XLSX, and the export logged (the CLI and the window)."""

    reports: RoundReports
    exports: ListExports

    def __call__(self, path: Path, round: str | None = None) -> tuple[Path, RoundReport]:
        report = self.reports.build(round)
        written = write_report_xlsx(report, path)
        self.exports.log(f"轮次报表 {report.round.name}", report.people, str(written))
        return written, report
