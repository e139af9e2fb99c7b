"""The community roster (居民名单): one resident per row, checked like a scan at the table."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from typing import TypeVar

from station.core.errors import InvalidIdentity
from station.core.identity import DocType, Document, normalise_name, parse_document, parse_phone
from station.core.quoting import quote_scan

# Template columns, in order: (header in the template, key, required).
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("姓名", "name", True),
    ("证件类型", "doc_type", False),
    ("证件号码", "doc_number", True),
    ("证件说明", "note", False),
    ("手机号", "phone", False),
    ("楼栋", "building", True),
    ("单元", "unit", False),
    ("房号", "room", True),
    ("行动不便", "immobile", False),
    ("孕妇", "pregnant", False),
    ("学生", "student", False),
    ("高龄", "elderly", False),
    ("封控", "locked_down", False),
    ("单采", "single", False),
)
T = TypeVar("T")  # what a column's parser makes of its cell

FLAG_KEYS = ("immobile", "pregnant", "student", "elderly", "locked_down", "single")

# Headers people actually type in community spreadsheets, mapped to the template's keys.
_HEADER_ALIASES: dict[str, str] = {
    **{header: key for header, key, _ in COLUMNS},
    **{key: key for _, key, _ in COLUMNS},
    "证件号": "doc_number",
    "身份证号": "doc_number",
    "身份证号码": "doc_number",
    "电话": "phone",
    "联系电话": "phone",
    "手机": "phone",
    "楼号": "building",
    "楼栋号": "building",
    "单元号": "unit",
    "房间号": "room",
    "门牌号": "room",
    "室": "room",
    "行动不便人员": "immobile",
    "卧床": "immobile",
    "网课学生": "student",
    "老人": "elderly",
    "封控楼栋": "locked_down",
    "需单采": "single",
    "单管": "single",
}

# The words a roster may hold for a document type: its name and its short word (one table,
# station/core/identity/documents.py), the other names people use, and the stored value.
_DOC_TYPE_WORDS: dict[str, DocType] = {
    "": DocType.RESIDENT_ID,
    **{doc_type.label_zh: doc_type for doc_type in DocType},
    **{doc_type.word_zh: doc_type for doc_type in DocType},
    "回乡证": DocType.HK_MACAU_PASS,
    "士兵证": DocType.MILITARY_ID,
    "其他": DocType.OTHER,
    **{doc_type.value: doc_type for doc_type in DocType},
}

# Names repeat across a community (张伟, 王芳...), and children and the elderly are often
# listed with a parent's phone: a roster of a million rows checks each value once.
_normalised_name = lru_cache(maxsize=1 << 16)(normalise_name)
_parsed_phone = lru_cache(maxsize=1 << 16)(parse_phone)

_YES = frozenset({"是", "y", "yes", "1", "true", "√", "✓", "✔", "x", "有"})
_NO = frozenset({"", "否", "n", "no", "0", "false", "无"})
_PLACE_MAX = 40


@dataclass(frozen=True)
class Flags:
    """What the roster says about a resident beyond who they are and where they live."""

    immobile: bool = False  # 行动不便: sampled at home (上门采样)
    pregnant: bool = False  # 孕妇
    student: bool = False  # 学生
    elderly: bool = False  # 高龄
    locked_down: bool = False  # 封控: a locked-down building goes single at the table
    single: bool = False  # 单采: flagged for single sampling

    @property
    def single_only(self) -> bool:
        """The table's single-sampling rule (Person.single_only) for this resident."""
        return self.single or self.locked_down

    def names_zh(self) -> list[str]:
        shown = zip(FLAG_KEYS, ("行动不便", "孕妇", "学生", "高龄", "封控", "单采"), strict=True)
        return [label for key, label in shown if getattr(self, key)]


@dataclass(frozen=True)
class Place:
    """Where a resident lives: building (楼栋), unit (单元, may be empty) and room (房号)."""

    building: str
    unit: str
    room: str


@dataclass(frozen=True, slots=True)
class Resident:
    """One checked roster row."""

    line: int
    document: Document
    name: str
    phone: str
    place: Place
    flags: Flags = field(default_factory=Flags)


