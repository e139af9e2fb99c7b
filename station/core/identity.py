"""Identity documents, names and phone numbers: parse what the operator scans or types.

Every parser here either returns a canonical value or raises `InvalidIdentity` with a message
that says exactly what is wrong, in Chinese and English, so the table can tell the recorder
which character to look at instead of a bare "invalid".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import phonenumbers
from stdnum.cn import ric

from station.core.errors import InvalidIdentity
from station.core.quoting import escape_char, quote_scan
from station.core.regions import RegionStatus, region_status

__all__ = [
    "HMT_PREFIXES",
    "DocType",
    "Document",
    "looks_like_resident_id",
    "normalise_name",
    "normalise_scan_text",
    "parse_document",
    "parse_phone",
    "parse_resident_id",
]


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
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    @property
    def pooled_allowed(self) -> bool:
        # Guangdong rule: only resident-ID holders may share a pooled tube; everyone else is
        # sampled single so that a positive result can be traced without a cross-system lookup.
        return self is DocType.RESIDENT_ID


_LABELS: dict[DocType, tuple[str, str]] = {
    DocType.RESIDENT_ID: ("居民身份证", "Resident ID card"),
    DocType.HMT_RESIDENCE_PERMIT: ("港澳台居民居住证", "HK/Macao/Taiwan residence permit"),
    DocType.PASSPORT: ("护照", "Passport"),
    DocType.HK_MACAU_PASS: ("港澳居民来往内地通行证", "Mainland travel permit (HK/Macao)"),
    DocType.TAIWAN_PASS: ("台湾居民来往大陆通行证", "Mainland travel permit (Taiwan)"),
    DocType.MILITARY_ID: ("军官证/士兵证", "Military ID"),
    DocType.OTHER: ("其他证件", "Other document"),
}

# Residence permits for Hong Kong, Macao and Taiwan residents (since 2018) use the resident-ID
# structure with these pseudo region codes.
HMT_PREFIXES = frozenset({"810000", "820000", "830000"})

# Nobody alive was born before this; a 18xx year is a typo, not a centenarian.
_EARLIEST_BIRTH_YEAR = 1900


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


# --------------------------------------------------------------------------- scan text

# Hyphen look-alikes that Chinese input methods and copy-paste produce in place of '-'
# (NFKC already folds the full-width U+FF0D and U+2011).
_HYPHENS = "-\u2010\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u30fc"
# Invisible characters that scanners and copy-paste leave in a string.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SCAN_DROP = re.compile(f"[\\s{re.escape(_HYPHENS + _INVISIBLE)}]+")


def normalise_scan_text(text: str) -> str:
    """Fold full-width forms to ASCII and drop spaces and hyphens; letter case is kept."""
    # NFKC turns the full-width digits and letters that Chinese IMEs type into ASCII. It runs
    # again after the drop: NFKC of "A´" is "A", a space and a combining accent, and without
    # the space they compose to "Á", so a second reading of the result would differ.
    dropped = _SCAN_DROP.sub("", unicodedata.normalize("NFKC", text))
    return unicodedata.normalize("NFKC", dropped)


_RESIDENT_SHAPE = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")


def looks_like_resident_id(text: str) -> bool:
    """Shape only: 17 digits and a digit or X, or a legacy 15-digit number."""
    return _RESIDENT_SHAPE.fullmatch(normalise_scan_text(text)) is not None


# --------------------------------------------------------------------------- resident ID


def _reject(zh: str, en: str, code: str) -> InvalidIdentity:
    return InvalidIdentity(zh, en, code=code)


def parse_resident_id(text: str, *, today: date | None = None) -> Document:
    """Parse a resident ID (GB 11643) or HK/Macao/Taiwan residence permit number.

    Accepts lower-case x, full-width digits, spaces and hyphens. A legacy 15-digit number is
    converted to its 18-digit form (century 19, check character computed).
    """
    today = today or date.today()
    if _RESIDENT_CANONICAL.fullmatch(text):
        # Already canonical (what rosters and scanners give almost always): normalising and
        # upper-casing would return it unchanged, so only the checks below remain.
        return _checked_resident_id(text, today)
    number = _ascii_upper(normalise_scan_text(text))
    if not number:
        raise _reject("请输入身份证号", "Enter the resident ID number", "id.empty")
    if len(number) not in (15, 18):
        raise _reject(
            f"身份证号位数错误：应为 18 位（旧证 15 位），现为 {len(number)} 位",
            f"Resident ID number has the wrong length: must be 18 characters "
            f"(legacy 15), got {len(number)}",
            "id.length",
        )
    body = number[:17] if len(number) == 18 else number
    bad = next((ch for ch in body if not ("0" <= ch <= "9")), None)
    if bad is not None:
        where = "前 17 位" if len(number) == 18 else "15 位旧证号"
        where_en = "the first 17 characters" if len(number) == 18 else "a legacy 15-digit number"
        raise _reject(
            f"身份证号{where}只能是数字，发现「{escape_char(bad)}」",
            f"Resident ID number: {where_en} must be digits, found '{escape_char(bad)}'",
            "id.format",
        )
    legacy = len(number) == 15
    if legacy:
        if number[:6] in HMT_PREFIXES:
            # Residence permits date from 2018 and were never issued in the 15-digit form.
            raise _reject(
                "港澳台居民居住证号应为 18 位，没有 15 位旧版",
                "A HK/Macao/Taiwan residence permit number has 18 characters; "
                "there is no 15-digit form",
                "id.length",
            )
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
    elif number[17] not in "0123456789X":
        raise _reject(
            f"身份证号最后一位只能是数字或 X，发现「{escape_char(number[17])}」",
            f"Resident ID number: the last character must be a digit or X, "
            f"found '{escape_char(number[17])}'",
            "id.format",
        )
    return _checked_resident_id(number, today, legacy=legacy)


# 18 characters that normalise_scan_text and _ascii_upper leave as they are.
_RESIDENT_CANONICAL = re.compile(r"[0-9]{17}[0-9X]")


def _checked_resident_id(number: str, today: date, *, legacy: bool = False) -> Document:
    """Date, region and check character of a number already in its 18-character form."""
    raw_date = number[6:14]
    try:
        born = date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:]))
    except ValueError:
        shown = raw_date[2:] if legacy else raw_date
        raise _reject(
            f"身份证号中的出生日期 {shown} 不是真实日期",
            f"The birth date {shown} in the resident ID number is not a real date",
            "id.birth_date",
        ) from None
    if born > today:
        raise _reject(
            f"身份证号中的出生日期 {born.isoformat()} 晚于今天",
            f"The birth date {born.isoformat()} in the resident ID number is in the future",
            "id.birth_date",
        )
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise _reject(
            f"身份证号中的出生日期 {born.isoformat()} 早于 {_EARLIEST_BIRTH_YEAR} 年，不可能",
            f"The birth date {born.isoformat()} in the resident ID number is before "
            f"{_EARLIEST_BIRTH_YEAR}",
            "id.birth_date",
        )

    region = number[:6]
    permit = region in HMT_PREFIXES
    status = RegionStatus.LISTED if permit else region_status(region)
    if status is RegionStatus.IMPOSSIBLE:
        raise _reject(
            f"身份证号前 6 位地区码 {region} 不存在",
            f"Unknown region code {region} (first 6 digits of the resident ID number)",
            "id.region",
        )

    if not legacy and number[17] != ric.calc_check_digit(number):
        # The right character is not named: a misread digit "fixed" to match it would be
        # someone else's valid number. The number has to be read again.
        label = "居住证号" if permit else "身份证号"
        label_en = "residence permit number" if permit else "ID number"
        raise _reject(
            f"{label}校验不通过：号码有误，请重新读取或核对证件",
            f"The {label_en} does not check out: it was misread or mistyped; read it again "
            "or check the card",
            "id.check_char",
        )
    if status is RegionStatus.UNLISTED:
        return Document(DocType.RESIDENT_ID, number, region_listed=False)
    return Document(DocType.HMT_RESIDENCE_PERMIT if permit else DocType.RESIDENT_ID, number)


# --------------------------------------------------------------------------- other documents

_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_HK_MACAU = re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?")
# Current cards: 8 digits. Older booklets: 8 digits plus a 2-digit issue count, or plus a
# letter (printed as "12345678(B)"; the brackets are dropped in the canonical form).
_TAIWAN = re.compile(r"([0-9]{8})(?:([0-9]{2})|\(?([A-Z])\)?)?")
_MILITARY_MAX = 32
_NUMBER_MAX = 64
_NOTE_MAX = 200


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _ascii_upper(text: str) -> str:
    # str.upper() would turn 'ß' into 'SS' and let it pass as two Latin letters.
    return text.translate(_ASCII_UPPER)


def _coerce_type(doc_type: DocType | str) -> DocType:
    try:
        return DocType(doc_type)
    except ValueError:
        raise _reject(
            f"未知证件类型{quote_scan(str(doc_type))}",
            f"Unknown document type {quote_scan(str(doc_type), 'en')}",
            "doc.type",
        ) from None


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text)


def _free_number(number: str, doc_type: DocType, limit: int) -> str:
    """Canonical form for numbers with no fixed shape: scan-normalised, Latin upper-cased."""
    canonical = _ascii_upper(normalise_scan_text(number))
    if not canonical:
        raise _reject(
            f"请输入{doc_type.label_zh}号码",
            f"Enter the {doc_type.label_en} number",
            "doc.empty",
        )
    if _has_control(canonical) or any(
        _is_emoji(ch) or unicodedata.category(ch) == "So" for ch in canonical
    ):
        raise _reject(
            f"{doc_type.label_zh}号码含不可见字符或表情符号",
            f"The {doc_type.label_en} number contains invisible characters or emoji",
            "doc.format",
        )
    if len(canonical) > limit:
        raise _reject(
            f"{doc_type.label_zh}号码过长：最多 {limit} 个字符，现为 {len(canonical)} 个",
            f"The {doc_type.label_en} number is too long: at most {limit} characters, "
            f"got {len(canonical)}",
            "doc.length",
        )
    return canonical


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
        compact = normalise_scan_text(number)
        if len(compact) >= 6 and compact[:6].isdigit() and compact[:6] not in HMT_PREFIXES:
            raise _reject(
                "港澳台居民居住证号应以 810000、820000 或 830000 开头",
                "A HK/Macao/Taiwan residence permit number starts with 810000, 820000 or 830000",
                "doc.format",
            )
        document = parse_resident_id(number, today=today)
        if document.type is not DocType.HMT_RESIDENCE_PERMIT:
            # Only reachable for inputs whose first 6 characters were not all digits, which
            # parse_resident_id already refuses; kept so the type is guaranteed.
            raise _reject(
                "港澳台居民居住证号应以 810000、820000 或 830000 开头",
                "A HK/Macao/Taiwan residence permit number starts with 810000, 820000 or 830000",
                "doc.format",
            )
        return Document(kind, document.number, note)

    canonical = _ascii_upper(normalise_scan_text(number))
    if kind is DocType.PASSPORT:
        if not _PASSPORT.fullmatch(canonical):
            raise _reject(
                f"护照号应为 5-17 位字母或数字，现为{quote_scan(canonical)}（{len(canonical)} 位）",
                f"A passport number is 5-17 letters or digits, got "
                f"{quote_scan(canonical, 'en')} ({len(canonical)} characters)",
                "doc.format",
            )
        return Document(kind, canonical, note)
    if kind is DocType.HK_MACAU_PASS:
        if not _HK_MACAU.fullmatch(canonical):
            raise _reject(
                f"港澳通行证号应为 H 或 M 加 8 位或 10 位数字，现为{quote_scan(canonical)}",
                f"A HK/Macao travel permit number is H or M followed by 8 or 10 digits, "
                f"got {quote_scan(canonical, 'en')}",
                "doc.format",
            )
        return Document(kind, canonical, note)
    if kind is DocType.TAIWAN_PASS:
        match = _TAIWAN.fullmatch(canonical)
        if not match:
            raise _reject(
                "台湾居民通行证号应为 8 位数字（旧版 10 位或带字母后缀），现为"
                + quote_scan(canonical),
                f"A Taiwan travel permit number is 8 digits (older: 10 digits or a letter "
                f"suffix), got {quote_scan(canonical, 'en')}",
                "doc.format",
            )
        return Document(kind, "".join(part for part in match.groups() if part), note)
    if kind is DocType.MILITARY_ID:
        canonical = _free_number(number, kind, _MILITARY_MAX)
        if not any("0" <= ch <= "9" for ch in canonical):
            raise _reject(
                "军人证件号应含数字，例如「军字第12345678号」",
                "A military ID number contains digits, e.g. '军字第12345678号'",
                "doc.format",
            )
        for ch in canonical:
            if not (ch.isascii() and ch.isalnum()) and not _is_cjk(ch) and ch not in "()./#":
                raise _reject(
                    f"军人证件号含不允许的字符「{escape_char(ch)}」",
                    f"The military ID number contains a character that is not allowed: "
                    f"'{escape_char(ch)}'",
                    "doc.format",
                )
        return Document(kind, canonical, note)

    # OTHER: any number, but the note saying what the document is must be there.
    canonical = _free_number(number, kind, _NUMBER_MAX)
    if not note:
        raise _reject(
            "“其他证件”必须注明是什么证件",
            "An 'other' document needs a note saying what document it is",
            "doc.note",
        )
    if _has_control(note) or len(note) > _NOTE_MAX:
        raise _reject(
            f"证件说明含不可见字符或超过 {_NOTE_MAX} 字",
            f"The document note contains invisible characters or is over {_NOTE_MAX} characters",
            "doc.note",
        )
    return Document(kind, canonical, note)


# --------------------------------------------------------------------------- names

_MIDDLE_DOT = "\u00b7"
# Characters typed or scanned in place of the middle dot of minority and foreign names
# (买买提·艾力): IME bullets, katakana and half-width dots, operators, full stops.
_DOT_LOOKALIKES = frozenset(
    "\u00b7\u0387\u1427\u16eb\u2022\u2024\u2027\u2219\u22c5\u2e31\u2e33\u30fb"
    "\ua78f\u318d\ufe52\uff0e\uff65."
    # The Chinese full stop is what the '.' key gives in a Chinese IME: a keystroke look-alike.
    "\u3002\uff61"
)
# ASCII '.' directly after a Latin letter is an initial ("John F. Kennedy"), kept as is.
_APOSTROPHES = "'\u2019\u02bc\u2018\u0060\u00b4\uff07"
_NAME_HYPHENS = "-\u2010\u2011\uff0d"
_NAME_MAX = 64
_NAME_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Invisible characters left by copy-paste, dropped silently.
_NAME_DROP = "\u200b\u2060\ufeff\u00ad"
# Variation selectors that pick the exact glyph of an ideograph (生僻字): the ideographic
# variation sequences and the standardized ones for compatibility ideographs. Kept after an
# ideograph; U+FE0E/U+FE0F (text/emoji presentation) are not among them.
_VS_RANGES = ((0xFE00, 0xFE02), (0xE0100, 0xE01EF))


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= cp <= high for low, high in ranges)


_CJK_RANGES = (
    (0x3400, 0x4DBF),  # Extension A (䶮)
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    # Planes 2 and 3 hold only ideographs: Extensions B-J and the compatibility supplement.
    # Whole planes, so characters newer than this Python's Unicode tables still pass (𠇔).
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
)


# Extension A and the Unified Ideographs: no NFC decomposition, none folded or dropped.
_PLAIN_CJK_NAME = re.compile(f"[\u3400-\u4dbf\u4e00-\u9fff]{{1,{_NAME_MAX}}}")


def _is_cjk(ch: str) -> bool:
    return ch == "\u3007" or _in_ranges(ord(ch), _CJK_RANGES)


def _is_variation_selector(ch: str) -> bool:
    return _in_ranges(ord(ch), _VS_RANGES)


def _is_latin_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, "")


_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0x1F1E6, 0x1F1FF),
)


def _is_emoji(ch: str) -> bool:
    return _in_ranges(ord(ch), _EMOJI_RANGES)


# Blocks of characters that look like ideographs, or parts of them, but are not: a Kangxi
# radical (⼈ U+2F08) comes from a font picker or an OCR'd form and looks exactly like 人.
_LOOKALIKE_BLOCKS = (
    (0x2E80, 0x2EFF, "部首", "CJK radical"),
    (0x2F00, 0x2FDF, "康熙部首", "Kangxi radical"),
    (0x2FF0, 0x2FFF, "汉字结构符", "ideographic description character"),
    (0x31C0, 0x31EF, "笔画", "CJK stroke"),
    (0x3200, 0x33FF, "带圈或兼容字符", "enclosed or compatibility character"),
    (0x1F200, 0x1F2FF, "带框字符", "enclosed ideograph"),
)


def _ideograph_lookalike(ch: str) -> InvalidIdentity | None:
    """The refusal for a character that looks like an ideograph and is not one, naming it and,
    when Unicode says which, the ideograph meant (康熙部首 ⼈ (U+2F08)，应为 人)."""
    block = next((b for b in _LOOKALIKE_BLOCKS if b[0] <= ord(ch) <= b[1]), None)
    if block is None:
        return None
    meant = unicodedata.normalize("NFKC", ch)
    meant = meant if len(meant) == 1 and _is_cjk(meant) else ""
    where = f"{ch}（U+{ord(ch):04X}）"
    return _reject(
        f"姓名含{block[2]} {where}，" + (f"应为 {meant}" if meant else "不是汉字，请输入汉字"),
        f"The name contains the {block[3]} {ch} (U+{ord(ch):04X}), "
        + (f"which should be {meant}" if meant else "which is not an ideograph"),
        "name.lookalike",
    )


def _fold_name_char(ch: str) -> str:
    cp = ord(ch)
    if 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:
        # Full-width Latin letters from a Chinese IME; NFC alone keeps them.
        return chr(cp - 0xFEE0)
    if ch in _APOSTROPHES:
        return "'"
    if ch in _NAME_HYPHENS:
        return "-"
    return ch


def normalise_name(text: str) -> str:
    """Canonical form of a person's name: NFC, single spaces, one kind of middle dot.

    Characters outside the BMP (生僻字 such as 𠇔) are kept intact. Raises `InvalidIdentity`
    for an empty name, digits, control characters, emoji, or more than 64 characters.
    """
    if _PLAIN_CJK_NAME.fullmatch(text):
        # Unified ideographs only: NFC, folding, spacing and dots leave them as they are and
        # every character passes the check, so the name is already canonical.
        return text
    text = unicodedata.normalize("NFC", text)
    text = "".join(_fold_name_char(ch) for ch in text if ch not in _NAME_DROP)
    # A keyboard-wedge reader may add a trailing CR/LF or tab, so the ends are stripped of any
    # whitespace; inside the name only real spaces collapse, and a newline is refused below.
    text = _NAME_SPACES.sub(" ", text.strip())
    if not text:
        raise _reject("请输入姓名", "Enter the name", "name.empty")

    chars: list[str] = []
    for index, ch in enumerate(text):
        if ch == "." and index > 0 and _is_latin_letter(text[index - 1]):
            chars.append(".")
        elif ch in _DOT_LOOKALIKES:
            # Spaces around a dot are noise ("买买提 · 艾力"); several dots are one.
            while chars and chars[-1] == " ":
                chars.pop()
            if not chars or chars[-1] != _MIDDLE_DOT:
                chars.append(_MIDDLE_DOT)
        elif ch == " " and chars and chars[-1] == _MIDDLE_DOT:
            continue
        else:
            chars.append(ch)
    name = "".join(chars)
    if name.startswith(_MIDDLE_DOT) or name.endswith(_MIDDLE_DOT):
        raise _reject(
            "姓名不能以间隔号“·”开头或结尾",
            "A name cannot start or end with the middle dot '·'",
            "name.dot",
        )

    previous = ""
    for ch in name:
        _check_name_char(ch, previous)
        previous = ch
    length = len(name)
    if length > _NAME_MAX:
        raise _reject(
            f"姓名过长：最多 {_NAME_MAX} 个字，现为 {length} 个",
            f"The name is too long: at most {_NAME_MAX} characters, got {length}",
            "name.length",
        )
    return name


def _check_name_char(ch: str, previous: str) -> None:
    if _is_cjk(ch) or _is_latin_letter(ch) or ch in " '-" or ch == _MIDDLE_DOT:
        return
    if ch == "." and _is_latin_letter(previous):
        return
    category = unicodedata.category(ch)
    if (
        category.startswith("M")
        and previous
        and (_is_latin_letter(previous) or unicodedata.category(previous).startswith("M"))
    ):
        # Combining accents NFC could not compose onto a Latin letter.
        return
    if _is_variation_selector(ch) and previous and _is_cjk(previous):
        return
    if category == "Nd" or ch.isdigit():
        raise _reject(
            f"姓名不能含数字「{ch}」", f"A name cannot contain digits ('{ch}')", "name.digit"
        )
    if category.startswith("C"):
        raise _reject(
            f"姓名含控制或不可见字符（U+{ord(ch):04X}）",
            f"The name contains a control or invisible character (U+{ord(ch):04X})",
            "name.control",
        )
    lookalike = _ideograph_lookalike(ch)
    if lookalike is not None:
        raise lookalike
    if _is_emoji(ch) or 0xFE00 <= ord(ch) <= 0xFE0F:
        raise _reject(
            f"姓名不能含表情符号「{ch}」",
            f"A name cannot contain emoji ('{ch}')",
            "name.emoji",
        )
    raise _reject(
        f"姓名含不允许的字符「{ch}」（U+{ord(ch):04X}）",
        f"The name contains a character that is not allowed: '{ch}' (U+{ord(ch):04X})",
        "name.char",
    )


# --------------------------------------------------------------------------- phones


def parse_phone(text: str, region: str = "CN") -> str:
    """Parse a phone number; a CN number comes back as its national significant number
    ("13812345678"), any other as E.164 ("+85291234567")."""
    if region == "CN" and _CN_MOBILE_SHAPE.fullmatch(text):
        prefix = text[:_CN_MOBILE_PREFIX]
        if prefix in _cn_mobile_prefixes_valid:
            return text
        national = _parse_phone(text, region)
        if national == text:
            _cn_mobile_prefixes_valid.add(prefix)
        return national
    return _parse_phone(text, region)


# An 11-digit ASCII number 1[3-9]... as a CN roster or a form holds it. For such a number
# phonenumbers strips nothing (the carrier-code prefix 179xx would leave 6 digits, never a
# viable number), finds no country code, and only the mobile pattern can match; that pattern
# reads at most the first 5 digits (1740[0-5]) before `\d{6}`. So whether it is valid is a
# function of its first digits: cached per 7-digit block (号段), the unit operators allocate.
# tests/unit/test_roster_fast_paths.py compares this with the full parse on every 5-digit
# prefix and on generated numbers.
_CN_MOBILE_SHAPE = re.compile(r"1[3-9][0-9]{9}")
_CN_MOBILE_PREFIX = 7
_cn_mobile_prefixes_valid: set[str] = set()


def _parse_phone(text: str, region: str) -> str:
    compact = normalise_scan_text(text)
    if not compact:
        raise _reject("请输入手机号", "Enter the phone number", "phone.empty")
    try:
        parsed = phonenumbers.parse(compact, region)
    except phonenumbers.NumberParseException:
        raise _reject(
            f"无法识别的电话号码{quote_scan(compact)}",
            f"Not a recognisable phone number: {quote_scan(compact, 'en')}",
            "phone.format",
        ) from None
    national = phonenumbers.national_significant_number(parsed)
    if not phonenumbers.is_valid_number(parsed):
        if parsed.country_code == 86 and national.startswith("1") and len(national) != 11:
            raise _reject(
                f"手机号位数错误：应为 11 位，现为 {len(national)} 位",
                f"A mainland mobile number has 11 digits, got {len(national)}",
                "phone.length",
            )
        raise _reject(
            f"电话号码{quote_scan(compact)}无效（号段或位数不对）",
            f"The phone number {quote_scan(compact, 'en')} is not valid (wrong prefix or length)",
            "phone.invalid",
        )
    if parsed.country_code == 86:
        return national
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
