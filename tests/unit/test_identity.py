"""Unit tests for station.identity: documents, names and phones as typed at a sampling table."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric

from station.core.errors import InvalidIdentity
from station.core.identity import (
    DocType,
    Document,
    looks_like_resident_id,
    normalise_name,
    normalise_scan_text,
    parse_document,
    parse_phone,
    parse_resident_id,
)
from station.roster.residents import doc_type_of

TODAY = date(2022, 4, 4)
# No example database: tests must not write into the working tree, and the examples that
# matter are written out below. Example counts keep the file near 10 s: Hypothesis itself
# costs a few milliseconds per example, far more than the parsers.
PROPERTY = settings(
    max_examples=1000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def make_id(region: str, born: date, seq: int) -> str:
    """A structurally valid 18-character number, check character computed by stdnum."""
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def known_regions() -> list[str]:
    """Every 6-digit county code in stdnum's region data."""
    codes: list[str] = []
    for _, low, _high, props, children in numdb.get("cn/loc").prefixes:
        if not props.get("province"):
            continue
        for _, c_low, c_high, c_props, _ in children:
            if c_props.get("county"):
                codes += [f"{low}{n:04d}" for n in range(int(c_low), int(c_high) + 1)]
    return codes


REGIONS = known_regions()
BEIJING_CHAOYANG = "110105"
VALID = make_id(BEIJING_CHAOYANG, date(1949, 12, 31), 2)  # ends in X
FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


def refused(call, *args, **kwargs) -> InvalidIdentity:
    with pytest.raises(InvalidIdentity) as info:
        call(*args, **kwargs)
    assert info.value.zh and info.value.en
    return info.value


# --------------------------------------------------------------------------- document types


def test_doc_type_labels_and_pooling() -> None:
    assert DocType.RESIDENT_ID.label_zh == "居民身份证"
    assert DocType.PASSPORT.label_zh == "护照"
    assert DocType.HMT_RESIDENCE_PERMIT.label_zh == "港澳台居民居住证"
    assert DocType.PASSPORT.label_en == "Passport"
    for kind in DocType:
        assert kind.label_zh and kind.label_en
        assert kind.pooled_allowed is (kind is DocType.RESIDENT_ID)
    assert DocType("passport") is DocType.PASSPORT


def test_each_type_has_one_name_and_one_word_that_the_roster_reads_back() -> None:
    # One table holds both (the masked lists say the word, forms the name): the roster
    # template accepts either and reads it back as the same type.
    assert DocType.TAIWAN_PASS.word_zh == "台胞证"
    assert DocType.HK_MACAU_PASS.word_en == "HK/Macao permit"
    for kind in DocType:
        assert kind.word_zh and kind.word_en
        assert doc_type_of(kind.word_zh) is kind
        assert doc_type_of(kind.label_zh) is kind


def test_region_data_is_loaded() -> None:
    assert len(REGIONS) > 3000
    assert BEIJING_CHAOYANG in REGIONS


# --------------------------------------------------------------------------- scan text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１１０１０５ １９４９－１２３１ ００２ｘ", "11010519491231002x"),
        ("  110105-19491231-002X\r\n", "11010519491231002X"),
        ("h12345678", "h12345678"),
        ("\ufeff110105\u200b194912310021", "110105194912310021"),
        ("110105—1949\u30001231", "11010519491231"),
    ],
)
def test_normalise_scan_text(text: str, expected: str) -> None:
    assert normalise_scan_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [VALID, VALID.lower(), VALID.translate(FULL_WIDTH), "110105 19491231 002X", "110105491231002"],
)
def test_looks_like_resident_id(text: str) -> None:
    assert looks_like_resident_id(text)


@pytest.mark.parametrize(
    "text",
    ["", "H12345678", "1101051949123100", "11010519491231002Y", "X10105194912310021", "张三"],
)
def test_does_not_look_like_resident_id(text: str) -> None:
    assert not looks_like_resident_id(text)


# --------------------------------------------------------------------------- resident IDs


def test_stdnum_agrees_with_known_good_number() -> None:
    # The example from stdnum's own documentation, so make_id is checked against a real one.
    assert make_id("360426", date(1991, 1, 1), 7) == "360426199101010071"
    assert parse_resident_id("360426199101010071").number == "360426199101010071"


