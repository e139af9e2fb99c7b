"""Printable drill cards: each resident's card and the drill's tubes, as Code128 that scans."""

from __future__ import annotations

from pathlib import Path

from station.training import Drill, training_tube
from station.training.people import Resident
from ui.pdf import Page, pdf_pages

_W, _M, _ROW = 210.0, 12.0, 40.0
MODULE_MM = 0.25
BAR_MM = 16.0
ROWS = int((297.0 - 2 * _M - 14) // _ROW)
SPARE_TUBES = 3


def tubes_needed(drill: Drill) -> int:
    """Tube steps, single tubes (passports, recalls), and a few spare for mistakes."""
    singles = sum(
        1
        for s in drill.steps
        if s.do == "person" and s.expect & {"single_required", "recall_resample"}
    )
    return sum(1 for s in drill.steps if s.do == "tube") + singles + SPARE_TUBES


def _cards(drill: Drill, line: list[Resident]) -> list[tuple[str, str, str]]:
    shows = {s.who: s.show for s in drill.steps if s.do == "person"}
    cards = []
    for r in line:
        what = "身份证（读卡器）" if shows.get(r.number) == "id" else "个人码"
        cards.append(
            (
                f"{r.number} 号  {r.name}",
                f"{what} · {r.document.type.label_zh}",
                r.scan(shows.get(r.number, "code")),
            )
        )
    for n in range(1, tubes_needed(drill) + 1):
        cards.append((f"试管 {n}", "培训试管", training_tube(n)))
    return cards


def write_drill_cards(path: Path, drill: Drill, line: list[Resident]) -> Path:
    """An A4 PDF, one card a row: who or what it is, then the barcode a scanner reads."""
    cards = _cards(drill, line)
    with pdf_pages(Path(path), None, f"培训卡 {drill.title}") as (writer, page):
        for index, card in enumerate(cards):
            row = index % ROWS
            if index and not row:
                writer.newPage()
            if not row:
                page.text(_M, _M, _W - 2 * _M, 10, f"培训卡 TRAINING · {drill.title}", 16, True)
            _card(page, _M + 14 + row * _ROW, card)
    return Path(path)


def _card(page: Page, y: float, card: tuple[str, str, str]) -> None:
    title, note, payload = card
    page.line(_M, y, _W - _M, y, 0.2)
    page.text(_M, y + 1, 120, 8, title, 14, True)
    page.text(_M + 120, y + 1, _W - 2 * _M - 120, 8, note, 11)
    width = Page.barcode_width(payload, MODULE_MM)
    page.barcode(
        max(_M, (_W - width) / 2), y + 11, payload, BAR_MM, human_text="", module_width_mm=MODULE_MM
    )
    page.text(_M, y + 29, _W - 2 * _M, 6, payload, 7)
