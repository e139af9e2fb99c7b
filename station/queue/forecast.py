"""The site lead's early warning: the normal lane is about to pass 拥堵, and how many tables
would bring it back under 忙碌. Pure: counts and rates in, a warning (or none) out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

HORIZON_MIN = 30.0  # warn when the forecast passes 拥堵 within this many minutes
MAX_TABLES = 50  # no site opens more; beyond it the warning says "more than"


@dataclass(frozen=True)
class JamWarning:
    in_min: float  # when the normal lane's estimated wait passes jammed_min (0 = already)
    tables: int  # tables that would bring it under busy_min within the horizon (all of them)
    now_tables: int
    busy_min: float = 25.0
    jammed_min: float = 50.0

    @property
    def text(self) -> str:
        when = "已超过" if self.in_min <= 0 else f"约 {max(1, round(self.in_min))} 分钟后将超过"
        return (
            f"普通通道预计等待{when} {self.jammed_min:g} 分钟（拥堵）：开 {self.tables} 张台"
            f"（现 {self.now_tables} 张）可回到 {self.busy_min:g} 分钟以下"
        )


def forecast_wait_min(
    waiting: int,
    arrivals_per_min: float,
    interval_s: float,
    tables: int,
    new_tables: int,
    after_min: float,
    factor: float = 1.0,
) -> float:
    """A normal ticket's estimated wait `after_min` minutes from now, with `new_tables` tables
    calling instead of `tables`: the line grows by arrivals less calls, and each table calls
    at the rate the tables call now; `factor` as the display's (queue_board.normal_factor)."""
    per_table_s = interval_s * tables  # seconds between calls at one table
    calls_per_min = new_tables * 60 / per_table_s
    line = max(0.0, waiting + (arrivals_per_min - calls_per_min) * after_min)
    return line * per_table_s / new_tables / 60 * factor


def jam_warning(
    waiting: int,
    arrivals_per_min: float,
    interval_s: float,
    tables: int,
    busy_min: float = 25.0,
    jammed_min: float = 50.0,
    factor: float = 1.0,
) -> JamWarning | None:
    """Warn when the normal lane's estimated wait (everyone waiting × the call interval) will
    pass `jammed_min` within HORIZON_MIN at today's rates; None while it will not."""
    tables = max(1, tables)
    if interval_s <= 0:
        return None

    def wait(new_tables: int, after_min: float) -> float:
        return forecast_wait_min(
            waiting, arrivals_per_min, interval_s, tables, new_tables, after_min, factor
        )

    in_min = _passing(wait, tables, jammed_min)
    if in_min is None:
        return None
    needed = next(
        (n for n in range(tables, MAX_TABLES + 1) if wait(n, HORIZON_MIN) < busy_min),
        MAX_TABLES,
    )
    return JamWarning(in_min, needed, tables, busy_min, jammed_min)


def _passing(wait: Callable[[int, float], float], tables: int, jammed_min: float) -> float | None:
    """Minutes until the wait passes `jammed_min` (0: it has), None if not in the horizon."""
    now, later = wait(tables, 0.0), wait(tables, HORIZON_MIN)
    if now >= jammed_min:
        return 0.0
    if later < jammed_min:
        return None
    return HORIZON_MIN * (jammed_min - now) / (later - now)
