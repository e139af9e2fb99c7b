"""Roster import: every row checked first, every bad row reported, then written in batches."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from station.identity import DocType, Document
from station.records import Event, EventKind, Person, Stamp, new_id, utcnow
from station.roster import Flags, Place, RowError, read_resident
from station.roster_files import Row, read_roster_rows
from station.roster_ports import (
    ImportRecord,
    NewResident,
    RosterEntry,
    RosterStore,
    RosterUnitOfWork,
    registered_payload,
)

# Rows per transaction: large enough that per-statement cost vanishes, small enough that
# the SQLite write lock is held for a fraction of a second at a time.
BATCH_ROWS = 5_000
# Between two batches the write lock stays free at least this long (preparing the next batch
# counts): SQLite's busy handler retries a waiting scan after 1, 2, 5 ... and at last every
# 100 ms, so a shorter gap can be missed, and a table then waits a second batch or more.
BATCH_GAP_S = 0.1
# The stamp's table field for events written by an import rather than at a sampling table.
IMPORT_TABLE = "roster"


@dataclass
class ImportReport:
    """What an import did, or would have done: the screen and the CLI show this."""

    source: str
    rows: int = 0
    created: int = 0  # persons new to the station
    matched: int = 0  # persons already known (seen at a table or imported before)
    registered: int = 0  # person_registered events written (new or changed persons)
    errors: list[RowError] = field(default_factory=list)
    imported: bool = False
    to_write: int = 0  # good rows to write, known once every row is checked

    @property
    def good_rows(self) -> int:
        return self.created + self.matched

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "rows": self.rows,
            "imported": self.imported,
            "created": self.created,
            "matched": self.matched,
            "registered": self.registered,
            "refused": len(self.errors),
            "errors": [
                {"line": e.line, "column": e.column, "message": e.message} for e in self.errors
            ],
        }


def registered_data(person: Person) -> dict[str, object]:
    """The payload of a person_registered event, as the table writes it."""
    document = person.document
    return registered_payload(document.type.value, document.number, document.note, person.name,
                              person.phone, person.single_only)


_UUID_VARIANT = "89ab"


def _uuid4_text(value: int) -> str:
    """A random 128-bit value as a version 4 UUID in text, as station.records.new_id gives."""
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_UUID_VARIANT[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


class SortedIds:
    """Fresh keys for a whole import, drawn at once and handed out in ascending order.

    Persons, events and residents are indexed by these random keys. Handed out in order,
    the keys of one batch are neighbours in each index, so a batch touches a few index pages
    instead of nearly all of them: at a million rows that is most of the import's disk
    writes. The keys stay independent random version 4 UUIDs; only who gets which follows
    the file. One call to the OS for all of them, too.
    """

    def __init__(self, count: int) -> None:
        raw = os.urandom(16 * count)
        self._values = [int.from_bytes(raw[i : i + 16]) for i in range(0, 16 * count, 16)]
        self._values.sort(reverse=True)  # taken from the end: each take is cheap

    def take(self, count: int) -> list[str]:
        values = self._values
        taken = [_uuid4_text(values.pop()) for _ in range(min(count, len(values)))]
        if len(taken) < count:
            raise ValueError("more keys taken than drawn")
        return taken


def new_ids(count: int) -> list[str]:
    """`count` fresh keys (random version 4 UUIDs as text), in ascending order."""
    return SortedIds(count).take(count)


class _Checked(NamedTuple):
    """A good roster row kept for writing: plain values, so a million fit in memory."""

    line: int
    doc_type: DocType
    number: str
    note: str
    name: str
    phone: str
    place: Place
    flags: Flags


def _check(rows: Iterable[tuple[int, Row]], report: ImportReport) -> list[_Checked]:
    """Every row through the table's identity rules, before anything is written."""
    good: list[_Checked] = []
    first_line: dict[DocType, dict[str, int]] = {}
    today = date.today()
    for line, row in rows:
        report.rows += 1
        checked = read_resident(line, row, today)
        if isinstance(checked, list):
            report.errors.extend(checked)
            continue
        document = checked.document
        seen = first_line.setdefault(document.type, {})
        earlier = seen.get(document.number)
        if earlier is not None:
            report.errors.append(
                RowError(
                    checked.line,
                    "证件号码",
                    f"与第 {earlier} 行证件号码重复",
                    f"same document number as line {earlier}",
                )
            )
            continue
        seen[document.number] = checked.line
        good.append(
            _Checked(
                checked.line,
                document.type,
                document.number,
                document.note,
                checked.name,
                checked.phone,
                checked.place,
                checked.flags,
            )
        )
    return good


@dataclass
class _Prepared:
    """One batch made ready as if every resident were new; the write corrects the known.

    Made outside the transaction, so the write lock is held only for the database work.
    """

    at: datetime
    rows: list[NewResident]
    new_rooms: list[tuple[int, Place]]


