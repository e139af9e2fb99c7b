"""The window's side of operators: first-start set-up, log-in, idle lock, handover (Ctrl+L).

A handover is a lock and a log-in: nothing at the table changes, so the open tube stays open
and the next scan is stamped with the new operator's name.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.wiring import Station, open_station
from station.access.names import check_pin, clean_name
from station.access.roles import Role
from station.core.errors import OperatorError
from station.core.settings import Settings, load_settings, save_settings

SITE_MAX = 60


def first_start(station: Station, overrides: dict[str, object]) -> Station | None:
    """On a station with no accounts and no site set (the placeholder name): the set-up
    dialog, then the station as it was set up, its first admin signed in. None: the dialog
    was closed (the window does not open). A site set in settings.toml or NAT_STATION_SITE_NAME
    and no account is an open station, as before accounts existed (docs/access.md)."""
    assert station.access is not None
    if station.access.has_accounts() or station.settings.site_name != Settings().site_name:
        return station
    chosen: dict[str, str] = {}

    def set_up(site: str, table: str, name: str, pin: str) -> None:
        site, table = " ".join(site.split()), table.strip()
        if not site or len(site) > SITE_MAX or not (table.isascii() and table.isalnum()):
            raise OperatorError(
                "请填写采样点名称和采样台号（台号为字母或数字）",
                "Enter the site's name and the table (letters or digits)",
                code="bad_setup",
            )
        try:  # no control, direction or formula characters in a site's name either
            clean_name(site[:20])
        except OperatorError as error:
            raise OperatorError(
                f"采样点名称：{error.zh}", f"Site name: {error.en}", code="bad_site"
            ) from None
        chosen.update(site=site, table=table, name=clean_name(name), pin=check_pin(pin))

    from ui.access import SetupDialog  # loaded only on a station being set up

    if not SetupDialog(set_up, station.settings.language).exec():
        station.close()
        return None
    settings = replace(load_settings(), site_name=chosen["site"], table=chosen["table"])
    save_settings(settings)
    station.close()
    station = open_station(
        settings, **{k: v for k, v in overrides.items() if k not in ("site_name", "table")}
    )
    assert station.access is not None
    station.access.add(chosen["name"], chosen["pin"], Role.ADMIN)
    station.gate.switch(station.access.log_in(chosen["name"], chosen["pin"]))
    return station


def sign_in(station: Station, parent: QWidget | None = None, locked_by: str = "") -> bool:
    """The log-in dialog until someone signs in; False only if it was closed."""
    assert station.access is not None
    from ui.access import LoginDialog  # not loaded on an open station

    dialog = LoginDialog(station.access.log_in, station.settings.language, locked_by, parent)
    if not dialog.exec() or dialog.session is None:
        return False
    station.gate.switch(dialog.session)
    return True


class IdleLock(QObject):
    """Locks the window after `minutes` without a key or a click; Ctrl+L locks at once (the
    handover). Locked, only the log-in dialog takes input."""

    def __init__(self, station: Station, window: QWidget, minutes: float) -> None:
        super().__init__(window)
        self.station, self.window = station, window
        self.timer = QTimer(self, singleShot=True, interval=max(int(minutes * 60_000), 1000))
        self.timer.timeout.connect(self.lock)
        if minutes > 0:
            app = QApplication.instance()
            assert app is not None
            app.installEventFilter(self)
            window.destroyed.connect(lambda: app.removeEventFilter(self))
            self.timer.start()
        QShortcut(QKeySequence("Ctrl+L"), window).activated.connect(self.lock)
        self.locking = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.timer.isActive() and event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
        ):
            self.timer.start()  # from now on: the time since the last key or click
        return False

    def lock(self) -> None:
        session = self.station.gate.session
        if (
            self.locking
            or not self.window.isVisible()
            or (session is not None and session.open_station)
        ):
            return  # a station without accounts has nobody to sign in
        self.locking = True
        if session is not None and self.station.access is not None:
            self.station.access.log_out(session)
        self.station.gate.switch(None)
        who = session.name if session is not None else ""
        cover = QLabel(self.window)  # nothing of the table shows while it is locked
        cover.setStyleSheet("background:#202020;")
        cover.setGeometry(self.window.rect())
        cover.show()
        cover.raise_()
        try:
            while not sign_in(self.station, self.window, locked_by=who):
                pass  # the dialog ignores Esc; closing it shows it again
        finally:
            cover.deleteLater()
            self.locking = False
            self.timer.start()
            self.window.activateWindow()
            field = getattr(self.window, "field", None)  # the scan field takes the next scan
            if field is not None:
                field.setFocus()
