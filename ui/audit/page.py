"""AuditPage: the auditor's view of the trail — search by action, operator and dates, verify,
export. Only pseudonymous ids are in the trail, so nothing here needs masking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.audit.chain import Finding
from station.audit.query import COLUMNS, AuditQuery, Numbered, as_record
from station.audit.trail import AuditAction
from ui.theme import font

Search = Callable[[AuditQuery], list[Numbered]]
Verify = Callable[[], tuple[int, list[Finding]]]
Export = Callable[[Path, AuditQuery], int]  # writes the matching entries, returns how many
MAX_ROWS = 5000  # shown at once; the export has them all


class AuditPage(QWidget):
    def __init__(
        self, search: Search, verify: Verify, export: Export, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._search, self._verify, self._export = search, verify, export
        self.action = QComboBox()
        self.action.addItem(self.tr("全部操作"), None)
        for action in AuditAction:
            self.action.addItem(action.value, action)
        self.operator = QLineEdit(placeholderText=self.tr("操作员编号"))
        self.use_dates = QCheckBox(self.tr("按日期"))
        today = QDate.currentDate()
        self.since, self.until = QDateEdit(today), QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        find, check, export = (
            QPushButton(self.tr("查询")),
            QPushButton(self.tr("校验")),
            QPushButton(self.tr("导出")),
        )
        find.clicked.connect(self.refresh)
        self.operator.returnPressed.connect(self.refresh)
        check.clicked.connect(self.check)
        export.clicked.connect(self._export_asked)
        bar = QHBoxLayout()
        for widget in (
            self.action,
            self.operator,
            self.use_dates,
            self.since,
            self.until,
            find,
            check,
            export,
        ):
            bar.addWidget(widget)
        self.status = QLabel()
        self.status.setFont(font(16, bold=True))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()  # the seq column numbers the rows
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("审计日志"))
        title.setFont(font(22, bold=True))
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table)

    def showEvent(self, event: QShowEvent) -> None:
        """Opened (Ctrl+8): the latest entries at once, the keyboard in the operator field."""
        super().showEvent(event)
        self.refresh()
        QTimer.singleShot(0, self.operator.setFocus)

    def query(self) -> AuditQuery:
        since: date | None = None
        until: date | None = None
        if self.use_dates.isChecked():
            since, until = self.since.date().toPython(), self.until.date().toPython()
        return AuditQuery(self.action.currentData(), self.operator.text().strip(), since, until)

    def refresh(self) -> None:
        found = self._search(self.query())
        shown = found[-MAX_ROWS:]
        self.table.setRowCount(len(shown))
        for r, (seq, entry) in enumerate(shown):
            record = as_record(seq, entry)
            for c, column in enumerate(COLUMNS):
                item = QTableWidgetItem(str(record[column]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()  # the whole time stamp, the whole id
        self.status.setText(self.tr("共 {0} 条").format(len(found)))

    def check(self) -> None:
        count, findings = self._verify()
        if findings:
            lines = "\n".join(f.message for f in findings[:10])
            self.status.setText(self.tr("日志被改动：") + "\n" + lines)
            self.status.setStyleSheet("color: #ff5252")
        else:
            self.status.setText(self.tr("校验通过：{0} 条，链与签名完整").format(count))
            self.status.setStyleSheet("color: #4caf50")

    def export_to(self, path: Path) -> int:
        written = self._export(path, self.query())
        self.status.setText(self.tr("已导出 {0} 条").format(written) + f" → {path}")
        return written

    def _export_asked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出审计日志"), "audit.json", "JSON (*.json)"
        )
        if name:
            self.export_to(Path(name))
