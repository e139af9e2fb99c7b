"""Legible through fog (issue 11 §12): the real window at 1920x1080, shrunk and blurred as a
fogged face shield at two metres blurs it, still gives tesseract the count at 1/8 scale and
the open tube's barcode and the band's message at 1/4, each with a 3-pixel blur.

A test of the window's type sizes, not of tesseract: each region is cut from the shrunk,
blurred screenshot, made dark on light and enlarged before it is read, as one prepares any
photograph for OCR; what is there to read is what the small blurred image holds.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageFilter, ImageOps, ImageStat
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtWidgets import QWidget

from app.gui import build_window
from app.wiring import open_station
from scanner import type_scan
from ui.feedback import Feedback
from ui.theme import STATE_COLOURS

BLUR = 3
TUBE = "2022100103"


def ids(count: int) -> list[str]:
    from stdnum.cn import ric

    bodies = [f"11010519800101{seq:03d}" for seq in range(count)]
    return [body + ric.calc_check_digit(body + "0") for body in bodies]


def screenshot(window: QWidget) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    window.grab().toImage().save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")


def read(
    shot: Image.Image, window: QWidget, widget: QWidget, scale: int, out: Path, psm: int = 13
) -> str:
    """What tesseract reads of `widget` in the screenshot shrunk to 1/scale and blurred:
    --psm 13 for one raw line, as the count and the tube are; 6 for a block of lines."""
    small = shot.resize((shot.width // scale, shot.height // scale), Image.Resampling.LANCZOS)
    small = small.filter(ImageFilter.GaussianBlur(BLUR))
    corner = widget.mapTo(window, widget.rect().topLeft())
    inset = 2 * BLUR  # the blur smears the neighbours' colour into the region's edge
    box = (
        corner.x() // scale + inset,
        corner.y() // scale + inset,
        (corner.x() + widget.width()) // scale - inset,
        (corner.y() + widget.height()) // scale - inset,
    )
    region = ImageOps.autocontrast(small.crop(box).convert("L"))
    if ImageStat.Stat(region).mean[0] < 128:  # light text on a coloured band
        region = ImageOps.invert(region)
    ink = ImageOps.invert(region).point(lambda p: 255 if p > 96 else 0).getbbox()
    if ink is not None:  # the text's own box, as a reader's eye finds it in a wide band
        region = ImageOps.expand(region.crop(ink), 2 * BLUR, fill=255)
    region = region.resize((region.width * 2, region.height * 2), Image.Resampling.LANCZOS)
    region = ImageOps.expand(region, 20, fill=255)
    path = out / f"{widget.objectName()}-1of{scale}.png"
    region.save(path)
    done = subprocess.run(
        ["tesseract", str(path), "-", "-l", "chi_sim+eng", "--psm", str(psm)],
        capture_output=True,
        text=True,
        check=True,
    )
    return re.sub(r"\s+", "", done.stdout)


@pytest.fixture
def window(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """The recorder's window at 1920x1080, nothing scanned yet."""
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is missing: run bash scripts/setup.sh --test", pytrace=False)
    station = open_station(
        database_url=f"sqlite:///{tmp_path / 'station.sqlite3'}", recorder="王小明", table="3"
    )
    try:
        window = build_window(station, Feedback(tmp_path / "sounds", "zh", speech=False))
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        qtbot.waitExposed(window)
        yield window
    finally:
        station.close()


def snap(qtbot, window: QWidget, out: Path) -> Image.Image:  # type: ignore[no-untyped-def]
    qtbot.wait(20)
    assert (window.width(), window.height()) == (1920, 1080)
    shot = screenshot(window)
    shot.save(out / "window.png")
    return shot


def test_count_tube_and_saved_band_read_through_fog(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    type_scan(window.field, TUBE)
    people = ids(6)
    for number in people:
        type_scan(window.field, number)
    shot = snap(qtbot, window, tmp_path)
    tail = people[-1][-4:]
    assert window.band.text() == f"尾号{tail} 6/10"
    assert read(shot, window, window.count_label, 8, tmp_path) == "6/10"
    assert TUBE in read(shot, window, window.tube_label, 4, tmp_path)
    # The band's words as well as its digits: "尾号" is what says a person was saved.
    assert f"尾号{tail}6/10" in read(shot, window, window.band, 4, tmp_path, psm=6)


def test_refusal_band_reads_through_fog(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    type_scan(window.field, ids(1)[0])  # a person before any tube: refused, in red
    shot = snap(qtbot, window, tmp_path)
    assert window.band.text() == "请先扫试管条码，再扫人员码"
    assert STATE_COLOURS["error"][0] in window.band.styleSheet()
    band = read(shot, window, window.band, 4, tmp_path, psm=6)
    assert "请先扫试管条码" in band
    assert "再扫人员码" in band
