"""The ticket slip (排队小票): number, lane, time, estimated wait, masked name, Code128."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from station.core.barcodes import code128_png
from station.queue.service import Issued
from ui.pdf import draw_watermark
from ui.theme import cjk_family, font

SLIP_SIZE_MM = (80.0, 90.0)  # an 80 mm thermal roll


def paint_slip(painter: QPainter, page: QRectF, issued: Issued, lane_name: str, site: str) -> None:
    ticket = issued.ticket
    family = cjk_family()
    unit = page.height() / SLIP_SIZE_MM[1]  # one millimetre in device units
    painter.setPen(QColor("#000000"))

    def line(
        top_mm: float, height_mm: float, text: str, size_mm: float, bold: bool = False
    ) -> None:
        painter.setFont(font(int(size_mm * unit), bold=bold, family=family))
        painter.drawText(
            QRectF(0, top_mm * unit, page.width(), height_mm * unit),
            Qt.AlignmentFlag.AlignCenter,
            text,
        )

    line(0, 7, site, 4)
    line(7, 6, lane_name, 4.5, bold=True)
    line(13, 20, ticket.number, 16, bold=True)
    local = ticket.issued_at.astimezone()
    line(33, 6, f"{local:%Y-%m-%d %H:%M}  约等 {round(issued.wait_min)} 分钟", 3.6)
    line(39, 6, ticket.masked_name or "—", 4)
    barcode = QImage.fromData(
        code128_png(ticket.barcode, human_text="", module_width_mm=0.25, height_mm=14.0)
    )
    width = min(page.width(), barcode.width() * unit * 25.4 / 300)
    painter.drawImage(QRectF((page.width() - width) / 2, 46 * unit, width, 22 * unit), barcode)
    note = "请留意叫号屏，叫到后到对应采样台出示本票"
    if issued.outside_batch:
        note = "非本时段楼栋（已登记）\n" + note
    line(70, 16, note, 3.2)
    draw_watermark(painter, page)  # a training station's slips say so (issue 15)


def slip_image(issued: Issued, lane_name: str, site: str, dots_per_mm: float = 8.0) -> QImage:
    """The slip as an image, for the screen when there is no printer."""
    size = QSizeF(SLIP_SIZE_MM[0] * dots_per_mm, SLIP_SIZE_MM[1] * dots_per_mm).toSize()
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        paint_slip(painter, QRectF(0, 0, size.width(), size.height()), issued, lane_name, site)
    finally:
        painter.end()
    return image


def write_slip_pdf(path: Path, issued: Issued, lane_name: str, site: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QSizeF(*SLIP_SIZE_MM), QPageSize.Unit.Millimeter))
    writer.setPageMargins(QMarginsF(2, 2, 2, 2), QPageLayout.Unit.Millimeter)
    writer.setTitle(f"排队小票 {issued.ticket.number}")
    painter = QPainter(writer)
    try:
        paint_slip(painter, QRectF(painter.viewport()), issued, lane_name, site)
    finally:
        painter.end()
    return path


def print_slip(issued: Issued, lane_name: str, site: str) -> bool:
    """Send the slip to the default printer; False when there is none."""
    if QPrinterInfo.defaultPrinter().isNull():
        return False
    printer = QPrinter(QPrinterInfo.defaultPrinter())
    printer.setPageSize(QPageSize(QSizeF(*SLIP_SIZE_MM), QPageSize.Unit.Millimeter))
    painter = QPainter(printer)
    try:
        paint_slip(painter, QRectF(painter.viewport()), issued, lane_name, site)
    finally:
        painter.end()
    return True
