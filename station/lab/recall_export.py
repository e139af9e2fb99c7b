"""The recall list as an XLSX for the community, masked unless full phones are confirmed."""

from __future__ import annotations

import getpass
from datetime import datetime
from pathlib import Path

from station.core.export_cells import first_sheet, save_workbook
from station.core.masking import document_tail
from station.core.settings import data_dir
from station.lab.recall import RecallView

HEADER = (
    "阳性管",
    "姓名",
    "证件",
    "手机号",
    "楼栋/单元/房号",
    "状态",
    "单采复核管",
    "复核结果",
    "结果到达",
    "已用时（分钟）",
)
EXPORT_LOG = "exports.log"


def write_recall_xlsx(
    views: list[RecallView], path: Path, full_phones: bool = False, watermark: str = ""
) -> int:
    """Write one row per recalled person; returns how many people were written. A
    `watermark` (who, when, why: issue 14) is the first row and the document's properties."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = first_sheet(book)
    sheet.title = "召回名单"
    if watermark:
        sheet.append((watermark,))
        book.properties.creator = book.properties.lastModifiedBy = watermark[:200]
        book.properties.description = book.properties.keywords = watermark
    sheet.append(HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C00000")
    people = 0
    for view in views:
        for line_view in view.lines:
            line = line_view.line
            sheet.append(
                (
                    view.recall.tube,
                    line_view.who(),
                    document_tail(line.document),
                    line_view.phone(full_phones),
                    str(line_view.address) if line_view.address else "",
                    line.status.label,
                    line.resample_tube or "",
                    line.result.label if line.result else "",
                    view.recall.opened_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    int(view.elapsed.total_seconds() // 60),
                )
            )
            people += 1
    for column, width in zip("ABCDEFGHIJ", (13, 16, 16, 14, 18, 10, 13, 10, 17, 14), strict=True):
        sheet.column_dimensions[column].width = width
    path = Path(path)
    save_workbook(book, path)  # every str a string cell: no formula from the data
    return people


def log_export(
    who: str, what: str, people: int, full_phones: bool, at: datetime, log_dir: Path | None = None
) -> str:
    """Append who exported what, when, and how many people, to the station's export log."""
    line = (
        f"{at.astimezone().isoformat(timespec='seconds')}\t{who}\t"
        f"(os user {getpass.getuser()})\trecall export\t{what}\t{people} people\t"
        f"{'FULL phones' if full_phones else 'masked phones'}"
    )
    folder = log_dir or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / EXPORT_LOG).open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return line