def test_valid_id_with_x() -> None:
    document = parse_resident_id(VALID, today=TODAY)
    assert VALID.endswith("X")
    assert document == Document(DocType.RESIDENT_ID, VALID)
    assert document.birth_date == date(1949, 12, 31)


@pytest.mark.parametrize(
    "variant",
    [
        VALID.lower(),
        VALID.translate(FULL_WIDTH),
        VALID.lower().translate(FULL_WIDTH),
        "110105 19491231 002x",
        "110105-19491231-002X",
        "  110105１９４９１２３１002ｘ\t",
    ],
)
def test_typed_variants_parse_to_the_same_document(variant: str) -> None:
    assert parse_resident_id(variant, today=TODAY) == Document(DocType.RESIDENT_ID, VALID)


def test_legacy_15_digit_converted_to_18() -> None:
    legacy = "110105491231002"
    document = parse_resident_id(legacy, today=TODAY)
    assert document.number == VALID
    assert len(document.number) == 18
    assert document.birth_date == date(1949, 12, 31)
    assert ric.is_valid(document.number)
    assert parse_resident_id("1101-0549 1231-002", today=TODAY) == document


def test_legacy_15_digit_with_impossible_date() -> None:
    error = refused(parse_resident_id, "110105490230002", today=TODAY)
    assert error.code == "id.birth_date"
    assert "490230" in error.zh and "不是真实日期" in error.zh
    assert "not a real date" in error.en


def test_legacy_15_digit_with_residence_permit_prefix() -> None:
    error = refused(parse_resident_id, "810000900101001", today=TODAY)
    assert error.code == "id.length"
    assert "18 位" in error.zh


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_residence_permits(prefix: str) -> None:
    number = make_id(prefix, date(1990, 1, 1), 1)
    document = parse_resident_id(number, today=TODAY)
    assert document.type is DocType.HMT_RESIDENCE_PERMIT
    assert document.number == number
    assert document.birth_date == date(1990, 1, 1)
    assert not document.type.pooled_allowed
    # stdnum alone would refuse these: its region data has no 830000 and dates 810000/820000.
    assert not ric.is_valid(number) or prefix != "830000"


def test_residence_permit_check_character_still_verified() -> None:
    number = make_id("830000", date(1990, 1, 1), 1)
    wrong = "0" if number[-1] != "0" else "1"
    error = refused(parse_resident_id, number[:-1] + wrong, today=TODAY)
    assert error.code == "id.check_char"
    assert error.zh == "居住证号校验不通过：号码有误，请重新读取或核对证件"
    assert "residence permit number does not check out" in error.en


def test_residence_permit_birth_date_still_verified() -> None:
    body = "81000019900230001"
    error = refused(parse_resident_id, body + ric.calc_check_digit(body + "0"), today=TODAY)
    assert error.code == "id.birth_date"


def test_a_wrong_check_character_asks_to_read_again_and_never_names_the_right_one() -> None:
    # Naming the right character invites "fixing" a misread number into someone else's.
    wrong = VALID[:-1] + "5"
    error = refused(parse_resident_id, wrong, today=TODAY)
    assert error.code == "id.check_char"
    assert error.zh == "身份证号校验不通过：号码有误，请重新读取或核对证件"
    assert "does not check out" in error.en and "read it again" in error.en
    for message in (error.zh, error.en):
        assert "应为" not in message and "should be" not in message
        assert not message.rstrip("件").endswith("X")


def test_single_digit_typo_is_caught_by_check_character() -> None:
    # MOD 11-2 catches every single substitution in the sequence digits.
    number = make_id(BEIJING_CHAOYANG, date(1985, 6, 15), 123)
    for position in range(14, 17):
        for digit in "0123456789":
            if digit == number[position]:
                continue
            typo = number[:position] + digit + number[position + 1 :]
            assert refused(parse_resident_id, typo, today=TODAY).code == "id.check_char"


def test_empty() -> None:
    error = refused(parse_resident_id, "  ")
    assert error.code == "id.empty"
    assert "请输入身份证号" in error.zh


