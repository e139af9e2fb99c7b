"""The whole role table at once: a change to who may do what shows up here, in one diff."""

from __future__ import annotations

import re

import pytest

from station.access.roles import ROLE_LABELS, Permission, Role, allows, matrix
from station.access.session import OPEN_STATION, AccessDenied, Gate, Session

EXPECTED = """\
role       record add_details look_up correct triage boxes results recall view_full export roster audit operators settings
recorder     x         x         x       x      .      .      .      .        .       .      .      .       .        .
entry_only   x         x         .       .      .      .      .      .        .       .      .      .       .        .
triage       .         .         x       .      x      .      .      .        .       .      .      .       .        .
site_lead    x         x         x       x      x      x      x      x        x       x      x      .       .        .
auditor      .         .         .       .      .      .      .      .        .       .      .      x       .        .
admin        x         x         x       x      x      x      x      x        .       .      x      .       x        x"""  # noqa: E501


def test_the_whole_matrix() -> None:
    print(matrix())
    assert matrix() == EXPECTED


def test_only_the_site_lead_exports_and_sees_full_numbers() -> None:
    for permission in (Permission.EXPORT, Permission.VIEW_FULL):
        assert [r for r in Role if allows(r, permission)] == [Role.SITE_LEAD]


def test_entry_only_adds_people_but_looks_nobody_up() -> None:
    assert allows(Role.ENTRY_ONLY, Permission.RECORD)
    assert not allows(Role.ENTRY_ONLY, Permission.LOOK_UP)
    assert not allows(Role.ENTRY_ONLY, Permission.CORRECT)


def test_roles_parse_by_key_or_chinese_name() -> None:
    assert Role.parse("site_lead") is Role.SITE_LEAD
    assert Role.parse(" 站点负责人 ") is Role.SITE_LEAD
    assert {ROLE_LABELS[r] for r in Role} >= {"录入员", "分诊", "站点负责人", "审计"}
    with pytest.raises(ValueError):
        Role.parse("root'; DROP TABLE operators;--")


def test_the_gate_refuses_with_the_role_and_the_act() -> None:
    gate = Gate()
    with pytest.raises(AccessDenied, match="请先登录"):
        gate.require(Permission.RECORD)
    gate.switch(Session("id-1", "王小明", Role.ENTRY_ONLY))
    assert gate.require(Permission.RECORD).name == "王小明"
    with pytest.raises(AccessDenied, match="录入员（仅录入）无权查找人员"):
        gate.require(Permission.LOOK_UP)


def test_a_station_without_accounts_is_open() -> None:
    gate = Gate(OPEN_STATION)
    assert all(gate.may(p) for p in Permission)


def test_each_role_has_a_name_in_each_language() -> None:
    for role in Role:
        assert role.named("zh") == role.label and re.fullmatch(r"[\u4e00-\u9fff（）]+", role.label)
        english = role.named("en")
        assert re.fullmatch(r"[a-z ()]+", english) and "_" not in english
        assert Role.parse(english) is role and Role.parse(role.label) is role


def test_an_english_refusal_names_the_role_in_english() -> None:
    gate = Gate(Session("id-1", "王小明", Role.SITE_LEAD))
    with pytest.raises(AccessDenied) as refused:
        gate.require(Permission.OPERATORS)
    said = refused.value.message("en")
    assert "site lead" in said and "site_lead" not in said, said
