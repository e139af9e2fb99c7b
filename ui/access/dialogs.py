"""The log-in / lock dialog and the first-start set-up: name and PIN, keyboard only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station.access.names import NAME_MAX, PIN_MAX
from station.access.session import Session
from station.core.errors import OperatorError
from ui.scan_router import takes_scans
from ui.theme import STATE_COLOURS, font

LONG_TEXT = 100  # the fields keep no more than this; the domain refuses what is too long


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setFont(font(22))
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setFont(font(22, bold=True))
        background, foreground = STATE_COLOURS["error"]
        self.error.setStyleSheet(f"background:{background};color:{foreground};padding:4px;")
        self.error.hide()
        self.layout_.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.layout_.addWidget(buttons)

    def field(self, label: str, limit: int, secret: bool = False) -> QLineEdit:
        # An operator's badge may be scanned into the name, and a PIN typed as fast as a
        # scanner: the scan router leaves these fields their keys and their Enter.
        edit = takes_scans(QLineEdit())
        edit.setMaxLength(limit)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, edit)
        return edit

    def show_error(self, error: OperatorError, language: str) -> None:
        self.error.setText(error.message(language))
        self.error.show()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # a QKeyEvent
        if event.key() == Qt.Key.Key_Escape:
            return  # no way around the log-in
        super().keyPressEvent(event)


class LoginDialog(_Form):
    """Who takes the table: name and PIN. Shown at start, on lock and on handover; a refusal
    (wrong PIN, locked account) stays in the dialog, in red."""

    def __init__(
        self,
        log_in: Callable[[str, str], Session],
        language: str = "zh",
        locked_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("登录"), parent)
        self.log_in, self.language, self.session = log_in, language, None
        if locked_by:
            self.form.addRow(QLabel(self.tr("已锁屏（{0}）。换人或继续：请登录").format(locked_by)))
        self.name = self.field(self.tr("姓名"), LONG_TEXT)
        self.pin = self.field(self.tr("PIN"), PIN_MAX + 4, secret=True)
        self.name.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.accept)
        self.name.setFocus()

    def accept(self) -> None:
        try:
            self.session = self.log_in(self.name.text(), self.pin.text())
        except OperatorError as error:
            self.pin.clear()
            self.show_error(error, self.language)
            return
        super().accept()


class SetupDialog(_Form):
    """First start: the site's name, this table, and the first admin (name and PIN twice)."""

    def __init__(
        self,
        set_up: Callable[[str, str, str, str], None],
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("首次设置"), parent)
        self.set_up, self.language = set_up, language
        self.form.addRow(QLabel(self.tr("本站尚无账户：请填写采样点与第一位管理员")))
        self.site = self.field(self.tr("采样点名称"), LONG_TEXT)
        self.table = self.field(self.tr("采样台号"), 10)
        self.name = self.field(self.tr("管理员姓名"), NAME_MAX + 10)
        self.pin = self.field(self.tr("PIN（4-12 位数字）"), PIN_MAX + 4, secret=True)
        self.again = self.field(self.tr("再输一次 PIN"), PIN_MAX + 4, secret=True)
        self.site.setFocus()

    def accept(self) -> None:
        try:
            if self.pin.text() != self.again.text():
                raise OperatorError("两次 PIN 不一致", "The two PINs differ", code="pin_mismatch")
            self.set_up(self.site.text(), self.table.text(), self.name.text(), self.pin.text())
        except OperatorError as error:
            self.show_error(error, self.language)
            return
        super().accept()
