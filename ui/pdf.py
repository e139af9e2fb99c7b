"""Printed pages drawn with Qt's PDF writer in millimetres: text with the Chinese font embedded,
Code128 barcodes pixel for pixel, rules. Manifests, slips, label sheets and cards use it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QApplication

from station.core.barcodes import code128_png
from ui.theme import cjk_family

DPI = 300
A4_MM = (210.0, 297.0)
# Set once by a training station (issue 15): every page it prints says so across the page.
_watermark = ""


def set_watermark(text: str) -> None:
    global _watermark
    _watermark = text


def watermark_text() -> str:
    return _watermark


# Font files with the whole common set of GB 18030, for machines whose font database has none
# registered; the first found is embedded in the PDF.
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)


def ensure_gui() -> None:
    """QPainter needs an application object; a headless command has none yet. A widgets
    QApplication, so that a window opened later in the same process can use it too."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ensure_gui.app = QApplication([])  # type: ignore[attr-defined]  # kept alive on the function


# Fonts whose glyphs each stand for one character. Noto Sans CJK draws 里 and the Kangxi radical
# ⾥ (U+2F65) with one glyph, and Qt's PDF text layer then says ⾥: a manifest or a list copied,
# searched or read aloud from the PDF would carry the wrong characters.
PDF_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback")


def pdf_family() -> str:
    """A Chinese font for print; a PDF of empty boxes is worse than no PDF, so none raises."""
    families = set(QFontDatabase.families())
    for family in PDF_FAMILIES:
        if family in families:
            return family
    family = cjk_family()
    if family:
        return family
    for path in CJK_FONT_FILES:
        if Path(path).is_file():
            font_id = QFontDatabase.addApplicationFont(path)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                return families[0]
    raise RuntimeError(
        "no Chinese font found (install fonts-wqy-microhei): " + ", ".join(CJK_FONT_FILES)
    )


class Page:
    """Millimetre drawing on a QPainter at DPI dots per inch."""

    def __init__(self, painter: QPainter, family: str) -> None:
        self.p = painter
        self.family = family

    @staticmethod
    def dots(mm: float) -> int:
        return round(mm * DPI / 25.4)

    def text(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        size: float = 10,
        bold: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        font = QFont(self.family)
        font.setPointSizeF(size)
        font.setBold(bold)
        self.p.setFont(font)
        rect = QRect(self.dots(x), self.dots(y), self.dots(w), self.dots(h))
        self.p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)

    def barcode(
        self,
        x: float,
        y: float,
        text: str,
        height_mm: float,
        *,
        human_text: str | None = None,
        module_width_mm: float = 0.25,
    ) -> float:
        """Draw a Code128 label at (x, y) in mm, pixel for pixel; returns its width in mm.

        Never scaled: squeezed bars are what scanners misread."""
        png = code128_png(
            text,
            human_text=human_text,
            dpi=DPI,
            height_mm=height_mm,
            module_width_mm=module_width_mm,
        )
        image = QImage.fromData(png, "PNG")
        self.p.drawImage(self.dots(x), self.dots(y), image)
        return image.width() * 25.4 / DPI

    @staticmethod
    def barcode_width(text: str, module_width_mm: float = 0.25) -> float:
        image = QImage.fromData(
            code128_png(text, human_text="", dpi=DPI, module_width_mm=module_width_mm), "PNG"
        )
        return image.width() * 25.4 / DPI

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.3) -> None:
        self.p.setPen(QPen(Qt.GlobalColor.black, self.dots(width)))
        self.p.drawLine(self.dots(x1), self.dots(y1), self.dots(x2), self.dots(y2))

    def watermark(self, size_mm: tuple[float, float], text: str | None = None) -> None:
        width, height = size_mm
        draw_watermark(self.p, QRectF(0, 0, self.dots(width), self.dots(height)), text)


def draw_watermark(painter: QPainter, page: QRectF, text: str | None = None) -> None:
    """Diagonal lines of `text` (the station's watermark) over the whole page in device units,
    translucent, so nothing on the page is hidden and every barcode still reads."""
    text = _watermark if text is None else text
    if not text:
        return
    short, reach = min(page.width(), page.height()), max(page.width(), page.height())
    painter.save()
    font = QFont(pdf_family())
    font.setPixelSize(max(8, int(short / 20)))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(200, 0, 0, 70))
    painter.translate(page.center())
    painter.rotate(-30)
    step = max(1, int(short / 3.5))
    for y in range(-int(reach), int(reach), step):
        painter.drawText(
            QRectF(-reach, y, 2 * reach, step),
            int(Qt.AlignmentFlag.AlignCenter),
            f"{text}    {text}    {text}",
        )
    painter.restore()


class _MarkedWriter(QPdfWriter):
    """Draws the watermark on each page before the next begins, and on the last at the end."""

    page: Page | None = None
    size_mm: tuple[float, float] = A4_MM

    def newPage(self) -> bool:
        if self.page is not None:
            self.page.watermark(self.size_mm)
        return super().newPage()


@contextmanager
def pdf_pages(
    path: Path, size_mm: tuple[float, float] | None, title: str
) -> Iterator[tuple[QPdfWriter, Page]]:
    """A PDF at `path` (A4 when `size_mm` is None), no margins: pages place their own."""
    ensure_gui()
    family = pdf_family()
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = _MarkedWriter(str(path))
    writer.size_mm = size_mm or A4_MM
    writer.setResolution(DPI)
    writer.setTitle(title)
    writer.setCreator("NAT Station 核酸采样录入站")
    size = (
        QPageSize(QPageSize.PageSizeId.A4)
        if size_mm is None
        else QPageSize(QSizeF(*size_mm), QPageSize.Unit.Millimeter)
    )
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    writer.page = page = Page(painter, family)
    try:
        yield writer, page
        page.watermark(writer.size_mm)
    finally:
        painter.end()
