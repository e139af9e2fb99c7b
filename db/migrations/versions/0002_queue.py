"""Queue: tickets, ticket events, the site's queue state, lane counters, building batches.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "queue_tickets",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("day", sa.String(40), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("lane", sa.String(8), nullable=False),
        sa.Column("lane_seq", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("queued_at", TZ, nullable=False),
        sa.Column("calls_at_issue", sa.Integer(), nullable=False),
        sa.Column("ahead", sa.Integer(), nullable=False),
        sa.Column("fifo_call", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(32), nullable=False),
        sa.Column("doc_number", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("building", sa.String(40), nullable=False),
        sa.Column("table_no", sa.String(20), nullable=False),
        sa.Column("skips", sa.Integer(), nullable=False),
        sa.Column("called_at", TZ, nullable=True),
        sa.Column("served_at", TZ, nullable=True),
        sa.UniqueConstraint("site", "day", "number", name="uq_queue_tickets_number"),
    )
    op.create_index(
        "ix_queue_tickets_head",
        "queue_tickets",
        ["site", "day", "lane", "waiting", "queued_at", "lane_seq"],
    )
    op.create_index("ix_queue_tickets_table", "queue_tickets", ["site", "day", "table_no", "state"])
    op.create_index("ix_queue_tickets_fifo", "queue_tickets", ["site", "day", "fifo_call"])
    op.create_table(
        "queue_events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.String(36), nullable=False),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("day", sa.String(40), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("table_no", sa.String(20), nullable=False),
        sa.Column("recall", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_queue_events_day", "queue_events", ["site", "day", "seq"])
    op.create_index("ix_queue_events_ticket", "queue_events", ["ticket_id"])
    op.create_table(
        "queue_state",
        sa.Column("site", sa.String(100), primary_key=True),
        sa.Column("day", sa.String(40), primary_key=True),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("streak", sa.Integer(), nullable=False),
        sa.Column("worst_fifo_wait", sa.Float(), nullable=False),
    )
    op.create_table(
        "queue_lane_counters",
        sa.Column("site", sa.String(100), primary_key=True),
        sa.Column("day", sa.String(40), primary_key=True),
        sa.Column("lane", sa.String(8), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.create_table(
        "queue_batches",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("building", sa.String(40), nullable=False),
        sa.Column("units", sa.String(40), nullable=False),
        sa.Column("start", sa.String(5), nullable=False),
        sa.Column("end", sa.String(5), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "queue_batches",
        "queue_lane_counters",
        "queue_state",
        "queue_events",
        "queue_tickets",
    ):
        op.drop_table(table)