@pytest.mark.parametrize("text", ["1101051949123100", "1101051949123100212", "123"])
def test_wrong_length(text: str) -> None:
    error = refused(parse_resident_id, text, today=TODAY)
    assert error.code == "id.length"
    assert f"现为 {len(text)} 位" in error.zh
    assert f"got {len(text)}" in error.en
    assert "18" in error.zh and "15" in error.zh


def test_letter_inside_the_first_17() -> None:
    error = refused(parse_resident_id, "1101051949I231002X", today=TODAY)
    assert error.code == "id.format"
    assert "前 17 位只能是数字" in error.zh and "「I」" in error.zh
    assert "'I'" in error.en


def test_letter_inside_legacy_number() -> None:
    error = refused(parse_resident_id, "11010549123100A", today=TODAY)
    assert error.code == "id.format"
    assert "15" in error.zh


def test_bad_last_character() -> None:
    error = refused(parse_resident_id, "11010519491231002Y", today=TODAY)
    assert error.code == "id.format"
    assert "最后一位只能是数字或 X" in error.zh and "「Y」" in error.zh


@pytest.mark.parametrize("raw", ["19900230", "19901301", "19900000", "20230229"])
def test_birth_date_not_a_real_date(raw: str) -> None:
    body = f"{BEIJING_CHAOYANG}{raw}001"
    number = body + ric.calc_check_digit(body + "0")
    error = refused(parse_resident_id, number, today=date(2030, 1, 1))
    assert error.code == "id.birth_date"
    assert error.zh == f"身份证号中的出生日期 {raw} 不是真实日期"
    assert error.en == f"The birth date {raw} in the resident ID number is not a real date"


def test_leap_day_is_a_real_date() -> None:
    number = make_id(BEIJING_CHAOYANG, date(2000, 2, 29), 1)
    assert parse_resident_id(number, today=TODAY).birth_date == date(2000, 2, 29)


def test_birth_date_in_the_future() -> None:
    number = make_id(BEIJING_CHAOYANG, TODAY + timedelta(days=1), 1)
    error = refused(parse_resident_id, number, today=TODAY)
    assert error.code == "id.birth_date"
    assert "2022-04-05" in error.zh and "晚于今天" in error.zh
    assert "in the future" in error.en
    # Born today is fine: newborns are tested too.
    assert parse_resident_id(make_id(BEIJING_CHAOYANG, TODAY, 1), today=TODAY)


def test_default_today_is_the_real_today() -> None:
    number = make_id(BEIJING_CHAOYANG, date.today() + timedelta(days=1), 1)
    assert refused(parse_resident_id, number).code == "id.birth_date"


def test_birth_year_before_1900() -> None:
    error = refused(parse_resident_id, make_id(BEIJING_CHAOYANG, date(1899, 12, 31), 1))
    assert error.code == "id.birth_date"
    assert "1899-12-31" in error.zh and "1900" in error.en


@pytest.mark.parametrize("region", ["999999", "000000", "190101", "710101", "830001", "810101"])
def test_a_region_under_no_mainland_province_is_refused(region: str) -> None:
    error = refused(parse_resident_id, make_id(region, date(1990, 1, 1), 1), today=TODAY)
    assert error.code == "id.region"
    assert error.zh == f"身份证号前 6 位地区码 {region} 不存在"
    assert region in error.en and "region" in error.en


def test_region_is_checked_before_the_check_character() -> None:
    # A typo in the region is reported where it is, not as a bare check-character error.
    number = make_id("999999", date(1990, 1, 1), 1)
    wrong = "0" if number[-1] != "0" else "1"
    assert refused(parse_resident_id, number[:-1] + wrong, today=TODAY).code == "id.region"


def test_region_period_is_not_enforced() -> None:
    # 130502 was created in 1983; people born in 1950 got cards with it in 1984-85, and
    # 110103 (崇文区) was merged away in 2010 but its holders keep their numbers.
    # stdnum's own validate refuses both; the station must not.
    older = make_id("130502", date(1950, 5, 1), 11)
    assert not ric.is_valid(older)
    assert parse_resident_id(older, today=TODAY).type is DocType.RESIDENT_ID
    merged = make_id("110103", date(2012, 5, 1), 11)
    assert parse_resident_id(merged, today=TODAY).number == merged


