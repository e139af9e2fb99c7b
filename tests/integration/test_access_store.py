"""Operators in the database, on SQLite and PostgreSQL: accounts, lock-out across a restart."""

from __future__ import annotations

import pytest

from db.access.store import operator_unit_of_work
from db.recording.store import Database
from fakes_access import Clock, ListAuditTrail, fast_pins
from station.access.operators import MAX_FAILURES, AccessService
from station.access.roles import Role
from station.core.errors import OperatorError


def _service(url: str, clock: Clock, site: str = "幸福里采样点") -> tuple[AccessService, Database]:
    database = Database(url, site)
    uow = operator_unit_of_work(database)
    return AccessService(uow, fast_pins(), ListAuditTrail(), clock), database


def test_accounts_and_a_lockout_survive_a_restart(db_url: str) -> None:
    clock = Clock()
    service, database = _service(db_url, clock)
    assert not service.has_accounts()
    service.add("管理员甲", "123456", Role.ADMIN)
    service.add("O'B';DROP TABLE x;--", "2468", Role.SITE_LEAD)
    for _ in range(MAX_FAILURES):
        with pytest.raises(OperatorError):
            service.log_in("管理员甲", "999999")
    database.dispose()
    restarted, database = _service(db_url, clock)
    try:
        with pytest.raises(OperatorError, match="已锁定"):
            restarted.log_in("管理员甲", "123456")
        names = [(o.name, o.role) for o in restarted.operators()]
        assert names == [("O'B';DROP TABLE x;--", Role.SITE_LEAD), ("管理员甲", Role.ADMIN)]
        clock.advance(minutes=6)
        assert restarted.log_in("管理员甲", "123456").role is Role.ADMIN
    finally:
        database.dispose()


def test_a_name_is_unique_within_a_site_and_sites_keep_their_own(db_url: str) -> None:
    clock = Clock()
    service, database = _service(db_url, clock)
    other, other_db = _service(db_url, clock, site="朝阳里采样点")
    try:
        service.add("管理员甲", "123456", Role.ADMIN)
        with pytest.raises(OperatorError, match="已有操作员"):
            service.add("管理员甲", "654321", Role.RECORDER)
        assert not other.has_accounts()
        other.add("管理员甲", "111111", Role.ADMIN)
        assert other.log_in("管理员甲", "111111").name == "管理员甲"
    finally:
        database.dispose()
        other_db.dispose()


def test_hostile_log_in_names_never_reach_the_database(db_url: str) -> None:
    service, database = _service(db_url, Clock())
    try:
        service.add("管理员甲", "123456", Role.ADMIN)
        for name in ("a\x00b", "管理员甲\x00", "\u202e甲员理管", "x" * 100_000, "'; DROP x;--"):
            with pytest.raises(OperatorError, match="姓名或 PIN 不对"):
                service.log_in(name, "123456")
        assert service.log_in("管理员甲", "123456").role is Role.ADMIN
    finally:
        database.dispose()
