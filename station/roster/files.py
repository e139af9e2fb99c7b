"""Roster files: read CSV and XLSX rows as they stream, and write the blank template."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from station.core.export_cells import first_sheet, save_workbook
from station.core.sheet_files import (
    CSV_SUFFIXES,
    FileKind,
    Line,
    check_file,
    csv_lines,
    csv_records,
    delimiter_of,
    refuse,
    table_lines,
    text_encoding,
)
from station.roster.residents import COLUMNS, header_keys, missing_columns

Row = dict[str, object]
SHEET_NAME = "居民名单"
ROSTER_FILE = FileKind("名单文件", "roster file")
_SNIFF_BYTES = 1 << 20


def _row_reader(
    path: Path, lines: Iterator[Line], required: tuple[str, ...] | None
) -> Callable[[list[object]], Row | None]:
    """Takes the header off `lines`: the function that makes each later record a Row (None
    for a blank one)."""
    try:
        _, headers = next(lines)
    except StopIteration:
        raise refuse(ROSTER_FILE, path, "文件是空的", "the file is empty") from None
    keys = header_keys([str(h) if h is not None else "" for h in headers])
    missing = missing_columns(keys, required)
    if missing:
        raise refuse(
            ROSTER_FILE,
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
    path: Path, lines: Iterator[Line], required: tuple[str, ...] | None
) -> Iterator[tuple[int, Row]]:
    to_row = _row_reader(path, lines, required)
    for line, values in lines:
        row = to_row(values)
        if row is not None:
            yield line, row


def _has_quotes(path: Path) -> bool:
    with path.open("rb") as fh:
        return any(b'"' in chunk for chunk in iter(lambda: fh.read(_SNIFF_BYTES), b""))


def read_roster_rows(
    path: Path, required: tuple[str, ...] | None = None
) -> Iterator[tuple[int, Row]]:
    """(line, {template key: cell}) for each non-blank row under the header, as the file streams.

    `required`: template keys the file must have; by default the roster's required columns.
    A file that cannot be read raises FileRefused (an OperatorError), never a decoding error.
    """
    path = Path(path)
    return _rows(path, table_lines(ROSTER_FILE, path, SHEET_NAME), required)


def is_csv(path: Path) -> bool:
    return Path(path).suffix.lower() in CSV_SUFFIXES


def read_csv_blocks(
    path: Path, part: int, parts: int, block: int
) -> Iterator[tuple[int, list[tuple[int, Row]]]]:
    """For a check split over `parts` processes: the file's records cut in blocks of `block`,
    and of them every `parts`-th from block `part` on, as (block number, its rows).

    Each process reads the whole file but builds rows only for its own blocks; the blocks'
    numbers put the parts back in file order. Without a quote character in the file every
    line is a record, and the other processes' lines are skipped without being parsed.
    """
    path = check_file(ROSTER_FILE, Path(path))
    encoding = text_encoding(ROSTER_FILE, path)
    if _has_quotes(path):  # a quoted cell may hold a line break: parse everything
        lines = csv_lines(ROSTER_FILE, path, encoding)
        to_row = _row_reader(path, lines, None)
        for index, records in enumerate(iter(lambda: list(islice(lines, block)), [])):
            if index % parts == part:
                yield (
                    index,
                    [
                        (line, row)
                        for line, values in records
                        if (row := to_row(values)) is not None
                    ],
                )
        return
    with path.open(encoding=encoding, newline="") as fh:
        first = fh.readline()
        delimiter = delimiter_of(first)
        to_row = _row_reader(path, csv_records(ROSTER_FILE, path, [first], delimiter, 1), None)
        first_line = 2
        for index, texts in enumerate(iter(lambda: list(islice(fh, block)), [])):
            if index % parts == part:
                parsed = csv_records(ROSTER_FILE, path, texts, delimiter, first_line)
                yield (
                    index,
                    [(line, row) for line, values in parsed if (row := to_row(values)) is not None],
                )
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
    sheet = first_sheet(book)
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
    return save_workbook(book, path)
