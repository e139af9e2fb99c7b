"""Verifying the audit trail against hashing the same bytes with hashlib, in the same run.

Writes N chained entries (default 1,000,000) straight into a fresh station's SQLite file
(the station opened by the app's wiring, app/wiring.py, with its own key and trail),
then times, best of --repeat: (a) the baseline, SHA-256 of each entry's bytes chained to the
hash before it, from a list in memory (hashlib alone, no reading); (b) `SqlAuditTrail.verify`,
which reads every row back from the file and checks the chain and the signed checkpoints.
Target: (b) <= 2 x (a), wall time. The CPU time of the process is given beside it: on a machine
other work loads, wall time shows the load as much as the code. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import bench_station, emit
from db.audit.store import SqlAuditTrail, _checkpoint
from db.recording.store import Database
from station.audit.chain import GENESIS, canonical_bytes, link
from station.audit.keys import StationKey
from station.audit.trail import AuditAction, AuditEntry

ACTIONS = list(AuditAction)


def bodies(n: int, station: str) -> list[bytes]:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    return [
        canonical_bytes(
            AuditEntry(
                start + timedelta(seconds=i),
                f"op-{i % 40}",
                "recorder",
                ACTIONS[i % len(ACTIONS)],
                f"{i:036d}",
                "",
                i % 7,
            ),
            station,
        )
        for i in range(n)
    ]


def fill(database: Database, key: StationKey, items: list[bytes], every: int) -> None:
    path = database.engine.url.database
    assert path
    rows, prev = [], GENESIS
    for seq, body in enumerate(items, 1):
        digest = link(prev, body)
        rows.append((key.station_id, seq, prev, body, digest))
        prev = digest
    connection = sqlite3.connect(path)
    connection.executemany("INSERT INTO audit_entries VALUES (?, ?, ?, ?, ?)", rows)
    connection.commit()
    connection.close()
    with database.transaction() as tx:
        for seq in range(every, len(rows) + 1, every):
            _checkpoint(tx, key, seq, rows[seq - 1][4])
        tx.commit()


def baseline(items: list[bytes]) -> None:
    sha256 = hashlib.sha256
    prev = GENESIS
    for body in items:
        prev = sha256(prev + body).digest()


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and process CPU seconds of `work()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def check(trail: SqlAuditTrail, entries: int) -> None:
    count, findings = trail.verify()
    assert count == entries and not findings, findings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as name:
        run(args, Path(name))


def run(args: argparse.Namespace, folder: Path) -> None:
    station = bench_station(f"sqlite:///{folder / 'station.sqlite3'}", folder, site_name="bench")
    trail = station.audit
    assert trail is not None
    database, key = station.database, trail.key
    items = bodies(args.entries, key.station_id)
    fill(database, key, items, 1000)
    hashed, verified = [], []
    for _ in range(args.repeat):
        hashed.append(timed(lambda: baseline(items)))
        verified.append(timed(lambda: check(trail, args.entries)))
    best_hash, cpu_hash = (min(run[i] for run in hashed) for i in (0, 1))
    best_verify, cpu_verify = (min(run[i] for run in verified) for i in (0, 1))
    megabytes = sum(map(len, items)) / 1e6
    print(f"baseline  hashlib chain over {megabytes:.0f} MB in memory: {best_hash:.3f} s")
    print(f"verify    {args.entries} entries read from SQLite and checked: {best_verify:.3f} s")
    emit(
        {
            "bench": "audit",
            "entries": args.entries,
            "bytes_mb": round(megabytes, 1),
            "hashlib_s": round(best_hash, 3),
            "verify_s": round(best_verify, 3),
            "ratio": round(best_verify / best_hash, 2),
            "target_ratio": 2.0,
            "cpu_hashlib_s": round(cpu_hash, 3),
            "cpu_verify_s": round(cpu_verify, 3),
            "cpu_ratio": round(cpu_verify / cpu_hash, 2),
            "runs_hashlib_s": [round(x, 3) for x, _ in hashed],
            "runs_verify_s": [round(x, 3) for x, _ in verified],
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cores": os.cpu_count(),
            "ok": best_verify <= 2 * best_hash,
        }
    )
    station.close()


if __name__ == "__main__":
    main()
