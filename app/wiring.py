"""Build the station's services from its settings: the one place that knows every layer."""

from __future__ import annotations

from dataclasses import dataclass, replace

from db.store import Database
from station.recording import RecordingService
from station.settings import Settings, default_database_url, load_settings


@dataclass
class Station:
    settings: Settings
    database: Database
    recording: RecordingService

    def close(self) -> None:
        self.database.dispose()


def open_station(settings: Settings | None = None, **overrides: object) -> Station:
    settings = settings or load_settings()
    if overrides:
        settings = replace(settings, **overrides)  # type: ignore[arg-type]
    database = Database(settings.database_url or default_database_url(), settings.site_name)
    return Station(settings, database, RecordingService(database.unit_of_work, settings))
