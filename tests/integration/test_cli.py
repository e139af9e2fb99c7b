"""`nat-station scan` and `nat-station report` run as real processes, the way a script or a
keyboard-less table would use them, on the default SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable

import pytest

from db.recording.store import Database
from station.core.settings import Settings, default_database_url

FIELDS = {"status", "kind", "tube", "count", "capacity", "sealed", "message"}
T1, T2 = "3100000001", "3100000002"
SITE = Settings().site_name  # no settings file: the default site


def nat_station(
    *args: str,
    lines: list[str] = (),
    env: dict[str, str] | None = None,  # type: ignore[assignment]
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    # The app_dirs fixture already points NAT_STATION_CONFIG_DIR/DATA_DIR at tmp dirs.
    proc = subprocess.run(
        [sys.executable, "-m", "app.main", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def scan(*args: str, lines: list[str], env: dict[str, str] | None = None) -> list[dict]:  # type: ignore[type-arg]
    out = nat_station("scan", *args, lines=lines, env=env).stdout.splitlines()
    replies = [json.loads(line) for line in out]
    for reply in replies:
        assert reply.keys() >= FIELDS
    return replies


def brief(reply: dict) -> tuple[object, ...]:  # type: ignore[type-arg]
    return (
        reply["status"],
        reply["kind"],
        reply["tube"],
        reply["count"],
        reply["capacity"],
        reply["sealed"],
    )


def test_scan_prints_one_json_line_per_scan(
    people,
    check_projection: Callable,  # type: ignore[no-untyped-def]
) -> None:
    a, b = people.resident_id(), people.code("买买提·艾力", "13812345678")
    replies = scan(
        "--table",
        "7",
        "--recorder",
        "李四",
        "--mode",
        "5",
        lines=[T1, a, "", "   ", b, "NATCMD:SEAL", "no such code", a],
    )
    assert [brief(r) for r in replies] == [
        ("saved", "tube", T1, 0, 5, False),
        ("saved", "person", T1, 1, 5, False),
        ("error", "unknown", T1, 1, 5, False),  # a blank line is answered too; the tube
        ("error", "unknown", T1, 1, 5, False),  # stays open with its one person
        ("saved", "person", T1, 2, 5, False),
        ("saved", "command", T1, 2, 5, True),
        ("error", "unknown", None, 0, 0, False),
        ("error", "person", None, 0, 0, False),  # no open tube any more
    ]
    assert [r["code"] for r in replies[2:4]] == ["empty_scan", "empty_scan"]
    assert replies[4]["person"] == "买*·艾力"  # masked, and not \u-escaped
    assert "未满" in replies[5]["message"]
    assert all(r["message"] for r in replies)

    projection = check_projection(default_database_url(), SITE)
    assert projection.tubes[T1] == (5, "sealed", 2, "7", True, True)
    database = Database(default_database_url(), SITE)
    try:
        with database.transaction() as connection:
            stamps = set(
                connection.exec_driver_sql("SELECT DISTINCT table_no, recorder FROM events").all()
            )
    finally:
        database.dispose()
    assert stamps == {("7", "李四")}


def test_scan_continues_the_open_tube_and_report_totals(people) -> None:  # type: ignore[no-untyped-def]
    first = scan("--mode", "5", lines=[T1, *(people.resident_id() for _ in range(3))])
    assert [r["count"] for r in first] == [0, 1, 2, 3]
    # A new process finds the open tube where the last one left it; 5:1 fills at 5.
    second = scan(
        "--mode", "5", lines=[people.resident_id(), people.resident_id(), T2, people.resident_id()]
    )
    assert [(r["tube"], r["count"], r["sealed"]) for r in second] == [
        (T1, 4, False),
        (T1, 5, True),
        (T2, 0, False),
        (T2, 1, False),
    ]
    assert second[1]["code"] == "tube_full"

    report = json.loads(nat_station("report", "--json").stdout)
    assert report["site"] == SITE
    assert (report["people"], report["tubes_open"], report["tubes_sealed"]) == (6, 1, 1)
    assert report["people_by_mode"] == {"5:1": 6}
    assert report["tubes_by_mode"] == {"5:1": 2}
    text = nat_station("report").stdout
    assert "6 人" in text and "1 管已封" in text


def test_every_input_line_gets_one_answer_and_no_payload_kills_the_command(people) -> None:  # type: ignore[no-untyped-def]
    hostile = [
        "",
        '{"a":' * 1000 + "1" + "}" * 1000,
        '{"id": ' + "1" * 5000 + "}",
        '{"id": ' + "[" * 2000 + "]" * 2000 + "}",
        "\u202e" + "1" * 10_272,
        "NATCMD:SEAL:junk",
        "NATCMD:MODE:7",
        "\u200b",
    ]
    lines = [T1, people.resident_id(), *hostile, "NATCMD:SEAL"]
    proc = nat_station("scan", lines=lines)
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(replies) == len(lines), proc.stdout
    assert "Traceback" not in proc.stderr
    middle = replies[2:-1]
    assert [r["status"] for r in middle] == ["error"] * len(hostile)
    assert [r["code"] for r in middle[-3:]] == ["bad_command", "bad_command", "unknown_scan"]
    assert "\\u200B" in middle[-1]["message"]  # the invisible character shown escaped
    for reply in middle:
        assert len(reply["message"]) < 120 and reply["message"].isprintable(), reply
        # A refusal leaves the open tube as it was, and the JSON says so (never "no tube").
        assert (reply["tube"], reply["count"], reply["sealed"]) == (T1, 1, False), reply
    # SEAL:junk sealed nothing: the tube is still open with its one person, and SEAL seals it.
    assert (replies[-1]["code"], replies[-1]["count"], replies[-1]["sealed"]) == ("sealed", 1, True)


def test_strict_scan_exits_1_after_a_refusal() -> None:
    proc = nat_station("scan", "--strict", lines=["NATCMD:SEAL"], check=False)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["code"] == "no_open_tube"


@pytest.mark.postgres
def test_nat_station_db_points_at_postgresql(
    pg_url: str,
    people,
    check_projection: Callable,  # type: ignore[no-untyped-def]
    app_dirs,  # type: ignore[no-untyped-def]
) -> None:
    env = {"NAT_STATION_DB": pg_url}
    rare = people.code("王𠇔", "")
    replies = scan("--mode", "10", lines=[T1, rare, people.resident_id()], env=env)
    assert [brief(r) for r in replies] == [
        ("saved", "tube", T1, 0, 10, False),
        ("saved", "person", T1, 1, 10, False),
        ("saved", "person", T1, 2, 10, False),
    ]
    assert replies[1]["person"] == "王*"
    report = json.loads(nat_station("report", "--json", env=env).stdout)
    assert (report["people"], report["tubes_open"], report["people_by_mode"]) == (2, 1, {"10:1": 2})
    projection = check_projection(pg_url, SITE)
    assert sorted(p[3] for p in projection.persons.values()) == ["", "王𠇔"]
    assert not (app_dirs.data_dir / "station.sqlite3").exists()  # nothing went to SQLite


def test_two_tables_scan_into_one_sqlite_file_at_once(
    people,
    check_projection: Callable,  # type: ignore[no-untyped-def]
) -> None:
    """Two `scan` processes writing together: each waits its turn, none is refused."""
    lines = {
        table: [tube, *(people.resident_id() for _ in range(19))]
        for table, tube in (("1", T1), ("2", T2))
    }
    tables = [
        subprocess.Popen(
            [sys.executable, "-m", "app.main", "scan", "--table", table, "--mode", "20"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for table in lines
    ]
    outputs = [
        p.communicate("\n".join(lines[t]) + "\n", timeout=120)
        for p, t in zip(tables, lines, strict=True)
    ]
    assert [p.returncode for p in tables] == [0, 0], [err for _, err in outputs]
    for (out, _), tube in zip(outputs, (T1, T2), strict=True):
        replies = [json.loads(line) for line in out.splitlines()]
        assert [(r["status"], r["tube"], r["count"]) for r in replies] == [
            ("saved", tube, n) for n in range(20)
        ]
    projection = check_projection(default_database_url(), SITE)
    assert projection.tubes[T1] == (20, "open", 19, "1", False, False)
    assert projection.tubes[T2] == (20, "open", 19, "2", False, False)
