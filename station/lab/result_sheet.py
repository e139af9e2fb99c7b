"""A lab's result sheet: recognise its columns and words, and say what is wrong with each row.

Columns (the first row is the header; any order; other columns are ignored):
- tube barcode: 试管条码 / 条码 / 试管编号 / 样本条码 / 管码 / tube / barcode / sample
- result: 结果 / 检测结果 / result
- test time (optional): 检测时间 / 报告时间 / 时间 / tested_at / time / test time
Result words: 阴性 / 阳性 / 无效 and negative / positive / invalid (also neg, pos, -, +, N, P).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from station.core.errors import OperatorError
from station.core.identity import normalise_scan_text
from station.core.quoting import quote_scan
from station.core.settings import BarcodePattern
from station.lab.records import Result

HEADERS: dict[str, tuple[str, ...]] = {
    "tube": (
        "试管条码",
        "条码",
        "试管编号",
        "试管号",
        "样本条码",
        "样本编号",
        "管码",
        "tube",
        "tubebarcode",
        "barcode",
        "sample",
        "sampleid",
    ),
    "result": ("结果", "检测结果", "核酸结果", "result", "testresult"),
    "time": (
        "检测时间",
        "报告时间",
        "时间",
        "检测日期",
        "testedat",
        "time",
        "testtime",
        "reportedat",
        "date",
    ),
}
WORDS: dict[str, Result] = {
    **dict.fromkeys(("阴性", "阴", "negative", "neg", "-", "n"), Result.NEGATIVE),
    **dict.fromkeys(("阳性", "阳", "positive", "pos", "+", "p"), Result.POSITIVE),
    **dict.fromkeys(("无效", "invalid", "inv", "无效样本"), Result.INVALID),
}
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d%H%M%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)


def _quote(value: str, language: str = "zh") -> str:
    """A lab sheet's cell, short and escaped; a barcode, a result word or a time holds no
    person, so it is shown as it is (the operator must find it in the file)."""
    return quote_scan(value, language, personal=False)


def _fold(text: str) -> str:
    """Header and word comparison: full-width folded, case, spaces and _ - : ignored."""
    return re.sub(r"[\s_\-:：*]", "", unicodedata.normalize("NFKC", text)).lower()


Cell = str | int | float | datetime | date | time | None


@dataclass(frozen=True)
class ResultRow:
    line: int
    tube: str
    result: Result
    tested_at: datetime | None


@dataclass(frozen=True)
class RowError:
    line: int
    zh: str
    en: str

    def message(self, language: str = "zh") -> str:
        return self.en if language.startswith("en") else self.zh


@dataclass(frozen=True)
class Sheet:
    rows: list[ResultRow]
    errors: list[RowError]


class SheetError(OperatorError):
    """The file as a whole cannot be read (no header, missing column): nothing imported."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh, en, code="sheet")


def parse_result_word(text: str) -> Result | None:
    stripped = unicodedata.normalize("NFKC", text).strip()
    return WORDS.get(stripped) or WORDS.get(_fold(stripped))


def parse_time(cell: Cell) -> datetime | None:
    """A cell as a moment; naive times are the station's local time. Raises ValueError."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    moment: datetime | None
    if isinstance(cell, datetime):
        moment = cell
    elif isinstance(cell, date):
        moment = datetime.combine(cell, time())
    else:
        text = unicodedata.normalize("NFKC", str(cell)).strip()
        moment = None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            for pattern in _TIME_FORMATS:
                try:
                    moment = datetime.strptime(text, pattern)
                    break
                except ValueError:
                    continue
        if moment is None:
            raise ValueError(text)
    return moment if moment.tzinfo else moment.astimezone()


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a barcode typed into Excel comes back as a number
    return str(cell).strip()


def find_columns(header: Sequence[Cell]) -> dict[str, int]:
    folded = [_fold(_text(c)) for c in header]
    found: dict[str, int] = {}
    for role, names in HEADERS.items():
        for name in names:
            if _fold(name) in folded:
                found[role] = folded.index(_fold(name))
                break
    missing = [role for role in ("tube", "result") if role not in found]
    if missing:
        zh = {"tube": "试管条码", "result": "结果"}
        raise SheetError(
            "表头缺少列："
            + "、".join(zh[m] for m in missing)
            + "（可用列名：试管条码/条码/tube，结果/result，检测时间/time）",
            "Header lacks column(s): "
            + ", ".join(missing)
            + " (accepted: 试管条码/条码/tube, 结果/result, 检测时间/time)",
        )
    return found


def parse_sheet(lines: Iterable[tuple[int, Sequence[Cell]]], tube: BarcodePattern) -> Sheet:
    """Rows of (line number, cells), the header first: every row checked, every error kept."""
    iterator = iter(lines)
    header = next(iterator, None)
    if header is None:
        raise SheetError("文件是空的", "The file is empty")
    columns = find_columns(header[1])
    rows: list[ResultRow] = []
    errors: list[RowError] = []
    seen: dict[str, ResultRow] = {}
    for line, cells in iterator:
        if not any(_text(c) for c in cells):
            continue  # blank lines at the end of a sheet
        barcode, result, tested_at, problems = _read_row(cells, columns, tube)
        earlier = seen.get(barcode)
        if not problems and earlier is not None and earlier.result is not result:
            problems.append(
                (
                    f"试管 {barcode} 在第 {earlier.line} 行结果不同",
                    f"tube {barcode} has another result on line {earlier.line}",
                )
            )
        if problems:
            errors.append(
                RowError(line, "；".join(p[0] for p in problems), "; ".join(p[1] for p in problems))
            )
            continue
        assert result is not None
        if earlier is not None:
            continue  # the same result twice in one file is one result
        row = ResultRow(line, barcode, result, tested_at)
        seen[barcode] = row
        rows.append(row)
    return Sheet(rows, errors)


def _read_row(
    cells: Sequence[Cell], columns: dict[str, int], tube: BarcodePattern
) -> tuple[str, Result | None, datetime | None, list[tuple[str, str]]]:
    """One row's barcode, result and test time, and what is wrong with them (zh, en)."""

    def cell(role: str) -> Cell:
        index = columns.get(role)
        return cells[index] if index is not None and index < len(cells) else None

    barcode = normalise_scan_text(_text(cell("tube")))
    word = _text(cell("result"))
    problems: list[tuple[str, str]] = []
    if not barcode:
        problems.append(("缺少试管条码", "no tube barcode"))
    elif not tube.matches(barcode):
        shown, shown_en = _quote(barcode), _quote(barcode, "en")
        problems.append(
            (
                f"试管条码 {shown} 不符合规则（{tube.describe()}）",
                f"tube barcode {shown_en} does not match {tube.describe('en')}",
            )
        )
    result = parse_result_word(word) if word else None
    if result is None:
        problems.append(
            (
                f"无法识别的结果{_quote(word)}（阴性/阳性/无效）" if word else "缺少结果",
                f"unknown result {_quote(word, 'en')} (negative/positive/invalid)"
                if word
                else "no result",
            )
        )
    try:
        tested_at = parse_time(cell("time"))
    except ValueError as bad:
        tested_at = None
        problems.append(
            (
                f"无法识别的检测时间{_quote(str(bad))}",
                f"unreadable test time {_quote(str(bad), 'en')}",
            )
        )
    return barcode, result, tested_at, problems
