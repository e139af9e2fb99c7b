"""The scan classifier: one field takes whatever is scanned and says what it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from station.codes import PersonCode, is_person_payload, parse_person_payload
from station.errors import InvalidIdentity, OperatorError
from station.identity import (
    DocType,
    looks_like_resident_id,
    normalise_scan_text,
    parse_document,
    parse_resident_id,
)
from station.settings import BarcodePattern

COMMAND_PREFIX = "NATCMD:"


class Command(StrEnum):
    """Command barcodes, printed on the table's command card (see `command_barcode`)."""

    SEAL = "SEAL"  # 封管: seal the open tube now, under-filled if not full
    UNDO = "UNDO"  # 撤销: take back the last person (or an empty tube just opened)
    MODE = "MODE"  # MODE:1 / MODE:5 / MODE:10 / MODE:20: pooling mode of the next tube
    REMOVE = "REMOVE"  # 移除: the next person scanned leaves the open tube
    REOPEN = "REOPEN"  # 重开: the next sealed tube scanned (twice, to confirm) is reopened
    CANCEL = "CANCEL"  # 取消: forget any half-done command or pending confirmation
    CALL = "CALL"  # 叫号: call the next ticket to this table (queue)
    RECALL = "RECALL"  # 重呼: call this table's ticket again (queue)
    SKIP = "SKIP"  # 过号: the called ticket did not come; call the next one (queue)


def command_barcode(command: Command, argument: str = "") -> str:
    return COMMAND_PREFIX + command.value + (f":{argument}" if argument else "")


@dataclass(frozen=True)
class CommandScan:
    command: Command
    argument: str = ""


@dataclass(frozen=True)
class TubeScan:
    barcode: str


@dataclass(frozen=True)
class BoxScan:
    barcode: str


@dataclass(frozen=True)
class PersonScan:
    code: PersonCode


Scan = CommandScan | TubeScan | BoxScan | PersonScan

_HK_MACAU_PASS_SHAPES = (9, 11)


def _unknown(text: str) -> OperatorError:
    return OperatorError(
        f"无法识别的条码：{text[:32]}",
        f"Unrecognised barcode: {text[:32]}",
        code="unknown_scan",
    )


def classify(raw: str, tube: BarcodePattern, box: BarcodePattern) -> Scan:
    """Say what a scan is, or raise an OperatorError that tells the operator why not."""
    text = raw.strip()
    if not text:
        raise OperatorError("扫描内容为空", "Empty scan", code="empty_scan")
    if text.upper().startswith(COMMAND_PREFIX):
        name, _, argument = text[len(COMMAND_PREFIX) :].partition(":")
        try:
            return CommandScan(Command(name.upper()), argument)
        except ValueError:
            raise _unknown(text) from None
    if is_person_payload(text):
        return PersonScan(parse_person_payload(text))
    compact = normalise_scan_text(text)
    # A valid ID number is a person even if a lab's pattern were to admit 18 digits.
    id_error: InvalidIdentity | None = None
    if looks_like_resident_id(compact):
        try:
            return PersonScan(PersonCode(parse_resident_id(compact)))
        except InvalidIdentity as error:
            id_error = error
    if tube.matches(compact):
        return TubeScan(compact)
    if box.matches(compact.upper()):
        return BoxScan(compact.upper())
    if id_error is not None:
        raise id_error
    upper = compact.upper()
    if upper[:1] in ("H", "M") and upper[1:].isdigit() and len(upper) in _HK_MACAU_PASS_SHAPES:
        return PersonScan(PersonCode(parse_document(DocType.HK_MACAU_PASS, upper)))
    if compact.isdigit() and len(compact) > 6:
        raise OperatorError(
            f"条码 {compact} 不符合本实验室试管规则（{tube.describe()}），也不是身份证号",
            f"Barcode {compact} matches neither the lab's tube pattern ({tube.describe('en')}) "
            "nor an ID number",
            code="bad_tube_pattern",
        )
    raise _unknown(text)
