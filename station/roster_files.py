"""Roster files: read CSV and XLSX rows as they stream, and write the blank template."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from station.errors import OperatorError
from station.roster import COLUMNS, header_keys, missing_columns

Row = dict[str, object]
SHEET_NAME = "居民名单"
_SNIFF_BYTES = 1 << 20
_CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def _unreadable(path: Path, why: str, why_en: str) -> OperatorError:
    return OperatorError(
        f"无法读取名单文件 {path.name}：{why}",
        f"Cannot read roster file {path.name}: {why_en}",
        code="roster.file",
    )


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the start decodes as such, else GB18030 (Excel's CSV)."""
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def _row_reader(
    path: Path, lines: Iterator[tuple[int, list[object]]], required: tuple[str, ...] | None
) -> Callable[[list[object]], Row | None]:
    """Takes the header off `lines`: the function that makes each later record a Row (None
    for a blank one)."""
    try:
        _, headers = next(lines)
    except StopIteration:
        raise _unreadable(path, "文件是空的", "the file is empty") from None
    keys = header_keys([str(h) if h is not None else "" for h in headers])
    missing = missing_columns(keys, required)
    if missing:
        raise _unreadable(
            path,
            f"缺少列：{'、'.join(missing)}（请用 `nat-station roster template` 生成的模板）",
            f"missing columns: {', '.join(missing)}",
        )
    names, indexes = list(keys.values()), list(keys.keys())
    widest = max(indexes, default=-1)

    def row(values: list[object]) -> Row | None:
        if all(v is None or str(v).strip() == "" for v in values):
            return None
        if len(values) > widest:
            return dict(zip(names, [values[i] for i in indexes], strict=True))
        # A short row: the cells it has.
        return {key: values[index] for index, key in keys.items() if index < len(values)}

    return row


def _rows(
    path: Path, lines: Iterator[tuple[int, list[object]]], required: tuple[str, ...] | None
) -> Iterator[tuple[int, Row]]:
    to_row = _row_reader(path, lines, required)
    for line, values in lines:
        row = to_row(values)
        if row is not None:
            yield line, row


def _csv_lines(path: Path) -> Iterator[tuple[int, list[object]]]:
    with path.open(encoding=_csv_encoding(path), newline="") as fh:
        delimiter, header = _csv_header(fh)
        yield 1, header
        # csv.reader counts physical lines, so a quoted cell with a newline keeps lines true.
        body = csv.reader(fh, delimiter=delimiter)
        for values in body:
            yield body.line_num + 1, list(values)


def _csv_header(fh: io.TextIOBase) -> tuple[str, list[object]]:
    """The delimiter (tab or comma, whichever the first line has more of) and the header."""
    first = fh.readline()
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return delimiter, list(next(csv.reader(io.StringIO(first), delimiter=delimiter), []))


def _has_quotes(path: Path) -> bool:
    with path.open("rb") as fh:
        return any(b'"' in chunk for chunk in iter(lambda: fh.read(_SNIFF_BYTES), b""))


def _xlsx_lines(path: Path) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook  # only XLSX needs it; CSV imports stay light

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise _unreadable(
            path, "不是有效的 XLSX 文件", f"not a valid XLSX file ({error})"
        ) from None
    try:
        sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(values)
    finally:
        book.close()


def read_roster_rows(
    path: Path, required: tuple[str, ...] | None = None
) -> Iterator[tuple[int, Row]]:
    """(line, {template key: cell}) for each non-blank row under the header, as the file streams.

    `required`: template keys the file must have; by default the roster's required columns.
    """
    path = Path(path)
    if not path.is_file():
        raise _unreadable(path, "文件不存在", "no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _rows(path, _xlsx_lines(path), required)
    if suffix in _CSV_SUFFIXES:
        return _rows(path, _csv_lines(path), required)
    raise _unreadable(path, "只支持 .xlsx 和 .csv", "only .xlsx and .csv are supported")


def is_csv(path: Path) -> bool:
    return Path(path).suffix.lower() in _CSV_SUFFIXES


def read_csv_blocks(
    path: Path, part: int, parts: int, block: int
) -> Iterator[tuple[int, list[tuple[int, Row]]]]:
    """For a check split over `parts` processes: the file's records cut in blocks of `block`,
    and of them every `parts`-th from block `part` on, as (block number, its rows).

    Each process reads the whole file but builds rows only for its own blocks; the blocks'
    numbers put the parts back in file order. Without a quote character in the file every
    line is a record, and the other processes' lines are skipped without being parsed.
    """
    path = Path(path)
    if _has_quotes(path):  # a quoted cell may hold a line break: parse everything
        lines = _csv_lines(path)
        to_row = _row_reader(path, lines, None)
        for index, records in enumerate(iter(lambda: list(islice(lines, block)), [])):
            if index % parts == part:
                yield index, [(line, row) for line, values in records
                              if (row := to_row(values)) is not None]
        return
    with path.open(encoding=_csv_encoding(path), newline="") as fh:
        delimiter, header = _csv_header(fh)
        to_row = _row_reader(path, iter([(1, header)]), None)
        first_line = 2
        for index, texts in enumerate(iter(lambda: list(islice(fh, block)), [])):
            if index % parts == part:
                records = csv.reader(texts, delimiter=delimiter)
                yield index, [(line, row) for line, values in enumerate(records, first_line)
                              if (row := to_row(values)) is not None]
            first_line += len(texts)


TEMPLATE_EXAMPLE = (
    "张三",
    "身份证",
    "11010519491231002X",
    "",
    "13812345678",
    "7栋",
    "1单元",
    "301",
    "",
    "",
    "",
    "是",
    "",
    "",
)
TEMPLATE_NOTES = (
    ("姓名", "必填。少数民族姓名的间隔号写「·」，生僻字照常输入。"),
    ("证件类型", "留空即身份证；可填：身份证、居住证、护照、港澳通行证、台胞证、军官证、其他。"),
    ("证件号码", "必填。身份证号 18 位（末位 X 大小写均可）。"),
    ("证件说明", "证件类型为「其他」时必填，写明是什么证件。"),
    ("手机号", "可空；用于通知未检人员。"),
    ("楼栋 / 单元 / 房号", "楼栋、房号必填；没有单元的楼单元留空。同一房号的人为一户。"),
    ("行动不便 … 单采", "填「是」或留空。封控、单采的人到采样台扫码时自动单管。"),
)


def write_template(path: Path) -> Path:
    """A blank XLSX roster (header row only), a sheet of notes and a sheet with an example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append([header for header, _, _ in COLUMNS])
    bold = Font(bold=True)
    required = PatternFill("solid", fgColor="FFF2CC")
    for cell, (_, _, needed) in zip(sheet[1], COLUMNS, strict=True):
        cell.font = bold
        if needed:
            cell.fill = required
    for column in ("A", "B", "E", "F", "G", "H"):
        sheet.column_dimensions[column].width = 12
    sheet.column_dimensions["C"].width = 22
    # Document numbers and phones as text: Excel would turn them into 1.1E+17.
    for column in ("C", "E", "H"):
        for row in range(2, 2000):
            sheet[f"{column}{row}"].number_format = "@"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append(["列", "说明"])
    for note in TEMPLATE_NOTES:
        notes.append(list(note))
    notes.column_dimensions["A"].width = 18
    example = book.create_sheet("示例")
    example.append([header for header, _, _ in COLUMNS])
    example.append(list(TEMPLATE_EXAMPLE))
    notes.column_dimensions["B"].width = 80
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
