"""Audit trail: chained entries and signed checkpoints (issue 14).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007a"
down_revision = "0006"
branch_labels = None
depends_on = None

STATION = sa.String(16)
HASH = sa.LargeBinary(32)


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("station", STATION, primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("prev", HASH, nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("digest", HASH, nullable=False),
        # Stored in key order: verifying reads the file front to back, not row by row.
        sqlite_with_rowid=False,
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("station", STATION, primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("head", HASH, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.LargeBinary(64), nullable=False),
        sa.Column("public_key", sa.String(200), nullable=False),
        sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("audit_checkpoints")
    op.drop_table("audit_entries")
