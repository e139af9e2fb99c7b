"""The personal code slip (个人码): a printed Code128 so the next visit is one scan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from station.core.masking import mask_document_number, mask_name
from station.core.records import Person
from ui.pdf import Page, pdf_family, pdf_pages

# A5 landscape: a 50-character Code128 at 0.25 mm modules (3 dots at 300 dpi, 2 at 203 dpi,
# which label printers render cleanly) fits with its quiet zones.
SLIP_MM = (210.0, 148.0)
MODULE_MM = 0.25
CENTRE = Qt.AlignmentFlag.AlignHCenter


def _draw(page: Page, person: Person, payload: str, site: str) -> None:
    width, margin = SLIP_MM[0], 10.0
    inner = width - 2 * margin
    page.text(margin, 12, inner, 14, "核酸采样个人码", 24, True, CENTRE)
    who = f"{mask_name(person.name) or '—'}    {mask_document_number(person.document.number)}"
    page.text(margin, 28, inner, 10, who, 16, False, CENTRE)
    bars = Page.barcode_width(payload, MODULE_MM)
    page.barcode((width - bars) / 2, 44, payload, 35.0, human_text="", module_width_mm=MODULE_MM)
    page.text(margin, 88, inner, 9, f"{site} · {date.today().isoformat()}", 13, False, CENTRE)
    page.text(margin, 98, inner, 9, "下次采样请出示此码，一扫即录", 13, False, CENTRE)


def write_slip_pdf(path: Path, person: Person, payload: str, site: str) -> Path:
    """Write one slip as a PDF page (text embedded with the CJK font)."""
    with pdf_pages(path, SLIP_MM, "核酸采样个人码") as (_writer, page):
        _draw(page, person, payload, site)
    return path


def print_slip(person: Person, payload: str, site: str) -> bool:
    """Send the slip to the default printer; False when there is none (save a PDF instead)."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return False
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setResolution(300)
    printer.setPageSize(QPageSize(QSizeF(*SLIP_MM), QPageSize.Unit.Millimeter))
    painter = QPainter(printer)
    try:
        page = Page(painter, pdf_family())
        _draw(page, person, payload, site)
        page.watermark(SLIP_MM)  # training: the printed slip says so too
    finally:
        painter.end()
    return True
