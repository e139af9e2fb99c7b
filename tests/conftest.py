"""Fixtures shared by all tests.

- every test gets its own empty config/data directories (``app_dirs``, autouse),
  so no test reads or writes the real user's settings or database;
- ``pg_cluster``: one throwaway PostgreSQL server per test session, started on
  first use (tests/pg_cluster.py);
- ``pg_url``: a fresh empty database on that server for each test.
"""

import os

# Before anything imports Qt: no test needs a display unless it asks for one.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pg_cluster import Cluster, ClusterError, PostgresNotFoundError, start_cluster


@dataclass(frozen=True)
class AppDirs:
    config_dir: Path
    data_dir: Path


@pytest.fixture(autouse=True)
def app_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> AppDirs:
    """Point the app's config and data directories at fresh, not yet created, tmp dirs.

    Also unsets NAT_STATION_DB and moves the XDG config/data homes, so code that
    bypasses NAT_STATION_* (Qt, platformdirs) cannot reach the real ones either.
    """
    root = tmp_path_factory.mktemp("app")
    dirs = AppDirs(config_dir=root / "config", data_dir=root / "data")
    monkeypatch.setenv("NAT_STATION_CONFIG_DIR", str(dirs.config_dir))
    monkeypatch.setenv("NAT_STATION_DATA_DIR", str(dirs.data_dir))
    monkeypatch.delenv("NAT_STATION_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    return dirs


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A private PostgreSQL server for this test session (never skipped: fails if missing)."""
    # Not under tmp_path_factory: /tmp/pytest-of-root is 0700, and as root the
    # server runs as the `postgres` user, who must be able to reach its files.
    parent = "/tmp" if os.path.isdir("/tmp") else None
    base = Path(tempfile.mkdtemp(prefix="nat-station-pg-", dir=parent))
    os.chmod(base, 0o755)
    try:
        cluster = start_cluster(base)
    except PostgresNotFoundError as exc:
        # Never a skip, in CI or not: a skipped test is not a passed test.
        where = "in CI" if os.environ.get("CI") else "on this machine"
        problem = f"PostgreSQL is required and missing {where}. {exc}"
    except ClusterError as exc:
        problem = f"could not start the throwaway PostgreSQL cluster: {exc}"
    else:
        problem = ""
    if problem:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(problem, pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """SQLAlchemy URL of a new, empty database, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    url = pg_cluster.create_database(name)
    yield url
    pg_cluster.drop_database(name)


# ----- recording core on a real database (tests/integration) ---------------------------------


@dataclass(frozen=True)
class Projection:
    """Current-state tables as plain values: tubes, tube members and persons."""

    tubes: dict[str, tuple[object, ...]]  # barcode -> mode, status, count, table, under, sealed
    members: dict[str, tuple[object, ...]]  # event_id -> tube, person_id, removed_by
    persons: dict[str, tuple[object, ...]]  # id -> doc_type, number, note, name, phone, single


def _replay(rows: list) -> Projection:  # type: ignore[type-arg]
    """The projection the event log implies, worked out here independently of db.store.

    Tube counts come from the active memberships, not from adding up +1/-1, so a count the
    store got wrong shows up as a difference.
    """
    from station.core.records import EventKind as K

    tubes: dict[str, dict[str, object]] = {}
    members: dict[str, list[object]] = {}
    persons: dict[str, tuple[object, ...]] = {}
    for e in rows:
        d = e.data
        kind = K(e.kind)
        if kind is K.PERSON_REGISTERED:
            persons[e.person_id] = (
                d["doc_type"],
                d["doc_number"],
                d.get("note", ""),
                d.get("name", ""),
                d.get("phone", ""),
                bool(d.get("single_only")),
            )
        elif kind is K.TUBE_OPENED:
            assert e.tube not in tubes, f"tube {e.tube} opened twice"
            tubes[e.tube] = {
                "mode": d["mode"],
                "status": "open",
                "table": e.table_no,
                "under": False,
            }
        elif kind is K.TUBE_MODE_SET:
            tubes[e.tube]["mode"] = d["mode"]
        elif kind is K.TUBE_VOIDED:
            tubes[e.tube]["status"] = "voided"
        elif kind is K.PERSON_ADDED:
            members[e.id] = [e.tube, e.person_id, None]
        elif kind in (K.PERSON_REMOVED, K.PERSON_MOVED):
            left = members[d["member_event"]]
            assert left[2] is None, f"member {d['member_event']} removed twice"
            assert left[0] == (d["from"] if kind is K.PERSON_MOVED else e.tube)
            left[2] = e.id
            if kind is K.PERSON_MOVED:
                members[e.id] = [e.tube, e.person_id, None]
        elif kind is K.TUBE_SEALED:
            tubes[e.tube].update(status="sealed", under=bool(d.get("under_filled")))
        elif kind is K.TUBE_REOPENED:
            tubes[e.tube].update(status="open", under=False, table=d.get("table", e.table_no))
    active: dict[str, list[object]] = {barcode: [] for barcode in tubes}
    for tube, person_id, removed_by in members.values():
        if removed_by is None:
            active[tube].append(person_id)  # type: ignore[index]
    for barcode, people in active.items():
        assert len(people) == len(set(people)), f"a person is twice in tube {barcode}"
    return Projection(
        tubes={
            b: (
                t["mode"],
                t["status"],
                len(active[b]),
                t["table"],
                t["under"],
                t["status"] == "sealed",
            )
            for b, t in tubes.items()
        },
        members={k: tuple(v) for k, v in members.items()},
        persons=persons,
    )


def _stored(connection) -> Projection:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from db.recording.models import MemberRow, PersonRow, TubeRow

    return Projection(
        tubes={
            r.barcode: (
                r.mode,
                r.status,
                r.count,
                r.table_no,
                r.under_filled,
                r.sealed_at is not None,
            )
            for r in connection.execute(select(TubeRow.__table__))
        },
        members={
            r.event_id: (r.tube, r.person_id, r.removed_by)
            for r in connection.execute(select(MemberRow.__table__))
        },
        persons={
            r.id: (r.doc_type, r.doc_number, r.note, r.name, r.phone, r.single_only)
            for r in connection.execute(select(PersonRow.__table__))
        },
    )


@pytest.fixture
def check_projection():  # type: ignore[no-untyped-def]
    """`check(url, site)`: open a NEW Database on `url` and assert its current-state tables are
    what its event log says; returns that Projection for further checks."""
    from sqlalchemy import select

    from db.recording.models import EventRow
    from db.recording.store import Database

    def check(url: str, site: str) -> Projection:
        database = Database(url, site)
        try:
            with database.transaction() as connection:
                rows = connection.execute(
                    select(EventRow.__table__).order_by(EventRow.__table__.c.seq)
                ).all()
                assert {r.site for r in rows} <= {site}
                expected, stored = _replay(rows), _stored(connection)
        finally:
            database.dispose()
        assert stored.persons == expected.persons
        assert stored.members == expected.members
        assert stored.tubes == expected.tubes
        return expected

    return check


class People:
    """Valid, never repeated resident ID numbers and the scans that carry them."""

    def __init__(self) -> None:
        self.issued = 0

    def resident_id(self) -> str:
        from datetime import date, timedelta

        from stdnum.cn import ric

        self.issued += 1
        born = date(1950, 1, 1) + timedelta(days=self.issued // 1000)
        body = f"110105{born:%Y%m%d}{self.issued % 1000:03d}"
        return body + ric.calc_check_digit(body + "0")

    def code(
        self, name: str = "", phone: str = "", number: str = "", doc_type: str = "resident_id"
    ) -> str:
        """A personal code (NP1.) as the station prints it."""
        from station.core.codes import PersonCode, encode_person_code
        from station.core.identity import DocType, Document

        document = Document(DocType(doc_type), number or self.resident_id())
        return encode_person_code(PersonCode(document, name, phone))


@pytest.fixture
def people() -> People:
    return People()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a real SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'station.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def queue_station(db_url: str):  # type: ignore[no-untyped-def]
    """A whole station at table 2 of 幸福里采样点, on SQLite and on PostgreSQL."""
    from app.wiring import open_station

    station = open_station(database_url=db_url, table="2", site_name="幸福里采样点")
    yield station
    station.close()


@pytest.fixture
def other_table(queue_station, db_url: str):  # type: ignore[no-untyped-def]
    """The queue as another table's process sees it: its own connection to the database."""
    from db.queue.store import queue_unit_of_work
    from db.recording.store import Database
    from station.queue.service import QueueService

    other = Database(db_url, queue_station.settings.site_name)
    yield QueueService(
        queue_unit_of_work(other),
        queue_station.queue.config,
        day=lambda: queue_station.recording.stamp.round,
    )
    other.dispose()
