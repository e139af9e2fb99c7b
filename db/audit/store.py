"""The audit trail in SQL: appends chained entries, writes signed checkpoints, reads them back."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from db.audit.models import AuditCheckpointRow, AuditEntryRow
from db.recording.store import Database
from station.audit.chain import Checkpoint, Finding, canonical_bytes, entry_from_bytes, link
from station.audit.chain import verify_chain as _verify_chain
from station.audit.keys import StationKey
from station.audit.trail import AuditEntry

entries_t = AuditEntryRow.__table__
points_t = AuditCheckpointRow.__table__
CHECKPOINT_EVERY = 1000  # entries between two signed checkpoints
READ_BATCH = 20_000


def append_in(connection: Connection, key: StationKey, entry: AuditEntry, every: int) -> int:
    """Append `entry` in the caller's transaction (the caller commits); return its seq."""
    station = key.station_id
    if connection.dialect.name == "postgresql":
        # One appender per station at a time: the chain has one tip.
        lock = zlib.crc32(station.encode())
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
    tip = connection.execute(
        select(entries_t.c.seq, entries_t.c.digest)
        .where(entries_t.c.station == station)
        .order_by(entries_t.c.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (tip.seq + 1, tip.digest) if tip else (1, bytes(32))
    body = canonical_bytes(entry, station)
    digest = link(prev, body)
    connection.execute(
        insert(entries_t),
        {"station": station, "seq": seq, "prev": prev, "body": body, "digest": digest},
    )
    if seq % every == 0:
        _checkpoint(connection, key, seq, digest)
    return seq


def _checkpoint(connection: Connection, key: StationKey, entries: int, head: bytes) -> None:
    station = key.station_id
    last = connection.execute(
        select(func.max(points_t.c.seq)).where(points_t.c.station == station)
    ).scalar()
    point = Checkpoint(station, (last or 0) + 1, entries, head, datetime.now(UTC))
    connection.execute(
        insert(points_t),
        {
            "station": station,
            "seq": point.seq,
            "entries": entries,
            "head": head,
            "at": point.at,
            "signature": key.sign(point),
            "public_key": key.public_pem().replace("\n", "")[:200],
        },
    )


# The reads of `audit verify`, straight on the driver; every hash and body as bytes whatever
# raw SQL made of it. `:p` is the driver's parameter mark.
_ROWS = {
    "sqlite": "SELECT seq, CAST(prev AS BLOB), CAST(body AS BLOB), CAST(digest AS BLOB)",
    "postgresql": "SELECT seq, prev, body, digest",
}
_ALL = " FROM audit_entries WHERE station = :p ORDER BY seq"
_BODIES = {"sqlite": "SELECT CAST(body AS BLOB)", "postgresql": "SELECT body"}
_TIP = {
    dialect: f"SELECT {digest} FROM audit_entries WHERE station = :p ORDER BY seq DESC LIMIT 1"
    for dialect, digest in (("sqlite", "CAST(digest AS BLOB)"), ("postgresql", "digest"))
}


def _mark(sql: str, dialect: str) -> str:
    return sql.replace(":p", "?" if dialect == "sqlite" else "%s")


class SqlAuditTrail:
    """The AuditTrail port on the station's database, for the station that holds `key`."""

    def __init__(self, database: Database, key: StationKey, every: int = CHECKPOINT_EVERY) -> None:
        self.database, self.key, self.every = database, key, every
        self.station = key.station_id

    def append(self, entry: AuditEntry) -> None:
        with self.database.transaction() as connection:
            append_in(connection, self.key, entry, self.every)
            connection.commit()

    def close(self) -> None:
        """A checkpoint over the entries written since the last one (at the station's close)."""
        with self.database.transaction() as connection:
            tip = connection.execute(
                select(entries_t.c.seq, entries_t.c.digest)
                .where(entries_t.c.station == self.station)
                .order_by(entries_t.c.seq.desc())
                .limit(1)
            ).first()
            points = self._points(connection)
            if tip and (not points or points[-1].entries < tip.seq):
                _checkpoint(connection, self.key, tip.seq, tip.digest)
                connection.commit()

    def checkpoints(self) -> list[Checkpoint]:
        with self.database.transaction(read_only=True) as connection:
            return self._points(connection)

    def _points(self, connection: Connection) -> list[Checkpoint]:
        rows = connection.execute(
            select(points_t).where(points_t.c.station == self.station).order_by(points_t.c.seq)
        )
        return [
            Checkpoint(r.station, r.seq, r.entries, bytes(r.head), _utc(r.at), bytes(r.signature))
            for r in rows
        ]

    def rows(self) -> Iterator[tuple[int, bytes, bytes, bytes]]:
        """(seq, prev, body, digest) of every entry in order."""
        with self._cursor() as (cursor, dialect):
            cursor.execute(_mark(_ROWS[dialect] + _ALL, dialect), (self.station,))
            while batch := cursor.fetchmany(READ_BATCH):
                yield from batch

    def chain(self) -> Iterator[list[tuple[bytes]]]:
        """The bodies of every entry in seq order, in batches: all `audit verify` reads on its
        fast path (one column: the driver's cost is per row and per column)."""
        with self._cursor() as (cursor, dialect):
            cursor.execute(_mark(_BODIES[dialect] + _ALL, dialect), (self.station,))
            while batch := cursor.fetchmany(READ_BATCH):
                yield batch

    def tip(self) -> bytes | None:
        """The stored digest of the last entry."""
        with self._cursor() as (cursor, dialect):
            cursor.execute(_mark(_TIP[dialect], dialect), (self.station,))
            row = cursor.fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    @contextmanager
    def _cursor(self) -> Iterator[tuple[Any, str]]:
        """The driver's own cursor in one reading transaction, and the dialect's name: the
        loops `audit verify` spends its time in skip SQLAlchemy's row objects."""
        with self.database.transaction(read_only=True) as connection:
            dbapi = connection.connection.dbapi_connection
            assert dbapi is not None
            cursor = dbapi.cursor()
            try:
                yield cursor, connection.dialect.name
            finally:
                cursor.close()

    def verify(self) -> tuple[int, list[Finding]]:
        return _verify_chain(
            self.chain, self.rows, self.checkpoints(), self.key.signature_ok, self.tip()
        )

    def entries(self) -> Iterator[tuple[int, AuditEntry]]:
        """Every entry with its seq, as its canonical bytes say (never a column beside them)."""
        for seq, _prev, body, _digest in self.rows():
            yield seq, entry_from_bytes(body)[1]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
