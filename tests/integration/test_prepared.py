"""Prepared statements (db.prepared) store and read values exactly as SQLAlchemy does: a
row written one way is found, compared and read back the same the other way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    func,
    insert,
    select,
    update,
)

from db.engine import normalise_url
from db.prepared import Prepared

meta = MetaData()
probe = Table(
    "prepared_probe",
    meta,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True)),
    Column("flag", Boolean),
    Column("label", String),
)
_INSERT = Prepared(
    insert(probe).values(
        id=bindparam("i"), at=bindparam("a"), flag=bindparam("f"), label=bindparam("l")
    )
)
_SINCE = Prepared(
    select(probe.c.id, probe.c.at, probe.c.flag, probe.c.label)
    .where((probe.c.at >= bindparam("since")) & (probe.c.label != "skip"))
    .order_by(probe.c.at, probe.c.id)
)
_EARLIEST = Prepared(select(func.min(probe.c.at)).where(probe.c.flag.is_(False)))
with_default = Table(
    "prepared_defaults",
    meta,
    Column("id", Integer, primary_key=True),
    Column("n", Integer, default=7),
)
_RENAME = Prepared(update(probe).where(probe.c.id == bindparam("i")).values(label=bindparam("l")))

moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = create_engine(normalise_url(db_url))
    meta.drop_all(engine)
    meta.create_all(engine)
    yield engine
    meta.drop_all(engine)
    engine.dispose()


def _sa_rows(connection, since: datetime) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    return [tuple(r) for r in connection.execute(_SINCE.statement, {"since": since})]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(moments, st.booleans(), st.sampled_from(["x", "skip", "张三"])), max_size=12
    ),
    since=moments,
)
def test_prepared_and_sqlalchemy_agree(engine, rows, since: datetime) -> None:  # type: ignore[no-untyped-def]
    # Whole seconds included: their text form a careless formatter would shorten (and so
    # sort wrongly against the others).
    stored = [
        (at.replace(microsecond=0) if i % 3 == 0 else at, flag, label)
        for i, (at, flag, label) in enumerate(rows)
    ]
    with engine.connect() as connection:
        connection.execute(probe.delete())
        for i, (at, flag, label) in enumerate(stored):
            if i % 2:  # half written through SQLAlchemy, half prepared
                connection.execute(insert(probe).values(id=i, at=at, flag=flag, label=label))
            else:
                assert _INSERT.run(connection, {"i": i, "a": at, "f": flag, "l": label}) == 1
        prepared = [tuple(r) for r in _SINCE.rows(connection, {"since": since})]
        assert prepared == _sa_rows(connection, since)
        order = sorted((at, i) for i, (at, _, label) in enumerate(stored) if label != "skip")
        assert [r[0] for r in prepared] == [i for at, i in order if at >= since]
        earliest = _EARLIEST.scalar(connection, {})
        assert earliest == connection.execute(_EARLIEST.statement).scalar()
        assert _RENAME.run(connection, {"i": 10**6, "l": "none"}) == 0
        connection.rollback()


def test_values_keep_their_types(engine) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2026, 11, 22, 8, 0, 0, tzinfo=UTC)
    with engine.connect() as connection:
        _INSERT.run(connection, {"i": 1, "a": at, "f": True, "l": "张三"})
        _INSERT.run(connection, {"i": 2, "a": at + timedelta(microseconds=5), "f": False, "l": "x"})
        rows = _SINCE.rows(connection, {"since": at})
        assert [(r.id, r.flag, r.label) for r in rows] == [(1, True, "张三"), (2, False, "x")]
        assert isinstance(rows[0].flag, bool)
        assert rows[1].at.replace(tzinfo=UTC) - rows[0].at.replace(tzinfo=UTC) == timedelta(
            microseconds=5
        )
        assert _SINCE.rows(connection, {"since": at + timedelta(microseconds=6)}) == []
        assert _RENAME.run(connection, {"i": 2, "l": "y"}) == 1
        assert [r.label for r in _SINCE.rows(connection, {"since": at})] == ["张三", "y"]
        assert _SINCE.first(connection, {"since": at + timedelta(days=1)}) is None


def test_what_needs_sqlalchemy_at_run_time_is_refused(engine) -> None:  # type: ignore[no-untyped-def]
    expanding = Prepared(select(probe.c.id).where(probe.c.label.in_(["x", "y"])))
    defaulted = Prepared(insert(with_default).values(id=bindparam("i")))  # n: Python default
    with engine.connect() as connection:
        with pytest.raises(ValueError, match="cannot be prepared"):
            expanding.rows(connection, {})
        with pytest.raises(ValueError, match="cannot be prepared"):
            defaulted.run(connection, {"i": 1})
