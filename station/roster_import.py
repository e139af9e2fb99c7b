"""Roster import: every row checked first, every bad row reported, then written in batches."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from station.identity import DocType, Document
from station.records import Event, EventKind, Person, Stamp, new_id, utcnow
from station.roster import Flags, Place, RowError, read_resident
from station.roster_files import Row, read_roster_rows
from station.roster_ports import ImportRecord, RosterEntry, RosterStore, RosterUnitOfWork

# Rows per transaction: large enough that per-statement cost vanishes, small enough that
# the SQLite write lock is held for a fraction of a second at a time.
BATCH_ROWS = 10_000
# Between two batches the import rests this long with the lock released: SQLite's busy
# handler retries a waiting scan every few to 100 ms, so a lock taken back at once could
# starve a sampling table for the whole import.
BATCH_PAUSE_S = 0.02
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
    return {
        "doc_type": person.document.type.value,
        "doc_number": person.document.number,
        "note": person.document.note,
        "name": person.name,
        "phone": person.phone,
        "single_only": person.single_only,
    }


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
    for line, row in rows:
        report.rows += 1
        checked = read_resident(line, row)
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
class _Writer:
    """Writes checked rows one batch per transaction, each batch all or nothing."""

    stamp: Stamp
    clock: Callable[[], datetime]
    report: ImportReport
    rooms: dict[Place, int]
    next_room: int = 1

    def write(self, store: RosterStore, batch: list[_Checked]) -> None:
        known = store.persons_by_documents([(r.doc_type.value, r.number) for r in batch])
        events: list[Event] = []
        entries: list[RosterEntry] = []
        new_rooms: list[tuple[int, Place]] = []
        at = self.clock()
        created = matched = 0
        for resident in batch:
            person = known.get((resident.doc_type.value, resident.number))
            if person is None:
                created += 1
                updated = Person(
                    new_id(),
                    Document(resident.doc_type, resident.number, resident.note),
                    resident.name,
                    resident.phone,
                    resident.flags.single_only,
                )
            else:
                matched += 1
                # A blank roster cell never erases what the table learnt from the person.
                updated = replace(
                    person,
                    document=Document(
                        person.document.type,
                        person.document.number,
                        resident.note or person.document.note,
                    ),
                    name=resident.name,
                    phone=resident.phone or person.phone,
                    single_only=resident.flags.single_only,
                )
            if updated != person:
                events.append(
                    Event(
                        EventKind.PERSON_REGISTERED,
                        self.stamp,
                        person_id=updated.id,
                        data=registered_data(updated),
                        at=at,
                    )
                )
            room_id = self.rooms.get(resident.place)
            if room_id is None:
                room_id = self.rooms[resident.place] = self.next_room
                self.next_room += 1
                new_rooms.append((room_id, resident.place))
            entries.append(RosterEntry(updated.id, room_id, resident.flags, resident.line))
        store.add_rooms(new_rooms)
        store.register_people(events)
        store.save_entries(entries)
        self.report.created += created
        self.report.matched += matched
        self.report.registered += len(events)


@dataclass
class RosterImporter:
    """Loads a roster into the site: persons (the table's people) plus where they live."""

    uow: RosterUnitOfWork
    stamp: Callable[[], Stamp]
    clock: Callable[[], datetime] = utcnow
    batch_rows: int = BATCH_ROWS
    batch_pause_s: float = BATCH_PAUSE_S

    def import_file(self, path: Path, *, good_rows: bool = False) -> ImportReport:
        return self.import_rows(read_roster_rows(path), Path(path).name, good_rows=good_rows)

    def import_rows(
        self, rows: Iterable[tuple[int, Row]], source: str, *, good_rows: bool = False
    ) -> ImportReport:
        """Check every row; write only when no row is bad, or the good rows when asked to.

        Checking reads the whole file without touching the database, so a refused import
        leaves it exactly as it was. Writing then goes in batches, each its own transaction
        (persons, their person_registered events and residents together), so the sampling
        tables keep recording between batches.
        """
        report = ImportReport(source)
        stamp = replace(self.stamp(), table=IMPORT_TABLE)
        good = _check(rows, report)
        if report.errors and not good_rows:
            return report
        with self.uow() as store:
            rooms = store.rooms()
        writer = _Writer(stamp, self.clock, report, rooms, max(rooms.values(), default=0) + 1)
        size = max(1, self.batch_rows)
        batches = [good[start : start + size] for start in range(0, len(good), size)] or [[]]
        del good  # each batch is freed once written
        for index in range(len(batches)):
            batch, batches[index] = batches[index], []
            last = index == len(batches) - 1
            with self.uow() as store:
                writer.write(store, batch)
                if last:
                    store.record_import(
                        ImportRecord(
                            id=new_id(),
                            at=self.clock(),
                            who=stamp.recorder,
                            source=source,
                            rows=report.rows,
                            created=report.created,
                            matched=report.matched,
                            registered=report.registered,
                            refused=len(report.errors),
                        )
                    )
                store.commit()
            if not last and self.batch_pause_s > 0:
                time.sleep(self.batch_pause_s)
        report.imported = True
        return report
