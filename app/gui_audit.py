"""The auditor's page in the recorder window (Ctrl+8), wired to the station's audit trail."""

from __future__ import annotations

from pathlib import Path

from app.cli_audit import export_entries
from app.wiring import Station
from station.audit.query import AuditQuery, search
from ui.audit_page import AuditPage

KEY = "Ctrl+8"


def audit_page(station: Station) -> AuditPage | None:
    trail = station.audit
    if trail is None:
        return None

    def export(path: Path, query: AuditQuery) -> int:
        return export_entries(station, path, query, as_csv=path.suffix.lower() == ".csv")

    return AuditPage(lambda query: list(search(trail.entries(), query)), trail.verify, export)
