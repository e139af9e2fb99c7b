"""The personal code slip (个人码): a printed Code128 so the next visit is one scan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from station.labels import code128_png
from station.masking import mask_document_number, mask_name
from station.records import Person
from ui.theme import cjk_family, font

BARCODE_DPI = 600
SLIP_SIZE_MM = (148.0, 105.0)  # A6 landscape: a 45-character Code128 at 0.25 mm fits


def _paint(painter: QPainter, page: QRectF, person: Person, payload: str, site: str) -> None:
    family = cjk_family()
    unit = page.height() / (SLIP_SIZE_MM[1] - 8)  # one millimetre in device units
    painter.setFont(font(int(5 * unit), bold=True, family=family))
    painter.drawText(
        QRectF(0, 0, page.width(), 9 * unit), Qt.AlignmentFlag.AlignCenter, "核酸采样个人码"
    )
    painter.setFont(font(int(4 * unit), family=family))
    lines = f"{mask_name(person.name) or '—'}    {mask_document_number(person.document.number)}"
    painter.drawText(
        QRectF(0, 9 * unit, page.width(), 7 * unit), Qt.AlignmentFlag.AlignCenter, lines
    )
    barcode = QImage.fromData(
        code128_png(payload, human_text="", dpi=BARCODE_DPI, module_width_mm=0.2, height_mm=25.0)
    )
    # Natural size, never squeezed: narrowed bars are what scanners misread.
    scale = unit * 25.4 / BARCODE_DPI
    width, height = barcode.width() * scale, barcode.height() * scale
    target = QRectF((page.width() - width) / 2, 18 * unit, width, height)
    painter.drawImage(target, barcode)
    painter.setFont(font(int(3 * unit), family=family))
    painter.drawText(
        QRectF(0, 18 * unit + height + 4 * unit, page.width(), 14 * unit),
        Qt.AlignmentFlag.AlignCenter,
        f"{site} · {date.today().isoformat()}\n下次采样请出示此码，一扫即录",
    )


def write_slip_pdf(path: Path, person: Person, payload: str, site: str) -> Path:
    """Write one slip as a PDF page (text embedded with the CJK font)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QRectF(0, 0, *SLIP_SIZE_MM).size(), QPageSize.Unit.Millimeter))
    writer.setPageMargins(QMarginsF(4, 4, 4, 4), QPageLayout.Unit.Millimeter)
    writer.setTitle("核酸采样个人码")
    painter = QPainter(writer)
    try:
        _paint(painter, QRectF(painter.viewport()), person, payload, site)
    finally:
        painter.end()
    return path


def print_slip(person: Person, payload: str, site: str) -> bool:
    """Send the slip to the default printer; False when there is none (save a PDF instead)."""
    if QPrinterInfo.defaultPrinter().isNull():
        return False
    printer = QPrinter(QPrinterInfo.defaultPrinter())
    printer.setPageSize(QPageSize(QRectF(0, 0, *SLIP_SIZE_MM).size(), QPageSize.Unit.Millimeter))
    painter = QPainter(printer)
    try:
        _paint(painter, QRectF(painter.viewport()), person, payload, site)
    finally:
        painter.end()
    return True
