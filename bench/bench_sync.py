"""Forwarding to one PostgreSQL on this machine: server ingest rate, and the table's scans
while the forwarder runs.

1. Ingest: `--stations` simulated stations (default 200), each with a backlog of `--events`
   recording events (a tube, then people registered and added), forwarded in 100-event
   batches through the real ingest (`db/sync/ingest.py`: idempotent insert, claims,
   projections, per-event answers) by `--clients` connections (default 8) taking stations
   in turn. Baseline in the same run: a raw batched `INSERT ... ON CONFLICT DO NOTHING` of
   the same rows into sync_events of a second server database, same clients, same batches.
2. Scan to commit on SQLite synchronous=FULL with the forwarder thread forwarding every scan
   to the server, in lockstep with raw sqlite3 writing the same rows (bench_scan.py's baseline).
Run: python bench/bench_sync.py [--stations 200 --events 200 --scans 3000]; JSON last line.
"""

from __future__ import annotations

import argparse
import os
import queue
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).parents[1]))  # this checkout, not the installed one
from bench_scan import RawBaseline
from common import emit, resident_id, shift, summary_ms
from pg_cluster import start_cluster
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from db.engine import normalise_url
from db.recording.store import Database
from db.sync.forwarder import start_background
from db.sync.ingest import StationInfo, ensure_partitions, ingest
from db.sync.server_admin import init_server
from station.core.settings import Settings
from station.recording import RecordingService

BATCH = 100


def station_backlog(n: int, events: int) -> list[dict]:
    """What a station's outbox would hand over: `events` recording events in order."""
    out: list[dict] = []
    now = datetime.now(UTC).isoformat()
    stamp = {"site": f"site{n % 20}", "table_no": str(n), "recorder": "r", "round": "r1"}
    tube, person = "", 0
    while len(out) < events:
        if not tube or len(out) % 21 == 0:
            tube = f"T{n:05d}{len(out):06d}"
            out.append(_event("tube_opened", now, stamp, tube=tube, data={"mode": 10}))
            continue
        pid = str(uuid.uuid4())
        number = resident_id(n * 100_000 + person)
        person += 1
        out.append(
            _event(
                "person_registered",
                now,
                stamp,
                person_id=pid,
                data={"doc_type": "resident_id", "doc_number": number, "new": True},
            )
        )
        out.append(_event("person_added", now, stamp, tube=tube, person_id=pid))
    for pos, item in enumerate(out[:events], 1):
        item["pos"] = pos
    return out[:events]


def _event(kind: str, at: str, stamp: dict, tube=None, person_id=None, data=None) -> dict:  # type: ignore[no-untyped-def]
    event_id = str(uuid.uuid4())
    payload = {
        "id": event_id,
        "kind": kind,
        "at": at,
        **stamp,
        "tube": tube,
        "person_id": person_id,
        "data": data or {},
    }
    return {"source": "events", "event_id": event_id, "kind": kind, "at": at, "payload": payload}


def run_clients(  # type: ignore[no-untyped-def]
    url: str, work: list[tuple[int, list[dict]]], clients: int, send
) -> tuple[float, list[float]]:
    todo: queue.Queue = queue.Queue()
    for item in work:
        todo.put(item)
    latencies: list[float] = []
    lock = threading.Lock()
    engine = create_engine(normalise_url(url), pool_size=clients, max_overflow=0)

    def client() -> None:
        with engine.connect() as connection:
            while True:
                try:
                    n, backlog = todo.get_nowait()
                except queue.Empty:
                    return
                for start in range(0, len(backlog), BATCH):
                    batch = backlog[start : start + BATCH]
                    began = time.perf_counter()
                    with connection.begin():
                        send(connection, n, batch)
                    with lock:
                        latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, latencies


