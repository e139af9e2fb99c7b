"""The set-based ingest (db/sync/set_based.py) leaves the server exactly as the per-event
projections do, with the same answers, conflicts included."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from app.wiring import open_station
from db.engine import normalise_url
from db.sync import outbox
from db.sync.ingest import StationInfo, ensure_partitions, event_day, ingest
from station.core.settings import BarcodePattern
from sync_support import init_server, shift, tube_codes

pytestmark = pytest.mark.postgres

STATE = {
    "persons": "id, doc_type, doc_number, name, phone, single_only, updated_at",
    "tubes": "site, barcode, mode, status, count, table_no, round, opened_at, sealed_at,"
    " under_filled",
    "tube_members": "event_id, site, tube, person_id, added_at, removed_by",
    "sync_claims": "district, kind, key, station_id, event_id",
    "sync_aliases": "district, station_id, kind, key, alias",
    "sync_person_aliases": "person_id, canonical_id",
    "sync_conflicts": "district, kind, key, first_station, second_station, event_id, alias",
}


def _recorded(tmp_path: Path, people, size: int) -> list[tuple[StationInfo, list[dict]]]:  # type: ignore[no-untyped-def]
    """Two tables' shifts, with what meets: the same tube barcode, one person at both,
    a person scanned twice, a tube sealed early, an undo. Their outboxes in batches of `size`
    (7: a registration and its adding often in two batches; 30: a tube opened in one batch,
    filled and sealed in the next), the two stations interleaved."""
    twice, again = people.code(), people.code()
    lines = {
        "1": [*shift(people, tube_codes(1, 2)), "AB00000009", twice, again, "NATCMD:SEAL"],
        "2": [*shift(people, tube_codes(1, 1)), "AB00000008", twice, people.code(), again],
    }
    lines["2"] += ["AB00000007", people.code(), "NATCMD:UNDO", people.code(), people.code()]
    batches: dict[str, list[list[dict]]] = {}
    infos = {}
    for table, scans in lines.items():
        station = open_station(
            database_url=f"sqlite:///{tmp_path / table}.sqlite3",
            table=table,
            site_name="幸福里采样点",
            tube=BarcodePattern(prefix="AB"),
        )
        try:
            for line in scans:
                station.recording.scan(line)
            infos[table] = StationInfo(outbox.station_id(station.database), "d1", "s", table)
            pending = outbox.pending(station.database, 10_000)
        finally:
            station.close()
        batches[table] = [pending[i : i + size] for i in range(0, len(pending), size)]
    order = []
    for i in range(max(len(b) for b in batches.values())):
        order += [(infos[t], b[i]) for t, b in batches.items() if i < len(b)]
    return order


def _ingest_all(url: str, order, set_based: bool) -> list[list[dict]]:  # type: ignore[no-untyped-def]
    engine = create_engine(normalise_url(url), poolclass=NullPool)
    answers = []
    try:
        for info, batch in order:
            with engine.begin() as c:
                ensure_partitions(c, "d1", {event_day(i) for i in batch})
            with engine.begin() as c:
                answers.append(ingest(c, info, batch, set_based=set_based))
            with engine.begin() as c:  # a resend: all duplicate, nothing applied twice
                again = ingest(c, info, batch, set_based=set_based)
            assert {a["answer"] for a in again} == {"duplicate"}
        with engine.connect() as c:
            state = {
                table: sorted(c.execute(text(f"SELECT {cols} FROM {table}")).all())
                for table, cols in STATE.items()
            }
    finally:
        engine.dispose()
    return answers, state  # type: ignore[return-value]


@pytest.mark.parametrize("size", [7, 30])
def test_set_based_and_per_event_ingest_leave_the_same_state(pg_cluster, tmp_path, people, size):
    order = _recorded(tmp_path, people, size)
    kinds = {i["kind"] for _, batch in order for i in batch}
    assert {"tube_opened", "person_registered", "person_added", "tube_sealed"} <= kinds
    assert kinds - {"tube_opened", "person_registered", "person_added", "tube_sealed"}  # others
    one_by_one = _ingest_all(init_server(pg_cluster)[0], order, set_based=False)
    set_based = _ingest_all(init_server(pg_cluster)[0], order, set_based=True)
    assert set_based[0] == one_by_one[0]  # the same answers, event by event
    for table in STATE:
        assert set_based[1][table] == one_by_one[1][table], table
    # what met was found: the tube opened at both tables, the person in two tubes
    assert {row[1] for row in one_by_one[1]["sync_conflicts"]} == {"tube", "person"}
    assert one_by_one[1]["sync_aliases"]
