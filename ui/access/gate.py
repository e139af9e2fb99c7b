"""A feature page behind a permission: for a role that may not see it, the page is disabled
(no key, button or shortcut of it works) and covered by an opaque notice."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from station.access.roles import Permission
from station.access.session import Gate, Session
from ui.terms import term
from ui.theme import font


class PageGuard(QObject):
    """Follows every change of operator; the page stays where it is in the window's stack."""

    def __init__(self, page: QWidget, permission: Permission, gate: Gate) -> None:
        super().__init__(page)
        self.page, self.permission = page, permission
        self.notice = QLabel(page)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setFont(font(32, bold=True))
        self.notice.setAutoFillBackground(True)
        self.notice.setStyleSheet("background:#202020;color:#ffffff;")
        page.installEventFilter(self)
        gate.listeners.append(self.follow)
        self.follow(gate.session)

    @property
    def allowed(self) -> bool:
        return self.page.isEnabled()

    def follow(self, session: Session | None) -> None:
        allowed = session is not None and session.may(self.permission)
        role = term(session.role.label) if session is not None else self.tr("未登录")
        self.notice.setText(self.tr("{0}无权查看此页").format(role))
        self.page.setEnabled(allowed)
        self.notice.setVisible(not allowed)
        if not allowed:
            self.notice.setGeometry(self.page.rect())
            self.notice.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.notice.setGeometry(self.page.rect())
        return False
