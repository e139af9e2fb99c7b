"""The server's side of forwarding: one batch of a station's events in one transaction.

Each event is stored once (`INSERT ... ON CONFLICT DO NOTHING` on the client UUID), then
applied to the server's current-state tables with the station's own projections. The answer
per event: accepted, duplicate (already stored: a resend), conflict (stored and applied, and
on the conflict list) or refused (an event naming a training tube, box or code: neither stored
nor applied, with its reason). Nothing else is dropped and nothing is overwritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import DBAPIError

from db.sync.applier import Applier, StationInfo, event_day, parse_at
from db.sync.arrays import rows_of
from db.sync.set_based import KNOWN, Contended, known_of, lookup
from db.sync.set_based import apply as set_based_apply
from station.training import refused_at_server, training_barcodes_of

__all__ = ["StationInfo", "ensure_partitions", "event_day", "ingest", "parse_at"]

ACCEPTED, DUPLICATE, CONFLICT, REFUSED = "accepted", "duplicate", "conflict", "refused"


def ensure_partitions(connection: Connection, district: str, days: set[date]) -> None:
    for day in sorted(days):
        connection.execute(
            text("SELECT sync_ensure_partition(:d, :day)"), {"d": district, "day": day}
        )


def ingest(
    connection: Connection,
    station: StationInfo,
    batch: list[dict[str, Any]],
    set_based: bool = True,
) -> list[dict]:
    """Store and apply `batch` (in the station's order); the caller commits. Answers by pos.
    `set_based=False`: every event by the station's projections, one by one (the yardstick
    of bench/bench_sync.py and of the test that both leave the same state)."""
    refused = {
        i["pos"]: refused_at_server(keys)
        for i in batch
        if (keys := training_barcodes_of(i["payload"]))
    }
    taken = [i for i in batch if i["pos"] not in refused]
    last_seq = max((i["pos"] for i in batch), default=0)
    answers_to = _answer(connection, station, taken, set_based, last_seq)
    answers = [
        {"pos": i["pos"], "answer": REFUSED, "reason": refused[i["pos"]]}
        if i["pos"] in refused
        else answers_to[i["pos"]]
        for i in batch
    ]
    return answers


def _answer(
    connection: Connection,
    station: StationInfo,
    batch: list[dict[str, Any]],
    set_based: bool,
    last_seq: int,
) -> dict[int, dict]:
    """Store and apply the events the server takes; their answers by pos."""
    rows = [
        {
            "district": station.district,
            "day": event_day(item),
            "event_id": item["event_id"],
            "station_id": station.station_id,
            "station_seq": item["pos"],
            "source": item["source"],
            "kind": item["kind"],
            "at": parse_at(item["at"]),
            "payload": item["payload"],
        }
        for item in batch
    ]
    stored, known = _store(connection, station, rows, lookup(station, batch), last_seq)
    earlier = _earlier_conflicts(
        connection, [i["event_id"] for i in batch if i["event_id"] not in stored]
    )
    new = [i for i in batch if i["event_id"] in stored]
    conflicts = _apply_all(connection, station, new, set_based, known)
    answers = []
    for item in batch:
        if item["event_id"] not in stored:
            conflict = earlier.get(item["event_id"])
            answers.append(
                {
                    "pos": item["pos"],
                    "answer": DUPLICATE,
                    **({"conflict": conflict} if conflict else {}),
                }
            )
            continue
        conflict = conflicts.get(item["event_id"])
        answers.append(
            {
                "pos": item["pos"],
                "answer": CONFLICT if conflict else ACCEPTED,
                **({"conflict": conflict} if conflict else {}),
            }
        )
    return {a["pos"]: a for a in answers}


def _apply_all(
    connection: Connection,
    station: StationInfo,
    items: list[dict[str, Any]],
    set_based: bool,
    known: dict[str, set[str]],
) -> dict[str, dict]:
    """Apply the new events in order: all at once in one savepoint (the usual case: runs of
    the usual events a statement per table, db/sync/set_based.py), or, if the projections
    refuse one of them, again one savepoint per event, so that only the refused one is set
    aside (stored, and on the conflict list)."""
    savepoint = connection.begin_nested()
    try:
        applier = Applier(connection, station)
        if set_based:
            found = set_based_apply(applier, items, parse_at, known)
        else:
            found = {i["event_id"]: c for i in items if (c := applier.apply(i, alone=False))}
    except (DBAPIError, Contended):
        savepoint.rollback()
    else:
        savepoint.commit()
        return found
    applier = Applier(connection, station)
    return {i["event_id"]: c for i in items if (c := applier.apply(i, alone=True))}


# Registers the station on first contact and notes the batch; the row stays locked until the
# commit, so one batch of a station at a time.
_STATION = (
    "INSERT INTO sync_stations (station_id, district, site, table_no, last_seq) "
    "VALUES (:id, :district, :site, :table, :seq) ON CONFLICT (station_id) DO UPDATE "
    "SET last_seen_at = now(), last_seq = greatest(sync_stations.last_seq, :seq) RETURNING 1"
)


def _store(
    connection: Connection,
    station: StationInfo,
    rows: list[dict[str, Any]],
    known_params: dict[str, Any],
    last_seq: int,
) -> tuple[set[str], dict[str, set[str]]]:
    """One statement, one round trip: lock the station, insert the events (`ON CONFLICT DO
    NOTHING`), and read what the server holds of the batch's keys (set_based.KNOWN). The
    event ids stored now (the others were stored before) and what is known."""
    params = {
        "id": station.station_id,
        "district": station.district,
        "site": station.site,
        "table": station.table,
        "seq": last_seq,
        **known_params,
    }
    events = rows_of("sync_events", rows, "ON CONFLICT DO NOTHING RETURNING event_id")
    if events is None:  # nothing to store: only the station's bookkeeping
        connection.execute(text(_STATION), params)
        return set(), known_of([])
    sql, document = events
    result = connection.execute(
        text(
            f"WITH station AS ({_STATION}), stored AS ({sql.format(p='events')}) "
            f"SELECT 'new', event_id FROM stored UNION ALL {KNOWN}"
        ),
        {**params, "events": document},
    ).all()
    return {key for tag, key in result if tag == "new"}, known_of(result)


def _earlier_conflicts(connection: Connection, event_ids: list[str]) -> dict[str, dict]:
    if not event_ids:
        return {}
    rows = connection.execute(
        text(
            "SELECT id, kind, key, first_station, event_id FROM sync_conflicts "
            "WHERE event_id IN :ids"
        ).bindparams(bindparam("ids", expanding=True)),
        {"ids": event_ids},
    )
    return {
        r.event_id: {"id": r.id, "kind": r.kind, "key": r.key, "with": r.first_station}
        for r in rows
    }
