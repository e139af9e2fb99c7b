"""The operator message catalogue: every code in both languages, with the same fields."""

from __future__ import annotations

import string

import pytest

from station.core.messages import CATALOGUE, Message, refused, say


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_fields(code: str) -> None:
    message = CATALOGUE[code]
    assert message.zh and message.en  # a separator may be only spaces
    assert _fields(message.zh) == _fields(message.en)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_renders_with_its_fields(code: str) -> None:
    fields = {name: f"<{name}>" for name in _fields(CATALOGUE[code].zh)}
    zh, en = say(code, "zh", **fields), say(code, "en_US", **fields)
    for value in fields.values():
        assert value in zh and value in en


def test_the_language_setting_picks_the_template() -> None:
    assert say("ticket_served", "zh_CN", number="A012") == "A012 已到：请扫人员码"
    assert say("ticket_served", "en", number="A012") == "A012 is here: scan their code"


def test_a_missing_field_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        say("ticket_served", "zh")


def test_a_refusal_carries_both_languages_and_its_code() -> None:
    error = refused("ticket_skipped", error="skip", number="A3")
    assert (error.zh, error.en, error.code) == ("A3 过号", "A3 skipped", "skip")
    assert refused("queue_empty").code == "queue_empty"


def test_messages_are_plain_values() -> None:
    assert Message("甲", "a") == Message("甲", "a")


def test_a_refusal_says_its_nested_words_and_names_in_each_language() -> None:
    from station.core.identity import DocType
    from station.core.messages import Said

    why = Said.of("single_required.document", document=DocType.PASSPORT)
    error = refused("single_required", error="single_required", who="张*", why=why)
    assert error.zh == f"张* 需单采（证件为{DocType.PASSPORT.label_zh}）：请扫一支新试管作单管"
    assert error.en == (
        f"张* must go single (document is {DocType.PASSPORT.label_en}): "
        "scan a new tube for a single"
    )


def test_a_noun_as_format_spec_counts_in_english() -> None:
    assert say("box_closed", "en", box="B1", count=1) == "Closed box B1: 1 tube, count matches"
    assert say("box_closed", "en", box="B1", count=3) == "Closed box B1: 3 tubes, count matches"
    assert say("box_closed", "zh", box="B1", count=3) == "已封箱 B1，3 管，数量一致"


def test_a_field_that_takes_the_language_is_called_with_it() -> None:
    error = refused("bad_box_pattern", box="X1", pattern=lambda language: f"<{language}>")
    assert error.zh == "箱码 X1 不符合本点箱码规则（<zh>）"
    assert error.en == "Box barcode X1 does not match this site's box pattern (<en>)"


def test_no_code_is_written_in_two_parts_of_the_catalogue() -> None:
    from station.core.messages import PARTS

    assert sum(len(part) for part in PARTS) == len(CATALOGUE)


def test_english_counts_say_one_person_not_one_people() -> None:
    assert say("reopen_confirm", "en", tube="T1", count=1) == (
        "Reopen T1 (1 person)? Scan it again to confirm"
    )
    assert say("reopen_confirm", "en", tube="T1", count=4) == (
        "Reopen T1 (4 people)? Scan it again to confirm"
    )
