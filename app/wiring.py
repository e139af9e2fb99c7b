"""Build the station's services from its settings: the one place that knows every layer."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace

from app.queue_wiring import QueueParts, build_queue
from app.roster_wiring import RosterAddressBook, RosterServices, build_roster
from db.audit_store import SqlAuditTrail
from db.lab_store import lab_unit_of_work
from db.lookup_store import lookup_unit_of_work
from db.store import Database
from station.audit_keys import StationKey
from station.lab import Lab, build_lab
from station.pooling import PoolingMode
from station.recording import RecordingService
from station.settings import Settings, data_dir, default_database_url, load_settings


@dataclass
class Station:
    """Everything one running station holds. Features add a field each, built in open_station."""

    settings: Settings
    database: Database
    recording: RecordingService
    lab: Lab | None = None  # boxes, results, recalls (issue 4)
    roster: RosterServices | None = None  # roster, rounds, coverage, households (issue 5)
    queue: QueueParts | None = None  # tickets, calls, the display (issue 3)
    audit: SqlAuditTrail | None = None  # the chained, signed audit trail (issue 14)

    def close(self) -> None:
        if self.audit is not None:
            self.audit.close()  # a signed checkpoint over what this run appended
        self.database.dispose()


def open_station(settings: Settings | None = None, **overrides: object) -> Station:
    settings = settings or load_settings()
    if overrides:
        settings = replace(settings, **overrides)  # type: ignore[arg-type]
    database = Database(settings.database_url or default_database_url(), settings.site_name)
    recording = RecordingService(database.unit_of_work, settings)
    station = Station(settings, database, recording)
    # Features attach their services and their scan handlers (recording.handlers) here.
    station.roster = build_roster(database, settings)
    # The recall list shows where a recalled person lives, from the roster.
    station.lab = build_lab(
        lab_unit_of_work(database),
        recording,
        addresses=RosterAddressBook(station.roster.uow),
        lookup=lookup_unit_of_work(database),
    )
    recording.handlers.extend(station.lab.handlers)
    recording.handlers.append(station.roster.households)
    station.queue = build_queue(database, recording)
    recording.handlers.append(station.queue.handler)
    station.audit = SqlAuditTrail(database, StationKey.load_or_create(data_dir()))
    return station


def station_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--table", help="table number (采样台号)")
    parser.add_argument("--recorder", help="recorder name (录入员)")
    parser.add_argument(
        "--mode", type=int, choices=[int(m) for m in PoolingMode], help="default pooling mode"
    )
    parser.add_argument("--db", help="database URL (overrides NAT_STATION_DB and settings)")


def station_overrides(args: argparse.Namespace) -> dict[str, object]:
    chosen = {
        "table": getattr(args, "table", None),
        "recorder": getattr(args, "recorder", None),
        "default_mode": getattr(args, "mode", None),
        "database_url": getattr(args, "db", None),
    }
    return {key: value for key, value in chosen.items() if value is not None}
