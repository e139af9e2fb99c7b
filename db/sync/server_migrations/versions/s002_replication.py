"""Ready for a city server: default partitions, and keys that hold across districts.

A city server receives the district servers' tables by logical replication
(docs/sync.md). Its sync_events must take a row of any district and any day at once, or the
subscription stops at the first day nobody made a partition for: a DEFAULT partition at the
root (a district not seen yet) and one per district (a day not made yet) catch those rows,
and sync_ensure_partition now moves a day's (or a district's) rows out of the default when it
makes the partition. The district servers get the same shape, so there is one schema.

sync_conflicts was keyed by a district server's own sequence: two districts both have a
conflict 1. Its key becomes (district, id).

Revision ID: s002
Revises: s001
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "s002"
down_revision = "s001"
branch_labels = None
depends_on = None

ENSURE_PARTITION = """
CREATE OR REPLACE FUNCTION sync_ensure_partition(p_district text, p_day date) RETURNS void
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
        -- rows of this district that came before its partition wait in the root default
        LOCK TABLE sync_events_default IN SHARE ROW EXCLUSIVE MODE;
        EXECUTE format('CREATE TABLE %I (LIKE sync_events) PARTITION BY RANGE (day)', d_name);
        EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', d_name || '_default', d_name);
        EXECUTE format('WITH moved AS (DELETE FROM sync_events_default WHERE district = %L '
                       'RETURNING *) INSERT INTO %I SELECT * FROM moved', p_district, d_name);
        EXECUTE format('ALTER TABLE sync_events ATTACH PARTITION %I FOR VALUES IN (%L)',
                       d_name, p_district);
    END IF;
    IF to_regclass(p_name) IS NULL THEN
        EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', d_name || '_default');
        EXECUTE format('CREATE TABLE %I (LIKE sync_events)', p_name);
        EXECUTE format('WITH moved AS (DELETE FROM %I WHERE day = %L RETURNING *) '
                       'INSERT INTO %I SELECT * FROM moved', d_name || '_default', p_day, p_name);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                       d_name, p_name, p_day, p_day + 1);
    END IF;
END $$;
REVOKE ALL ON FUNCTION sync_ensure_partition(text, date) FROM PUBLIC;
"""

DEFAULTS = """
CREATE TABLE sync_events_default PARTITION OF sync_events DEFAULT;
DO $$
DECLARE part record;
BEGIN
    FOR part IN SELECT c.relname FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'sync_events'::regclass AND c.relkind = 'p'
    LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I DEFAULT',
                       part.relname || '_default', part.relname);
    END LOOP;
END $$;
"""


def upgrade() -> None:
    op.execute(DEFAULTS)
    op.execute(ENSURE_PARTITION)
    op.execute("ALTER TABLE sync_conflicts DROP CONSTRAINT sync_conflicts_pkey")
    op.execute("ALTER TABLE sync_conflicts ADD PRIMARY KEY (district, id)")


def downgrade() -> None:
    op.execute("ALTER TABLE sync_conflicts DROP CONSTRAINT sync_conflicts_pkey")
    op.execute("ALTER TABLE sync_conflicts ADD PRIMARY KEY (id)")
    op.execute("DROP TABLE sync_events_default")
