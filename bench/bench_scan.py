"""Scan-to-commit latency through the recording service on SQLite synchronous=FULL.

Baseline, in the same run: the standard library's sqlite3 writing the same rows (events,
persons, tubes, members) with the same pragmas, one transaction per scan, no reads, no
domain rules. Target: p99(service) / p99(baseline) <= 1.5.
Run: python bench/bench_scan.py [--scans 10000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import emit, shift, summary_ms

from db.engine import SQLITE_PRAGMAS
from db.store import Database
from station.recording import RecordingService
from station.settings import Settings

POOL = 10


def through_service(path: Path, scans: list[str]) -> list[float]:
    database = Database(f"sqlite:///{path}", "bench site")
    service = RecordingService(database.unit_of_work, Settings(site_name="bench site"))
    timings = []
    for text in scans:
        started = time.perf_counter()
        outcome = service.scan(text)
        timings.append(time.perf_counter() - started)
        if outcome.status.value != "saved":
            raise SystemExit(f"scan {text!r} was not saved: {outcome.message}")
    database.dispose()
    return timings


def raw_baseline(path: Path, scans: list[str]) -> list[float]:
    """Create the schema with the migrations, then write the same rows with bare sqlite3."""
    Database(f"sqlite:///{path}", "bench site").dispose()
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    site, table, recorder, round_ = "bench site", "1", "录入员", "2026-11-22"
    event_sql = (
        "INSERT INTO events (id, kind, at, site, table_no, recorder, round, tube, person_id, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    timings = []
    tube = ""
    count = 0
    for text in scans:
        now = datetime.now(UTC).isoformat()
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        if len(text) == 10:
            tube, count = text, 0
            connection.execute(event_sql, (str(uuid.uuid4()), "tube_opened", now, site, table,
                                           recorder, round_, tube, None, json.dumps({"mode": 10})))
            connection.execute(
                "INSERT INTO tubes (site, barcode, mode, status, count, table_no, recorder, round,"
                " opened_at, activated_at, sealed_at, under_filled)"
                " VALUES (?, ?, 10, 'open', 0, ?, ?, ?, ?, ?, NULL, 0)",
                (site, tube, table, recorder, round_, now, now),
            )
        else:
            person, added = str(uuid.uuid4()), str(uuid.uuid4())
            data = {"doc_type": "resident_id", "doc_number": text, "note": "", "name": "",
                    "phone": "", "single_only": False}
            connection.execute(event_sql, (str(uuid.uuid4()), "person_registered", now, site,
                                           table, recorder, round_, None, person, json.dumps(data)))
            connection.execute(
                "INSERT INTO persons (id, doc_type, doc_number, note, name, phone, single_only,"
                " updated_at) VALUES (?, 'resident_id', ?, '', '', '', 0, ?)",
                (person, text, now),
            )
            connection.execute(event_sql, (added, "person_added", now, site, table, recorder,
                                           round_, tube, person, "{}"))
            connection.execute(
                "INSERT INTO tube_members (event_id, site, tube, person_id, added_at, removed_by)"
                " VALUES (?, ?, ?, ?, ?, NULL)",
                (added, site, tube, person, now),
            )
            connection.execute(
                "UPDATE tubes SET count = count + 1 WHERE site = ? AND barcode = ?", (site, tube)
            )
            count += 1
            if count == POOL:
                connection.execute(event_sql, (str(uuid.uuid4()), "tube_sealed", now, site, table,
                                               recorder, round_, tube, None,
                                               json.dumps({"under_filled": False})))
                connection.execute(
                    "UPDATE tubes SET status = 'sealed', sealed_at = ?, under_filled = 0"
                    " WHERE site = ? AND barcode = ?",
                    (now, site, tube),
                )
        connection.execute("COMMIT")
        timings.append(time.perf_counter() - started)
    connection.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=10_000)
    args = parser.parse_args()
    scans = shift(args.scans, POOL)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        # Interleave halves so that disk and CPU noise fall on both sides alike.
        half = len(scans) // 2 // (POOL + 1) * (POOL + 1)  # on a tube boundary
        service = through_service(Path(folder) / "a.sqlite3", scans[:half])
        baseline = raw_baseline(Path(folder) / "b.sqlite3", scans[:half])
        service += through_service(Path(folder) / "c.sqlite3", scans[half:])
        baseline += raw_baseline(Path(folder) / "d.sqlite3", scans[half:])
    s, b = summary_ms(service), summary_ms(baseline)
    ratio = round(s["p99_ms"] / b["p99_ms"], 3)
    print(f"service  {s}")
    print(f"baseline {b}")
    print(f"p99 ratio {ratio} (target <= 1.5); p50 ratio {s['p50_ms'] / b['p50_ms']:.3f}")
    emit({"benchmark": "scan_to_commit", "sqlite_synchronous": "FULL", "service": s,
          "raw_sqlite3_baseline": b, "p99_ratio": ratio, "target_p99_ratio": 1.5,
          "met": ratio <= 1.5})


if __name__ == "__main__":
    main()
