"""Unit tests for station.masking: what screens, paper and exports show of a person."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.core.errors import InvalidIdentity
from station.core.identity import DocType, Document, normalise_name
from station.core.masking import (
    document_tail,
    mask_document_number,
    mask_name,
    mask_phone,
    masked_who,
)

PROPERTY = settings(
    max_examples=1000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("", ""),
        ("张", "*"),
        ("张三", "张*"),
        ("张三丰", "张*丰"),
        ("欧阳娜娜", "欧**娜"),
        ("买买提·艾力", "买*·艾力"),
        ("阿卜杜拉·艾·买买提", "阿*·艾·买买提"),
        ("John Smith", "J*** Smith"),
        ("Mary Jane Watson", "M*** J*** Watson"),
        ("Madonna", "M*****a"),
        ("José García", "J*** García"),
        ("J Smith", "J S****"),
        ("X Y", "X *"),
        ("张 三", "张*"),
        ("欧阳 娜娜", "欧**娜"),
        ("买·艾力", "买*·艾*"),
        ("买·艾·提", "买*·*·提"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_name_counts_code_points_outside_the_bmp() -> None:
    # 𠇔 (U+201D4) is one character though two UTF-16 units; 䶮 is in Extension A.
    assert mask_name("王𠇔") == "王*"
    assert mask_name("𠇔䶮") == "𠇔*"
    assert mask_name("𠇔䶮𠇔") == "𠇔*𠇔"
    assert mask_name("刘䶮") == "刘*"
    assert mask_name("𠇔𠇔·䶮") == "𠇔*·䶮"
    assert mask_name("𠇔·䶮") == "𠇔*·*"


def test_mask_name_keeps_marks_and_variation_selectors_with_their_character() -> None:
    assert mask_name("Jose\u0301") == "J**e\u0301"
    assert mask_name("葛\U000e0100三") == "葛\U000e0100*"
    assert mask_name("张三\U000e0100") == "张*"


def test_mask_name_hides_at_least_one_character() -> None:
    for name in ["张", "张三", "欧阳娜娜", "买买提·艾力", "John Smith"]:
        assert mask_name(name) != name
        assert "*" in mask_name(name)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("110105194912310021", "**************0021"),
        ("11010519491231002X", "**************002X"),
        ("E12345678", "*****5678"),
        ("H1234567801", "*******7801"),
        ("军字第12345678号", "********678号"),
        ("123456", "****56"),
        ("12345", "****5"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_document_number(number: str, masked: str) -> None:
    assert mask_document_number(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+85291234567", "+852****4567"),
        ("+886912345678", "+886*****5678"),
        ("91234567", "****4567"),
        ("1012345678", "10****5678"),
        ("138 1234-5678", "138****5678"),
        ("12345", "****5"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


# --------------------------------------------------------------------------- properties


@PROPERTY
@given(number=st.text())
def test_mask_document_number_keeps_length_and_only_the_tail(number: str) -> None:
    masked = mask_document_number(number)
    assert len(masked) == len(number)
    # At most the last 4 show, and at least 4 (or all, if shorter) are hidden.
    shown = min(4, max(0, len(number) - 4))
    assert masked == "*" * (len(number) - shown) + number[len(number) - shown :]


@settings(PROPERTY, max_examples=500)
@given(
    digits=st.text(alphabet="0123456789", max_size=16),
    plus=st.booleans(),
    noise=st.sampled_from(["", " ", "-"]),
)
def test_mask_phone_keeps_length_and_hides_at_least_four(
    digits: str, plus: bool, noise: str
) -> None:
    phone = ("+" if plus else "") + noise.join(digits)
    masked = mask_phone(phone)
    assert len(masked) == len(digits) + plus
    assert masked.count("*") >= min(4, len(digits))
    if len(digits) == 11:
        assert masked.lstrip("+")[:3] == digits[:3] and masked.endswith(digits[-4:])


@PROPERTY
@given(name=st.text(max_size=80))
def test_mask_name_never_raises_and_never_grows_past_one_extra(name: str) -> None:
    masked = mask_name(name)
    assert isinstance(masked, str)
    # Only the dotted form can add a character (the single '*' after a one-letter first part).
    assert len(masked) <= len(name) + 1


NAME_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
    st.sampled_from("abcXYZé ·"),
)


@settings(PROPERTY, max_examples=500)
@given(name=st.text(alphabet=NAME_ALPHABET, min_size=1, max_size=20))
def test_masked_normalised_name_differs_and_keeps_the_first_character(name: str) -> None:
    try:
        canonical = normalise_name(name)
    except InvalidIdentity:
        return
    masked = mask_name(canonical)
    assert masked != canonical
    assert masked[0] == canonical[0] or masked == "*"
    # Something real is always hidden: fewer letters show than the name has.
    letters = [ch for ch in canonical if ch not in " ·"]
    visible = [ch for ch in masked if ch not in " ·*"]
    assert len(visible) < len(letters)
    if "·" not in canonical and " " not in canonical and len(canonical) >= 3:
        # Chinese-name rule: same number of characters, first and last kept.
        assert masked == canonical[0] + "*" * (len(canonical) - 2) + canonical[-1]


# --------------------------------------------------------------------------- who a list names


@pytest.mark.parametrize(
    ("name", "document", "who"),
    [
        ("张三", Document(DocType.RESIDENT_ID, "11010519491231002X"), "张*"),
        ("", Document(DocType.RESIDENT_ID, "110105194912310037"), "身份证 尾号0037"),
        ("", Document(DocType.PASSPORT, "E12345678"), "护照 尾号5678"),
        ("", Document(DocType.HK_MACAU_PASS, "H1234567890"), "港澳通行证 尾号7890"),
        ("", Document(DocType.TAIWAN_PASS, "12345678"), "台胞证 尾号5678"),
        ("", Document(DocType.HMT_RESIDENCE_PERMIT, "810000199408230021"), "居住证 尾号0021"),
        ("", Document(DocType.MILITARY_ID, "军字第123456号"), "军官证 尾号456号"),
        ("", Document(DocType.OTHER, "AB1234", "工作证"), "其他证件 尾号34"),
        ("", Document(DocType.OTHER, "1234"), "其他证件 尾号****"),  # shows nothing of 4
        ("", None, ""),
    ],
)
def test_masked_who_is_the_name_else_the_documents_tail(
    name: str, document: Document | None, who: str
) -> None:
    assert masked_who(name, document) == who


def test_document_tail_in_english_and_never_more_than_the_masked_number_shows() -> None:
    document = Document(DocType.RESIDENT_ID, "110105194912310037")
    assert document_tail(document, english=True) == "ID card …0037"
    assert masked_who("", document, english=True) == "ID card …0037"
    short = Document(DocType.OTHER, "AB1234")
    assert mask_document_number(short.number).endswith(document_tail(short)[-2:])
