"""The shapes of training barcodes and the guard that keeps them from real data (and real
codes from a drill): what every feature that reads scans needs of training (issue 15).

Training personal codes carry `NPT1.` instead of `NP1.`, training tubes are `TRAIN` + 7
digits and training boxes `TRAINBX` + 5 digits. The rest of training (drills, scoring,
synthetic residents, its scan handlers) is station.training.
"""

from __future__ import annotations

from station.core.codes import PREFIX_V1, PersonCode, decode_person_code
from station.core.errors import OperatorError
from station.core.quoting import quote_scan
from station.core.settings import BarcodePattern

PERSON_PREFIX = "NPT1."
TUBE_PREFIX = "TRAIN"
TRAINING_TUBE = BarcodePattern(prefix=TUBE_PREFIX, length=12)
TRAINING_BOX = BarcodePattern(prefix="TRAINBX", length=12)


def is_training_barcode(raw: str) -> bool:
    """Shape only: a training personal code, tube or box (the box shape starts like a tube)."""
    text = raw.strip().upper()
    return text.startswith(PERSON_PREFIX) or text.startswith(TUBE_PREFIX)


def read_training_code(raw: str) -> PersonCode:
    return decode_person_code(PREFIX_V1 + raw.strip()[len(PERSON_PREFIX) :])


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
