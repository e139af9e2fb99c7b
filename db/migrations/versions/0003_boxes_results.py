"""Boxes, lab results, recalls and person look-up keys.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lab_events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("table_no", sa.String(20), nullable=False),
        sa.Column("recorder", sa.String(100), nullable=False),
        sa.Column("round", sa.String(40), nullable=False),
        sa.Column("box", sa.String(64), nullable=True),
        sa.Column("tube", sa.String(64), nullable=True),
        sa.Column("person_id", sa.String(36), nullable=True),
        sa.Column("recall_id", sa.String(36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_table(
        "boxes",
        sa.Column("barcode", sa.String(64), primary_key=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=True),
        sa.Column("table_no", sa.String(20), nullable=False),
        sa.Column("recorder", sa.String(100), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("transporter", sa.String(100), nullable=False),
        sa.Column("transporter_phone", sa.String(32), nullable=False),
        sa.Column("handed_at", TZ, nullable=True),
        sa.Column("received_at", TZ, nullable=True),
    )
    op.create_index("ix_boxes_table_status", "boxes", ["site", "table_no", "status"])
    op.create_table(
        "box_tubes",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("box", sa.String(64), nullable=False),
        sa.Column("tube", sa.String(64), nullable=False),
        sa.Column("packed_at", TZ, nullable=False),
        sa.Column("removed_by", sa.String(36), nullable=True),
    )
    op.create_index("ix_box_tubes_box", "box_tubes", ["box"])
    op.create_index("ix_box_tubes_tube", "box_tubes", ["site", "tube"])
    op.create_table(
        "tube_results",
        sa.Column("site", sa.String(100), primary_key=True),
        sa.Column("tube", sa.String(64), primary_key=True),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("tested_at", TZ, nullable=True),
        sa.Column("recorded_at", TZ, nullable=False),
    )
    op.create_index("ix_tube_results_recorded", "tube_results", ["site", "recorded_at"])
    op.create_table(
        "recalls",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("tube", sa.String(64), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("closed_at", TZ, nullable=True),
    )
    op.create_index("ix_recalls_site_tube", "recalls", ["site", "tube"])
    op.create_table(
        "recall_lines",
        sa.Column("recall_id", sa.String(36), primary_key=True),
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("found_at", TZ, nullable=True),
        sa.Column("resample_tube", sa.String(64), nullable=True),
        sa.Column("resampled_at", TZ, nullable=True),
        sa.Column("result", sa.String(16), nullable=True),
    )
    op.create_index("ix_recall_lines_person", "recall_lines", ["person_id"])
    op.create_index("ix_recall_lines_resample", "recall_lines", ["resample_tube"])
    op.create_table(
        "person_keys",
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("initials", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("doc_number", sa.String(64), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
    )
    op.create_index("ix_person_keys_initials", "person_keys", ["initials", "name", "person_id"])
    op.create_index("ix_person_keys_name", "person_keys", ["name", "person_id"])
    for column in ("phone", "doc_number", "event_seq"):
        op.create_index(f"ix_person_keys_{column}", "person_keys", [column])


def downgrade() -> None:
    for table in (
        "person_keys",
        "recall_lines",
        "recalls",
        "tube_results",
        "box_tubes",
        "boxes",
        "lab_events",
    ):
        op.drop_table(table)
