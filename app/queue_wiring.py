"""Build the queue's service and scan handler on a Database (used by open_station)."""

from __future__ import annotations

from dataclasses import dataclass

from db.queue.store import queue_unit_of_work
from db.recording.store import Database
from station.core.scan import Table
from station.queue.config import QueueConfig, load_queue_config
from station.queue.scan import QueueScanHandler
from station.queue.service import QueueService


@dataclass
class QueueParts:
    service: QueueService
    handler: QueueScanHandler
    config: QueueConfig


def build_queue(
    database: Database, recording: Table, config: QueueConfig | None = None
) -> QueueParts:
    config = config or load_queue_config()
    # Tickets belong to the same testing round as the tubes the table records.
    service = QueueService(
        queue_unit_of_work(database),
        config,
        day=lambda: recording.stamp.round,
        reads=queue_unit_of_work(database, read_only=True),
    )
    return QueueParts(service, QueueScanHandler(service, recording.settings.language), config)