def test_document_birth_date_for_other_types_and_garbage() -> None:
    assert Document(DocType.PASSPORT, "E12345678").birth_date is None
    assert Document(DocType.RESIDENT_ID, "garbage").birth_date is None
    assert Document(DocType.RESIDENT_ID, "11010519901340001X").birth_date is None


# --------------------------------------------------------------------------- other documents


def test_parse_document_resident_id_keeps_note_and_accepts_str_type() -> None:
    document = parse_document("resident_id", VALID.lower(), " 备注 ", today=TODAY)
    assert document == Document(DocType.RESIDENT_ID, VALID, "备注")


def test_parse_document_resident_id_with_permit_number_becomes_permit() -> None:
    number = make_id("810000", date(1980, 7, 1), 5)
    document = parse_document(DocType.RESIDENT_ID, number, today=TODAY)
    assert document == Document(DocType.HMT_RESIDENCE_PERMIT, number)


def test_parse_document_permit() -> None:
    number = make_id("820000", date(1980, 7, 1), 5)
    document = parse_document(DocType.HMT_RESIDENCE_PERMIT, number.lower(), today=TODAY)
    assert document == Document(DocType.HMT_RESIDENCE_PERMIT, number)


def test_parse_document_permit_type_with_resident_number() -> None:
    error = refused(parse_document, DocType.HMT_RESIDENCE_PERMIT, VALID, today=TODAY)
    assert error.code == "doc.format"
    assert "810000" in error.zh and "830000" in error.en


def test_parse_document_permit_type_with_garbage() -> None:
    assert refused(parse_document, DocType.HMT_RESIDENCE_PERMIT, "abc").code == "id.length"


def test_unknown_document_type() -> None:
    error = refused(parse_document, "driving_licence", "123")
    assert error.code == "doc.type"
    assert "driving_licence" in error.zh


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("e12345678", "E12345678"), ("ｅ１２３４５６７８", "E12345678"), ("AB 12-345", "AB12345")],
)
def test_passport(typed: str, expected: str) -> None:
    assert parse_document(DocType.PASSPORT, typed) == Document(DocType.PASSPORT, expected)


@pytest.mark.parametrize("typed", ["", "1234", "A" * 18, "E1234567!", "ßß1234", "Е1234567"])
def test_passport_refused(typed: str) -> None:
    error = refused(parse_document, DocType.PASSPORT, typed)
    assert error.code == "doc.format"
    assert "5-17" in error.zh and "5-17" in error.en


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("H12345678", "H12345678"),
        ("m1234567801", "M1234567801"),
        ("Ｈ１２３４５６７８", "H12345678"),
        ("H 1234 5678", "H12345678"),
    ],
)
def test_hk_macau_pass(typed: str, expected: str) -> None:
    document = parse_document(DocType.HK_MACAU_PASS, typed)
    assert document == Document(DocType.HK_MACAU_PASS, expected)
    assert not document.type.pooled_allowed


@pytest.mark.parametrize(
    "typed", ["", "12345678", "H1234567", "H123456789", "A12345678", "H123456789012"]
)
def test_hk_macau_pass_refused(typed: str) -> None:
    error = refused(parse_document, DocType.HK_MACAU_PASS, typed)
    assert error.code == "doc.format"
    assert "H 或 M" in error.zh and "H or M" in error.en


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12345678", "12345678"),
        ("1234567801", "1234567801"),
        ("12345678(B)", "12345678B"),
        ("12345678（b）", "12345678B"),
        ("12345678B", "12345678B"),
        ("１２３４ ５６７８", "12345678"),
    ],
)
def test_taiwan_pass(typed: str, expected: str) -> None:
    assert parse_document("taiwan_pass", typed) == Document(DocType.TAIWAN_PASS, expected)


@pytest.mark.parametrize("typed", ["", "1234567", "123456789", "12345678BC", "T1234567"])
def test_taiwan_pass_refused(typed: str) -> None:
    error = refused(parse_document, DocType.TAIWAN_PASS, typed)
    assert error.code == "doc.format"
    assert "8 位数字" in error.zh and "8 digits" in error.en


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("军字第12345678号", "军字第12345678号"),
        (" 军字第 1234-5678 号 ", "军字第12345678号"),
        ("南字第０１２３４５号", "南字第012345号"),
        ("wj2020(01)", "WJ2020(01)"),
    ],
)
def test_military_id(typed: str, expected: str) -> None:
    assert parse_document(DocType.MILITARY_ID, typed) == Document(DocType.MILITARY_ID, expected)


