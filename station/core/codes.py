"""Personal codes this station prints, and the other payloads a scanner may type for a person.

Personal code, version 1 (Code128, so printable ASCII only):

    NP1.<type>.<number>.<phone>.<name>

- `type`: one letter for the document type (see `TYPE_LETTERS`).
- `number`: the document number as is when it is only A-Z and 0-9, else `~` and the
  URL-safe base64 of its UTF-8 (military IDs may hold Chinese).
- `phone`: digits, an optional leading `+`, or empty.
- `name`: URL-safe base64 of the name's UTF-8, padding dropped; empty when unknown.

Example: `NP1.R.11010519491231002X.13812345678.5byg5LiJ` is 张三 with a resident ID.
A future version gets a new prefix (`NP2.`); readers keep accepting the old ones.

Also accepted: `name,id,phone` (commas, full-width commas, `|`, `;` or tabs between fields,
in any order), and a JSON object with `name`, `id`/`idcard`/`id_number` and `phone`/`mobile`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass

from station.core.errors import InvalidIdentity
from station.core.identity import (
    DocType,
    Document,
    looks_like_resident_id,
    normalise_name,
    normalise_scan_text,
    parse_document,
    parse_phone,
    parse_resident_id,
)
from station.core.quoting import quote_scan

PREFIX_V1 = "NP1."

TYPE_LETTERS: dict[DocType, str] = {
    DocType.RESIDENT_ID: "R",
    DocType.HMT_RESIDENCE_PERMIT: "H",
    DocType.PASSPORT: "P",
    DocType.HK_MACAU_PASS: "G",
    DocType.TAIWAN_PASS: "T",
    DocType.MILITARY_ID: "M",
    DocType.OTHER: "O",
}
_LETTER_TYPES = {letter: doc_type for doc_type, letter in TYPE_LETTERS.items()}
_PLAIN_NUMBER = re.compile(r"[A-Z0-9]+")
_SEPARATORS = re.compile(r"[,，|;；\t]")


@dataclass(frozen=True)
class PersonCode:
    """Who a scan names: a document, and a name and phone when the payload carries them."""

    document: Document
    name: str = ""
    phone: str = ""


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unb64(text: str) -> str:
    # Validated: urlsafe_b64decode skips stray characters, so a damaged code would read as a
    # shorter name or number instead of being refused.
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded, altchars=b"-_", validate=True).decode()


def encode_person_code(code: PersonCode) -> str:
    number = code.document.number
    if not _PLAIN_NUMBER.fullmatch(number):
        number = "~" + _b64(number)
    fields = [TYPE_LETTERS[code.document.type], number, code.phone, _b64(code.name)]
    return PREFIX_V1 + ".".join(fields)


def _bad_code(text: str) -> InvalidIdentity:
    return InvalidIdentity(
        f"个人码已损坏，无法读取：{quote_scan(text)}，请改扫身份证",
        f"Damaged personal code, cannot read it: {quote_scan(text, 'en')}; scan the ID card "
        "instead",
    )


def decode_person_code(text: str) -> PersonCode:
    parts = text[len(PREFIX_V1) :].split(".")
    if len(parts) != 4 or parts[0] not in _LETTER_TYPES:
        raise _bad_code(text)
    letter, number, phone, name = parts
    try:
        if number.startswith("~"):
            number = _unb64(number[1:])
        name = _unb64(name) if name else ""
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _bad_code(text) from None
    doc_type = _LETTER_TYPES[letter]
    note = "个人码" if doc_type is DocType.OTHER else ""
    return PersonCode(
        document=parse_document(doc_type, number, note),
        name=normalise_name(name) if name else "",
        phone=parse_phone(phone) if phone else "",
    )


def _from_fields(fields: list[str]) -> PersonCode:
    """`name,id,phone` in any order: the ID is the field shaped like one, the phone the digits."""
    document = None
    name = phone = ""
    for field_text in (f.strip() for f in fields):
        if not field_text:
            continue
        if document is None and looks_like_resident_id(field_text):
            document = parse_resident_id(field_text)
        elif not phone and re.fullmatch(r"[+\d\s\-]{7,}", normalise_scan_text(field_text)):
            phone = parse_phone(field_text)
        elif not name:
            name = normalise_name(field_text)
    if document is None:
        raise InvalidIdentity(
            "登记信息里没有身份证号", "The registration payload holds no resident ID number"
        )
    return PersonCode(document=document, name=name, phone=phone)


def _from_json(text: str) -> PersonCode:
    """A registration payload: one flat JSON object whose values are text or numbers."""
    try:
        # Integers stay text: a phone typed as a number keeps its digits, and a 5,000-digit
        # integer is not converted (Python refuses over 4,300 digits with a ValueError).
        data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; nesting too deep
        raise _bad_code(text) from None
    if not isinstance(data, dict):
        raise _bad_code(text)
    if any(isinstance(value, (dict, list)) for value in data.values()):
        raise _bad_code(text)  # nested objects or lists are no field of a registration
    lowered = {str(k).lower(): str(v) for k, v in data.items() if v is not None}
    # "id" may be the record's own number beside "idcard": the one shaped like an ID wins.
    numbers = [lowered[k] for k in ("id", "idcard", "id_number", "idno") if k in lowered]
    number = next((n for n in numbers if looks_like_resident_id(n)), numbers[0] if numbers else "")
    phone = next((lowered[k] for k in ("phone", "mobile", "tel") if k in lowered), "")
    if number and not looks_like_resident_id(number):  # named, so not guessed to be a name
        raise InvalidIdentity(
            f"登记信息里的身份证号 {quote_scan(number)} 不是身份证号码",
            f"The registration's ID {quote_scan(number, 'en')} is no resident ID number",
        )
    return _from_fields([lowered.get("name", ""), number, phone])


def is_person_payload(text: str) -> bool:
    """Shape only: would `parse_person_payload` read this as a person, rightly or not?"""
    stripped = text.strip()
    return (
        stripped.startswith(PREFIX_V1)
        or stripped.startswith("{")
        or bool(_SEPARATORS.search(stripped))
    )


def parse_person_payload(text: str) -> PersonCode:
    stripped = text.strip()
    if stripped.startswith(PREFIX_V1):
        return decode_person_code(stripped)
    if stripped.startswith("{"):
        return _from_json(stripped)
    return _from_fields(_SEPARATORS.split(stripped))
