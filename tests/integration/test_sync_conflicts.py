"""Two stations record offline what only one may have: the same tube barcode, the same person
in two tubes. Both land on the server's conflict list, both stations are told, everyone in
the tubes is counted, and the site lead's decision is an event of its own."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sync_support import Station, assert_exactly_once, init_server, shift, tube_codes

pytestmark = pytest.mark.postgres


def _cli(station: Station, *args: str) -> subprocess.CompletedProcess[str]:
    code, out, err = station.cli(*args)
    return subprocess.CompletedProcess(args, code, out, err)


def test_two_stations_open_the_same_tube_offline(pg_cluster, tmp_path: Path, people) -> None:
    admin, ingest_url = init_server(pg_cluster)
    a, b = Station(tmp_path / "a.sqlite3", "1"), Station(tmp_path / "b.sqlite3", "2")
    twice = people.code()  # a person swabbed at both tables in the same round
    a.scan([*shift(people, tube_codes(1, 1)), "AB00000002", twice])
    b.scan([*shift(people, tube_codes(1, 1)), "AB00000003", twice])
    assert a.status()["pending"] > 0 and a.cli("sync", "--once")[0] == 2  # no server set yet

    a.server_url = b.server_url = ingest_url
    for station in (a, b, a):  # a again: the first station hears of the conflict too
        done = _cli(station, "sync", "--once")
        assert done.returncode == 0, done.stderr
    a_id, b_id = a.status()["station_id"], b.status()["station_id"]

    listed = json.loads(_cli(a, "conflicts", "--json", "--server", admin).stdout)
    assert [(c["kind"], c["key"], c["first_station"], c["second_station"]) for c in listed] == [
        ("tube", "AB00000001", a_id, b_id),
        ("person", listed[1]["key"], a_id, b_id),
    ]
    assert {c["id"] for c in b.status()["conflicts"]} == {c["id"] for c in listed}
    assert {c["id"] for c in a.status()["server_conflicts"]} == {c["id"] for c in listed}

    totals = json.loads(_cli(a, "server", "totals", admin).stdout)
    # 10 + 10 people in the two AB00000001 tubes, and the person in AB00000002 and AB00000003
    assert totals == {"people": 22, "tubes": 4, "conflicts_waiting": 2, "stations": 2}

    refused = _cli(
        a,
        "conflicts",
        "resolve",
        str(listed[0]["id"]),
        "--keep",
        "nobody",
        "--reason",
        "x",
        "--server",
        admin,
    )
    assert refused.returncode == 2 and "not one of" in refused.stderr
    for conflict in listed:
        done = _cli(
            a,
            "conflicts",
            "resolve",
            str(conflict["id"]),
            "--keep",
            a_id,
            "--reason",
            "复核纸质登记：B 台贴错条码",
            "--server",
            admin,
        )
        assert done.returncode == 0, done.stderr
    assert json.loads(_cli(a, "conflicts", "--json", "--open", "--server", admin).stdout) == []
    totals = json.loads(_cli(a, "server", "totals", admin).stdout)
    assert totals["conflicts_waiting"] == 0 and totals["people"] == 22
    with pg_cluster.connect(admin.rsplit("/", 1)[1]) as c:
        decisions = c.execute(
            "SELECT payload->>'keep' FROM sync_events WHERE kind = 'conflict_resolved'"
        ).fetchall()
    assert decisions == [(a_id,), (a_id,)]
    assert_exactly_once(pg_cluster, admin, [a, b])
