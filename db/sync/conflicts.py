"""The server's conflict list, its resolution (an event of its own), and site-wide totals."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text

LEAD = "site-lead"  # the station id of decisions taken on the server itself


def conflicts(connection: Connection, open_only: bool = False) -> list[dict[str, Any]]:
    where = "WHERE resolved_at IS NULL" if open_only else ""
    rows = connection.execute(text(f"SELECT * FROM sync_conflicts {where} ORDER BY id"))
    return [
        {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r._mapping.items()}
        for r in rows
    ]


def conflicts_of(connection: Connection, station_id: str) -> list[dict[str, Any]]:
    """The open conflicts a station is part of, in a short form for its status."""
    rows = connection.execute(
        text(
            "SELECT id, kind, key, first_station, second_station FROM sync_conflicts "
            "WHERE resolved_at IS NULL AND (first_station = :s OR second_station = :s) ORDER BY id"
        ),
        {"s": station_id},
    )
    return [dict(r._mapping) for r in rows]


def resolve(connection: Connection, conflict_id: int, keep: str, reason: str) -> dict[str, Any]:
    """Record the site lead's decision: which station's claim stands, and why."""
    row = connection.execute(
        text("SELECT * FROM sync_conflicts WHERE id = :id FOR UPDATE"), {"id": conflict_id}
    ).first()
    if row is None:
        raise LookupError(f"no conflict {conflict_id}")
    if row.resolved_at is not None:
        raise ValueError(f"conflict {conflict_id} was resolved already")
    if keep not in (row.first_station, row.second_station):
        raise ValueError(
            f"{keep} is not one of the conflict's stations: "
            f"{row.first_station}, {row.second_station}"
        )
    if not reason.strip():
        raise ValueError("a resolution needs a reason")
    now, event_id = datetime.now(UTC), str(uuid.uuid4())
    payload = {
        "conflict": conflict_id,
        "kind": row.kind,
        "key": row.key,
        "keep": keep,
        "reason": reason,
        "at": now.isoformat(),
    }
    connection.execute(
        text("SELECT sync_ensure_partition(:d, :day)"), {"d": row.district, "day": now.date()}
    )
    connection.execute(
        text(
            "INSERT INTO sync_events (district, day, event_id, station_id, station_seq, source, "
            "kind, at, payload) VALUES (:d, :day, :e, :s, nextval('sync_lead_seq'), 'server', "
            "'conflict_resolved', :at, CAST(:p AS jsonb))"
        ),
        {
            "d": row.district,
            "day": now.date(),
            "e": event_id,
            "s": LEAD,
            "at": now,
            "p": json.dumps(payload, ensure_ascii=False),
        },
    )
    connection.execute(
        text(
            "UPDATE sync_conflicts SET resolved_at = :at, kept_station = :keep, reason = :reason, "
            "resolution_event_id = :e WHERE id = :id"
        ),
        {"at": now, "keep": keep, "reason": reason, "e": event_id, "id": conflict_id},
    )
    return {**payload, "event_id": event_id}


def totals(connection: Connection, round_: str | None = None) -> dict[str, Any]:
    """People and tubes on the server, whichever station recorded them, and open conflicts."""
    where = "status <> 'voided'" + (" AND round = :round" if round_ else "")
    people, tubes = connection.execute(
        text(f"SELECT coalesce(sum(count), 0), count(*) FROM tubes WHERE {where}"),
        {"round": round_},
    ).one()
    waiting = connection.execute(
        text("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL")
    ).scalar_one()
    stations = connection.execute(text("SELECT count(*) FROM sync_stations")).scalar_one()
    return {
        "people": int(people),
        "tubes": int(tubes),
        "conflicts_waiting": int(waiting),
        "stations": int(stations),
    }
