"""Training data never reaches real data: separate databases marked and checked both ways,
training barcodes a real station refuses, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, inspect, text

from app.wiring import Station, open_station
from db.engine import normalise_url
from db.training import MARKER, reset_training_file
from station.core.codes import PersonCode, encode_person_code
from station.core.identity import parse_resident_id
from station.core.settings import BarcodePattern, data_dir
from station.training import TrainingDatabaseError, training_code, training_tube
from ui.pdf import set_watermark, watermark_text


@pytest.fixture(autouse=True)
def _no_watermark_after() -> Iterator[None]:
    """A training station marks this process's prints: not the tests that come after."""
    yield
    set_watermark("")


REAL_CODE = encode_person_code(
    PersonCode(parse_resident_id("11010519491231002X"), "张三", "13812345678")
)
TRAINING_CODE = training_code(REAL_CODE)


def _tables(url: str) -> set[str]:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _events(station: Station) -> int:
    with station.database.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM events")).scalar_one())


def test_a_training_station_marks_its_new_database_and_takes_only_training_barcodes(
    db_url: str,
) -> None:
    station = open_station(database_url=db_url, training=True, site_name="幸福里")
    try:
        assert station.settings.site_name == "幸福里（培训）"
        assert watermark_text() == "培训 TRAINING 非正式记录"  # whatever it prints
        table = station.recording
        assert table.scan(training_tube(1)).code == "tube_opened"
        added = table.scan(TRAINING_CODE)
        assert (added.code, added.count) == ("person_added", 1)
        before = _events(station)
        refused = table.scan(REAL_CODE)
        assert (refused.status.value, refused.code) == ("error", "live_code_in_training")
        assert "培训" in refused.message
        assert table.scan("3100000001").status.value == "error"  # a real lab tube
        assert _events(station) == before
    finally:
        station.close()
    assert MARKER in _tables(db_url)
    open_station(database_url=db_url, training=True).close()  # marked: opens again


def test_a_real_station_refuses_a_training_database(db_url: str) -> None:
    open_station(database_url=db_url, training=True).close()
    with pytest.raises(TrainingDatabaseError) as refused:
        open_station(database_url=db_url)
    assert refused.value.code == "training_database_at_live_station"
    assert "培训数据库" in refused.value.zh


def test_training_refuses_a_real_database_and_leaves_it_untouched(db_url: str) -> None:
    open_station(database_url=db_url).close()
    before = _tables(db_url)
    with pytest.raises(TrainingDatabaseError) as refused:
        open_station(database_url=db_url, training=True)
    assert refused.value.code == "real_database_in_training"
    assert _tables(db_url) == before and MARKER not in before


def test_a_real_station_refuses_training_barcodes_whatever_its_lab_pattern(db_url: str) -> None:
    # A lab pattern loose enough to admit the training tube shape: still refused.
    loose = BarcodePattern(regex=r"[A-Z0-9]{10,12}")
    station = open_station(database_url=db_url, tube=loose, box=loose)
    try:
        table = station.recording
        assert table.scan("3100000001").code == "tube_opened"
        before = _events(station)
        for barcode in (training_tube(1), TRAINING_CODE, "TRAINBX00001"):
            outcome = table.scan(barcode)
            assert (outcome.status.value, outcome.code) == ("error", "training_barcode")
            assert "培训用条码" in outcome.message
        assert _events(station) == before
        assert table.scan(REAL_CODE).code == "person_added"
        assert station.lab is not None
        packing = station.lab.boxes.scan("TRAINBX00001")  # and at packing
        assert (packing.status.value, packing.code) == ("error", "training_barcode")
    finally:
        station.close()


def _cli(*args: str, lines: list[str] = ()) -> subprocess.CompletedProcess[str]:  # type: ignore[assignment]
    return subprocess.run(
        [sys.executable, "-m", "app.main", *args],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=dict(os.environ),
    )


def test_the_training_flag_before_a_command_uses_the_sandbox_file() -> None:
    done = _cli("--training", "scan", lines=[training_tube(1), TRAINING_CODE])
    assert done.returncode == 0, done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["code"] for r in replies] == ["tube_opened", "person_added"]
    assert (data_dir() / "training.sqlite3").exists()
    assert not (data_dir() / "station.sqlite3").exists()
    real = _cli("scan", "--strict", lines=[training_tube(2)])
    assert real.returncode == 1 and json.loads(real.stdout)["code"] == "training_barcode"
    url = f"sqlite:///{data_dir() / 'station.sqlite3'}"
    pointed = _cli("--training", "report", "--db", url)
    assert pointed.returncode == 2 and "培训模式不能打开正式数据库" in pointed.stderr
    back = _cli("report", "--db", f"sqlite:///{data_dir() / 'training.sqlite3'}")
    assert back.returncode == 2 and "这是培训数据库" in back.stderr


def test_a_drill_restart_deletes_only_a_marked_training_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    real, sandbox = f"sqlite:///{tmp_path / 'real.sqlite3'}", f"sqlite:///{tmp_path / 't.sqlite3'}"
    open_station(database_url=real).close()
    open_station(database_url=sandbox, training=True).close()
    with pytest.raises(TrainingDatabaseError):
        reset_training_file(real)
    assert (tmp_path / "real.sqlite3").exists()
    assert reset_training_file(sandbox) and not (tmp_path / "t.sqlite3").exists()


def test_a_drill_runs_only_in_training_and_a_bad_drill_file_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    outside = _cli("window", "--drill", "first_shift")
    assert outside.returncode == 2 and "演练只在培训模式中运行" in outside.stderr
    bad = tmp_path / "mine.toml"
    bad.write_text("[[step]]\ndo = 'dance'\n", encoding="utf-8")
    refused = _cli("--training", "window", "--drill", str(bad))
    assert refused.returncode == 2 and "第 1 步" in refused.stderr and "dance" in refused.stderr
    assert not (data_dir() / "training.sqlite3").exists()  # refused before anything opened
    cards = _cli("--training", "cards", str(bad), "--pdf", str(tmp_path / "c.pdf"))
    assert cards.returncode == 2 and not (tmp_path / "c.pdf").exists()
