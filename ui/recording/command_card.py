"""The table's command card: every command barcode on one A4 sheet, for a scanner-only table."""

from __future__ import annotations

from pathlib import Path

from station.core.classifier import Command, command_barcode
from station.core.pooling import PoolingMode
from ui.pdf import Page, pdf_pages

# What each command barcode does, as printed under it.
CARD: list[tuple[str, str]] = [
    (command_barcode(Command.SEAL), "封管（未满也封，标记未满）"),
    (command_barcode(Command.UNDO), "撤销上一次扫码"),
    *[
        (command_barcode(Command.MODE, str(int(mode))), f"下一管 {mode.label}")
        for mode in (PoolingMode.SINGLE, PoolingMode.FIVE, PoolingMode.TEN, PoolingMode.TWENTY)
    ],
    (command_barcode(Command.REMOVE), "移除：再扫要移出本管的人"),
    (command_barcode(Command.REOPEN), "重开：再扫已封试管两次"),
    (command_barcode(Command.CANCEL), "取消未完成的指令"),
    (command_barcode(Command.CALL), "叫号：下一位到本台"),
    (command_barcode(Command.RECALL), "重呼本台的号"),
    (command_barcode(Command.SKIP), "过号，叫下一位"),
]
_W, _M, _ROW = 210.0, 15.0, 30.0


def write_command_card(path: Path, table: str) -> Path:
    """Two columns of command barcodes with what each does, for the table's clipboard."""
    with pdf_pages(path, None, f"{table} 号台指令卡") as (_writer, page):
        _draw(page, table)
    return path


def _draw(page: Page, table: str) -> None:
    page.text(_M, 10, _W - 2 * _M, 10, f"{table} 号台 · 扫码指令卡", 18, True)
    column = (_W - 2 * _M) / 2
    rows = -(-len(CARD) // 2)
    for index, (payload, meaning) in enumerate(CARD):
        col, row = divmod(index, rows)
        x, y = _M + col * column, 26 + row * _ROW
        page.text(x, y, column - 4, 6, meaning, 11, True)
        page.barcode(x, y + 7, payload, 15.0)