def test_military_id_refused() -> None:
    assert refused(parse_document, DocType.MILITARY_ID, "  ").code == "doc.empty"
    assert refused(parse_document, DocType.MILITARY_ID, "军字第号").code == "doc.format"
    assert refused(parse_document, DocType.MILITARY_ID, "军字第123@号").code == "doc.format"
    assert refused(parse_document, DocType.MILITARY_ID, "军123😀").code == "doc.format"
    assert refused(parse_document, DocType.MILITARY_ID, "1" * 33).code == "doc.length"


def test_other_document_needs_a_note() -> None:
    document = parse_document(DocType.OTHER, "ab 12-34", "  出生医学证明 ")
    assert document == Document(DocType.OTHER, "AB1234", "出生医学证明")
    error = refused(parse_document, DocType.OTHER, "AB1234", "  ")
    assert error.code == "doc.note"
    assert "注明" in error.zh and "note" in error.en


def test_other_document_refused() -> None:
    assert refused(parse_document, DocType.OTHER, "", "出生证").code == "doc.empty"
    assert refused(parse_document, DocType.OTHER, "x" * 65, "出生证").code == "doc.length"
    assert refused(parse_document, DocType.OTHER, "AB\x00", "出生证").code == "doc.format"
    assert refused(parse_document, DocType.OTHER, "AB1", "出生\x00证").code == "doc.note"
    assert refused(parse_document, DocType.OTHER, "AB1", "证" * 201).code == "doc.note"


# --------------------------------------------------------------------------- names

DOTS = [
    "\u00b7",  # MIDDLE DOT (the right one)
    "\u2022",  # BULLET
    "\u2027",  # HYPHENATION POINT
    "\u30fb",  # KATAKANA MIDDLE DOT (Japanese IME)
    "\uff65",  # HALFWIDTH KATAKANA MIDDLE DOT
    "\u2219",  # BULLET OPERATOR
    "\u22c5",  # DOT OPERATOR
    "\ufe52",  # SMALL FULL STOP
    "\uff0e",  # FULLWIDTH FULL STOP
    ".",
    "\u1427",  # CANADIAN SYLLABICS FINAL MIDDLE DOT
    "\u0387",  # GREEK ANO TELEIA
    "\u16eb",  # RUNIC SINGLE PUNCTUATION
    "\u2024",  # ONE DOT LEADER
    "\u2e31",  # WORD SEPARATOR MIDDLE DOT
    "\ua78f",  # LATIN LETTER SINOLOGICAL DOT
    "\u3002",  # IDEOGRAPHIC FULL STOP ('.' key in a Chinese IME)
]


@pytest.mark.parametrize("dot", DOTS, ids=[f"U+{ord(d):04X}" for d in DOTS])
def test_minority_name_with_each_look_alike_dot(dot: str) -> None:
    assert normalise_name(f"买买提{dot}艾力") == "买买提·艾力"
    assert normalise_name(f" 买买提 {dot} 艾力 ") == "买买提·艾力"


def test_repeated_dots_become_one() -> None:
    assert normalise_name("阿卜杜拉··艾 · 买买提") == "阿卜杜拉·艾·买买提"


@pytest.mark.parametrize("name", ["·买买提", "买买提・", "・"])
def test_name_cannot_start_or_end_with_a_dot(name: str) -> None:
    assert refused(normalise_name, name).code == "name.dot"


def test_rare_characters_outside_the_bmp_are_kept() -> None:
    # 𠇔 is U+201D4 (Extension B, outside the BMP); 䶮 is U+4DAE (Extension A).
    assert ord("𠇔") == 0x201D4 and ord("䶮") == 0x4DAE
    assert normalise_name("王𠇔") == "王𠇔"
    assert normalise_name(" 刘䶮 ") == "刘䶮"
    assert len(normalise_name("𠇔䶮")) == 2
    # Extension G/H/I characters newer than some Unicode tables are still ideographs.
    assert normalise_name("\U00030000\U00031350\U0002ebf0") == "\U00030000\U00031350\U0002ebf0"
    assert normalise_name("李〇") == "李〇"


