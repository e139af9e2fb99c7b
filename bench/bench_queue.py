"""call_next with 10,000 people waiting: p50/p99 per call, against same-run baselines.

Baselines, measured in the same run on the same database: an empty unit of work (BEGIN
IMMEDIATE + COMMIT, nothing written), a unit of work writing one row (the durable commit
every call pays: on disk, its fsync) and call_next with 10 people
waiting (so any growth with the length of the line shows). Run on a file in RAM (/dev/shm:
the query work alone) and on a file on disk (synchronous=FULL: plus the fsync a confirmed
call must survive a power cut with). `--pg URL` adds PostgreSQL. The queue service is the one
a station opened by the app's wiring (app/wiring.py) holds.

    python bench/bench_queue.py [--calls 500] [--waiting 10000] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench.common import bench_station
from db.queue.store import SqlQueueStore
from db.recording.store import Database
from station.queue.service import QueueService
from station.queue.tickets import Ticket, TicketState, format_number

DAY = "bench"
LIMIT_P99_MS = 2.0


def fill(database: Database, waiting: int) -> None:
    """`waiting` tickets, one in five priority, in one transaction (issue's own cost is not
    what is measured here)."""
    start = datetime.now(UTC) - timedelta(hours=2)
    with database.transaction() as connection:
        store = SqlQueueStore(connection, database.site)
        store.lock(DAY)
        counts = {"A": 0, "P": 0}
        for i in range(waiting):
            lane = "P" if i % 5 == 0 else "A"
            counts[lane] += 1
            at = start + timedelta(milliseconds=i)
            store.next_sequence(DAY, lane)
            store.add(
                Ticket(
                    str(uuid.uuid4()),
                    DAY,
                    format_number(lane, counts[lane]),
                    lane,
                    lane == "P",
                    TicketState.ISSUED,
                    at,
                    at,
                    0,
                    i,
                )
            )
        store.commit()


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p99 = ordered[max(0, -(-99 * len(ordered) // 100) - 1)]
    return {"p50_ms": round(statistics.median(ordered), 3), "p99_ms": round(p99, 3)}


def timed(action, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(count):
        t0 = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def _empty_unit(database: Database):  # type: ignore[no-untyped-def]
    def empty(_: int) -> None:
        with database.transaction() as connection:
            connection.execute(text("SELECT 1"))
            connection.commit()

    return empty


def _durable_unit(database: Database):  # type: ignore[no-untyped-def]
    """One row written and committed: the floor any call pays (on disk: the commit's fsync)."""
    with database.transaction() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS bench_probe (n INTEGER)"))
        connection.execute(text("INSERT INTO bench_probe VALUES (0)"))
        connection.commit()

    def write(i: int) -> None:
        with database.transaction() as connection:
            connection.execute(text("UPDATE bench_probe SET n = :n"), {"n": i})
            connection.commit()

    return write


def _call_next(service: QueueService):  # type: ignore[no-untyped-def]
    tables = iter(range(10**9))
    return lambda _: service.call_next(f"t{next(tables)}")


def measure(url: str, waiting: int, calls: int, folder: str) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for label, size in (("call_next@10", 10 + calls), (f"call_next@{waiting}", waiting + calls)):
        site = f"bench-{uuid.uuid4().hex[:8]}"
        # The round is the queue's day (app/queue_wiring.py).
        station = bench_station(url, folder, site_name=site, round=DAY)
        assert station.queue is not None
        database, service = station.database, station.queue.service
        fill(database, size)
        if "empty_unit_of_work" not in results:
            empty = _empty_unit(database)
            timed(empty, 20)
            results["empty_unit_of_work"] = percentiles(timed(empty, calls))
            durable = _durable_unit(database)
            timed(durable, 20)
            results["one_row_write"] = percentiles(timed(durable, calls))
        call = _call_next(service)
        timed(call, 20)  # warm the statement cache
        samples = timed(call, calls)
        results[label] = percentiles(samples)
        station.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--waiting", type=int, default=10_000)
    parser.add_argument("--pg", help="PostgreSQL URL to measure too")
    args = parser.parse_args()
    places = {}
    if Path("/dev/shm").is_dir():
        places["sqlite_ram"] = tempfile.mkdtemp(dir="/dev/shm")
    places["sqlite_disk"] = tempfile.mkdtemp()
    report: dict[str, object] = {
        "waiting": args.waiting,
        "calls": args.calls,
        "limit_p99_ms": LIMIT_P99_MS,
    }
    for name, folder in places.items():
        url = f"sqlite:///{folder}/bench.sqlite3"
        report[name] = measure(url, args.waiting, args.calls, folder)
        shutil.rmtree(folder)  # a RAM disk's files are memory taken from everyone
    if args.pg:
        with tempfile.TemporaryDirectory() as folder:  # the station's audit key only
            report["postgresql"] = measure(args.pg, args.waiting, args.calls, folder)
    for name, figures in report.items():
        if isinstance(figures, dict):
            for what, f in figures.items():
                print(f"{name:12} {what:20} p50 {f['p50_ms']:7.3f} ms   p99 {f['p99_ms']:7.3f} ms")
    key = f"call_next@{args.waiting}"
    ram = report.get("sqlite_ram", report["sqlite_disk"])
    report["meets_limit"] = ram[key]["p99_ms"] <= LIMIT_P99_MS  # type: ignore[index]
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
