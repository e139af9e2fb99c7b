"""Shared pieces of the benchmarks: percentiles, valid ID numbers, a shift of scans, and a
station built as the app builds it (app/wiring.py)."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path
from typing import TYPE_CHECKING

from stdnum.cn import ric

if TYPE_CHECKING:
    from app.wiring import Station


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "mean_ms": round(statistics.fmean(ms), 3),
        "max_ms": round(max(ms), 3),
    }


def resident_id(n: int) -> str:
    """The n-th of a run of valid resident ID numbers (Beijing Xicheng, born 1980-1999)."""
    year = 1980 + n // 366_000 % 20
    day = n // 1000 % 366
    month, mday = divmod(day % 336, 28)
    body = f"110102{year}{month + 1:02d}{mday + 1:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def shift(scans: int, pool: int = 10, first_tube: int = 1) -> list[str]:
    """A tube, then `pool` people, again and again: what a table scans in a shift."""
    out: list[str] = []
    tube = person = 0
    while len(out) < scans:
        out.append(f"{first_tube + tube:010d}")
        tube += 1
        for _ in range(pool):
            out.append(resident_id(person))
            person += 1
    return out[:scans]


def emit(result: dict[str, object]) -> None:
    print(json.dumps(result, ensure_ascii=False))


def bench_station(url: str, folder: Path | str, **settings: object) -> Station:
    """A station opened by the app's own wiring (`open_station`): every feature and scan
    handler a real station runs, on `url`. Its audit key and settings live in `folder` (the
    benchmark's temporary directory), never in the user's data directory. No operator
    accounts: the station is open, as a fresh one is."""
    from app.wiring import open_station  # Qt-free, but heavy: only the benches that build one
    from station.core.settings import Settings

    os.environ["NAT_STATION_DATA_DIR"] = str(Path(folder) / "data")
    os.environ["NAT_STATION_CONFIG_DIR"] = str(Path(folder) / "config")
    return open_station(Settings(site_name="bench site"), database_url=url, **settings)
