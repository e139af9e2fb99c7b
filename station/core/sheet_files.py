"""Table files an operator brings (a roster, a lab's results): CSV or XLSX, read as they
stream, in the encodings spreadsheets in China write; anything else is one clear refusal.

CSV encodings: UTF-8 (with or without BOM), GB18030 (GBK's superset: what Excel in China saves
as "CSV"), and UTF-16 when it starts with its BOM (Excel's "Unicode text"). The whole file is
checked before the first row is read, so a file is either read whole or refused whole. A
Latin-1 file is refused where its bytes are not GB18030; where they happen to be (an accented
letter before an ASCII letter is a valid GBK pair) it reads as GB18030 and its cells are then
refused by the row checks, as any garbled cell is.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from station.core.errors import OperatorError

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_CHUNK = 1 << 20
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TRIED = ("UTF-8、GB18030（GBK）、带 BOM 的 UTF-16", "UTF-8, GB18030 (GBK), UTF-16 with a BOM")

Line = tuple[int, list[object]]


@dataclass(frozen=True)
class FileKind:
    """What the file is for, as the messages name it: 名单文件 / roster file."""

    zh: str
    en: str


class FileRefused(OperatorError):
    """The file as a whole cannot be read; nothing was imported."""


def refuse(kind: FileKind, path: Path, why: str, why_en: str) -> FileRefused:
    return FileRefused(
        f"无法读取{kind.zh} {path.name}：{why}",
        f"Cannot read {kind.en} {path.name}: {why_en}",
        code="file.unreadable",
    )


def check_file(kind: FileKind, path: Path) -> Path:
    """The path names a readable CSV or XLSX file, or the refusal says what it is instead."""
    path = Path(path)
    if path.is_dir():
        raise refuse(kind, path, "这是一个文件夹，不是文件", "it is a folder, not a file")
    if not path.exists():
        raise refuse(kind, path, f"文件不存在（{path}）", f"no such file ({path})")
    if path.suffix.lower() not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise refuse(kind, path, "只支持 .xlsx 和 .csv 文件", "only .xlsx and .csv are supported")
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise refuse(
            kind, path, f"无法打开（{error.strerror}）", f"cannot open it ({error.strerror})"
        ) from None
    return path


def _decodes(path: Path, encoding: str) -> bool:
    """The whole file decodes strictly and holds no NUL (a binary file's mark)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                if "\x00" in decoder.decode(chunk):
                    return False
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def text_encoding(kind: FileKind, path: Path) -> str:
    """The codec that reads the whole file, or the refusal naming what was tried."""
    with path.open("rb") as fh:
        head = fh.read(4)
    bom = next((codec for mark, codec in _BOMS if head.startswith(mark)), None)
    for encoding in (bom,) if bom else ("utf-8", "gb18030"):
        if _decodes(path, encoding):
            return encoding
    raise refuse(
        kind,
        path,
        f"文件编码无法识别（已尝试 {_TRIED[0]}），或不是文本文件；请在 Excel 中另存为"
        "「CSV UTF-8」或 .xlsx",
        f"unknown encoding (tried {_TRIED[1]}) or not a text file; save it from Excel as "
        "'CSV UTF-8' or .xlsx",
    )


def delimiter_of(first_line: str) -> str:
    """Tab or comma, whichever the header line has more of."""
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def csv_records(
    kind: FileKind, path: Path, texts: Iterable[str], delimiter: str, first_line: int
) -> Iterator[Line]:
    """(line a record starts on, its cells) for CSV text lines; a malformed record (a cell
    over csv's limit: mostly a quote that never closes) refuses the file with its line."""
    reader = csv.reader(texts, delimiter=delimiter)
    start = first_line
    try:
        for values in reader:
            yield start, list(values)
            start = first_line + reader.line_num
    except csv.Error as error:
        raise refuse(
            kind,
            path,
            f"第 {start} 行起格式有误（单元格超过 {csv.field_size_limit()} 字，"
            "多半是引号没有配对）",
            f"malformed from line {start} on ({error}; most often a quote that is never closed)",
        ) from None


def csv_lines(kind: FileKind, path: Path, encoding: str) -> Iterator[Line]:
    """The CSV's records, the header first, as the file streams; an empty file has none."""
    with path.open(encoding=encoding, newline="") as fh:
        first = fh.readline()
        if not first.strip():
            return
        delimiter = delimiter_of(first)
        yield from csv_records(kind, path, [first], delimiter, 1)
        yield from csv_records(kind, path, fh, delimiter, 2)


def xlsx_lines(kind: FileKind, path: Path, sheet_name: str = "") -> Iterator[Line]:
    """The rows of the sheet named `sheet_name` if the workbook has one, else of its first."""
    from openpyxl import load_workbook  # only XLSX needs it; CSV imports stay light

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise refuse(
            kind, path, "不是有效的 XLSX 文件", f"not a valid XLSX file ({type(error).__name__})"
        ) from None
    try:
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(values)
    finally:
        book.close()


def table_lines(kind: FileKind, path: Path, sheet_name: str = "") -> Iterator[Line]:
    """(line, cells) of every record of a CSV or XLSX file, the header first: the one reader
    of the roster and result imports. Raises FileRefused, never a decoding or CSV error."""
    path = check_file(kind, path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return xlsx_lines(kind, path, sheet_name)
    return csv_lines(kind, path, text_encoding(kind, path))  # refused now, not when read
