"""RecallPage: the positive-pool recall, red, big, and first on the screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.access.exports import ExportPolicy
from station.core.errors import OperatorError
from station.lab.recall import AlarmCause, RecallAlarm, RecallService, RecallView, Urgency
from station.lab.recall_export import log_export, write_recall_xlsx
from station.lab.records import RECALL_TARGET, LineStatus
from ui.lab.recall_banner import REFRESH_MS, URGENCY_COLOURS, clock_text
from ui.page_watch import ChangeWatch, PageWatch
from ui.terms import term
from ui.theme import cjk_family, font

REVEAL_MS = 60_000  # a full number shown stays on screen this long


def reason_dialog(parent: QWidget) -> str | None:
    """The stated reason of an export (printed on the file, kept in the audit trail)."""
    text, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("RecallPage", "导出事由"),
        QCoreApplication.translate("RecallPage", "导出名单的事由（将印在文件上并记入审计日志）："),
    )
    return text if ok else None


def confirm_dialog(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, "NAT Station", text)
    return answer == QMessageBox.StandardButton.Yes


class RecallPage(QWidget):
    """Every open recall: the positive tube, time against the 6-hour target, every person.

    Names and phones are masked; someone with no name on record is named by the document
    and its last four characters (身份证 尾号0037). "显示完整号码" shows the selected person's
    full number and phone (RecallService.reveal) for a minute. "已找到" marks the selected
    person reached; re-sampling happens at a table (scan the person, then a new tube). Export
    writes an XLSX for the community, masked; full phones only after a confirmation, and every
    export is logged. `sound(text)` sounds the siren and says `text` when the recall needs it
    (see station.lab.recall.RecallAlarm); `opened` tells the window to bring a new recall to the
    front. `watch` opens a change watch (db.queue_watch) while the page is shown, so that a
    re-sample or a result anywhere on the site shows within a second.
    """

    changed = Signal()
    opened = Signal()

    def __init__(
        self,
        recall: RecallService,
        export_dir: Path,
        confirm: Callable[[QWidget, str], bool] = confirm_dialog,
        sound: Callable[[str], None] | None = None,
        watch: Callable[[], ChangeWatch] | None = None,
        parent: QWidget | None = None,
        exports: ExportPolicy | None = None,
        ask_reason: Callable[[QWidget], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.recall = recall
        self._revealed: tuple[str, str] | None = None
        self.exports = exports  # who may export, the watermark, the audit (issue 14)
        self.ask_reason = ask_reason or reason_dialog
        self.alarm = RecallAlarm()
        self.sound = sound
        self.export_dir = Path(export_dir)
        self.confirm = confirm
        self.views: list[RecallView] = []
        self.last_export: Path | None = None
        family = cjk_family()
        self.setFont(font(22, family=family))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("background:#1a0004;color:#ffffff;")
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setFont(font(40, bold=True, family=family))
        self.title.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setFont(font(26, family=family))
        self.timer_label = QLabel()
        self.timer_label.setFont(font(34, bold=True, family=family))
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("阳性管"),
                self.tr("姓名/证件"),
                self.tr("电话"),
                self.tr("楼栋/单元/房号"),
                self.tr("状态"),
                self.tr("复核管"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setFont(font(26, family=family))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.horizontalHeader().setFont(font(20, bold=True, family=family))
        self.table.setStyleSheet(
            "QTableWidget{background:#2a0008;color:#fff;gridline-color:#600;}"
            "QHeaderView::section{background:#c8102e;color:#fff;}"
        )
        buttons = QHBoxLayout()
        self.found_button = QPushButton(self.tr("已找到（F12）"))
        self.found_button.setShortcut("F12")  # F5-F7 call tickets at the table
        self.found_button.clicked.connect(self.mark_found)
        self.export_button = QPushButton(self.tr("导出名单（脱敏）"))
        self.export_button.clicked.connect(lambda: self.export(full_phones=False))
        self.full_button = QPushButton(self.tr("导出完整手机号…"))
        self.full_button.clicked.connect(lambda: self.export(full_phones=True))
        self.reveal_button = QPushButton(self.tr("显示完整号码（F11）"))
        self.reveal_button.setShortcut("F11")
        self.reveal_button.clicked.connect(self.reveal)
        for button in (self.found_button, self.reveal_button, self.export_button, self.full_button):
            button.setStyleSheet("background:#fff;color:#000;padding:8px;")
            button.setFont(font(22, bold=True, family=family))
            buttons.addWidget(button)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.revealed = QLabel()  # the selected person in full, for a minute
        self.revealed.setWordWrap(True)
        self.revealed.setFont(font(30, bold=True, family=family))
        self.revealed.setStyleSheet("background:#ffffff;color:#000000;padding:8px;")
        self.revealed.hide()
        self._hide_revealed = QTimer(self)
        self._hide_revealed.setSingleShot(True)
        self._hide_revealed.timeout.connect(self.hide_revealed)
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addWidget(self.timer_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.revealed)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.follow = PageWatch(watch, self.refresh, self)
        self.refresh()

    # ----- shown: watch the database; hidden: let go of the watch ------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.follow.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.follow.stop()

    def refresh(self) -> None:
        chosen = self.selected_line()  # before the rows change under it
        self.views = self.recall.board()
        people = sum(len(v.lines) for v in self.views)
        waiting = sum(len(v.lines) - v.done for v in self.views)
        if not self.views:
            self.title.setText(self.tr("没有进行中的阳性召回"))
            self.timer_label.setText("")
            self.counts.setText("")
            self.setStyleSheet("background:#10261a;color:#ffffff;")
        else:
            self.setStyleSheet("background:#1a0004;color:#ffffff;")
            self.title.setText(
                self.tr("⚠ 混管阳性召回：{0} 管 {1} 人，{2} 人未出复核结果").format(
                    len(self.views), people, waiting
                )
            )
            by_status = Counter(ln.line.status for v in self.views for ln in v.lines)
            self.counts.setText(
                "　".join(
                    f"{term(status.label)} {by_status.get(status, 0)}" for status in LineStatus
                )
            )
            worst = self.views[0]  # the oldest is the most urgent
            elapsed = int(worst.elapsed.total_seconds() // 60)
            target = int(RECALL_TARGET.total_seconds() // 60)
            colour = URGENCY_COLOURS[worst.urgency]
            alarm = {Urgency.NEAR: self.tr("  即将超时！"), Urgency.OVERDUE: self.tr("  已超时！")}
            self.timer_label.setText(
                self.tr("已用 {0} / 目标 {1}").format(clock_text(elapsed), clock_text(target))
                + alarm.get(worst.urgency, "")
            )
            self.timer_label.setStyleSheet(f"background:{colour};color:#fff;padding:6px;")
        self._fill_table(chosen)
        cause = self.alarm.check(self.views, self.recall.table.clock())
        if cause is not None and self.sound is not None:
            self.sound(self.alarm_text(cause))
        if cause is AlarmCause.OPENED:
            self.opened.emit()
        self.changed.emit()

    def alarm_text(self, cause: AlarmCause) -> str:
        """What the station says with the siren."""
        return {
            AlarmCause.OPENED: self.tr("混管阳性召回，请立即查看召回名单"),
            AlarmCause.NEAR: self.tr("阳性召回即将超过六小时，请加快复核"),
            AlarmCause.OVERDUE: self.tr("阳性召回已超过六小时"),
            AlarmCause.REPEAT: self.tr("阳性召回仍未完成"),
        }[cause]

    def _keys(self) -> list[tuple[str, str]]:
        return [(ln.line.recall_id, ln.line.person_id) for v in self.views for ln in v.lines]

    def selected_line(self) -> tuple[str, str] | None:
        keys = self._keys()
        row = self.table.currentRow()
        return keys[row] if 0 <= row < len(keys) else None

    def _fill_table(self, chosen: tuple[str, str] | None) -> None:
        """One row per person; the same person stays selected (rows move as people are found),
        and a full number shown stays only while its person is the one selected."""
        rows = [(v, line) for v in self.views for line in v.lines]
        english = self._english()
        with QSignalBlocker(self.table):  # rows in between are no choice of the operator's
            self.table.setRowCount(len(rows))
            for row, (view, line_view) in enumerate(rows):
                data = line_view.as_json()
                values = (
                    view.recall.tube,
                    line_view.who(english),
                    str(data["phone"]),
                    str(data["address"]) or self.tr("（名单无地址）"),
                    term(line_view.line.status.label),
                    line_view.line.resample_tube or "",
                )
                for column, value in enumerate(values):
                    self.table.setItem(row, column, QTableWidgetItem(value))
            keys = self._keys()
            if chosen in keys:
                self.table.selectRow(keys.index(chosen))
        self._selection_changed()

    def _selection_changed(self) -> None:
        if self._revealed is not None and self.selected_line() != self._revealed:
            self.hide_revealed()

    def _english(self) -> bool:
        return self.recall.table.settings.language.startswith("en")

    def reveal(self) -> str | None:
        """The selected person's full name, number and phone, for the site lead to call: the
        service asks the operator's role and writes the view to the audit trail. Returns the
        phone shown (None: nothing shown)."""
        chosen = self.selected_line()
        if chosen is None:
            self.note.setText(self.tr("请先选中一人"))
            return None
        try:
            shown = self.recall.reveal(*chosen)
        except OperatorError as error:
            self.note.setText(error.message(self.recall.table.settings.language))
            return None
        self._revealed = chosen
        self.revealed.setText(shown.text(self._english()))
        self.revealed.show()
        self._hide_revealed.start(REVEAL_MS)
        return shown.line.phone

    def hide_revealed(self) -> None:
        self._revealed = None
        self._hide_revealed.stop()
        self.revealed.clear()
        self.revealed.hide()

    def mark_found(self) -> None:
        chosen = self.selected_line()
        if chosen is None:
            self.note.setText(self.tr("请先选中一人"))
            return
        self.recall.mark_found(*chosen)
        self.refresh()

    def export(self, full_phones: bool) -> Path | None:
        if full_phones and not self.confirm(
            self, self.tr("导出完整手机号属于敏感信息导出，将记录操作人、时间和人数。确定导出？")
        ):
            self.note.setText(self.tr("已取消导出"))
            return None
        watermark = ""
        if self.exports is not None:
            try:
                self.exports.gate.require(self.exports.export_permission)  # before asking why
                reason = self.ask_reason(self)
                if reason is None:
                    self.note.setText(self.tr("已取消导出"))
                    return None
                mark = self.exports.authorize(reason, full=full_phones)
            except OperatorError as error:
                self.note.setText(error.message(self.recall.table.settings.language))
                return None
            watermark = mark.text()
        self.export_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.export_dir / f"召回名单-{stamp}.xlsx"
        people = write_recall_xlsx(self.views, path, full_phones, watermark)
        if self.exports is not None:
            self.exports.exported("recall", people, mark)
        self.recall.record_export([v.recall.id for v in self.views], people, full_phones, str(path))
        log_export(
            self.recall.table.settings.recorder,
            str(path),
            people,
            full_phones,
            self.recall.table.clock(),
        )
        self.last_export = path
        self.note.setText(self.tr("已导出 {0} 人：{1}").format(people, path))
        return path
