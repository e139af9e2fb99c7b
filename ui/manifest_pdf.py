"""The handover manifest (交接单) as an A4 PDF drawn with Qt, Chinese font embedded."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, Qt
from PySide6.QtGui import (
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

from station.labels import code128_png
from station.manifest import Manifest, ManifestLine

DPI = 300
# Fonts with the whole of GB 18030's common set; the first one found is embedded in the PDF.
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
TUBE_BAR_HEIGHT_MM = 8.0
BOX_BAR_HEIGHT_MM = 12.0
ROW_MM = 15.0  # one tube row: its barcode with the digits under it, and some air
COLUMNS = 2  # tubes side by side, so a box of 100 fits on four pages


def _gui() -> None:
    """QPainter needs a QGuiApplication; the headless command has none yet."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _gui.app = QGuiApplication([])  # type: ignore[attr-defined]


def cjk_family() -> str:
    for path in CJK_FONTS:
        if Path(path).is_file():
            font_id = QFontDatabase.addApplicationFont(path)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                return families[0]
    raise RuntimeError("no Chinese font found (install fonts-wqy-microhei): " + ", ".join(CJK_FONTS))


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


class _Page:
    """Millimetre drawing on a QPainter at DPI dots per inch."""

    def __init__(self, painter: QPainter, family: str) -> None:
        self.p = painter
        self.family = family

    @staticmethod
    def dots(mm: float) -> int:
        return round(mm * DPI / 25.4)

    def text(self, x: float, y: float, w: float, h: float, text: str, size: float = 10,
             bold: bool = False, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        font = QFont(self.family)
        font.setPointSizeF(size)
        font.setBold(bold)
        self.p.setFont(font)
        rect = QRect(self.dots(x), self.dots(y), self.dots(w), self.dots(h))
        self.p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)

    def barcode(self, x: float, y: float, text: str, height_mm: float) -> float:
        """Draw a Code128 label at (x, y) in mm, pixel for pixel; returns its width in mm."""
        image = QImage.fromData(code128_png(text, dpi=DPI, height_mm=height_mm), "PNG")
        self.p.drawImage(self.dots(x), self.dots(y), image)
        return image.width() * 25.4 / DPI

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.3) -> None:
        self.p.setPen(QPen(Qt.GlobalColor.black, self.dots(width)))
        self.p.drawLine(self.dots(x1), self.dots(y1), self.dots(x2), self.dots(y2))


def _pages(lines: list[ManifestLine], first: int, rest: int) -> list[list[ManifestLine]]:
    pages = [lines[:first]]
    lines = lines[first:]
    while lines:
        pages.append(lines[:rest])
        lines = lines[rest:]
    return pages


def write_manifest_pdf(manifest: Manifest, path: Path) -> Path:
    """Write the manifest; every barcode on it is a real Code128 a scanner reads."""
    _gui()
    family = cjk_family()
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle(f"交接单 {manifest.box.barcode}")
    writer.setCreator("NAT Station 核酸采样录入站")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    try:
        _draw(manifest, _Page(painter, family), writer)
    finally:
        painter.end()
    return path


_W, _H, _M = 210.0, 297.0, 12.0  # A4 and its margin, mm
_HEADER_MM = 40.0
_FOOTER_MM = 64.0  # totals, times, people and signatures on the last page


