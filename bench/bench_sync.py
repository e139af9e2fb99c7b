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
   The station is opened by the app's wiring (app/wiring.py), every scan handler in place.
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
from common import bench_station, emit, resident_id, shift, summary_ms
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from db.engine import normalise_url
from db.sync.forwarder import start_background
from db.sync.ingest import StationInfo, ensure_partitions, ingest
from db.sync.server_admin import init_server
from pg_cluster import start_cluster

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


def _server(cluster, name: str) -> str:  # type: ignore[no-untyped-def]
    url = cluster.create_database(name)
    init_server(url)
    engine = create_engine(normalise_url(url), poolclass=NullPool)
    with engine.begin() as c:
        ensure_partitions(c, "d1", {datetime.now(UTC).date()})
    engine.dispose()
    return url


def _through_ingest(set_based: bool):  # type: ignore[no-untyped-def]
    def send(connection, n, batch):  # type: ignore[no-untyped-def]
        station = StationInfo(f"station-{n}", "d1", f"site{n % 20}", str(n))
        answers = ingest(connection, station, batch, set_based=set_based)
        assert all(a["answer"] == "accepted" for a in answers), answers

    return send


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


def bench_ingest(cluster, stations: int, events: int, clients: int) -> dict:  # type: ignore[no-untyped-def]
    """The same stations' backlogs three ways, each into a server database of its own: raw
    batched inserts (the baseline), the per-event projections (before), set-based (now)."""
    work = [(n, station_backlog(n, events)) for n in range(stations)]
    total = sum(len(b) for _, b in work)
    runs = {
        "raw": raw_insert,
        "per_event": _through_ingest(set_based=False),
        "set_based": _through_ingest(set_based=True),
    }
    out: dict[str, object] = {"stations": stations, "events": total, "clients": clients}
    seconds = {}
    for name, send in runs.items():
        seconds[name], latencies = run_clients(
            _server(cluster, f"bench_{name}"), work, clients, send
        )
        out[name] = {"events_per_s": round(total / seconds[name]), "batch": summary_ms(latencies)}
    out["batch"] = BATCH
    out["per_event_ratio_to_raw"] = round(seconds["raw"] / seconds["per_event"], 3)
    out["set_based_ratio_to_raw"] = round(seconds["raw"] / seconds["set_based"], 3)
    return out


def bench_drain(cluster, stations: int, events: int, clients: int, raw_rate: float) -> dict:  # type: ignore[no-untyped-def]
    """An outage's backlog (`stations` x `events`, made station by station as the clients
    take them, not held in memory at once) drained through the set-based ingest."""
    url = _server(cluster, "bench_drain")
    lazy = _Lazy(stations, events)
    elapsed, latencies = run_clients(url, lazy, clients, _through_ingest(set_based=True))
    total = stations * events
    return {
        "events": total,
        "seconds": round(elapsed, 1),
        "events_per_s": round(total / elapsed),
        "batch": summary_ms(latencies),
        "ratio_to_raw_rate_of_this_run": round(total / elapsed / raw_rate, 3),
    }


class _Lazy(list):  # type: ignore[type-arg]
    """(station, backlog) pairs made when taken."""

    def __init__(self, stations: int, events: int) -> None:
        super().__init__(range(stations))
        self.events = events

    def __iter__(self):  # type: ignore[no-untyped-def]
        return ((n, _LazyBacklog(n, self.events)) for n in super().__iter__())


class _LazyBacklog:
    def __init__(self, n: int, events: int) -> None:
        self.n, self.events, self.items = n, events, None

    def __len__(self) -> int:
        return self.events

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if self.items is None:
            self.items = station_backlog(self.n, self.events)
        out = self.items[index]
        if isinstance(index, slice) and index.stop >= self.events:
            self.items = None  # the last batch of this station: let it go
        return out


def bench_lag(cluster, seconds: float, rate: float) -> dict:  # type: ignore[no-untyped-def]
    """Scan to server commit with the server up: a table scanning `rate` scans a second for
    `seconds`, its forwarder thread running; each event's lag is the server's receiving time
    minus the event's own time (one machine, one clock)."""
    server = cluster.create_database("bench_lag_server")
    init_server(server)
    ingest_url = server.replace("postgres@", "nat_station_ingest@")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        url = f"sqlite:///{folder}/lag.sqlite3"
        station = bench_station(url, folder)
        service = station.recording
        thread, stop = start_background(url, "bench site", ingest_url, "d1", "1")
        scans = shift(int(seconds * rate), 10)
        started = time.perf_counter()
        for i, text_ in enumerate(scans):
            time.sleep(max(0.0, started + i / rate - time.perf_counter()))
            assert service.scan(text_).status.value == "saved"
        time.sleep(3)  # the last scans reach the server
        stop.set()
        thread.join(30)
        station.close()
    engine = create_engine(normalise_url(server), poolclass=NullPool)
    with engine.connect() as c:
        lags = [
            r[0]
            for r in c.execute(text("SELECT extract(epoch FROM received_at - at) FROM sync_events"))
        ]
    engine.dispose()
    return {
        "scans": len(scans),
        "rate_per_s": rate,
        "events": len(lags),
        "lag": summary_ms([float(x) for x in lags]),
        "target_p99_ms": 1000,
    }


def bench_scans(cluster, scans: int) -> dict:  # type: ignore[no-untyped-def]
    server = cluster.create_database("bench_scans_server")
    init_server(server)
    ingest_url = server.replace("postgres@", "nat_station_ingest@")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        url = f"sqlite:///{folder}/service.sqlite3"
        station = bench_station(url, folder)
        service = station.recording
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
        station.close()
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
    parser.add_argument("--scans", type=int, default=3000, help="0: skip the scan benchmark")
    parser.add_argument("--lag-seconds", type=float, default=60, help="0: skip the lag run")
    parser.add_argument("--lag-rate", type=float, default=5.0, help="scans a second")
    parser.add_argument("--drain", type=int, default=0, help="events of an outage's backlog")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-sync-", dir="/tmp"))
    os.chmod(base, 0o755)
    cluster = start_cluster(base)
    try:
        result: dict[str, object] = {"benchmark": "sync"}
        result["ingest"] = ingest_ = bench_ingest(cluster, args.stations, args.events, args.clients)
        print("ingest", ingest_, flush=True)
        if args.drain:
            raw_rate = ingest_["raw"]["events_per_s"]  # type: ignore[index]
            per = args.drain // args.stations
            result["drain"] = bench_drain(cluster, args.stations, per, args.clients, raw_rate)
            print("drain", result["drain"], flush=True)
        if args.lag_seconds:
            result["online_lag"] = bench_lag(cluster, args.lag_seconds, args.lag_rate)
            print("lag", result["online_lag"], flush=True)
        if args.scans:
            result["scan_to_commit"] = bench_scans(cluster, args.scans)
            print("scans", result["scan_to_commit"], flush=True)
    finally:
        cluster.stop()
    emit(result)


if __name__ == "__main__":
    main()
