"""`nat-station server init URL`: the site server's schema (Alembic) and its database roles."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from db import migrate
from db.engine import make_engine

SERVER_MIGRATIONS = Path(__file__).with_name("server_migrations")
INGEST_ROLE = "nat_station_ingest"
READ_ROLE = "nat_station_read"

# The station's current-state tables the server keeps up to date from the events.
PROJECTIONS = (
    "persons",
    "tubes",
    "tube_members",
    "boxes",
    "box_tubes",
    "tube_results",
    "recalls",
    "recall_lines",
)
# Append-only for the stations: they add rows and read them, never change or delete one.
APPEND_ONLY = (
    "sync_events",
    "sync_claims",
    "sync_aliases",
    "sync_person_aliases",
    "sync_conflicts",
    "sync_audit_checkpoints",
)


def _server_config():  # type: ignore[no-untyped-def]  # alembic's Config, imported late
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SERVER_MIGRATIONS))
    return config


def _create_role(connection, name: str) -> None:  # type: ignore[no-untyped-def]  # Connection
    connection.execute(
        text(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') "
            f"THEN CREATE ROLE {name} LOGIN; END IF; END $$"
        )
    )


def grant_roles(connection) -> None:  # type: ignore[no-untyped-def]  # a Connection
    _create_role(connection, INGEST_ROLE)
    _create_role(connection, READ_ROLE)
    ingest, read = INGEST_ROLE, READ_ROLE
    statements = [
        f"GRANT SELECT, INSERT ON {', '.join(APPEND_ONLY)} TO {ingest}",
        f"GRANT SELECT, INSERT, UPDATE ON sync_stations, {', '.join(PROJECTIONS)} TO {ingest}",
        f"GRANT USAGE ON SEQUENCE sync_conflicts_id_seq TO {ingest}",
        f"GRANT EXECUTE ON FUNCTION sync_ensure_partition(text, date) TO {ingest}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {read}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {read}",
    ]
    for statement in statements:
        connection.execute(text(statement))


def upgrade_server(engine: Engine) -> None:
    from alembic import command

    config = _server_config()
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x4E415455})
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
        grant_roles(connection)


def init_server(url: str) -> list[str]:
    """Create or upgrade everything the site server holds; returns the server's revisions."""
    engine = make_engine(url)
    try:
        if engine.dialect.name != "postgresql":
            raise ValueError("the site server is a PostgreSQL database (postgresql://...)")
        migrate.upgrade(engine)  # the station's tables: the server's current state
        upgrade_server(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM server_alembic_version"))
            return sorted(row[0] for row in rows)
    finally:
        engine.dispose()
