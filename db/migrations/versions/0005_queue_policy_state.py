"""Queue policy state: the measured call interval, and an index on the normal line.

The bounded policy looks along the first normal tickets in line (not only the head) and
counts how long a call takes lately; queue_state keeps the last call's time and that interval.
Days already under way keep their worst FIFO wait, which from now on counts normal tickets
only: for that one day the guard may allow normal tickets a little more than intended.

Revision ID: 0005q
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005q"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ("last_call_at", "call_interval")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column(
            "queue_state", sa.Column(name, sa.Float(), nullable=False, server_default="0")
        )
    op.create_index(
        "ix_queue_tickets_line",
        "queue_tickets",
        ["site", "day", "waiting", "priority", "queued_at", "lane_seq"],
    )


def downgrade() -> None:
    op.drop_index("ix_queue_tickets_line", "queue_tickets")
    with op.batch_alter_table("queue_state") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
