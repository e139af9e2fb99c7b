"""`nat-station encrypt` / `decrypt` convert an existing station file in place: afterwards no
byte on disk (the file, a WAL left by a crash, a journal, a half-made copy) holds a recorded
name, ID number or phone; every row is there; refused while the station runs (issue 14)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.main import main
from app.wiring import open_station
from db import cipher
from roster_data import resident_id, row, write_csv
from station.core.settings import data_dir, load_settings

PASSPHRASE = "长城-2026 correct horse"
PEOPLE = [
    ("欧阳娜娜", resident_id(41), "13911110041"),
    ("买买提·艾力", resident_id(42), "13911110042"),
]
ROSTER = [row(50 + n, "司马相如卓文君"[n % 7] + "娜", phone=f"1372222{n:04d}") for n in range(40)]
# The last person is written by a process killed before any checkpoint: only in the WAL.
CRASHED = ("诸葛孔明", resident_id(43), "13911110043")


def secrets() -> list[bytes]:
    people = [*PEOPLE, CRASHED]
    values = [v for person in people for v in person]
    values += [r[k] for r in ROSTER for k in ("姓名", "证件号码", "手机号")]
    return [v.encode("utf-8") for v in values]


def on_disk() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data_dir().rglob("*") if p.is_file()}


def found(files: dict[str, bytes]) -> list[tuple[str, str]]:
    return [(name, s.decode()) for name, data in files.items() for s in secrets() if s in data]


KILLED_AFTER_WRITING = textwrap.dedent(
    """
    import os, signal
    from app.wiring import open_station
    station = open_station()
    station.recording.scan({person!r})
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NAT_STATION_PASSPHRASE", PASSPHRASE)
    assert main(["roster", "import", str(write_csv(tmp_path / "r.csv", ROSTER))]) == 0
    station = open_station()
    station.recording.scan("3100000001")
    for name, number, phone in PEOPLE:
        assert station.recording.scan(f"{name},{number},{phone}").status.value == "saved"
    station.close()
    person = ",".join(CRASHED)
    code = KILLED_AFTER_WRITING.format(person=person)
    killed = subprocess.run([sys.executable, "-c", code], cwd=Path.cwd(), check=False)
    assert killed.returncode == -9
    path = data_dir() / "station.sqlite3"
    assert CRASHED[0].encode() in (data_dir() / "station.sqlite3-wal").read_bytes()
    yield path
    cipher._KEYS.clear()


def people_and_audit() -> tuple[int, list[str]]:
    station = open_station()
    try:
        assert station.audit is not None
        _, findings = station.audit.verify()
        reasons = [e.reason for _, e in station.audit.entries() if e.target == "database_file"]
        return station.recording.view().totals.people, [*(f.message for f in findings), *reasons]
    finally:
        station.close()


def test_encrypt_leaves_no_plain_byte_behind_and_decrypt_brings_it_back(recorded: Path) -> None:
    before = on_disk()
    assert found(before)  # the test can see the values it looks for
    assert main(["encrypt"]) == 0
    after = on_disk()
    assert found(after) == []
    assert sorted(after) == ["audit_ed25519.pem", "station.sqlite3", "station.sqlite3.salt"]
    assert not cipher.is_plain_file(str(recorded)) and load_settings().encrypted
    cipher._KEYS.clear()
    assert people_and_audit() == (3, ["encrypt"])  # the crashed one's scan was kept
    cipher._KEYS.clear()
    assert main(["decrypt"]) == 0
    assert cipher.is_plain_file(str(recorded)) and not load_settings().encrypted
    assert not (data_dir() / "station.sqlite3.salt").exists()
    assert people_and_audit() == (3, ["encrypt", "decrypt"])


HOLDS_IT_OPEN = textwrap.dedent(
    """
    import sys, time
    from app.wiring import open_station
    station = open_station()
    station.recording.view()
    print("open", flush=True)
    sys.stdin.readline()
    station.close()
    """
)


def test_refused_while_the_station_runs_nothing_changed(
    recorded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    running = subprocess.Popen(
        [sys.executable, "-c", HOLDS_IT_OPEN], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert running.stdout is not None and running.stdout.readline() == b"open\n"
        files = {k: v for k, v in on_disk().items() if not k.endswith("-shm")}
        plain = recorded.read_bytes()
        assert main(["encrypt"]) == 2
        assert "正在使用" in capsys.readouterr().err
        assert cipher.is_plain_file(str(recorded)) and not load_settings().encrypted
        now = on_disk()
        assert not [name for name in now if name.endswith((".salt", ".converting"))]
        assert set(files) <= set(now) and recorded.read_bytes() == plain
    finally:
        running.communicate(b"\n", timeout=30)
    assert people_and_audit() == (3, [])  # nothing done, nothing in the trail


def test_decrypt_with_a_wrong_passphrase_changes_nothing(
    recorded: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["encrypt"]) == 0
    cipher._KEYS.clear()
    encrypted = recorded.read_bytes()
    monkeypatch.setenv("NAT_STATION_PASSPHRASE", "wrong")
    assert main(["decrypt"]) == 2
    assert "站点口令不对" in capsys.readouterr().err
    assert recorded.read_bytes() == encrypted and load_settings().encrypted
    assert main(["encrypt"]) == 2  # and it is not encrypted twice
