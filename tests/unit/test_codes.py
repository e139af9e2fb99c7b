"""Personal codes (NP1) and the other person payloads: what is printed reads back exactly."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from station.core.classifier import PersonScan, classify
from station.core.codes import (
    PREFIX_V1,
    TYPE_LETTERS,
    PersonCode,
    decode_person_code,
    encode_person_code,
    is_person_payload,
    parse_person_payload,
)
from station.core.errors import InvalidIdentity
from station.core.identity import DocType, Document, normalise_name, parse_document, parse_phone
from station.core.settings import Settings

RULES = Settings()
ID = "11010519491231002X"


def with_check(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def via_classify(payload: str) -> object:
    return classify(payload, RULES.tube, RULES.box)


# One document of every type, in canonical form; "other" reads back with the note NP1 implies.
DOCUMENTS = {
    DocType.RESIDENT_ID: Document(DocType.RESIDENT_ID, ID),
    DocType.HMT_RESIDENCE_PERMIT: Document(
        DocType.HMT_RESIDENCE_PERMIT, with_check("81000019940823001")
    ),
    DocType.PASSPORT: Document(DocType.PASSPORT, "E12345678"),
    DocType.HK_MACAU_PASS: Document(DocType.HK_MACAU_PASS, "H1234567801"),
    DocType.TAIWAN_PASS: Document(DocType.TAIWAN_PASS, "12345678B"),
    DocType.MILITARY_ID: Document(DocType.MILITARY_ID, "军字第12345678号"),
    DocType.OTHER: Document(DocType.OTHER, "永居ABC123", "个人码"),
}
NAMES = ["张三", "𠇔小明", "买买提·艾力", "欧阳娜娜", "John Smith", ""]
PHONES = ["13812345678", "+85291234567", ""]


def test_every_document_type_has_its_own_letter() -> None:
    assert set(TYPE_LETTERS) == set(DocType)
    assert len(set(TYPE_LETTERS.values())) == len(DocType)


@pytest.mark.parametrize("doc_type", list(DocType))
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("phone", PHONES)
def test_a_personal_code_reads_back_through_the_classifier(
    doc_type: DocType, name: str, phone: str
) -> None:
    code = PersonCode(DOCUMENTS[doc_type], name, phone)
    payload = encode_person_code(code)
    assert payload.startswith(PREFIX_V1)
    assert payload.isascii() and payload.isprintable()  # Code128 holds printable ASCII only
    assert via_classify(payload) == PersonScan(code)
    assert decode_person_code(payload) == code


def test_the_documented_example() -> None:
    payload = "NP1.R.11010519491231002X.13812345678.5byg5LiJ"
    assert (
        encode_person_code(PersonCode(Document(DocType.RESIDENT_ID, ID), "张三", "13812345678"))
        == payload
    )
    assert decode_person_code(payload).name == "张三"


def test_a_number_that_is_not_plain_ascii_is_wrapped() -> None:
    payload = encode_person_code(PersonCode(DOCUMENTS[DocType.MILITARY_ID]))
    assert payload.split(".")[2].startswith("~")
    plain = encode_person_code(PersonCode(DOCUMENTS[DocType.PASSPORT]))
    assert plain.split(".")[2] == "E12345678"


@pytest.mark.parametrize(
    "payload",
    [
        "NP1.",
        "NP1.R.11010519491231002X",
        "NP1.R.11010519491231002X.13812345678.5byg5LiJ.extra",
        "NP1.Z.11010519491231002X..",
        "NP1.R.11010519491231002X..!!!",  # name not base64
        "NP1.R.11010519491231002X..gA",  # name not UTF-8
        "NP1.M.~%%%..",  # wrapped number not base64
    ],
)
def test_a_damaged_code_says_so(payload: str) -> None:
    with pytest.raises(InvalidIdentity) as caught:
        via_classify(payload)
    assert "个人码已损坏" in caught.value.zh and "Damaged personal code" in caught.value.en


def test_a_code_with_a_wrong_check_character_names_the_check_character() -> None:
    with pytest.raises(InvalidIdentity) as caught:
        via_classify("NP1.R.110105194912310021..")
    assert caught.value.code == "id.check_char"


def test_a_code_with_a_bad_phone_names_the_phone() -> None:
    with pytest.raises(InvalidIdentity) as caught:
        via_classify(f"NP1.R.{ID}.1381234567.")
    assert caught.value.code.startswith("phone.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NP1.R.x..", True),
        ('{"id": 1}', True),
        ("a,b", True),
        ("a，b", True),
        ("a|b", True),
        ("a;b", True),
        ("a\tb", True),
        ("0012345678", False),
        ("H12345678", False),
        ("", False),
    ],
)
def test_payload_shape(text: str, expected: bool) -> None:
    assert is_person_payload(text) is expected


def test_fields_are_read_by_shape_not_by_position() -> None:
    expected = PersonCode(Document(DocType.RESIDENT_ID, ID), "买买提·艾力", "13812345678")
    assert parse_person_payload("13812345678，11010519491231002x，买买提 • 艾力") == expected


# ----- properties -------------------------------------------------------------------------

CJK = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # outside the BMP (𠇔)
)
CHINESE_NAME = st.lists(st.text(CJK, min_size=1, max_size=5), min_size=1, max_size=3).map("·".join)
LATIN_NAME = st.lists(
    st.text(
        st.sampled_from("abcdefghijklmnopqrstuvwxyzéüABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        min_size=1,
        max_size=10,
    ),
    min_size=1,
    max_size=3,
).map(" ".join)
NAME = st.one_of(st.just(""), CHINESE_NAME, LATIN_NAME)
DIGITS = "0123456789"
ALNUM = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(DIGITS), min_size=size, max_size=size)


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


PHONE = st.one_of(
    st.just(""),
    joined(st.sampled_from(["130", "138", "150", "159", "186", "199"]), digits(8)),
    joined(st.sampled_from(["+8525", "+8526", "+8529"]), digits(7)),
)
RESIDENT_NUMBER = st.builds(
    lambda region, day, seq: with_check(f"{region}{day:%Y%m%d}{seq:03d}"),
    st.sampled_from(["110105", "310104", "440305", "510107", "810000", "830000"]),
    st.dates(date(1900, 1, 1), date(2022, 4, 4)),
    st.integers(0, 999),
)
RAW_DOCUMENT = st.one_of(
    st.tuples(st.just(DocType.RESIDENT_ID), RESIDENT_NUMBER),
    st.tuples(st.just(DocType.PASSPORT), st.text(st.sampled_from(ALNUM), min_size=5, max_size=17)),
    st.tuples(
        st.just(DocType.HK_MACAU_PASS),
        joined(st.sampled_from("HMhm"), digits(8), st.sampled_from(["", "01", "12"])),
    ),
    st.tuples(
        st.just(DocType.TAIWAN_PASS),
        joined(digits(8), st.sampled_from(["", "01", "(B)", "C"])),
    ),
    st.tuples(
        st.just(DocType.MILITARY_ID),
        joined(st.text(CJK, max_size=4), digits(8), st.text(CJK, max_size=2)),
    ),
    st.tuples(
        st.just(DocType.OTHER),
        st.text(
            st.characters(exclude_categories=["Cs", "Cc", "Cf", "Co", "Cn", "Zs"]),
            min_size=1,
            max_size=30,
        ),
    ),
)


def _canonical(doc_type: DocType, number: str) -> Document:
    note = "个人码" if doc_type is DocType.OTHER else ""
    try:
        return parse_document(doc_type, number, note)
    except InvalidIdentity:
        assume(False)
        raise


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(raw=RAW_DOCUMENT, name=NAME, phone=PHONE)
def test_personal_codes_round_trip(raw: tuple[DocType, str], name: str, phone: str) -> None:
    document = _canonical(*raw)
    try:
        clean_name = normalise_name(name) if name else ""
        clean_phone = parse_phone(phone) if phone else ""
    except InvalidIdentity:
        assume(False)
        raise
    code = PersonCode(document, clean_name, clean_phone)
    payload = encode_person_code(code)
    assert payload.isascii() and payload.isprintable()
    assert payload.count(".") == 4
    assert decode_person_code(payload) == code
    assert via_classify(payload) == PersonScan(code)


@pytest.mark.parametrize(
    "payload",
    [
        '{"a":' * 1000 + "1" + "}" * 1000,  # RecursionError in json.loads
        '{"id": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": ' + "1" * 5000 + "}",  # ValueError: over 4,300 digits
        '{"phone": ' + "9" * 5000 + ', "id": "11010519491231002X"}',
        '{"id": NaN}',
        '{"id": {"id": "11010519491231002X"}}',
    ],
    ids=["nested-1000", "lists-100000", "int-5000", "phone-5000", "nan", "nested-id"],
)
def test_a_hostile_json_payload_is_a_damaged_code(payload: str) -> None:
    with pytest.raises(InvalidIdentity) as caught:
        parse_person_payload(payload)
    assert len(caught.value.zh) < 100 and len(caught.value.en) < 140


def test_a_phone_given_as_a_json_number_keeps_its_digits() -> None:
    payload = '{"name": "张三", "id": "11010519491231002X", "phone": 13812345678}'
    code = parse_person_payload(payload)
    assert code.phone == "13812345678"


@pytest.mark.parametrize("value", ["1e400", "12345", "NaN", "=HYPERLINK(1)"])
def test_a_json_id_field_that_is_no_id_is_named_as_such(value: str) -> None:
    """{"id": 1e400} was called a name with digits in it: the message names the ID field."""
    with pytest.raises(InvalidIdentity) as refused:
        parse_person_payload(json.dumps({"id": value}))
    assert "身份证号" in refused.value.zh and "姓名" not in refused.value.zh


def test_a_record_id_beside_the_id_card_number_is_not_taken_for_it() -> None:
    number = "330106199001010034"
    code = parse_person_payload(json.dumps({"id": 17, "name": "张三", "idcard": number}))
    assert code.document.number == number and code.name == "张三"
