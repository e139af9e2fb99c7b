"""An encrypted station (SQLCipher, key from the site passphrase by argon2id): nothing recorded
is readable in the file or its WAL, a wrong passphrase is refused in words, migrations run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.wiring import open_station
from db import cipher
from db.migrate import current_revisions, shipped_heads
from roster_data import resident_id, row, write_csv
from station.core.errors import OperatorError
from station.core.passphrase import wrong_passphrase
from station.core.settings import data_dir

PEOPLE = [
    ("欧阳娜娜", resident_id(31), "13911110001"),
    ("司马相如", resident_id(32), "13911110002"),
]


@pytest.fixture
def encrypted(app_dirs, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    app_dirs.config_dir.mkdir(parents=True)
    (app_dirs.config_dir / "settings.toml").write_text("encrypted = true\n", encoding="utf-8")
    monkeypatch.setenv("NAT_STATION_PASSPHRASE", "长城-2026 correct horse")
    yield app_dirs
    cipher._KEYS.clear()


def files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data_dir().glob("station.sqlite3*")}


def test_nothing_recorded_is_readable_on_disk(encrypted, tmp_path: Path) -> None:  # type: ignore
    station = open_station()
    station.recording.scan("3100000001")
    for name, number, phone in PEOPLE:
        assert station.recording.scan(f"{name},{number},{phone}").status.value == "saved"
    roster = write_csv(tmp_path / "roster.csv", [row(5, "卓文君", phone="13722220001")])
    assert station.roster is not None
    station.roster.importer.import_file(roster)  # the bulk-writes checkpoint thread, keyed
    while_open = files()
    assert "station.sqlite3-wal" in while_open
    station.close()
    secrets = [v.encode() for person in PEOPLE for v in person] + ["卓文君".encode()]
    for contents in (while_open, files()):
        assert all(s not in data for s in secrets for data in contents.values())
        assert all(b"SQLite format 3" not in data for data in contents.values())
    again = open_station()
    assert again.recording.view().totals.people == 2
    again.close()


def test_migrations_run_on_an_encrypted_file(encrypted) -> None:  # type: ignore[no-untyped-def]
    station = open_station()
    assert current_revisions(station.database.engine) == shipped_heads()
    assert station.database.engine.dialect.dbapi.__name__.startswith("sqlcipher3")
    station.close()


def test_a_wrong_passphrase_is_refused(encrypted, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore
    open_station().close()
    monkeypatch.setenv("NAT_STATION_PASSPHRASE", "wrong")
    with pytest.raises(OperatorError) as refused:
        open_station()
    assert refused.value.code == "wrong_passphrase"


def test_the_cli_says_wrong_passphrase_without_a_traceback(encrypted) -> None:  # type: ignore
    open_station().close()
    proc = subprocess.run(
        [sys.executable, "-m", "app.main", "report"],
        capture_output=True,
        text=True,
        env={**os.environ, "NAT_STATION_PASSPHRASE": "wrong"},
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "nat-station: " + wrong_passphrase().zh


def test_the_key_is_never_stored(encrypted) -> None:  # type: ignore[no-untyped-def]
    open_station().close()
    key = next(iter(cipher._KEYS.values()))
    stored = [p.read_bytes() for p in data_dir().rglob("*") if p.is_file()]
    assert all(key not in data and key.hex().encode() not in data for data in stored)
    assert len((data_dir() / "station.sqlite3.salt").read_bytes()) == 16
