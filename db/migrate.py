"""Bring a database's schema up to date with the Alembic migrations shipped in db/migrations."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, inspect, text

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x4E415453  # "NATS": the advisory lock held while migrating PostgreSQL
_REVISION = re.compile(r"^revision\s*=\s*[\"'](\w+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.MULTILINE)


def _config():  # type: ignore[no-untyped-def]  # alembic's Config, imported late
    from alembic.config import Config  # Alembic loads only when there is something to do

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(_config()).get_heads())


def shipped_heads() -> set[str]:
    """The heads, read from the migration files without importing Alembic (start-up time)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision:
            revisions.add(revision.group(1))
        if down:
            parents.update(re.findall(r"[\"'](\w+)[\"']", down.group(1)))
    return revisions - parents


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        rows = connection.execute(text("SELECT version_num FROM alembic_version"))
        return {row[0] for row in rows}


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Run pending migrations; a database already up to date costs one small query.

    Features add their tables in migrations of their own that branch from the recording
    schema, so the target is every head, not one.
    """
    if revision == "heads" and current_revisions(engine) == shipped_heads():
        return
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Stations started together on a new database: one migrates, the others wait here
            # and then find it done (SQLite gets the same from its BEGIN IMMEDIATE).
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
