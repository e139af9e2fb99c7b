"""A feature page behind a permission: the page for a role that may see it, a notice else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from station.access.roles import Permission
from station.access.session import Gate, Session
from ui.theme import font


class GatedPage(QStackedWidget):
    """Shows `page` only while the signed-in operator may; follows every change of operator."""

    def __init__(self, page: QWidget, permission: Permission, gate: Gate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page, self.permission, self.gate = page, permission, gate
        self.notice = QLabel()
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setFont(font(32, bold=True))
        self.addWidget(self.notice)
        self.addWidget(page)
        gate.listeners.append(self.follow)
        self.follow(gate.session)

    def follow(self, session: Session | None) -> None:
        allowed = session is not None and session.may(self.permission)
        if not allowed:
            role = session.role.label if session is not None else self.tr("未登录")
            self.notice.setText(self.tr("{0}无权查看此页").format(role))
        self.setCurrentWidget(self.page if allowed else self.notice)