def test_ideographic_variation_sequence_is_kept() -> None:
    name = "葛\U000e0100"
    assert normalise_name(name) == name
    assert normalise_name("\u8279\ufe00") == "\u8279\ufe00"


def test_compatibility_ideograph_is_nfc_normalised() -> None:
    # U+F900 has a canonical decomposition to U+8C48; NFC makes the two spellings equal.
    assert normalise_name("\uf900") == "\u8c48"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  张  三 ", "张 三"),
        ("张\u3000三", "张 三"),
        ("José\u00a0García", "José García"),
        ("Jose\u0301", "José"),
        ("O’Neil", "O'Neil"),
        ("Anne\u2010Marie", "Anne-Marie"),
        ("ＪＯＨＮ ｓｍｉｔｈ", "JOHN smith"),
        ("John F. Kennedy", "John F. Kennedy"),
        ("张三\r\n", "张三"),
        ("\ufeff张\u200b三", "张三"),
        ("Nguyễn Thị", "Nguyễn Thị"),
    ],
)
def test_normalise_name(typed: str, expected: str) -> None:
    result = normalise_name(typed)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


def test_name_empty() -> None:
    for blank in ["", "   ", "\u3000", "\u200b"]:
        error = refused(normalise_name, blank)
        assert error.code == "name.empty"
        assert error.zh == "请输入姓名"


@pytest.mark.parametrize("name", ["张三1", "张三３", "李٣"])
def test_name_with_digits(name: str) -> None:
    error = refused(normalise_name, name)
    assert error.code == "name.digit"
    assert "数字" in error.zh and "digits" in error.en


@pytest.mark.parametrize("name", ["张\x00三", "张\n三", "张\x1b三", "张\u202e三", "张\u200d三"])
def test_name_with_control_characters(name: str) -> None:
    error = refused(normalise_name, name)
    assert error.code == "name.control"
    assert "控制" in error.zh and "control" in error.en


@pytest.mark.parametrize("name", ["张三😀", "张三❤", "张三\U0001f1e8\U0001f1f3", "张\ufe0f"])
def test_name_with_emoji(name: str) -> None:
    error = refused(normalise_name, name)
    assert error.code == "name.emoji"
    assert "表情" in error.zh and "emoji" in error.en


@pytest.mark.parametrize("name", ["张@三", "Иван", "김철수", "张_三", "́张"])
def test_name_with_other_characters(name: str) -> None:
    error = refused(normalise_name, name)
    assert error.code == "name.char"
    assert "U+" in error.zh and "not allowed" in error.en


def test_name_length_limit_counts_code_points() -> None:
    assert normalise_name("𠇔" * 64) == "𠇔" * 64  # 64 characters, 128 UTF-16 units
    error = refused(normalise_name, "张" * 65)
    assert error.code == "name.length"
    assert "64" in error.zh and "65" in error.en


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-138-1234-5678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("＋８６ １３８－１２３４－５６７８", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("010-12345678", "1012345678"),
        ("+852 9123 4567", "+85291234567"),
        ("+853 6612 3456", "+85366123456"),
        ("+886 912 345 678", "+886912345678"),
    ],
)
def test_parse_phone(typed: str, expected: str) -> None:
    assert parse_phone(typed) == expected


def test_parse_phone_other_default_region() -> None:
    assert parse_phone("9123 4567", region="HK") == "+85291234567"


def test_phone_empty() -> None:
    assert refused(parse_phone, " ").code == "phone.empty"


@pytest.mark.parametrize("typed", ["1381234567", "138123456789"])
def test_mobile_wrong_length(typed: str) -> None:
    error = refused(parse_phone, typed)
    assert error.code == "phone.length"
    assert error.zh == f"手机号位数错误：应为 11 位，现为 {len(typed)} 位"
    assert "11 位" in error.zh and f"got {len(typed)}" in error.en


@pytest.mark.parametrize("typed", ["abc", "张三", "+"])
def test_phone_unrecognisable(typed: str) -> None:
    assert refused(parse_phone, typed).code == "phone.format"


@pytest.mark.parametrize("typed", ["23456", "+852 1234"])
def test_phone_invalid(typed: str) -> None:
    error = refused(parse_phone, typed)
    assert error.code == "phone.invalid"
    assert "无效" in error.zh and "not valid" in error.en


