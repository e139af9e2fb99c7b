"""Look-up keys: pinyin initials of names, and what a typed query is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.errors import OperatorError
from station.lab.lookup import KeyKind, initials, read_query


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三", "zs"),
        ("李四", "ls"),
        ("欧阳娜娜", "oynn"),
        ("买买提·艾力", "mmtal"),
        ("曾小贤", "zxx"),
        ("单田芳", "stf"),
        ("John Smith", "js"),
        ("𠇔三", "s"),
        ("", ""),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("zs", KeyKind.INITIALS, "zs"),
        ("ZS", KeyKind.INITIALS, "zs"),
        ("ｚｓ", KeyKind.INITIALS, "zs"),
        ("138 1234 5678", KeyKind.PHONE, "13812345678"),
        ("+852 9123 4567", KeyKind.PHONE, "+85291234567"),
        ("11010519491231002x", KeyKind.DOCUMENT, "11010519491231002X"),
        ("H12345678", KeyKind.DOCUMENT, "H12345678"),
        ("张三", KeyKind.NAME, "张三"),
        (" 买买提・艾力 ", KeyKind.NAME, "买买提·艾力"),
    ],
)
def test_queries(text: str, kind: KeyKind, key: str) -> None:
    assert read_query(text) == (kind, key)


def test_an_empty_query_is_refused() -> None:
    with pytest.raises(OperatorError):
        read_query("  ")


@given(st.text(max_size=30))
def test_any_query_is_read_or_refused_clearly(text: str) -> None:
    try:
        kind, key = read_query(text)
    except OperatorError as error:
        assert error.zh and error.en
    else:
        assert key and kind in KeyKind


def _gb2312_level1() -> list[str]:
    """The 3,755 commonest characters (GB 2312 level 1): every name's everyday characters."""
    return [
        bytes([row, cell]).decode("gb2312")
        for row in range(0xB0, 0xD8)
        for cell in range(0xA1, 0xFF)
        if (row, cell) <= (0xD7, 0xF9)
    ]


@given(st.text(alphabet=st.sampled_from(_gb2312_level1()), min_size=1, max_size=6))
def test_initials_are_one_lower_letter_per_common_character(name: str) -> None:
    key = initials(name)
    assert key.isascii() and key.islower() and len(key) == len(name)


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6
    )
)
def test_initials_of_any_characters_are_lower_letters_at_most_one_each(name: str) -> None:
    # Some rare characters have no reading (兙, U+5159, "shíkè"): they are left out.
    key = initials(name)
    assert key == "" or (key.isascii() and key.islower())
    assert len(key) <= len(name)
    assert initials("兙") == "" and initials("张兙三") == "zs"
