"""Alembic environment of the site server's own tables (its own version table)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table="server_alembic_version")
with context.begin_transaction():
    context.run_migrations()
