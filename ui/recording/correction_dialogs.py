"""Keyboard dialogs for the corrections: details and slip, remove, move, reopen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from station.core.errors import OperatorError
from station.core.masking import mask_document_number, mask_name, mask_phone
from station.recording import RecordingService
from ui.scan_router import takes_scans
from ui.theme import STATE_COLOURS, font


def removal_reasons(dialog: QWidget) -> list[str]:
    return [
        dialog.tr("扫错人"),
        dialog.tr("重复登记"),
        dialog.tr("需单采"),
        dialog.tr("本人离开未采样"),
        dialog.tr("其他"),
    ]


class _KeyboardDialog(QDialog):
    """Big type, Enter confirms, Esc cancels, digits pick from numbered lists."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setFont(font(22))
        self.layout_ = QVBoxLayout(self)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        background, foreground = STATE_COLOURS["error"]
        self.error.setStyleSheet(f"background:{background};color:{foreground};padding:4px;")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def numbered(self, items: list[str]) -> QListWidget:
        widget = QListWidget()
        for number, item in enumerate(items, 1):
            widget.addItem(f"{number}  {item}")
        widget.setCurrentRow(0)
        return widget


class RemoveDialog(_KeyboardDialog):
    def __init__(self, members: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("移除：选择人员和原因"), parent)
        self.members = members
        self.people = self.numbered([name or "—" for _, name in members])
        self.people.setCurrentRow(len(members) - 1)
        self.reasons = self.numbered(removal_reasons(self))
        self.layout_.addWidget(QLabel(self.tr("人员（↑↓ 选择）")))
        self.layout_.addWidget(self.people)
        self.layout_.addWidget(QLabel(self.tr("原因（Tab 切换到此处，↑↓ 选择）")))
        self.layout_.addWidget(self.reasons)
        self.finish_layout()
        self.people.setFocus()

    def choice(self) -> tuple[str, str]:
        person_id = self.members[self.people.currentRow()][0]
        reason = self.reasons.currentItem().text().split("  ", 1)[1]
        return person_id, reason


class MoveDialog(_KeyboardDialog):
    def __init__(self, members: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("移管：选择人员，扫目标试管"), parent)
        self.members = members
        self.people = self.numbered([name or "—" for _, name in members])
        self.people.setCurrentRow(len(members) - 1)
        self.target = takes_scans(QLineEdit())
        self.target.setPlaceholderText(self.tr("扫目标试管条码（须已打开）"))
        self.reasons = self.numbered(removal_reasons(self))
        self.reasons.setCurrentRow(2)
        self.layout_.addWidget(self.people)
        self.layout_.addWidget(self.target)
        self.layout_.addWidget(self.reasons)
        self.finish_layout()
        self.target.setFocus()

    def choice(self) -> tuple[str, str, str]:
        person_id = self.members[self.people.currentRow()][0]
        reason = self.reasons.currentItem().text().split("  ", 1)[1]
        return person_id, self.target.text().strip(), reason


class ReopenDialog(_KeyboardDialog):
    """Reopening is the site lead's act: the tube is scanned twice to confirm."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("重开已封试管（站点负责人）"), parent)
        form = QFormLayout()
        self.first = takes_scans(QLineEdit())
        self.second = takes_scans(QLineEdit())
        form.addRow(self.tr("试管条码"), self.first)
        form.addRow(self.tr("再扫一次确认"), self.second)
        self.layout_.addLayout(form)
        self.finish_layout()
        self.first.returnPressed.connect(self.second.setFocus)
        self.first.setFocus()

    def barcode(self) -> str:
        return self.first.text().strip()

    def accept(self) -> None:
        if self.barcode() and not self.second.text().strip():
            self.second.setFocus()  # the first scan's Enter: now the second one
            return
        if not self.barcode() or self.barcode() != self.second.text().strip():
            self.show_error(self.tr("两次扫描的条码不一致"))
            self.second.clear()
            self.second.setFocus()
            return
        super().accept()


class DetailsDialog(_KeyboardDialog):
    """Name and phone for someone who came with only an ID card; then print their code."""

    def __init__(
        self,
        service: RecordingService,
        person_id: str,
        slip_printer: Callable[[str], str] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("补录姓名和电话"), parent)
        self.service = service
        self.person_id = person_id
        self.slip_printer = slip_printer
        person, _ = service.person_code(person_id)
        form = QFormLayout()
        form.addRow(self.tr("证件"), QLabel(mask_document_number(person.document.number)))
        self.name = QLineEdit()
        self.name.setPlaceholderText(mask_name(person.name) or self.tr("姓名"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(
            mask_phone(person.phone) if person.phone else self.tr("手机号")
        )
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("电话"), self.phone)
        self.layout_.addLayout(form)
        self.result_label = QLabel(self.tr("Enter 保存并打印个人码（无打印机时保存为 PDF）"))
        self.result_label.setWordWrap(True)
        self.layout_.addWidget(self.result_label)
        self.finish_layout()
        self.name.returnPressed.connect(self.phone.setFocus)
        self.name.setFocus()
        self.slip_path = ""

    def accept(self) -> None:
        try:
            if self.name.text().strip() or self.phone.text().strip():
                self.service.update_details(self.person_id, self.name.text(), self.phone.text())
            if self.slip_printer is not None:
                self.slip_path = self.slip_printer(self.person_id)
        except OperatorError as error:
            self.show_error(error.message(self.service.settings.language))
            return
        super().accept()
