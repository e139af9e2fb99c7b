"""Resident ID (GB 11643) and HK/Macao/Taiwan residence permit numbers."""

from __future__ import annotations

import re
from datetime import date

from stdnum.cn import ric

from station.core.identity.characters import ascii_upper
from station.core.identity.documents import HMT_PREFIXES, DocType, Document, reject
from station.core.identity.scan_text import normalise_scan_text
from station.core.quoting import escape_char
from station.core.regions import RegionStatus, region_status

__all__ = ["parse_resident_id"]

# Nobody alive was born before this; a 18xx year is a typo, not a centenarian.
_EARLIEST_BIRTH_YEAR = 1900


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
    number = ascii_upper(normalise_scan_text(text))
    if not number:
        raise reject("请输入身份证号", "Enter the resident ID number", "id.empty")
    if len(number) not in (15, 18):
        raise reject(
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
        raise reject(
            f"身份证号{where}只能是数字，发现「{escape_char(bad)}」",
            f"Resident ID number: {where_en} must be digits, found '{escape_char(bad)}'",
            "id.format",
        )
    legacy = len(number) == 15
    if legacy:
        if number[:6] in HMT_PREFIXES:
            # Residence permits date from 2018 and were never issued in the 15-digit form.
            raise reject(
                "港澳台居民居住证号应为 18 位，没有 15 位旧版",
                "A HK/Macao/Taiwan residence permit number has 18 characters; "
                "there is no 15-digit form",
                "id.length",
            )
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
    elif number[17] not in "0123456789X":
        raise reject(
            f"身份证号最后一位只能是数字或 X，发现「{escape_char(number[17])}」",
            f"Resident ID number: the last character must be a digit or X, "
            f"found '{escape_char(number[17])}'",
            "id.format",
        )
    return _checked_resident_id(number, today, legacy=legacy)


# 18 characters that normalise_scan_text and ascii_upper leave as they are.
_RESIDENT_CANONICAL = re.compile(r"[0-9]{17}[0-9X]")


def _checked_resident_id(number: str, today: date, *, legacy: bool = False) -> Document:
    """Date, region and check character of a number already in its 18-character form."""
    raw_date = number[6:14]
    try:
        born = date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:]))
    except ValueError:
        shown = raw_date[2:] if legacy else raw_date
        raise reject(
            f"身份证号中的出生日期 {shown} 不是真实日期",
            f"The birth date {shown} in the resident ID number is not a real date",
            "id.birth_date",
        ) from None
    if born > today:
        raise reject(
            f"身份证号中的出生日期 {born.isoformat()} 晚于今天",
            f"The birth date {born.isoformat()} in the resident ID number is in the future",
            "id.birth_date",
        )
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise reject(
            f"身份证号中的出生日期 {born.isoformat()} 早于 {_EARLIEST_BIRTH_YEAR} 年，不可能",
            f"The birth date {born.isoformat()} in the resident ID number is before "
            f"{_EARLIEST_BIRTH_YEAR}",
            "id.birth_date",
        )

    region = number[:6]
    permit = region in HMT_PREFIXES
    status = RegionStatus.LISTED if permit else region_status(region)
    if status is RegionStatus.IMPOSSIBLE:
        raise reject(
            f"身份证号前 6 位地区码 {region} 不存在",
            f"Unknown region code {region} (first 6 digits of the resident ID number)",
            "id.region",
        )

    if not legacy and number[17] != ric.calc_check_digit(number):
        # The right character is not named: a misread digit "fixed" to match it would be
        # someone else's valid number. The number has to be read again.
        label = "居住证号" if permit else "身份证号"
        label_en = "residence permit number" if permit else "ID number"
        raise reject(
            f"{label}校验不通过：号码有误，请重新读取或核对证件",
            f"The {label_en} does not check out: it was misread or mistyped; read it again "
            "or check the card",
            "id.check_char",
        )
    if status is RegionStatus.UNLISTED:
        return Document(DocType.RESIDENT_ID, number, region_listed=False)
    return Document(DocType.HMT_RESIDENCE_PERMIT if permit else DocType.RESIDENT_ID, number)
