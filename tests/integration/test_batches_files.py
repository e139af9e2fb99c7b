"""`batches FILE` and `plan --batches` read a batches CSV as Excel on a Chinese Windows saves it
(GBK), with a BOM, or as UTF-16 text, through the station's one file reader; a file they cannot
read is one line naming it and exit 2, nothing set (issue 11 §7)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from app.main import main

TEXT = "楼栋,单元,开始,结束\n3栋,1-2单元,08:00,08:30\n5号楼,,08:30,09:00\n"
ENCODED = {
    "gbk": TEXT.encode("gbk"),
    "gb18030": TEXT.encode("gb18030"),
    "utf-8-bom": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16": TEXT.encode("utf-16"),  # with its BOM, as Excel's "Unicode text"
    "utf-8": TEXT.encode("utf-8"),
}


@pytest.mark.parametrize("encoding", ENCODED)
def test_batches_read_in_every_encoding_a_station_file_comes_in(  # type: ignore[no-untyped-def]
    tmp_path: Path, capsys, encoding: str
) -> None:
    path = tmp_path / "批次.csv"
    path.write_bytes(ENCODED[encoding])
    db = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    assert main(["batches", str(path), "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == ["3栋 1-2单元（08:00–08:30）", "5号楼（08:30–09:00）"]
    assert main(["plan", "--residents", "60", "--tables", "2", "--batches", str(path)]) == 0
    assert "最后一人完成 09:00" in capsys.readouterr().out  # opening 08:00, arrivals to 09:00


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00\xd8" + b"\x00" * 6, "楼栋,单元".encode("utf-16-le"), b"\x00\x01\x02binary"],
    ids=["broken-utf16", "utf16-without-bom", "binary"],
)
def test_a_file_it_cannot_read_is_one_line_and_exit_2(  # type: ignore[no-untyped-def]
    tmp_path: Path, capsys, content: bytes
) -> None:
    path = tmp_path / "batches.csv"
    path.write_bytes(content)
    db = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    assert main(["batches", str(path), "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "batches.csv" in err and "GB18030" in err, err
    assert main(["batches", "--db", db]) == 0 and capsys.readouterr().out == ""  # nothing set
    assert main(["plan", "--residents", "9", "--tables", "1", "--batches", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "batches.csv" in err, err


def test_a_missing_file_is_named(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    assert main(["batches", str(tmp_path / "nope.csv"), "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.csv" in err and "不存在" in err, err
