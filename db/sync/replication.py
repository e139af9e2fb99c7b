"""District servers into a city server by PostgreSQL's logical replication (docs/sync.md).

A district server publishes its events and what the city needs to read them (stations,
claims, aliases, conflicts, audit checkpoints) in one publication; a city server subscribes
to each district. Every key of those tables includes the district or is a client UUID, so
the districts' rows never meet on the city. PostgreSQL does the rest: the initial copy and
the stream from one consistent snapshot (each row once), a replication slot on the district
that keeps what the city has not confirmed while either is down.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url

from db.engine import normalise_url

PUBLICATION = "nat_station_city"
REPLICATOR_ROLE = "nat_station_replicator"
# The current-state tables (persons, tubes, ...) are not published: their keys (a tube
# barcode) hold within one district only. The city reads the events.
PUBLISHED = (
    "sync_stations",
    "sync_events",
    "sync_claims",
    "sync_aliases",
    "sync_person_aliases",
    "sync_conflicts",
    "sync_audit_checkpoints",
)
VIA_ROOT = "publish_via_partition_root = true"
DAYS_AHEAD = 7  # the city makes day partitions this far ahead of today


class ReplicationError(ValueError):
    """Set-up refused, with a message for the operator."""


def conninfo(url: str) -> str:
    """libpq's connection string for a `postgresql://` URL."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "postgresql":
        raise ReplicationError(f"not a PostgreSQL URL: {parsed.render_as_string()}")
    parts = {
        "host": parsed.host,
        "port": parsed.port,
        "dbname": parsed.database,
        "user": parsed.username,
        "password": parsed.password,
        **{k: v for k, v in parsed.query.items() if isinstance(v, str)},
    }
    return make_conninfo(**{k: v for k, v in parts.items() if v is not None})


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(conninfo(url), autocommit=True, connect_timeout=10)


def _has_server_schema(connection: psycopg.Connection, url: str) -> None:
    if connection.execute("SELECT to_regclass('sync_events')").fetchone()[0] is None:
        raise ReplicationError(f"{_where(url)} has no server schema: run `server init` first")


def _where(url: str) -> str:
    return make_url(normalise_url(url)).render_as_string(hide_password=True)


def publish(district_url: str) -> dict[str, Any]:
    """Create or bring up to date the district's publication and the replication role."""
    with _connect(district_url) as c:
        _has_server_schema(c, district_url)
        level = c.execute("SHOW wal_level").fetchone()[0]
        if level != "logical":
            raise ReplicationError(
                f"{_where(district_url)} has wal_level={level}: set wal_level = logical in "
                "postgresql.conf and restart it before it can publish"
            )
        tables = sql.SQL(", ").join(sql.Identifier(t) for t in PUBLISHED)
        with c.transaction():
            c.execute("SELECT pg_advisory_xact_lock(hashtext('nat_station_publication'))")
            if c.execute(
                "SELECT 1 FROM pg_publication WHERE pubname = %s", [PUBLICATION]
            ).fetchone():
                c.execute(
                    sql.SQL("ALTER PUBLICATION {} SET TABLE {}").format(
                        sql.Identifier(PUBLICATION), tables
                    )
                )
            else:  # rows under the partitioned root's name: the city routes them itself
                c.execute(
                    sql.SQL("CREATE PUBLICATION {} FOR TABLE {} WITH ({})").format(
                        sql.Identifier(PUBLICATION), tables, sql.SQL(VIA_ROOT)
                    )
                )
            c.execute(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                f"'{REPLICATOR_ROLE}') THEN CREATE ROLE {REPLICATOR_ROLE} LOGIN REPLICATION; "
                "END IF; END $$"
            )
            c.execute(
                sql.SQL("GRANT SELECT ON {} TO {}").format(tables, sql.Identifier(REPLICATOR_ROLE))
            )
        return {"publication": PUBLICATION, "tables": list(PUBLISHED)}


