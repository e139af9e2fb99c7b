"""Log-in by name and PIN: argon2id hashes, a lock-out that survives a restart, the audit."""

from __future__ import annotations

import pytest

from fakes_access import Clock, FakeOperators, ListAuditTrail, access_service, fast_pins
from station.access.operators import LOCKOUT, MAX_FAILURES, AccessService
from station.access.roles import Role
from station.audit.trail import AuditAction
from station.core.errors import OperatorError


def _station() -> tuple[AccessService, ListAuditTrail, FakeOperators, Clock]:
    operators, clock = FakeOperators(), Clock()
    service, audit = access_service(operators, clock)
    service.add("管理员甲", "123456", Role.ADMIN)
    return service, audit, operators, clock


def test_the_pin_is_stored_as_an_argon2id_hash_only() -> None:
    service, audit, operators, _ = _station()
    (stored,) = operators.store.committed.values()
    assert stored.pin_hash.startswith("$argon2id$")
    assert "123456" not in stored.pin_hash
    assert all("123456" not in repr(entry) for entry in audit.entries)
    assert service.log_in("管理员甲", "123456").role is Role.ADMIN


def test_the_first_account_is_an_admin() -> None:
    service, _ = access_service()
    with pytest.raises(OperatorError, match="第一个账户必须是管理员"):
        service.add("王小明", "1234", Role.RECORDER)
    assert not service.has_accounts()


def test_a_wrong_pin_or_name_says_the_same_and_is_audited() -> None:
    service, audit, _, _ = _station()
    with pytest.raises(OperatorError) as wrong_pin:
        service.log_in("管理员甲", "000000")
    with pytest.raises(OperatorError) as wrong_name:
        service.log_in("张三", "123456")
    assert wrong_pin.value.zh == wrong_name.value.zh == "姓名或 PIN 不对"
    assert [e.action for e in audit.entries[-2:]] == [AuditAction.LOGIN_FAILED] * 2


def test_five_failures_lock_for_five_minutes_even_across_a_restart() -> None:
    service, audit, operators, clock = _station()
    for _ in range(MAX_FAILURES):
        with pytest.raises(OperatorError, match="姓名或 PIN 不对"):
            service.log_in("管理员甲", "000000")
    restarted = AccessService(operators, fast_pins(), audit, clock)  # a new process, same store
    with pytest.raises(OperatorError, match="已锁定") as locked:
        restarted.log_in("管理员甲", "123456")  # even the right PIN
    assert locked.value.code == "locked"
    clock.advance(seconds=LOCKOUT.total_seconds() + 1)
    assert restarted.log_in("管理员甲", "123456").name == "管理员甲"


def test_an_admin_unlocks_and_the_unlock_is_audited() -> None:
    service, audit, _, _ = _station()
    service.add("王小明", "2468", Role.RECORDER)
    for _ in range(MAX_FAILURES):
        with pytest.raises(OperatorError):
            service.log_in("王小明", "1111")
    admin = service.log_in("管理员甲", "123456")
    service.unlock("王小明", admin)
    assert service.log_in("王小明", "2468").role is Role.RECORDER
    unlock = next(e for e in audit.entries if e.reason == "unlock")
    assert unlock.operator == admin.operator_id and "王小明" not in repr(unlock)


def test_a_success_clears_earlier_failures() -> None:
    service, _, _, _ = _station()
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(OperatorError):
            service.log_in("管理员甲", "000000")
    service.log_in("管理员甲", "123456")
    with pytest.raises(OperatorError, match="姓名或 PIN 不对"):
        service.log_in("管理员甲", "000000")  # one failure, not the fifth


HOSTILE = [
    "'; DROP TABLE operators;--",
    "王\x00小明",
    "\u202e明小王",
    "王\u200b小明",
    '=HYPERLINK("http://x")',
    "+1234",
    "@SUM(A1)",
    "王" * 21,
    "   ",
    "录入员",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_operator_names_are_refused_and_nothing_is_written(name: str) -> None:
    service, audit, operators, _ = _station()
    before = (dict(operators.store.committed), list(audit.entries))
    with pytest.raises(OperatorError):
        service.add(name, "1234", Role.RECORDER)
    assert (operators.store.committed, audit.entries) == before


def test_a_sql_fragment_is_a_name_like_any_other_when_it_is_printable() -> None:
    service, _, _, _ = _station()
    service.add("O'Brien; --", "1234", Role.RECORDER)
    assert service.log_in("O'Brien; --", "1234").name == "O'Brien; --"


@pytest.mark.parametrize("pin", ["", "123", "1234567890123", "12a4", "１２３４", "12 34"])
def test_a_pin_is_four_to_twelve_ascii_digits(pin: str) -> None:
    service, _, _, _ = _station()
    with pytest.raises(OperatorError, match="PIN"):
        service.add("王小明", pin, Role.RECORDER)


@pytest.mark.parametrize("text", [*HOSTILE, "x" * 100_000])
def test_hostile_login_text_is_refused_without_a_crash(text: str) -> None:
    service, _, _, _ = _station()
    with pytest.raises(OperatorError, match="姓名或 PIN 不对"):
        service.log_in(text, text)
