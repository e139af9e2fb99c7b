"""The auditor's page in the recorder window (Ctrl+8), wired to the station's audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.cli_audit import export_entries
from app.wiring import Station
from station.audit.query import AuditQuery, search

if TYPE_CHECKING:
    from ui.audit import AuditPage

KEY = "Ctrl+8"


def audit_title() -> str:
    return QCoreApplication.translate("AuditPage", "审计日志")


def audit_page(station: Station) -> AuditPage:
    """Built when Ctrl+8 is first pressed (its module imported then); needs the station's trail."""
    from ui.audit import AuditPage

    trail = station.audit
    assert trail is not None

    def export(path: Path, query: AuditQuery) -> int:
        return export_entries(station, path, query, as_csv=path.suffix.lower() == ".csv")

    return AuditPage(lambda query: list(search(trail.entries(), query)), trail.verify, export)
