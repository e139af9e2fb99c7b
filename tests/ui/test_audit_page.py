"""The auditor's page on a real station: Ctrl+8 opens it, a search by operator typed like a
scanner, a verify that names a tampered entry, an export that is itself in the trail."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtTest import QTest

from app.gui import build_window
from app.wiring import open_station
from scanner import type_scan
from station.audit.trail import AuditAction, AuditEntry
from ui.audit import AuditPage
from ui.feedback import Feedback


def test_search_verify_and_export_from_the_window(qtbot, tmp_path: Path) -> None:  # type: ignore
    path = tmp_path / "station.sqlite3"
    station = open_station(database_url=f"sqlite:///{path}")
    assert station.audit is not None
    for i in range(6):
        station.audit.append(
            AuditEntry(
                datetime.now(UTC), f"op-{i % 2}", "site_lead", AuditAction.VIEW_FULL, f"person-{i}"
            )
        )
    window = build_window(station, Feedback(tmp_path / "sounds", "zh", speech=False))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.field.setFocus()
    assert "Ctrl+8 审计日志" in window.pages_label.text()
    shortcuts = {s.key().toString(): s for s in window.findChildren(QShortcut)}
    shortcuts["Ctrl+8"].activated.emit()  # offscreen Qt maps no Ctrl+digit: see test_real_window
    page = window.stack.currentWidget()
    assert isinstance(page, AuditPage)
    type_scan(page.operator, "op-1")
    assert page.table.rowCount() == 3
    assert [page.table.item(r, 5).text() for r in range(3)] == ["person-1", "person-3", "person-5"]
    page.check()
    assert "校验通过" in page.status.text()
    out = tmp_path / "audit.json"
    assert page.export_to(out) == 3
    exported = json.loads(out.read_text("utf-8"))
    assert [r["target"] for r in exported] == ["person-1", "person-3", "person-5"]
    raw = sqlite3.connect(path)
    raw.execute("DELETE FROM audit_entries WHERE seq = 2")
    raw.commit()
    raw.close()
    page.check()
    assert "entry 2 was removed" in page.status.text()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    station.close()
