"""RecallBanner: the red strip at the top of the recorder window while any recall is open.

Light on purpose: it is built at start, the recall page only when it is first needed (the
banner's `board_read` tells the window when a recall is open).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from station.lab.recall import RecallService, RecallView, Urgency
from ui.theme import cjk_family, font

RED, DARK_RED, AMBER, GREEN = "#c8102e", "#7a0019", "#f2a900", "#0a7d24"
REFRESH_MS = 30_000  # the clock against the 6-hour target; changes come through the watch
URGENCY_COLOURS = {
    Urgency.ON_TIME: RED,
    Urgency.NEAR: AMBER,
    Urgency.OVERDUE: DARK_RED,
    Urgency.DONE: GREEN,
}


def clock_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


class RecallBanner(QLabel):
    """A red strip for the top of the recorder window while any recall is open."""

    board_read = Signal(list)  # list[RecallView], after each look of its own at the board

    def __init__(self, recall: RecallService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recall = recall
        self.views: list[RecallView] = []
        self.setWordWrap(True)
        self.setFont(font(26, bold=True, family=cjk_family()))
        self.setStyleSheet(f"background:{RED};color:#ffffff;padding:8px;")
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.refresh()

    def refresh(self) -> None:
        self.show_views(self.recall.board())
        self.board_read.emit(self.views)

    def show_views(self, views: list[RecallView]) -> None:
        """Show a board already read (the recall page's, as it follows every change)."""
        self.views = views
        if not views:
            self.hide()
            return
        waiting = sum(len(v.lines) - v.done for v in views)
        worst = views[0]
        left = int(worst.remaining.total_seconds() // 60)
        colour = URGENCY_COLOURS[worst.urgency]
        self.setStyleSheet(f"background:{colour};color:#ffffff;padding:8px;")
        self.setText(
            self.tr("⚠ 阳性召回 {0} 管，{1} 人未出复核结果，距 6 小时目标 {2}").format(
                len(views), waiting, clock_text(left)
            )
        )
        self.show()
