"""Cells of the files the station writes: no value from the data ever becomes a formula.

A building typed as `=HYPERLINK("http://…")` or `=cmd|' /C calc'!A0` is text to the station;
a spreadsheet opening an export would run it. Every CSV and XLSX writer goes through here:

- CSV (OWASP's rule for CSV injection): a cell starting with = + - @ tab or carriage return
  gets a leading single quote, which spreadsheets show as text and do not evaluate;
- XLSX: every str is written as a string cell, never as a formula (openpyxl makes a str that
  starts with "=" a formula by itself) nor an error value ("#N/A"); characters XML cannot
  hold are dropped instead of failing the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl loads only when a file is written
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_LEADS)


def csv_cell(value: object) -> object:
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(value) for value in values]


def _text(value: object) -> object:
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)


def first_sheet(book: Workbook) -> Worksheet:
    """A new workbook's one sheet (openpyxl types `active` as maybe none, maybe a chartsheet)."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet = book.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("a new workbook starts with one worksheet")
    return sheet


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """sheet.append, with every str kept a string."""
    sheet.append([_text(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def strings_as_strings(book: Any) -> Any:
    """Every str cell of the workbook a string cell, whichever way it was written."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != "s":
                    cell.data_type = "s"
    return book


def save_workbook(book: Any, path: Path) -> Path:
    """The one way the station saves a workbook: no formula, the folder made if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    strings_as_strings(book).save(path)
    return path
