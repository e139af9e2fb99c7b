"""Roster: rooms, residents, rounds, people tested elsewhere, import and export logs.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
SITE = sa.String(100)


def upgrade() -> None:
    op.create_table(
        "roster_rooms",
        sa.Column("site", SITE, primary_key=True),
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("building", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("room", sa.String(40), nullable=False),
        sa.UniqueConstraint("site", "building", "unit", "room", name="uq_roster_rooms_place"),
    )
    op.create_table(
        "roster_residents",
        sa.Column("site", SITE, primary_key=True),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("persons.id"), primary_key=True),
        sa.Column("room_id", sa.Integer(), nullable=False),
        *(
            sa.Column(flag, sa.Boolean(), nullable=False)
            for flag in ("immobile", "pregnant", "student", "elderly", "locked_down", "single")
        ),
        sa.Column("line", sa.Integer(), nullable=False),
    )
    op.create_index("ix_roster_residents_room", "roster_residents", ["site", "room_id"])
    op.create_table(
        "roster_rounds",
        sa.Column("site", SITE, primary_key=True),
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("starts_at", TZ, nullable=True),
        sa.Column("ends_at", TZ, nullable=True),
        sa.Column("buildings", sa.JSON(), nullable=False),
    )
    op.create_table(
        "roster_tested_elsewhere",
        sa.Column("site", SITE, primary_key=True),
        sa.Column("round", sa.String(40), primary_key=True),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("persons.id"), primary_key=True),
        sa.Column("place", sa.String(100), nullable=False),
    )
    for name in ("roster_imports", "roster_exports"):
        extra = (
            [
                sa.Column("source", sa.String(255), nullable=False),
                *(
                    sa.Column(c, sa.Integer(), nullable=False)
                    for c in ("rows", "created", "matched", "registered", "refused")
                ),
            ]
            if name == "roster_imports"
            else [
                sa.Column("what", sa.String(100), nullable=False),
                sa.Column("rows", sa.Integer(), nullable=False),
                sa.Column("target", sa.String(255), nullable=False),
            ]
        )
        op.create_table(
            name,
            sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("site", SITE, nullable=False),
            sa.Column("at", TZ, nullable=False),
            sa.Column("who", sa.String(100), nullable=False),
            *extra,
        )


def downgrade() -> None:
    for name in (
        "roster_exports",
        "roster_imports",
        "roster_tested_elsewhere",
        "roster_rounds",
        "roster_residents",
        "roster_rooms",
    ):
        op.drop_table(name)
