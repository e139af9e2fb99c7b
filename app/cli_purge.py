"""`nat-station purge --before DATE`: personal data past retention removed, the counts kept."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime
from pathlib import Path

from app.wiring import Station, open_station, station_options, station_overrides
from db.purge_store import (
    compact,
    due,
    purge_boxes,
    purge_people,
    purge_tickets,
    secure_deletes,
)
from station.audit.trail import AuditAction, AuditEntry
from station.core.retention import PurgeResult, cutoff
from station.core.settings import data_dir

# Where the station itself writes files with personal data in them (exports, slips, tickets).
FILE_FOLDERS = ("exports", "slips", "tickets")


def purge_station(station: Station, before: datetime, operator: str = "headless") -> PurgeResult:
    secure_deletes(station.database)
    with station.database.transaction() as connection:
        ids = due(connection, before)
        purge_people(connection, ids)
        tickets = purge_tickets(connection, before)
        boxes = purge_boxes(connection, before)
        connection.commit()
    files = _remove_files(data_dir(), before)
    result = PurgeResult(len(ids), tickets, boxes, files)
    assert station.audit is not None
    station.audit.append(
        AuditEntry(
            datetime.now(UTC),
            operator,
            "site_lead",
            AuditAction.PURGE,
            f"before {before.date().isoformat()}",
            "retention",
            result.people,
        )
    )
    compact(station.database)
    return result


def _remove_files(folder: Path, before: datetime) -> int:
    removed = 0
    for name in FILE_FOLDERS:
        where = folder / name
        for path in sorted(where.rglob("*")) if where.is_dir() else []:
            # A link is left alone: purging never deletes outside the station's folders.
            old = path.stat(follow_symlinks=False).st_mtime < before.timestamp()
            if old and path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
    return removed


def purge(args: argparse.Namespace) -> int:
    station = open_station(**station_overrides(args))
    try:
        try:
            moment = cutoff(args.before, station.settings.retention_days, date.today())
        except ValueError as error:
            print(f"purge: {error}")
            return 2
        result = purge_station(station, moment)
    finally:
        station.close()
    data = {"before": moment.date().isoformat(), **result.__dict__}
    print(
        json.dumps(data)
        if args.json
        else f"已清除 {result.people} 人的个人信息（{data['before']} 之前），"
        f"{result.tickets} 张号票，{result.boxes} 个转运交接，{result.files} 个文件"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p_purge = sub.add_parser("purge", help="remove personal data past retention, keep the counts")
    station_options(p_purge)
    p_purge.add_argument(
        "--before",
        type=date.fromisoformat,
        help="purge people whose last test is before this day (YYYY-MM-DD)",
    )
    p_purge.add_argument("--json", action="store_true", help="one JSON object")
    p_purge.set_defaults(func=purge)
