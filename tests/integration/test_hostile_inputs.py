"""Hostile input at every door of the data: the scan field, settings, the command line and
import files. Nothing crashes, nothing is written that should not be, and no name, ID number
or phone ever reaches a log line, stderr or a message in clear."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.main import main
from app.wiring import open_station
from roster_data import resident_id, row, write_csv
from station.core.settings import data_dir

NAME, NUMBER, PHONE = "欧阳娜娜", resident_id(41), "13911110041"
OTHER = ("司马相如", resident_id(42), "13911110042")
SECRETS = [NAME, NUMBER, PHONE, *OTHER, NUMBER[:-1], PHONE[3:]]
HOSTILE = [
    "'; DROP TABLE persons; --",
    f"{NAME}',(SELECT 1),'{PHONE}",
    '=HYPERLINK("http://evil","x")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "a\x00b\x07c\x1b[31m",
    f"\u202e{NAME},{NUMBER},{PHONE}",
    "9" * 5000,
    NAME * 300,
    f"NP1.R.{NUMBER}.{PHONE}.!!!not-base64",  # a forged / damaged personal code
    f"NP1.R.{NUMBER[:-1]}0.{PHONE}.5byg5LiJ",  # a forged code: the check digit is wrong
    f"NP1.X.{NUMBER}.{PHONE}.5byg5LiJ",  # unknown document type
    f"NP1.R.{NUMBER}.{PHONE}",  # cut short
    "NATQ1.2026-12-04.P001.forged",  # a forged ticket slip
    f"{NAME},{NUMBER}0,{PHONE}",  # a number one digit too long
    f"{NAME},{NUMBER},{PHONE}99",  # a phone too long
    PHONE,
    NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"),
    NAME,
    "NATCMD:MODE:7; DROP",
    json.dumps({"name": f"{NAME}'); DROP TABLE persons;--", "id": NUMBER, "phone": PHONE}),
]


def scan_process(lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.main", "scan"],
        input="".join(line.replace("\n", " ") + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ},
    )


def in_clear(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_hostile_scans_crash_nothing_write_nothing_and_leak_nothing() -> None:
    proc = scan_process(["3100000001", *HOSTILE])
    assert proc.returncode == 0, proc.stderr
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(replies) == 1 + len(HOSTILE)
    assert replies[0]["code"] == "tube_opened"
    saved = [r for r in replies[1:] if r["status"] == "saved"]
    assert saved == []  # not one hostile line became a record
    messages = " ".join(r["message"] + r.get("person", "") for r in replies)
    assert in_clear(messages) == [] and in_clear(proc.stderr) == []
    station = open_station()
    assert station.recording.view().totals.people == 0
    station.close()


def test_a_zero_width_character_is_dropped_from_a_name_not_stored() -> None:
    proc = scan_process(["3100000001", f"{NAME}\u200b,{NUMBER},{PHONE}"])
    assert json.loads(proc.stdout.splitlines()[1])["code"] == "person_added"
    connection = sqlite3.connect(data_dir() / "station.sqlite3")
    assert connection.execute("SELECT name FROM persons").fetchall() == [(NAME,)]
    connection.close()


def test_the_people_recorded_are_never_in_clear_in_output_logs_or_stderr(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    station = open_station()
    station.recording.scan("3100000001")
    outcomes = [
        station.recording.scan(f"{NAME},{NUMBER},{PHONE}"),
        station.recording.scan(",".join(OTHER)),
        station.recording.scan(f"{NAME},{NUMBER},{PHONE}"),  # the same person again
        station.recording.scan(OTHER[1]),
    ]  # and by the ID alone
    assert [o.status.value for o in outcomes[:2]] == ["saved", "saved"]
    station.close()
    assert main(["report", "--json"]) == 0
    assert main(["audit", "list", "--json"]) == 0
    shown = " ".join(f"{o.message} {o.as_json()}" for o in outcomes)
    out = capsys.readouterr()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    files = [p.read_text("utf-8", "replace") for p in data_dir().rglob("*.log")]
    assert in_clear(shown + out.out + out.err + logged + "".join(files)) == []


def test_hostile_command_line_values_are_refused_or_kept_as_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (
        ["purge", "--before", "2026-13-40"],
        ["purge", "--before", "'; DROP"],
        ["audit", "list", "--since", "x\u202e"],
        ["audit", "list", "--action", "drop"],
    ):
        with pytest.raises(SystemExit) as refused:
            main(argv)
        assert refused.value.code == 2
    assert main(["report", "--json", "--table", "'; DROP TABLE tubes; --\u202e"]) == 0
    assert main(["audit", "list", "--json", "--operator-id", "' OR 1=1 --"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("{")  # the report; no entry


@pytest.mark.parametrize(
    "settings",
    ["bogus = 1\n", 'box_capacity = "=1+1"\n', 'table = "1\n', 'retention_days = "30; DROP"\n'],
)
def test_a_hostile_settings_file_is_one_clear_line(app_dirs, settings: str) -> None:  # type: ignore
    app_dirs.config_dir.mkdir(parents=True)
    (app_dirs.config_dir / "settings.toml").write_text(settings, encoding="utf-8")
    proc = scan_process(["3100000001"])
    assert proc.returncode == 2
    assert proc.stderr.startswith("nat-station: 设置文件有误") and "Traceback" not in proc.stderr
    assert not (data_dir() / "station.sqlite3").exists()  # nothing opened, nothing written


def test_import_files_with_path_tricks_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "roster.csv"
    link.symlink_to("/etc/passwd")
    outside = tmp_path / "a" / ".." / ".." / "nowhere" / "roster.csv"
    for path in (str(link), str(outside), "../../../../etc/shadow", "/dev/zero", str(tmp_path)):
        code = main(["roster", "import", path])
        out = capsys.readouterr()
        assert code != 0, path
        assert "Traceback" not in out.err and "root:" not in out.out + out.err
    good = write_csv(tmp_path / "good.csv", [row(43, NAME, phone=PHONE)])
    evil = tmp_path / "evil.csv"
    evil.symlink_to(good)  # a link to a real roster is read as that roster, nothing more
    assert main(["roster", "import", str(evil)]) == 0
    connection = sqlite3.connect(data_dir() / "station.sqlite3")
    assert connection.execute("SELECT count(*) FROM roster_residents").fetchone() == (1,)
    connection.close()
