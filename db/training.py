"""The training marker: a table only a training database has, checked both ways at open.

A training station opens only a database with the marker (or an empty one, which it marks
before the schema is created); a real station refuses a database with it. Checked before the
migrations run, so a training window never even upgrades a real database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, insert, inspect
from sqlalchemy.engine import make_url

from db.engine import make_engine, normalise_url
from station.training import TrainingDatabaseError

MARKER = "training_marker"
_metadata = MetaData()
marker_t = Table(
    MARKER,
    _metadata,
    Column("kind", String(16), primary_key=True),
    Column("marked_at", DateTime(timezone=True), nullable=False),
)


def _refuse_real() -> TrainingDatabaseError:
    return TrainingDatabaseError(
        "培训模式不能打开正式数据库（缺少培训标记）：培训数据只存放在单独的培训数据库中",
        "Training mode cannot open a real database (it has no training marker): training "
        "data lives only in its own training database",
        code="real_database_in_training",
    )


def _refuse_training() -> TrainingDatabaseError:
    return TrainingDatabaseError(
        "这是培训数据库，正式采样不能使用：请去掉 --training 以外的培训设置，或改用正式数据库",
        "This is a training database and cannot be used for real sampling: point the station "
        "at its real database",
        code="training_database_at_live_station",
    )


def refuse_forwarding(engine: Engine) -> None:
    """The forwarder never sends a training database's events to the site server."""
    with engine.connect() as connection:
        if inspect(connection).has_table(MARKER):
            raise TrainingDatabaseError(
                "这是培训数据库：培训数据从不上传站点服务器，同步未进行",
                "This is a training database: training data is never forwarded to the site "
                "server; nothing was sent",
                code="training_database_forwarded",
            )


def guard(engine: Engine, *, training: bool) -> None:
    """Refuse the wrong kind of database; mark an empty one that training is about to use."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    marked = MARKER in tables
    if not training:
        if marked:
            raise _refuse_training()
        return
    if marked:
        return
    if tables:
        raise _refuse_real()
    with engine.begin() as connection:
        _metadata.create_all(connection)
        connection.execute(insert(marker_t).values(kind="training", marked_at=datetime.now(UTC)))


def reset_training_file(url: str) -> bool:
    """Start a drill afresh: delete a training SQLite file (only one that carries the marker).

    Returns False for a server database, which is left as it is."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return False
    path = Path(parsed.database)
    if not path.exists():
        return True
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(MARKER):
                raise _refuse_real()
    finally:
        engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return True