# --------------------------------------------------------------------------- properties
# Hypothesis costs a few milliseconds per example here, so each property does several checks
# per example rather than spreading them over many small tests.

PARSERS = [
    lambda text: parse_resident_id(text, today=TODAY),
    normalise_name,
    parse_phone,
    *((lambda text, kind=kind: parse_document(kind, text, text, today=TODAY)) for kind in DocType),
]

# Text biased towards what reaches these parsers: digits, X, full-width, dots, CJK, junk.
SCANNY = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789Xx -·.+()"),
        st.sampled_from("０１２３４５６７８９ｘＸ　－"),
        st.characters(),
    ),
    max_size=40,
)
NEAR_MISS = st.builds(
    str.__add__,
    st.sampled_from(["", "1", "11", "110105", "1101051990", "810000", "+86", "H", "军字第"]),
    SCANNY,
)


@settings(PROPERTY, max_examples=2000)
@given(text=st.one_of(st.text(), SCANNY, NEAR_MISS))
def test_parsers_raise_only_invalid_identity(text: str) -> None:
    for parse in PARSERS:
        try:
            parse(text)
        except InvalidIdentity as error:
            assert error.zh and error.en
    try:
        document = parse_resident_id(text, today=TODAY)
    except InvalidIdentity:
        return
    assert looks_like_resident_id(text)
    assert len(document.number) == 18
    assert document.birth_date is not None
    assert parse_resident_id(document.number, today=TODAY) == document


# Built once: sampled_from over thousands of codes is costly to label on every draw.
ID_REGIONS = st.sampled_from([*REGIONS, "810000", "820000", "830000"])


EARLIEST = date(1900, 1, 1)


@st.composite
def valid_ids(draw: st.DrawFn) -> tuple[str, date, int]:
    # Few, flat draws: Hypothesis' cost here is per draw, not per check.
    region = draw(ID_REGIONS)
    born = EARLIEST + timedelta(days=draw(st.integers(0, (TODAY - EARLIEST).days)))
    seq = draw(st.integers(0, 999))
    return make_id(region, born, seq), born, seq


def spaced(number: str, cuts: int, separator: str) -> str:
    """Insert the separator before every position whose bit is set in `cuts`."""
    return "".join(
        (separator if position and cuts >> position & 1 else "") + ch
        for position, ch in enumerate(number)
    )


@PROPERTY
@given(
    generated=valid_ids(),
    cuts=st.integers(0, 2**18 - 1),
    separator=st.sampled_from([" ", "-", "\u3000", "－", " - ", "\t"]),
    change=st.integers(0, 18 * 11 - 1),
)
def test_generated_ids_round_trip_in_every_typed_form(
    generated: tuple[str, date, int], cuts: int, separator: str, change: int
) -> None:
    number, born, seq = generated
    document = parse_resident_id(number, today=TODAY)
    assert document.number == number
    assert document.birth_date == born
    permit = number[:6] in {"810000", "820000", "830000"}
    assert document.type is (DocType.HMT_RESIDENCE_PERMIT if permit else DocType.RESIDENT_ID)
    for variant in (
        number.lower(),
        number.lower().translate(FULL_WIDTH),
        spaced(number, cuts, separator),
        spaced(number.lower().translate(FULL_WIDTH), ~cuts, separator),
        f"  {number}\r\n",
    ):
        assert looks_like_resident_id(variant)
        assert parse_resident_id(variant, today=TODAY) == document
    assert parse_document(DocType.RESIDENT_ID, number.lower(), today=TODAY) == document

    # The legacy 15-digit form of a 20th-century birth converts to exactly this number.
    if born.year < 2000 and not permit:
        legacy = f"{number[:6]}{born:%y%m%d}{seq:03d}"
        assert parse_resident_id(legacy, today=TODAY) == document

    # MOD 11-2 detects every single substitution, so whatever else a one-character change
    # does, the changed number is never accepted.
    position, replacement = divmod(change, 11)
    new = "0123456789X"[replacement]
    if number[position] != new and (new != "X" or position == 17):
        changed = number[:position] + new + number[position + 1 :]
        with pytest.raises(InvalidIdentity):
            parse_resident_id(changed, today=TODAY)


