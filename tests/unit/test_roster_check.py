"""A large CSV checked in worker processes gives exactly what one pass gives."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric

from roster_data import HEADERS, resident_id, row, write_csv
from station.roster import check as roster_check
from station.roster.check import check_csv_in_parts, check_rows, first_of_each
from station.roster.files import read_roster_rows

TODAY = date(2026, 11, 22)


def awkward_rows() -> list[dict[str, str]]:
    """Good rows with, scattered among them, every kind of bad row, blanks and duplicates."""
    rows = []
    for n in range(1, 301):
        data = row(
            n,
            name="张三" if n % 2 else "买买提·艾力",
            building=f"{n % 7 + 1}栋",
            room=f"{n // 3 + 100}",
            elderly="是" if n % 11 == 0 else "",
        )
        if n % 17 == 0:
            data = {**data, "证件号码": data["证件号码"][:-1] + "Y"}
        if n % 23 == 0:
            data = {**data, "手机号": "1381234"}
        if n % 29 == 0:
            data = {header: "" for header in HEADERS}  # a blank line in the sheet
        if n % 31 == 0:
            data = {**data, "证件号码": resident_id(n - 5)}  # the same person again
        if n % 37 == 0:
            data = {**data, "姓名": "王5", "行动不便": "也许"}  # two bad cells in one row
        rows.append(data)
    return rows


def single_pass(path: Path):  # type: ignore[no-untyped-def]
    result = check_rows(read_roster_rows(path), TODAY)
    return result.rows, first_of_each(result.good, result.errors), result.errors


@pytest.mark.parametrize(
    ("parts", "block", "quoted"), [(2, 7, False), (3, 50, False), (2, 1000, False), (2, 7, True)]
)
def test_split_check_equals_one_pass(tmp_path: Path, parts: int, block: int, quoted: bool) -> None:
    rows = awkward_rows()
    if quoted:  # a comma in a cell: the file has quotes, and every process parses all of it
        rows[40] = {**rows[40], "姓名": "张,三"}
    path = write_csv(tmp_path / "roster.csv", rows)
    assert ('"' in path.read_text(encoding="utf-8-sig")) is quoted
    progress: list[int] = []
    split = check_csv_in_parts(path, TODAY, parts, progress.append, block=block)
    rows, good, errors = single_pass(path)
    assert split.rows == rows == 300 - len(range(29, 301, 29))
    assert sum(progress) == rows
    assert first_of_each(split.good, split.errors) == good
    assert split.errors == errors
    assert {e.column for e in errors} == {"证件号码", "手机号", "姓名", "行动不便"}
    # The people of a room share one Place, but where a block's end cuts the room.
    objects = len({id(c.place) for c in first_of_each(split.good, [])})
    distinct = len({c.place for c in good})
    assert distinct <= objects <= distinct + rows // block


def test_blank_lines_and_a_last_line_without_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    lines = [",".join(HEADERS)]
    for n in range(1, 30):
        data = row(n, room=f"{100 + n}")
        lines.append(",".join(data.get(header, "") for header in HEADERS))
        if n % 6 == 0:
            lines.append("")  # an empty line
    path.write_text("\n".join(lines), encoding="utf-8")  # no line break after the last row
    split = check_csv_in_parts(path, TODAY, 2, block=4)
    rows, good, errors = single_pass(path)
    assert (
        (split.rows, first_of_each(split.good, split.errors), split.errors) == (rows, good, errors)
        and rows == 29
        and not errors
    )
    assert [c.line for c in good][-1] == 1 + 29 + 4


def test_quoted_line_breaks_keep_line_numbers(tmp_path: Path) -> None:
    rows = [row(n, room=f"{100 + n}") for n in range(1, 40)]
    rows[3] = {**rows[3], "单元": "1单元"}
    rows[5] = {**rows[5], "姓名": "王\n五"}  # a cell typed with Alt+Enter: two physical lines
    path = write_csv(tmp_path / "roster.csv", rows)
    split = check_csv_in_parts(path, TODAY, 2, block=4)
    assert split.errors == single_pass(path)[2]
    assert [e.line for e in split.errors] == [7]  # the line its record starts on
    assert [c.line for c in split.good][-1] == 41  # header + 39 rows + the extra physical line


def python_that_dies_half_way(tmp_path: Path) -> str:
    """A worker killed after some blocks (out of memory, say): half its output, then gone."""
    script = tmp_path / "dies.py"
    script.write_text(
        "import subprocess, sys\n"
        "done = subprocess.run([sys.argv[1], *sys.argv[2:]], capture_output=True)\n"
        "sys.stdout.buffer.write(done.stdout[: len(done.stdout) // 2])\n"
        "sys.exit(0)\n"
    )
    real = roster_check.sys.executable
    wrapper = tmp_path / "python"
    wrapper.write_text(f'#!/bin/sh\nexec {real} {script} {real} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


@pytest.mark.parametrize("worker", ["fails at once", "dies half-way"])
def test_a_failed_worker_falls_back_to_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker: str
) -> None:
    # What a failed worker sent is not kept: the file is checked here from the start.
    path = write_csv(tmp_path / "roster.csv", awkward_rows())
    executable = "/bin/false" if worker == "fails at once" else python_that_dies_half_way(tmp_path)
    monkeypatch.setattr(roster_check.sys, "executable", executable)
    progress: list[int] = []
    split = check_csv_in_parts(path, TODAY, 2, progress.append, block=7)
    rows, good, errors = single_pass(path)
    assert (split.rows, first_of_each(split.good, split.errors), split.errors) == (
        rows,
        good,
        errors,
    )
    assert sum(progress) == rows


def test_an_unreadable_file_is_refused_before_any_worker_starts(tmp_path: Path) -> None:
    from station.core.errors import OperatorError

    lacking = tmp_path / "lacking.csv"
    lacking.write_text("姓名,手机号\n张三,13812345678\n", encoding="utf-8")
    with pytest.raises(OperatorError, match="证件号码"):
        check_csv_in_parts(lacking, TODAY, 2)


def _with_check(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize("parts", [1, 2])
def test_an_unlisted_region_is_a_warning_not_a_refusal(tmp_path: Path, parts: int) -> None:
    rows = [row(n) for n in range(1, 41)]
    # Numbers that check out under 浙江省 with a county code no list holds (330199) ...
    for n in (5, 30):
        rows[n - 1] = {**rows[n - 1], "证件号码": _with_check(f"33019919850101{n:03d}")}
    # ... and one of 临平区 (2021), which python-stdnum lacks and the supplement holds.
    rows[9] = {**rows[9], "证件号码": _with_check("33011319850101010")}
    path = write_csv(tmp_path / "roster.csv", rows)
    result = (
        check_csv_in_parts(path, TODAY, parts, block=7)
        if parts > 1
        else check_rows(read_roster_rows(path), TODAY)
    )
    assert result.errors == []
    assert len(result.good) == 40
    assert [(w.line, w.column) for w in result.warnings] == [(6, "证件号码"), (31, "证件号码")]
    assert all("地区码 330199 未收录，请核对" in w.message for w in result.warnings)


def test_a_worker_runs_the_checkout_the_parent_runs() -> None:
    # Workers run `python -m station.roster.check`: the first folder on their path must hold
    # the very station package of the parent, wherever the parent was started from (the
    # package moved one folder down once, and the workers silently ran another checkout).
    first = roster_check.worker_environment()["PYTHONPATH"].split(os.pathsep)[0]
    module = Path(first, "station", "roster", "check.py")
    assert module.resolve() == Path(roster_check.__file__).resolve()
