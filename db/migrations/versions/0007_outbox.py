"""The outbox (issue 13): one forwarding position per event, written by triggers.

On SQLite (every recording station) a trigger on each event log (events, lab_events,
queue_events) inserts the event's outbox row in the very statement that records it, so no
store method, old or new, can record an event without a forwarding position. queue_events has
no client UUID of its own: its trigger makes one. Events already in the file before this
migration get their positions here, in their logs' order. PostgreSQL databases (the site
server, displays reading it) get the tables but no triggers: nothing forwards from them.

Revision ID: 0007
Revises: 0003, 0005q, 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = ("0003", "0005q", "0006")
branch_labels = None
depends_on = None

# A version-4-shaped UUID from 16 random bytes, in SQL (SQLite has no uuid function).
_UUID = (
    "(SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3)"
    " || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3)"
    " || '-' || substr(h, 21, 12)) FROM (SELECT hex(randomblob(16)) AS h))"
)
SOURCES = {"events": "NEW.id", "lab_events": "NEW.id", "queue_events": _UUID}


def trigger_sql(source: str, event_id: str) -> str:
    return (
        f"CREATE TRIGGER outbox_{source} AFTER INSERT ON {source} BEGIN "
        f"INSERT INTO outbox (source, source_seq, event_id) "
        f"VALUES ('{source}', NEW.seq, {event_id}); END"
    )


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("pos", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("source_seq", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("answer", sa.String(16), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_pending", "outbox", ["answer", "pos"])
    op.create_table(
        "sync_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(2000), nullable=False),
    )
    if op.get_bind().dialect.name != "sqlite":
        return
    # What was recorded before the outbox existed, in order: recording, then lab, then queue.
    op.execute(
        "INSERT INTO outbox (source, source_seq, event_id) "
        "SELECT 'events', seq, id FROM events ORDER BY seq"
    )
    op.execute(
        "INSERT INTO outbox (source, source_seq, event_id) "
        "SELECT 'lab_events', seq, id FROM lab_events ORDER BY seq"
    )
    bind = op.get_bind()
    queue_seqs = bind.execute(sa.text("SELECT seq FROM queue_events ORDER BY seq")).scalars()
    for seq in queue_seqs.all():
        bind.execute(
            sa.text(
                "INSERT INTO outbox (source, source_seq, event_id) "
                "VALUES ('queue_events', :seq, :id)"
            ),
            {"seq": seq, "id": str(uuid.uuid4())},
        )
    for source, event_id in SOURCES.items():
        op.execute(trigger_sql(source, event_id))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for source in SOURCES:
            op.execute(f"DROP TRIGGER IF EXISTS outbox_{source}")
    op.drop_table("sync_meta")
    op.drop_index("ix_outbox_pending", "outbox")
    op.drop_table("outbox")
