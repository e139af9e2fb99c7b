"""Region codes against vectors this project did not write: the official 2023 list of
county-level codes and python-stdnum's own cn.ric test data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric

from station.core.errors import InvalidIdentity
from station.core.identity import DocType, parse_resident_id
from station.core.regions import SUPPLEMENT, RegionStatus, region_status

TODAY = date(2023, 6, 1)
OFFICIAL_2023 = Path(__file__).parents[1] / "data" / "mca_county_codes_2023.txt"


def official_2023() -> dict[str, str]:
    """Code -> name of every entry of the Ministry of Civil Affairs' 2023 list."""
    rows = (
        line.split(None, 1)
        for line in OFFICIAL_2023.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return {code: name.strip() for code, name in rows}


def make_id(region: str, born: date = date(1990, 1, 1), seq: int = 12) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def test_the_official_list_is_all_there() -> None:
    codes = official_2023()
    assert len(codes) == 3211
    assert codes["330113"] == "临平区" and codes["330114"] == "钱塘区"


def test_every_county_of_the_2023_list_passes_silently() -> None:
    # Counties only: province and prefecture codes (ending in 00) are no place of registration.
    counties = [code for code in official_2023() if not code.endswith("00")]
    assert len(counties) > 2800
    unlisted = [
        code for code in counties if not parse_resident_id(make_id(code), today=TODAY).region_listed
    ]
    assert unlisted == []


@pytest.mark.parametrize(("code", "name"), [("330113", "临平区"), ("330114", "钱塘区")])
def test_hangzhou_2021_districts_are_in_the_supplement(code: str, name: str) -> None:
    assert SUPPLEMENT[code][0] == name == official_2023()[code]
    document = parse_resident_id(make_id(code, date(2021, 5, 1)), today=TODAY)
    assert document.type is DocType.RESIDENT_ID and document.region_listed


def test_the_supplement_names_match_the_official_list_where_it_has_them() -> None:
    official = official_2023()
    assert all(
        official[code] == name for code, (name, _, last) in SUPPLEMENT.items() if last >= 2023
    )


@pytest.mark.parametrize("code", ["330199", "110199", "659099", "469099"])
def test_an_unknown_county_under_a_real_province_is_unlisted_not_refused(code: str) -> None:
    assert region_status(code) is RegionStatus.UNLISTED
    document = parse_resident_id(make_id(code), today=TODAY)
    assert document.type is DocType.RESIDENT_ID and not document.region_listed


def test_an_unlisted_region_still_needs_a_good_check_character() -> None:
    number = make_id("330199")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(InvalidIdentity) as caught:
        parse_resident_id(wrong, today=TODAY)
    assert caught.value.code == "id.check_char"


# python-stdnum's tests/test_cn_ric.doctest (github.com/arthurdejong/python-stdnum, commit
# 006192e59be8ed6e08fd680256868a6c31eb2ba9): its numbers and what it says of each.
STDNUM_VALID = {
    "360426199101010071": "360426199101010071",
    "44011320141005001x": "44011320141005001X",
    "412723199010050012": "412723199010050012",
    "110102199101010078": "110102199101010078",
    "120110198012010073": "120110198012010073",  # 东郊区, before 1991
    "120110199212010072": "120110199212010072",  # 东丽区, after 1991
}
# stdnum refuses these two because the county did not exist in the birth year; the station
# accepts them on purpose (station/core/regions.py: the code is the place of first registration).
STDNUM_PERIOD = ["110111198012010078", "110201199312010077"]
STDNUM_INVALID = {
    "990426199112010074": "id.region",  # unknown birth place code
    "T60426199101010078": "id.format",
    "360426199113010079": "id.birth_date",
    "36042619910102009X": "id.check_char",
}


@pytest.mark.parametrize(("number", "canonical"), STDNUM_VALID.items())
def test_stdnum_valid_vectors(number: str, canonical: str) -> None:
    document = parse_resident_id(number, today=TODAY)
    assert document.number == canonical == ric.validate(number)
    assert document.region_listed


@pytest.mark.parametrize("number", STDNUM_PERIOD)
def test_stdnum_period_vectors_are_accepted_by_design(number: str) -> None:
    assert not ric.is_valid(number)
    assert parse_resident_id(number, today=TODAY).number == number


@pytest.mark.parametrize(("number", "code"), STDNUM_INVALID.items())
def test_stdnum_invalid_vectors(number: str, code: str) -> None:
    assert not ric.is_valid(number)
    with pytest.raises(InvalidIdentity) as caught:
        parse_resident_id(number, today=TODAY)
    assert caught.value.code == code
