"""A4 label sheets as PDF: personal code slips and household codes, one barcode per label."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from station.core.barcodes import code128_png
from station.roster.label_sheets import SheetLabel
from ui.pdf import draw_watermark, pdf_family
from ui.theme import cjk_family, font

BARCODE_DPI = 600
MODULE_MM = 0.25  # at natural size: never squeezed, narrowed bars are what scanners misread
BAR_HEIGHT_MM = 12.0
ROWS = 8  # one label per row: a personal code is up to ~130 mm wide at 0.25 mm modules
MARGIN_MM = 8.0
PAGE_MM = (210.0, 297.0)
FOOTER_MM = 6.0  # above the bottom margin: who printed the sheet, when and why (issue 14)


def _paint_label(painter: QPainter, box: QRectF, label: SheetLabel, unit: float) -> None:
    family = cjk_family()
    painter.setPen(QPen(Qt.GlobalColor.lightGray, 0))
    painter.drawRect(box)
    painter.setPen(QPen(Qt.GlobalColor.black))
    painter.setFont(font(int(3.6 * unit), bold=True, family=family))
    painter.drawText(
        QRectF(box.left() + 3 * unit, box.top() + 1.5 * unit, box.width() - 6 * unit, 5 * unit),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        label.title,
    )
    painter.setFont(font(int(3 * unit), family=family))
    painter.drawText(
        QRectF(box.left() + 3 * unit, box.top() + 6.5 * unit, box.width() - 6 * unit, 4.5 * unit),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        label.detail,
    )
    image = QImage.fromData(
        code128_png(
            label.payload,
            human_text="",
            dpi=BARCODE_DPI,
            module_width_mm=MODULE_MM,
            height_mm=BAR_HEIGHT_MM,
        )
    )
    scale = unit * 25.4 / BARCODE_DPI
    width, height = image.width() * scale, image.height() * scale
    painter.drawImage(
        QRectF(box.left() + (box.width() - width) / 2, box.top() + 12 * unit, width, height), image
    )


def _paint_footer(painter: QPainter, unit: float, text: str) -> None:
    """The export's watermark (operator, time, reason) across the foot of the page, in up to
    two lines, smaller type for a longer reason: never cut."""
    if not text:
        return
    box = QRectF(
        MARGIN_MM * unit,
        (PAGE_MM[1] - MARGIN_MM - FOOTER_MM) * unit,
        (PAGE_MM[0] - 2 * MARGIN_MM) * unit,
        FOOTER_MM * unit,
    )
    flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    size = 2.6
    while True:
        face = font(int(size * unit), family=pdf_family())
        needed = QFontMetricsF(face).boundingRect(box, flags, text)
        if size <= 1.4 or needed.height() <= box.height():
            break
        size -= 0.2
    painter.save()
    painter.setFont(face)
    painter.setPen(QPen(Qt.GlobalColor.black))
    painter.drawText(box, flags, text)
    painter.restore()


def write_label_sheets(
    path: Path, labels: list[SheetLabel], title: str = "核酸采样标签", watermark: str = ""
) -> Path:
    """Lay the labels out on A4 pages, ROWS to a page, and write them to a PDF. `watermark`:
    a bulk export's line (who, when, why) at the foot of every page."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    painter = QPainter(writer)
    try:
        page = QRectF(painter.viewport())
        unit = page.width() / PAGE_MM[0]  # one millimetre in device units
        row_mm = (PAGE_MM[1] - 2 * MARGIN_MM - FOOTER_MM) / ROWS
        for index, label in enumerate(labels):
            if index and index % ROWS == 0:
                draw_watermark(painter, page)  # a training station's sheets say so (issue 15)
                _paint_footer(painter, unit, watermark)
                writer.newPage()
            top = (MARGIN_MM + (index % ROWS) * row_mm) * unit
            box = QRectF(MARGIN_MM * unit, top, (PAGE_MM[0] - 2 * MARGIN_MM) * unit, row_mm * unit)
            _paint_label(painter, box, label, unit)
        draw_watermark(painter, page)
        _paint_footer(painter, unit, watermark)
    finally:
        painter.end()
    return path
