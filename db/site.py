"""The site's unit of work on SQL: one connection, one transaction, every feature's store.

`with database.unit_of_work() as work:` opens it; `work.recording`, `work.lab`,
`work.queue`, `work.roster` and `work.lookup` are the stores of the features, all on the same
connection in the same transaction (built when first asked for); `work.commit()` makes all of
it durable at once, and leaving the block without it rolls all of it back. It is
`station.core.scan.Work` and what each feature's port asks of it (station.lab.ports.LabWork,
station.queue.scan.QueueWork, station.roster.households.HouseholdWork).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from db.lab.lookup_store import LookupSqlStore
from db.lab.store import LabSqlStore
from db.queue.store import SqlQueueStore
from db.recording.store import SqlStore
from db.roster.store import SqlRosterStore

if TYPE_CHECKING:
    from db.recording.store import Database


class SqlSiteWork:
    """One open unit of work of a site: see the module's docstring."""

    def __init__(self, connection: Connection, site: str) -> None:
        self.connection = connection
        self.site = site

    @cached_property
    def recording(self) -> SqlStore:
        return SqlStore(self.connection, self.site)

    @cached_property
    def lab(self) -> LabSqlStore:
        return LabSqlStore(self.connection, self.site)

    @cached_property
    def queue(self) -> SqlQueueStore:
        return SqlQueueStore(self.connection, self.site)

    @cached_property
    def roster(self) -> SqlRosterStore:
        return SqlRosterStore(self.connection, self.site)

    @cached_property
    def lookup(self) -> LookupSqlStore:
        return LookupSqlStore(self.connection, self.site, self.lab)

    def commit(self) -> None:
        """Everything the stores wrote, durable at once (their notifications go with it)."""
        for name in ("lab", "queue"):
            store = self.__dict__.get(name)  # only the stores this unit of work used
            if store is not None:
                store.before_commit()
        self.connection.commit()


@contextmanager
def site_work(
    database: Database, *, read_only: bool = False, cache_mib: int | None = None
) -> Iterator[SqlSiteWork]:
    """Open the site's unit of work (Database.unit_of_work). `cache_mib`: on SQLite, the
    connection's page cache is raised to this size (a roster import's)."""
    with database.transaction(read_only=read_only) as connection:
        if cache_mib and connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA cache_size = -{int(cache_mib) * 1024}")
        yield SqlSiteWork(connection, database.site)


def store_unit_of_work(
    database: Database, store: str, *, read_only: bool = False, cache_mib: int | None = None
) -> Callable[[], AbstractContextManager[Any]]:
    """The site's unit of work seen through one feature's store, for a service that uses only
    that store (the queue's desk, the roster's import): `with uow() as store: ...;
    store.commit()`. Such a store's own commit commits the connection: nothing else wrote."""

    @contextmanager
    def unit() -> Iterator[Any]:
        with site_work(database, read_only=read_only, cache_mib=cache_mib) as work:
            yield getattr(work, store)

    return unit
