"""Purge in SQL: personal values replaced in every table that keeps them, then VACUUM."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, func, or_, select, update

from db.lab.models import BoxRow, LabEventRow, PersonKeyRow
from db.queue.models import TicketRow
from db.recording.models import EventRow, MemberRow, PersonRow
from db.recording.store import Database
from station.core.retention import PURGED_NAME, is_purged, purged_number, scrub

persons_t, members_t, events_t = PersonRow.__table__, MemberRow.__table__, EventRow.__table__
keys_t, tickets_t = PersonKeyRow.__table__, TicketRow.__table__
boxes_t, lab_events_t = BoxRow.__table__, LabEventRow.__table__
BATCH = 500


def due(connection: Connection, before: datetime) -> list[str]:
    """Ids of people not yet purged whose last test (else registration) is before `before`."""
    last_test = (
        select(members_t.c.person_id, func.max(members_t.c.added_at).label("last"))
        .group_by(members_t.c.person_id)
        .subquery()
    )
    rows = connection.execute(
        select(persons_t.c.id, persons_t.c.doc_number)
        .outerjoin(last_test, last_test.c.person_id == persons_t.c.id)
        .where(func.coalesce(last_test.c.last, persons_t.c.updated_at) < before)
    )
    return [r.id for r in rows if not is_purged(r.doc_number)]


def purge_people(connection: Connection, ids: list[str]) -> None:
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for person_id in batch:
            connection.execute(
                update(persons_t)
                .where(persons_t.c.id == person_id)
                .values(name=PURGED_NAME, phone="", note="", doc_number=purged_number(person_id))
            )
        connection.execute(
            update(keys_t)
            .where(keys_t.c.person_id.in_(batch))
            .values(name=PURGED_NAME, initials="", phone="", doc_number="")
        )
        _scrub_events(connection, events_t, events_t.c.person_id.in_(batch))


def _scrub_events(connection: Connection, table, where) -> None:  # type: ignore[no-untyped-def]  # Core
    rows = connection.execute(select(table.c.seq, table.c.data).where(where)).all()
    statement = update(table).where(table.c.seq == bindparam("b_seq"))
    changed = [{"b_seq": r.seq, "data": scrub(r.data)} for r in rows if r.data]
    if changed:
        connection.execute(statement, changed)


def purge_tickets(connection: Connection, before: datetime) -> int:
    day = before.date().isoformat()
    result = connection.execute(
        update(tickets_t)
        .where(
            tickets_t.c.day < day,
            or_(tickets_t.c.name != "", tickets_t.c.doc_number != "", tickets_t.c.phone != ""),
        )
        .values(name="", phone="", doc_number="")
    )
    return int(result.rowcount or 0)


def purge_boxes(connection: Connection, before: datetime) -> int:
    handed = boxes_t.c.handed_at < before
    result = connection.execute(
        update(boxes_t)
        .where(handed, or_(boxes_t.c.transporter != "", boxes_t.c.transporter_phone != ""))
        .values(transporter=PURGED_NAME, transporter_phone="")
    )
    old = select(boxes_t.c.barcode).where(handed)
    _scrub_events(connection, lab_events_t, lab_events_t.c.box.in_(old))
    return int(result.rowcount or 0)


def secure_deletes(database: Database) -> None:
    """SQLite: deleted and overwritten content zeroed on the page (Debian's default, not every
    build's), before the purge's own transaction on the same pooled connection."""
    if database.engine.dialect.name == "sqlite":
        with database.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA secure_delete=ON")


def compact(database: Database) -> None:
    """SQLite: rebuild the file without the freed pages and empty the WAL, so the old bytes are
    gone from disk, not only unreachable. (PostgreSQL: the DBA's VACUUM FULL; docs/audit.md.)"""
    engine = database.engine
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
