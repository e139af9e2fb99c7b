"""Rows of the database back into the station's records: shared by every store of db/."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from station.core.codes import PersonCode
from station.core.identity import DocType, Document
from station.core.pooling import PoolingMode
from station.core.records import Person, Tube, TubeStatus
from station.queue.tickets import Ticket, TicketState


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def aware_at(moment: datetime) -> datetime:
    """`aware` of a column that is never NULL."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def person_of(row: Any) -> Person:
    """A row of `persons` (or a select of its columns) as a Person."""
    return Person(
        id=row.id,
        document=Document(DocType(row.doc_type), row.doc_number, row.note),
        name=row.name,
        phone=row.phone,
        single_only=row.single_only,
    )


def tube_of(row: Any) -> Tube:
    """A row of `tubes` as a Tube."""
    return Tube(
        barcode=row.barcode,
        mode=PoolingMode(row.mode),
        status=TubeStatus(row.status),
        count=row.count,
        table=row.table_no,
        recorder=row.recorder,
        round=row.round,
        opened_at=aware_at(row.opened_at),
        sealed_at=aware(row.sealed_at),
        under_filled=row.under_filled,
    )


def ticket_of(row: Any) -> Ticket:
    """A row of `queue_tickets` as a Ticket."""
    person = (
        PersonCode(Document(DocType(row.doc_type), row.doc_number), row.name, row.phone)
        if row.doc_type
        else None
    )
    return Ticket(
        id=row.id,
        day=row.day,
        number=row.number,
        lane=row.lane,
        priority=row.priority,
        state=TicketState(row.state),
        issued_at=aware_at(row.issued_at),
        queued_at=aware_at(row.queued_at),
        calls_at_issue=row.calls_at_issue,
        ahead=row.ahead,
        person=person,
        reason=row.reason,
        building=row.building,
        table=row.table_no,
        skips=row.skips,
        called_at=aware(row.called_at),
        served_at=aware(row.served_at),
    )


def notify_at_commit(connection: Any, channel: str, site: str) -> None:
    """On PostgreSQL, a NOTIFY on `channel` that is delivered when the transaction commits, to
    every page or display LISTENing on any machine; SQLite's watchers poll instead."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy import text

        connection.execute(text("SELECT pg_notify(:c, :s)"), {"c": channel, "s": site})