def bench_ingest(cluster, stations: int, events: int, clients: int) -> dict:  # type: ignore[no-untyped-def]
    work = [(n, station_backlog(n, events)) for n in range(stations)]
    total = sum(len(b) for _, b in work)
    service_url = cluster.create_database("bench_service")
    raw_url = cluster.create_database("bench_raw")
    for url in (service_url, raw_url):
        init_server(url)
        engine = create_engine(normalise_url(url), poolclass=NullPool)
        with engine.begin() as c:
            ensure_partitions(c, "d1", {datetime.now(UTC).date()})
        engine.dispose()

    def through_ingest(connection, n, batch):  # type: ignore[no-untyped-def]
        ingest(connection, StationInfo(f"station-{n}", "d1", f"site{n % 20}", str(n)), batch)

    def raw_insert(connection, n, batch):  # type: ignore[no-untyped-def]
        day = datetime.now(UTC).date()
        connection.execute(
            text(
                "INSERT INTO sync_events (district, day, event_id, station_id, station_seq, source,"
                " kind, at, payload) SELECT 'd1', :day, e, s, q, 'events', k, now(), '{}'::jsonb"
                " FROM unnest(CAST(:e AS text[]), CAST(:s AS text[]), CAST(:q AS bigint[]),"
                " CAST(:k AS text[])) AS t(e, s, q, k) ON CONFLICT DO NOTHING"
            ),
            {
                "day": day,
                "e": [i["event_id"] for i in batch],
                "s": [f"station-{n}"] * len(batch),
                "q": [i["pos"] for i in batch],
                "k": [i["kind"] for i in batch],
            },
        )

    raw_s, raw_lat = run_clients(raw_url, work, clients, raw_insert)
    svc_s, svc_lat = run_clients(service_url, work, clients, through_ingest)
    return {
        "stations": stations,
        "events": total,
        "clients": clients,
        "batch": BATCH,
        "ingest_events_per_s": round(total / svc_s),
        "ingest_batch": summary_ms(svc_lat),
        "raw_events_per_s": round(total / raw_s),
        "raw_batch": summary_ms(raw_lat),
        "ratio_to_raw": round(raw_s / svc_s, 3),
    }


def bench_scans(cluster, scans: int) -> dict:  # type: ignore[no-untyped-def]
    server = cluster.create_database("bench_scans_server")
    init_server(server)
    ingest_url = server.replace("postgres@", "nat_station_ingest@")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        url = f"sqlite:///{folder}/service.sqlite3"
        database = Database(url, "bench site")
        service = RecordingService(database.unit_of_work, Settings(site_name="bench site"))
        raw = RawBaseline(Path(folder) / "baseline.sqlite3")
        thread, stop = start_background(url, "bench site", ingest_url, "d1", "1")
        s_lat: list[float] = []
        b_lat: list[float] = []
        for text_ in shift(scans, 10):
            began = time.perf_counter()
            outcome = service.scan(text_)
            s_lat.append(time.perf_counter() - began)
            assert outcome.status.value == "saved", outcome.message
            began = time.perf_counter()
            raw.scan(text_)
            b_lat.append(time.perf_counter() - began)
        stop.set()
        thread.join(30)
        database.dispose()
        raw.db.close()
    s, b = summary_ms(s_lat), summary_ms(b_lat)
    return {
        "scans": scans,
        "service_with_forwarder": s,
        "raw_sqlite3": b,
        "p99_ratio": round(s["p99_ms"] / b["p99_ms"], 3),
        "target_p99_ratio": 1.5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--scans", type=int, default=3000)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-sync-", dir="/tmp"))
    os.chmod(base, 0o755)
    cluster = start_cluster(base)
    try:
        result = {
            "benchmark": "sync",
            "ingest": bench_ingest(cluster, args.stations, args.events, args.clients),
            "scan_to_commit": bench_scans(cluster, args.scans),
        }
    finally:
        cluster.stop()
    print("ingest", result["ingest"])
    print("scans", result["scan_to_commit"])
    emit(result)


if __name__ == "__main__":
    main()
