"""Every text field of the access dialogs fed hostile text key by key: formulas, 5,000
characters, control and direction characters, SQL. Nothing crashes, nothing is written that
should not be, and the operator reads a clear message (issue 14, security tests)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from app.gui_access import first_start
from app.wiring import Station, open_station
from fakes_access import ListAuditTrail, fast_pins
from scanner import type_scan
from station.access.exports import clean_reason
from station.access.roles import Role
from station.audit.query import AuditQuery
from station.core.settings import settings_path
from ui.access.dialogs import LoginDialog, SetupDialog
from ui.audit.page import AuditPage
from ui.lab.recall_page import RecallPage, reason_dialog

HOSTILE = {
    "formula": '=HYPERLINK("http://evil","点我")',
    "plus": "+1+cmd|' /C calc'!A0",
    "at": "@SUM(A1:A9)",
    "long": "长" * 5000,
    "control": "乙\x00录\x07入\x1b[31m",
    "bidi": "乙\u202e入录\u2066",
    "zero_width": "乙\u200b录入",
    "sql": "'; DROP TABLE operators;--",
    "sql_or": '" OR 1=1 --',
}
PINS = {"甲管理": "900001", "丙站长": "900003"}
ODD = ("Cc", "Cf")  # control and direction characters: none may be kept anywhere


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    station = open_station(database_url=f"sqlite:///{tmp_path / 'station.sqlite3'}", table="3")
    assert station.access is not None
    station.access.pins = fast_pins()
    station.access.audit = station.export_policy.audit = ListAuditTrail()  # type: ignore[union-attr]
    station.access.add("甲管理", PINS["甲管理"], Role.ADMIN)
    station.access.add("丙站长", PINS["丙站长"], Role.SITE_LEAD)
    yield station
    station.close()


def no_odd(text: str) -> bool:
    return not any(unicodedata.category(ch) in ODD for ch in text)


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("locked_by", ["", "甲管理"])
def test_the_log_in_and_lock_dialog(qtbot, station: Station, kind: str, locked_by: str) -> None:  # type: ignore[no-untyped-def]
    assert station.access is not None
    before = [(o.id, o.name, o.failures) for o in station.access.operators()]
    dialog = LoginDialog(station.access.log_in, locked_by=locked_by)
    qtbot.addWidget(dialog)
    for name, pin in ((HOSTILE[kind], "900001"), ("甲管理", HOSTILE[kind])):
        type_scan(dialog.name, name, enter=False)
        type_scan(dialog.pin, pin)
        assert dialog.session is None and dialog.error.text() == "姓名或 PIN 不对"
        assert dialog.pin.text() == "" and not dialog.result()
        dialog.name.clear()
    after = [(o.id, o.name, o.failures) for o in station.access.operators()]
    assert [a[:2] for a in after] == [b[:2] for b in before]  # no account made or renamed
    trail = station.access.audit.entries  # type: ignore[attr-defined]
    assert all(HOSTILE[kind][:8] not in repr(e) for e in trail)  # the typed text is not kept
    type_scan(dialog.name, "甲管理", enter=False)
    type_scan(dialog.pin, PINS["甲管理"])  # and the dialog still works
    assert dialog.session is not None and dialog.session.name == "甲管理"


FIELDS = ("site", "table", "name", "pin", "again")
GOOD = {"site": "幸福里采样点", "table": "3", "name": "王站长", "pin": "2468", "again": "2468"}


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("field", FIELDS)
def test_the_first_start_set_up(qtbot, tmp_path: Path, field: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    fresh = open_station(database_url=url)
    seen: list[tuple[str, bool]] = []
    values = {**GOOD, field: HOSTILE[kind]}
    held: dict[str, str] = {}

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(20, drive)
            return
        for name in FIELDS:
            edit: QLineEdit = getattr(dialog, name)
            edit.clear()
            type_scan(edit, values[name], enter=False)
            held[name] = edit.text()  # a line edit takes no control character from a key
        dialog.accept()
        seen.append((dialog.error.text(), dialog.isVisible()))
        if dialog.isVisible():
            dialog.reject()  # refused, then abandoned: nothing may have been written

    QTimer.singleShot(20, drive)
    result = first_start(fresh, {"database_url": url})
    ((message, still_open),) = seen
    if not still_open:  # taken: only what is fit to show and print was kept
        assert result is not None and result.access is not None
        try:
            (admin,) = result.access.operators()
            site = result.settings.site_name
            assert (site, admin.name) == (" ".join(held["site"].split()), held["name"].strip())
            assert (
                no_odd(site + admin.name) and site[0] not in "=+-@" and admin.name[0] not in "=+-@"
            )
            assert kind in ("control", "sql", "sql_or") and field in ("site", "name", "table")
        finally:
            result.close()
        return
    assert result is None
    assert message and no_odd(message) and len(message) < 80  # one clear line, nothing echoed
    assert HOSTILE[kind][:6] not in message
    assert not settings_path().exists()  # no site saved
    again = open_station(database_url=url)
    try:
        assert again.access is not None and not again.access.has_accounts()
    finally:
        again.close()


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_export_reason_dialog(qtbot, station: Station, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    assert station.access is not None
    station.gate.switch(station.access.log_in("丙站长", PINS["丙站长"]))
    page = RecallPage(station.lab.recall, tmp_path / "exports", exports=station.export_policy)  # type: ignore[union-attr]
    qtbot.addWidget(page)

    typed: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        edit = dialog.findChild(QLineEdit)
        type_scan(edit, HOSTILE[kind], enter=False)
        typed.append(edit.text())
        type_scan(edit, "")  # Enter

    page.ask_reason = reason_dialog  # the real prompt
    QTimer.singleShot(20, answer)
    path = page.export(full_phones=False)
    assert path is not None
    mark = load_workbook(path).active.cell(1, 1).value
    (entry,) = [e for e in station.export_policy.audit.entries if e.action.value == "export"]  # type: ignore[union-attr]
    assert entry.reason == clean_reason(typed[0]) and entry.reason != ""
    assert no_odd(entry.reason) and no_odd(mark) and len(entry.reason) <= 100
    assert f"事由 {entry.reason} ·" in mark and entry.reason[0] not in "=+-@"  # formulas stay text


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_auditors_search_field(qtbot, kind: str) -> None:  # type: ignore[no-untyped-def]
    asked: list[AuditQuery] = []
    page = AuditPage(lambda q: asked.append(q) or [], lambda: (0, []), lambda p, q: 0)
    qtbot.addWidget(page)
    type_scan(page.operator, HOSTILE[kind])  # Enter searches
    # compared exactly with the entries' operator ids, never put in SQL: nothing matches
    assert asked and asked[-1].operator == page.operator.text().strip()
    assert page.status.text() == "共 0 条" and page.table.rowCount() == 0
