"""The roster's fast paths give exactly what the full identity rules give, good input or bad."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.roster.import_writes import registered_json
from roster_data import resident_id
from station.core.errors import InvalidIdentity
from station.core.identity import normalise_name, parse_phone, parse_resident_id, phones
from station.core.records import new_id
from station.roster.ports import registered_payload
from station.roster.residents import COLUMNS, _read_every_error, read_resident
from station.roster.sorted_ids import SortedIds, new_ids

KEYS = [key for _, key, _ in COLUMNS]


def outcome(parse: Callable[[str], object], text: str) -> object:
    """The parsed value, or the refusal (code and both messages) the operator would see."""
    try:
        return parse(text)
    except InvalidIdentity as error:
        return ("refused", error.code, error.zh, error.en)


# ----- phones: the per-block cache against phonenumbers on every number ----------------------


def full_phone(text: str) -> str:
    return phones._parse_phone(text, "CN")


def test_every_five_digit_mobile_prefix_agrees_with_phonenumbers() -> None:
    # The mobile pattern reads at most 5 digits before the free tail: one number per
    # 5-digit prefix, primed and then read from the cache, covers every case it can decide.
    phones._cn_mobile_prefixes_valid.clear()
    for prefix in range(13000, 20000):
        first, second = f"{prefix}000000", f"{prefix}{prefix % 1000:03d}987"
        assert outcome(parse_phone, first) == outcome(full_phone, first)
        assert outcome(parse_phone, second) == outcome(full_phone, second)
    assert phones._cn_mobile_prefixes_valid  # the cache was used, not just bypassed


@settings(max_examples=3000)
@given(
    block=st.from_regex(r"1[3-9][0-9]{5}", fullmatch=True),
    tails=st.lists(st.from_regex(r"[0-9]{4}", fullmatch=True), min_size=2, max_size=4),
)
def test_numbers_sharing_a_block_agree_with_the_full_parse(block: str, tails: list[str]) -> None:
    phones._cn_mobile_prefixes_valid.discard(block)
    for tail in tails:
        number = block + tail
        assert outcome(parse_phone, number) == outcome(full_phone, number)


@settings(max_examples=3000)
@given(
    st.one_of(
        st.from_regex(r"\+?[0-9０-９ \-]{0,16}", fullmatch=True),
        st.from_regex(r"1[0-9]{8,12}", fullmatch=True),
        st.text(max_size=16),
    )
)
def test_any_phone_text_agrees_with_the_full_parse(text: str) -> None:
    assert outcome(parse_phone, text) == outcome(full_phone, text)


# ----- resident IDs: already-canonical numbers skip normalising, nothing else --------------


def full_resident_id(text: str) -> object:
    # A leading space is dropped by the scan normalisation: the same number, the full path.
    return parse_resident_id(" " + text)


@settings(max_examples=3000)
@given(
    st.one_of(
        st.integers(0, 399_999).map(resident_id),
        st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
        st.builds(
            lambda region, y, m, d, seq: f"{region:06d}{y:04d}{m:02d}{d:02d}{seq:03d}",
            st.sampled_from([110105, 810000, 820000, 830000, 999999, 440305, 0]),
            st.integers(1850, 2100),
            st.integers(0, 13),
            st.integers(0, 32),
            st.integers(0, 999),
        ).flatmap(lambda body: st.sampled_from([body + c for c in "0123456789X"])),
    )
)
def test_canonical_resident_ids_agree_with_the_full_parse(text: str) -> None:
    assert outcome(parse_resident_id, text) == outcome(full_resident_id, text)


# ----- names: plain ideographs are already canonical ----------------------------------------


@settings(max_examples=3000)
@given(
    st.one_of(
        st.text(st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF), max_size=70),
        st.text(st.characters(min_codepoint=0x3000, max_codepoint=0xFAFF), max_size=8),
        st.text(max_size=8),
    )
)
def test_names_agree_with_the_full_normaliser(text: str) -> None:
    # Surrounding spaces are stripped by the normaliser: the same name, the full path.
    assert outcome(normalise_name, text) == outcome(lambda t: normalise_name(" " + t + " "), text)


# ----- whole rows: the one-go check against the cell-by-cell one ----------------------------

cells = {
    "name": st.one_of(
        st.sampled_from(["张三", "买买提·艾力", "John Smith", "王5", ""]), st.text(max_size=5)
    ),
    "doc_type": st.sampled_from(["", "身份证", "护照", "其他", "驾照", None]),
    "doc_number": st.one_of(st.integers(0, 9999).map(resident_id), st.text(max_size=19)),
    "note": st.sampled_from(["", "驾驶证", None]),
    "phone": st.one_of(
        st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
        st.sampled_from(["", None, 13812345678.0, "12345"]),
    ),
    "building": st.sampled_from(["7栋", "７栋", "", " 7 栋 ", "x" * 41, None]),
    "unit": st.sampled_from(["", "1单元", None, "\u200b"]),
    "room": st.sampled_from(["301", 301.0, "", None]),
    **{
        key: st.sampled_from(["", "是", "Y", "否", "也许", None, True, 1.0, ["x"]])
        for key in KEYS[8:]
    },
}


@settings(max_examples=3000)
@given(st.fixed_dictionaries(cells))
def test_rows_read_in_one_go_agree_with_the_cell_by_cell_check(row: dict[str, object]) -> None:
    assert read_resident(7, row) == _read_every_error(7, row)


def test_import_keys_are_random_version_4_uuids_like_new_id_handed_out_in_order() -> None:
    keys = SortedIds(20_000)
    first, rest = keys.take(5_000), keys.take(15_000)
    ids = first + rest
    assert len(set(ids)) == len(ids)
    # Ascending, so that one batch's keys are neighbours in the indexes.
    assert ids == sorted(ids) and max(first) < min(rest)
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert len(text) == len(new_id()) and text.count("-") == new_id().count("-")
    # Random: two draws share nothing, and the hex digits outside the fixed ones are even.
    assert not set(new_ids(1_000)) & set(ids)
    digits = "".join(text.replace("-", "")[20:] for text in ids)
    assert {digits.count(d) for d in "0123456789abcdef"} <= set(range(14_000, 16_000))
    assert new_ids(0) == []
    with pytest.raises(ValueError, match="more keys"):
        keys.take(1)


@settings(max_examples=2000)
@given(st.text(), st.text(), st.text(), st.text(), st.text(), st.booleans())
def test_registered_json_is_what_json_dumps_writes(
    doc_type: str, number: str, note: str, name: str, phone: str, single: bool
) -> None:
    assert registered_json(doc_type, number, note, name, phone, single) == json.dumps(
        registered_payload(doc_type, number, note, name, phone, single)
    )
