"""Start the triage desk and the queue display windows (each may run in its own process)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from app.gui import application, tickets_page
from app.wiring import Station, open_station
from db.queue.watch import watch
from station.core.settings import data_dir, default_database_url
from station.queue.service import Issued
from ui.i18n import install_translator
from ui.queue import CallAnnouncer, QueueDisplay, TriageWindow
from ui.queue.slip import print_slip, write_slip_pdf
from ui.theme import cjk_family


def _start(overrides: dict[str, object]) -> tuple[QApplication, Station, object]:
    app = application()
    station = open_station(**overrides)
    translator = install_translator(app, station.settings.language)
    family = cjk_family()
    if family:
        app.setFont(QFont(family))
    return app, station, translator


def slip_out(station: Station) -> Callable[[Issued, str], str]:
    """Print the ticket slip, or save it as a PDF when there is no printer."""

    def run(issued: Issued, lane_name: str) -> str:
        site = station.settings.site_name
        if print_slip(issued, lane_name, site):
            return "已打印"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = data_dir() / "tickets" / f"{issued.ticket.number}-{stamp}.pdf"
        write_slip_pdf(path, issued, lane_name, site)
        return f"无打印机，小票已存 {path.name}"

    return run


def _exit_when_ready(app: QApplication, window: QWidget) -> None:
    """For smoke tests: show, say ready, quit."""
    if os.environ.get("NAT_STATION_EXIT_WHEN_READY"):

        def ready() -> None:
            print(f"ready {type(window).__name__} {window.width()}x{window.height()}", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)


def run_triage(overrides: dict[str, object]) -> int:
    app, station, _translator = _start(overrides)
    window = TriageWindow(station.queue.service, station.settings, slip_out=slip_out(station))
    window.add_tickets_page(tickets_page(station))  # no table here: hold, release, drop
    if station.settings.training:
        from app.training import mark_window

        mark_window(window)
    window.resize(1280, 720)
    window.show()
    _exit_when_ready(app, window)
    try:
        return app.exec()
    finally:
        station.close()


def run_display(overrides: dict[str, object], screen: int | None, windowed: bool) -> int:
    app, station, _translator = _start(overrides)
    screens = app.screens()
    if screen is not None and not 0 <= screen < len(screens):
        station.close()
        print(
            f"没有第 {screen} 块屏幕（共 {len(screens)} 块，编号 0–{len(screens) - 1}）"
            f" / no screen {screen} ({len(screens)} screens, numbered from 0)",
            file=sys.stderr,
        )
        return 2
    watcher = watch(station.settings.database_url or default_database_url())
    announcer = CallAnnouncer(
        data_dir() / "sounds", station.settings.language, speech=station.settings.speech
    )
    display = QueueDisplay(
        station.queue.service.board,
        watcher.changed,
        announcer.announce,
        site=station.settings.site_name,
    )
    if station.settings.training:
        from app.training import mark_window

        mark_window(display)
    display.show_on(screens[screen] if screen is not None else app.primaryScreen(), windowed)
    _exit_when_ready(app, display)
    try:
        return app.exec()
    finally:
        announcer.close()
        watcher.close()
        station.close()
