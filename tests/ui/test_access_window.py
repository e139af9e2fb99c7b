"""The window's doors behind the role: page keys, correction keys, command barcodes, the
recall's export button; log-in, handover, idle lock and first start (issue 14)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.gui import build_window
from app.gui_access import IdleLock, first_start
from app.wiring import Station, open_station
from db.recording.models import EventRow
from fakes_access import ListAuditTrail, fast_pins
from scanner import type_scan
from station.access.roles import Role
from station.audit.trail import AuditAction
from station.core.settings import load_settings
from ui.access.dialogs import LoginDialog, SetupDialog
from ui.feedback import Feedback
from ui.lab.recall_page import RecallPage

PINS = {"甲管理": "900001", "乙录入": "900002", "丙站长": "900003", "丁录入": "900004"}
ROLES = {
    "甲管理": Role.ADMIN,
    "乙录入": Role.ENTRY_ONLY,
    "丙站长": Role.SITE_LEAD,
    "丁录入": Role.RECORDER,
}
ID_1, ID_2 = "11010519491231002X", "110105198001010016"


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    station = open_station(database_url=f"sqlite:///{tmp_path / 'station.sqlite3'}", table="3")
    assert station.access is not None
    station.access.pins = fast_pins()
    station.access.audit = station.export_policy.audit = ListAuditTrail()  # type: ignore[union-attr]
    for name, role in ROLES.items():
        station.access.add(name, PINS[name], role)
    yield station
    station.close()


def sign_in(station: Station, name: str) -> None:
    assert station.access is not None
    station.gate.switch(station.access.log_in(name, PINS[name]))


@pytest.fixture
def window(qtbot, station: Station, tmp_path: Path):  # type: ignore[no-untyped-def]
    sign_in(station, "乙录入")
    window = build_window(station, Feedback(tmp_path / "sounds", "zh", speech=False))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.field.setFocus()
    return window


def shortcut(window, key: str) -> QShortcut:  # type: ignore[no-untyped-def]
    return next(s for s in window.findChildren(QShortcut) if s.key().toString() == key)


def test_a_page_key_shows_a_notice_not_the_page(window, station: Station) -> None:  # type: ignore[no-untyped-def]
    shortcut(window, "Ctrl+2").activated.emit()
    page = window.stack.currentWidget()
    assert isinstance(page, RecallPage) and not page.isEnabled()
    notice = next(c for c in page.children() if getattr(c, "text", None) and "无权" in c.text())
    assert notice.isVisible() and "录入员（仅录入）无权查看此页" in notice.text()
    sign_in(station, "丙站长")  # the site lead takes over: the same page, open
    assert page.isEnabled() and not notice.isVisible()


def test_the_reopen_key_is_refused_before_any_dialog(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.field, Qt.Key.Key_F10)
    assert QApplication.activeModalWidget() is None
    assert window.last_outcome.code == "forbidden" and "无权" in window.band.text()


def test_the_reopen_command_barcode_is_refused(window, station: Station) -> None:  # type: ignore[no-untyped-def]
    type_scan(window.field, "1234567890")
    type_scan(window.field, "NATCMD:SEAL")
    type_scan(window.field, "NATCMD:REOPEN")
    assert window.last_outcome.code == "forbidden"
    type_scan(window.field, "1234567890")
    type_scan(window.field, "1234567890")
    assert window.last_outcome.code != "tube_reopened"


def test_the_recall_export_button_is_the_site_leads_with_a_reason(  # type: ignore[no-untyped-def]
    window, station: Station, tmp_path: Path
) -> None:
    page = window.page("Ctrl+2")
    assert isinstance(page, RecallPage)
    page.ask_reason = lambda _parent: "流调核查"
    sign_in(station, "甲管理")  # the admin sees the recall but exports nothing
    assert page.export(full_phones=False) is None and "无权导出名单" in page.note.text()
    sign_in(station, "丙站长")
    page.ask_reason = lambda _parent: None  # the reason prompt cancelled: nothing written
    assert page.export(full_phones=False) is None
    page.ask_reason = lambda _parent: "流调核查"
    path = page.export(full_phones=False)
    assert path is not None and path.exists()
    from openpyxl import load_workbook

    book = load_workbook(path)
    first = book.active.cell(1, 1).value
    assert first.startswith("导出人 丙站长 · ") and "事由 流调核查" in first
    assert book.properties.description == first
    audit = station.export_policy.audit.entries  # type: ignore[union-attr]
    (entry,) = [e for e in audit if e.action is AuditAction.EXPORT]
    assert entry.count == 0 and entry.reason == "流调核查" and entry.role == "site_lead"


def test_a_handover_keeps_the_open_tube_and_stamps_the_new_name(  # type: ignore[no-untyped-def]
    qtbot, window, station: Station
) -> None:
    sign_in(station, "丁录入")
    type_scan(window.field, "1234567890")
    type_scan(window.field, ID_1)
    assert "丁录入" in window.header.text()
    fill_login(qtbot, "乙录入", PINS["乙录入"])
    shortcut(window, "Ctrl+L").activated.emit()  # lock; the next operator signs in
    assert station.gate.session.name == "乙录入" and "乙录入" in window.header.text()
    type_scan(window.field, ID_2)
    assert window.last_outcome.code == "person_added" and window.last_outcome.count == 2
    with station.database.transaction() as connection:
        rows = connection.execute(
            select(EventRow.kind, EventRow.recorder).order_by(EventRow.seq)
        ).all()
    recorders = [r for _, r in rows]
    first_b = recorders.index("乙录入")
    assert set(recorders[:first_b]) == {"丁录入"} and set(recorders[first_b:]) == {"乙录入"}
    assert rows[0].kind == "tube_opened" and first_b >= 2  # the tube and the first person
    assert "录入员" not in window.header.text().replace("录入员 乙录入", "")


def fill_login(qtbot, name: str, pin: str, after: Callable[[], None] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Type into the log-in dialog once it is up (it is modal: a timer drives it)."""

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, drive)
            return
        type_scan(dialog.name, name, enter=False)
        type_scan(dialog.pin, pin)

    QTimer.singleShot(20, drive)


