"""The station's side: read pending outbox rows with their events, write the server's answers.

Reading is a read-only transaction (a WAL snapshot: it neither waits for a scan nor holds one
up); the answers are one short write transaction, taken after the server has committed.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from db.lab.models import LabEventRow
from db.queue.models import TicketEventRow
from db.recording.models import EventRow
from db.recording.store import Database
from db.sync.models import OutboxRow, SyncMetaRow

outbox_t = OutboxRow.__table__
meta_t = SyncMetaRow.__table__
SOURCES = {
    "events": EventRow.__table__,
    "lab_events": LabEventRow.__table__,
    "queue_events": TicketEventRow.__table__,
}
# An event's kind on the server, by log: queue events are named by the state they record.
_KIND = {"events": "kind", "lab_events": "kind", "queue_events": "state"}

_PENDING = (
    select(outbox_t)
    .where(outbox_t.c.answer.is_(None))
    .order_by(outbox_t.c.pos)
    .limit(bindparam("limit"))
)
_MARK = (
    update(outbox_t)
    .where(outbox_t.c.pos == bindparam("b_pos"))
    .values(
        answer=bindparam("b_answer"), answered_at=bindparam("b_at"), detail=bindparam("b_detail")
    )
)


@dataclass(frozen=True)
class SyncStatus:
    station_id: str
    pending: int
    forwarded: int
    conflicts: list[dict[str, Any]]
    server_conflicts: list[dict[str, Any]]
    last_sync: str
    last_error: str

    def as_json(self) -> dict[str, Any]:
        return {
            "station_id": self.station_id,
            "pending": self.pending,
            "forwarded": self.forwarded,
            "last_sync": self.last_sync or None,
            "last_error": self.last_error or None,
            "conflicts": self.conflicts,
            "server_conflicts": self.server_conflicts,
        }


def _jsonable(value: object) -> object:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return value


def pending(database: Database, limit: int) -> list[dict[str, Any]]:
    """The first `limit` events waiting to be forwarded, in the station's order."""
    with database.transaction(read_only=True) as connection:
        marks = connection.execute(_PENDING, {"limit": limit}).all()
        by_source: dict[str, dict[int, Any]] = {}
        for source, source_t in SOURCES.items():
            seqs = [m.source_seq for m in marks if m.source == source]
            if seqs:
                rows = connection.execute(select(source_t).where(source_t.c.seq.in_(seqs)))
                by_source[source] = {r.seq: r for r in rows}
    batch = []
    for mark in marks:
        row = by_source[mark.source][mark.source_seq]
        payload = {k: _jsonable(v) for k, v in row._mapping.items() if k != "seq"}
        batch.append(
            {
                "pos": mark.pos,
                "source": mark.source,
                "event_id": mark.event_id,
                "kind": payload[_KIND[mark.source]],
                "at": payload["at"],
                "payload": payload,
            }
        )
    return batch


def mark(database: Database, answers: list[dict[str, Any]], at: datetime) -> None:
    """The server's answers, after its commit; and the time of this sync."""
    with database.transaction() as connection:
        if answers:
            connection.execute(
                _MARK,
                [
                    {
                        "b_pos": a["pos"],
                        "b_at": at,
                        # A resend of an event the server had put on its conflict list is one too.
                        "b_answer": "conflict" if a.get("conflict") else a["answer"],
                        "b_detail": a.get("conflict") or _reason(a),
                    }
                    for a in answers
                ],
            )
        _put(connection, "last_sync", at.isoformat())
        _put(connection, "last_error", "")
        connection.commit()


def _reason(answer: dict[str, Any]) -> dict[str, str] | None:
    return {"reason": answer["reason"]} if "reason" in answer else None


def note_error(database: Database, error: str) -> None:
    with database.transaction() as connection:
        _put(connection, "last_error", error[:1000])
        connection.commit()


def put_meta(database: Database, key: str, value: str) -> None:
    with database.transaction() as connection:
        _put(connection, key, value)
        connection.commit()


def _put(connection: Connection, key: str, value: str) -> None:
    done = connection.execute(update(meta_t).where(meta_t.c.key == key).values(value=value))
    if not done.rowcount:
        connection.execute(meta_t.insert().values(key=key, value=value))


def _meta(connection: Connection) -> dict[str, str]:
    return {r.key: r.value for r in connection.execute(select(meta_t))}


def station_id(database: Database) -> str:
    """This station's id on the server, made once and kept in its own file."""
    with database.transaction(read_only=True) as connection:
        known = _meta(connection).get("station_id")
    if known:
        return known
    with database.transaction() as connection:
        known = _meta(connection).get("station_id")
        if not known:
            known = str(uuid.uuid4())
            _put(connection, "station_id", known)
            connection.commit()
    return known


def status(database: Database) -> SyncStatus:
    with database.transaction(read_only=True) as connection:
        meta = _meta(connection)
        counts = dict(
            connection.execute(
                select(outbox_t.c.answer.is_(None), func.count()).group_by(
                    outbox_t.c.answer.is_(None)
                )
            ).all()
        )
        conflicts = connection.execute(
            select(outbox_t.c.pos, outbox_t.c.event_id, outbox_t.c.detail)
            .where(outbox_t.c.answer == "conflict")
            .order_by(outbox_t.c.pos)
        ).all()
    return SyncStatus(
        station_id=meta.get("station_id", ""),
        pending=int(counts.get(True, 0)),
        forwarded=int(counts.get(False, 0)),
        conflicts=[
            {
                "pos": c.pos,
                "event_id": c.event_id,
                **(c.detail if isinstance(c.detail, dict) else json.loads(c.detail or "{}")),
            }
            for c in conflicts
        ],
        server_conflicts=json.loads(meta.get("server_conflicts") or "[]"),
        last_sync=meta.get("last_sync", ""),
        last_error=meta.get("last_error", ""),
    )
