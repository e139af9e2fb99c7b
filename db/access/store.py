"""The SQL store behind station.access.operators.OperatorStore."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from db.access.models import OperatorRow
from db.recording.store import Database
from db.rows import aware
from station.access.operators import Operator
from station.access.roles import Role

operators_t = OperatorRow.__table__


def _operator(row) -> Operator:  # type: ignore[no-untyped-def]  # a Row of operators_t
    return Operator(
        row.id,
        row.name,
        Role(row.role),
        row.pin_hash,
        row.failures,
        aware(row.locked_until),
        aware(row.created_at),
    )


@dataclass
class SqlOperatorStore:
    connection: Connection
    site: str

    def operators(self) -> list[Operator]:
        query = select(operators_t).where(operators_t.c.site == self.site)
        return [_operator(row) for row in self.connection.execute(query)]

    def by_name(self, name: str) -> Operator | None:
        query = select(operators_t).where(
            operators_t.c.site == self.site, operators_t.c.name == name
        )
        row = self.connection.execute(query).first()
        return _operator(row) if row else None

    def save(self, operator: Operator) -> None:
        values = {
            "name": operator.name,
            "role": operator.role.value,
            "pin_hash": operator.pin_hash,
            "failures": operator.failures,
            "locked_until": operator.locked_until,
        }
        changed = self.connection.execute(
            update(operators_t)
            .where(operators_t.c.site == self.site, operators_t.c.id == operator.id)
            .values(**values)
        ).rowcount
        if not changed:
            self.connection.execute(
                insert(operators_t).values(
                    site=self.site, id=operator.id, created_at=operator.created_at, **values
                )
            )

    def commit(self) -> None:
        self.connection.commit()


def operator_unit_of_work(
    database: Database,
) -> Callable[[], AbstractContextManager[SqlOperatorStore]]:
    @contextmanager
    def uow() -> Iterator[SqlOperatorStore]:
        with database.transaction() as connection:
            yield SqlOperatorStore(connection, database.site)

    return uow
