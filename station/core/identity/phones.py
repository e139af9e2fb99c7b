"""Phone numbers: a mainland mobile as its 11 digits, any other number in E.164."""

from __future__ import annotations

import re

import phonenumbers

from station.core.identity.documents import reject
from station.core.identity.scan_text import normalise_scan_text
from station.core.quoting import quote_scan

__all__ = ["parse_phone"]


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
        raise reject("请输入手机号", "Enter the phone number", "phone.empty")
    try:
        parsed = phonenumbers.parse(compact, region)
    except phonenumbers.NumberParseException:
        raise reject(
            f"无法识别的电话号码{quote_scan(compact)}",
            f"Not a recognisable phone number: {quote_scan(compact, 'en')}",
            "phone.format",
        ) from None
    national = phonenumbers.national_significant_number(parsed)
    if not phonenumbers.is_valid_number(parsed):
        if parsed.country_code == 86 and national.startswith("1") and len(national) != 11:
            raise reject(
                f"手机号位数错误：应为 11 位，现为 {len(national)} 位",
                f"A mainland mobile number has 11 digits, got {len(national)}",
                "phone.length",
            )
        raise reject(
            f"电话号码{quote_scan(compact)}无效（号段或位数不对）",
            f"The phone number {quote_scan(compact, 'en')} is not valid (wrong prefix or length)",
            "phone.invalid",
        )
    if parsed.country_code == 86:
        return national
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
