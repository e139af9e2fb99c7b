"""Scan-to-commit latency through the recording service on SQLite synchronous=FULL.

Baseline, in the same run and scan by scan in lockstep (so that a noisy moment of the disk
falls on both alike): the standard library's sqlite3 writing the same rows (events, persons,
tubes, members) with the same pragmas, one transaction per scan, no reads, no domain rules.
Target: p99(service) / p99(baseline) <= 1.5.
`--encrypted`: a third arm in the same lockstep, the same service on an SQLCipher file (key
derived once from a passphrase, issue 14); target p99(encrypted) / p99(service) <= 1.15.
Run: python bench/bench_scan.py [--scans 10000] [--encrypted]
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

from db import cipher
from db.engine import SQLITE_PRAGMAS
from db.recording.store import Database
from station.core.settings import Settings
from station.recording import RecordingService

POOL = 10


class RawBaseline:
    """The same rows as the service writes for each scan, with bare sqlite3 and no rules."""

    EVENT = (
        "INSERT INTO events (id, kind, at, site, table_no, recorder, round, tube, person_id, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )

    def __init__(self, path: Path) -> None:
        Database(f"sqlite:///{path}", "bench site").dispose()  # schema by the migrations
        self.db = sqlite3.connect(path, isolation_level=None)
        for pragma in SQLITE_PRAGMAS:
            self.db.execute(pragma)
        self.stamp = ("bench site", "1", "录入员", "2026-11-22")
        self.tube, self.count = "", 0

    def event(
        self,
        kind: str,
        now: str,
        tube: str | None,
        person: str | None,
        data: dict,
        event_id: str | None = None,
    ) -> None:
        row = (event_id or str(uuid.uuid4()), kind, now, *self.stamp, tube, person)
        self.db.execute(self.EVENT, (*row, json.dumps(data)))

    def scan(self, text: str) -> None:
        site, table, recorder, round_ = self.stamp
        now = datetime.now(UTC).isoformat()
        self.db.execute("BEGIN IMMEDIATE")
        if len(text) == 10:
            self.tube, self.count = text, 0
            self.event("tube_opened", now, text, None, {"mode": POOL})
            self.db.execute(
                "INSERT INTO tubes (site, barcode, mode, status, count, table_no, recorder, round,"
                " opened_at, activated_at, sealed_at, under_filled)"
                " VALUES (?, ?, ?, 'open', 0, ?, ?, ?, ?, ?, NULL, 0)",
                (site, text, POOL, table, recorder, round_, now, now),
            )
        else:
            person, added = str(uuid.uuid4()), str(uuid.uuid4())
            data = {
                "doc_type": "resident_id",
                "doc_number": text,
                "note": "",
                "name": "",
                "phone": "",
                "single_only": False,
                "new": True,
            }
            self.event("person_registered", now, None, person, data)
            self.db.execute(
                "INSERT INTO persons (id, doc_type, doc_number, note, name, phone, single_only,"
                " updated_at) VALUES (?, 'resident_id', ?, '', '', '', 0, ?)",
                (person, text, now),
            )
            self.event("person_added", now, self.tube, person, {}, event_id=added)
            self.db.execute(
                "INSERT INTO tube_members (event_id, site, tube, person_id, added_at, removed_by)"
                " VALUES (?, ?, ?, ?, ?, NULL)",
                (added, site, self.tube, person, now),
            )
            self.db.execute(
                "UPDATE tubes SET count = count + 1 WHERE site = ? AND barcode = ?",
                (site, self.tube),
            )
            self.count += 1
            if self.count == POOL:
                self.event("tube_sealed", now, self.tube, None, {"under_filled": False})
                self.db.execute(
                    "UPDATE tubes SET status = 'sealed', sealed_at = ?, under_filled = 0"
                    " WHERE site = ? AND barcode = ?",
                    (now, site, self.tube),
                )
        self.db.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=10_000)
    parser.add_argument("--encrypted", action="store_true", help="also an SQLCipher file")
    args = parser.parse_args()
    scans = shift(args.scans, POOL)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        database = Database(f"sqlite:///{folder}/service.sqlite3", "bench site")
        station = RecordingService(database.unit_of_work, Settings(site_name="bench site"))
        raw = RawBaseline(Path(folder) / "baseline.sqlite3")
        secret = None
        if args.encrypted:
            cipher.unlock(f"{folder}/encrypted.sqlite3", "bench passphrase")
            secret = Database(f"sqlite:///{folder}/encrypted.sqlite3", "bench site")
            hidden = RecordingService(secret.unit_of_work, Settings(site_name="bench site"))
        service: list[float] = []
        baseline: list[float] = []
        encrypted: list[float] = []
        # Scan by scan in lockstep, on the same disk: a noisy moment falls on both alike.
        for text in scans:
            started = time.perf_counter()
            outcome = station.scan(text)
            service.append(time.perf_counter() - started)
            if outcome.status.value != "saved":
                raise SystemExit(f"scan {text!r} was not saved: {outcome.message}")
            started = time.perf_counter()
            raw.scan(text)
            baseline.append(time.perf_counter() - started)
            if secret is not None:
                started = time.perf_counter()
                outcome = hidden.scan(text)
                encrypted.append(time.perf_counter() - started)
                if outcome.status.value != "saved":
                    raise SystemExit(f"encrypted: {text!r} was not saved: {outcome.message}")
        database.dispose()
        if secret is not None:
            secret.dispose()
        raw.db.close()
    s, b = summary_ms(service), summary_ms(baseline)
    ratio = round(s["p99_ms"] / b["p99_ms"], 3)
    print(f"service  {s}")
    print(f"baseline {b}")
    print(f"p99 ratio {ratio} (target <= 1.5); p50 ratio {s['p50_ms'] / b['p50_ms']:.3f}")
    extra: dict[str, object] = {}
    if encrypted:
        e = summary_ms(encrypted)
        cost = round(e["p99_ms"] / s["p99_ms"], 3)
        print(f"encrypted {e}")
        print(f"encrypted / plain service p99 {cost} (target <= 1.15)")
        extra = {
            "encrypted_service": e,
            "encrypted_p99_ratio": round(e["p99_ms"] / b["p99_ms"], 3),
            "encrypted_vs_plain_p99": cost,
            "encrypted_met": cost <= 1.15,
        }
    emit(
        {
            "benchmark": "scan_to_commit",
            "sqlite_synchronous": "FULL",
            "service": s,
            "raw_sqlite3_baseline": b,
            "p99_ratio": ratio,
            "target_p99_ratio": 1.5,
            "met": ratio <= 1.5,
            **extra,
        }
    )


if __name__ == "__main__":
    main()
