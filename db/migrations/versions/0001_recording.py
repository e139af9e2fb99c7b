"""Recording: events, persons, tubes and tube members.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("table_no", sa.String(20), nullable=False),
        sa.Column("recorder", sa.String(100), nullable=False),
        sa.Column("round", sa.String(40), nullable=False),
        sa.Column("tube", sa.String(64), nullable=True),
        sa.Column("person_id", sa.String(36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("doc_type", sa.String(32), nullable=False),
        sa.Column("doc_number", sa.String(64), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("single_only", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("doc_type", "doc_number", name="uq_persons_document"),
    )
    op.create_table(
        "tubes",
        sa.Column("site", sa.String(100), primary_key=True),
        sa.Column("barcode", sa.String(64), primary_key=True),
        sa.Column("mode", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("table_no", sa.String(20), nullable=False),
        sa.Column("recorder", sa.String(100), nullable=False),
        sa.Column("round", sa.String(40), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("activated_at", TZ, nullable=False),
        sa.Column("sealed_at", TZ, nullable=True),
        sa.Column("under_filled", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_tubes_table_status", "tubes", ["site", "table_no", "status"])
    op.create_table(
        "tube_members",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("tube", sa.String(64), nullable=False),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("added_at", TZ, nullable=False),
        sa.Column("removed_by", sa.String(36), nullable=True),
    )
    op.create_index("ix_members_tube", "tube_members", ["site", "tube"])
    op.create_index("ix_members_person", "tube_members", ["person_id"])


def downgrade() -> None:
    op.drop_table("tube_members")
    op.drop_table("tubes")
    op.drop_table("persons")
    op.drop_table("events")
