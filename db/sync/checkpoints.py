"""The station's signed audit checkpoints travel to the server beside the outbox.

The station reads the checkpoints it has not forwarded (read-only), the server stores them
per station (`INSERT ... ON CONFLICT DO NOTHING` on district, the signing station and the
checkpoint's number: a resend is harmless), and only after the server's commit does the
station note `forwarded_at`. The server can check each signature with the public key that
came with it, and that this key is the one whose fingerprint names the station: a checkpoint
edited on the way, or signed by another key, is found.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, bindparam, column, select, table, text, update
from sqlalchemy.dialects.postgresql import insert

from db.audit.models import AuditCheckpointRow
from db.recording.store import Database
from db.sync.ingest import StationInfo
from station.audit.chain import Checkpoint
from station.audit.keys import verify_signature

points_t = AuditCheckpointRow.__table__
server_t = table(
    "sync_audit_checkpoints",
    *(
        column(c)
        for c in (
            "district",
            "station_id",
            "audit_station",
            "seq",
            "entries",
            "head",
            "at",
            "signature",
            "public_key",
        )
    ),
)
_MARK = (
    update(points_t)
    .where(points_t.c.station == bindparam("b_station"), points_t.c.seq == bindparam("b_seq"))
    .values(forwarded_at=bindparam("b_at"))
)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# ----- the station ---------------------------------------------------------------------------
def pending(database: Database, limit: int = 500) -> list[dict[str, Any]]:
    """Checkpoints not yet on the server, in the order they were signed."""
    with database.transaction(read_only=True) as connection:
        rows = connection.execute(
            select(points_t)
            .where(points_t.c.forwarded_at.is_(None))
            .order_by(points_t.c.station, points_t.c.seq)
            .limit(limit)
        ).all()
    return [
        {
            "audit_station": r.station,
            "seq": r.seq,
            "entries": r.entries,
            "head": bytes(r.head),
            "at": _utc(r.at),
            "signature": bytes(r.signature),
            "public_key": r.public_key,
        }
        for r in rows
    ]


def mark(database: Database, points: list[dict[str, Any]], at: datetime) -> None:
    """After the server's commit: these checkpoints are on it."""
    with database.transaction() as connection:
        connection.execute(
            _MARK,
            [{"b_station": p["audit_station"], "b_seq": p["seq"], "b_at": at} for p in points],
        )
        connection.commit()


# ----- the server ----------------------------------------------------------------------------
def store(connection: Connection, station: StationInfo, points: list[dict[str, Any]]) -> int:
    """Keep the station's checkpoints (the caller commits); how many were new."""
    rows = [{**p, "district": station.district, "station_id": station.station_id} for p in points]
    statement = insert(server_t).on_conflict_do_nothing().returning(server_t.c.seq)
    return len(connection.execute(statement, rows).all()) if rows else 0


def public_key(text_: str) -> Ed25519PublicKey:
    """The station keeps its PEM on one line (db/audit): its base64 body is the DER."""
    body = text_.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
    key = serialization.load_der_public_key(base64.b64decode("".join(body.split())))
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """The audit trail's station id of a key (station/audit/keys.py: its SHA-256, 16 digits)."""
    import hashlib

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def verify(connection: Connection, station_id: str | None = None) -> list[dict[str, Any]]:
    """Every checkpoint on the server (of one forwarding station, if given), checked."""
    where = "WHERE station_id = :s" if station_id else ""
    rows = connection.execute(
        text(f"SELECT * FROM sync_audit_checkpoints {where} ORDER BY audit_station, seq"),
        {"s": station_id},
    )
    return [_checked(r) for r in rows]


def _checked(r: Any) -> dict[str, Any]:
    point = Checkpoint(r.audit_station, r.seq, r.entries, bytes(r.head), r.at, bytes(r.signature))
    try:
        key = public_key(r.public_key)
    except ValueError:
        key_ok = signature_ok = False
    else:
        key_ok = fingerprint(key) == r.audit_station
        signature_ok = verify_signature(key, point)
    return {
        "district": r.district,
        "station_id": r.station_id,
        "audit_station": r.audit_station,
        "seq": r.seq,
        "entries": r.entries,
        "at": r.at.isoformat(),
        "key_matches_station": key_ok,
        "signature_ok": signature_ok,
    }
