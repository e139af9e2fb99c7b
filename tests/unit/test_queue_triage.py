"""Who a scan at the triage desk names (station.queue.triage): no Qt, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.settings import Settings
from station.queue.triage import person_at_desk
from station.training import admit, training_code

ZHANG_SAN = "NP1.R.11010519491231002X.13812345678.5byg5LiJ"  # 张三
ID = "11010519491231002X"
SETTINGS = Settings()


def at_desk(raw: str, training: bool | None = None) -> PersonCode:
    if training is None:
        return person_at_desk(raw, SETTINGS.tube, SETTINGS.box)
    return person_at_desk(raw, SETTINGS.tube, SETTINGS.box, lambda r: admit(r, training))


def test_a_personal_code_names_its_person() -> None:
    person = at_desk(ZHANG_SAN)
    assert (person.document.number, person.name, person.phone) == (ID, "张三", "13812345678")


def test_a_typed_id_number_names_a_person_with_no_name() -> None:
    person = at_desk(" 11010519491231002x ")
    assert person.document.number == ID and person.name == ""
    assert person.document.birth_date is not None and person.document.birth_date.year == 1949


@pytest.mark.parametrize("raw", ["0012345678", "BX00000001", "NATCMD:SEAL"])
def test_a_tube_a_box_or_a_command_names_nobody(raw: str) -> None:
    with pytest.raises(OperatorError) as refused:
        at_desk(raw)
    assert refused.value.code == "not_a_person" and "个人码" in refused.value.zh


def test_a_wrong_check_character_is_refused_as_an_id() -> None:
    with pytest.raises(OperatorError) as refused:
        at_desk("110105194912310021")
    assert refused.value.code != "not_a_person" and refused.value.zh


def test_training_admits_its_own_codes_and_refuses_real_ones() -> None:
    assert at_desk(training_code(ZHANG_SAN), training=True).name == "张三"
    with pytest.raises(OperatorError):
        at_desk(ZHANG_SAN, training=True)
    with pytest.raises(OperatorError):
        at_desk(training_code(ZHANG_SAN), training=False)


@given(st.text(max_size=80))
def test_any_text_names_a_person_or_is_one_clear_refusal(raw: str) -> None:
    try:
        person = at_desk(raw)
    except OperatorError as refused:
        assert refused.zh and refused.en
    else:
        assert person.document.number
