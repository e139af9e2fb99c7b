"""The roster import's writes: persons, their registration events and residents, in bulk."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from operator import attrgetter
from typing import Any

from sqlalchemy import (
    ARRAY,
    Connection,
    String,
    any_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)

from db.recording.store import chunks
from db.roster.bulk import bulk_insert, stored
from db.roster.round_queries import events_t, imports_t, persons_t, residents_t, rooms_t
from db.rows import person_of as _person
from station.core.records import Event, EventKind, Person, Stamp
from station.roster.ports import ImportRecord, NewResident, RosterEntry
from station.roster.residents import FLAG_KEYS, Flags, Place

__all__ = ["RosterImportWrites", "registered_json"]

_quoted = encode_basestring_ascii  # json.dumps's own string encoder (ensure_ascii)


def registered_json(
    doc_type: str, doc_number: str, note: str, name: str, phone: str, single_only: bool
) -> str:
    """json.dumps(registered_payload(...)), character for character, at a fifth of the cost:
    an import writes a million of them."""
    return (
        f'{{"doc_type": {_quoted(doc_type)}, "doc_number": {_quoted(doc_number)}, '
        f'"note": {_quoted(note)}, "name": {_quoted(name)}, "phone": {_quoted(phone)}, '
        f'"single_only": {"true" if single_only else "false"}}}'
    )


_EVENT_COLUMNS = (
    "id",
    "kind",
    "at",
    "site",
    "table_no",
    "recorder",
    "round",
    "tube",
    "person_id",
    "data",
)
_PERSON_COLUMNS = (
    "id",
    "doc_type",
    "doc_number",
    "note",
    "name",
    "phone",
    "single_only",
    "updated_at",
)
_RESIDENT_COLUMNS = ("site", "person_id", "room_id", "line", *FLAG_KEYS)
_flag_values = attrgetter(*FLAG_KEYS)


@lru_cache(maxsize=64)
def _flag_cells(flags: Flags) -> tuple[int, ...]:
    """A resident's six flags as stored: 0 and 1. sqlite3 binds an int at once but passes a
    bool through its adapter lookup, which made up a third of inserting a residents row.
    PostgreSQL's (text) COPY reads 1 and 0 into a boolean column as true and false."""
    return tuple(map(int, _flag_values(flags)))


_KNOWN_PERSONS_SQLITE = select(persons_t).where(
    persons_t.c.doc_type == bindparam("doc_type"),
    persons_t.c.doc_number.in_(
        select(func.json_each(bindparam("numbers")).table_valued("value").c.value)
    ),
)
# The generic ARRAY (PostgreSQL compiles it as its own): the PostgreSQL dialect loads only there.
_KNOWN_PERSONS_PG = select(persons_t).where(
    persons_t.c.doc_type == bindparam("doc_type"),
    persons_t.c.doc_number == any_(bindparam("numbers", type_=ARRAY(String))),
)


def _event_cells(e: Event) -> tuple[Any, ...]:
    """An event as a row of _EVENT_COLUMNS (a registration names no tube)."""
    stamp = e.stamp
    return (
        e.id,
        e.kind.value,
        e.at,
        stamp.site,
        stamp.table,
        stamp.recorder,
        stamp.round,
        None,
        e.person_id,
        e.data,
    )


def _person_cells(e: Event) -> tuple[Any, ...]:
    """The person a registration event brings, as a row of _PERSON_COLUMNS."""
    d = e.data
    return (
        e.person_id,
        d["doc_type"],
        d["doc_number"],
        d["note"],
        d["name"],
        d["phone"],
        bool(d["single_only"]),
        e.at,
    )


def _person_changes(e: Event) -> dict[str, Any]:
    """The parameters of _UPDATE_PERSON for a registration of a person already stored."""
    d = e.data
    return {
        "pid": e.person_id,
        "note": d["note"],
        "name": d["name"],
        "phone": d["phone"],
        "single_only": bool(d["single_only"]),
        "updated_at": e.at,
    }


_UPDATE_PERSON = (
    update(persons_t)
    .where(persons_t.c.id == bindparam("pid"))
    .values(
        note=bindparam("note"),
        name=bindparam("name"),
        phone=bindparam("phone"),
        single_only=bindparam("single_only"),
        updated_at=bindparam("updated_at"),
    )
)


