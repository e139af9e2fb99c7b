"""The server's side of forwarding: one batch of a station's events in one transaction.

Each event is stored once (`INSERT ... ON CONFLICT DO NOTHING` on the client UUID), then
applied to the server's current-state tables with the station's own projections. The answer
per event: accepted, duplicate (already stored: a resend), conflict (stored and applied, and
on the conflict list) or refused (an event naming a training tube, box or code: neither stored
nor applied, with its reason). Nothing else is dropped and nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, column, table, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.exc import DBAPIError

from db.lab.projections import LabProjection
from db.recording.store import _PROJECTIONS, SqlStore
from station.core.records import Event, EventKind, Stamp
from station.lab.records import LabEvent, LabEventKind
from station.training import refused_at_server, training_barcodes_of

ACCEPTED, DUPLICATE, CONFLICT, REFUSED = "accepted", "duplicate", "conflict", "refused"

sync_events = table(
    "sync_events",
    column("district"),
    column("day"),
    column("event_id"),
    column("station_id"),
    column("station_seq"),
    column("source"),
    column("kind"),
    column("at"),
    column("payload", JSONB),
)
_INSERT = insert(sync_events).on_conflict_do_nothing().returning(sync_events.c.event_id)


@dataclass(frozen=True)
class StationInfo:
    station_id: str
    district: str
    site: str
    table: str


def event_day(item: dict[str, Any]) -> date:
    return parse_at(item["at"]).astimezone(UTC).date()


def parse_at(text_: str) -> datetime:
    moment = datetime.fromisoformat(text_)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def ensure_partitions(connection: Connection, district: str, days: set[date]) -> None:
    for day in sorted(days):
        connection.execute(
            text("SELECT sync_ensure_partition(:d, :day)"), {"d": district, "day": day}
        )


def ingest(connection: Connection, station: StationInfo, batch: list[dict[str, Any]]) -> list[dict]:
    """Store and apply `batch` (in the station's order); the caller commits. Answers by pos."""
    _lock_station(connection, station)
    refused = {
        i["pos"]: refused_at_server(keys)
        for i in batch
        if (keys := training_barcodes_of(i["payload"]))
    }
    answers_to = _answer(connection, station, [i for i in batch if i["pos"] not in refused])
    answers = [
        {"pos": i["pos"], "answer": REFUSED, "reason": refused[i["pos"]]}
        if i["pos"] in refused
        else answers_to[i["pos"]]
        for i in batch
    ]
    if batch:
        connection.execute(
            text(
                "UPDATE sync_stations SET last_seen_at = now(), "
                "last_seq = greatest(last_seq, :seq) WHERE station_id = :id"
            ),
            {"seq": max(i["pos"] for i in batch), "id": station.station_id},
        )
    return answers


def _answer(
    connection: Connection, station: StationInfo, batch: list[dict[str, Any]]
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
    stored = set(connection.execute(_INSERT, rows).scalars()) if rows else set()
    earlier = _earlier_conflicts(
        connection, [i["event_id"] for i in batch if i["event_id"] not in stored]
    )
    conflicts = _apply_all(connection, station, [i for i in batch if i["event_id"] in stored])
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
    connection: Connection, station: StationInfo, items: list[dict[str, Any]]
) -> dict[str, dict]:
    """Apply the new events in order: all at once in one savepoint (the usual case), or, if
    the projections refuse one of them, again one savepoint per event, so that only the
    refused one is set aside (stored, and on the conflict list)."""
    savepoint = connection.begin_nested()
    try:
        applier = _Applier(connection, station)
        found = {i["event_id"]: c for i in items if (c := applier.apply(i, alone=False))}
    except DBAPIError:
        savepoint.rollback()
    else:
        savepoint.commit()
        return found
    applier = _Applier(connection, station)
    return {i["event_id"]: c for i in items if (c := applier.apply(i, alone=True))}


def _lock_station(connection: Connection, station: StationInfo) -> None:
    """Register the station on first contact; one batch of a station at a time."""
    params = {
        "id": station.station_id,
        "district": station.district,
        "site": station.site,
        "table": station.table,
    }
    connection.execute(
        text(
            "INSERT INTO sync_stations (station_id, district, site, table_no) "
            "VALUES (:id, :district, :site, :table) ON CONFLICT DO NOTHING"
        ),
        params,
    )
    connection.execute(
        text("SELECT 1 FROM sync_stations WHERE station_id = :id FOR UPDATE"), params
    )


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


class _Applier:
    """Applies accepted events to the current-state tables, translating the station's keys
    where the server had to tell two stations' tubes, boxes or persons apart."""

    def __init__(self, connection: Connection, station: StationInfo) -> None:
        self.connection = connection
        self.station = station
        self.aliases: dict[tuple[str, str], str] = {}
        self.persons: dict[str, str] = {}  # the station's person id -> the server's
        self.new_persons: set[str] = set()  # first seen in this batch: in no other tube

    def apply(self, item: dict[str, Any], alone: bool) -> dict | None:
        if not alone:
            return _SOURCES[item["source"]](self, item["payload"], item["event_id"])
        savepoint = self.connection.begin_nested()
        try:
            conflict = _SOURCES[item["source"]](self, item["payload"], item["event_id"])
        except DBAPIError as error:  # the projection refused it: stored, listed, not lost
            savepoint.rollback()
            return self.conflict(
                "apply", item["kind"], "", item["event_id"], {"error": str(error.orig)[:300]}
            )
        savepoint.commit()
        return conflict

    # ----- keys ----------------------------------------------------------------------------
    def alias(self, kind: str, key: str | None) -> str | None:
        if key is None:
            return None
        if (kind, key) not in self.aliases:
            row = self.connection.execute(
                text(
                    "SELECT alias FROM sync_aliases WHERE district = :d AND station_id = :s "
                    "AND kind = :k AND key = :key"
                ),
                {"d": self.station.district, "s": self.station.station_id, "k": kind, "key": key},
            ).first()
            self.aliases[(kind, key)] = row.alias if row else key
        return self.aliases[(kind, key)]

    def person(self, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        if person_id not in self.persons:
            row = self.connection.execute(
                text("SELECT canonical_id FROM sync_person_aliases WHERE person_id = :p"),
                {"p": person_id},
            ).first()
            self.persons[person_id] = row.canonical_id if row else person_id
        return self.persons[person_id]

    def claim(self, kind: str, key: str, event_id: str) -> str:
        """Claim `key` for this station; the station that holds it (this one if free)."""
        params = {
            "d": self.station.district,
            "k": kind,
            "key": key,
            "s": self.station.station_id,
            "e": event_id,
        }
        self.connection.execute(
            text(
                "INSERT INTO sync_claims (district, kind, key, station_id, event_id) "
                "VALUES (:d, :k, :key, :s, :e) ON CONFLICT DO NOTHING"
            ),
            params,
        )
        return self.connection.execute(
            text(
                "SELECT station_id FROM sync_claims"
                " WHERE district = :d AND kind = :k AND key = :key"
            ),
            params,
        ).scalar_one()

    def claim_or_alias(self, kind: str, key: str, event_id: str) -> tuple[str, dict | None]:
        holder = self.claim(kind, key, event_id)
        if holder == self.station.station_id:
            return key, None
        alias = f"{key}~{self.station.station_id[:8]}"
        self.connection.execute(
            text(
                "INSERT INTO sync_aliases (district, station_id, kind, key, alias) "
                "VALUES (:d, :s, :k, :key, :a)"
            ),
            {
                "d": self.station.district,
                "s": self.station.station_id,
                "k": kind,
                "key": key,
                "a": alias,
            },
        )
        self.aliases[(kind, key)] = alias
        self.claim(kind, alias, event_id)
        return alias, self.conflict(kind, key, holder, event_id, {}, alias)

    def conflict(
        self, kind: str, key: str, holder: str, event_id: str, detail: dict, alias: str = ""
    ) -> dict:
        import json

        conflict_id = self.connection.execute(
            text(
                "INSERT INTO sync_conflicts (district, kind, key, first_station, second_station, "
                "event_id, alias, detail) VALUES (:d, :k, :key, :first, :second, :e, :a, "
                "CAST(:detail AS jsonb)) RETURNING id"
            ),
            {
                "d": self.station.district,
                "k": kind,
                "key": key,
                "first": holder,
                "second": self.station.station_id,
                "e": event_id,
                "a": alias,
                "detail": json.dumps(detail, ensure_ascii=False),
            },
        ).scalar_one()
        return {"id": conflict_id, "kind": kind, "key": key, "with": holder}

    # ----- the three logs ---------------------------------------------------------------------
    def recording(self, p: dict[str, Any], event_id: str) -> dict | None:
        kind = EventKind(p["kind"])
        data = dict(p.get("data") or {})
        tube, conflict = self.alias("tube", p.get("tube")), None
        if kind is EventKind.PERSON_REGISTERED:
            person_id, data["new"] = self._registered(p["person_id"], data)
        else:
            person_id = self.person(p.get("person_id"))
        if kind is EventKind.TUBE_OPENED:
            tube, conflict = self.claim_or_alias("tube", p["tube"], event_id)
        if "from" in data:
            data["from"] = self.alias("tube", data["from"])
        event = Event(kind, _stamp(p), tube, person_id, data, event_id, parse_at(p["at"]))
        if kind in (EventKind.PERSON_ADDED, EventKind.PERSON_MOVED) and (
            person_id not in self.new_persons
        ):
            conflict = self._twice(event) or conflict
        store = SqlStore(self.connection, p["site"])
        _PROJECTIONS[kind](store, event)
        return conflict

    def _registered(self, person_id: str, data: dict[str, Any]) -> tuple[str, bool]:
        """The server's person for this document: one person, however many stations."""
        row = self.connection.execute(
            text("SELECT id FROM persons WHERE doc_type = :t AND doc_number = :n"),
            {"t": data["doc_type"], "n": data["doc_number"]},
        ).first()
        if row is None:
            self.persons[person_id] = person_id
            self.new_persons.add(person_id)
            return person_id, True
        self.persons[person_id] = row.id
        if row.id != person_id:
            self.connection.execute(
                text(
                    "INSERT INTO sync_person_aliases (person_id, canonical_id) VALUES (:p, :c) "
                    "ON CONFLICT DO NOTHING"
                ),
                {"p": person_id, "c": row.id},
            )
        return row.id, False

    def _twice(self, event: Event) -> dict | None:
        """A person in an open tube of another station in the same round."""
        store = SqlStore(self.connection, event.stamp.site)
        for tube in store.tubes_of_person(event.person_id or "", event.stamp.round):
            holder = self.connection.execute(
                text(
                    "SELECT station_id FROM sync_claims WHERE district = :d AND kind = 'tube' "
                    "AND key = :key"
                ),
                {"d": self.station.district, "key": tube},
            ).scalar()
            if holder and holder != self.station.station_id and tube != event.tube:
                return self.conflict(
                    "person",
                    event.person_id or "",
                    holder,
                    event.id,
                    {"tube": event.tube, "other_tube": tube},
                )
        return None

    def lab(self, p: dict[str, Any], event_id: str) -> dict | None:
        kind = LabEventKind(p["kind"])
        box, conflict = self.alias("box", p.get("box")), None
        if kind is LabEventKind.BOX_OPENED:
            box, conflict = self.claim_or_alias("box", p["box"], event_id)
        event = LabEvent(
            kind,
            _stamp(p),
            box,
            self.alias("tube", p.get("tube")),
            self.person(p.get("person_id")),
            p.get("recall_id"),
            dict(p.get("data") or {}),
            event_id,
            parse_at(p["at"]),
        )
        LabProjection(self.connection, p["site"]).apply(event)
        return conflict

    def queue(self, p: dict[str, Any], event_id: str) -> dict | None:
        """Kept in sync_events; the tickets are not rebuilt yet (docs/sync.md). A ticket
        served at two stations is a conflict."""
        if p.get("state") != "served":
            return None
        holder = self.claim("ticket", p["ticket_id"], event_id)
        if holder == self.station.station_id:
            return None
        return self.conflict("ticket", p["ticket_id"], holder, event_id, {})


def _stamp(p: dict[str, Any]) -> Stamp:
    return Stamp(p["site"], p.get("table_no", ""), p.get("recorder", ""), p.get("round", ""))


_SOURCES = {
    "events": _Applier.recording,
    "lab_events": _Applier.lab,
    "queue_events": _Applier.queue,
}
