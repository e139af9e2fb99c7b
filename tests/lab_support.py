"""Helpers for the boxes/results/recall tests: a whole station on a database, and scans."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from app.lab_wiring import Lab
from app.wiring import Station, open_station
from station.core.settings import BarcodePattern, Settings
from station.recording import Outcome, Status

SITE = "幸福里社区核酸采样点"
NAMES = ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "买买提·艾力"]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 22, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@contextmanager
def station_on(url: str, **settings: object) -> Iterator[Station]:
    base = dict(
        site_name=SITE,
        table="1",
        recorder="王录入",
        default_mode=5,
        round="R1",
        database_url=url,
        box=BarcodePattern(prefix="BX", length=10),
    )
    base.update(settings)
    station = open_station(Settings(**base))  # type: ignore[arg-type]
    try:
        yield station
    finally:
        station.close()


def lab(station: Station) -> Lab:
    assert station.lab is not None
    return station.lab


def ok(outcome: Outcome, code: str) -> Outcome:
    assert (outcome.status, outcome.code) == (Status.SAVED, code), outcome.message
    return outcome


def refused(outcome: Outcome, code: str) -> Outcome:
    assert (outcome.status, outcome.code) == (Status.ERROR, code), outcome.message
    return outcome


def tube(n: int) -> str:
    return f"20221001{n:02d}"


def fill_tube(
    station: Station, people: object, barcode: str, size: int, names: list[str] | None = None
) -> list[str]:
    """Open a tube at the table, scan `size` people into it, seal it; the people's codes."""
    ok(station.recording.scan(barcode), "tube_opened")
    codes = [
        people.code(
            name=(names or NAMES)[i % len(names or NAMES)],  # type: ignore[attr-defined]
            phone=f"1380013{i:04d}",
        )
        for i in range(size)
    ]
    for code in codes:
        outcome = station.recording.scan(code)
        assert outcome.status is Status.SAVED, outcome.message
    if not outcome.sealed:
        ok(station.recording.scan("NATCMD:SEAL"), "sealed")
    return codes


def render(pdf: Path, dpi: int = 200) -> list[Image.Image]:
    """The PDF's pages as images, the way a printer would put them on paper."""
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(pdf.with_suffix(""))], check=True
    )
    pages = sorted(pdf.parent.glob(pdf.stem + "-*.png"))
    return [Image.open(page) for page in pages]
