"""Rows inserted at driver speed: COPY on PostgreSQL, one executemany on SQLite.

SQLAlchemy's per-row parameter processing costs more than the insert itself at a million
rows; the column types' own bind processors keep the stored form identical.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, DateTime, Table

__all__ = ["bulk_insert", "stored"]


def _processor(type_: Any, dialect: Any) -> Any:
    """The column type's bind processor; for a SQLite datetime without one, the adapter
    the sqlite3 driver would apply to each row itself (so it runs once per distinct value).
    None for a boolean on SQLite: the driver stores True and False as 1 and 0 itself, as
    the processor would."""
    if isinstance(type_, Boolean) and dialect.name == "sqlite":
        return None
    processor = type_.bind_processor(dialect)
    if processor is None and isinstance(type_, DateTime):
        processor = sqlite3.adapters.get((datetime, sqlite3.PrepareProtocol))
    return processor


def _processed(processor: Any, values: list[Any]) -> list[Any]:
    """`processor` over a column; a value object repeated in it (a batch's one timestamp,
    True and False) is processed once. Keyed by identity, which `values` keeps alive."""
    done: dict[int, Any] = {}
    out = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        key = id(value)
        if key not in done:
            done[key] = processor(value)
        out.append(done[key])
    return out


def bulk_insert(
    connection: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    *,
    ready: bool = False,
) -> None:
    """Insert `rows` (values of `columns`) into `table`.

    `ready`: the rows already hold what the driver stores (see `stored`), JSON as text.
    """
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _copy(connection, table, columns, rows, ready=ready)
        return
    values: list[tuple[Any, ...]] = (
        rows if ready else _processed_rows(connection, table, columns, rows)
    )
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", values)


def _copy(
    connection: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    *,
    ready: bool,
) -> None:
    """PostgreSQL's COPY, which takes the values as they are but JSON as text."""
    jsons = [] if ready else [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
    names = ", ".join(columns)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            if jsons:
                row = tuple(json.dumps(v) if i in jsons else v for i, v in enumerate(row))
            copy.write_row(row)


def _processed_rows(
    connection: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """The rows with each column through its type's bind processor, as SQLAlchemy would."""
    processed = [
        (index, processor)
        for index, column in enumerate(columns)
        if (processor := _processor(table.c[column].type, connection.dialect))
    ]
    if not processed:
        return rows
    # Column by column: one pass per processed column instead of a loop per cell.
    cells = [list(column) for column in zip(*rows, strict=True)]
    for index, processor in processed:
        cells[index] = _processed(processor, cells[index])
    return list(zip(*cells, strict=True))


def stored(connection: Connection, column: Any, value: Any) -> Any:
    """`value` as the driver stores it in `column` (COPY takes PostgreSQL's as they are)."""
    if connection.dialect.name == "postgresql":
        return value
    processor = _processor(column.type, connection.dialect)
    return processor(value) if processor else value
