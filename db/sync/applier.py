"""Applying one accepted event to the server's current-state tables with the station's own
projections, translating the station's keys where the server had to tell two stations'
tubes, boxes or persons apart (aliases); the conflicts it finds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from db.lab.projections import LabProjection
from db.recording.store import _PROJECTIONS, SqlStore
from station.core.records import Event, EventKind, Stamp
from station.lab.records import LabEvent, LabEventKind


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


class Applier:
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
    "events": Applier.recording,
    "lab_events": Applier.lab,
    "queue_events": Applier.queue,
}
