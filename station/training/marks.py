"""What marks training data, and the scan guards that keep it apart from real data.

Training personal codes carry `NPT1.` instead of `NP1.`, training tubes are `TRAIN` + 7
digits and training boxes `TRAINBX` + 5 digits. A real station refuses all of them; a
training station refuses real personal codes, and its tube and box patterns admit only the
training shapes, so a real tube label cannot be used up in a drill either.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from station.core.codes import PREFIX_V1, PersonCode, decode_person_code
from station.core.errors import OperatorError
from station.core.quoting import quote_scan
from station.core.settings import BarcodePattern, Settings

if TYPE_CHECKING:
    from station.core.classifier import Scan
    from station.recording.service import Outcome, RecordingService

PERSON_PREFIX = "NPT1."
TUBE_PREFIX = "TRAIN"
TRAINING_TUBE = BarcodePattern(prefix=TUBE_PREFIX, length=12)
TRAINING_BOX = BarcodePattern(prefix="TRAINBX", length=12)
SITE_SUFFIX = "（培训）"
WATERMARK = "培训 TRAINING 非正式记录"  # across every page a training station prints


class TrainingDatabaseError(OperatorError):
    """A training window pointed at a real database, or a real station at a training one."""


def is_training_barcode(raw: str) -> bool:
    """Shape only: a training personal code, tube or box (the box shape starts like a tube)."""
    text = raw.strip().upper()
    return text.startswith(PERSON_PREFIX) or text.startswith(TUBE_PREFIX)


def training_barcodes_of(payload: dict) -> list[str]:
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


def read_training_code(raw: str) -> PersonCode:
    return decode_person_code(PREFIX_V1 + raw.strip()[len(PERSON_PREFIX) :])


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


def refused_at_live_station(raw: str) -> OperatorError:
    text = raw.strip()
    return OperatorError(
        f"这是培训用条码{quote_scan(text)}，正式采样不能使用：请换正式试管或个人码",
        f"This is a training barcode {quote_scan(text, 'en')}, never used for real sampling: "
        "take a real tube or personal code",
        code="training_barcode",
    )


def refused_in_training() -> OperatorError:
    return OperatorError(
        "这是正式个人码：培训中请扫培训卡（NPT1.）",
        "This is a real personal code: scan training cards (NPT1.) in training",
        code="live_code_in_training",
    )


def admit(raw: str, training: bool) -> str:
    """A scan as the station's own readers take it, or a refusal when it is of the other
    world: training shapes at a real station, a real personal code in training. A training
    code comes back as the personal code it stands for."""
    text = raw.strip()
    upper = text.upper()
    if not training:
        if is_training_barcode(text):
            raise refused_at_live_station(text)
        return raw
    if upper.startswith(PREFIX_V1):
        raise refused_in_training()
    if upper.startswith(PERSON_PREFIX):
        read_training_code(text)  # a damaged training code is refused as damaged
        return PREFIX_V1 + text[len(PERSON_PREFIX) :]
    return raw


@dataclass
class LiveGuard:
    """First handler of a real station: training codes, tubes and boxes are refused."""

    def take(self, raw: str, scan: Scan | None, table: RecordingService) -> Outcome | None:
        admit(raw, training=False)
        return None


@dataclass
class TrainingCodes:
    """First handler of a training station: a training code goes through the table as the
    personal code it stands for (every handler and rule applies); a real one is refused."""

    _inner: bool = field(default=False, init=False)

    def take(self, raw: str, scan: Scan | None, table: RecordingService) -> Outcome | None:
        if self._inner:
            return None
        real = admit(raw, training=True)
        if real is raw:
            return None
        self._inner = True
        try:
            return table.scan(real)
        finally:
            self._inner = False
