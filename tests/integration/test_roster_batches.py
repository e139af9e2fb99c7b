"""A large roster import commits in batches: a sampling table keeps scanning meanwhile."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from app.roster_wiring import build_roster
from db.recording.models import PersonRow
from db.recording.store import Database
from db.roster.models import ImportLogRow, ResidentRow
from roster_data import resident_id, row, write_csv
from station.core.settings import Settings
from station.recording import RecordingService, Status
from station.roster.importer import ImportReport

SITE = "幸福里社区核酸采样点"
# Enough rows that the import is still writing while the table scans (the test checks it).
ROWS = {"sqlite": 50_000, "postgresql": 20_000}


def settings() -> Settings:
    return Settings(site_name=SITE, table="2", recorder="王芳", round="第5轮")


def persons(database: Database) -> int:
    with database.transaction() as connection:
        return connection.execute(select(func.count()).select_from(PersonRow)).scalar_one()


def test_table_scans_in_well_under_a_second_while_a_large_import_runs(
    db_url: str, tmp_path: Path, check_projection
) -> None:
    importing = Database(db_url, SITE)
    rows = ROWS[importing.engine.dialect.name]
    path = write_csv(tmp_path / "big.csv", [row(n, room=f"{100 + n // 3}") for n in range(rows)])
    # The table has its own connection to the same file, as a second window or process has.
    table_db = Database(db_url, SITE)
    try:
        roster = build_roster(importing, settings())
        importer = roster.importer  # the batch size and pause the station ships with
        reports: list[ImportReport] = []
        worker = threading.Thread(target=lambda: reports.append(importer.import_file(path)))
        worker.start()
        deadline = time.monotonic() + 120
        while persons(table_db) == 0:  # checking first, then the first batch is written
            assert worker.is_alive() and time.monotonic() < deadline
            time.sleep(0.01)

        table = RecordingService(table_db.unit_of_work, settings())
        waits, importing_still = [], []
        scans = ["2022100101", *(resident_id(n, year=2001) for n in range(9))]
        for scan in scans:
            started = time.perf_counter()
            outcome = table.scan(scan)
            waits.append(time.perf_counter() - started)
            importing_still.append(worker.is_alive())
            assert outcome.status is Status.SAVED, outcome
            time.sleep(0.02)  # spread over the import: some scans land while a batch is written
        worker.join(timeout=300)
        assert not worker.is_alive()
        # The scans ran while the import was writing, not after it.
        assert sum(importing_still) >= 3, (importing_still, waits)
        # A scan waits at most for the batch being written (measured: 0.15-0.23 s on SQLite).
        assert max(waits) < 0.75, waits
        (report,) = reports
        assert report.imported and report.created == rows and not report.errors
        assert persons(table_db) == rows + len(scans) - 1
        with table_db.transaction() as connection:
            assert (
                connection.execute(select(func.count()).select_from(ResidentRow)).scalar() == rows
            )
            logged = connection.execute(select(ImportLogRow.__table__)).one()
        assert (logged.rows, logged.created, logged.registered) == (rows, rows, rows)
        check_projection(db_url, SITE)
    finally:
        table_db.dispose()
        importing.dispose()


def test_every_batch_is_written_and_refused_imports_write_none(
    db_url: str, tmp_path: Path, check_projection
) -> None:
    database = Database(db_url, SITE)
    try:
        importer = replace(build_roster(database, settings()).importer, batch_rows=7)
        rows = [row(n, room=f"{100 + n // 3}") for n in range(50)]
        report = importer.import_file(write_csv(tmp_path / "good.csv", rows))
        assert (report.created, report.registered) == (50, 50)
        # A bad row at the very end: checked before any batch is written, so nothing is.
        bad = [row(n, name="王五", room="900") for n in range(50, 80)] + [row(80, name="王5")]
        refused = importer.import_file(write_csv(tmp_path / "bad.csv", bad))
        assert not refused.imported and [e.line for e in refused.errors] == [32]
        assert persons(database) == 50
        again = importer.import_file(write_csv(tmp_path / "good.csv", rows))
        assert (again.created, again.matched, again.registered) == (0, 50, 0)
        check_projection(db_url, SITE)
    finally:
        database.dispose()
