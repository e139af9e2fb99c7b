"""Hostile arguments on the command line: a refusal with a short, escaped message and a
non-zero exit, never a traceback, nothing written."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from app.main import main
from roster_data import row, write_csv


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    roster = write_csv(tmp_path / "r.csv", [row(1, building="1栋")])
    assert main(["roster", "import", str(roster), "--db", url]) == 0
    return url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse refuses with SystemExit(2)
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_round_window_that_is_no_date_is_refused(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "round", "第1轮", "--start", "garbage", "--end", "2026-12-04T10:00", "--db", db
    )
    assert code != 0 and out == "" and "garbage" in err and "Traceback" not in err
    assert run(capsys, "coverage", "--round", "第1轮", "--db", db)[0] != 0  # nothing saved


def test_a_round_name_with_control_characters_is_refused(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "round", "a\x1b[2Jb", "--db", db)
    assert code != 0 and out == "" and "\x1b" not in err
    code, _, err = run(capsys, "coverage", "--round", "nope", "--db", db)
    assert code != 0 and "\x1b" not in err  # no such round was saved to be listed


def test_lookup_quotes_the_query_escaped(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lookup", "\x1b[31m", "--db", db)
    assert code == 1 and out == ""
    assert "\x1b" not in err and "\\x1B[31m" in err


def test_a_box_count_beyond_any_integer_column_is_refused(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("2022100101\n330106199001010034\nNATCMD:SEAL\n"))
    assert run(capsys, "scan", "--db", db)[0] == 0
    assert run(capsys, "box", "open", "BX20221001", "--db", db)[0] == 0
    assert run(capsys, "box", "pack", "2022100101", "--db", db)[0] == 0
    code, _, err = run(capsys, "box", "close", "--count", "9" * 30, "--db", db)
    assert code != 0 and "Traceback" not in err
    code, _, err = run(capsys, "box", "open", "BX20221002", "--db", db)
    assert "BX20221001" in err  # the first box is still the table's, untouched


def test_a_reader_that_stops_early_gets_no_traceback(db: str) -> None:
    """`nat-station lookup ... | head -1`: the pipe closes before the output is written."""
    import os
    import subprocess

    root = Path(__file__).resolve().parents[2]
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    done = subprocess.run(
        [sys.executable, "-m", "app.main", "untested", "--db", db],
        cwd=root,
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        timeout=60,
        check=False,
    )
    os.close(write)
    assert "Traceback" not in done.stderr and done.returncode != 0, done.stderr


def test_a_box_closed_with_a_wrong_count_is_not_called_unclosed(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("2022100101\n330106199001010034\nNATCMD:SEAL\n"))
    assert run(capsys, "scan", "--db", db)[0] == 0
    assert run(capsys, "box", "open", "BX20221001", "--db", db)[0] == 0
    assert run(capsys, "box", "pack", "2022100101", "--db", db)[0] == 0
    assert run(capsys, "box", "close", "--count", "3", "--db", db)[0] != 0  # a mismatch
    code, _, err = run(capsys, "box", "open", "BX20221002", "--db", db)
    assert code != 0 and "数量不符" in err and "还未封箱" not in err, err
