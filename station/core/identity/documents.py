"""Identity document types, their names (one table), and the parsed `Document`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from station.core.errors import InvalidIdentity

__all__ = ["HMT_PREFIXES", "DocType", "Document", "DocumentNames", "reject"]


class DocType(StrEnum):
    RESIDENT_ID = "resident_id"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"
    PASSPORT = "passport"
    HK_MACAU_PASS = "hk_macau_pass"
    TAIWAN_PASS = "taiwan_pass"
    MILITARY_ID = "military_id"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _NAMES[self].label_zh

    @property
    def label_en(self) -> str:
        return _NAMES[self].label_en

    @property
    def word_zh(self) -> str:
        return _NAMES[self].word_zh

    @property
    def word_en(self) -> str:
        return _NAMES[self].word_en

    @property
    def pooled_allowed(self) -> bool:
        # Guangdong rule: only resident-ID holders may share a pooled tube; everyone else is
        # sampled single so that a positive result can be traced without a cross-system lookup.
        return self is DocType.RESIDENT_ID


class DocumentNames(NamedTuple):
    """A document's full name (forms, choices) and its short word (what a recorder says,
    what a masked list and the roster template use)."""

    label_zh: str
    label_en: str
    word_zh: str
    word_en: str


_NAMES: dict[DocType, DocumentNames] = {
    DocType.RESIDENT_ID: DocumentNames("居民身份证", "Resident ID card", "身份证", "ID card"),
    DocType.HMT_RESIDENCE_PERMIT: DocumentNames(
        "港澳台居民居住证", "HK/Macao/Taiwan residence permit", "居住证", "Residence permit"
    ),
    DocType.PASSPORT: DocumentNames("护照", "Passport", "护照", "Passport"),
    DocType.HK_MACAU_PASS: DocumentNames(
        "港澳居民来往内地通行证",
        "Mainland travel permit (HK/Macao)",
        "港澳通行证",
        "HK/Macao permit",
    ),
    DocType.TAIWAN_PASS: DocumentNames(
        "台湾居民来往大陆通行证", "Mainland travel permit (Taiwan)", "台胞证", "Taiwan permit"
    ),
    DocType.MILITARY_ID: DocumentNames("军官证/士兵证", "Military ID", "军官证", "Military ID"),
    DocType.OTHER: DocumentNames("其他证件", "Other document", "其他证件", "Other document"),
}

# Residence permits for Hong Kong, Macao and Taiwan residents (since 2018) use the resident-ID
# structure with these pseudo region codes.
HMT_PREFIXES = frozenset({"810000", "820000", "830000"})


@dataclass(frozen=True)
class Document:
    type: DocType
    number: str
    note: str = ""
    # False for a resident ID whose region code no list here holds (station/core/regions.py): the
    # number checks out, the table asks the recorder to look at the card and records the doubt.
    region_listed: bool = field(default=True, compare=False)

    @property
    def birth_date(self) -> date | None:
        """Birth date encoded in a resident ID or residence permit number, else None."""
        if self.type not in (DocType.RESIDENT_ID, DocType.HMT_RESIDENCE_PERMIT):
            return None
        # A Document may be rebuilt from storage without parsing, so do not trust the shape.
        digits = self.number[6:14]
        if not (len(digits) == 8 and digits.isascii() and digits.isdigit()):
            return None
        try:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            return None


def reject(zh: str, en: str, code: str) -> InvalidIdentity:
    """The refusal every identity parser raises: both languages and the message code."""
    return InvalidIdentity(zh, en, code=code)