class RosterImportWrites:
    """The import half of SqlRosterStore (db/roster/store.py), which holds these fields."""

    connection: Connection
    site: str
    _ids_by_document: dict[tuple[str, str], str | None]
    _inserted: set[str]

    def persons_by_documents(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Person]:
        by_type: dict[str, list[str]] = {}
        for doc_type, number in keys:
            by_type.setdefault(doc_type, []).append(number)
        found: dict[tuple[str, str], Person] = {}
        postgresql = self.connection.dialect.name == "postgresql"
        for doc_type, numbers in by_type.items():
            # One statement per type, the numbers as one array (JSON on SQLite): a batch's
            # thousands of IN parameters cost SQLAlchemy more than the index look-ups.
            rows = self.connection.execute(
                _KNOWN_PERSONS_PG if postgresql else _KNOWN_PERSONS_SQLITE,
                {"doc_type": doc_type, "numbers": numbers if postgresql else json.dumps(numbers)},
            )
            for row in rows:
                found[(row.doc_type, row.doc_number)] = _person(row)
        for key in keys:
            person = found.get(key)
            self._ids_by_document[key] = person.id if person is not None else None
        return found

    def rooms(self) -> dict[Place, int]:
        rows = self.connection.execute(
            select(rooms_t.c.id, rooms_t.c.building, rooms_t.c.unit, rooms_t.c.room).where(
                rooms_t.c.site == self.site
            )
        )
        return {Place(r.building, r.unit, r.room): r.id for r in rows}

    def add_rooms(self, rooms: list[tuple[int, Place]]) -> None:
        bulk_insert(
            self.connection,
            rooms_t,
            ("site", "id", "building", "unit", "room"),
            [(self.site, i, p.building, p.unit, p.room) for i, p in rooms],
        )

    def _existing_person_ids(self, events: list[Event]) -> set[str]:
        """Which of the events' persons already have a persons row."""
        existing: set[str] = set()
        unknown: list[str] = []
        for e in events:
            key = (e.data["doc_type"], e.data["doc_number"])
            if key not in self._ids_by_document:
                unknown.append(e.person_id)  # type: ignore[arg-type]
            elif self._ids_by_document[key] == e.person_id:
                existing.add(e.person_id)  # type: ignore[arg-type]
        for chunk in chunks(unknown):
            existing.update(
                self.connection.execute(
                    select(persons_t.c.id).where(persons_t.c.id.in_(chunk))
                ).scalars()
            )
        return existing

    def register_people(self, events: list[Event]) -> None:
        if not events:
            return
        bulk_insert(self.connection, events_t, _EVENT_COLUMNS, [_event_cells(e) for e in events])
        existing = self._existing_person_ids(events)
        changed = [_person_changes(e) for e in events if e.person_id in existing]
        new = [_person_cells(e) for e in events if e.person_id not in existing]
        for e in events:
            if e.person_id not in existing:
                key = (e.data["doc_type"], e.data["doc_number"])
                self._ids_by_document[key] = e.person_id
                self._inserted.add(e.person_id)  # type: ignore[arg-type]
        bulk_insert(self.connection, persons_t, _PERSON_COLUMNS, new)
        if changed:
            self.connection.execute(_UPDATE_PERSON, changed)

    def add_new_residents(self, stamp: Stamp, at: datetime, rows: list[NewResident]) -> None:
        """Three bulk inserts, built in one pass: a million rows go through here."""
        if not rows:
            return
        kind = EventKind.PERSON_REGISTERED.value
        site, table, recorder, round = stamp.site, stamp.table, stamp.recorder, stamp.round
        # Every row of the batch has the same time: stored once, not once a row.
        at_updated, at_event = (
            stored(self.connection, persons_t.c.updated_at, at),
            stored(self.connection, events_t.c.at, at),
        )
        persons, events, residents = [], [], []
        for r in rows:
            single = r.flags.single_only
            persons.append(
                (
                    r.person_id,
                    r.doc_type,
                    r.doc_number,
                    r.note,
                    r.name,
                    r.phone,
                    int(single),
                    at_updated,
                )
            )
            data = registered_json(r.doc_type, r.doc_number, r.note, r.name, r.phone, single)
            events.append(
                (r.event_id, kind, at_event, site, table, recorder, round, None, r.person_id, data)
            )
            residents.append((self.site, r.person_id, r.room_id, r.line, *_flag_cells(r.flags)))
        bulk_insert(self.connection, persons_t, _PERSON_COLUMNS, persons, ready=True)
        bulk_insert(self.connection, events_t, _EVENT_COLUMNS, events, ready=True)
        bulk_insert(self.connection, residents_t, _RESIDENT_COLUMNS, residents, ready=True)

    def save_entries(self, entries: list[RosterEntry]) -> None:
        if not entries:
            return
        replaced = [e.person_id for e in entries if e.person_id not in self._inserted]
        for chunk in chunks(replaced):
            self.connection.execute(
                delete(residents_t).where(
                    residents_t.c.site == self.site, residents_t.c.person_id.in_(chunk)
                )
            )
        site = self.site
        bulk_insert(
            self.connection,
            residents_t,
            _RESIDENT_COLUMNS,
            [(site, e.person_id, e.room_id, e.line, *_flag_cells(e.flags)) for e in entries],
        )

    def record_import(self, record: ImportRecord) -> None:
        self.connection.execute(insert(imports_t).values(site=self.site, **record.__dict__))
