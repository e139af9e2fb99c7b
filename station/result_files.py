"""Read a lab's result file (CSV or XLSX) into numbered rows of cells."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from station.results import Cell, SheetError


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030: what Excel in China saves as CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _csv_lines(data: bytes) -> list[tuple[int, list[Cell]]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[Cell]]] = []
    start = 1
    for values in reader:
        # A quoted cell may hold a newline: report the line the row starts on.
        lines.append((start, list(values)))
        start = reader.line_num + 1
    return lines


def _xlsx_lines(path: Path) -> list[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise SheetError(f"{path.name} 不是有效的 XLSX 文件",
                         f"{path.name} is not a valid XLSX file ({error})") from None
    try:
        sheet = book.worksheets[0]
        return [(n, list(values)) for n, values in
                enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def read_result_file(path: Path) -> tuple[list[tuple[int, list[Cell]]], str]:
    """The file's rows with their line numbers, and a digest that names the file's content."""
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"找不到文件 {path}", f"No such file {path}")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_lines(path), digest
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_lines(data), digest
    raise SheetError("只支持 .csv 和 .xlsx 文件", "Only .csv and .xlsx files are supported")