def _draw(m: Manifest, page: _Page, writer: QPdfWriter) -> None:
    body = _H - 2 * _M - _HEADER_MM - 12
    per_page = int(body // ROW_MM) * COLUMNS
    last_room = int((body - _FOOTER_MM) // ROW_MM) * COLUMNS
    chunks = _pages(m.lines, per_page, per_page)
    if len(chunks[-1]) > last_room:
        chunks.append([])  # the totals and signatures need a page of their own
    total = len(chunks)
    for number, chunk in enumerate(chunks, start=1):
        if number > 1:
            writer.newPage()
        _header(m, page, number, total)
        y = _M + _HEADER_MM
        _table(page, chunk, y)
        if number == total:
            rows = -(-len(chunk) // COLUMNS)
            _footer(m, page, y + 8 + rows * ROW_MM + 4)


def _header(m: Manifest, page: _Page, number: int, total: int) -> None:
    page.text(_M, _M, _W - 2 * _M, 10, "核酸样本转运交接单", 18, True,
              Qt.AlignmentFlag.AlignHCenter)
    page.text(_M, _M + 11, 110, 6, f"采样点：{m.site}", 11)
    page.text(_M, _M + 17, 110, 6, f"转运箱：{m.box.barcode}    共 {len(m.lines)} 管 "
              f"{m.people} 人", 11)
    page.text(_M, _M + 23, 110, 6, f"第 {number}/{total} 页    打印时间：{_local(m.printed_at)}",
              9)
    page.barcode(_W - _M - 62, _M + 11, m.box.barcode, BOX_BAR_HEIGHT_MM)
    page.line(_M, _M + _HEADER_MM - 4, _W - _M, _M + _HEADER_MM - 4, 0.5)


def _table(page: _Page, chunk: list[ManifestLine], y: float) -> None:
    width = (_W - 2 * _M) / COLUMNS
    for c in range(COLUMNS):
        x = _M + c * width
        page.text(x, y, 10, 6, "序号", 9, True)
        page.text(x + 10, y, 42, 6, "试管条码", 9, True)
        page.text(x + 57, y, 14, 6, "人数", 9, True)
        page.text(x + 71, y, 22, 6, "混采模式", 9, True)
    rows = -(-len(chunk) // COLUMNS)
    for i, line in enumerate(chunk):
        # Down the first column, then the second: the order the tubes went into the box.
        c, r = divmod(i, rows) if rows else (0, 0)
        x, top = _M + c * width, y + 8 + r * ROW_MM
        page.text(x, top, 10, 10, str(line.number), 10)
        page.barcode(x + 8, top, line.tube, TUBE_BAR_HEIGHT_MM)
        page.text(x + 57, top, 14, 10, str(line.people), 12, True)
        page.text(x + 71, top, 22, 10, line.mode_label, 11)
        page.line(x, top + ROW_MM - 1, x + width - 4, top + ROW_MM - 1, 0.1)


def _footer(m: Manifest, page: _Page, y: float) -> None:
    box = m.box
    modes = "，".join(f"{label} {tubes} 管 {people} 人" for label, tubes, people in m.by_mode())
    page.line(_M, y, _W - _M, y, 0.5)
    page.text(_M, y + 2, _W - 2 * _M, 7, f"合计：{len(m.lines)} 管，{m.people} 人（{modes}）",
              12, True)
    counted = "—" if box.counted is None else str(box.counted)
    page.text(_M, y + 10, _W - 2 * _M, 6,
              f"系统数量 {box.count} 管，封箱清点 {counted} 管", 10)
    page.text(_M, y + 16, _W - 2 * _M, 6,
              f"开箱：{_local(box.opened_at)}    封箱：{_local(box.closed_at)}    "
              f"交接：{_local(box.handed_at)}", 10)
    transporter = box.transporter or "________"
    phone = f"（{box.transporter_phone}）" if box.transporter_phone else ""
    page.text(_M, y + 22, _W - 2 * _M, 6,
              f"录入员：{m.recorder}    转运人：{transporter}{phone}", 10)
    signatures = ("交接人（采样点）签字", "转运人签字", "实验室接收人签字")
    width = (_W - 2 * _M) / len(signatures)
    for i, label in enumerate(signatures):
        x = _M + i * width
        page.text(x, y + 34, width - 6, 6, label, 10)
        page.line(x, y + 50, x + width - 8, y + 50, 0.3)
        page.text(x, y + 53, 18, 6, "日期时间：", 9)
        page.line(x + 17, y + 58, x + width - 8, y + 58, 0.2)
