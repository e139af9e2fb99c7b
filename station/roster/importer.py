"""Roster import: every row checked first, every bad row reported, then written in batches."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path

from station.core.errors import OperatorError
from station.core.identity import Document
from station.core.records import Event, EventKind, Person, Stamp, new_id, utcnow
from station.roster.check import (
    PARALLEL_FROM_BYTES,
    Checked,
    CheckResult,
    check_csv_in_parts,
    check_rows,
    default_parts,
    first_of_each,
)
from station.roster.files import Row, is_csv, read_roster_rows
from station.roster.ports import (
    ImportRecord,
    NewResident,
    RosterEntry,
    RosterStore,
    RosterUnitOfWork,
    registered_payload,
)
from station.roster.residents import Place, RowError
from station.roster.sorted_ids import SortedIds

# Rows per transaction: large enough that per-statement cost vanishes, small enough that
# the SQLite write lock is held for a fraction of a second at a time.
BATCH_ROWS = 5_000
# Between two batches the write lock stays free at least this long. A waiting unit of work
# tries for the lock every millisecond (db.engine), so it gets in at once; the rest of the
# gap lets a table go on to the next unit of work of its scan before the next batch.
BATCH_GAP_S = 0.01
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
    warnings: list[RowError] = field(default_factory=list)  # imported rows someone should check
    imported: bool = False
    to_write: int = 0  # good rows to write, known once every row is checked
    # Set from another thread (the window closing): the import stops before its next batch.
    cancelled: bool = False

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
            "warnings": [
                {"line": w.line, "column": w.column, "message": w.message} for w in self.warnings
            ],
        }


def registered_data(person: Person) -> dict[str, object]:
    """The payload of a person_registered event, as the table writes it."""
    document = person.document
    return registered_payload(
        document.type.value,
        document.number,
        document.note,
        person.name,
        person.phone,
        person.single_only,
    )


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

    def prepare(self, batch: list[Checked]) -> _Prepared:
        """Everything that needs no database (ids, rooms), before taking the lock."""
        new_rooms: list[tuple[int, Place]] = []
        rooms = self.rooms
        rows = []
        person_ids = self.person_ids.take(len(batch))
        event_ids = self.event_ids.take(len(batch))
        place: Place | None = None
        room_id = 0
        for resident, person_id, event_id in zip(batch, person_ids, event_ids, strict=True):
            if resident.place is not place:  # a room's people come one after another
                place = resident.place
                known = rooms.get(place)
                if known is None:
                    known = rooms[place] = self.next_room
                    self.next_room += 1
                    new_rooms.append((known, place))
                room_id = known
            rows.append(
                NewResident(
                    person_id,
                    event_id,
                    resident.doc_type.value,
                    resident.number,
                    resident.note,
                    resident.name,
                    resident.phone,
                    room_id,
                    resident.line,
                    resident.flags,
                )
            )
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
                    events.append(
                        Event(
                            EventKind.PERSON_REGISTERED,
                            self.stamp,
                            person_id=person.id,
                            data=registered_data(updated),
                            id=row.event_id,
                            at=batch.at,
                        )
                    )
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
    # Around the writing of all batches (db's bulk_writes: SQLite's WAL copied back by a
    # thread of its own while the batches go on).
    bulk: Callable[[], AbstractContextManager[None]] = nullcontext
    # A CSV file this large is checked in `check_parts` worker processes.
    parallel_from_bytes: int = PARALLEL_FROM_BYTES
    check_parts: int = field(default_factory=default_parts)

    def import_file(
        self, path: Path, *, good_rows: bool = False, report: ImportReport | None = None
    ) -> ImportReport:
        path = Path(path)
        report = ImportReport(path.name) if report is None else report
        return self._import(
            lambda today, progress: self.check_file(path, today, progress),
            path.name,
            good_rows,
            report,
        )

    def check_file(
        self, path: Path, today: date, progress: Callable[[int], None] | None = None
    ) -> CheckResult:
        """Every row of the file checked, nothing written: the first half of import_file."""
        if is_csv(path) and path.is_file() and path.stat().st_size >= self.parallel_from_bytes:
            return check_csv_in_parts(path, today, self.check_parts, progress)
        return check_rows(read_roster_rows(path), today, progress)

    def import_rows(
        self,
        rows: Iterable[tuple[int, Row]],
        source: str,
        *,
        good_rows: bool = False,
        report: ImportReport | None = None,
    ) -> ImportReport:
        """Rows already read (line, {template key: cell}); see _import."""
        report = ImportReport(source) if report is None else report
        return self._import(
            lambda today, progress: check_rows(rows, today, progress), source, good_rows, report
        )

    def _import(
        self,
        check: Callable[[date, Callable[[int], None]], CheckResult],
        source: str,
        good_rows: bool,
        report: ImportReport,
    ) -> ImportReport:
        """Check every row; write only when no row is bad, or the good rows when asked to.

        Checking reads the whole file without touching the database, so a refused import
        leaves it exactly as it was. Writing then goes in batches, each its own transaction
        (persons, their person_registered events and residents together), so the sampling
        tables keep recording between batches.

        `report` is filled as the import goes (rows checked, then people written out of
        `to_write`): a window running the import in a thread shows it as progress.
        """
        stamp = replace(self.stamp(), table=IMPORT_TABLE)
        # A million rows make millions of objects and no reference cycles: the cyclic
        # collector would only walk them again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:

            def progress(rows: int) -> None:
                report.rows += rows
                if report.cancelled and rows > 0:
                    raise OperatorError(
                        "导入已取消，未写入任何记录",
                        "Import cancelled; nothing was written",
                        code="import_cancelled",
                    )

            checked = check(date.today(), progress)
            report.rows = checked.rows
            good = first_of_each(checked.good, checked.errors)
            report.errors.extend(checked.errors)
            report.warnings.extend(checked.warnings)
            del checked
            if report.errors and not good_rows:
                return report
            return self._write_all(good, source, report, stamp)
        finally:
            if collecting:
                gc.enable()

    def _write_all(
        self, good: list[Checked], source: str, report: ImportReport, stamp: Stamp
    ) -> ImportReport:
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

        def take(index: int) -> list[Checked]:
            batch, batches[index] = batches[index], []
            return batch

        released: float | None = None  # when the last batch let go of the lock
        # The next batch is prepared in a thread while this one commits: the commit (the
        # WAL's fsync and checkpoint) runs without the GIL, and the lock then stays free only
        # for the gap. Not while the rows are inserted: a busy thread would make the driver
        # wait for the GIL after every row.
        with self.bulk(), ThreadPoolExecutor(1, thread_name_prefix="roster-prepare") as preparer:
            prepared = writer.prepare(take(0))
            for index in range(len(batches)):
                last = index == len(batches) - 1
                if report.cancelled:
                    done = report.created + report.matched
                    raise OperatorError(
                        f"导入已取消：已写入 {done} / {report.to_write} 人，其余未写入；"
                        "重新导入同一份名单即可补全（不会重复）",
                        f"Import cancelled: {done} of {report.to_write} people written, the "
                        "rest not; importing the same roster again completes it (no duplicates)",
                        code="import_cancelled",
                    )
                if released is not None:
                    rest = self.batch_gap_s - (time.perf_counter() - released)
                    if rest > 0:
                        time.sleep(rest)  # a waiting scan takes the lock now
                start_next = (
                    None if last else partial(preparer.submit, writer.prepare, take(index + 1))
                )
                ahead = self._write(writer, prepared, source, last, before_commit=start_next)
                released = time.perf_counter()
                if ahead is not None:
                    prepared = ahead.result()
        report.imported = True
        return report

    def _write(
        self,
        writer: _Writer,
        batch: _Prepared,
        source: str,
        last: bool,
        before_commit: Callable[[], Future[_Prepared]] | None = None,
    ) -> Future[_Prepared] | None:
        """One batch in one transaction; the last one also logs the import. What
        `before_commit` starts (the next batch's preparation) runs while this one commits."""
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
            ahead = before_commit() if before_commit is not None else None
            store.commit()
        return ahead
