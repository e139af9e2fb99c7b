"""The boxes page: a box barcode off the pattern is refused, an empty box is voided."""

from __future__ import annotations

from pathlib import Path

from lab_support import lab, station_on
from scanner import type_scan
from station.lab.records import BoxStatus
from ui.lab.boxes_page import BoxesPage


def test_an_empty_box_is_voided_from_the_page_and_another_opens(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with station_on(f"sqlite:///{tmp_path / 'station.sqlite3'}") as station:
        page = BoxesPage(lab(station).boxes, tmp_path / "manifests")
        qtbot.addWidget(page)
        type_scan(page.scan_field, "BX1")
        assert page.last_outcome.status.value == "error" and lab(station).boxes.current() is None
        type_scan(page.scan_field, "BX00000001")
        assert page.last_outcome.code == "box_opened"
        type_scan(page.count_field, "0")
        assert page.last_outcome.code == "box_empty"
        type_scan(page.void_reason, "")  # no reason: refused, the box stays
        assert page.last_outcome.code == "no_reason"
        type_scan(page.void_reason, "误开箱")
        assert page.last_outcome.code == "box_voided" and page.void_reason.text() == ""
        assert "没有装箱中的箱" in page.box_label.text()
        assert page.table.item(0, 1).text() == "已作废"
        type_scan(page.scan_field, "BX00000002")
        assert page.last_outcome.code == "box_opened"
        assert [b.status for b in lab(station).boxes.recent()] == [BoxStatus.OPEN, BoxStatus.VOIDED]
