"""Person look-up keys: kept up to date from registration events, read through indexes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, insert, select, update

from db.lab.models import PersonKeyRow
from db.lab.store import LabSqlStore
from db.recording.models import EventRow
from db.recording.store import Database, persons_t
from db.rows import person_of
from station.core.records import EventKind, Person
from station.lab.lookup import KeyKind, LookupUnitOfWork, PersonKeys
from station.lab.records import TubeHistory

keys_t = PersonKeyRow.__table__
events_t = EventRow.__table__
# Events are numbered as they are inserted, not as they commit: on PostgreSQL a transaction
# that began earlier can commit after a later one. Catch-up looks this far back, whenever
# anything new was recorded, so such a late registration is indexed at the next look-up
# after the next event. (SQLite takes one writer at a time: no such gaps.)
RESCAN = 200
_COLUMNS = {
    KeyKind.DOCUMENT: keys_t.c.doc_number,
    KeyKind.PHONE: keys_t.c.phone,
    KeyKind.NAME: keys_t.c.name,
    KeyKind.INITIALS: keys_t.c.initials,
}
# Statements built once (building them is a good part of a look-up's time).
_WATERMARKS = select(
    select(func.max(keys_t.c.event_seq)).scalar_subquery(),
    select(func.max(events_t.c.seq)).scalar_subquery(),
)
_FIND = {
    kind: select(persons_t)
    .join(keys_t, keys_t.c.person_id == persons_t.c.id)
    .where(column == bindparam("key"))
    .order_by(keys_t.c.name, keys_t.c.person_id)
    .limit(bindparam("limit"))
    for kind, column in _COLUMNS.items()
}


@dataclass
class LookupSqlStore:
    """Look-up keys of persons, in the transaction of `connection`; the tube histories of
    the people found come from the lab's store on the same connection."""

    connection: Connection
    site: str
    lab: LabSqlStore

    def histories(self, person_ids: list[str]) -> dict[str, list[TubeHistory]]:
        return self.lab.histories(person_ids)

    def commit(self) -> None:
        """Commit the unit of work this store is in (the look-up uses only it)."""
        self.connection.commit()

    def catch_up(self, keys: Callable[[str, str, str, str], PersonKeys]) -> int:
        done, newest = self.connection.execute(_WATERMARKS).one()
        done, newest = done or 0, newest or 0
        if newest <= done:
            return 0
        recent = self.connection.execute(
            select(events_t.c.seq, events_t.c.person_id).where(
                events_t.c.seq > done - RESCAN, events_t.c.kind == EventKind.PERSON_REGISTERED.value
            )
        ).all()
        if not recent:
            return 0
        indexed = dict(
            self.connection.execute(
                select(keys_t.c.person_id, keys_t.c.event_seq).where(
                    keys_t.c.person_id.in_({r.person_id for r in recent})
                )
            ).all()
        )
        stale = [r.seq for r in recent if indexed.get(r.person_id, -1) < r.seq]
        if not stale:
            return 0
        rows = self.connection.execute(
            select(events_t.c.seq, events_t.c.person_id, events_t.c.data)
            .where(events_t.c.seq.in_(stale))
            .order_by(events_t.c.seq)
        ).all()
        for row in rows:
            d = row.data
            k = keys(row.person_id, d.get("name", ""), d.get("phone", ""), d["doc_number"])
            values = dict(
                initials=k.initials,
                name=k.name,
                phone=k.phone,
                doc_number=k.doc_number,
                event_seq=row.seq,
            )
            if row.person_id in indexed:
                self.connection.execute(
                    update(keys_t).where(keys_t.c.person_id == row.person_id).values(**values)
                )
            else:
                self.connection.execute(insert(keys_t).values(person_id=row.person_id, **values))
            indexed[row.person_id] = row.seq
        return len(rows)

    def find(self, kind: KeyKind, key: str, limit: int) -> list[Person]:
        rows = self.connection.execute(_FIND[kind], {"key": key, "limit": limit})
        return [person_of(r) for r in rows]


def lookup_unit_of_work(database: Database) -> LookupUnitOfWork:
    """The site's unit of work seen through the look-up's store (LookupService's `uow`)."""
    return database.store_unit_of_work("lookup")
