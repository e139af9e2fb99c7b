"""Find a person by ID number, phone, name or pinyin initials (zs → 张三), with their history."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from station.core.errors import InvalidIdentity, OperatorError
from station.core.identity import normalise_name, normalise_scan_text, parse_phone
from station.core.masking import mask_document_number, mask_name, mask_phone
from station.core.records import Person
from station.lab.records import TubeHistory

# Surnames whose reading differs from the character's everyday one (曾 zēng, not céng).
SURNAME_INITIALS = {
    "曾": "z",
    "单": "s",
    "仇": "q",
    "解": "x",
    "查": "z",
    "区": "o",
    "朴": "p",
    "盖": "g",
    "乐": "y",
    "员": "y",
    "尉": "y",
    "缪": "m",
    "万": "w",
    "沈": "s",
    "长": "c",
    "重": "c",
    "翟": "z",
    "谌": "c",
    "覃": "q",
    "秘": "b",
    "召": "s",
    "种": "c",
    "都": "d",
    "华": "h",
}
MAX_HITS = 20


def initials(name: str) -> str:
    """Pinyin initials of a name, lower case letters only: 张三 → zs, 买买提·艾力 → mmtal,
    John Smith → js. Characters without a reading (some 生僻字) are left out."""
    if not name:
        return ""
    if all(ord(ch) < 0x2E80 for ch in name):  # no CJK: initials of the Latin words
        return "".join(word[0] for word in re.findall(r"[A-Za-z]+", name)).lower()
    # Imported here: its phrase dictionary takes ~0.6 s to load, which a station's start
    # should not pay before anyone looks a person up.
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    if name[0] in SURNAME_INITIALS and letters:
        letters[0] = SURNAME_INITIALS[name[0]]
    return "".join(ch for ch in "".join(letters).lower() if "a" <= ch <= "z")


class KeyKind(StrEnum):
    DOCUMENT = "document"
    PHONE = "phone"
    NAME = "name"
    INITIALS = "initials"


def read_query(text: str) -> tuple[KeyKind, str]:
    """What a typed or scanned query is, and its key in the form the index stores."""
    compact = normalise_scan_text(text)
    if not compact:
        raise OperatorError(
            "请输入证件号、手机号、姓名或拼音首字母",
            "Type an ID number, phone, name or pinyin initials",
            code="lookup.empty",
        )
    if compact.isascii() and compact.isalpha():
        return KeyKind.INITIALS, compact.lower()
    mobile = compact.isdigit() and len(compact) == 11 and compact.startswith("1")
    short = compact.isdigit() and 7 <= len(compact) <= 10  # landline, Hong Kong, Macao
    if compact.startswith("+") or mobile or short:
        try:
            return KeyKind.PHONE, parse_phone(compact)
        except InvalidIdentity:
            pass
    if compact.isascii() and any(ch.isdigit() for ch in compact):
        return KeyKind.DOCUMENT, compact.upper()
    try:
        return KeyKind.NAME, normalise_name(unicodedata.normalize("NFC", text.strip()))
    except InvalidIdentity as error:
        raise OperatorError(error.zh, error.en, code="lookup.unreadable") from None


@dataclass(frozen=True)
class PersonKeys:
    """What the index holds for one person (computed here, stored by the db layer)."""

    person_id: str
    initials: str
    name: str
    phone: str
    doc_number: str


def keys_of(person_id: str, name: str, phone: str, doc_number: str) -> PersonKeys:
    return PersonKeys(person_id, initials(name), name, phone, doc_number.upper())


class LookupStore(Protocol):
    def catch_up(self, keys: Callable[[str, str, str, str], PersonKeys]) -> int:
        """Index people registered since the last catch-up; how many were (re)indexed."""
        ...

    def find(self, kind: KeyKind, key: str, limit: int) -> list[Person]: ...

    def histories(self, person_ids: list[str]) -> dict[str, list[TubeHistory]]: ...

    def commit(self) -> None: ...


LookupUnitOfWork = Callable[[], AbstractContextManager[LookupStore]]


@dataclass(frozen=True)
class Found:
    """One person found, masked as every screen shows them, with every tube they were in."""

    person_id: str
    name: str
    document: str
    phone: str
    history: list[TubeHistory]

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "document": self.document,
            "phone": self.phone,
            "history": [
                {
                    "tube": h.tube,
                    "mode": h.mode,
                    "opened_at": h.opened_at.isoformat(),
                    "box": h.box,
                    "result": h.result.value if h.result else None,
                }
                for h in self.history
            ],
        }


@dataclass
class LookupService:
    uow: LookupUnitOfWork

    def find(self, text: str, limit: int = MAX_HITS) -> list[Found]:
        kind, key = read_query(text)
        with self.uow() as store:
            if store.catch_up(keys_of):
                store.commit()
            people = store.find(kind, key, limit)
            history = store.histories([p.id for p in people]) if people else {}
            return [
                Found(
                    p.id,
                    mask_name(p.name),
                    mask_document_number(p.document.number),
                    mask_phone(p.phone) if p.phone else "",
                    history[p.id],
                )
                for p in people
            ]
