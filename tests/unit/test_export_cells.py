"""Formula injection: the cell rule of every export, and the roster's check of places."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from roster_data import row
from station.core.export_cells import append_row, csv_cell, strings_as_strings
from station.roster.residents import COLUMNS, read_resident

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x")',
    "+cmd",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_csv_cell_that_a_spreadsheet_would_evaluate_is_quoted(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["7栋", "", "1'2", 12, None, "a=b"])
def test_other_cells_are_left_alone(value: object) -> None:
    assert csv_cell(value) == value


def test_xlsx_strings_stay_strings_however_they_were_written() -> None:
    book = Workbook()
    sheet = book.active
    append_row(sheet, [*HOSTILE, "#N/A", "bad\x01char", 5])
    sheet.append(["=1+1"])  # written past the helper: the save still makes it a string
    strings_as_strings(book)
    cells = [cell for cells in sheet.iter_rows() for cell in cells if cell.value is not None]
    assert [c.data_type for c in cells] == ["s"] * 9 + ["n", "s"]
    assert cells[8].value == "badchar"


@pytest.mark.parametrize("column", ["楼栋", "单元", "房号"])
@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x")', "@SUM(1)", "+cmd", "-A1", "＝1+1"]
)
def test_the_roster_refuses_a_place_that_is_a_formula(column: str, text: str) -> None:
    errors = read_resident(2, {**_keys(row(1)), _KEY[column]: text}, date(2026, 11, 22))
    assert isinstance(errors, list) and [e.column for e in errors] == [column]
    assert "公式" in errors[0].message and "formula" in errors[0].message_en


@pytest.mark.parametrize("text", ["-", "--", "-1", "+1", "7栋"])
def test_places_that_only_look_alike_are_taken(text: str) -> None:
    resident = read_resident(2, {**_keys(row(1)), "unit": text}, date(2026, 11, 22))
    assert not isinstance(resident, list) and resident.place.unit == text


_KEY = {"楼栋": "building", "单元": "unit", "房号": "room"}


def _keys(data: dict[str, str]) -> dict[str, object]:
    keys = {header: key for header, key, _ in COLUMNS}
    return {keys[header]: value for header, value in data.items()}
