"""Quoting a scan in a message: short, escaped, with its length when cut."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.core.quoting import EXCERPT_CHARS, quote_scan


def test_a_short_plain_scan_is_quoted_as_is() -> None:
    assert quote_scan("E1234") == "「E1234」"
    assert quote_scan("E1234", "en") == "'E1234'"
    assert quote_scan("张 李") == "「张 李」"


def test_numbers_and_chinese_names_are_never_quoted_in_clear() -> None:
    assert quote_scan("E12345678") == "「E123*5678」"  # a passport number
    assert quote_scan("13911110001") == "「139****0001」"  # a phone
    assert quote_scan("11010519491231002X", "en") == "'110***********002X'"
    assert quote_scan("欧阳娜娜,11010519") == "「欧***,110*0519」"
    assert quote_scan("买买提·艾力") == "「买**·艾*」"
    assert quote_scan("NATCMD:MODE:7") == "「NATCMD:MODE:7」"  # short codes as they are


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("ab\u202ecd", "ab\\u202Ecd"),  # right-to-left override
        ("ab\u200fcd", "ab\\u200Fcd"),  # right-to-left mark
        ("ab\u200bcd", "ab\\u200Bcd"),  # zero-width space
        ("ab\ufeffcd", "ab\\uFEFFcd"),  # BOM
        ("a\x00\x1b\x07\n\tb", "a\\x00\\x1B\\x07\\x0A\\x09b"),
        ("a\u3000b\u00a0c", "a\\u3000b\\xA0c"),  # spaces other than ' ' are shown
        ("a\U000e0001b", "a\\U000E0001b"),  # a tag character
        ("a\ue000b", "a\\uE000b"),  # private use
    ],
)
def test_invisible_and_control_characters_are_escaped(raw: str, shown: str) -> None:
    assert quote_scan(raw) == f"「{shown}」"


def test_a_long_scan_is_cut_and_its_length_said() -> None:
    raw = "1" * 10_272
    shown = "111" + "*" * (EXCERPT_CHARS - 7) + "1111"  # cut, then masked like any number
    assert quote_scan(raw) == "「" + shown + "…」（共 10272 字符）"
    assert quote_scan(raw, "en") == "'" + shown + "…' (10272 characters)"


@settings(max_examples=500, database=None)
@given(st.text(max_size=400))
def test_any_quote_is_short_and_printable(raw: str) -> None:
    for language in ("zh", "en"):
        quoted = quote_scan(raw, language)
        assert len(quoted) <= EXCERPT_CHARS * 10 + 40
        assert quoted.isprintable()
