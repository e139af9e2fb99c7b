"""Build the station's services from its settings: the one place that knows every layer."""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from sqlalchemy.engine import make_url

from app.access_wiring import attach_access
from app.lab_wiring import Lab, build_lab
from app.queue_wiring import QueueParts, build_queue
from app.roster_wiring import RosterAddressBook, RosterServices, build_roster
from db import cipher
from db.audit.store import SqlAuditTrail
from db.engine import normalise_url
from db.lab.lookup_store import lookup_unit_of_work
from db.recording.store import Database
from db.site import SqlSiteWork
from db.training import guard
from station.access.exports import ExportPolicy
from station.access.operators import AccessService
from station.access.session import Gate
from station.audit.keys import StationKey
from station.core.errors import OperatorError
from station.core.passphrase import ENV as PASSPHRASE_ENV
from station.core.pooling import PoolingMode
from station.core.settings import (
    Settings,
    data_dir,
    default_database_url,
    load_settings,
    training_database_url,
)
from station.recording import RecordingService
from station.training import WATERMARK, LiveGuard, TrainingCodes, training_settings


@dataclass
class Station:
    """Everything one running station holds. Features add a field each, built in open_station."""

    settings: Settings
    database: Database
    recording: RecordingService[SqlSiteWork]
    lab: Lab  # boxes, results, recalls (issue 4)
    roster: RosterServices  # roster, rounds, coverage, households (issue 5)
    queue: QueueParts  # tickets, calls, the display (issue 3)
    audit: SqlAuditTrail  # the chained, signed audit trail (issue 14)
    gate: Gate = field(default_factory=Gate)  # who is signed in; every door asks it (issue 14)
    # Set by app.access_wiring.attach_access, before open_station returns (issue 14):
    access: AccessService = field(init=False)  # operators, log-in, lock-out
    export_policy: ExportPolicy = field(init=False)  # who may export, the watermark

    def close(self) -> None:
        self.audit.close()  # a signed checkpoint over what this run appended
        self.database.dispose()


def open_station(
    settings: Settings | None = None, ask: Callable[[], str] | None = None, **overrides: object
) -> Station:
    """`ask`: how to get the site passphrase of an encrypted file when NAT_STATION_PASSPHRASE
    is not set (the terminal's prompt by default; the window passes a dialog)."""
    settings = settings or load_settings()
    if overrides:
        settings = replace(settings, **overrides)  # type: ignore[arg-type]
    if settings.training:  # issue 15: a sandbox database, training barcodes only
        settings = training_settings(settings)
        url = settings.database_url or training_database_url()
        from ui.pdf import set_watermark  # Qt's painting loads only for training

        set_watermark(WATERMARK)  # every page this process prints says so
    else:
        url = settings.database_url or default_database_url()
    settings = replace(settings, database_url=url)
    if settings.encrypted:
        unlock_file(url, ask or _prompt)
    database = Database(url, settings.site_name, partial(guard, training=settings.training))
    # One site unit of work (db.site) for every feature: a scan's handlers share it.
    recording = RecordingService(database.unit_of_work, settings)
    # Features build their services and their scan handlers (recording.handlers) here.
    roster = build_roster(database, settings)
    # The recall list shows where a recalled person lives, from the roster.
    lab = build_lab(
        database.unit_of_work,
        recording,
        addresses=RosterAddressBook(roster.uow),
        lookup=lookup_unit_of_work(database),
    )
    queue = build_queue(database, recording)
    # Before every feature: training codes never reach real data, nor real codes a drill.
    recording.handlers.append(TrainingCodes() if settings.training else LiveGuard())
    recording.handlers.extend(lab.handlers)
    recording.handlers.append(roster.households)
    recording.handlers.append(queue.handler)
    audit = SqlAuditTrail(database, StationKey.load_or_create(data_dir()))
    station = Station(settings, database, recording, lab, roster, queue, audit)
    recording.gate = station.gate
    try:
        attach_access(station)  # a headless command signs in here, or is refused
        station.lab.recall.disclose = station.export_policy.viewed_full
    except BaseException:
        station.close()
        raise
    return station


def unlock_file(url: str, ask: Callable[[], str]) -> None:
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise OperatorError(
            "只有 SQLite 数据库文件可以加密",
            "Only an SQLite station file can be encrypted",
            code="encrypt_sqlite_only",
        )
    cipher.unlock(parsed.database, os.environ.get(PASSPHRASE_ENV) or ask())


def _prompt() -> str:
    return getpass.getpass("站点口令 / site passphrase: ")


def station_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--table", help="table number (采样台号)")
    parser.add_argument("--recorder", help="recorder name (录入员)")
    parser.add_argument(
        "--mode", type=int, choices=[int(m) for m in PoolingMode], help="default pooling mode"
    )
    parser.add_argument("--db", help="database URL (overrides NAT_STATION_DB and settings)")


def training_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--training",
        action="store_true",
        help="training mode (培训模式): a sandbox database, training barcodes, marked prints",
    )


def station_overrides(args: argparse.Namespace) -> dict[str, object]:
    chosen = {
        "table": getattr(args, "table", None),
        "recorder": getattr(args, "recorder", None),
        "default_mode": getattr(args, "mode", None),
        "database_url": getattr(args, "db", None),
        "training": True if getattr(args, "training", False) else None,
    }
    if chosen["training"] and chosen["database_url"] is None:
        # Not the configured database (NAT_STATION_DB, settings.toml): that is the real one.
        chosen["database_url"] = training_database_url()
    return {key: value for key, value in chosen.items() if value is not None}
