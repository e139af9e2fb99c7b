"""Personal lists (untested, door-to-door) as rows and files; every export is logged."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from station.core.export_cells import csv_row
from station.core.identity import DocType, Document
from station.core.masking import mask_document_number, mask_name, mask_phone
from station.core.records import new_id, utcnow
from station.roster.ports import ExportRecord, ResidentLine, RosterUnitOfWork

LIST_HEADER = ("楼栋", "单元", "房号", "姓名", "手机号", "证件号码", "标记")


def list_row(line: ResidentLine, masked: bool = True) -> tuple[str, ...]:
    """One row of a personal list; masked (张*, 138****5678) unless the export is privileged."""
    p = line.place
    return (
        p.building,
        p.unit,
        p.room,
        mask_name(line.name) if masked else line.name,
        mask_phone(line.phone) if masked and line.phone else line.phone,
        mask_document_number(line.doc_number) if masked else line.doc_number,
        "、".join(line.flags.names_zh()),
    )


def age_on(line: ResidentLine, day: date) -> int | None:
    born = Document(DocType(line.doc_type), line.doc_number).birth_date
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass
class ListExports:
    """Writes personal lists to files and logs who exported what, when, and how many rows."""

    uow: RosterUnitOfWork
    who: Callable[[], str]
    clock: Callable[[], datetime] = utcnow

    def log(self, what: str, rows: int, target: str) -> ExportRecord:
        record = ExportRecord(new_id(), self.clock(), self.who(), what, rows, target[:255])
        with self.uow() as store:
            store.log_export(record)
            store.commit()
        return record

    def write_csv(
        self,
        lines: list[ResidentLine],
        path: Path,
        what: str,
        *,
        masked: bool = True,
        watermark: str = "",
    ) -> ExportRecord:
        """UTF-8 with BOM, so that Excel on a community office PC shows the Chinese; a
        `watermark` (who, when, why: issue 14) is the first row, a `#` comment."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            if watermark:
                writer.writerow(csv_row(["# " + watermark]))
            writer.writerow(LIST_HEADER)
            # A building typed as =HYPERLINK(...) must not run in the spreadsheet that opens this.
            writer.writerows(csv_row(list_row(line, masked)) for line in lines)
        label = what if masked else f"{what}（未脱敏）"
        return self.log(label, len(lines), str(path))
