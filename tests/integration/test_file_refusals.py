"""`roster import`, `results import` and `tested-elsewhere` on files they cannot read: one
message on stderr naming the file, a non-zero exit, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main


def files(tmp_path: Path) -> dict[str, Path]:
    made = {
        "latin1.csv": "name,tube\nJosé,Café\n".encode("latin-1"),
        "binary.csv": bytes(range(256)) * 64,
        "long.csv": ("姓名,证件号码,楼栋,房号,试管条码,结果\n" + "x" * 140_000 + "\n").encode(),
        "empty.csv": b"",
        "fake.xlsx": b"not a workbook",
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "folder.csv").mkdir()
    return {name: tmp_path / name for name in [*made, "folder.csv", "missing.csv"]}


COMMANDS = [["roster", "import"], ["results", "import"], ["tested-elsewhere"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_refused_file_exits_non_zero_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    for name, path in files(tmp_path).items():
        code = main([*command, str(path), "--db", db])
        captured = capsys.readouterr()
        assert code != 0, name
        assert name in captured.err and "Traceback" not in captured.err, captured.err
        assert len(captured.err.strip().splitlines()) == 1, captured.err
