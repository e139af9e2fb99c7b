"""The site server: stations, the partitioned event store, claims, aliases and conflicts.

sync_events is partitioned by district (LIST) and then by day (RANGE); partitions are made on
demand by sync_ensure_partition, a SECURITY DEFINER function, so the ingest role needs no DDL
right. Keys unique across a district (tube and box barcodes, a ticket being served) cannot be
a unique index of sync_events without the day in it: they are claimed in sync_claims, a
small unpartitioned table, which is where two stations' claims on one key meet.

Revision ID: s001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "s001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = """
CREATE TABLE sync_stations (
    station_id text PRIMARY KEY,
    district text NOT NULL,
    site text NOT NULL,
    table_no text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE sync_events (
    district text NOT NULL,
    day date NOT NULL,
    event_id text NOT NULL,
    station_id text NOT NULL,
    station_seq bigint NOT NULL,
    source text NOT NULL,
    kind text NOT NULL,
    at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, day, event_id)
) PARTITION BY LIST (district);
CREATE INDEX ix_sync_events_station ON sync_events (station_id, station_seq);
CREATE TABLE sync_claims (
    district text NOT NULL,
    kind text NOT NULL,
    key text NOT NULL,
    station_id text NOT NULL,
    event_id text NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, kind, key)
);
CREATE TABLE sync_aliases (
    district text NOT NULL,
    station_id text NOT NULL,
    kind text NOT NULL,
    key text NOT NULL,
    alias text NOT NULL,
    PRIMARY KEY (district, station_id, kind, key)
);
CREATE TABLE sync_person_aliases (
    person_id text PRIMARY KEY,
    canonical_id text NOT NULL
);
CREATE TABLE sync_conflicts (
    id bigserial PRIMARY KEY,
    district text NOT NULL,
    kind text NOT NULL,
    key text NOT NULL,
    first_station text NOT NULL,
    second_station text NOT NULL,
    event_id text NOT NULL UNIQUE,
    alias text NOT NULL DEFAULT '',
    detail jsonb NOT NULL DEFAULT '{}',
    detected_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    kept_station text,
    reason text,
    resolution_event_id text
);
CREATE INDEX ix_sync_conflicts_open ON sync_conflicts (district, resolved_at);
CREATE SEQUENCE sync_lead_seq;
"""

ENSURE_PARTITION = """
CREATE FUNCTION sync_ensure_partition(p_district text, p_day date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    d_name text := 'sync_events_' || substr(md5(p_district), 1, 12);
    p_name text := d_name || '_' || to_char(p_day, 'YYYYMMDD');
BEGIN
    IF to_regclass(p_name) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('sync_events_partitions'));
    IF to_regclass(d_name) IS NULL THEN
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF sync_events FOR VALUES IN (%L) PARTITION BY RANGE (day)',
            d_name, p_district);
    END IF;
    IF to_regclass(p_name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                       p_name, d_name, p_day, p_day + 1);
    END IF;
END $$;
REVOKE ALL ON FUNCTION sync_ensure_partition(text, date) FROM PUBLIC;
"""


def upgrade() -> None:
    op.execute(TABLES)
    op.execute(ENSURE_PARTITION)


def downgrade() -> None:
    op.execute("DROP FUNCTION sync_ensure_partition(text, date)")
    for table in (
        "sync_conflicts",
        "sync_person_aliases",
        "sync_aliases",
        "sync_claims",
        "sync_events",
        "sync_stations",
    ):
        op.execute(f"DROP TABLE {table}")
    op.execute("DROP SEQUENCE sync_lead_seq")
