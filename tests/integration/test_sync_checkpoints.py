"""The station's signed audit checkpoints travel to the site server, once each, and the
server checks their signatures with the station's public key."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.audit.store import SqlAuditTrail
from db.recording.store import Database
from db.sync import checkpoints
from db.sync.forwarder import Forwarder
from station.audit.chain import Checkpoint
from station.audit.keys import StationKey
from station.audit.trail import AuditAction, AuditEntry
from sync_support import Station, init_server

pytestmark = pytest.mark.postgres


def _trail(database: Database, key: StationKey, entries: int) -> SqlAuditTrail:
    trail = SqlAuditTrail(database, key, every=3)
    for i in range(entries):
        at = datetime(2026, 12, 4, 8, i, tzinfo=UTC)
        trail.append(AuditEntry(at, f"op{i}", "recorder", AuditAction.LOGIN))
    trail.close()  # the last, partial checkpoint
    return trail


def test_checkpoints_travel_once_and_the_server_checks_each_signature(pg_cluster, tmp_path):
    admin, ingest = init_server(pg_cluster)
    path = tmp_path / "s.sqlite3"
    database = Database(f"sqlite:///{path}", "幸福里采样点")
    key = StationKey(Ed25519PrivateKey.generate())
    _trail(database, key, 7)  # checkpoints after entries 3 and 6, and at the close over 7
    forwarder = Forwarder(database, ingest, "d1", "1")
    try:
        assert forwarder.forward_once().checkpoints == 3
        assert forwarder.forward_once().checkpoints == 3  # marked: nothing more went
        # The server's reply lost after its commit: the station sends them all again.
        with sqlite3.connect(path) as c:
            c.execute("UPDATE audit_checkpoints SET forwarded_at = NULL")
        assert forwarder.forward_checkpoints() == 3
    finally:
        forwarder.close()
        database.dispose()
    dbname = admin.rsplit("/", 1)[1]
    with pg_cluster.connect(dbname) as c:
        held = c.execute(
            "SELECT audit_station, seq, entries, station_id FROM sync_audit_checkpoints"
        ).fetchall()
    assert sorted((r[0], r[1], r[2]) for r in held) == [
        (key.station_id, 1, 3),
        (key.station_id, 2, 6),
        (key.station_id, 3, 7),
    ]
    station = Station(path, "1")
    assert {r[3] for r in held} == {station.status()["station_id"]}

    code, out, _ = station.cli("server", "checkpoints", admin, "--json")
    assert code == 0 and json.loads(out)["failed"] == 0

    # Edited on the server (or on the way): its signature no longer holds.
    with pg_cluster.connect(dbname) as c:
        c.execute("UPDATE sync_audit_checkpoints SET entries = 2 WHERE seq = 2")
        # Signed by another key but claiming the station's name: the key is not the station's.
        other = StationKey(Ed25519PrivateKey.generate())
        point = Checkpoint(key.station_id, 4, 9, bytes(32), datetime.now(UTC))
        c.execute(
            "INSERT INTO sync_audit_checkpoints (district, station_id, audit_station, seq, "
            "entries, head, at, signature, public_key) "
            "VALUES ('d1', 'x', %s, 4, 9, %s, %s, %s, %s)",
            [key.station_id, bytes(32), point.at, other.sign(point), other.public_pem()],
        )
    code, out, _ = station.cli("server", "checkpoints", admin, "--json")
    found = {r["seq"]: r for r in json.loads(out)["checkpoints"]}
    assert code == 1 and json.loads(out)["failed"] == 2
    assert [found[s]["signature_ok"] for s in (1, 2, 3)] == [True, False, True]
    assert found[4]["signature_ok"] and not found[4]["key_matches_station"]


def test_a_station_without_checkpoints_sends_none(pg_cluster, tmp_path: Path) -> None:
    _, ingest = init_server(pg_cluster)
    database = Database(f"sqlite:///{tmp_path / 's.sqlite3'}", "幸福里采样点")
    forwarder = Forwarder(database, ingest, "d1", "1")
    try:
        assert checkpoints.pending(database) == []
        assert forwarder.forward_once().checkpoints == 0
    finally:
        forwarder.close()
        database.dispose()
