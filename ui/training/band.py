"""The training band: wide diagonal stripes and 培训模式 TRAINING, on every training window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygon
from PySide6.QtWidgets import QWidget

from ui.theme import font

STRIPE = QColor("#f5b800")  # amber and black, like a road works barrier
DARK = QColor("#111111")
HEIGHT = 64
STRIPE_W = 36


class TrainingBand(QWidget):
    """Painted, not styled: no screenshot or photo of the screen can miss it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingBand")
        self.setFixedHeight(HEIGHT)
        self.text = self.tr("培训模式 TRAINING · 数据不计入正式记录")
        self.setToolTip(self.text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        painter.fillRect(0, 0, w, h, STRIPE)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(DARK)
        for x in range(-h, w + h, 2 * STRIPE_W):
            painter.drawPolygon(QPolygon(_stripe(x, h)))
        painter.setFont(font(26, bold=True))
        metrics = painter.fontMetrics()
        box_w = metrics.horizontalAdvance(self.text) + 48
        box = QRect((w - box_w) // 2, 6, box_w, h - 12)
        painter.setBrush(STRIPE)
        painter.setPen(QPen(DARK, 3))
        painter.drawRect(box)
        painter.setPen(DARK)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), self.text)
        painter.end()


def _stripe(x: int, h: int) -> list[QPoint]:
    return [QPoint(x, h), QPoint(x + STRIPE_W, h), QPoint(x + STRIPE_W + h, 0), QPoint(x + h, 0)]
