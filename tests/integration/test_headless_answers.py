"""Headless answers are honest: an unknown name is an error naming what exists, an empty
result says so, and Chinese output is Chinese, English output English."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from app.main import main
from roster_data import row, write_csv

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    roster = write_csv(tmp_path / "r.csv", [row(1, building="1栋"), row(2, building="2栋")])
    assert main(["roster", "import", str(roster), "--db", url]) == 0
    return url


def run(
    capsys: pytest.CaptureFixture[str],
    *args: str,
    lines: str = "",
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    capsys.readouterr()
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_unknown_names_are_errors_that_say_what_exists(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "untested", "--building", "9栋", "--db", db)
    assert code != 0 and out == "" and "没有楼栋「9栋」" in err and "1栋、2栋" in err
    code, out, err = run(capsys, "coverage", "--round", "不存在", "--db", db)
    assert code != 0 and out == "" and "没有轮次「不存在」" in err
    assert run(capsys, "round", "第5轮", "--db", db)[0] == 0
    code, _, err = run(capsys, "coverage", "--round", "不存在", "--db", db)
    assert "已有：第5轮" in err
    for command in (["coverage"], ["untested"], ["door-to-door"], ["report", "--json"]):
        code, _, err = run(capsys, *command, "--round", "第6轮", "--db", db)
        assert code != 0 and "没有轮次「第6轮」" in err, command
    defined = run(capsys, "coverage", "--round", "第5轮", "--db", db)[1]
    assert defined.startswith("轮次 第5轮：已检 0/2")
    assert run(capsys, "coverage", "--db", db)[0] == 0  # today's round needs no definition
    code, out, err = run(capsys, "lookup", "nobody", "--db", db)
    assert code == 1 and out == "" and "查无此人：「nobody」" in err


def test_a_round_of_an_unknown_building_is_refused_and_not_written(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "round", "第7轮", "--building", "1栋", "--building", "9栋", "--db", db
    )
    assert code == 2 and out == "" and "没有楼栋「9栋」" in err and "1栋、2栋" in err, err
    code, _, err = run(capsys, "coverage", "--round", "第7轮", "--db", db)
    assert code != 0 and "没有轮次「第7轮」" in err  # nothing was written
    code, out, _ = run(capsys, "round", "第7轮", "--building", "2栋", "--db", db)
    assert code == 0 and "轮次 第7轮：2栋" in out


def test_an_empty_result_says_so(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "door-to-door", "--db", db)[1].strip() == "没有需要上门采样的居民"
    assert run(capsys, "untested", "--building", "1栋", "--db", db)[1].splitlines()[-1] == (
        "共 1 人"
    )
    assert run(capsys, "recall", "--db", db)[1].strip() == "没有未结束的阳性召回"
    assert run(capsys, "box", "list", "--db", db)[1].strip() == "还没有转运箱"
    assert "没有需要重新采样的人" in run(capsys, "results", "resample", "--db", db)[2]


def test_chinese_output_is_chinese_and_english_english(
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    people,  # type: ignore[no-untyped-def]
) -> None:
    person = people.code(name="张三")
    scans = f"3100000001\n{person}\nNATCMD:REMOVE\n{person}\n3100000002\n{person}\n"
    _, out, _ = run(capsys, "scan", "--db", db, lines=scans, monkeypatch=monkeypatch)
    assert "扫码移除" in out and "removed by scan" not in out
    results = tmp_path / "lab.csv"
    results.write_text("试管条码,结果\n3100000002,阳性\n", encoding="utf-8")
    _, out, _ = run(capsys, "results", "import", str(results), "--db", db)
    assert "还未封管" in out and "open" not in out
    run(capsys, "scan", "--db", db, lines="NATCMD:SEAL\n", monkeypatch=monkeypatch)
    assert run(capsys, "results", "import", str(results), "--db", db)[0] == 0
    _, out, _ = run(capsys, "recall", "--db", db)
    assert "（未超时）" in out and not re.search(r"on_time|to_find|[a-z]{4,}", out), out

    monkeypatch.setenv("NAT_STATION_LANGUAGE", "en")
    person = people.code(name="李四")
    _, out, _ = run(
        capsys,
        "scan",
        "--db",
        db,
        monkeypatch=monkeypatch,
        lines=f"3100000003\n{person}\nNATCMD:REMOVE\n{person}\n",
    )
    assert "removed by scan" in out and "扫码移除" not in out
    english = [
        run(capsys, "untested", "--building", "9栋", "--db", db)[2]
        .replace("9栋", "")
        .replace("1栋", "")
        .replace("2栋", ""),
        run(capsys, "coverage", "--round", "x", "--db", db)[2],
        run(capsys, "lookup", "nobody", "--db", db)[2],
        run(capsys, "recall", "--db", db)[1].split("\n")[0],
        run(capsys, "door-to-door", "--db", db)[1],
        run(capsys, "box", "list", "--db", db)[1],
        run(capsys, "box", "open", "BX1", "--db", db)[2],
        run(capsys, "report", "--db", db)[1].split(" ", 1)[1],  # after the site's name
    ]
    assert all(text.strip() and not CJK.search(text) for text in english), english


def test_english_counts_of_one_are_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NAT_STATION_LANGUAGE", "en")
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    roster = write_csv(tmp_path / "r.csv", [row(1, building="1栋")])
    code, out, _ = run(capsys, "roster", "import", str(roster), "--db", url)
    assert code == 0 and "Imported 1 resident " in out, out
    code, out, _ = run(capsys, "untested", "--db", url)
    assert code == 0 and out.rstrip().endswith("\n1 resident"), out
    person = "NP1.R.11010519491231002X.13812345678.5byg5LiJ"
    run(capsys, "scan", "--db", url, lines=f"3100000001\n{person}\n", monkeypatch=monkeypatch)
    code, out, _ = run(capsys, "report", "--db", url)
    assert code == 0 and ": 1 person, 0 tubes sealed, 1 open" in out, out
