"""Operator accounts and logging in: name + PIN, lock-out after failures, the audit of both.

The lock-out is kept in the store (failures, locked_until), so restarting the station does
not give a guesser five more tries. Every log-in, failed log-in, log-out and account change is
written to the audit trail under the operator's id, never their PIN.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from station.access.names import check_pin, clean_name
from station.access.pins import PinHasher
from station.access.roles import Role
from station.access.session import Session
from station.audit.trail import AuditAction, AuditEntry, AuditTrail
from station.core.errors import OperatorError
from station.core.records import utcnow

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True)
class Operator:
    id: str
    name: str
    role: Role
    pin_hash: str
    failures: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None


class OperatorStore(Protocol):
    def operators(self) -> list[Operator]: ...
    def by_name(self, name: str) -> Operator | None: ...
    def save(self, operator: Operator) -> None: ...  # insert or update by id
    def commit(self) -> None: ...


OperatorUnitOfWork = Callable[[], AbstractContextManager[OperatorStore]]


def _refused(zh: str, en: str, code: str) -> OperatorError:
    return OperatorError(zh, en, code=code)


@dataclass
class AccessService:
    uow: OperatorUnitOfWork
    pins: PinHasher
    audit: AuditTrail
    clock: Callable[[], datetime] = utcnow

    def has_accounts(self) -> bool:
        with self.uow() as store:
            return bool(store.operators())

    def operators(self) -> list[Operator]:
        with self.uow() as store:
            return sorted(store.operators(), key=lambda o: o.name)

    def _audit(self, who: Operator | Session | None, action: AuditAction, **kw: object) -> None:
        operator = "" if who is None else (who.id if isinstance(who, Operator) else who.operator_id)
        role = "" if who is None else who.role.value
        self.audit.append(AuditEntry(self.clock(), operator, role, action, **kw))  # type: ignore[arg-type]  # kw: AuditEntry's own fields

    def add(self, name: str, pin: str, role: Role, by: Session | None = None) -> Operator:
        """A new account. The first one of a station must be an admin (set-up)."""
        name, pin = clean_name(name), check_pin(pin)
        with self.uow() as store:
            if not store.operators() and role is not Role.ADMIN:
                raise _refused(
                    "第一个账户必须是管理员",
                    "The first account must be an admin",
                    "first_not_admin",
                )
            if store.by_name(name) is not None:
                raise _refused(
                    f"已有操作员 {name}", f"There is already an operator {name}", "operator_exists"
                )
            operator = Operator(
                str(uuid.uuid4()), name, role, self.pins.hash(pin), created_at=self.clock()
            )
            store.save(operator)
            store.commit()
        self._audit(
            by or operator, AuditAction.OPERATOR, target=operator.id, reason=f"add {role.value}"
        )
        return operator

    def log_in(self, name: str, pin: str) -> Session:
        """The operator's session, or a refusal that says no more than it must. The audit
        entry is written after the operators' unit of work has ended: on an embedded database
        the trail's own transaction would otherwise wait for this one's connection."""
        now = self.clock()
        failures: int | None = None
        with self.uow() as store:
            operator = self._find(store, name)
            if operator is not None:
                if operator.locked_until is not None and operator.locked_until > now:
                    left = int((operator.locked_until - now).total_seconds() // 60) + 1
                    raise _refused(
                        f"该账户已锁定，{left} 分钟后再试，或请管理员解锁",
                        f"Account locked: try again in {left} min or ask an admin",
                        "locked",
                    )
                if self.pins.verify(operator.pin_hash, pin):
                    store.save(replace(operator, failures=0, locked_until=None))
                else:
                    failures = self._fail(store, operator, now)
                store.commit()
        if operator is None:
            self._audit(None, AuditAction.LOGIN_FAILED, reason="unknown name")
            raise _refused("姓名或 PIN 不对", "Wrong name or PIN", "login_failed")
        if failures is not None:
            self._audit(
                operator,
                AuditAction.LOGIN_FAILED,
                count=failures,
                reason="locked" if failures >= MAX_FAILURES else "",
            )
            raise _refused("姓名或 PIN 不对", "Wrong name or PIN", "login_failed")
        session = Session(operator.id, operator.name, operator.role)
        self._audit(session, AuditAction.LOGIN)
        return session

    @staticmethod
    def _find(store: OperatorStore, name: str) -> Operator | None:
        """The account of a name typed at a log-in; a name no account can have (a NUL, a
        direction mark, 100,000 characters) is never sent to the database."""
        try:
            return store.by_name(clean_name(name))
        except OperatorError:
            return None

    @staticmethod
    def _fail(store: OperatorStore, operator: Operator, now: datetime) -> int:
        """One more failure on the account (locked at MAX_FAILURES); the count."""
        failures = operator.failures + 1
        locked = now + LOCKOUT if failures >= MAX_FAILURES else None
        store.save(replace(operator, failures=0 if locked else failures, locked_until=locked))
        return failures

    def log_out(self, session: Session) -> None:
        self._audit(session, AuditAction.LOGOUT)

    def unlock(self, name: str, by: Session) -> Operator:
        with self.uow() as store:
            operator = self._find(store, name)
            if operator is None:
                raise _refused("没有这个操作员", "No such operator", "no_operator")
            operator = replace(operator, failures=0, locked_until=None)
            store.save(operator)
            store.commit()
        self._audit(by, AuditAction.OPERATOR, target=operator.id, reason="unlock")
        return operator
