"""The scan classifier: whatever a scanner or a keyboard types, it says what it is or why not."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from station.core.classifier import (
    BoxScan,
    Command,
    CommandScan,
    DocumentChoiceScan,
    PersonScan,
    Scan,
    TubeScan,
    classify,
    command_barcode,
)
from station.core.codes import PersonCode, parse_person_payload
from station.core.errors import InvalidIdentity, OperatorError
from station.core.identity import DocType, Document
from station.core.quoting import MAX_SCAN_CHARS
from station.core.settings import BarcodePattern, Settings

TUBE_RULE = Settings().tube  # ten digits
BOX_RULE = Settings().box  # BX and eight digits
ID = "11010519491231002X"
ZHANG = PersonCode(Document(DocType.RESIDENT_ID, ID), "张三", "13812345678")


def scan(raw: str, tube: BarcodePattern = TUBE_RULE) -> object:
    return classify(raw, tube, BOX_RULE)


def refusal(raw: str, tube: BarcodePattern = TUBE_RULE) -> OperatorError:
    with pytest.raises(OperatorError) as caught:
        scan(raw, tube)
    assert caught.value.zh and caught.value.en and caught.value.code
    return caught.value


def with_check(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


# ----- commands, tubes, boxes -------------------------------------------------------------


@pytest.mark.parametrize("command", list(Command))
def test_every_command_card_barcode_reads_back(command: Command) -> None:
    argument = "10" if command is Command.MODE else ""
    printed = command_barcode(command, argument)
    assert printed.startswith("NATCMD:")
    assert scan(printed) == CommandScan(command, argument)
    assert scan(printed.lower()) == CommandScan(command, argument.lower())
    assert scan(f"  {printed}\r\n") == CommandScan(command, argument)


@pytest.mark.parametrize("mode", ["1", "5", "10", "20"])
def test_mode_cards_carry_their_mode(mode: str) -> None:
    assert scan(command_barcode(Command.MODE, mode)) == CommandScan(Command.MODE, mode)


def test_an_unknown_command_is_an_unknown_scan() -> None:
    assert refusal("NATCMD:EXPLODE").code == "unknown_scan"


@pytest.mark.parametrize(
    ("raw", "barcode"),
    [
        ("0012345678", "0012345678"),
        (" 0012345678\n", "0012345678"),
        ("００１２３４５６７８", "0012345678"),  # full-width digits from a Chinese IME
        ("00-1234-5678", "0012345678"),
    ],
)
def test_tube_barcodes(raw: str, barcode: str) -> None:
    assert scan(raw) == TubeScan(barcode)


def test_a_prefixed_lab_pattern() -> None:
    rule = BarcodePattern(prefix="NJ", length=12)
    assert scan("NJ0000000001", rule) == TubeScan("NJ0000000001")
    error = refusal("0012345678", rule)
    assert error.code == "bad_tube_pattern"
    assert "NJ+10 位数字" in error.zh and "NJ+10 digits" in error.en


def test_a_regex_lab_pattern() -> None:
    rule = BarcodePattern(regex=r"SH\d{8}[A-Z]")
    assert scan("SH12345678K", rule) == TubeScan("SH12345678K")
    assert refusal("1234567890", rule).code == "bad_tube_pattern"


@pytest.mark.parametrize("raw", ["1234567", "123456789", "123456789012", "00123456789"])
def test_digits_that_fit_no_pattern_say_so(raw: str) -> None:
    error = refusal(raw)
    assert error.code == "bad_tube_pattern"
    assert "试管规则" in error.zh and "tube pattern" in error.en


@pytest.mark.parametrize("raw", ["BX00001234", "bx00001234", "ＢＸ００００１２３４"])
def test_box_barcodes(raw: str) -> None:
    assert scan(raw) == BoxScan("BX00001234")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty_scan"),
        (" \t\r\n", "empty_scan"),
        ("hello", "unknown_scan"),
        ("123", "unknown_scan"),
    ],
)
def test_empty_and_unreadable_scans(raw: str, code: str) -> None:
    assert refusal(raw).code == code


# ----- people -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        ID,
        ID.lower(),  # x typed lower-case
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width from an IME
        "110105 1949 1231 002X",
        "110105-19491231-002x",
        "110105491231002",  # legacy 15 digits: century 19, check character computed
    ],
)
def test_resident_id_numbers_in_every_typed_form(raw: str) -> None:
    assert scan(raw) == PersonScan(PersonCode(Document(DocType.RESIDENT_ID, ID)))


def test_a_residence_permit_number_is_a_permit() -> None:
    number = with_check("81000019940823001")
    assert scan(number) == PersonScan(PersonCode(Document(DocType.HMT_RESIDENCE_PERMIT, number)))


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("H12345678", "H12345678"),
        ("h12345678", "H12345678"),
        ("M1234567801", "M1234567801"),
        ("Ｈ１２３４５６７８", "H12345678"),
    ],
)
def test_hk_macau_pass_shapes(raw: str, number: str) -> None:
    assert scan(raw) == PersonScan(PersonCode(Document(DocType.HK_MACAU_PASS, number)))


@pytest.mark.parametrize("raw", ["H1234567", "H123456789", "X12345678"])
def test_near_hk_macau_shapes_are_not_people(raw: str) -> None:
    assert not isinstance(_try(raw), PersonScan)


def _try(raw: str) -> object:
    try:
        return scan(raw)
    except OperatorError as error:
        return error


def test_a_bad_check_character_asks_to_read_the_number_again() -> None:
    error = refusal(ID[:-1] + "1")
    assert isinstance(error, InvalidIdentity)
    assert error.code == "id.check_char"
    assert "校验不通过" in error.zh and "重新读取" in error.zh and "X" not in error.zh
    assert "does not check out" in error.en


@pytest.mark.parametrize(
    ("raw", "code"),
    [("11010519491331002X", "id.birth_date"), ("99999919491231002X", "id.region")],
)
def test_other_id_mistakes_are_identity_errors_not_unknown(raw: str, code: str) -> None:
    assert refusal(raw).code == code


def test_a_valid_id_number_is_a_person_even_if_the_lab_pattern_admits_18_digits() -> None:
    rule = BarcodePattern(regex=r"\d{17}[\dX]")
    assert scan(ID, rule) == PersonScan(PersonCode(Document(DocType.RESIDENT_ID, ID)))
    # An 18-digit barcode that is no valid ID number is then the lab's tube.
    assert scan("123456789012345678", rule) == TubeScan("123456789012345678")


@pytest.mark.parametrize(
    "raw",
    [
        "张三,11010519491231002X,13812345678",
        "张三，11010519491231002x，13812345678",  # full-width commas and a lower-case x
        "13812345678，张三，11010519491231002X",
        "11010519491231002X|13812345678|张三",
        "11010519491231002X;张三;138 1234 5678",
        "张三\t11010519491231002X\t13812345678",
        "张三；11010519491231002X；138-1234-5678",
    ],
)
def test_name_id_phone_in_any_order(raw: str) -> None:
    assert scan(raw) == PersonScan(ZHANG)


@pytest.mark.parametrize(
    "raw",
    [
        '{"name": "张三", "id": "11010519491231002X", "phone": "13812345678"}',
        '{"Name": "张三", "idcard": "11010519491231002x", "mobile": "138 1234 5678"}',
        '{"name": "张三", "id_number": "11010519491231002X", "tel": "13812345678", "x": null}',
    ],
)
def test_json_registration_payloads(raw: str) -> None:
    assert scan(raw) == PersonScan(ZHANG)


def test_a_payload_without_an_id_number_says_so() -> None:
    for raw in ('{"name": "张三", "phone": "13812345678"}', "张三,13812345678"):
        error = refusal(raw)
        assert isinstance(error, InvalidIdentity) and "身份证号" in error.zh


def test_a_broken_json_payload_is_a_damaged_code() -> None:
    for raw in ("{not json", '{"name": ', '{"id": [1]}', "{}"):
        assert isinstance(refusal(raw), InvalidIdentity)


# ----- anything at all --------------------------------------------------------------------

# st.characters() leaves out only surrogates: control characters, format characters, private
# use and unassigned code points all come through, as from a misconfigured scanner.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)
NEAR_MISSES = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from(
        [
            "NP1.",
            "NP1.R.",
            "NP1.M.~",
            "NP1.O.~5byg.",
            "NATCMD:",
            "NATCMD:MODE:",
            "{",
            '{"id":',
            "H",
            "M",
            "BX",
            "810000",
            "11010519491231",
            "张三,",
            ID + ",",
            "\ufeff",
            "０",
        ]
    ),
    ANY_TEXT,
)
SHORT_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
SEPARATED = st.builds(
    lambda separator, parts: separator.join(parts),
    st.sampled_from([",", "，", "|", ";", "\t"]),
    st.lists(
        st.one_of(SHORT_TEXT, st.sampled_from([ID, ID.lower(), "张三", "13812345678", "+8529123"])),
        min_size=1,
        max_size=4,
    ),
)
RULES = st.sampled_from(
    [TUBE_RULE, BarcodePattern(prefix="NJ", length=12), BarcodePattern(regex=r"\d{17}[\dX]")]
)


@settings(
    max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(raw=st.one_of(ANY_TEXT, NEAR_MISSES, SEPARATED), rule=RULES)
def test_classify_only_ever_returns_a_scan_or_refuses(raw: str, rule: BarcodePattern) -> None:
    try:
        result = classify(raw, rule, BOX_RULE)
    except OperatorError as error:
        assert error.zh and error.en and error.code
        return
    if isinstance(result, TubeScan):
        assert rule.matches(result.barcode)
    elif isinstance(result, BoxScan):
        assert BOX_RULE.matches(result.barcode)
    elif isinstance(result, PersonScan):
        assert isinstance(result.code.document.type, DocType)
        assert result.code.document.number
    elif isinstance(result, DocumentChoiceScan):
        assert result.choices
    else:
        assert isinstance(result, CommandScan) and isinstance(result.command, Command)


@settings(max_examples=300, deadline=None, database=None)
@given(
    day=st.dates(date(1900, 1, 1), date(2022, 4, 4)),
    seq=st.integers(0, 999),
    region=st.sampled_from(["110105", "310104", "440305", "820000"]),
)
def test_every_valid_id_number_is_a_person_in_either_case(day: date, seq: int, region: str) -> None:
    number = with_check(f"{region}{day:%Y%m%d}{seq:03d}")
    expected = DocType.HMT_RESIDENCE_PERMIT if region == "820000" else DocType.RESIDENT_ID
    for raw in (number, number.lower()):
        assert scan(raw) == PersonScan(PersonCode(Document(expected, number)))


# ----- commands take exactly what the card prints ------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "NATCMD:SEAL:junk",
        "NATCMD:SEAL:",
        "NATCMD:UNDO:1",
        "NATCMD:CANCEL:x",
        "NATCMD:CALL:3",
        "NATCMD:REMOVE:all",
        "NATCMD:REOPEN:2022100103",
        "NATCMD:RECALL:a",
        "NATCMD:SKIP:b",
        "NATCMD:MODE",
        "NATCMD:MODE:",
        "NATCMD:MODE:7",
        "NATCMD:MODE:abc",
        "NATCMD:MODE:" + "9" * 4000,
    ],
)
def test_a_command_with_a_wrong_or_extra_argument_is_refused(raw: str) -> None:
    error = refusal(raw)
    assert error.code == "bad_command"
    assert len(error.zh) < 120 and len(error.en) < 160


def test_every_command_is_checked_for_arguments() -> None:
    for command in Command:
        if command is not Command.MODE:
            assert refusal(command_barcode(command) + ":x").code == "bad_command"


# ----- bare document numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "doc_type", "number"),
    [
        ("E12345678", DocType.PASSPORT, "E12345678"),
        ("e12345678", DocType.PASSPORT, "E12345678"),
        ("ＥＡ１２３４５６７", DocType.PASSPORT, "EA1234567"),
        ("G12345678", DocType.PASSPORT, "G12345678"),
        ("DE1234567", DocType.PASSPORT, "DE1234567"),
        ("SE1234567", DocType.PASSPORT, "SE1234567"),
        ("H12345678", DocType.HK_MACAU_PASS, "H12345678"),
        ("M1234567801", DocType.HK_MACAU_PASS, "M1234567801"),
        ("12345678(B)", DocType.TAIWAN_PASS, "12345678B"),
        ("军字第12345678号", DocType.MILITARY_ID, "军字第12345678号"),
        ("南字第 0012345 号", DocType.MILITARY_ID, "南字第0012345号"),
    ],
)
def test_bare_document_numbers_by_their_shape(raw: str, doc_type: DocType, number: str) -> None:
    assert scan(raw) == PersonScan(PersonCode(Document(doc_type, number)))


def test_eight_digits_ask_which_document() -> None:
    result = scan("12345678")
    assert isinstance(result, DocumentChoiceScan)
    assert result.number == "12345678"
    assert result.choices[0] is DocType.TAIWAN_PASS
    assert set(result.choices) == {DocType.TAIWAN_PASS, DocType.MILITARY_ID, DocType.PASSPORT}
    # A lab whose tubes are 8 digits keeps them as tubes.
    assert scan("12345678", BarcodePattern(length=8)) == TubeScan("12345678")


@pytest.mark.parametrize("raw", ["E1234567", "E123456789", "F12345678", "EI12345678", "1234567"])
def test_near_passport_shapes_are_not_people(raw: str) -> None:
    assert not isinstance(_try(raw), PersonScan | DocumentChoiceScan)


# ----- long, odd and hostile scans ------------------------------------------------------------


def test_a_scan_longer_than_any_code_is_refused_with_a_short_excerpt() -> None:
    raw = "1" * 120
    error = refusal(raw)
    assert error.code == "bad_tube_pattern"
    assert "…" in error.zh and "120" in error.zh and len(error.zh) < 100
    huge = "\u202e" + "A" * (MAX_SCAN_CHARS + 1)
    error = refusal(huge)
    assert error.code == "scan_too_long"
    assert "\u202e" not in error.zh and "\\u202E" in error.zh
    assert str(len(huge)) in error.zh and len(error.zh) < 120 and len(error.en) < 160
    assert refusal("A" * MAX_SCAN_CHARS).code == "unknown_scan"


@pytest.mark.parametrize(
    "raw",
    ["abc\u202edef", "\u200b\u200b", "x\x00y", "NP1.R.\u200f", "{\u202e", "张三,\u202e"],
)
def test_no_message_repeats_an_invisible_or_control_character(raw: str) -> None:
    error = refusal(raw)
    for message in (error.zh, error.en):
        assert message.isprintable(), message


def test_a_deeply_nested_or_huge_json_payload_is_a_damaged_code() -> None:
    for raw in (
        '{"a":' * 1000 + "1" + "}" * 1000,
        '{"id":' + "1" * 5000 + "}",
        '{"a":' * 800 + "1" + "}" * 800,
        '{"id": ' + "[" * 2000 + "]" * 2000 + "}",
        '{"id": {"id": "11010519491231002X"}}',
        '{"id": ["11010519491231002X"]}',
    ):
        error = refusal(raw)
        assert error.zh and len(error.zh) < 120


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from([ID, ID.lower(), "张三", "13812345678", 13812345678]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "name", "phone", "idcard", "x", ""]) | st.text(max_size=5),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)
DEEP = st.integers(1, 1500).map(lambda depth: '{"id":' * depth + "1" + "}" * depth)
# Python refuses to convert an integer of over 4,300 digits (ValueError, not a JSON error).
HUGE_NUMBER = st.integers(1, 6000).map(lambda digits: '{"id": ' + "7" * digits + "}")


@settings(
    max_examples=1500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    payload=st.one_of(
        JSON_VALUES.map(lambda v: json.dumps(v, ensure_ascii=False)),
        st.dictionaries(st.sampled_from(["id", "name", "phone", "mobile"]), JSON_VALUES).map(
            lambda v: json.dumps(v, ensure_ascii=False)
        ),
        DEEP,
        HUGE_NUMBER,
    )
)
def test_any_json_payload_gets_an_operator_message_never_a_crash(payload: str) -> None:
    for raw in (payload, payload.replace(" ", "")):
        try:
            result = classify(raw, TUBE_RULE, BOX_RULE)
        except OperatorError as error:
            assert error.zh and error.en and error.code
            assert len(error.zh) < 200
        else:
            assert isinstance(result, Scan)
        try:
            parse_person_payload(raw)  # without the classifier's length limit in front
        except OperatorError as error:
            assert error.zh and error.en