def _identity(connection: psycopg.Connection) -> str:
    sysid, db = connection.execute(
        "SELECT system_identifier::text, current_database() FROM pg_control_system()"
    ).fetchone()
    return f"{sysid}/{db}"


def subscription_name(district: psycopg.Connection, city: psycopg.Connection) -> str:
    """One name per (district database, city database): also the slot's on the district."""
    pair = f"{_identity(district)}->{_identity(city)}"
    return "nat_city_" + hashlib.sha256(pair.encode()).hexdigest()[:20]


def subscribe(city_url: str, district_url: str) -> dict[str, Any]:
    """Subscribe the city to the district's publication, or bring the subscription up to
    date (new tables, enabled); make the partitions the district's rows need. Idempotent."""
    with _connect(district_url) as d, _connect(city_url) as c:
        _has_server_schema(c, city_url)
        if not d.execute(
            "SELECT 1 FROM pg_publication WHERE pubname = %s", [PUBLICATION]
        ).fetchone():
            raise ReplicationError(
                f"{_where(district_url)} publishes nothing: run `server publish`"
            )
        name = subscription_name(d, c)
        if _identity(d).split("/")[0] == _identity(c).split("/")[0]:
            raise ReplicationError("the district and the city must be two PostgreSQL servers")
        ensure_city_partitions(c, _district_days(d))
        exists = c.execute("SELECT 1 FROM pg_subscription WHERE subname = %s", [name]).fetchone()
        ident = sql.Identifier(name)
        if exists:
            c.execute(sql.SQL("ALTER SUBSCRIPTION {} ENABLE").format(ident))
            c.execute(sql.SQL("ALTER SUBSCRIPTION {} REFRESH PUBLICATION").format(ident))
        else:
            c.execute(
                sql.SQL("CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {}").format(
                    ident, sql.Literal(conninfo(district_url)), sql.Identifier(PUBLICATION)
                )
            )
        tidy_defaults(c)
        return {"subscription": name, "created": not exists, "publication": PUBLICATION}


def _district_days(connection: psycopg.Connection) -> set[tuple[str, date]]:
    """Every (district, day) the district server holds, and the days ahead of each."""
    rows = connection.execute("SELECT DISTINCT district, day FROM sync_events").fetchall()
    stations = connection.execute("SELECT DISTINCT district FROM sync_stations").fetchall()
    today = datetime.now(UTC).date()
    ahead = {(r[0], today + timedelta(days=n)) for r in stations for n in range(DAYS_AHEAD)}
    return {(r[0], r[1]) for r in rows} | ahead


def ensure_city_partitions(connection: psycopg.Connection, days: set[tuple[str, date]]) -> None:
    for district, day in sorted(days):
        connection.execute("SELECT sync_ensure_partition(%s, %s)", [district, day])


def tidy_defaults(connection: psycopg.Connection) -> int:
    """Rows that arrived before their partition existed wait in a default partition: give
    each its own (run by every `server subscribe`, e.g. daily). Returns how many days."""
    days = connection.execute(
        "SELECT DISTINCT district, day FROM sync_events "
        "WHERE tableoid::regclass::text LIKE '%\\_default'"
    ).fetchall()
    ensure_city_partitions(connection, {(r[0], r[1]) for r in days})
    return len(days)


def replicate(district_url: str, city_url: str) -> dict[str, Any]:
    """`server replicate --from DISTRICT --to CITY`: publish, then subscribe."""
    published = publish(district_url)
    return {**published, **subscribe(city_url, district_url)}


def status(city_url: str) -> list[dict[str, Any]]:
    """The city's subscriptions and how far each has got."""
    with _connect(city_url) as c:
        rows = c.execute(
            "SELECT s.subname, s.subenabled, st.received_lsn::text, st.latest_end_time "
            "FROM pg_subscription s LEFT JOIN pg_stat_subscription st "
            "ON st.subid = s.oid AND st.relid IS NULL "
            "WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ).fetchall()
    return [
        {"subscription": r[0], "enabled": r[1], "received_lsn": r[2], "latest_end_time": r[3]}
        for r in rows
    ]
