"""A label that never grows with its text: wrapped anywhere into at most N lines, then elided.

A QLabel asks its layout for the width of its longest word: one scan of 120 digits quoted in
a message widened the window to 3,213 px and pushed the count off the screen. A FitLabel asks
for no width at all and for the height of its N lines only; whatever text arrives is cut to
fit, and shown as plain text (a scanned "<b>" is not markup).
"""

from __future__ import annotations

import re
from itertools import pairwise

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

_LINE_SEPARATOR = "\u2028"  # what QTextLayout breaks a line at ("\n" it would draw)
# A tight line, in em: room for ideographs and brackets, a Latin descender reaching the padding.
TIGHT_LINE = 1.3


class FitLabel(QLabel):
    def __init__(
        self,
        text: str = "",
        lines: int = 1,
        parent: QWidget | None = None,
        snug: bool = False,
        tight: bool = False,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._lines = lines
        self._snug = snug  # as high as the lines shown, not as the most it may show
        self._tight = tight  # one line as high as its ink, not its font's line spacing
        self._high = lines
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
        spacing = QFontMetrics(self.font()).lineSpacing()
        if self._tight and self._high == 1:  # Noto CJK's line is 1.45 em; the ink 1.0 to 1.2
            spacing = min(spacing, int(self.font().pixelSize() * TIGHT_LINE) + 1)
        height = spacing * self._high
        return QSize(0, height + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def show_in(self, font: QFont, lines: int, text: str, tight: bool = False) -> None:
        """Show `text` in `font` on at most `lines` lines (one `tight` line: see TIGHT_LINE)."""
        self._full = text
        if lines != self._lines or tight != self._tight:
            self._lines = lines
            self._high = lines
            self._tight = tight
            self.updateGeometry()
        if font != self.font():
            self.setFont(font)  # its FontChange refits the text
        else:
            self._fit()

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
        high = len(shown) if self._snug else self._lines
        if high != self._high:
            self._high = high
            self.updateGeometry()

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


# Where a message's headline ends, in order of preference: (separator, kept at the headline's
# end, kept at the detail's start). A colon ends the news ("身份证号校验不通过：号码有误…");
# a headline too long for one line falls back to its first clause.
_HEADLINE_BREAKS = (
    ("：", "", ""),
    (": ", "", ""),
    ("？", "？", ""),
    ("? ", "?", ""),
    ("（", "", "（"),
    (" (", "", "("),
    ("，", "", ""),
    (", ", "", ""),
)
_QUOTED = re.compile(r"「[^」]*」")  # a quoted scan: its colons are not the message's


def headlines(text: str) -> list[tuple[str, str]]:
    """The ways to show `text` as a headline and its detail, the preferred first: split at
    the first colon, else at the first question mark, bracket or comma (never inside a quoted
    scan), headline and detail both non-empty."""
    text = text.replace("\n", " ")
    masked = _QUOTED.sub(lambda m: "_" * len(m[0]), text)
    found: list[tuple[str, str]] = []
    for separator, head_end, detail_start in _HEADLINE_BREAKS:
        at = masked.find(separator)
        if at <= 0:
            continue
        head = text[:at].strip() + head_end
        detail = detail_start + text[at + len(separator) :].strip()
        if detail.strip() and (head, detail) not in found:
            found.append((head, detail))
    return found


class BandLabel(QFrame):
    """The band: a message is shown on one line, in the largest type up to `large` at which it
    fits. One too long for that shows its headline (the part before "：") on one line in large
    type, down to `HEADLINE_FLOOR` of `small`, and its detail below in `DETAIL_SHARE` of
    `large`, on up to `lines` lines; one with no such headline is shown in `small` on up to
    `lines` lines. The news (a tail number, a count, what was refused) reads from furthest
    away (tests/ui/test_legible.py), the detail at the table.

    `text()` is the whole message as set, `shown()` what is on the screen, a line each."""

    HEADLINE_SCALE = 1.15
    HEADLINE_FLOOR = 0.9
    DETAIL_SHARE = 0.22

    def __init__(self, lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._most = lines
        self._sizes: tuple[QFont, QFont] | None = None
        self.headline = FitLabel()
        self.headline.setObjectName("band_headline")
        self.detail = FitLabel(lines=lines, snug=True)
        self.detail.setObjectName("band_detail")
        self.detail.hide()
        for part in (self.headline, self.detail):
            part.setStyleSheet("padding:0px;")  # the band's padding is around both, once
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._full

    def shown(self) -> str:
        parts = [self.headline.shown()]
        if not self.detail.isHidden():
            parts.append(self.detail.shown())
        return "\n".join(parts)

    def setText(self, text: str) -> None:
        if text == self._full and self.headline.shown():
            return  # each scan sets the band; most scans keep its text
        self._full = text
        self._choose()

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        self.headline.setAlignment(alignment)
        self.detail.setAlignment(alignment)

    def set_fonts(self, large: QFont, small: QFont) -> None:
        self._sizes = (large, small)
        self._choose()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._choose()

    def _choose(self) -> None:
        if self._sizes is None:
            self.headline.setText(self._full)
            return
        large, small = self._sizes
        text = self._full
        one_line = self._fitted(large, text)
        if "\n" not in text and one_line.pixelSize() >= small.pixelSize():
            return self._show((one_line, 1, text), None, tight=True)
        big = QFont(large)
        big.setPixelSize(int(large.pixelSize() * self.HEADLINE_SCALE))
        floor = int(big.pixelSize() * self.HEADLINE_FLOOR)
        fitting = [(self._fitted(big, head), head, rest) for head, rest in headlines(text)]
        fitting = [choice for choice in fitting if choice[0].pixelSize() >= floor]
        if not fitting:
            return self._show((small, self._most, text), None)
        # The first that fits in full size, else the largest: the bigger, the further it reads.
        chosen, head, rest = max(fitting, key=lambda choice: choice[0].pixelSize())
        detail = QFont(large)
        detail.setPixelSize(max(8, int(large.pixelSize() * self.DETAIL_SHARE)))
        self._show((chosen, 1, head), (detail, rest), tight=True)

    def _fitted(self, large: QFont, text: str) -> QFont:
        """`large`, or smaller as much as `text` needs to fit on one line."""
        chosen = QFont(large)
        advance = QFontMetrics(large).horizontalAdvance(text)
        room = self.headline.contentsRect().width() - 2
        if advance > room > 0:
            chosen.setPixelSize(max(1, large.pixelSize() * room // advance))
        return chosen

    def _show(
        self, head: tuple[QFont, int, str], detail: tuple[QFont, str] | None, tight: bool = False
    ) -> None:
        font, lines, text = head
        self.headline.show_in(font, lines, text, tight)
        if detail is None:
            self.detail.hide()
            self.detail.setText("")
        else:
            self.detail.show_in(detail[0], self._most, detail[1])
            self.detail.show()


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
