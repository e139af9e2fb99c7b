"""The handover manifest PDF: rendered to images, every barcode on it read back by a decoder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import zxingcpp

from app.main import main
from lab_support import SITE, fill_tube, lab, ok, render, station_on, tube


def test_every_barcode_on_the_manifest_decodes(
    tmp_path: Path,
    people,
    capsys,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    sizes = {}
    with station_on(url, box_capacity=40) as station:
        ok(station.recording.scan("BX20221122"), "box_opened")
        for n in range(1, 34):
            if n % 7 == 0:
                ok(station.recording.scan("NATCMD:MODE:1"), "next_mode")
            sizes[tube(n)] = 1 if n % 7 == 0 else (n % 5) + 1
            fill_tube(station, people, tube(n), sizes[tube(n)])
            ok(station.recording.scan(tube(n)), "tube_packed")
        assert lab(station).boxes.close(33).code == "box_closed"
        ok(lab(station).boxes.hand_over("BX20221122", "刘师傅", "13900001111"), "box_handed_over")
    pdf = tmp_path / "交接单.pdf"
    monkeypatch.setenv("NAT_STATION_SITE_NAME", SITE)
    assert main(["box", "manifest", "BX20221122", "--pdf", str(pdf), "--db", url]) == 0
    assert "33 管" in capsys.readouterr().out

    pages = render(pdf)
    assert len(pages) == 2
    found: list[str] = []
    for page in pages:
        codes = zxingcpp.read_barcodes(page)
        assert {c.format for c in codes} == {zxingcpp.BarcodeFormat.Code128}
        texts = [c.text for c in codes]
        assert texts.count("BX20221122") == 1  # the box on every page
        found += [t for t in texts if t != "BX20221122"]
    assert sorted(found) == sorted(sizes)

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    people_total = sum(sizes.values())
    assert "核酸样本转运交接单" in text and "幸福里社区核酸采样点" in text
    flat = text.replace(" ", "")
    assert f"合计：33管，{people_total}人" in flat and "单采4管4人" in flat
    assert "刘师傅（13900001111）" in flat and "转运人签字" in flat
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # embedded
