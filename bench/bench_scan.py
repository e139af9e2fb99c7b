"""Scan-to-commit latency of a station on SQLite synchronous=FULL.

`service`: the station as the app builds it (app/wiring.py's `open_station`), so each scan
goes through every scan handler a real station runs before the table's rules (the live guard,
boxes, recalls, results, households, the queue's tickets). `bare_service`: the recording
service alone (the same wiring, its scan handlers removed), what this benchmark measured
before issue 12, printed beside it.
Baseline, in the same run and scan by scan in lockstep (so that a noisy moment of the disk
falls on every arm alike): the standard library's sqlite3 writing the same rows (events,
persons, tubes, members) with the same pragmas, one transaction per scan, no reads, no rules.
Targets (wired): p99(service) / p99(baseline) <= 1.5, p50(service) / p50(baseline) <= 2.
`--encrypted`: one more arm, the wired station on an SQLCipher file (key derived once from a
passphrase, issue 14); target p99(encrypted) / p99(service) <= 1.15.
`--profile FILE`: cProfile of the wired arm's scans only, written to FILE (pstats format).
`--dir /dev/shm`: the files in memory, so the figures are the Python work alone.
Run: python bench/bench_scan.py [--scans 10000] [--encrypted] [--profile scan.prof] [--dir D]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))  # this checkout, not the installed one
from common import bench_station, emit, shift, summary_ms

from db.engine import SQLITE_PRAGMAS
from station.core.passphrase import ENV as PASSPHRASE_ENV

if TYPE_CHECKING:
    from app.wiring import Station

POOL = 10
P50_TARGET, P99_TARGET = 2.0, 1.5


class RawBaseline:
    """The same rows as the service writes for each scan, with bare sqlite3 and no rules."""

    EVENT = (
        "INSERT INTO events (id, kind, at, site, table_no, recorder, round, tube, person_id, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )

    def __init__(self, path: Path) -> None:
        bench_station(f"sqlite:///{path}", path.parent).close()  # schema by the migrations
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


def timed_scan(station: Station, text: str, into: list[float], arm: str) -> None:
    started = time.perf_counter()
    outcome = station.recording.scan(text)
    into.append(time.perf_counter() - started)
    if outcome.status.value != "saved":
        raise SystemExit(f"{arm}: scan {text!r} was not saved: {outcome.message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=10_000)
    parser.add_argument("--encrypted", action="store_true", help="also an SQLCipher file")
    parser.add_argument("--profile", help="write a cProfile of the wired arm to this file")
    parser.add_argument(
        "--dir", default=".", help="where the files go (default: here; /dev/shm: no fsync cost)"
    )
    args = parser.parse_args()
    scans = shift(args.scans, POOL)
    profile = cProfile.Profile() if args.profile else None
    arms: dict[str, list[float]] = {"service": [], "bare": [], "baseline": [], "encrypted": []}
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        wired = bench_station(f"sqlite:///{folder}/service.sqlite3", folder)
        bare = bench_station(f"sqlite:///{folder}/bare.sqlite3", folder)
        handlers = [type(handler).__name__ for handler in wired.recording.handlers]
        bare.recording.handlers.clear()  # the table's rules alone, as before issue 12
        raw = RawBaseline(Path(folder) / "baseline.sqlite3")
        secret = None
        if args.encrypted:
            os.environ[PASSPHRASE_ENV] = "bench passphrase"
            secret = bench_station(f"sqlite:///{folder}/encrypted.sqlite3", folder, encrypted=True)
        # Scan by scan in lockstep, on the same disk: a noisy moment falls on every arm alike.
        for text in scans:
            if profile is not None:
                profile.enable()
            timed_scan(wired, text, arms["service"], "wired")
            if profile is not None:
                profile.disable()
            timed_scan(bare, text, arms["bare"], "bare")
            started = time.perf_counter()
            raw.scan(text)
            arms["baseline"].append(time.perf_counter() - started)
            if secret is not None:
                timed_scan(secret, text, arms["encrypted"], "encrypted")
        for station in (wired, bare, secret):
            if station is not None:
                station.close()
        raw.db.close()
    if profile is not None:
        profile.dump_stats(args.profile)
    report(arms, handlers)


def report(arms: dict[str, list[float]], handlers: list[str]) -> None:
    s, b = summary_ms(arms["service"]), summary_ms(arms["baseline"])
    bare = summary_ms(arms["bare"])
    ratio = round(s["p99_ms"] / b["p99_ms"], 3)
    p50_ratio = round(s["p50_ms"] / b["p50_ms"], 3)
    bare_ratios = (round(bare["p50_ms"] / b["p50_ms"], 3), round(bare["p99_ms"] / b["p99_ms"], 3))
    print(f"service (wired)  {s}")
    print(f"bare service     {bare}")
    print(f"baseline         {b}")
    print(
        f"wired: p50 ratio {p50_ratio} (target <= {P50_TARGET}),"
        f" p99 ratio {ratio} (target <= {P99_TARGET})"
    )
    print(f"bare:  p50 ratio {bare_ratios[0]}, p99 ratio {bare_ratios[1]}")
    extra: dict[str, object] = {}
    if arms["encrypted"]:
        e = summary_ms(arms["encrypted"])
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
            "wired": True,  # `service` is the station as app/wiring.py builds it
            "scan_handlers": handlers,  # what each wired scan went through first, in order
            "service": s,
            "bare_service": bare,
            "raw_sqlite3_baseline": b,
            "p99_ratio": ratio,
            "target_p99_ratio": P99_TARGET,
            "met": ratio <= P99_TARGET,
            "p50_ratio": p50_ratio,
            "target_p50_ratio": P50_TARGET,
            "p50_met": p50_ratio <= P50_TARGET,
            "bare_p50_ratio": bare_ratios[0],
            "bare_p99_ratio": bare_ratios[1],
            **extra,
        }
    )


if __name__ == "__main__":
    main()
