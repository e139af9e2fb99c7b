"""The scan classifier: one field takes whatever is scanned and says what it is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from station.core.codes import PersonCode, is_person_payload, parse_person_payload
from station.core.errors import InvalidIdentity, OperatorError
from station.core.identity import (
    DocType,
    looks_like_resident_id,
    normalise_scan_text,
    parse_document,
    parse_resident_id,
)
from station.core.pooling import PoolingMode
from station.core.quoting import MAX_SCAN_CHARS, quote_scan
from station.core.settings import BarcodePattern

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


@dataclass(frozen=True)
class DocumentChoiceScan:
    """A bare document number whose shape fits several documents: the recorder says which,
    by one key (`RecordingService.choose`)."""

    number: str
    choices: tuple[DocType, ...]


Scan = CommandScan | TubeScan | BoxScan | PersonScan | DocumentChoiceScan

# Bare document numbers, typed or read without the NP1. wrapper, by their common shapes
# (after full-width folding and upper-casing). Unambiguous shapes become a person at once.
_BARE_SHAPES: tuple[tuple[re.Pattern[str], DocType], ...] = (
    # 港澳居民来往内地通行证: H (Hong Kong) or M (Macao), 8 digits (card) or 10 (booklet).
    (re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?"), DocType.HK_MACAU_PASS),
    # Chinese passports: ordinary E + 8 digits or E + letter + 7 digits (since 2012), G + 8
    # digits (before); diplomatic DE, service SE, public-affairs PE + 7 digits.
    (re.compile(r"[EG][0-9]{8}|E[A-Z][0-9]{7}|[DSP]E[0-9]{7}"), DocType.PASSPORT),
    # 台湾居民来往大陆通行证 booklets: 8 digits and a letter, "12345678(B)".
    (re.compile(r"[0-9]{8}\(?[A-Z]\)?"), DocType.TAIWAN_PASS),
    # 军官证 / 士兵证 / 文职干部证: "军字第12345678号", "南字第…号".
    (re.compile(r"[\u4e00-\u9fff]{1,4}字第[0-9]{4,12}号"), DocType.MILITARY_ID),
)
# 8 digits only: a Taiwan pass card (since 2015), a military ID's number, some passports; the
# shape alone does not say which document it is. (Ten digits, the older Taiwan booklets, all
# expired by 2020: ten digits that are no tube stay a wrong tube.)
_AMBIGUOUS_DIGITS = re.compile(r"[0-9]{8}")
_AMBIGUOUS_CHOICES = (DocType.TAIWAN_PASS, DocType.MILITARY_ID, DocType.PASSPORT)


def _unknown(text: str) -> OperatorError:
    return OperatorError(
        f"无法识别的条码：{quote_scan(text)}",
        f"Unrecognised barcode: {quote_scan(text, 'en')}",
        code="unknown_scan",
    )


def empty_scan() -> OperatorError:
    return OperatorError("扫描内容为空", "Empty scan", code="empty_scan")


def check_scan_size(raw: str) -> None:
    """Refuse a scan longer than any real code before anything reads it."""
    if len(raw) > MAX_SCAN_CHARS:
        raise OperatorError(
            f"扫描内容过长（最多 {MAX_SCAN_CHARS} 字符），不是本站的条码：{quote_scan(raw)}",
            f"Scan too long (at most {MAX_SCAN_CHARS} characters), not a code of this "
            f"station: {quote_scan(raw, 'en')}",
            code="scan_too_long",
        )


def _command(text: str) -> CommandScan:
    """A command barcode exactly as the command card prints it: MODE takes a pooling mode,
    every other command no argument at all."""
    name, colon, argument = text[len(COMMAND_PREFIX) :].partition(":")
    try:
        command = Command(name.upper())
    except ValueError:
        raise _unknown(text) from None
    if command is Command.MODE:
        try:
            return CommandScan(command, str(int(PoolingMode.parse(argument))))
        except OperatorError:
            pass  # refused below, with the scan quoted safely
    elif not colon:
        return CommandScan(command)
    mode = command is Command.MODE
    raise OperatorError(
        f"指令参数不对：{quote_scan(text)} "
        + ("MODE 后应为 1、5、10 或 20" if mode else f"{command.value} 不带参数")
        + "，请扫指令卡上的条码",
        f"Command {quote_scan(text, 'en')} has a wrong argument: "
        + ("MODE takes 1, 5, 10 or 20" if mode else f"{command.value} takes none")
        + "; scan the barcode on the command card",
        code="bad_command",
    )


def classify(raw: str, tube: BarcodePattern, box: BarcodePattern) -> Scan:
    """Say what a scan is, or raise an OperatorError that tells the operator why not."""
    check_scan_size(raw)
    text = raw.strip()
    if not text:
        raise empty_scan()
    if text.upper().startswith(COMMAND_PREFIX):
        return _command(text)
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
    return _bare_document(compact, tube) or _refuse(text, compact, tube)


def _bare_document(compact: str, tube: BarcodePattern) -> Scan | None:
    upper = compact.upper()
    for shape, doc_type in _BARE_SHAPES:
        if shape.fullmatch(upper):
            return PersonScan(PersonCode(parse_document(doc_type, upper)))
    if _AMBIGUOUS_DIGITS.fullmatch(compact):
        return DocumentChoiceScan(compact, _AMBIGUOUS_CHOICES)
    return None


def _refuse(text: str, compact: str, tube: BarcodePattern) -> Scan:
    if compact.isdigit() and len(compact) > 6:
        raise OperatorError(
            f"条码 {quote_scan(compact)} 不符合本实验室试管规则（{tube.describe()}），"
            "也不是身份证号",
            f"Barcode {quote_scan(compact, 'en')} matches neither the lab's tube pattern "
            f"({tube.describe('en')}) nor an ID number",
            code="bad_tube_pattern",
        )
    raise _unknown(text)
