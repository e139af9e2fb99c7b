"""Start the recorder window: Qt application, fonts, language, feedback and the station."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget
from sqlalchemy.exc import SQLAlchemyError

from app.gui_access import IdleLock, first_start, sign_in
from app.gui_audit import KEY as AUDIT_KEY
from app.gui_audit import audit_page, audit_title
from app.gui_sync import mount_sync
from app.wiring import Station, open_station
from db.lab.store import NOTIFY_CHANNEL as LAB_CHANNEL
from station.access.roles import Permission
from station.core.errors import OperatorError
from station.core.settings import data_dir, default_database_url
from station.queue.board import Board
from station.training import training_code
from ui.access import PageGuard
from ui.feedback import Feedback, no_audio_text, no_voice_text
from ui.i18n import install_translator
from ui.lab import RecallBanner
from ui.page_watch import ChangeWatch
from ui.queue import CallPanel
from ui.recording import RecorderWindow
from ui.theme import cjk_family

if TYPE_CHECKING:
    from ui.queue import TicketsPage

# The features' pages are built, and their modules imported, when their key is first pressed
# (ui.recording.page_stack): a page nobody opens costs the start nothing.
Build = Callable[[], QWidget]

NO_CJK_FONT = (
    "No Chinese font installed: Chinese text shows as empty boxes. Install fonts-noto-cjk or "
    "fonts-wqy-microhei. / 未检测到中文字体，中文将显示为方框，请安装 fonts-noto-cjk 或 "
    "fonts-wqy-microhei。"
)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("nat-station")
    app.setOrganizationName("NAT Station")
    return app  # type: ignore[return-value]


def startup_warnings() -> list[str]:
    return [NO_CJK_FONT] if cjk_family() is None else []


def slip_printer(station: Station):  # type: ignore[no-untyped-def]
    """Print a personal code slip, or save it as a PDF when there is no printer."""

    def run(person_id: str) -> str:
        from ui.recording.slip import print_slip, write_slip_pdf  # Qt PDF on the first slip

        person, payload = station.recording.person_code(person_id)
        if station.settings.training:  # a slip printed in a drill must never pass as real
            payload = training_code(payload)
        if print_slip(person, payload, station.settings.site_name):
            return "printer"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = data_dir() / "slips" / f"slip-{stamp}.pdf"
        return str(write_slip_pdf(path, person, payload, station.settings.site_name))

    return run


def build_window(station: Station, feedback: Feedback, drill: str | None = None) -> RecorderWindow:
    parts = None
    if drill is not None:  # issue 15: a drill watches every answer the window shows
        from app.training import DrillParts
        from station.training import load_drill

        parts = DrillParts(station, feedback, load_drill(drill))
    window = RecorderWindow(
        parts.tap if parts else station.recording,  # type: ignore[arg-type]
        parts.announcer if parts else feedback,
        slip_printer=slip_printer(station),
        warnings=startup_warnings(),
    )
    if not feedback.has_audio:
        # Said once, and alone: without a device, whether there is a voice does not matter.
        window.add_banner(no_audio_text(), "warning", lines=1)
    else:
        feedback.voice_ready.connect(
            lambda voice: voice or window.add_banner(no_voice_text(), "idle", lines=1)
        )
    mount_features(window, station, alarm=feedback.alarm)
    if station.settings.training:
        from app.training import mark_window

        mark_window(window)
    if parts is not None:
        parts.mount(window)
    station.gate.listeners.append(lambda _session: window.refresh())  # the header's name
    IdleLock(station, window, station.settings.idle_lock_minutes)  # owned by the window
    return window


def change_watch(station: Station, channel: str | None = None) -> Callable[[], ChangeWatch]:
    """Opens a watch on the station's database (db.queue_watch): the queue's NOTIFY channel,
    or `channel` on PostgreSQL."""
    url = station.settings.database_url or default_database_url()

    def open_watch() -> ChangeWatch:
        from db.queue.watch import watch  # psycopg loads when a page is first shown

        return watch(url) if channel is None else watch(url, channel)

    return open_watch


JAM_CHECK_MS = 30_000  # how often the recorder window asks whether the normal lane will jam


def jam_banner(window: RecorderWindow, board: Callable[[], Board]) -> QTimer:
    """The site lead's warning on the recorder window: the board's jam warning as a banner,
    hidden while there is none; checked now and every JAM_CHECK_MS."""
    banner = window.add_banner("")
    banner.hide()

    def check() -> None:
        try:
            warning = board().warning
        except SQLAlchemyError:
            return  # the database is out of reach for now: scanning goes on, the next check retries
        banner.setText(warning.text if warning else "")
        banner.setVisible(warning is not None)

    timer = QTimer(window)
    timer.setObjectName("jam_check")
    timer.timeout.connect(check)
    timer.start(JAM_CHECK_MS)
    check()
    return timer


def tickets_page(station: Station, table: str = "") -> TicketsPage:
    """The site lead's ticket list, watching the station's database for changes."""
    from ui.queue import TicketsPage

    return TicketsPage(
        station.queue.service, change_watch(station), table, station.settings.language
    )


def mount_features(
    window: RecorderWindow, station: Station, alarm: Callable[[str], None] | None = None
) -> None:
    """The features' pages and strips in the recorder window; the recall comes first.

    `alarm(text)` sounds the recall's siren and says `text`; a new recall also brings its
    page to the front, whatever page the operator is on. Pages are mounted as builders,
    each behind its permission (PageGuard, set on the page when it is built).
    """

    def gated(build: Build, permission: Permission) -> Build:
        def guarded() -> QWidget:
            page = build()
            PageGuard(page, permission, station.gate)  # owned by the page
            return page

        return guarded

    if station.queue is not None:
        mount_queue_strip(window, station)
    if station.lab is not None:
        mount_lab(window, station, gated, alarm)
    if station.roster is not None:
        mount_roster(window, station, gated)
    if station.queue is not None:
        table = station.settings.table
        tickets = gated(lambda: tickets_page(station, table), Permission.TRIAGE)
        window.add_page("Ctrl+7", window.page_title("tickets"), tickets)
    # The auditor's page (issue 14); a training sandbox has no trail worth auditing, and its
    # drill strip's simulated scanner takes Ctrl+8 for a new tube.
    if station.audit is not None and not station.settings.training:
        audit = gated(lambda: audit_page(station), Permission.AUDIT)
        window.add_page(AUDIT_KEY, audit_title(), audit)


def mount_queue_strip(window: RecorderWindow, station: Station) -> None:
    """The call panel above the table and the jam warning: both on screen from the start."""
    queue, settings = station.queue, station.settings
    jam_banner(window, queue.service.board)
    window.add_strip(
        CallPanel(
            queue.handler,
            queue.service.called,
            settings.table,
            window.show_outcome,
            batches=queue.service.current_batches,
            language=settings.language,
        )
    )


RECALL_KEY = "Ctrl+2"


def mount_lab(
    window: RecorderWindow,
    station: Station,
    gated: Callable[[Build, Permission], Build],
    alarm: Callable[[str], None] | None,
) -> None:
    """Recall (Ctrl+2), boxes (Ctrl+3), results (Ctrl+4). The recall banner, light, looks at
    the board from the start; the first time it sees a recall open, the recall page is built
    and comes to the front (its siren sounds), and from then on the page follows the board."""
    lab, folder = station.lab, data_dir()
    banner = RecallBanner(lab.recall)  # hides itself when none
    window.banners.insertWidget(0, banner)

    def recall_page() -> QWidget:
        from ui.lab import RecallPage

        page = RecallPage(
            lab.recall,
            folder / "exports",
            sound=alarm,
            watch=change_watch(station, LAB_CHANNEL),
            exports=station.export_policy,
        )
        page.opened.connect(lambda: window.show_page(page))
        page.changed.connect(lambda: banner.show_views(page.views))
        return page

    def boxes_page() -> QWidget:
        from ui.lab import BoxesPage

        return BoxesPage(lab.boxes, folder / "manifests")

    def results_page() -> QWidget:
        from ui.lab import ResultsPage

        return ResultsPage(lab.results)

    window.add_page(RECALL_KEY, window.page_title("recall"), gated(recall_page, Permission.RECALL))
    window.add_page("Ctrl+3", window.page_title("boxes"), gated(boxes_page, Permission.BOXES))
    window.add_page("Ctrl+4", window.page_title("results"), gated(results_page, Permission.RESULTS))

    def recall_seen(views: list[object]) -> None:
        if views and not window.stack.built(RECALL_KEY):
            window.open_page(RECALL_KEY)  # the most urgent screen of all comes first

    banner.board_read.connect(recall_seen)
    recall_seen(banner.views)


def mount_roster(
    window: RecorderWindow, station: Station, gated: Callable[[Build, Permission], Build]
) -> None:
    """Roster import (Ctrl+5) and coverage (Ctrl+6), the site lead's."""
    roster = station.roster

    def roster_page() -> QWidget:
        from ui.roster import RosterPage

        return RosterPage(
            lambda path, good, report: roster.importer.import_file(
                path, good_rows=good, report=report
            ),
            language=station.settings.language,
        )

    def coverage_page() -> QWidget:
        from ui.roster import CoveragePage  # Qt Charts loads here

        return CoveragePage(
            coverage=lambda: roster.coverage.coverage(),
            per_hour=lambda: roster.reports.build().per_hour(),
            export_report=lambda path: roster.export_report(path)[0],
        )

    window.add_page("Ctrl+5", window.page_title("roster"), gated(roster_page, Permission.ROSTER))
    window.add_page(
        "Ctrl+6", window.page_title("coverage"), gated(coverage_page, Permission.ROSTER)
    )


