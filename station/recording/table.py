"""What every part of the recording use case shares: the table's settings and state, its
stamp and clock, and the unit of work an action runs in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from typing import Any

from station.access.roles import Permission
from station.access.session import Gate
from station.core.pooling import PoolingMode
from station.core.ports import Store
from station.core.records import Event, EventKind, Stamp, Tube
from station.core.scan import UnitOfWork, Work, within
from station.core.settings import Settings
from station.recording.pending import Pending
from station.recording.view import Say


class TableBase:
    """The state of one sampling table. RecordingService declares these as its fields."""

    uow: UnitOfWork[Work]
    settings: Settings
    clock: Callable[[], datetime]
    today: Callable[[], date]
    gate: Gate | None
    _pending: Pending | None
    _next_mode: PoolingMode | None
    _say: Say

    # ----- context -----------------------------------------------------------------------
    @property
    def stamp(self) -> Stamp:
        s = self.settings
        return Stamp(s.site_name, s.table, s.recorder, s.round_for(self.today()))

    @property
    def next_mode(self) -> PoolingMode:
        return self._next_mode or self.settings.pooling_mode

    def require(self, permission: Permission) -> None:
        """Refuse (AccessDenied, nothing done) what the signed-in operator's role may not do."""
        if self.gate is not None:
            self.gate.require(permission)

    def _event(self, kind: EventKind, **kwargs: Any) -> Event:
        return Event(kind=kind, stamp=self.stamp, at=self.clock(), **kwargs)

    def current_tube(self, work: Work) -> Tube | None:
        tubes = work.recording.open_tubes(self.settings.table)
        return tubes[-1] if tubes else None

    def _who(self, name: str, number: str = "") -> str:
        return self._say.who(name, number)

    def _unit(self, work: Work | None) -> AbstractContextManager[Work]:
        """The caller's open unit of work (a scan's), or a new one committed when done."""
        return within(self.uow, work)

    @contextmanager
    def _reading(self) -> Iterator[Store]:
        """A unit of work that writes nothing: on SQLite it takes no write lock."""
        with self.uow(read_only=True) as work:
            yield work.recording

    def _after_seal(self, store: Store) -> str:
        """Sealing may uncover a tube parked under a single tube: say that it is current again."""
        rest = store.open_tubes(self.settings.table)
        if not rest:
            return ""
        under = rest[-1]
        return self._say.text(
            "tube_sealed.back_to", tube=under.barcode, count=under.count, capacity=under.capacity
        )
