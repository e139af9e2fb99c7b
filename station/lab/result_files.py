"""Read a lab's result file (CSV or XLSX) into numbered rows of cells."""

from __future__ import annotations

import hashlib
from pathlib import Path

from station.core.sheet_files import FileKind, refuse, table_lines
from station.lab.result_sheet import Cell

RESULT_FILE = FileKind("结果文件", "result file")


def read_result_file(path: Path) -> tuple[list[tuple[int, list[Cell]]], str]:
    """The file's rows with their line numbers, and a digest that names the file's content.

    Read by the roster's reader (station.sheet_files); a file it cannot read raises FileRefused.
    """
    lines: list[tuple[int, list[Cell]]] = list(table_lines(RESULT_FILE, Path(path)))  # type: ignore[arg-type]  # cells: a sheet's Cell values
    if not lines:
        raise refuse(RESULT_FILE, Path(path), "文件是空的", "the file is empty")
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    return lines, digest