def _crash_dialog(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """Show the error instead of vanishing; the log keeps the traceback for the engineers."""
    text = "".join(traceback.format_exception(kind, value, tb))
    log = data_dir() / "crash.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"--- {datetime.now().isoformat()}\n{text}\n")
    QMessageBox.critical(
        None,
        "NAT Station",
        f"程序出错（已保存的记录不受影响）。\nAn error occurred; saved records are safe.\n\n"
        f"{value}\n\n日志 / log: {log}",
    )


def _ask_passphrase() -> str:
    """The site passphrase of an encrypted station file, typed hidden (when no
    NAT_STATION_PASSPHRASE is set)."""
    text, _ = QInputDialog.getText(
        None, "NAT Station", "站点口令 / Site passphrase:", QLineEdit.EchoMode.Password
    )
    return text


def run_window(overrides: dict[str, object], drill: str | None = None) -> int:
    app = application()
    if drill is not None:
        from app.training import fresh_sandbox

        overrides = fresh_sandbox(overrides, drill)
    try:
        station = open_station(ask=_ask_passphrase, **overrides)
    except OperatorError as error:  # a wrong site passphrase: said in a box, no traceback
        QMessageBox.critical(None, "NAT Station", f"{error.zh}\n{error.en}")
        return 2
    _translator = install_translator(app, station.settings.language)
    signed_in = first_start(station, overrides)  # no accounts yet: set-up, its admin signed in
    if signed_in is None:
        return 1
    station = signed_in
    if station.gate.session is None and not sign_in(station):
        station.close()
        return 1
    family = cjk_family()
    if family:
        app.setFont(QFont(family))
    feedback = Feedback(
        data_dir() / "sounds", station.settings.language, speech=station.settings.speech
    )
    sys.excepthook = _crash_dialog
    window = build_window(station, feedback, drill)
    sync_link = mount_sync(window, station)  # forwarding to the site server, if one is set
    # Fill the screen even with no window manager to honour "maximized" (kiosk set-ups, Xvfb).
    window.setGeometry(window.screen().availableGeometry())
    window.showMaximized()
    window.activateWindow()
    window.field.setFocus()
    if os.environ.get("NAT_STATION_EXIT_WHEN_READY"):
        # For the start-up benchmark and smoke tests: quit once the scan field can take input.
        def ready() -> None:
            print(f"ready focus={window.field.hasFocus()}", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
    try:
        return app.exec()
    finally:
        if sync_link is not None:
            sync_link.close()
        feedback.close()
        station.close()