@dataclass(frozen=True)
class RowError:
    """A roster row that was refused: its line in the file and why, for the person fixing it."""

    line: int
    column: str  # template header of the bad cell, or "" for the whole row
    message: str
    message_en: str = ""

    def text(self, language: str = "zh") -> str:
        where = f"第 {self.line} 行" if not language.startswith("en") else f"line {self.line}"
        message = self.message_en if language.startswith("en") and self.message_en else self.message
        column = f"「{self.column}」" if self.column else ""
        return f"{where}{column}：{message}"


def header_keys(headers: list[str]) -> dict[int, str]:
    """Column index -> template key for the headers a file has; unknown headers are ignored."""
    keys: dict[int, str] = {}
    for index, header in enumerate(headers):
        folded = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
        folded = folded.replace(" ", "").rstrip("*")
        key = _HEADER_ALIASES.get(folded)
        if key is not None and key not in keys.values():
            keys[index] = key
    return keys


def missing_columns(keys: dict[int, str], required: tuple[str, ...] | None = None) -> list[str]:
    """Headers of required columns the file lacks (the roster's own, or those named)."""
    present = set(keys.values())
    return [
        header
        for header, key, needed in COLUMNS
        if (key in required if required is not None else needed) and key not in present
    ]


def _header(key: str) -> str:
    return next(header for header, k, _ in COLUMNS if k == key)


def _raw(row: Mapping[str, object], key: str) -> str:
    """The cell as text, as typed: names and numbers go to the identity rules unchanged."""
    value = row.get(key)
    if type(value) is str:
        return value.strip()  # what a CSV holds: the rest below is for spreadsheets
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets store a typed phone or room number as a float.
        value = int(value)
    return str(value).strip()


def _cell(row: Mapping[str, object], key: str) -> str:
    """The cell with full-width forms folded (７栋 is 7栋), for places and flags."""
    text = _raw(row, key)
    return text if text.isascii() else unicodedata.normalize("NFKC", text).strip()


def _flag(row: Mapping[str, object], key: str) -> bool:
    if not row.get(key):
        return False  # the usual case: an empty cell
    text = _cell(row, key).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidIdentity(
        f"应填「是」或留空，现为「{text[:16]}」",
        f"must be 是/yes or empty, got '{text[:16]}'",
        code="roster.flag",
    )


def _place_part(row: Mapping[str, object], key: str, required: bool) -> str:
    return _checked_place(_cell(row, key), required)


def _checked_place(cell: str, required: bool) -> str:
    text = " ".join(cell.split())
    if required and not text:
        raise InvalidIdentity("不能为空", "must not be empty", code="roster.place")
    # After the split every space is ' ': anything else unprintable is an invisible character.
    if len(text) > _PLACE_MAX:
        raise InvalidIdentity(
            f"过长：最多 {_PLACE_MAX} 字，现为 {len(text)} 字",
            f"too long: at most {_PLACE_MAX} characters, this has {len(text)}",
            code="roster.place",
        )
    if not text.isprintable():  # which one, shown as an escape (\u200F), as a scan's are
        shown, shown_en = (
            quote_scan(text, lang, limit=16, personal=False) for lang in ("zh", "en")
        )
        raise InvalidIdentity(
            f"含不可见字符：{shown}",
            f"holds an invisible character: {shown_en}",
            code="roster.place",
        )
    if _looks_like_formula(text):
        raise InvalidIdentity(
            f"不能以「{text[0]}」开头：电子表格会把「{text[:16]}」当作公式执行",
            f"must not start with '{text[0]}': a spreadsheet would run '{text[:16]}' as a formula",
            code="roster.formula",
        )
    return text


def _looks_like_formula(text: str) -> bool:
    """= and @ always start a formula; + and - do before anything but a digit or a dash
    ("-" for no unit, "-1" for a basement stay)."""
    if text[:1] in ("=", "@"):
        return True
    return text[:1] in ("+", "-") and len(text) > 1 and not (text[1].isdigit() or text[1] == "-")


