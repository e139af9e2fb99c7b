"""The handover manifest (交接单) as an A4 PDF drawn with Qt, Chinese font embedded."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPdfWriter

from station.lab.manifest import Manifest, ManifestLine
from ui.pdf import Page, pdf_pages

TUBE_BAR_HEIGHT_MM = 8.0
BOX_BAR_HEIGHT_MM = 12.0
ROW_MM = 15.0  # one tube row: its barcode with the digits under it, and some air
COLUMNS = 2  # tubes side by side, so a box of 100 fits on four pages


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


def _pages(lines: list[ManifestLine], first: int, rest: int) -> list[list[ManifestLine]]:
    pages = [lines[:first]]
    lines = lines[first:]
    while lines:
        pages.append(lines[:rest])
        lines = lines[rest:]
    return pages


def write_manifest_pdf(manifest: Manifest, path: Path) -> Path:
    """Write the manifest; every barcode on it is a real Code128 a scanner reads."""
    path = Path(path)
    with pdf_pages(path, None, f"交接单 {manifest.box.barcode}") as (writer, page):
        _draw(manifest, page, writer)
    return path


_W, _H, _M = 210.0, 297.0, 12.0  # A4 and its margin, mm
_HEADER_MM = 40.0
_FOOTER_MM = 64.0  # totals, times, people and signatures on the last page


def _draw(m: Manifest, page: Page, writer: QPdfWriter) -> None:
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


def _header(m: Manifest, page: Page, number: int, total: int) -> None:
    page.text(
        _M, _M, _W - 2 * _M, 10, "核酸样本转运交接单", 18, True, Qt.AlignmentFlag.AlignHCenter
    )
    page.text(_M, _M + 11, 110, 6, f"采样点：{m.site}", 11)
    page.text(
        _M, _M + 17, 110, 6, f"转运箱：{m.box.barcode}    共 {len(m.lines)} 管 {m.people} 人", 11
    )
    page.text(_M, _M + 23, 110, 6, f"第 {number}/{total} 页    打印时间：{_local(m.printed_at)}", 9)
    page.barcode(_W - _M - 62, _M + 11, m.box.barcode, BOX_BAR_HEIGHT_MM)
    page.line(_M, _M + _HEADER_MM - 4, _W - _M, _M + _HEADER_MM - 4, 0.5)


def _table(page: Page, chunk: list[ManifestLine], y: float) -> None:
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


def _footer(m: Manifest, page: Page, y: float) -> None:
    box = m.box
    modes = "，".join(f"{label} {tubes} 管 {people} 人" for label, tubes, people in m.by_mode())
    page.line(_M, y, _W - _M, y, 0.5)
    page.text(
        _M, y + 2, _W - 2 * _M, 7, f"合计：{len(m.lines)} 管，{m.people} 人（{modes}）", 12, True
    )
    counted = "—" if box.counted is None else str(box.counted)
    page.text(_M, y + 10, _W - 2 * _M, 6, f"系统数量 {box.count} 管，封箱清点 {counted} 管", 10)
    page.text(
        _M,
        y + 16,
        _W - 2 * _M,
        6,
        f"开箱：{_local(box.opened_at)}    封箱：{_local(box.closed_at)}    "
        f"交接：{_local(box.handed_at)}",
        10,
    )
    transporter = box.transporter or "________"
    phone = f"（{box.transporter_phone}）" if box.transporter_phone else ""
    page.text(
        _M, y + 22, _W - 2 * _M, 6, f"录入员：{m.recorder}    转运人：{transporter}{phone}", 10
    )
    signatures = ("交接人（采样点）签字", "转运人签字", "实验室接收人签字")
    width = (_W - 2 * _M) / len(signatures)
    for i, label in enumerate(signatures):
        x = _M + i * width
        page.text(x, y + 34, width - 6, 6, label, 10)
        page.line(x, y + 50, x + width - 8, y + 50, 0.3)
        page.text(x, y + 53, 18, 6, "日期时间：", 9)
        page.line(x + 17, y + 58, x + width - 8, y + 58, 0.2)
