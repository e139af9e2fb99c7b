"""Faults between stations and the site server, on a cluster of this module's own (it is
stopped on purpose): PostgreSQL stopped with -m immediate mid-forwarding, forwarders killed
with SIGKILL, a proxy that cuts, stalls and loses the server's reply after its commit."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from app.wiring import open_station
from db.sync import outbox
from db.sync.forwarder import Forwarder
from pg_cluster import _wait_ready, start_cluster
from station.core.settings import BarcodePattern
from sync_support import (
    ChaosProxy,
    Station,
    assert_exactly_once,
    init_server,
    server_events,
    shift,
    tube_codes,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    base = Path(tempfile.mkdtemp(prefix="nat-station-sync-", dir="/tmp"))
    os.chmod(base, 0o755)
    cluster = start_cluster(base)
    yield cluster
    cluster.stop()
    shutil.rmtree(base, ignore_errors=True)


def _people_on_server(cluster, admin: str) -> int:  # type: ignore[no-untyped-def]
    with cluster.connect(admin.rsplit("/", 1)[1]) as c:
        return int(c.execute("SELECT coalesce(sum(count), 0) FROM tubes").fetchone()[0])


def _confirmed_on_server(cluster, admin: str, stations: list[Station]) -> None:  # type: ignore[no-untyped-def]
    held = {row[0] for row in server_events(cluster, admin)}
    for station in stations:
        assert station.confirmed() <= held, "an event the server confirmed is gone"


def _scan_all(stations: list[Station], lines: dict[str, list[str]]) -> None:
    running = [
        (
            s,
            subprocess.Popen(
                s.command("scan"),
                stdin=subprocess.PIPE,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=s.env(),
                cwd=s.path.parent,
            ),
        )
        for s in stations
    ]
    for station, process in running:
        out, err = process.communicate("\n".join(lines[station.table]) + "\n", timeout=120)
        assert process.returncode == 0, err
        assert '"status": "error"' not in out, out


def test_postgres_stopped_immediately_mid_forwarding(cluster, tmp_path: Path, people) -> None:
    """Three tables record a shift; PostgreSQL dies (-m immediate: no checkpoint) while they
    forward, and they go on scanning; once it is back, the server holds exactly the union of
    their events, and nothing it had confirmed was lost in the crash."""
    admin, ingest = init_server(cluster)
    stations = [Station(tmp_path / f"s{t}.sqlite3", t, ingest) for t in ("1", "2", "3")]
    chunks = {
        s.table: [tube_codes(int(s.table) * 100 + c * 2, 2) for c in range(3)] for s in stations
    }

    def scan_chunk(c: int) -> None:
        _scan_all(stations, {s.table: shift(people, chunks[s.table][c]) for s in stations})

    _scan_all(
        stations,
        {s.table: shift(people, chunks[s.table][0] + chunks[s.table][1]) for s in stations},
    )
    syncing = [s.start_sync("--batch", "3") for s in stations]
    deadline = time.monotonic() + 60
    while not server_events(cluster, admin) and time.monotonic() < deadline:
        time.sleep(0.05)  # forwarding has begun
    time.sleep(random.uniform(0.05, 0.4))
    cluster._pg_ctl("stop", "-m", "immediate")
    for process in syncing:
        process.communicate(timeout=60)
    scan_chunk(2)  # the tables go on recording with the server down
    cluster._start()
    _wait_ready(cluster)
    _confirmed_on_server(cluster, admin, stations)
    for station in stations:
        code, _out, err = station.cli("sync", "--once")
        assert code == 0, err
    assert_exactly_once(cluster, admin, stations)
    assert _people_on_server(cluster, admin) == 3 * 6 * 10


def test_forwarder_killed_again_and_again(cluster, tmp_path: Path, people) -> None:
    """SIGKILL of `nat-station sync` at random moments while it forwards, five times."""
    admin, ingest = init_server(cluster)
    station = Station(tmp_path / "s.sqlite3", "1", ingest)
    station.scan(shift(people, tube_codes(1, 10)))
    kills = 0
    while kills < 5:
        before = len(server_events(cluster, admin))
        process = station.start_sync("--batch", "4")
        deadline = time.monotonic() + 60
        while len(server_events(cluster, admin)) == before and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(random.uniform(0.0, 0.3))
        if process.poll() is not None:
            process.communicate()
            break  # it finished before the kill: the backlog is gone
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        kills += 1
        _confirmed_on_server(cluster, admin, [station])
    assert kills >= 3, "the backlog drained before the forwarder could be killed"
    code, _, err = station.cli("sync", "--once")
    assert code == 0, err
    assert_exactly_once(cluster, admin, [station])
    assert _people_on_server(cluster, admin) == 100


def test_proxy_cuts_stalls_and_loses_replies_after_the_commit(cluster, tmp_path, people):
    admin, ingest = init_server(cluster)
    path = tmp_path / "s.sqlite3"
    local = open_station(
        database_url=f"sqlite:///{path}",
        table="1",
        site_name="幸福里采样点",
        tube=BarcodePattern(prefix="AB"),
    )
    proxy = ChaosProxy(
        cluster.port, cut=0.2, stall=0.15, stall_s=2.0, drop_after_commit=0.25, seed=13
    )
    try:
        for line in shift(people, tube_codes(1, 6)):
            assert local.recording.scan(line).status.value == "saved"
        forwarder = Forwarder(
            local.database, proxy.url(ingest), "d1", "1", batch_size=6, reply_timeout=1.0
        )
        failures, longest = 0, 0.0
        for _ in range(300):
            started = time.monotonic()
            try:
                forwarder.forward_once()
                break
            except Exception:
                failures += 1
                longest = max(longest, time.monotonic() - started)
        assert outbox.status(local.database).pending == 0
        forwarder.close()
    finally:
        proxy.close()
        local.close()
    assert proxy.counts["drop"] > 0 and proxy.counts["cut"] > 0 and proxy.counts["stall"] > 0
    assert failures > 0 and longest < 1.0 + 5.0  # a stall is given up, not waited out
    # every lost reply came back as "duplicate" on the resend, never as a new event
    assert forwarder.totals.duplicate > 0
    assert_exactly_once(cluster, admin, [Station(path, "1")])
    assert _people_on_server(cluster, admin) == 60