def doc_type_of(text: str) -> DocType:
    folded = unicodedata.normalize("NFKC", text).strip()
    doc_type = _DOC_TYPE_WORDS.get(folded) or _DOC_TYPE_WORDS.get(folded.lower())
    if doc_type is None:
        raise InvalidIdentity(
            f"未知证件类型{quote_scan(folded, limit=16)}（可填：身份证、护照、港澳通行证、台胞证、"
            "居住证、军官证、其他）",
            f"unknown document type {quote_scan(folded, 'en', limit=16)}",
            code="doc.type",
        )
    return doc_type


_PLACE_KEYS = ("building", "unit", "room")


# Buildings, units and rooms repeat row after row (a room holds a household), and most rows
# carry no flag: each distinct set of cells is checked once, and equal places share a Place.
# typed: a spreadsheet's True, 1 and 1.0 are equal keys but not the same cell text.
@lru_cache(maxsize=1 << 16, typed=True)
def _place_of(building: object, unit: object, room: object) -> Place:
    cells = dict(zip(_PLACE_KEYS, (building, unit, room), strict=True))
    return Place(
        _place_part(cells, "building", True),
        _place_part(cells, "unit", False),
        _place_part(cells, "room", True),
    )


@lru_cache(maxsize=1 << 10, typed=True)
def _flags_of(*cells: object) -> Flags:
    row = dict(zip(FLAG_KEYS, cells, strict=True))
    return Flags(*(_flag(row, key) for key in FLAG_KEYS))


_doc_type_of = lru_cache(maxsize=256)(doc_type_of)


def read_resident(
    line: int, row: Mapping[str, object], today: date | None = None
) -> Resident | list[RowError]:
    """Check one row with the table's identity rules; every bad cell of the row is reported.
    `today` (default: the date now) bounds birth dates; an import reads the date once."""
    try:
        # The same checks in one go; on the first bad cell, the slow pass below finds them all.
        return _read_good_row(line, row, today)
    except (InvalidIdentity, TypeError):  # TypeError: a cell value the caches cannot key
        return _read_every_error(line, row, today)


def _read_good_row(line: int, row: Mapping[str, object], today: date | None = None) -> Resident:
    name = _normalised_name(_raw(row, "name"))
    doc_type = _doc_type_of(_cell(row, "doc_type"))
    document = parse_document(doc_type, _raw(row, "doc_number"), _raw(row, "note"), today=today)
    phone_text = _raw(row, "phone")
    phone = _parsed_phone(phone_text) if phone_text else ""
    get = row.get
    place = _place_of(get("building"), get("unit"), get("room"))
    flags = _flags_of(*map(get, FLAG_KEYS))
    return Resident(line, document, name, phone, place, flags)


def _read_every_error(
    line: int, row: Mapping[str, object], today: date | None = None
) -> Resident | list[RowError]:
    errors: list[RowError] = []

    def checked(key: str, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except InvalidIdentity as error:
            errors.append(RowError(line, _header(key), error.zh, error.en))
            return None

    name = checked("name", lambda: _normalised_name(_raw(row, "name")))
    doc_type = checked("doc_type", lambda: doc_type_of(_cell(row, "doc_type")))
    document = None
    if doc_type is not None:
        document = checked(
            "doc_number",
            lambda: parse_document(
                doc_type, _raw(row, "doc_number"), _raw(row, "note"), today=today
            ),
        )
    phone_text = _raw(row, "phone")
    phone = checked("phone", lambda: _parsed_phone(phone_text)) if phone_text else ""
    building = checked("building", lambda: _place_part(row, "building", True))
    unit = checked("unit", lambda: _place_part(row, "unit", False))
    room = checked("room", lambda: _place_part(row, "room", True))
    flags = {key: checked(key, partial(_flag, row, key)) for key in FLAG_KEYS}
    if errors:
        return errors
    return Resident(
        line=line,
        document=document,  # type: ignore[arg-type]  # no error: no check gave None
        name=name,  # type: ignore[arg-type]  # no error: no check gave None
        phone=phone or "",
        place=Place(building, unit, room),  # type: ignore[arg-type]  # no error: no check gave None
        flags=Flags(**flags),  # type: ignore[arg-type]  # no error: no check gave None
    )
