"""Any document's number, by its type: `parse_document` and one parser per kind of document."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from station.core.identity.characters import (
    ascii_upper,
    has_control,
    is_cjk,
    is_emoji,
)
from station.core.identity.documents import HMT_PREFIXES, DocType, Document, reject
from station.core.identity.resident_id import parse_resident_id
from station.core.identity.scan_text import normalise_scan_text
from station.core.quoting import escape_char, quote_scan

__all__ = ["parse_document"]

_MILITARY_MAX = 32
_NUMBER_MAX = 64
_NOTE_MAX = 200


def parse_document(
    doc_type: DocType | str, number: str, note: str = "", *, today: date | None = None
) -> Document:
    """Parse a document number of the given type into its canonical `Document`.

    A resident-ID number with a 810000/820000/830000 prefix comes back as a residence permit,
    because the number itself says what it is.
    """
    # A DocType (what callers pass) is its own coercion, and an empty note stays empty.
    kind = doc_type if type(doc_type) is DocType else _coerce_type(doc_type)
    note = " ".join(unicodedata.normalize("NFC", note).split()) if note else ""
    if kind is DocType.RESIDENT_ID:
        document = parse_resident_id(number, today=today)
        return document if not note else Document(document.type, document.number, note)
    if kind is DocType.HMT_RESIDENCE_PERMIT:
        return Document(kind, _permit_number(number, today), note)
    if kind is DocType.MILITARY_ID:
        return Document(kind, _military_number(number), note)
    if kind is DocType.OTHER:
        return Document(kind, _other_number(number, note), note)
    return Document(kind, _shaped_number(kind, number), note)


def _coerce_type(doc_type: DocType | str) -> DocType:
    try:
        return DocType(doc_type)
    except ValueError:
        raise reject(
            f"未知证件类型{quote_scan(str(doc_type))}",
            f"Unknown document type {quote_scan(str(doc_type), 'en')}",
            "doc.type",
        ) from None


def _not_a_permit() -> Exception:
    return reject(
        "港澳台居民居住证号应以 810000、820000 或 830000 开头",
        "A HK/Macao/Taiwan residence permit number starts with 810000, 820000 or 830000",
        "doc.format",
    )


def _permit_number(number: str, today: date | None) -> str:
    compact = normalise_scan_text(number)
    if len(compact) >= 6 and compact[:6].isdigit() and compact[:6] not in HMT_PREFIXES:
        raise _not_a_permit()
    document = parse_resident_id(number, today=today)
    if document.type is not DocType.HMT_RESIDENCE_PERMIT:
        # Only reachable for inputs whose first 6 characters were not all digits, which
        # parse_resident_id already refuses; kept so the type is guaranteed.
        raise _not_a_permit()
    return document.number


# Numbers of a fixed shape: the pattern, and the refusal ({got}: the number as read, quoted;
# {n}: its length). A pattern's groups, when it has any, are the canonical number's parts.
_SHAPES: dict[DocType, tuple[re.Pattern[str], str, str]] = {
    DocType.PASSPORT: (
        re.compile(r"[A-Z0-9]{5,17}"),
        "护照号应为 5-17 位字母或数字，现为{got}（{n} 位）",
        "A passport number is 5-17 letters or digits, got {got} ({n} characters)",
    ),
    DocType.HK_MACAU_PASS: (
        re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?"),
        "港澳通行证号应为 H 或 M 加 8 位或 10 位数字，现为{got}",
        "A HK/Macao travel permit number is H or M followed by 8 or 10 digits, got {got}",
    ),
    # Current cards: 8 digits. Older booklets: 8 digits plus a 2-digit issue count, or plus a
    # letter (printed as "12345678(B)"; the brackets are dropped in the canonical form).
    DocType.TAIWAN_PASS: (
        re.compile(r"([0-9]{8})(?:([0-9]{2})|\(?([A-Z])\)?)?"),
        "台湾居民通行证号应为 8 位数字（旧版 10 位或带字母后缀），现为{got}",
        "A Taiwan travel permit number is 8 digits (older: 10 digits or a letter suffix), "
        "got {got}",
    ),
}


def _shaped_number(kind: DocType, number: str) -> str:
    canonical = ascii_upper(normalise_scan_text(number))
    pattern, zh, en = _SHAPES[kind]
    match = pattern.fullmatch(canonical)
    if match is None:
        raise reject(
            zh.format(got=quote_scan(canonical), n=len(canonical)),
            en.format(got=quote_scan(canonical, "en"), n=len(canonical)),
            "doc.format",
        )
    return "".join(part for part in match.groups() if part) if pattern.groups else canonical


def _free_number(number: str, doc_type: DocType, limit: int) -> str:
    """Canonical form for numbers with no fixed shape: scan-normalised, Latin upper-cased."""
    canonical = ascii_upper(normalise_scan_text(number))
    if not canonical:
        raise reject(
            f"请输入{doc_type.label_zh}号码",
            f"Enter the {doc_type.label_en} number",
            "doc.empty",
        )
    if has_control(canonical) or any(
        is_emoji(ch) or unicodedata.category(ch) == "So" for ch in canonical
    ):
        raise reject(
            f"{doc_type.label_zh}号码含不可见字符或表情符号",
            f"The {doc_type.label_en} number contains invisible characters or emoji",
            "doc.format",
        )
    if len(canonical) > limit:
        raise reject(
            f"{doc_type.label_zh}号码过长：最多 {limit} 个字符，现为 {len(canonical)} 个",
            f"The {doc_type.label_en} number is too long: at most {limit} characters, "
            f"got {len(canonical)}",
            "doc.length",
        )
    return canonical


def _military_number(number: str) -> str:
    canonical = _free_number(number, DocType.MILITARY_ID, _MILITARY_MAX)
    if not any("0" <= ch <= "9" for ch in canonical):
        raise reject(
            "军人证件号应含数字，例如「军字第12345678号」",
            "A military ID number contains digits, e.g. '军字第12345678号'",
            "doc.format",
        )
    for ch in canonical:
        if not (ch.isascii() and ch.isalnum()) and not is_cjk(ch) and ch not in "()./#":
            raise reject(
                f"军人证件号含不允许的字符「{escape_char(ch)}」",
                f"The military ID number contains a character that is not allowed: "
                f"'{escape_char(ch)}'",
                "doc.format",
            )
    return canonical


def _other_number(number: str, note: str) -> str:
    """Any number, but the note saying what the document is must be there."""
    canonical = _free_number(number, DocType.OTHER, _NUMBER_MAX)
    if not note:
        raise reject(
            "“其他证件”必须注明是什么证件",
            "An 'other' document needs a note saying what document it is",
            "doc.note",
        )
    if has_control(note) or len(note) > _NOTE_MAX:
        raise reject(
            f"证件说明含不可见字符或超过 {_NOTE_MAX} 字",
            f"The document note contains invisible characters or is over {_NOTE_MAX} characters",
            "doc.note",
        )
    return canonical
