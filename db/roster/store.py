"""The SQL store behind station.roster_ports: roster writes in bulk, coverage in one query."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from operator import attrgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    DateTime,
    Integer,
    String,
    Table,
    and_,
    any_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY

from db.prepared import Prepared
from db.recording.models import EventRow, MemberRow, PersonRow, TubeRow
from db.recording.store import Database, chunks
from db.roster.models import (
    ExportLogRow,
    ImportLogRow,
    ResidentRow,
    RoomRow,
    RoundRow,
    TestedElsewhereRow,
)
from db.rows import aware as _aware
from db.rows import person_of as _person
from station.core.records import Event, EventKind, Person, Stamp, TubeStatus
from station.roster.ports import (
    ExportRecord,
    ImportRecord,
    NewResident,
    ResidentFilter,
    ResidentLine,
    RosterEntry,
    RosterStore,
    Round,
    Sampled,
    TubeCount,
    UnitCoverage,
)
from station.roster.residents import FLAG_KEYS, Flags, Place

events_t = EventRow.__table__
persons_t = PersonRow.__table__
tubes_t = TubeRow.__table__
members_t = MemberRow.__table__
rooms_t = RoomRow.__table__
residents_t = ResidentRow.__table__
rounds_t = RoundRow.__table__
elsewhere_t = TestedElsewhereRow.__table__
imports_t = ImportLogRow.__table__
exports_t = ExportLogRow.__table__


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


@lru_cache(maxsize=64)
def _flags_of_bits(bits: int) -> Flags:
    """The Flags a _FLAG_BITS number stands for: 64 combinations, each built once."""
    return Flags(*(bool(bits >> index & 1) for index in range(len(FLAG_KEYS))))


def _lines(rows) -> list[ResidentLine]:  # type: ignore[no-untyped-def]
    """Rows of _LINE_COLUMNS as ResidentLines; the people of one room share its Place."""
    places: dict[int, Place] = {}
    lines = []
    for person_id, room_id, bits, name, phone, doc_type, doc_number, building, unit, room in rows:
        place = places.get(room_id)
        if place is None:
            place = places[room_id] = Place(building, unit, room)
        lines.append(
            ResidentLine(
                person_id, name, phone, doc_type, doc_number, place, _flags_of_bits(bits), room_id
            )
        )
    return lines


# The six flags as one number, bit i for FLAG_KEYS[i]: one cell a resident instead of six.
_FLAG_BITS = sum(
    (cast(residents_t.c[key], Integer) * (1 << index) for index, key in enumerate(FLAG_KEYS)),
    start=literal(0),
).label("flags")

_LINE_COLUMNS = (
    residents_t.c.person_id,
    residents_t.c.room_id,
    _FLAG_BITS,
    persons_t.c.name,
    persons_t.c.phone,
    persons_t.c.doc_type,
    persons_t.c.doc_number,
    rooms_t.c.building,
    rooms_t.c.unit,
    rooms_t.c.room,
)


def _processor(type_: Any, dialect: Any) -> Any:
    """The column type's bind processor; for a SQLite datetime without one, the adapter
    the sqlite3 driver would apply to each row itself (so it runs once per distinct value).
    None for a boolean on SQLite: the driver stores True and False as 1 and 0 itself, as
    the processor would."""
    if isinstance(type_, Boolean) and dialect.name == "sqlite":
        return None
    processor = type_.bind_processor(dialect)
    if processor is None and isinstance(type_, DateTime):
        processor = sqlite3.adapters.get((datetime, sqlite3.PrepareProtocol))
    return processor


def _processed(processor: Any, values: list[Any]) -> list[Any]:
    """`processor` over a column; a value object repeated in it (a batch's one timestamp,
    True and False) is processed once. Keyed by identity, which `values` keeps alive."""
    done: dict[int, Any] = {}
    out = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        key = id(value)
        if key not in done:
            done[key] = processor(value)
        out.append(done[key])
    return out


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
_KNOWN_PERSONS_PG = select(persons_t).where(
    persons_t.c.doc_type == bindparam("doc_type"),
    persons_t.c.doc_number == any_(bindparam("numbers", type_=ARRAY(String))),
)


def _tube_in_round(windowed: bool):  # type: ignore[no-untyped-def]
    """A tube of the round (bound: r_site, r_name; windowed: r_starts, r_ends): recorded under
    its name, or opened inside its window."""
    in_round = tubes_t.c.round == bindparam("r_name")
    if windowed:
        in_round = or_(
            in_round,
            and_(
                tubes_t.c.opened_at >= bindparam("r_starts"),
                tubes_t.c.opened_at < bindparam("r_ends"),
            ),
        )
    return and_(
        tubes_t.c.site == bindparam("r_site"),
        tubes_t.c.status != TubeStatus.VOIDED.value,
        in_round,
    )


def _tested_here(windowed: bool):  # type: ignore[no-untyped-def]
    return (
        exists()
        .where(
            members_t.c.person_id == residents_t.c.person_id,
            members_t.c.site == bindparam("r_site"),
            members_t.c.removed_by.is_(None),
            tubes_t.c.barcode == members_t.c.tube,
            _tube_in_round(windowed),
        )
        .correlate(residents_t)
    )


_TESTED_ELSEWHERE = (
    exists()
    .where(
        elsewhere_t.c.site == bindparam("r_site"),
        elsewhere_t.c.round == bindparam("r_name"),
        elsewhere_t.c.person_id == residents_t.c.person_id,
    )
    .correlate(residents_t)
)
_FROM_ROOMS = residents_t.join(
    rooms_t, and_(rooms_t.c.site == residents_t.c.site, rooms_t.c.id == residents_t.c.room_id)
)
_LINES_FROM = _FROM_ROOMS.join(persons_t, persons_t.c.id == residents_t.c.person_id)


# As rooms, not as a join condition: the planner then reads only that building's residents
# instead of testing every resident of the site and filtering after.
_IN_BUILDING = residents_t.c.room_id.in_(
    select(rooms_t.c.id).where(
        rooms_t.c.site == bindparam("r_site"), rooms_t.c.building == bindparam("r_building")
    )
)


@lru_cache(maxsize=4)
def _untested_in_building(windowed: bool, immobile_only: bool) -> Prepared:
    """The untested residents of one building (bound: r_building and the round's values)."""
    where = [
        residents_t.c.site == bindparam("r_site"),
        _IN_BUILDING,
        not_(_tested_here(windowed)),
        not_(_TESTED_ELSEWHERE),
    ]
    if immobile_only:
        where.append(residents_t.c.immobile.is_(True))
    return Prepared(select(*_LINE_COLUMNS).select_from(_LINES_FROM).where(*where))


@lru_cache(maxsize=4)
def _coverage(windowed: bool, in_building: bool) -> Prepared:
    """Residents, tested and tested elsewhere per building and unit, of the site or of one
    building (bound: r_building) in the round."""
    where = [residents_t.c.site == bindparam("r_site")]
    if in_building:
        where.append(_IN_BUILDING)
    # Each resident's two flags in a subquery, then counted. SQLite flattens the subquery, so
    # a probe may still run twice for some residents (the OR and AND below stop early);
    # a single status CASE, a LEFT JOIN for elsewhere and a materialized CTE were measured
    # on the same data and were no faster.
    flags = (
        select(
            rooms_t.c.building,
            rooms_t.c.unit,
            case((_tested_here(windowed), 1), else_=0).label("here"),
            case((_TESTED_ELSEWHERE, 1), else_=0).label("away"),
        )
        .select_from(_FROM_ROOMS)
        .where(*where)
        .subquery()
    )
    return Prepared(
        select(
            flags.c.building,
            flags.c.unit,
            func.count(),
            func.sum(case((or_(flags.c.here == 1, flags.c.away == 1), 1), else_=0)),
            func.sum(case((and_(flags.c.away == 1, flags.c.here == 0), 1), else_=0)),
        ).group_by(flags.c.building, flags.c.unit)
    )


@dataclass
class SqlRosterStore(RosterStore):
    connection: Connection
    site: str
    # What this transaction knows of persons by document: the id found by
    # persons_by_documents or inserted by register_people, None when there is none. The
    # transaction holds the write lock, so nobody else changes these meanwhile.
    _ids_by_document: dict[tuple[str, str], str | None] = field(default_factory=dict)
    # Persons inserted by this transaction: they have no residents row to replace.
    _inserted: set[str] = field(default_factory=set)

    def _bulk_insert(
        self,
        table: Table,
        columns: tuple[str, ...],
        rows: list[tuple[Any, ...]],
        *,
        ready: bool = False,
    ) -> None:
        """Insert many rows at driver speed: COPY on PostgreSQL, one executemany on SQLite.

        SQLAlchemy's per-row parameter processing costs more than the insert itself at a
        million rows; the column types' own bind processors keep the stored form identical.
        `ready`: the rows already hold what the driver stores (see _stored), JSON as text.
        """
        if not rows:
            return
        names = ", ".join(columns)
        if self.connection.dialect.name == "postgresql":
            jsons = (
                []
                if ready
                else [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
            )
            cursor = self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if jsons:
                        row = tuple(json.dumps(v) if i in jsons else v for i, v in enumerate(row))
                    copy.write_row(row)
            return
        values: list[tuple[Any, ...]] = rows
        processed = (
            []
            if ready
            else [
                (index, processor)
                for index, column in enumerate(columns)
                if (processor := _processor(table.c[column].type, self.connection.dialect))
            ]
        )
        if processed:
            # Column by column: one pass per processed column instead of a loop per cell.
            cells = [list(column) for column in zip(*rows, strict=True)]
            for index, processor in processed:
                cells[index] = _processed(processor, cells[index])
            values = list(zip(*cells, strict=True))
        marks = ", ".join("?" for _ in columns)
        self.connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks})", values
        )

    def _stored(self, column: Any, value: Any) -> Any:
        """`value` as the driver stores it in `column` (COPY takes PostgreSQL's as they are)."""
        if self.connection.dialect.name == "postgresql":
            return value
        processor = _processor(column.type, self.connection.dialect)
        return processor(value) if processor else value

    # ----- import -------------------------------------------------------------------------
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
        self._bulk_insert(
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
        self._bulk_insert(
            events_t,
            _EVENT_COLUMNS,
            [
                (
                    e.id,
                    e.kind.value,
                    e.at,
                    e.stamp.site,
                    e.stamp.table,
                    e.stamp.recorder,
                    e.stamp.round,
                    None,
                    e.person_id,
                    e.data,
                )
                for e in events
            ],
        )
        existing = self._existing_person_ids(events)
        new: list[tuple[Any, ...]] = []
        changed: list[dict[str, Any]] = []
        for e in events:
            d = e.data
            if e.person_id in existing:
                changed.append(
                    {
                        "pid": e.person_id,
                        "note": d["note"],
                        "name": d["name"],
                        "phone": d["phone"],
                        "single_only": bool(d["single_only"]),
                        "updated_at": e.at,
                    }
                )
                continue
            new.append(
                (
                    e.person_id,
                    d["doc_type"],
                    d["doc_number"],
                    d["note"],
                    d["name"],
                    d["phone"],
                    bool(d["single_only"]),
                    e.at,
                )
            )
            self._ids_by_document[(d["doc_type"], d["doc_number"])] = e.person_id  # type: ignore[assignment]
            self._inserted.add(e.person_id)  # type: ignore[arg-type]
        self._bulk_insert(persons_t, _PERSON_COLUMNS, new)
        if changed:
            self.connection.execute(
                update(persons_t)
                .where(persons_t.c.id == bindparam("pid"))
                .values(
                    note=bindparam("note"),
                    name=bindparam("name"),
                    phone=bindparam("phone"),
                    single_only=bindparam("single_only"),
                    updated_at=bindparam("updated_at"),
                ),
                changed,
            )

    def add_new_residents(self, stamp: Stamp, at: datetime, rows: list[NewResident]) -> None:
        """Three bulk inserts, built in one pass: a million rows go through here."""
        if not rows:
            return
        kind = EventKind.PERSON_REGISTERED.value
        site, table, recorder, round = stamp.site, stamp.table, stamp.recorder, stamp.round
        # Every row of the batch has the same time: stored once, not once a row.
        at_updated, at_event = (
            self._stored(persons_t.c.updated_at, at),
            self._stored(events_t.c.at, at),
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
        self._bulk_insert(persons_t, _PERSON_COLUMNS, persons, ready=True)
        self._bulk_insert(events_t, _EVENT_COLUMNS, events, ready=True)
        self._bulk_insert(residents_t, _RESIDENT_COLUMNS, residents, ready=True)

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
        self._bulk_insert(
            residents_t,
            _RESIDENT_COLUMNS,
            [(site, e.person_id, e.room_id, e.line, *_flag_cells(e.flags)) for e in entries],
        )

    def record_import(self, record: ImportRecord) -> None:
        self.connection.execute(insert(imports_t).values(site=self.site, **record.__dict__))

    # ----- rounds and coverage ------------------------------------------------------------
    def round(self, name: str) -> Round | None:
        row = self.connection.execute(
            select(rounds_t).where(rounds_t.c.site == self.site, rounds_t.c.name == name)
        ).first()
        if row is None:
            return None
        return Round(row.name, _aware(row.starts_at), _aware(row.ends_at), tuple(row.buildings))

    def round_names(self) -> list[str]:
        defined = select(rounds_t.c.name).where(rounds_t.c.site == self.site)
        sampled = select(tubes_t.c.round).where(tubes_t.c.site == self.site).distinct()
        return sorted({*self.connection.scalars(defined), *self.connection.scalars(sampled)})

    def buildings(self) -> list[str]:
        query = select(rooms_t.c.building).where(rooms_t.c.site == self.site).distinct()
        return list(self.connection.scalars(query))

    def save_round(self, round: Round) -> None:
        self.connection.execute(
            delete(rounds_t).where(rounds_t.c.site == self.site, rounds_t.c.name == round.name)
        )
        self.connection.execute(
            insert(rounds_t).values(
                site=self.site,
                name=round.name,
                starts_at=round.starts_at,
                ends_at=round.ends_at,
                buildings=list(round.buildings),
            )
        )

    def _round_params(self, round: Round) -> dict[str, Any]:
        """Values for the bound parameters of _tube_in_round and the tested conditions."""
        return {
            "r_site": self.site,
            "r_name": round.name,
            "r_starts": round.starts_at,
            "r_ends": round.ends_at,
        }

    def coverage(self, round: Round) -> list[UnitCoverage]:
        params = self._round_params(round)
        if round.buildings:  # a scoped round: only its buildings' residents are read
            query = _coverage(round.windowed, in_building=True)
            rows = [
                row
                for building in round.buildings
                for row in query.tuples(self.connection, {**params, "r_building": building})
            ]
        else:
            rows = _coverage(round.windowed, in_building=False).tuples(self.connection, params)
        return [
            UnitCoverage(b, u, int(n), int(tested or 0), int(away_n or 0))
            for b, u, n, tested, away_n in rows
        ]

    def untested(
        self, round: Round, building: str | None, immobile_only: bool
    ) -> list[ResidentLine]:
        if building is None:
            buildings = round.buildings or self._buildings()
            return [line for b in buildings for line in self.untested(round, b, immobile_only)]
        if round.buildings and building not in round.buildings:
            return []
        query = _untested_in_building(round.windowed, immobile_only)
        return _lines(
            query.tuples(self.connection, {**self._round_params(round), "r_building": building})
        )

    def _buildings(self) -> list[str]:
        return list(
            self.connection.execute(
                select(rooms_t.c.building).where(rooms_t.c.site == self.site).distinct()
            ).scalars()
        )

    def mark_tested_elsewhere(self, round: str, person_ids: list[str], place: str) -> int:
        known: set[str] = set()
        for chunk in chunks(person_ids):
            known.update(
                self.connection.execute(
                    select(elsewhere_t.c.person_id).where(
                        elsewhere_t.c.site == self.site,
                        elsewhere_t.c.round == round,
                        elsewhere_t.c.person_id.in_(chunk),
                    )
                ).scalars()
            )
        new = [p for p in dict.fromkeys(person_ids) if p not in known]
        if new:
            self.connection.execute(
                insert(elsewhere_t),
                [{"site": self.site, "round": round, "person_id": p, "place": place} for p in new],
            )
        return len(new)

    # ----- the round report -------------------------------------------------------------
    def round_tubes(self, round: Round) -> list[TubeCount]:
        rows = self.connection.execute(
            select(tubes_t.c.barcode, tubes_t.c.mode, tubes_t.c.status, tubes_t.c.count).where(
                _tube_in_round(round.windowed)
            ),
            self._round_params(round),
        )
        return [TubeCount(r.barcode, r.mode, r.status, r.count) for r in rows]

    def round_sampled(self, round: Round) -> list[Sampled]:
        rows = self.connection.execute(
            select(members_t.c.tube, members_t.c.added_at, events_t.c.recorder, events_t.c.table_no)
            .select_from(
                members_t.join(
                    tubes_t,
                    and_(tubes_t.c.site == members_t.c.site, tubes_t.c.barcode == members_t.c.tube),
                ).join(events_t, events_t.c.id == members_t.c.event_id)
            )
            .where(
                members_t.c.site == self.site,
                members_t.c.removed_by.is_(None),
                _tube_in_round(round.windowed),
            ),
            self._round_params(round),
        )
        return [
            Sampled(r.tube, _aware(r.added_at), r.recorder, r.table_no)  # type: ignore[arg-type]
            for r in rows
        ]

    # ----- households, lists and labels ---------------------------------------------------
    def household(self, room_id: int) -> tuple[Place, list[ResidentLine]] | None:
        room = self.connection.execute(
            select(rooms_t).where(rooms_t.c.site == self.site, rooms_t.c.id == room_id)
        ).first()
        if room is None:
            return None
        rows = self.connection.execute(
            select(*_LINE_COLUMNS)
            .select_from(_LINES_FROM)
            .where(residents_t.c.site == self.site, residents_t.c.room_id == room_id)
            .order_by(residents_t.c.line)
        )
        return Place(room.building, room.unit, room.room), _lines(rows.all())

    def residents(self, selection: ResidentFilter) -> list[ResidentLine]:
        where = [residents_t.c.site == self.site]
        if selection.building:
            where.append(rooms_t.c.building == selection.building)
        if selection.unit:
            where.append(rooms_t.c.unit == selection.unit)
        if selection.person_id:
            where.append(residents_t.c.person_id == selection.person_id)
        for key in selection.flags:
            where.append(residents_t.c[key].is_(True))
        if selection.without_phone:
            where.append(persons_t.c.phone == "")
        rows = self.connection.execute(
            select(*_LINE_COLUMNS).select_from(_LINES_FROM).where(*where)
        )
        return _lines(rows.all())

    def log_export(self, record: ExportRecord) -> None:
        self.connection.execute(insert(exports_t).values(site=self.site, **record.__dict__))

    def exports(self) -> list[ExportRecord]:
        rows = self.connection.execute(
            select(exports_t).where(exports_t.c.site == self.site).order_by(exports_t.c.at)
        )
        return [
            ExportRecord(r.id, _aware(r.at), r.who, r.what, r.rows, r.target)  # type: ignore[arg-type]
            for r in rows
        ]

    def commit(self) -> None:
        self.connection.commit()


# SQLite page cache for imports: persons, events and residents are keyed by random ids, so
# each insert lands on a random index page; with SQLite's default 2 MiB cache a million-row
# import rereads most of them from the OS for every batch.
IMPORT_CACHE_MIB = 128


def roster_unit_of_work(database: Database, *, cache_mib: int | None = None):  # type: ignore[no-untyped-def]
    """A station.roster.ports.RosterUnitOfWork: the site's unit of work (db.site) seen
    through the roster's store.

    `cache_mib`: on SQLite, the connection's page cache is raised to this size (it stays
    with the pooled connection, filled only as pages are read).
    """
    return database.store_unit_of_work("roster", cache_mib=cache_mib)
