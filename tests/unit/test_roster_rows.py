"""Roster rows checked with the table's identity rules: whatever a spreadsheet cell holds."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roster_data import resident_id
from station.core.errors import InvalidIdentity
from station.core.identity import DocType, parse_resident_id
from station.roster.residents import (
    COLUMNS,
    Flags,
    Resident,
    RowError,
    header_keys,
    missing_columns,
    read_resident,
)

KEYS = [key for _, key, _ in COLUMNS]
YES = ["是", "Y", "yes", "1", "√", "x"]
NO = ["", "否", "N", "0", None]


def good_row(n: int, **cells: object) -> dict[str, object]:
    return {
        "name": "张三",
        "doc_type": "身份证",
        "doc_number": resident_id(n),
        "phone": "13812345678",
        "building": "7栋",
        "unit": "1单元",
        "room": "301",
        **cells,
    }


def fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@settings(deadline=None)  # the machine is shared: time is not what is tested
@given(
    n=st.integers(0, 99_999),
    shape=st.sampled_from(["plain", "lower", "fullwidth", "spaced"]),
    flags=st.lists(st.sampled_from(YES + NO), min_size=6, max_size=6),
)
def test_valid_rows_come_back_canonical(n: int, shape: str, flags: list[object]) -> None:
    number = resident_id(n)
    typed = {
        "plain": number,
        "lower": number.lower(),
        "fullwidth": fullwidth(number),
        "spaced": f" {number[:6]} {number[6:14]} {number[14:]} ",
    }[shape]
    cells = dict(
        zip(
            ["immobile", "pregnant", "student", "elderly", "locked_down", "single"],
            flags,
            strict=True,
        )
    )
    resident = read_resident(5, good_row(n, doc_number=typed, phone=13812345678, **cells))
    assert isinstance(resident, Resident)
    assert resident.document == parse_resident_id(number)
    assert resident.phone == "13812345678"  # a number cell (Excel) reads as the phone
    expected = Flags(*(value in YES for value in flags))
    assert resident.flags == expected
    assert resident.flags.single_only == (expected.single or expected.locked_down)


@given(
    st.dictionaries(
        st.sampled_from(KEYS),
        st.one_of(st.text(max_size=30), st.none(), st.integers(), st.floats()),
    )
)
def test_any_cells_give_a_resident_or_row_errors_never_an_exception(
    cells: dict[str, object],
) -> None:
    result = read_resident(9, cells)
    if isinstance(result, list):
        assert result and all(isinstance(e, RowError) and e.line == 9 for e in result)
        assert all(e.message for e in result)
    else:
        assert result.place.building and result.place.room


def test_every_bad_cell_of_a_row_is_reported() -> None:
    result = read_resident(
        12, good_row(1, name="王5", phone="123", building="", student="maybe", doc_type="驾照")
    )
    assert isinstance(result, list)
    assert {e.column for e in result} == {"姓名", "手机号", "楼栋", "学生", "证件类型"}
    assert result[0].text().startswith("第 12 行「姓名」")


def test_other_documents_and_names_as_the_table_reads_them() -> None:
    passport = read_resident(2, good_row(0, doc_type="护照", doc_number="e1234567"))
    assert isinstance(passport, Resident)
    assert passport.document.type is DocType.PASSPORT and passport.document.number == "E1234567"
    dotted = read_resident(3, good_row(1, name="买买提 • 艾力"))
    assert isinstance(dotted, Resident) and dotted.name == "买买提·艾力"
    rare = read_resident(4, good_row(2, name="𠇔明"))
    assert isinstance(rare, Resident) and rare.name == unicodedata.normalize("NFC", "𠇔明")


def test_headers_are_matched_by_their_usual_names() -> None:
    keys = header_keys(["序号", "姓名", "身份证号", "联系电话", "楼号", "单元号", "房间号", "卧床"])
    assert set(keys.values()) == {
        "name",
        "doc_number",
        "phone",
        "building",
        "unit",
        "room",
        "immobile",
    }
    assert missing_columns(keys) == []
    assert missing_columns(header_keys(["姓名", "电话"])) == ["证件号码", "楼栋", "房号"]


def test_an_unknown_document_type_is_quoted_short_and_escaped() -> None:
    from station.roster.residents import doc_type_of

    with pytest.raises(InvalidIdentity) as caught:
        doc_type_of("护照\u202e" + "x" * 500)
    assert "\u202e" not in caught.value.zh and "\\u202E" in caught.value.zh
    assert "共 503 字符" in caught.value.zh and len(caught.value.zh) < 120


def test_an_invisible_character_in_a_place_is_named_and_a_long_one_counted() -> None:
    result = read_resident(5, good_row(1, room="102\u200f"))  # a right-to-left mark after 102
    assert isinstance(result, list) and [e.column for e in result] == ["房号"]
    assert "\u200f" not in result[0].message and "「102\\u200F」" in result[0].message
    assert "'102\\u200F'" in result[0].message_en
    result = read_resident(6, good_row(1, building="楼" * 41))
    assert isinstance(result, list) and "现为 41 字" in result[0].message
    assert "不可见" not in result[0].message
