"""Bring a database's schema up to date with the Alembic migrations shipped in db/migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x4E415453  # "NATS": the advisory lock held while migrating PostgreSQL


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Run pending migrations; a database already up to date costs one small query.

    Features add their tables in migrations of their own that branch from the recording
    schema, so the target is every head, not one.
    """
    if revision == "heads" and current_revisions(engine) == head_revisions():
        return
    config = _config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Stations started together on a new database: one migrates, the others wait here
            # and then find it done (SQLite gets the same from its BEGIN IMMEDIATE).
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
