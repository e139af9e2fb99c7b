"""RosterPage: load the community roster from a file and see every refused row at once."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QTimer
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
from station.roster.importer import ImportReport
from ui.theme import STATE_COLOURS, cjk_family, font

# (path, import the good rows despite errors, the report to fill as it goes) -> the report
ImportFile = Callable[[Path, bool, ImportReport], ImportReport]
POLL_MS = 200
# Stopping waits for the batch being written (well under a second) or for the check's next
# block; longer than this and the window closes anyway, the thread ending on its own.
STOP_WAIT_S = 30.0


class RosterPage(QWidget):
    """Import page for the site lead: a path (typed or chosen), an import button, the errors.

    `import_file(path, good_rows, report)` is the roster importer (RosterImporter.import_file);
    it runs in a thread of the page's own, one import at a time, its progress shown.
    """

    def __init__(
        self, import_file: ImportFile, parent: QWidget | None = None, language: str = "zh"
    ) -> None:
        super().__init__(parent)
        self._import_file = import_file
        self._english = language.startswith("en")  # the rows' refusals, in the operator's
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="roster-page")
        self._running: tuple[ImportReport, Future[ImportReport]] | None = None
        self.last_report: ImportReport | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._progress)
        family = cjk_family()
        self.setFont(font(20, family=family))
        title = QLabel(self.tr("居民名单导入"))
        title.setFont(font(28, bold=True, family=family))
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("名单文件（.xlsx 或 .csv）"))
        self.path.returnPressed.connect(self.run_import)
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self._choose)
        self.good_rows = QCheckBox(self.tr("有错误时仍导入正确的行"))
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.clicked.connect(self.run_import)
        self.status = QLabel(self.tr("请选择名单文件；模板见 nat-station roster template"))
        self.status.setWordWrap(True)
        self.status.setFont(font(22, bold=True, family=family))
        self.errors = QTableWidget(0, 3)
        self.errors.setHorizontalHeaderLabels([self.tr("行"), self.tr("列"), self.tr("原因")])
        self.errors.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.verticalHeader().setVisible(False)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.good_rows)
        layout.addWidget(self.status)
        layout.addWidget(self.errors, 1)

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择名单文件"), "", self.tr("名单 (*.xlsx *.csv)")
        )
        if chosen:
            self.path.setText(chosen)

    def _show(self, state: str, text: str) -> None:
        background, foreground = STATE_COLOURS[state]
        self.status.setStyleSheet(f"background:{background};color:{foreground};padding:8px")
        self.status.setText(text)

    @property
    def importing(self) -> bool:
        return self._running is not None

    def close_warning(self) -> str | None:
        """What closing the window now would interrupt, for the window to ask; None if idle."""
        if self._running is None:
            return None
        # No counts here: the import goes on while the question is open, so they would age.
        if self._running[0].to_write:
            return self.tr("名单正在写入。") + self.tr(
                "现在关闭，导入会在这一批写完后停止；已写入的人员保留，重新导入同一份名单即可补全。"
            )
        return self.tr("名单正在检查，还没有写入任何记录。现在关闭会放弃这次导入。")

    def stop(self, wait_s: float = STOP_WAIT_S) -> None:
        """Stop the import before its next batch (or during the check) and wait for it: the
        window can then close without a thread still writing behind it."""
        if self._running is None:
            return
        report, future = self._running
        report.cancelled = True
        self._show("warning", self.tr("正在停止导入…"))
        self.status.repaint()  # drawn now: the wait below holds the event loop
        with suppress(Exception):  # its cancellation, or its own error: shown just below
            future.result(timeout=wait_s)
        try:
            self._progress()
        except Exception as error:  # an unexpected failure of the import: no crash dialog
            self._show("error", str(error))  # on the way out, the window is closing anyway

    def run_import(self) -> None:
        """Start the import in a thread: a big roster takes minutes, and the window keeps
        scanning meanwhile (the import lets the table in between its batches)."""
        if self._running is not None:
            self._show("warning", self.tr("正在导入，请稍候"))
            return
        text = self.path.text().strip()
        if not text:
            self._show("error", self.tr("请先选择名单文件"))
            return
        self.last_report = None
        self.errors.setRowCount(0)
        report = ImportReport(Path(text).name)
        self._running = (
            report,
            self._thread.submit(self._import_file, Path(text), self.good_rows.isChecked(), report),
        )
        self.import_button.setEnabled(False)
        self._show("idle", self.tr("正在读取并检查名单…"))
        self._poll.start()

    def _progress(self) -> None:
        if self._running is None:
            return
        report, future = self._running
        if not future.done():
            if report.to_write:
                done = report.created + report.matched
                self._show("idle", self.tr("正在写入：{0} / {1} 人").format(done, report.to_write))
            else:
                self._show("idle", self.tr("正在检查：已读 {0} 行").format(report.rows))
            return
        self._poll.stop()
        self._running = None
        self.import_button.setEnabled(True)
        try:
            self._finish(future.result())
        except OperatorError as error:
            self._show("error", error.message("en" if self._english else "zh"))

    def _finish(self, report: ImportReport) -> None:
        self.last_report = report
        # Refusals first, then the imported rows someone should check (提示).
        lines = [*report.errors, *report.warnings]
        self.errors.setRowCount(len(lines))
        for index, error in enumerate(lines):
            said = error.message_en if self._english and error.message_en else error.message
            for column, value in enumerate((str(error.line), error.column, said)):
                self.errors.setItem(index, column, QTableWidgetItem(value))
        if report.imported:
            checks = (
                self.tr("；提示 {0} 处，请核对").format(len(report.warnings))
                if report.warnings
                else ""
            )
            self._show(
                "saved" if not (report.errors or report.warnings) else "warning",
                self.tr("已导入 {0} 人（新增 {1}，已有 {2}）；拒绝 {3} 处").format(
                    report.good_rows, report.created, report.matched, len(report.errors)
                )
                + checks,
            )
        else:
            self._show(
                "error",
                self.tr("名单有 {0} 处错误，未导入任何记录：改正后重新导入").format(
                    len(report.errors)
                ),
            )