def test_the_idle_lock_asks_for_a_pin_and_refuses_a_wrong_one(  # type: ignore[no-untyped-def]
    qtbot, window, station: Station
) -> None:
    (idle,) = [c for c in window.children() if isinstance(c, IdleLock)]
    errors: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, drive)
            return
        if not errors:
            type_scan(dialog.name, "乙录入", enter=False)
            type_scan(dialog.pin, "000000")  # wrong: the dialog stays, in red
            errors.append(dialog.error.text())
            assert dialog.pin.text() == ""
            QTimer.singleShot(20, drive)
            return
        type_scan(dialog.pin, PINS["乙录入"])

    idle.timer.setInterval(50)
    idle.timer.start()
    QTimer.singleShot(20, drive)
    qtbot.waitUntil(
        lambda: len(errors) == 1 and station.gate.session is not None and not idle.locking,
        timeout=5000,
    )
    idle.timer.stop()
    assert errors == ["姓名或 PIN 不对"]


HOSTILE = [
    "'; DROP TABLE operators;--",
    '=HYPERLINK("http://x")',
    "乙\u202e录入",
    "a\x00b\x1b",
    "长" * 300,
    "录入员",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_the_login_dialog_is_refused(qtbot, station: Station, text: str) -> None:  # type: ignore[no-untyped-def]
    assert station.access is not None
    dialog = LoginDialog(station.access.log_in)
    qtbot.addWidget(dialog)
    type_scan(dialog.name, text, enter=False)
    type_scan(dialog.pin, text[:16])
    assert dialog.session is None and dialog.error.text() == "姓名或 PIN 不对"


def test_first_start_sets_up_the_site_and_its_admin_refusing_hostile_text(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    fresh = open_station(database_url=url)
    refusals: list[str] = []
    attempts = [
        (site, "3", name, "2468")
        for site, name in [
            ("=cmd|'/C calc'!A0", "王站长"),
            ("幸福里\u202e采样点", "王站长"),
            ("幸福里采样点", "'; DROP TABLE x;--" * 3),
            ("幸福里采样点", "录入员"),
            ("幸福里采样点", ""),
            ("", "王站长"),
        ]
    ]
    attempts.append(("幸福里采样点", "3", "王站长", "2468"))

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(20, drive)
            return
        site, table, name, pin = attempts.pop(0)
        for field, text in (
            (dialog.site, site),
            (dialog.table, table),
            (dialog.name, name),
            (dialog.pin, pin),
            (dialog.again, pin),
        ):
            field.clear()
            type_scan(field, text, enter=False)
        dialog.accept()
        if attempts:
            refusals.append(dialog.error.text())
            QTimer.singleShot(20, drive)

    QTimer.singleShot(20, drive)
    station = first_start(fresh, {"database_url": url})
    assert station is not None
    try:
        assert len(refusals) == 6 and all(refusals)
        assert refusals[0].startswith("采样点名称：") and "录入员" in refusals[3]
        assert station.gate.session is not None and station.gate.session.role is Role.ADMIN
        assert [o.name for o in station.access.operators()] == ["王站长"]  # type: ignore[union-attr]
        saved = load_settings()
        assert (saved.site_name, saved.table) == ("幸福里采样点", "3")
        assert station.recording.settings.recorder == "王站长"
    finally:
        station.close()


def test_the_recalls_full_phone_is_the_site_leads_and_audited(  # type: ignore[no-untyped-def]
    qtbot, station: Station, people, tmp_path: Path
) -> None:
    from lab_support import fill_tube, lab, tube

    sign_in(station, "丁录入")
    fill_tube(station, people, tube(1), 3)
    sheet = tmp_path / "lab.csv"
    sheet.write_text(f"条码,结果\n{tube(1)},阳性\n", encoding="utf-8")
    lab(station).results.import_file(sheet)
    page = RecallPage(lab(station).recall, tmp_path / "exports", exports=station.export_policy)
    page.refresh()
    qtbot.addWidget(page)
    page.table.selectRow(0)
    trail = station.export_policy.audit.entries  # type: ignore[union-attr]
    for who in ("丁录入", "甲管理"):
        sign_in(station, who)
        assert page.reveal() is None and "无权查看完整号码" in page.note.text()
        assert not page.revealed.text()
    assert not [e for e in trail if e.action is AuditAction.VIEW_FULL]
    sign_in(station, "丙站长")
    phone = page.reveal()
    assert phone and phone in page.revealed.text() and "*" not in phone
    (seen,) = [e for e in trail if e.action is AuditAction.VIEW_FULL]
    assert seen.role == "site_lead" and phone not in repr(seen) and len(seen.target) == 36
