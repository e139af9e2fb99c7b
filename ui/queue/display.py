"""The queue display (叫号屏): last calls in very large type, lines, status, batch, notices."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent, QScreen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from station.queue.board import Board, SiteStatus
from station.queue.ports import Call
from ui.theme import cjk_family, font

BACKGROUND = "#000000"
CALL_COLOUR = "#ffd400"  # yellow on black: the strongest contrast a crowd reads from afar
TEXT = "#ffffff"
DIM = "#b8c4d0"
MISSED = "#ff9f43"  # orange, as skipped tickets are on the tickets page
STATUS_COLOURS = {
    SiteStatus.CLEAR: ("#0a7d24", "#ffffff"),
    SiteStatus.BUSY: ("#f2a900", "#000000"),
    SiteStatus.JAMMED: ("#c8102e", "#ffffff"),
}
POLL_MS = 50  # a change in the database shows within about this, plus one query
REFRESH_MS = 5000  # waits and the batch move with time even when nobody calls
FLASHES = 8
RECENT_SHOWN = 4  # earlier calls under the newest one: people miss a call shown only once


def call_text(call: Call) -> str:
    return f"请 {call.number} 到 {call.table} 号台"


class QueueDisplay(QWidget):
    """Full-screen board for the waiting area; reads the database, never writes it.

    `board` reads what to show; `changed` says cheaply whether anything changed since it was
    last asked (PRAGMA data_version on SQLite, LISTEN/NOTIFY on PostgreSQL); `announce`
    chimes and speaks a call and returns False when it cannot speak (the number then flashes).
    """

    call_shown = Signal(int, str, float)  # seq, number, time.time() when on screen

    def __init__(
        self,
        board: Callable[[], Board],
        changed: Callable[[], bool],
        announce: Callable[[str], bool] | None = None,
        site: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._board = board
        self._changed = changed
        self._announce = announce or (lambda _text: False)
        self._last_seq: int | None = None
        self._flash_left = 0
        self.family = cjk_family()
        self.setWindowTitle(self.tr("叫号屏") + (f" · {site}" if site else ""))
        self.setStyleSheet(f"background:{BACKGROUND};color:{TEXT};")
        self.setMinimumSize(640, 360)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        header = QHBoxLayout()
        self.site_label = QLabel(site or self.tr("核酸采样点"))
        self.status_label = QLabel()
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.batch_label = QLabel()
        self.batch_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock_label = QLabel()
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.site_label, 3)
        header.addWidget(self.status_label, 2)
        header.addWidget(self.batch_label, 5)
        header.addWidget(self.clock_label, 2)
        outer.addLayout(header)

        body = QHBoxLayout()
        calls = QVBoxLayout()
        self.call_label = QLabel(self.tr("请稍候"))
        self.call_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.call_label.setWordWrap(True)
        self.call_label.setStyleSheet(f"color:{CALL_COLOUR};background:{BACKGROUND};")
        calls.addWidget(self.call_label, 3)
        self.recent_title = QLabel(self.tr("最近叫号"))
        self.recent_title.setStyleSheet(f"color:{DIM};")
        calls.addWidget(self.recent_title)
        self.recent = QGridLayout()
        self.recent_labels: list[QLabel] = []
        for i in range(RECENT_SHOWN):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.recent.addWidget(label, i // 2, i % 2)
            self.recent_labels.append(label)
        calls.addLayout(self.recent, 2)
        body.addLayout(calls, 7)
        self.lanes_box = QVBoxLayout()
        self.lane_title = QLabel(self.tr("排队情况"))
        self.lane_title.setStyleSheet(f"color:{DIM};")
        self.lanes_box.addWidget(self.lane_title)
        self.lane_labels: list[QLabel] = []
        self.lanes_box.addStretch(1)
        body.addLayout(self.lanes_box, 4)
        outer.addLayout(body, 1)

        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(f"color:{TEXT};background:#1b2735;padding:6px;")
        outer.addWidget(self.notice_label)

        self._poll = QTimer(self)
        self._poll.timeout.connect(self.poll)
        self._poll.start(POLL_MS)
        self._slow = QTimer(self)
        self._slow.timeout.connect(self.refresh)
        self._slow.start(REFRESH_MS)
        self._flasher = QTimer(self)
        self._flasher.timeout.connect(self._flash)
        self._apply_sizes()
        self.refresh()

    def show_on(self, screen: QScreen, windowed: bool = False) -> None:
        """Fill `screen`; a window manager is asked for full screen too, but none is needed:
        with none (a kiosk X session) showFullScreen alone left the minimum 640x360."""
        self.setScreen(screen)
        area = screen.geometry()
        if windowed:
            self.setGeometry(area.x(), area.y(), min(1280, area.width()), min(720, area.height()))
            self.show()
            return
        self.setGeometry(area)
        self.showFullScreen()

    # ----- sizes follow the screen: the same layout from 1280x720 to 4K --------------------
    def _apply_sizes(self) -> None:
        h = max(self.height(), 360)
        w = max(self.width(), 640)
        unit = min(h / 720, w / 1280)
        self._fit_call(unit)
        for label in (self.site_label, self.batch_label, self.clock_label):
            label.setFont(font(int(30 * unit), bold=True, family=self.family))
        self.status_label.setFont(font(int(34 * unit), bold=True, family=self.family))
        for label in (self.recent_title, self.lane_title):
            label.setFont(font(int(24 * unit), family=self.family))
        for label in self.recent_labels:
            label.setFont(font(int(40 * unit), bold=True, family=self.family))
        for label in self.lane_labels:
            label.setFont(font(int(34 * unit), bold=True, family=self.family))
        self.notice_label.setFont(font(int(26 * unit), family=self.family))

    def _fit_call(self, unit: float) -> None:
        """As large as fits on one line of the call's column (7/11 of the width)."""
        pixels = int(118 * unit)
        room = self.width() * 7 / 11 - 48
        text = self.call_label.text() or "请 P000 到 00 号台"
        while pixels > 24:
            if QFontMetrics(font(pixels, True, self.family)).horizontalAdvance(text) <= room:
                break
            pixels -= 4
        self.call_label.setFont(font(pixels, bold=True, family=self.family))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_sizes()

    # ----- updates ------------------------------------------------------------------------------
    def poll(self) -> None:
        if self._changed():
            self.refresh()

    def refresh(self) -> None:
        board = self._board()
        self.show_board(board)

    def show_board(self, board: Board) -> None:
        self.clock_label.setText(QDateTime.currentDateTime().toString("HH:mm"))
        background, foreground = STATUS_COLOURS[board.status]
        self.status_label.setText(board.status.label)
        self.status_label.setStyleSheet(
            f"background:{background};color:{foreground};padding:4px 12px;border-radius:6px;"
        )
        self.batch_label.setText(self._batch_text(board))
        self._show_lanes(board)
        self.notice_label.setText("    ".join(board.notices))
        self.notice_label.setVisible(bool(board.notices))
        calls = board.calls
        if calls:
            newest = calls[0]
            missed = f"{newest.number} " + self.tr("过号")
            self.call_label.setText(missed if newest.missed else call_text(newest))
            self._fit_call(min(max(self.height(), 360) / 720, max(self.width(), 640) / 1280))
        padded = [*calls[1:], *[None] * RECENT_SHOWN]
        for label, call in zip(self.recent_labels, padded, strict=False):
            self._show_recent(label, call)
        self._announce_new(calls)

    def _show_recent(self, label: QLabel, call: Call | None) -> None:
        """An earlier call; one nobody answered says 过号, dimmed, so nobody walks up late."""
        if call is None:
            label.setText("")
            return
        text = f"{call.number} → {call.table}号台"
        label.setText(text + " " + self.tr("过号") if call.missed else text)
        label.setStyleSheet(f"color:{MISSED if call.missed else TEXT};")

    def _batch_text(self, board: Board) -> str:
        """The building batch being called down now, and the next one, so a building sees it
        coming."""
        parts = []
        if board.batches:
            parts.append(self.tr("当前楼栋：") + "、".join(board.batches))
        if board.next_batches:
            parts.append(self.tr("下一批：") + "、".join(board.next_batches))
        return "    ".join(parts)

    def _show_lanes(self, board: Board) -> None:
        while len(self.lane_labels) < len(board.lanes):
            label = QLabel()
            label.setWordWrap(True)
            self.lanes_box.insertWidget(len(self.lane_labels) + 1, label)
            self.lane_labels.append(label)
            self._apply_sizes()
        for label, lane in zip(self.lane_labels, board.lanes, strict=False):
            colour = "#36d399" if lane.priority else TEXT
            label.setStyleSheet(f"color:{colour};padding:6px 0;")
            label.setText(
                f"{lane.name}\n"
                + self.tr("等候 ")
                + f"{lane.waiting} "
                + self.tr("人 · 约 ")
                + f"{round(lane.wait_min)} "
                + self.tr("分钟")
            )
        for label in self.lane_labels[len(board.lanes) :]:
            label.setText("")

    def _announce_new(self, calls: list[Call]) -> None:
        newest = calls[0].seq if calls else 0
        if self._last_seq is None:  # calls made before the display started are not announced
            self._last_seq = newest
            return
        fresh = [c for c in reversed(calls) if c.seq > self._last_seq]
        self._last_seq = max(self._last_seq, newest)
        shown_at = time.time()
        for call in fresh:
            self.call_shown.emit(call.seq, call.number, shown_at)
            if not self._announce(call_text(call)):
                self._start_flash()

    # ----- no voice: the number flashes instead ----------------------------------------------
    def _start_flash(self) -> None:
        self._flash_left = FLASHES
        self._flasher.start(350)

    def _flash(self) -> None:
        self._flash_left -= 1
        on = self._flash_left % 2 == 1
        colour = (BACKGROUND, CALL_COLOUR) if on else (CALL_COLOUR, BACKGROUND)
        self.call_label.setStyleSheet(f"color:{colour[0]};background:{colour[1]};")
        if self._flash_left <= 0:
            self._flasher.stop()
            self.call_label.setStyleSheet(f"color:{CALL_COLOUR};background:{BACKGROUND};")
