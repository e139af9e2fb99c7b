"""What marks training data, and the scan guards that keep it apart from real data.

The shapes themselves (NPT1., TRAIN…, TRAINBX…) and `admit` live in
station.core.training_codes, where every feature that reads scans finds them. A real station
refuses all of them; a training station refuses real personal codes, and its tube and box
patterns admit only the training shapes, so a real tube label cannot be used up in a drill.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from station.core.classifier import Scan
from station.core.codes import PREFIX_V1
from station.core.errors import OperatorError
from station.core.scan import Outcome, Table, Work
from station.core.settings import Settings
from station.core.training_codes import (
    PERSON_PREFIX,
    TRAINING_BOX,
    TRAINING_TUBE,
    TUBE_PREFIX,
    admit,
    is_training_barcode,
    read_training_code,
    refused_at_live_station,
    refused_in_training,
)

__all__ = [
    "PERSON_PREFIX",
    "TRAINING_BOX",
    "TRAINING_TUBE",
    "TUBE_PREFIX",
    "admit",
    "is_training_barcode",
    "read_training_code",
    "refused_at_live_station",
    "refused_in_training",
]

SITE_SUFFIX = "（培训）"
WATERMARK = "培训 TRAINING 非正式记录"  # across every page a training station prints


class TrainingDatabaseError(OperatorError):
    """A training window pointed at a real database, or a real station at a training one."""


def training_barcodes_of(payload: dict[str, Any]) -> list[str]:
    """The training barcodes a logged event names (its tube, box, the tube it came from, a
    personal code): what the site server refuses, by the same shapes a real station does."""
    data = payload.get("data") or {}
    named = [payload.get("tube"), payload.get("box"), data.get("from"), data.get("code")]
    return [key for key in named if isinstance(key, str) and is_training_barcode(key)]


def refused_at_server(keys: list[str]) -> str:
    """The server's reason for refusing an event that names training barcodes."""
    return (
        f"培训数据不能进入站点服务器：{'、'.join(keys)} 是培训用条码 / training data never "
        f"reaches the site server: {', '.join(keys)} is a training barcode"
    )


def training_code(payload: str) -> str:
    """The training form of a personal code payload (`NP1.` → `NPT1.`)."""
    if payload.startswith(PERSON_PREFIX):
        return payload
    if not payload.startswith(PREFIX_V1):
        raise ValueError(f"not a personal code: {payload[:12]!r}")
    return PERSON_PREFIX + payload[len(PREFIX_V1) :]


def training_tube(number: int) -> str:
    return f"{TUBE_PREFIX}{number:07d}"


def training_settings(settings: Settings) -> Settings:
    """The same station in training: training tube and box shapes, the site marked, and no
    site server: a drill's events never leave the sandbox."""
    site = settings.site_name
    if not site.endswith(SITE_SUFFIX):
        site += SITE_SUFFIX
    return replace(
        settings,
        training=True,
        tube=TRAINING_TUBE,
        box=TRAINING_BOX,
        site_name=site,
        server_url="",
    )


@dataclass
class LiveGuard:
    """First handler of a real station: training codes, tubes and boxes are refused."""

    def take(self, raw: str, scan: Scan | None, work: Work, table: Table) -> Outcome | None:
        admit(raw, training=False)
        return None


@dataclass
class TrainingCodes:
    """First handler of a training station: a training code goes through the table as the
    personal code it stands for (every handler after this one and every rule applies, in
    the same unit of work); a real one is refused."""

    def take(self, raw: str, scan: Scan | None, work: Work, table: Table) -> Outcome | None:
        real = admit(raw, training=True)
        if real is raw:
            return None
        return table.scan_in(work, real, after=self)
