"""A label that never grows with its text: wrapped anywhere into at most N lines, then elided.

A QLabel asks its layout for the width of its longest word: one scan of 120 digits quoted in
a message widened the window to 3,213 px and pushed the count off the screen. A FitLabel asks
for no width at all and for the height of its N lines only; whatever text arrives is cut to
fit, and shown as plain text (a scanned "<b>" is not markup).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_LINE_SEPARATOR = "\u2028"  # what QTextLayout breaks a line at ("\n" it would draw)


class FitLabel(QLabel):
    def __init__(self, text: str = "", lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._lines = lines
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    # The whole text, as set; `shown()` is what fits on the screen.
    def text(self) -> str:
        return self._full

    def shown(self) -> str:
        return super().text()

    def setText(self, text: str) -> None:
        if text == self._full and self.shown():
            return  # each scan sets every label; most of them keep their text
        self._full = text
        self._fit()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        height = QFontMetrics(self.font()).lineSpacing() * self._lines
        return QSize(0, height + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
            self._fit()

    def _fit(self) -> None:
        width = max(self.contentsRect().width(), 1)
        metrics = QFontMetrics(self.font())
        text = self._full.replace("\r\n", "\n").replace("\n", _LINE_SEPARATOR)
        starts = self._line_starts(text, width)
        if len(starts) <= self._lines:
            shown = [text[a:b] for a, b in pairwise([*starts, len(text)])]
        else:
            keep = starts[: self._lines]
            shown = [text[a:b] for a, b in pairwise(keep)]
            last = text[keep[-1] :].replace(_LINE_SEPARATOR, " ")
            shown.append(metrics.elidedText(last, Qt.TextElideMode.ElideRight, width))
        super().setText("\n".join(line.strip(_LINE_SEPARATOR).rstrip() for line in shown))

    def _line_starts(self, text: str, width: int) -> list[int]:
        """Where each line starts, wrapping at word boundaries or, failing that, anywhere;
        stops one line past what is shown, so a 10 KB text costs no more than a short one."""
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        starts: list[int] = []
        layout.beginLayout()
        while len(starts) <= self._lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        return starts or [0]


class BandLabel(FitLabel):
    """The band: a message is shown on one line, in the largest type up to `large` at which it
    fits; one that would need type smaller than `small` is shown in `small` on up to `lines`
    lines. The short news (a tail number, a count, a refusal's words) reads from furthest away
    and a long message is still shown whole."""

    def __init__(self, lines: int = 2, parent: QWidget | None = None) -> None:
        self._most = lines
        self._sizes: tuple[QFont, QFont] | None = None
        super().__init__("", lines, parent)

    def set_fonts(self, large: QFont, small: QFont) -> None:
        self._sizes = (large, small)
        self._choose()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._choose()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._choose()

    def _choose(self) -> None:
        if self._sizes is None:
            return
        large, small = self._sizes
        chosen, lines = QFont(large), 1
        advance = QFontMetrics(large).horizontalAdvance(self.text())
        room = self.contentsRect().width() - 2
        if advance > room:
            chosen.setPixelSize(large.pixelSize() * room // advance)
        if "\n" in self.text() or chosen.pixelSize() < small.pixelSize():
            chosen, lines = small, self._most
        if lines != self._lines:
            self._lines = lines
            self.updateGeometry()
        if chosen != self.font():
            self.setFont(chosen)  # its FontChange refits the text
        else:
            self._fit()


class CountLabel(QLabel):
    """The count: as large as `largest`, but never taller than the room the layout gives it, so
    banners above it (a recall, no audio, training) shrink its type instead of cutting its
    digits off."""

    SAMPLE = "0123456789/"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._largest: QFont | None = None

    @property
    def largest(self) -> QFont | None:
        return self._largest

    @largest.setter
    def largest(self, value: QFont) -> None:
        self._largest = value
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._largest is None:
            return
        chosen = QFont(self._largest)
        size = chosen.pixelSize()
        ink = QFontMetrics(chosen).tightBoundingRect(self.SAMPLE).height()
        room = self.contentsRect().height() - 4
        if ink > room > 0:
            chosen.setPixelSize(max(12, int(size * room / ink)))
        if chosen != self.font():
            self.setFont(chosen)