@dataclass
class _Writer:
    """Writes checked rows one batch per transaction, each batch all or nothing."""

    stamp: Stamp
    clock: Callable[[], datetime]
    report: ImportReport
    rooms: dict[Place, int]
    next_room: int
    person_ids: SortedIds
    event_ids: SortedIds

    def prepare(self, batch: list[_Checked]) -> _Prepared:
        """Everything that needs no database (ids, rooms), before taking the lock."""
        new_rooms: list[tuple[int, Place]] = []
        rooms = self.rooms
        rows = []
        person_ids = self.person_ids.take(len(batch))
        event_ids = self.event_ids.take(len(batch))
        for resident, person_id, event_id in zip(batch, person_ids, event_ids, strict=True):
            room_id = rooms.get(resident.place)
            if room_id is None:
                room_id = rooms[resident.place] = self.next_room
                self.next_room += 1
                new_rooms.append((room_id, resident.place))
            rows.append(NewResident(person_id, event_id, resident.doc_type.value,
                                    resident.number, resident.note, resident.name,
                                    resident.phone, room_id, resident.line, resident.flags))
        return _Prepared(self.clock(), rows, new_rooms)

    def write(self, store: RosterStore, batch: _Prepared) -> None:
        known = store.persons_by_documents([(r.doc_type, r.doc_number) for r in batch.rows])
        new = batch.rows
        events: list[Event] = []
        entries: list[RosterEntry] = []
        if known:
            new = []
            for row in batch.rows:
                person = known.get((row.doc_type, row.doc_number))
                if person is None:
                    new.append(row)
                    continue
                # A blank roster cell never erases what the table learnt from the person.
                updated = replace(
                    person,
                    document=Document(
                        person.document.type,
                        person.document.number,
                        row.note or person.document.note,
                    ),
                    name=row.name,
                    phone=row.phone or person.phone,
                    single_only=row.flags.single_only,
                )
                if updated != person:
                    events.append(Event(EventKind.PERSON_REGISTERED, self.stamp,
                                        person_id=person.id, data=registered_data(updated),
                                        id=row.event_id, at=batch.at))
                entries.append(RosterEntry(person.id, row.room_id, row.flags, row.line))
        store.add_rooms(batch.new_rooms)
        store.add_new_residents(self.stamp, batch.at, new)
        store.register_people(events)
        store.save_entries(entries)
        self.report.created += len(new)
        self.report.matched += len(known)
        self.report.registered += len(new) + len(events)


@dataclass
class RosterImporter:
    """Loads a roster into the site: persons (the table's people) plus where they live."""

    uow: RosterUnitOfWork
    stamp: Callable[[], Stamp]
    clock: Callable[[], datetime] = utcnow
    batch_rows: int = BATCH_ROWS
    batch_gap_s: float = BATCH_GAP_S

    def import_file(
        self, path: Path, *, good_rows: bool = False, report: ImportReport | None = None
    ) -> ImportReport:
        return self.import_rows(
            read_roster_rows(path), Path(path).name, good_rows=good_rows, report=report
        )

    def import_rows(
        self,
        rows: Iterable[tuple[int, Row]],
        source: str,
        *,
        good_rows: bool = False,
        report: ImportReport | None = None,
    ) -> ImportReport:
        """Check every row; write only when no row is bad, or the good rows when asked to.

        Checking reads the whole file without touching the database, so a refused import
        leaves it exactly as it was. Writing then goes in batches, each its own transaction
        (persons, their person_registered events and residents together), so the sampling
        tables keep recording between batches.

        `report`, when given, is filled as the import goes (rows checked, then people written
        out of `to_write`): a window running the import in a thread shows it as progress.
        """
        report = ImportReport(source) if report is None else report
        stamp = replace(self.stamp(), table=IMPORT_TABLE)
        # A million rows make millions of objects and no reference cycles: the cyclic
        # collector would only walk them again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._import(rows, source, good_rows, report, stamp)
        finally:
            if collecting:
                gc.enable()

    def _import(
        self,
        rows: Iterable[tuple[int, Row]],
        source: str,
        good_rows: bool,
        report: ImportReport,
        stamp: Stamp,
    ) -> ImportReport:
        good = _check(rows, report)
        if report.errors and not good_rows:
            return report
        report.to_write = len(good)
        with self.uow() as store:
            rooms = store.rooms()
        writer = _Writer(
            stamp,
            self.clock,
            report,
            rooms,
            max(rooms.values(), default=0) + 1,
            SortedIds(len(good)),
            SortedIds(len(good)),
        )
        size = max(1, self.batch_rows)
        batches = [good[start : start + size] for start in range(0, len(good), size)] or [[]]
        del good  # each batch is freed once written
        released: float | None = None  # when the last batch let go of the lock
        for index in range(len(batches)):
            batch, batches[index] = batches[index], []
            prepared = writer.prepare(batch)  # the lock is free meanwhile
            if released is not None:
                rest = self.batch_gap_s - (time.perf_counter() - released)
                if rest > 0:
                    time.sleep(rest)  # a waiting scan takes the lock now
            self._write(writer, prepared, source, index == len(batches) - 1)
            released = time.perf_counter()
        report.imported = True
        return report

    def _write(self, writer: _Writer, batch: _Prepared, source: str, last: bool) -> None:
        """One batch in one transaction; the last one also logs the import."""
        report = writer.report
        with self.uow() as store:
            writer.write(store, batch)
            if last:
                store.record_import(
                    ImportRecord(
                        id=new_id(),
                        at=self.clock(),
                        who=writer.stamp.recorder,
                        source=source,
                        rows=report.rows,
                        created=report.created,
                        matched=report.matched,
                        registered=report.registered,
                        refused=len(report.errors),
                    )
                )
            store.commit()
