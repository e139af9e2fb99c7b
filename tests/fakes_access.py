"""Hand-written fakes for the access feature: an operator store, a list-backed audit trail and
a fast PIN hasher (argon2id at its smallest cost: the real hashing, quick enough for tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from station.access.operators import AccessService, Operator
from station.access.pins import Argon2Pins
from station.audit.trail import AuditEntry


@dataclass
class ListAuditTrail:
    entries: list[AuditEntry] = field(default_factory=list)

    def append(self, entry: AuditEntry) -> None:
        self.entries.append(entry)


@dataclass
class FakeOperatorStore:
    committed: dict[str, Operator] = field(default_factory=dict)
    pending: dict[str, Operator] = field(default_factory=dict)

    def operators(self) -> list[Operator]:
        return list(self.pending.values())

    def by_name(self, name: str) -> Operator | None:
        return next((o for o in self.pending.values() if o.name == name), None)

    def save(self, operator: Operator) -> None:
        self.pending[operator.id] = operator

    def commit(self) -> None:
        self.committed = dict(self.pending)


@dataclass
class FakeOperators:
    """The store's committed state survives; an uncommitted unit of work is thrown away."""

    store: FakeOperatorStore = field(default_factory=FakeOperatorStore)

    @contextmanager
    def __call__(self) -> Iterator[FakeOperatorStore]:
        self.store.pending = dict(self.store.committed)
        yield self.store


@dataclass
class Clock:
    now: datetime = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def fast_pins() -> Argon2Pins:
    return Argon2Pins(time_cost=1, memory_cost=8, parallelism=1)


def access_service(
    operators: FakeOperators | None = None, clock: Clock | None = None
) -> tuple[AccessService, ListAuditTrail]:
    audit = ListAuditTrail()
    service = AccessService(operators or FakeOperators(), fast_pins(), audit, clock or Clock())
    return service, audit
