"""In-memory fakes of station's ports, with the SQL store's projections and its rollback:
the site's unit of work (station.core.scan.Work) with the recording store, and any feature's
fake store beside it (`parts`: tests/lab_fakes.py, a roster's households...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from station.core.identity import DocType, Document
from station.core.pooling import PoolingMode
from station.core.records import Event, EventKind, Member, Person, Totals, Tube, TubeStatus


class FakeIntegrityError(Exception):
    """What the database's keys and constraints would refuse; a bug in the caller, not an error
    an operator can cause."""


@dataclass(frozen=True)
class _MemberRow:
    event_id: str
    tube: str
    person_id: str
    added_at: datetime
    removed_by: str | None = None


@dataclass
class _State:
    """One copy of the tables; rows are frozen, so copying the containers is a full snapshot."""

    events: list[Event] = field(default_factory=list)
    persons: dict[str, Person] = field(default_factory=dict)
    tubes: dict[str, Tube] = field(default_factory=dict)
    activated: dict[str, datetime] = field(default_factory=dict)  # db's tubes.activated_at
    members: dict[str, _MemberRow] = field(default_factory=dict)

    def copy(self) -> _State:
        return _State(
            list(self.events),
            dict(self.persons),
            dict(self.tubes),
            dict(self.activated),
            dict(self.members),
        )


@dataclass
class FakeStore:
    """`station.core.ports.Store` over a private copy of the state; `commit` publishes the copy."""

    state: _State
    publish: Callable[[_State], None]
    read_only: bool = False
    wrote: bool = False

    # ----- reads: the same filters and order as db.recording.store.SqlStore ----------------
    def tube(self, barcode: str) -> Tube | None:
        return self.state.tubes.get(barcode)

    def open_tubes(self, table: str) -> list[Tube]:
        tubes = [
            t for t in self.state.tubes.values() if t.table == table and t.status is TubeStatus.OPEN
        ]
        return sorted(tubes, key=lambda t: (self.state.activated[t.barcode], t.barcode))

    def members(self, barcode: str) -> list[Member]:
        rows = sorted(
            (m for m in self.state.members.values() if m.tube == barcode and m.removed_by is None),
            key=lambda m: (m.added_at, m.event_id),
        )
        return [
            Member(
                m.event_id,
                m.person_id,
                self.state.persons[m.person_id].name,
                m.added_at,
                self.state.persons[m.person_id].document.number,
            )
            for m in rows
        ]

    def person(self, person_id: str) -> Person | None:
        return self.state.persons.get(person_id)

    def person_by_document(self, doc_type: DocType, number: str) -> Person | None:
        return next(
            (
                p
                for p in self.state.persons.values()
                if p.document.type is doc_type and p.document.number == number
            ),
            None,
        )

    def tubes_of_person(self, person_id: str, round: str) -> list[str]:
        rows = sorted(
            (
                m
                for m in self.state.members.values()
                if m.person_id == person_id
                and m.removed_by is None
                and self.state.tubes[m.tube].round == round
                and self.state.tubes[m.tube].status is not TubeStatus.VOIDED
            ),
            key=lambda m: m.added_at,
        )
        return [m.tube for m in rows]

    def recent_tubes(self, table: str, limit: int) -> list[Tube]:
        tubes = [
            t
            for t in self.state.tubes.values()
            if t.table == table and t.status is not TubeStatus.VOIDED
        ]
        tubes.sort(key=lambda t: self.state.activated[t.barcode], reverse=True)
        return tubes[:limit]

    def totals(self, round: str) -> Totals:
        people_by_mode: dict[int, int] = {}
        tubes_by_mode: dict[int, int] = {}
        open_ = sealed = 0
        for t in self.state.tubes.values():
            if t.round != round or t.status is TubeStatus.VOIDED:
                continue
            mode = int(t.mode)
            people_by_mode[mode] = people_by_mode.get(mode, 0) + t.count
            tubes_by_mode[mode] = tubes_by_mode.get(mode, 0) + 1
            if t.status is TubeStatus.OPEN:
                open_ += 1
            else:
                sealed += 1
        persons = {
            m.person_id
            for m in self.state.members.values()
            if m.removed_by is None
            and self.state.tubes[m.tube].round == round
            and self.state.tubes[m.tube].status is not TubeStatus.VOIDED
        }
        return Totals(
            sum(people_by_mode.values()),
            open_,
            sealed,
            people_by_mode,
            tubes_by_mode,
            len(persons),
        )

    # ----- writes ------------------------------------------------------------------------
    def record(self, event: Event) -> None:
        if self.read_only:
            raise FakeIntegrityError("a write in a read-only unit of work")
        self.wrote = True
        if any(e.id == event.id for e in self.state.events):
            raise FakeIntegrityError(f"duplicate event id {event.id}")
        self.state.events.append(event)
        _PROJECTIONS[event.kind](self, event)

    def commit(self) -> None:
        if self.wrote:  # an empty commit publishes nothing: `commits` counts writes
            self.publish(self.state)
        # Like a connection after commit: later writes start a new transaction of their own.
        self.state = self.state.copy()
        self.wrote = False

    # ----- projections: db/recording/store.py's _PROJECTIONS, on dicts ---------------------
    def _tube_row(self, barcode: str | None) -> Tube:
        if barcode is None or barcode not in self.state.tubes:
            raise FakeIntegrityError(f"no tube {barcode!r}")
        return self.state.tubes[barcode]

    def _update_tube(self, barcode: str | None, **values: object) -> None:
        tube = self._tube_row(barcode)
        self.state.tubes[tube.barcode] = replace(tube, **values)  # type: ignore[arg-type]

    def _person_registered(self, event: Event) -> None:
        d = event.data
        if event.person_id is None:
            raise FakeIntegrityError("person_registered without a person id")
        self.state.persons[event.person_id] = Person(
            id=event.person_id,
            document=Document(DocType(d["doc_type"]), d["doc_number"], d.get("note", "")),
            name=d.get("name", ""),
            phone=d.get("phone", ""),
            single_only=bool(d.get("single_only")),
        )

    def _tube_opened(self, event: Event) -> None:
        if event.tube is None or event.tube in self.state.tubes:
            raise FakeIntegrityError(f"tube {event.tube!r} exists already")
        s = event.stamp
        self.state.tubes[event.tube] = Tube(
            barcode=event.tube,
            mode=PoolingMode(event.data["mode"]),
            status=TubeStatus.OPEN,
            count=0,
            table=s.table,
            recorder=s.recorder,
            round=s.round,
            opened_at=event.at,
        )
        self.state.activated[event.tube] = event.at

    def _add_member(self, event: Event) -> None:
        tube = self._tube_row(event.tube)
        if event.person_id not in self.state.persons:
            raise FakeIntegrityError(f"no person {event.person_id!r}")
        self.state.members[event.id] = _MemberRow(event.id, tube.barcode, event.person_id, event.at)
        self._update_tube(tube.barcode, count=tube.count + 1)

    def _remove_member(self, event: Event, barcode: str | None) -> None:
        member_event = event.data["member_event"]
        if member_event not in self.state.members:
            raise FakeIntegrityError(f"no member {member_event!r}")
        row = self.state.members[member_event]
        self.state.members[member_event] = replace(row, removed_by=event.id)
        self._update_tube(barcode, count=self._tube_row(barcode).count - 1)

    def _person_moved(self, event: Event) -> None:
        self._remove_member(event, event.data["from"])
        self._add_member(event)

    def _tube_sealed(self, event: Event) -> None:
        self._update_tube(
            event.tube,
            status=TubeStatus.SEALED,
            sealed_at=event.at,
            under_filled=bool(event.data.get("under_filled")),
        )

    def _tube_reopened(self, event: Event) -> None:
        self._update_tube(
            event.tube,
            status=TubeStatus.OPEN,
            sealed_at=None,
            under_filled=False,
            table=event.data.get("table", event.stamp.table),
        )
        self.state.activated[self._tube_row(event.tube).barcode] = event.at


_PROJECTIONS: dict[EventKind, Callable[[FakeStore, Event], None]] = {
    EventKind.PERSON_REGISTERED: FakeStore._person_registered,
    EventKind.TUBE_OPENED: FakeStore._tube_opened,
    EventKind.TUBE_MODE_SET: lambda s, e: s._update_tube(e.tube, mode=PoolingMode(e.data["mode"])),
    EventKind.TUBE_VOIDED: lambda s, e: s._update_tube(e.tube, status=TubeStatus.VOIDED),
    EventKind.PERSON_ADDED: FakeStore._add_member,
    EventKind.PERSON_REMOVED: lambda s, e: s._remove_member(e, e.tube),
    EventKind.PERSON_MOVED: FakeStore._person_moved,
    EventKind.TUBE_SEALED: FakeStore._tube_sealed,
    EventKind.TUBE_REOPENED: FakeStore._tube_reopened,
}


class FakeWork:
    """One open unit of work: `recording`, and the store of each part (`work.lab` ...)."""

    def __init__(self, recording: FakeStore, parts: dict[str, Any]) -> None:
        self.recording = recording
        self._parts = parts

    def __getattr__(self, name: str) -> Any:
        try:
            return self._parts[name]
        except KeyError:
            raise AttributeError(name) from None

    def commit(self) -> None:
        self.recording.commit()
        for part in self._parts.values():
            publish = getattr(part, "publish", None)
            if publish is not None:
                publish()


@dataclass
class FakeUnitOfWork:
    """A `station.core.scan.UnitOfWork`: call it to open a transaction over the committed
    state. `parts`: a feature's fake by name; one with `begin(recording)` gives each unit of
    work a store of its own (committed with it), any other is the store itself (reads only).

    The committed tables are readable here (`events`, `tube`, `members`...) for assertions.
    """

    committed: _State = field(default_factory=_State)
    commits: int = 0  # units of work that wrote and committed
    parts: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def __call__(self, *, read_only: bool = False) -> Iterator[FakeWork]:
        # Leaving without commit drops the private copies: that is the rollback.
        store = FakeStore(self.committed.copy(), self._publish, read_only)
        parts = {
            name: part.begin(store) if hasattr(part, "begin") else part
            for name, part in self.parts.items()
        }
        yield FakeWork(store, parts)

    def _publish(self, state: _State) -> None:
        self.committed = state.copy()
        self.commits += 1

    @property
    def events(self) -> list[Event]:
        return list(self.committed.events)

    def read(self) -> FakeStore:
        """A store over the committed state for reading in assertions (its writes go nowhere)."""
        return FakeStore(self.committed.copy(), lambda _state: None)


def fake_uow(**parts: Any) -> FakeUnitOfWork:
    return FakeUnitOfWork(parts=parts)
