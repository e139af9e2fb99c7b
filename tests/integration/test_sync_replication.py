"""District servers roll up into a city server by PostgreSQL's logical replication: three
throwaway clusters on loopback (two districts, one city), stations forwarding to each
district, the city holding exactly the union, a district down and back, and set-up run twice."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.wiring import open_station
from db.audit.store import SqlAuditTrail
from db.sync.forwarder import Forwarder
from pg_cluster import _wait_ready, start_cluster
from station.audit.keys import StationKey
from station.audit.trail import AuditAction, AuditEntry
from station.core.records import Event, EventKind, Stamp
from station.core.settings import BarcodePattern
from sync_support import ROOT, Station, init_server, shift, tube_codes

pytestmark = pytest.mark.postgres

DISTRICTS = ("临平区", "余杭区")
KEY = "district, day, event_id, station_id, station_seq, source, kind, payload::text"


@pytest.fixture(scope="module")
def clusters():  # type: ignore[no-untyped-def]
    base = Path(tempfile.mkdtemp(prefix="nat-station-repl-", dir="/tmp"))
    os.chmod(base, 0o755)
    started = []
    try:
        for name in ("d1", "d2", "city"):
            started.append(start_cluster(base / name))
        yield dict(zip(("d1", "d2", "city"), started, strict=True))
    finally:
        for cluster in started:
            cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def _rows(cluster, url: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    with cluster.connect(url.rsplit("/", 1)[1]) as c:
        return c.execute(f"SELECT {KEY} FROM sync_events").fetchall()


def _city_has_the_union(clusters, servers, timeout: float = 90) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Wait until the city holds exactly the districts' rows; the city's rows."""
    deadline = time.monotonic() + timeout
    while True:
        union = _rows(clusters["d1"], servers["d1"]) + _rows(clusters["d2"], servers["d2"])
        city = _rows(clusters["city"], servers["city"])
        if sorted(city) == sorted(union) or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert len(city) == len(set(city)), "a row is on the city twice"
    assert sorted(city) == sorted(union), f"city {len(city)} rows, districts {len(union)}"
    return city


def _wait_for_checkpoints(cluster, url: str, count: int) -> int:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 60
    with cluster.connect(url.rsplit("/", 1)[1], autocommit=True) as c:
        while True:
            held = c.execute("SELECT count(*) FROM sync_audit_checkpoints").fetchone()[0]
            if held >= count or time.monotonic() > deadline:
                return held
            time.sleep(0.3)


