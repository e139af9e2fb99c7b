"""Training data never reaches the site server (issue 15): a training database is never
forwarded, and the server refuses any event naming a training tube, box or code, on a real
PostgreSQL server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from app.wiring import open_station
from db.recording.store import Database
from db.sync.forwarder import Forwarder
from station.core.codes import PersonCode, encode_person_code
from station.core.identity import parse_resident_id
from station.core.records import Event, EventKind, Stamp
from station.core.settings import BarcodePattern
from station.training import TrainingDatabaseError, training_code, training_tube
from sync_support import Station, init_server, server_events, shift, tube_codes
from ui.pdf import set_watermark

pytestmark = pytest.mark.postgres

TRAINING_CODE = training_code(
    encode_person_code(PersonCode(parse_resident_id("11010519491231002X"), "张三", "13812345678"))
)


def _server_rows(cluster, admin: str, sql: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    with cluster.connect(admin.rsplit("/", 1)[1]) as connection:
        return connection.execute(sql).fetchall()


def test_a_training_sandbox_forced_to_forward_is_refused_and_the_server_holds_none_of_it(
    pg_cluster, tmp_path: Path
) -> None:
    admin, ingest_url = init_server(pg_cluster)
    sandbox = tmp_path / "training.sqlite3"
    station = open_station(
        database_url=f"sqlite:///{sandbox}", training=True, table="1", site_name="幸福里采样点"
    )
    try:
        for line in (training_tube(1), TRAINING_CODE):
            assert station.recording.scan(line).status.value == "saved", line
    finally:
        station.close()
        set_watermark("")
    forced = Station(sandbox, "1", server_url=ingest_url)  # a real station's settings
    for args in (
        ("sync", "--once"),
        ("--training", "sync", "--once", "--db", forced.url, "--server", ingest_url),
    ):
        code, out, err = forced.cli(*args)
        assert code == 2, (args, out)
        assert "培训数据从不上传站点服务器" in err, (args, err)
    database = Database(forced.url, "幸福里采样点")
    try:
        with pytest.raises(TrainingDatabaseError, match="培训数据"):
            Forwarder(database, ingest_url, "d1", "1")
    finally:
        database.dispose()
    assert set(forced.outbox().values()) == {None}  # nothing was sent, nothing marked
    assert server_events(pg_cluster, admin) == []
    assert _server_rows(pg_cluster, admin, "SELECT count(*) FROM tubes") == [(0,)]
    assert _server_rows(pg_cluster, admin, "SELECT count(*) FROM sync_stations") == [(0,)]


def test_the_server_refuses_training_events_of_a_batch_and_takes_the_real_ones(
    pg_cluster, tmp_path: Path, people
) -> None:
    admin, ingest_url = init_server(pg_cluster)
    station = open_station(
        database_url=f"sqlite:///{tmp_path / 's.sqlite3'}",
        table="1",
        site_name="幸福里采样点",
        tube=BarcodePattern(prefix="AB"),
    )
    try:
        for line in shift(people, tube_codes(1, 1), per_tube=2):
            assert station.recording.scan(line).status.value == "saved", line
        stamp = Stamp("幸福里采样点", "1", "x", "r")
        with station.database.unit_of_work() as work:  # hand-made, past the scan guards
            work.recording.record(
                Event(EventKind.TUBE_OPENED, stamp, tube=training_tube(7), data={"mode": 10})
            )
            work.recording.record(Event(EventKind.TUBE_SEALED, stamp, tube=training_tube(7)))
            work.recording.connection.commit()
        forwarder = Forwarder(station.database, ingest_url, "d1", "1")
        try:
            totals = forwarder.forward_once()
        finally:
            forwarder.close()
        with station.database.engine.connect() as connection:
            marked = connection.execute(
                text("SELECT answer, detail FROM outbox ORDER BY pos")
            ).fetchall()
    finally:
        station.close()
    assert [a for a, _ in marked] == ["accepted"] * 5 + ["refused"] * 2, marked
    assert (totals.batches, totals.accepted, totals.refused) == (1, 5, 2)
    assert [a for a, _ in marked] == ["accepted"] * 5 + ["refused"] * 2
    reasons = [json.loads(detail)["reason"] for _, detail in marked[5:]]
    assert all("TRAIN0000007" in r and "培训数据不能进入站点服务器" in r for r in reasons)
    assert len(server_events(pg_cluster, admin)) == 5
    assert _server_rows(pg_cluster, admin, "SELECT barcode FROM tubes") == [("AB00000001",)]
    held = _server_rows(pg_cluster, admin, "SELECT payload::text FROM sync_events")
    assert not any("TRAIN" in row[0] for row in held)
