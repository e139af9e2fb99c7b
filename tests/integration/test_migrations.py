"""The Alembic migrations against the models, on SQLite and PostgreSQL: same schema, idempotent
upgrade, and a clean way down and up again."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from db import migrate
from db.engine import make_engine
from db.schema import Base


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def downgrade(engine: Engine, revision: str) -> None:
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_upgrade_gives_exactly_the_models_schema(engine: Engine) -> None:
    assert tables(engine) == set()
    migrate.upgrade(engine)
    assert migrate.current_revisions(engine) == migrate.head_revisions()
    assert tables(engine) == set(Base.metadata.tables)
    assert differences(engine) == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    migrate.upgrade(engine)
    heads = migrate.current_revisions(engine)
    migrate.upgrade(engine)
    migrate.upgrade(engine, "heads")
    assert migrate.current_revisions(engine) == heads == migrate.head_revisions()
    assert differences(engine) == []


def test_downgrade_to_base_and_up_again(engine: Engine) -> None:
    migrate.upgrade(engine)
    downgrade(engine, "base")
    assert tables(engine) == set()
    assert migrate.current_revisions(engine) == set()
    migrate.upgrade(engine)
    assert migrate.current_revisions(engine) == migrate.head_revisions()
    assert differences(engine) == []


STARTER = """
import sys, time
from pathlib import Path
from db.recording.store import Database
Path(sys.argv[2]).touch()  # imported: ready
while not Path(sys.argv[3]).exists():
    time.sleep(0.002)
Database(sys.argv[1], "site").dispose()
"""


def test_stations_starting_at_once_on_an_empty_database_all_come_up(
    engine: Engine, tmp_path: Path
) -> None:
    """Several tables switched on together the first morning: one migrates, the others wait."""
    url = engine.url.render_as_string(hide_password=False)
    go = tmp_path / "go"
    ready = [tmp_path / f"ready{n}" for n in range(3)]
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, url, str(r), str(go)], stderr=subprocess.PIPE, text=True
        )
        for r in ready
    ]
    try:
        deadline = time.monotonic() + 120
        while not all(r.exists() for r in ready):
            assert time.monotonic() < deadline and all(s.poll() is None for s in starters)
            time.sleep(0.01)
        go.touch()
        errors = [s.communicate(timeout=120)[1] for s in starters]
    finally:
        for s in starters:
            s.kill()
            s.wait()
    assert [s.returncode for s in starters] == [0, 0, 0], "\n".join(errors)
    assert migrate.current_revisions(engine) == migrate.head_revisions()
    assert differences(engine) == []


def test_heads_read_from_the_files_are_alembics_heads() -> None:
    """The start-up check reads the heads without Alembic; it must agree with Alembic."""
    from db.migrate import head_revisions, shipped_heads

    assert shipped_heads() == head_revisions()
    assert len(shipped_heads()) >= 1
