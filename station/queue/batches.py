"""Building batches (分楼栋下楼): which buildings and units are called down when."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from station.core.errors import OperatorError
from station.core.sheet_files import XLSX_SUFFIXES, FileKind, check_file, refuse, text_encoding

BATCHES_FILE = FileKind("下楼批次文件", "building batches file")


@dataclass(frozen=True)
class BuildingBatch:
    building: str  # 3栋
    units: str  # 1-2单元; empty = the whole building
    start: time
    end: time

    @property
    def label(self) -> str:
        where = f"{self.building} {self.units}".strip()
        return f"{where}（{self.start:%H:%M}–{self.end:%H:%M}）"

    def covers(self, building: str) -> bool:
        return _norm(building) == _norm(self.building)


def _norm(building: str) -> str:
    """'3栋', '3号楼', ' 3 ' and '3' name the same building."""
    text = building.strip().replace(" ", "")
    for suffix in ("号楼", "栋", "幢", "楼", "号"):
        text = text.removesuffix(suffix)
    return text


def local_time(at: datetime) -> time:
    return (at.astimezone() if at.tzinfo else at).time()


def current_batches(schedule: Sequence[BuildingBatch], at: datetime) -> list[BuildingBatch]:
    now = local_time(at)
    return [b for b in schedule if b.start <= now < b.end]


def outside_batch(schedule: Sequence[BuildingBatch], building: str, at: datetime) -> bool:
    """True when a schedule is running and this person's building is not in the current batch."""
    if not schedule or not building.strip():
        return False
    now = current_batches(schedule, at)
    return not any(b.covers(building) for b in now)


def _time(text: str, line: int) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise OperatorError(
            f"第 {line} 行时间 {text!r} 应为 HH:MM",
            f"Line {line}: time {text!r} should be HH:MM",
            code="batch_time",
        ) from None


def parse_schedule(text: str) -> list[BuildingBatch]:
    """CSV lines `building,units,start,end`, e.g. `3栋,1-2单元,08:00,08:30` (header allowed)."""
    batches = []
    # Lines split here, not by csv: a stray carriage return typed into a cell is then one
    # more bad line for the operator, not a crash.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        try:
            row = next(csv.reader([line]), [])
        except csv.Error:
            row = ["?"]
        if not row or not "".join(row).strip() or row[0].strip() in ("building", "楼栋"):
            continue
        if len(row) != 4:
            raise OperatorError(
                f"第 {number} 行应有 4 列：楼栋,单元,开始,结束",
                f"Line {number}: expected building,units,start,end",
                code="batch_columns",
            )
        start, end = _time(row[2], number), _time(row[3], number)
        if end <= start:
            raise OperatorError(
                f"第 {number} 行结束时间早于开始时间",
                f"Line {number}: the end is not after the start",
                code="batch_order",
            )
        batches.append(BuildingBatch(row[0].strip(), row[1].strip(), start, end))
    return sorted(batches, key=lambda b: (b.start, b.building))


def read_schedule(path: Path | str) -> list[BuildingBatch]:
    """The batches of a CSV file in any encoding the station's other files may come in
    (UTF-8 with or without BOM, GB18030/GBK, UTF-16 with its BOM), or one refusal naming the
    file (FileRefused) or the bad line (OperatorError)."""
    path = check_file(BATCHES_FILE, Path(path))
    if path.suffix.lower() in XLSX_SUFFIXES:
        raise refuse(
            BATCHES_FILE,
            path,
            "批次请用 CSV 文件（楼栋,单元,开始,结束）；请在 Excel 中另存为「CSV UTF-8」",
            "batches come as CSV (building,units,start,end); save it from Excel as 'CSV UTF-8'",
        )
    return parse_schedule(path.read_text(encoding=text_encoding(BATCHES_FILE, path)))
