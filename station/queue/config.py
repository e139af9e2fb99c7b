"""The site's queue settings (lanes, policy, thresholds), read from queue.toml beside settings."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from station.core.settings import config_dir
from station.queue.lanes import DEFAULT_LANES, Lane, Reason
from station.queue.policy import Bounded, Policy, policy_named


@dataclass(frozen=True)
class QueueConfig:
    lanes: tuple[Lane, ...] = DEFAULT_LANES
    policy: str = "bounded"
    # The bounded policy (see station.queue.policy.Bounded): a normal ticket may wait up to
    # (1 + stretch) x the worst FIFO wait of a normal ticket (so far, or its own), less
    # margin_calls call intervals, never less than guard_floor_min; the guard looks at the
    # first `lookahead` normal tickets. cap and max_wait_min are optional (0 = off).
    stretch: float = Bounded.stretch
    margin_calls: float = Bounded.margin_calls
    guard_floor_min: float = Bounded.floor_s / 60
    lookahead: int = Bounded.lookahead
    cap: int = Bounded.cap
    max_wait_min: float = Bounded.max_wait_s / 60
    skip_return_min: float = 5.0  # a no-show returns to the line after this long
    max_skips: int = 2  # ... and is dropped at the next skip after this many
    busy_min: float = 25.0  # 忙碌 from this estimated wait
    jammed_min: float = 50.0  # 拥堵 from this estimated wait
    elderly_age: int = 65
    infant_age: int = 3
    service_s: float = 20.0  # planning figure until the day's own call rate is known
    recent_calls: int = 6  # calls the display keeps on screen
    notices: tuple[str, ...] = ("请提前打开个人码，保持一米间距", "核酸采样前30分钟请勿进食")

    @property
    def skip_return(self) -> timedelta:
        return timedelta(minutes=self.skip_return_min)

    def make_policy(self) -> Policy:
        if self.policy == "bounded":
            return Bounded(
                stretch=self.stretch,
                margin_calls=self.margin_calls,
                floor_s=self.guard_floor_min * 60,
                lookahead=self.lookahead,
                cap=self.cap,
                max_wait_s=self.max_wait_min * 60,
            )
        return policy_named(self.policy)


def queue_config_path() -> Path:
    return config_dir() / "queue.toml"


def _lane(data: dict[str, Any]) -> Lane:  # Any: a TOML table, each value checked here
    hours = tuple(
        (time.fromisoformat(str(a)), time.fromisoformat(str(b)))
        for a, b in data.get("class_hours", [])
    )
    return Lane(
        code=str(data["code"]),
        name=str(data["name"]),
        priority=bool(data.get("priority", False)),
        enabled=bool(data.get("enabled", True)),
        reasons=tuple(Reason(r) for r in data.get("reasons", [])),
        class_hours=hours,
    )


def load_queue_config(path: Path | None = None) -> QueueConfig:
    """queue.toml: flat keys of QueueConfig, plus [[lanes]] tables (code, name, priority,
    enabled, reasons, class_hours = [["08:00", "12:00"]])."""
    path = path or queue_config_path()
    if not path.exists():
        return QueueConfig()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    values: dict[str, Any] = {}  # TOML values; QueueConfig's fields, make_policy checks
    known = set(QueueConfig.__dataclass_fields__)
    for key, value in data.items():
        if key not in known:
            raise ValueError(f"unknown queue setting {key!r} in {path}")
        if key == "lanes":
            values[key] = tuple(_lane(lane) for lane in value)
        elif key == "notices":
            values[key] = tuple(str(n) for n in value)
        else:
            values[key] = value
    config = QueueConfig(**values)
    config.make_policy()  # refuse an unknown policy at start
    return config