NAME_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
    st.sampled_from("abcXYZéüñ'- ‐’\u3000\u00a0\u0301"),
    st.sampled_from(DOTS),
)


@PROPERTY
@given(text=st.one_of(st.text(alphabet=NAME_ALPHABET, max_size=70), st.text(max_size=80)))
def test_normalise_name_is_idempotent(text: str) -> None:
    try:
        once = normalise_name(text)
    except InvalidIdentity:
        return
    assert normalise_name(once) == once
    assert once == once.strip() and "  " not in once
    assert 0 < len(once) <= 64
    assert unicodedata.is_normalized("NFC", once)
    assert not any(ch in once for ch in DOTS if ch not in "·.")


@settings(PROPERTY, max_examples=300)
@given(
    parts=st.lists(
        st.text(
            alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
            min_size=1,
            max_size=10,
        ),
        min_size=1,
        max_size=4,
    ),
    dot=st.sampled_from(DOTS),
)
def test_any_dot_between_cjk_parts_becomes_middle_dot(parts: list[str], dot: str) -> None:
    assert normalise_name(dot.join(parts)) == "·".join(parts)
    assert normalise_name(f" {dot} ".join(parts)) == "·".join(parts)


@settings(PROPERTY, max_examples=300)
@given(
    number=st.builds(
        lambda second, rest: f"1{second}{rest:09d}", st.integers(3, 9), st.integers(0, 10**9 - 1)
    ),
    style=st.sampled_from(["{n}", "+86 {n}", "+86-{a}-{b}-{c}", "{a} {b} {c}", "0086{n}"]),
)
def test_phone_forms(number: str, style: str) -> None:
    typed = style.format(n=number, a=number[:3], b=number[3:7], c=number[7:])
    try:
        result = parse_phone(typed)
    except InvalidIdentity as error:
        # Some 1xx prefixes are not allocated; then every form is refused the same way.
        assert error.code == "phone.invalid"
        with pytest.raises(InvalidIdentity):
            parse_phone(number)
        return
    assert result == number
    full_width = typed.translate(str.maketrans("0123456789+", "０１２３４５６７８９＋"))
    assert parse_phone(full_width) == number


@settings(max_examples=2000, database=None)
@given(st.text(max_size=40))
def test_normalise_scan_text_is_idempotent(text: str) -> None:
    """Found by the personal-code round trip: "A´" read once and read again must agree."""
    once = normalise_scan_text(text)
    assert normalise_scan_text(once) == once


def test_a_spacing_accent_reads_the_same_twice() -> None:
    assert normalise_scan_text("A´") == normalise_scan_text(normalise_scan_text("A´")) == "Á"


@pytest.mark.parametrize(
    ("name", "kind", "meant"),
    [
        ("张⼈", "康熙部首", "人"),  # U+2F08 KANGXI RADICAL MAN, looks exactly like 人
        ("⼤山", "康熙部首", "大"),  # U+2F24
        ("王㊀", "带圈或兼容字符", "一"),  # U+3280 CIRCLED IDEOGRAPH ONE
    ],
)
def test_a_radical_or_enclosed_ideograph_is_named_with_the_ideograph_meant(
    name: str, kind: str, meant: str
) -> None:
    error = refused(normalise_name, name)
    assert error.code == "name.lookalike"
    odd = next(ch for ch in name if unicodedata.normalize("NFKC", ch) != ch)
    assert error.zh == f"姓名含{kind} {odd}（U+{ord(odd):04X}），应为 {meant}"
    assert f"U+{ord(odd):04X}" in error.en and f"should be {meant}" in error.en
    assert "表情" not in error.zh and "emoji" not in error.en


def test_a_radical_with_no_ideograph_behind_it_is_named_too() -> None:
    error = refused(normalise_name, "张⺀")  # U+2E80 CJK RADICAL REPEAT
    assert error.code == "name.lookalike"
    assert "部首" in error.zh and "U+2E80" in error.zh and "表情" not in error.zh


@pytest.mark.parametrize("name", ["张©", "李℃", "王™"])
def test_a_symbol_that_is_no_emoji_is_not_called_one(name: str) -> None:
    error = refused(normalise_name, name)
    assert error.code == "name.char" and "表情" not in error.zh
