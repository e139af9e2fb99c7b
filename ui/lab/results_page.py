"""ResultsPage: load a lab's CSV/XLSX, see every bad row at once, and who to sample again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.core.errors import OperatorError
from station.lab.result_import import ImportReport, ResultService
from ui.theme import STATE_COLOURS, cjk_family, font


class ResultsPage(QWidget):
    """The path field takes a typed path (Enter imports) or one chosen with "选择文件"."""

    def __init__(self, results: ResultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results = results
        self.last_report: ImportReport | None = None
        family = cjk_family()
        self.setFont(font(20, family=family))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("检测结果导入"))
        title.setFont(font(30, bold=True, family=family))
        help_text = QLabel(
            self.tr(
                "CSV 或 XLSX，第一行为表头：试管条码（条码/tube）、结果（阴性/阳性/无效）、"
                "检测时间（可空）"
            )
        )
        help_text.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("结果文件路径"))
        self.path.returnPressed.connect(self.run_import)
        choose = QPushButton(self.tr("选择文件"))
        choose.clicked.connect(self._choose)
        self.good_rows = QCheckBox(self.tr("文件有错误时只导入正确的行"))
        run = QPushButton(self.tr("导入"))
        run.clicked.connect(self.run_import)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        row.addWidget(run)
        self.band = QLabel()
        self.band.setWordWrap(True)
        self.band.setFont(font(24, bold=True, family=family))
        self.errors = QTableWidget(0, 2)
        self.errors.setHorizontalHeaderLabels([self.tr("行号"), self.tr("原因")])
        self.errors.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.resample = QTableWidget(0, 4)
        self.resample.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("电话"), self.tr("无效管"), self.tr("已重采")]
        )
        self.resample.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.resample.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for widget in (title, help_text):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.good_rows)
        layout.addWidget(self.band)
        layout.addWidget(QLabel(self.tr("错误行")))
        layout.addWidget(self.errors, 1)
        layout.addWidget(QLabel(self.tr("无效样本，需重新采样")))
        layout.addWidget(self.resample, 1)
        self._state("idle")

    def showEvent(self, event: QShowEvent) -> None:
        """Read each time it is shown, not once when built: the page is kept once built."""
        self.refresh()
        super().showEvent(event)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择结果文件"), "", "CSV / Excel (*.csv *.xlsx)"
        )
        if path:
            self.path.setText(path)

    def _state(self, state: str) -> None:
        background, foreground = STATE_COLOURS[state]
        self.band.setStyleSheet(f"background:{background};color:{foreground};padding:8px;")

    def run_import(self) -> ImportReport | None:
        text = self.path.text().strip()
        if not text:
            return None
        language = self.results.table.settings.language
        try:
            report = self.results.import_file(Path(text), self.good_rows.isChecked())
        except OperatorError as error:  # what the roster page catches: the file is refused
            self.band.setText(error.message(language))
            self._state("error")
            return None
        self.last_report = report
        self.errors.setRowCount(len(report.errors))
        for row, error in enumerate(report.errors):
            self.errors.setItem(row, 0, QTableWidgetItem(str(error.line)))
            self.errors.setItem(row, 1, QTableWidgetItem(error.message(language)))
        if report.written:
            self.band.setText(
                self.tr("已导入 {0} 条（未变 {1} 条），阳性召回 {2} 管，签收 {3} 箱").format(
                    report.imported,
                    report.unchanged,
                    len(report.recalls_opened),
                    len(report.boxes_received),
                )
            )
            self._state("error" if report.recalls_opened else "saved")
        else:
            self.band.setText(
                self.tr(
                    "文件有 {0} 行错误，未导入任何结果。改正后重试，或勾选「只导入正确的行」"
                ).format(len(report.errors))
            )
            self._state("warning")
        self.refresh()
        return report

    def refresh(self) -> None:
        entries = self.results.resample_list()
        self.resample.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (entry.name, entry.phone, entry.tube, entry.resampled_in or self.tr("未"))
            for column, value in enumerate(values):
                self.resample.setItem(row, column, QTableWidgetItem(value))
