"""The throwaway PostgreSQL cluster the test session starts (tests/conftest.py)."""

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine(pg_url: str):
    engine = sa.create_engine(pg_url)
    yield engine
    engine.dispose()


def test_round_trip(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        version = conn.execute(sa.text("select version()")).scalar_one()
        encoding = conn.execute(sa.text("show server_encoding")).scalar_one()
    assert version.startswith("PostgreSQL ")
    assert encoding == "UTF8"

    with engine.begin() as conn:
        conn.execute(
            sa.text("create table tube (id serial primary key, code text unique, name text)")
        )
        conn.execute(
            sa.text("insert into tube (code, name) values (:code, :name)"),
            [{"code": "T0002", "name": "李四"}, {"code": "T0001", "name": "张三"}],
        )
    with engine.connect() as conn:
        rows = conn.execute(sa.text("select code, name from tube order by code")).all()
    assert [tuple(r) for r in rows] == [("T0001", "张三"), ("T0002", "李四")]


def test_each_test_gets_a_fresh_empty_database(engine: sa.Engine, pg_cluster) -> None:
    assert engine.url.database not in ("postgres", pg_cluster.dbname)
    assert sa.inspect(engine).get_table_names() == []


def test_two_connections_see_each_others_committed_rows(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("create table pool (id int primary key, station text)"))

    with engine.connect() as a, engine.connect() as b:
        a.execute(sa.text("insert into pool values (1, 'A')"))
        # Not committed yet: invisible to the other connection.
        assert b.execute(sa.text("select count(*) from pool")).scalar_one() == 0
        b.rollback()
        a.commit()
        assert b.execute(sa.text("select station from pool")).scalars().all() == ["A"]
        b.execute(sa.text("insert into pool values (2, 'B')"))
        b.commit()
        a.rollback()
        ids = a.execute(sa.text("select id from pool order by id")).scalars().all()
        assert ids == [1, 2]
