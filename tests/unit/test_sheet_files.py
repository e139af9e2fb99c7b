"""The roster and the result imports read files through one reader: any file an operator
brings is read, or refused whole with one message naming the file; never a traceback."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from roster_data import resident_id, row, write_csv
from station.core.errors import OperatorError
from station.lab.result_files import read_result_file
from station.roster.check import check_csv_in_parts, check_rows, first_of_each
from station.roster.files import read_roster_rows

TODAY = date(2026, 11, 22)
ROSTER = f"姓名,证件号码,楼栋,房号\n张三,{resident_id(1)},7栋,301\n"
RESULTS = "试管条码,结果\n2022100101,阴性\n"


def read_roster(path: Path) -> list[object]:
    return list(read_roster_rows(path))


def read_results(path: Path) -> list[object]:
    return read_result_file(path)[0][1:]


READERS: list[tuple[Callable[[Path], list[object]], str, str]] = [
    (read_roster, ROSTER, "名单文件"),
    (read_results, RESULTS, "结果文件"),
]


@pytest.mark.parametrize(("read", "text", "_kind"), READERS, ids=["roster", "results"])
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: t.encode("utf-16"),  # with its BOM, as Excel's "Unicode text" saves
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.replace(",", "\t").encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16", "utf16-be", "utf16-tabs"],
)
def test_every_encoding_spreadsheets_write_is_read(
    tmp_path: Path,
    read,
    text: str,
    _kind: str,
    encode,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(encode(text))
    rows = read(path)
    assert len(rows) == 1
    values = rows[0][1]
    assert (
        ("张三" in values.values())
        if isinstance(values, dict)
        else values == ["2022100101", "阴性"]
    )


def hostile(tmp_path: Path, text: str) -> dict[str, tuple[Path, str]]:
    """name: (a file, a word its refusal must hold)."""
    files = {
        # An accented letter before a comma or a line break is neither UTF-8 nor GB18030 (one
        # before a letter may well be GB18030, and is read as such: see sheet_files).
        "latin1": ("latin1.csv", "name,tube,result\nJosé,Café\n".encode("latin-1"), "编码"),
        "binary": ("binary.csv", bytes(range(256)) * 64, "编码"),
        "utf16-no-bom": ("nobom.csv", text.encode("utf-16-le"), "编码"),
        "long-field": (
            "long.csv",
            (text.split("\n")[0] + '\n"' + "x" * 140_000 + '",1\n').encode(),
            "第 2 行",
        ),
        "unclosed-quote": (
            "quote.csv",
            (text + '"' + "y" * 70_000 + "\n" + "z" * 70_000).encode(),
            "引号",
        ),
        "empty": ("empty.csv", b"", "空"),
        "not-xlsx": ("fake.xlsx", b"PK\x03\x04 not really", "XLSX"),
        "wrong-suffix": ("roster.pdf", b"%PDF-1.4", ".csv"),
    }
    made = {}
    for name, (file, data, word) in files.items():
        path = tmp_path / file
        path.write_bytes(data)
        made[name] = (path, word)
    (tmp_path / "folder.csv").mkdir()
    made["folder"] = (tmp_path / "folder.csv", "文件夹")
    made["missing"] = (tmp_path / "missing.csv", "不存在")
    return made


CASES = [
    "latin1",
    "binary",
    "utf16-no-bom",
    "long-field",
    "unclosed-quote",
    "empty",
    "not-xlsx",
    "wrong-suffix",
    "folder",
    "missing",
]


@pytest.mark.parametrize(("read", "text", "kind"), READERS, ids=["roster", "results"])
@pytest.mark.parametrize("case", CASES)
def test_any_other_file_is_one_clear_refusal_naming_it(
    tmp_path: Path,
    read,
    text: str,
    kind: str,
    case: str,  # type: ignore[no-untyped-def]
) -> None:
    path, word = hostile(tmp_path, text)[case]
    with pytest.raises(OperatorError) as refused:
        read(path)
    message = refused.value.message("zh")
    assert path.name in message and kind in message and word in message, message
    assert path.name in refused.value.message("en") and "\n" not in message


def test_the_encoding_refusal_says_what_was_tried(tmp_path: Path) -> None:
    path, _ = hostile(tmp_path, ROSTER)["latin1"]
    with pytest.raises(OperatorError) as refused:
        read_roster(path)
    assert all(name in refused.value.message("en") for name in ("UTF-8", "GB18030", "UTF-16"))


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030"])
def test_a_large_roster_checked_in_parts_reads_the_same_encodings(
    tmp_path: Path, encoding: str
) -> None:
    rows = [row(n, name="张三", room=f"{100 + n}") for n in range(1, 40)]
    path = write_csv(tmp_path / "roster.csv", rows, encoding=encoding)
    split = check_csv_in_parts(path, TODAY, 2, block=4)
    single = check_rows(read_roster_rows(path), TODAY)
    assert split.rows == single.rows == 39 and not split.errors
    assert first_of_each(split.good, []) == first_of_each(single.good, [])


def test_a_large_roster_checked_in_parts_refuses_as_one_pass_does(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roster.csv", [row(n, room=f"{100 + n}") for n in range(1, 9)])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("x" * 140_000 + ",1,2,3\n")
    with pytest.raises(OperatorError, match="第 10 行"):
        check_csv_in_parts(path, TODAY, 2, block=4)
