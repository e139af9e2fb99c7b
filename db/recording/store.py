"""The SQL store behind station's ports: one connection, one transaction, one site."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Integer, Select, bindparam, func, insert, select, update
from sqlalchemy.exc import DatabaseError

from db.engine import READ_ONLY, bulk_writes, make_engine
from db.migrate import upgrade
from db.recording.models import EventRow, MemberRow, PersonRow, TubeRow
from db.rows import aware_at, person_of, tube_of
from station.core.identity import DocType
from station.core.passphrase import wrong_passphrase
from station.core.ports import Store
from station.core.records import Event, EventKind, Member, Person, Totals, Tube, TubeStatus

if TYPE_CHECKING:
    from db.site import SqlSiteWork

events_t = EventRow.__table__
persons_t = PersonRow.__table__
tubes_t = TubeRow.__table__
members_t = MemberRow.__table__


# Statements are built once: SQLAlchemy then compiles each a single time, which keeps the
# per-scan cost close to that of the SQL itself.
_TUBE = select(tubes_t).where(
    tubes_t.c.site == bindparam("site"), tubes_t.c.barcode == bindparam("barcode")
)
_OPEN_TUBES = (
    select(tubes_t)
    .where(
        tubes_t.c.site == bindparam("site"),
        tubes_t.c.table_no == bindparam("table"),
        tubes_t.c.status == TubeStatus.OPEN.value,
    )
    .order_by(tubes_t.c.activated_at, tubes_t.c.barcode)
)
_MEMBERS = (
    select(
        members_t.c.event_id,
        members_t.c.person_id,
        members_t.c.added_at,
        persons_t.c.name,
        persons_t.c.doc_number,
    )
    .join(persons_t, persons_t.c.id == members_t.c.person_id)
    .where(
        members_t.c.site == bindparam("site"),
        members_t.c.tube == bindparam("barcode"),
        members_t.c.removed_by.is_(None),
    )
    .order_by(members_t.c.added_at, members_t.c.event_id)
)
_PERSON = select(persons_t).where(persons_t.c.id == bindparam("person_id"))
_PERSON_BY_DOCUMENT = select(persons_t).where(
    persons_t.c.doc_type == bindparam("doc_type"), persons_t.c.doc_number == bindparam("number")
)


def _in_round(*columns: Any) -> Select[Any]:
    """`columns` over the people now in a tube of one testing round (voided tubes left out)."""
    return (
        select(*columns)
        .join(
            tubes_t,
            (tubes_t.c.site == members_t.c.site) & (tubes_t.c.barcode == members_t.c.tube),
        )
        .where(
            members_t.c.removed_by.is_(None),
            tubes_t.c.round == bindparam("round"),
            tubes_t.c.status != TubeStatus.VOIDED.value,
        )
    )


_TUBES_OF_PERSON = (
    _in_round(members_t.c.tube)
    .where(members_t.c.person_id == bindparam("person_id"))
    .order_by(members_t.c.added_at)
)
_RECENT_TUBES = (
    select(tubes_t)
    .where(
        tubes_t.c.site == bindparam("site"),
        tubes_t.c.table_no == bindparam("table"),
        tubes_t.c.status != TubeStatus.VOIDED.value,
    )
    .order_by(tubes_t.c.activated_at.desc())
    .limit(bindparam("limit", type_=Integer, literal_execute=True))
)
_TOTALS = (
    select(tubes_t.c.mode, tubes_t.c.status, func.count(), func.sum(tubes_t.c.count))
    .where(
        tubes_t.c.site == bindparam("site"),
        tubes_t.c.round == bindparam("round"),
        tubes_t.c.status != TubeStatus.VOIDED.value,
    )
    .group_by(tubes_t.c.mode, tubes_t.c.status)
)
_PERSONS_TESTED = (  # a re-test is the same person again, not one more
    _in_round(func.count(func.distinct(members_t.c.person_id))).where(
        members_t.c.site == bindparam("site")
    )
)
_INSERT_EVENT = insert(events_t)
_INSERT_PERSON = insert(persons_t)
_UPDATE_PERSON = update(persons_t).where(persons_t.c.id == bindparam("b_person_id"))
_INSERT_TUBE = insert(tubes_t)
_INSERT_MEMBER = insert(members_t)
_REMOVE_MEMBER = (
    update(members_t)
    .where(members_t.c.event_id == bindparam("b_member_event"))
    .values(removed_by=bindparam("b_removed_by"))
)
_COUNT_TUBE = (
    update(tubes_t)
    .where(tubes_t.c.site == bindparam("b_site"), tubes_t.c.barcode == bindparam("b_barcode"))
    .values(count=tubes_t.c.count + bindparam("b_delta"))
)
_UPDATE_TUBE = update(tubes_t).where(
    tubes_t.c.site == bindparam("b_site"), tubes_t.c.barcode == bindparam("b_barcode")
)


@dataclass
class SqlStore(Store):
    connection: Connection
    site: str

    # ----- reads -------------------------------------------------------------------------
    def tube(self, barcode: str) -> Tube | None:
        row = self.connection.execute(_TUBE, {"site": self.site, "barcode": barcode}).first()
        return tube_of(row) if row else None

    def open_tubes(self, table: str) -> list[Tube]:
        rows = self.connection.execute(_OPEN_TUBES, {"site": self.site, "table": table})
        return [tube_of(r) for r in rows]

    def members(self, barcode: str) -> list[Member]:
        rows = self.connection.execute(_MEMBERS, {"site": self.site, "barcode": barcode})
        # SQLite hands back naive datetimes; aware makes them UTC again.
        return [
            Member(r.event_id, r.person_id, r.name, aware_at(r.added_at), r.doc_number)
            for r in rows
        ]

    def person(self, person_id: str) -> Person | None:
        row = self.connection.execute(_PERSON, {"person_id": person_id}).first()
        return person_of(row) if row else None

    def person_by_document(self, doc_type: DocType, number: str) -> Person | None:
        row = self.connection.execute(
            _PERSON_BY_DOCUMENT, {"doc_type": doc_type.value, "number": number}
        ).first()
        return person_of(row) if row else None

    def tubes_of_person(self, person_id: str, round: str) -> list[str]:
        rows = self.connection.execute(_TUBES_OF_PERSON, {"person_id": person_id, "round": round})
        return [r.tube for r in rows]

    def recent_tubes(self, table: str, limit: int) -> list[Tube]:
        rows = self.connection.execute(
            _RECENT_TUBES, {"site": self.site, "table": table, "limit": limit}
        )
        return [tube_of(r) for r in rows]

    def totals(self, round: str) -> Totals:
        rows = self.connection.execute(_TOTALS, {"site": self.site, "round": round}).all()
        people_by_mode: dict[int, int] = {}
        tubes_by_mode: dict[int, int] = {}
        open_ = sealed = 0
        for mode, status, tubes, people in rows:
            people_by_mode[mode] = people_by_mode.get(mode, 0) + int(people or 0)
            tubes_by_mode[mode] = tubes_by_mode.get(mode, 0) + tubes
            if status == TubeStatus.OPEN.value:
                open_ += tubes
            else:
                sealed += tubes
        persons = self.connection.execute(
            _PERSONS_TESTED, {"site": self.site, "round": round}
        ).scalar_one()
        return Totals(
            sum(people_by_mode.values()), open_, sealed, people_by_mode, tubes_by_mode, persons
        )

    # ----- writes ------------------------------------------------------------------------
    def record(self, event: Event) -> None:
        s = event.stamp
        self.connection.execute(
            _INSERT_EVENT,
            {
                "id": event.id,
                "kind": event.kind.value,
                "at": event.at,
                "site": s.site,
                "table_no": s.table,
                "recorder": s.recorder,
                "round": s.round,
                "tube": event.tube,
                "person_id": event.person_id,
                "data": event.data,
            },
        )
        _PROJECTIONS[event.kind](self, event)

    # ----- projections: current state from each event --------------------------------------
    def _update_tube(self, barcode: str, **values: object) -> None:
        self.connection.execute(
            _UPDATE_TUBE.values(**values), {"b_site": self.site, "b_barcode": barcode}
        )

    def _count(self, barcode: str, delta: int) -> None:
        self.connection.execute(
            _COUNT_TUBE, {"b_site": self.site, "b_barcode": barcode, "b_delta": delta}
        )

    def _person_registered(self, event: Event) -> None:
        d = event.data
        values = {
            "doc_type": d["doc_type"],
            "doc_number": d["doc_number"],
            "note": d.get("note", ""),
            "name": d.get("name", ""),
            "phone": d.get("phone", ""),
            "single_only": bool(d.get("single_only")),
            "updated_at": event.at,
        }
        is_new = d.get("new")
        if is_new is None:  # events from before the flag, or from elsewhere: look first
            is_new = self.person(event.person_id or "") is None
        if is_new:
            self.connection.execute(_INSERT_PERSON, {"id": event.person_id, **values})
        else:
            self.connection.execute(
                _UPDATE_PERSON.values(**values), {"b_person_id": event.person_id}
            )

    def _tube_opened(self, event: Event) -> None:
        s = event.stamp
        self.connection.execute(
            _INSERT_TUBE,
            {
                "site": self.site,
                "barcode": event.tube,
                "mode": event.data["mode"],
                "status": TubeStatus.OPEN.value,
                "count": 0,
                "table_no": s.table,
                "recorder": s.recorder,
                "round": s.round,
                "opened_at": event.at,
                "activated_at": event.at,
                "sealed_at": None,
                "under_filled": False,
            },
        )

    def _add_member(self, event: Event) -> None:
        self.connection.execute(
            _INSERT_MEMBER,
            {
                "event_id": event.id,
                "site": self.site,
                "tube": event.tube,
                "person_id": event.person_id,
                "added_at": event.at,
                "removed_by": None,
            },
        )
        self._count(event.tube or "", +1)

    def _remove_member(self, event: Event, tube: str) -> None:
        self.connection.execute(
            _REMOVE_MEMBER, {"b_member_event": event.data["member_event"], "b_removed_by": event.id}
        )
        self._count(tube, -1)

    def _person_moved(self, event: Event) -> None:
        self._remove_member(event, event.data["from"])
        self._add_member(event)


_PROJECTIONS = {
    EventKind.PERSON_REGISTERED: SqlStore._person_registered,
    EventKind.TUBE_OPENED: SqlStore._tube_opened,
    EventKind.TUBE_MODE_SET: lambda s, e: s._update_tube(e.tube, mode=e.data["mode"]),
    EventKind.TUBE_VOIDED: lambda s, e: s._update_tube(e.tube, status=TubeStatus.VOIDED.value),
    EventKind.PERSON_ADDED: SqlStore._add_member,
    EventKind.PERSON_REMOVED: lambda s, e: s._remove_member(e, e.tube),
    EventKind.PERSON_MOVED: SqlStore._person_moved,
    EventKind.TUBE_SEALED: lambda s, e: s._update_tube(
        e.tube,
        status=TubeStatus.SEALED.value,
        sealed_at=e.at,
        under_filled=bool(e.data.get("under_filled")),
    ),
    EventKind.TUBE_REOPENED: lambda s, e: s._update_tube(
        e.tube,
        status=TubeStatus.OPEN.value,
        sealed_at=None,
        under_filled=False,
        activated_at=e.at,
        table_no=e.data.get("table", e.stamp.table),
    ),
}


# Under SQLite's default limit of bound parameters per statement, with room to spare.
IN_CHUNK = 900


def chunks(items: list, size: int = IN_CHUNK) -> Iterator[list]:  # type: ignore[type-arg]
    """`items` in slices short enough for one IN list."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Database:
    """A migrated database for one site: hands out units of work."""

    def __init__(self, url: str, site: str, guard: Callable[[Engine], None] | None = None) -> None:
        """`guard(engine)` runs before the migrations and may refuse the database."""
        self.engine: Engine = make_engine(url)
        self.site = site
        try:
            if guard is not None:
                guard(self.engine)
            upgrade(self.engine)
        except DatabaseError as error:
            self.engine.dispose()
            if "file is not a database" not in str(error.orig):
                raise
            # Encrypted with another key, or encrypted and opened without one: a clear word.
            raise wrong_passphrase() from None
        except BaseException:
            self.engine.dispose()
            raise
        self.reading_engine: Engine = self._reading_engine(url)

    def _reading_engine(self, url: str) -> Engine:
        """Where units of work that only read run. On SQLite: a connection of their own,
        read-only for good: switching one connection between reading and writing (PRAGMA
        query_only) expires every prepared statement, and the next scan and the next
        read-back would each prepare theirs again. On PostgreSQL: the same pool, with the
        READ ONLY option set once."""
        if self.engine.dialect.name != "sqlite":
            return self.engine.execution_options(**{READ_ONLY: True, "postgresql_readonly": True})
        return make_engine(url).execution_options(**{READ_ONLY: True})

    @contextmanager
    def transaction(self, *, read_only: bool = False) -> Iterator[Connection]:
        """One connection in one transaction; rolled back unless the caller commits it.

        `read_only`: the unit of work only reads, and any write in it fails. On SQLite it
        then neither waits for a writer in another process (a table calling a ticket,
        another station's import) nor holds one up; within one process the single pooled
        connection still serves one unit of work at a time. On PostgreSQL: a READ ONLY
        transaction."""
        with (self.reading_engine if read_only else self.engine).connect() as connection:
            connection.begin()
            try:
                yield connection
            finally:
                if connection.in_transaction():
                    connection.rollback()

    def unit_of_work(self, *, read_only: bool = False) -> AbstractContextManager[SqlSiteWork]:
        """The site's unit of work (db.site): every feature's store on one connection.
        `read_only`: see `transaction`."""
        from db.site import site_work  # db.site imports every feature's store, and this

        return site_work(self, read_only=read_only)

    def store_unit_of_work(
        self, store: str, *, read_only: bool = False, cache_mib: int | None = None
    ) -> Callable[[], AbstractContextManager[Any]]:
        """The site's unit of work seen through one feature's store (db.site)."""
        from db.site import store_unit_of_work

        return store_unit_of_work(self, store, read_only=read_only, cache_mib=cache_mib)

    def bulk_writes(self) -> AbstractContextManager[None]:
        """Around many large write transactions in a row: see db.engine.bulk_writes."""
        return bulk_writes(self.engine)

    def dispose(self) -> None:
        self.reading_engine.dispose()
        self.engine.dispose()