def _record_and_forward(station, forwarder, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    for line in lines:
        assert station.recording.scan(line).status.value == "saved", line
    if forwarder is not None:
        forwarder.forward_once()


def _replicate(district_url: str, city_url: str) -> dict:
    done = subprocess.run(
        Station(Path("/nonexistent"), "1").command(
            "server", "replicate", "--from", district_url, "--to", city_url
        ),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_two_districts_roll_up_into_the_city_exactly_once(clusters, tmp_path, people) -> None:
    servers, ingest = {}, {}
    for name in ("d1", "d2", "city"):
        servers[name], ingest[name] = init_server(clusters[name])
    stations, forwarders = {}, {}
    for n, (name, district) in enumerate(zip(("d1", "d2"), DISTRICTS, strict=True)):
        stations[name] = open_station(
            database_url=f"sqlite:///{tmp_path / name}.sqlite3",
            table=str(n + 1),
            site_name="幸福里采样点",
            tube=BarcodePattern(prefix="AB"),
        )
        forwarders[name] = Forwarder(stations[name].database, ingest[name], district, str(n + 1))
    try:
        # The same tube barcodes in both districts: keys that include the district never meet.
        lines = {name: shift(people, tube_codes(1, 2)) for name in ("d1", "d2")}
        for name in ("d1", "d2"):
            _record_and_forward(stations[name], forwarders[name], lines[name])
        first = {name: _replicate(servers[name], servers["city"]) for name in ("d1", "d2")}
        assert all(f["created"] for f in first.values())
        assert first["d1"]["subscription"] != first["d2"]["subscription"]
        _city_has_the_union(clusters, servers)  # the initial copy

        for name in ("d1", "d2"):  # streaming
            more = shift(people, tube_codes(10, 2))
            _record_and_forward(stations[name], forwarders[name], more)
        _city_has_the_union(clusters, servers)

        # District 1's server dies; its table goes on recording, district 2 goes on forwarding.
        clusters["d1"]._pg_ctl("stop", "-m", "immediate")
        offline = shift(people, tube_codes(20, 2))
        _record_and_forward(stations["d1"], None, offline)
        with pytest.raises(Exception):  # noqa: B017  (out of reach: any driver error)
            forwarders["d1"].forward_once()
        _record_and_forward(stations["d2"], forwarders["d2"], shift(people, tube_codes(20, 1)))
        clusters["d1"]._start()
        _wait_ready(clusters["d1"])
        forwarders["d1"].forward_once()  # the backlog reaches the district, then the city
        city = _city_has_the_union(clusters, servers)

        # A clock 40 days slow: a day the city made no partition for lands in a default;
        # the next set-up run (e.g. daily) gives it its own partition. Nothing is lost.
        database = stations["d2"].database
        with database.unit_of_work() as work:
            at = datetime.now(UTC) - timedelta(days=40)
            stamp = Stamp("幸福里采样点", "2", "x", "r")
            work.recording.record(
                Event(EventKind.TUBE_OPENED, stamp, tube="AB77777777", data={"mode": 10}, at=at)
            )
            work.commit()
        forwarders["d2"].forward_once()
        city = _city_has_the_union(clusters, servers)
        again = {name: _replicate(servers[name], servers["city"]) for name in ("d1", "d2")}
        assert not any(a["created"] for a in again.values())
        assert again["d1"]["subscription"] == first["d1"]["subscription"]
        code, out, _ = Station(tmp_path / "x", "1").cli("server", "subscriptions", servers["city"])
        listed = {s["subscription"]: s["enabled"] for s in json.loads(out)["subscriptions"]}
        assert code == 0 and listed == {f["subscription"]: True for f in first.values()}
        city = _city_has_the_union(clusters, servers)
        # The signed audit checkpoints travel on too (district 1's table signs two).
        trail = SqlAuditTrail(stations["d1"].database, StationKey(Ed25519PrivateKey.generate()))
        for i in range(2):
            trail.append(AuditEntry(datetime.now(UTC), f"op{i}", "recorder", AuditAction.LOGIN))
            trail.close()
        assert forwarders["d1"].forward_once().checkpoints == 2
        points = _wait_for_checkpoints(clusters["city"], servers["city"], 2)
    finally:
        for name in ("d1", "d2"):
            forwarders[name].close()
            stations[name].close()

    with clusters["city"].connect(servers["city"].rsplit("/", 1)[1]) as c:
        in_defaults = c.execute(
            "SELECT count(*) FROM sync_events WHERE tableoid::regclass::text LIKE '%\\_default'"
        ).fetchone()[0]
        stations_on_city = c.execute("SELECT count(*) FROM sync_stations").fetchone()[0]
        per_district = dict(
            c.execute("SELECT district, count(*) FROM sync_events GROUP BY 1").fetchall()
        )
    assert in_defaults == 0
    assert points == 2
    assert stations_on_city == 2
    assert set(per_district) == set(DISTRICTS)
    assert len(city) == sum(per_district.values())
    for name, district in zip(("d1", "d2"), DISTRICTS, strict=True):
        recorded = Station(tmp_path / f"{name}.sqlite3", "").outbox()
        assert per_district[district] == len(recorded) > 6 * 10  # every event its table recorded


def test_set_up_refuses_what_cannot_replicate(clusters, tmp_path) -> None:
    """A city that is the district itself, a district with no server schema: clear refusals."""
    admin, _ = init_server(clusters["d1"])
    bare = clusters["d1"].create_database("bare")
    code, _, err = Station(tmp_path / "x", "1").cli(
        "server", "replicate", "--from", admin, "--to", admin
    )
    assert code == 2 and "two PostgreSQL servers" in err
    code, _, err = Station(tmp_path / "x", "1").cli("server", "publish", bare)
    assert code == 2 and "server init" in err
