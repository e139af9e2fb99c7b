"""The stations' signed audit checkpoints, kept per station on the server.

Each row is a checkpoint as the station signed it (its own number, the count of entries and
the chain's head, the time, the Ed25519 signature) with the public key it came with; the
server can check the signature, and that the key is the one whose fingerprint names the
station, without trusting the network between them. Append-only, like the events.

Revision ID: s003
Revises: s002
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "s003"
down_revision = "s002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE sync_audit_checkpoints (
            district text NOT NULL,
            station_id text NOT NULL,
            audit_station text NOT NULL,
            seq bigint NOT NULL,
            entries bigint NOT NULL,
            head bytea NOT NULL,
            at timestamptz NOT NULL,
            signature bytea NOT NULL,
            public_key text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (district, audit_station, seq)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE sync_audit_checkpoints")
