"""Set-based inserts on PostgreSQL: a batch's rows as one JSON document, unpacked by the
server (`jsonb_to_recordset`).

One statement text whatever the batch's size and one parameter: psycopg neither parses a
query of thousands of placeholders per batch nor escapes each value into an array literal
(both were most of the ingest's time), the JSON is made by Python's C encoder and read by
PostgreSQL's, and the server prepares the statement once.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text

# PostgreSQL types of the columns the ingest writes.
TYPES = {
    "district": "text", "day": "date", "event_id": "text", "station_id": "text",
    "station_seq": "bigint", "source": "text", "kind": "text", "at": "timestamptz",
    "payload": "jsonb",
    "id": "text", "doc_type": "text", "doc_number": "text", "note": "text", "name": "text",
    "phone": "text", "single_only": "boolean", "updated_at": "timestamptz",
    "site": "text", "barcode": "text", "mode": "int", "status": "text", "count": "int",
    "table_no": "text", "recorder": "text", "round": "text", "opened_at": "timestamptz",
    "activated_at": "timestamptz", "sealed_at": "timestamptz", "under_filled": "boolean",
    "tube": "text", "person_id": "text", "added_at": "timestamptz", "removed_by": "text",
    "key": "text", "n": "int",
}  # fmt: skip


def _iso(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


Part = tuple[str, str]  # (a statement reading its rows from :{name}, the rows as JSON)


def _document(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, default=_iso, separators=(",", ":"))


def _recordset(columns: list[str], param: str) -> str:
    shape = ", ".join(f"{name} {TYPES[name]}" for name in columns)
    return f"jsonb_to_recordset(CAST(:{param} AS jsonb)) AS v({shape})"


def rows_of(table: str, rows: list[dict[str, Any]], tail: str = "RETURNING 1") -> Part | None:
    """An INSERT of `rows` for run_ctes (None: no rows)."""
    if not rows:
        return None
    names = ", ".join(rows[0])
    return (
        f"INSERT INTO {table} ({names}) SELECT {names} FROM {_recordset(list(rows[0]), '{p}')}"
        f" {tail}",
        _document(rows),
    )


def update_of(table: str, assign: str, keys: tuple[str, ...], rows: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    """An UPDATE of `table` AS t from `rows` (v), matched on `keys`, for run_ctes."""
    if not rows:
        return None
    match = " AND ".join(f"t.{k} = v.{k}" for k in keys)
    return (
        f"UPDATE {table} t SET {assign} FROM {_recordset(list(rows[0]), '{p}')} WHERE {match}"
        " RETURNING 1",
        _document(rows),
    )


def run_ctes(connection: Connection, parts: dict[str, Part | None], count: str) -> int:
    """All `parts` in one statement, each a data-modifying CTE (PostgreSQL runs every one,
    and checks foreign keys at the statement's end); how many rows part `count` returned."""
    present = {name: part for name, part in parts.items() if part is not None}
    if not present:
        return 0
    ctes = ", ".join(f"{name} AS ({sql.format(p=name)})" for name, (sql, _) in present.items())
    tally = f"(SELECT count(*) FROM {count})" if count in present else "0"
    statement = f"WITH {ctes} SELECT {tally}"
    params = {name: document for name, (_, document) in present.items()}
    return int(connection.execute(text(statement), params).scalar_one())
