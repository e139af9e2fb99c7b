"""What the roster, coverage and report use cases need from persistence (one transaction each)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol

from station.core.records import Event, Person, Stamp
from station.roster.residents import Flags, Place


@dataclass(frozen=True)
class RosterEntry:
    """Where a person lives and what the roster says of them (the row of the residents table)."""

    person_id: str
    room_id: int
    flags: Flags
    line: int


class NewResident(NamedTuple):
    """A roster row for a person the station has never seen, ready to write: the person,
    their person_registered event and their residents row, in one go."""

    person_id: str
    event_id: str
    doc_type: str
    doc_number: str
    note: str
    name: str
    phone: str
    room_id: int
    line: int
    flags: Flags


def registered_payload(
    doc_type: str, doc_number: str, note: str, name: str, phone: str, single_only: bool
) -> dict[str, object]:
    """The data of a person_registered event written by a roster import."""
    return {
        "doc_type": doc_type,
        "doc_number": doc_number,
        "note": note,
        "name": name,
        "phone": phone,
        "single_only": single_only,
    }


@dataclass(frozen=True)
class Round:
    """A testing round (检测轮次): its name, an optional time window, and its buildings.

    A tube counts for the round when the table recorded it under the round's name, or, when
    the round has a window, when the person was added inside the window. No buildings: all.
    """

    name: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    buildings: tuple[str, ...] = ()

    @property
    def windowed(self) -> bool:
        return self.starts_at is not None and self.ends_at is not None


@dataclass(frozen=True)
class UnitCoverage:
    building: str
    unit: str
    expected: int
    tested: int  # at this site, or elsewhere from an imported list
    elsewhere: int  # of `tested`, those tested elsewhere


class ResidentLine(NamedTuple):
    """A resident as the lists show them (unmasked here: masking is for the screen or file).

    A tuple: a building's list makes thousands of them for every look."""

    person_id: str
    name: str
    phone: str
    doc_type: str
    doc_number: str
    place: Place
    flags: Flags
    room_id: int


@dataclass(frozen=True)
class ImportRecord:
    """One roster import, kept so that the log says who loaded what and what it changed."""

    id: str
    at: datetime
    who: str
    source: str
    rows: int
    created: int
    matched: int
    registered: int
    refused: int


@dataclass(frozen=True)
class ExportRecord:
    """One export of a personal list: who, when, what, how many rows, and where to."""

    id: str
    at: datetime
    who: str
    what: str
    rows: int
    target: str


@dataclass(frozen=True)
class TubeCount:
    barcode: str
    mode: int
    status: str
    count: int


@dataclass(frozen=True)
class Sampled:
    """One person now in a tube of the round: when, by whom, at which table."""

    tube: str
    at: datetime
    recorder: str
    table: str


@dataclass(frozen=True)
class ResidentFilter:
    """A selection of residents for lists and label sheets; empty fields select everyone."""

    building: str = ""
    unit: str = ""
    person_id: str = ""
    flags: tuple[str, ...] = ()  # every named flag must be set (keys of Flags)
    without_phone: bool = False
    min_age: int = 0


class RosterStore(Protocol):
    # ----- import -------------------------------------------------------------------------
    def persons_by_documents(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Person]:
        """Known persons for (doc_type, doc_number) keys, whether seen at a table or imported."""
        ...

    def rooms(self) -> dict[Place, int]:
        """Every room of the site with its site-scoped id."""
        ...

    def add_rooms(self, rooms: list[tuple[int, Place]]) -> None: ...

    def register_people(self, events: list[Event]) -> None:
        """Append person_registered events in bulk and bring the persons table up to date."""
        ...

    def add_new_residents(self, stamp: Stamp, at: datetime, rows: list[NewResident]) -> None:
        """Persons not yet known by their document, each with its event and residents row."""
        ...

    def save_entries(self, entries: list[RosterEntry]) -> None:
        """Insert or replace residents (one per person and site)."""
        ...

    def record_import(self, record: ImportRecord) -> None: ...

    # ----- rounds and coverage ------------------------------------------------------------
    def round(self, name: str) -> Round | None: ...

    def save_round(self, round: Round) -> None: ...

    def round_names(self) -> list[str]:
        """Rounds the site knows: those defined, and those its tubes were recorded in."""
        ...

    def buildings(self) -> list[str]:
        """The roster's buildings."""
        ...

    def coverage(self, round: Round) -> list[UnitCoverage]: ...

    def untested(
        self, round: Round, building: str | None, immobile_only: bool
    ) -> list[ResidentLine]: ...

    def mark_tested_elsewhere(self, round: str, person_ids: list[str], place: str) -> int:
        """Record people tested elsewhere for a round; returns how many were new."""
        ...

    # ----- the round report -------------------------------------------------------------
    def round_tubes(self, round: Round) -> list[TubeCount]:
        """Tubes of the round at this site, given-up (voided) tubes left out."""
        ...

    def round_sampled(self, round: Round) -> list[Sampled]:
        """Every person now in a tube of the round, with the event that put them there."""
        ...

    # ----- households, lists and labels ---------------------------------------------------
    def household(self, room_id: int) -> tuple[Place, list[ResidentLine]] | None: ...

    def residents(self, selection: ResidentFilter) -> list[ResidentLine]: ...

    def log_export(self, record: ExportRecord) -> None: ...

    def exports(self) -> list[ExportRecord]: ...

    def commit(self) -> None: ...


RosterUnitOfWork = Callable[[], AbstractContextManager[RosterStore]]
