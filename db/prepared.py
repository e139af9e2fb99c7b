"""Statements for hot paths: built with SQLAlchemy Core, compiled once per dialect, run
straight on the driver's cursor.

A statement executed through SQLAlchemy costs about 150 µs of Python on top of the 25 µs
SQLite itself needs; call_next runs eight of them while a person waits at the table. Here
the compiled SQL string, the order of its parameters and the type conversions (SQLAlchemy's
own bind and result processors, so values are stored and read exactly as elsewhere) are
worked out once, and each run is one driver call.

Runs inside the caller's SQLAlchemy transaction, begun explicitly (Database.transaction):
the driver connection is the one the SQLAlchemy Connection holds, so BEGIN IMMEDIATE /
FOR UPDATE and the commit stay theirs. Errors come as the driver's own exceptions, not
wrapped by SQLAlchemy. Statements that need SQLAlchemy at run time (Python-side column
defaults, expanding IN lists, computed parameters) are refused when compiled.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Executable
from sqlalchemy.sql.selectable import SelectBase

Processor = Callable[[Any], Any] | None


@dataclass
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # positional drivers (SQLite): parameter names in order
    fixed: dict[str, Any]  # values the statement itself carries (literals bound as parameters)
    binds: dict[str, Processor]
    row: type | None  # a named tuple of the selected columns
    # Worked out at the first run: a driver's result processors depend on the column types
    # its cursor reports (PostgreSQL's type codes).
    results: tuple[Processor, ...] | None = None


class Prepared:
    """One statement; `rows`, `first`, `scalar` or `run` it on a Connection."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._by_dialect: dict[tuple[str, str, str], _Compiled] = {}

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        sql = compiled.string
        if (
            "POSTCOMPILE" in sql
            or compiled.insert_prefetch
            or compiled.update_prefetch
            or compiled.escaped_bind_names
            or any(bind.callable is not None for bind in compiled.binds.values())
        ):
            raise ValueError(f"needs SQLAlchemy at run time, cannot be prepared once: {sql}")
        binds = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for name, bind in compiled.binds.items()
        }
        fixed = {
            name: bind.value
            for name, bind in compiled.binds.items()
            if not bind.required and bind.callable is None
        }
        row = None
        if isinstance(self.statement, SelectBase):
            # An unnamed expression (count(*)) is reached by position only.
            keys = [c.key or f"c{i}" for i, c in enumerate(self.statement.selected_columns)]
            row = namedtuple("Row", keys)  # type: ignore[misc]  # fields known at run time only
        names = tuple(compiled.positiontup) if compiled.positional else None
        return _Compiled(sql, names, fixed, binds, row)

    def _results(self, dialect: Dialect, cursor: Any) -> tuple[Processor, ...]:
        columns = self.statement.selected_columns  # type: ignore[attr-defined]  # a SELECT's
        return tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, described[1])
            for column, described in zip(columns, cursor.description, strict=True)
        )

    def _for(self, dialect: Dialect) -> _Compiled:
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        compiled = self._by_dialect.get(key)
        if compiled is None:
            compiled = self._by_dialect[key] = self._compile(dialect)
        return compiled

    def _execute(self, connection: Connection, params: Mapping[str, Any]) -> tuple[_Compiled, Any]:
        compiled = self._for(connection.dialect)
        values = {**compiled.fixed, **params}
        for name, process in compiled.binds.items():
            if process is not None:
                values[name] = process(values[name])
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]  # open
        if compiled.names is None:
            cursor.execute(compiled.sql, values)
        else:
            cursor.execute(compiled.sql, [values[name] for name in compiled.names])
        return compiled, cursor

    def tuples(self, connection: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows as plain tuples, in the order of the selected columns."""
        compiled, cursor = self._execute(connection, params)
        try:
            if compiled.results is None:
                compiled.results = self._results(connection.dialect, cursor)
            results, raw_rows = compiled.results, cursor.fetchall()
        finally:
            cursor.close()
        if not any(results):
            return raw_rows
        return [
            tuple(value if p is None else p(value) for p, value in zip(results, raw, strict=True))
            for raw in raw_rows
        ]

    def rows(self, connection: Connection, params: Mapping[str, Any]) -> list[Any]:
        """The rows as named tuples: a column's value by its key."""
        make = self._for(connection.dialect).row
        assert make is not None, "only a SELECT returns rows"
        return [make(*raw) for raw in self.tuples(connection, params)]

    def first(self, connection: Connection, params: Mapping[str, Any]) -> Any | None:
        rows = self.rows(connection, params)
        return rows[0] if rows else None

    def scalar(self, connection: Connection, params: Mapping[str, Any]) -> Any:
        row = self.first(connection, params)
        return row[0] if row is not None else None

    def run(self, connection: Connection, params: Mapping[str, Any]) -> int:
        """An INSERT, UPDATE or DELETE; the number of rows it touched."""
        _, cursor = self._execute(connection, params)
        try:
            return cursor.rowcount
        finally:
            cursor.close()
