"""What boxes, results and recalls need from persistence, and where a person lives."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from station.lab_records import (
    Box,
    LabEvent,
    PackedTube,
    Recall,
    RecallLine,
    Result,
    TubeHistory,
    TubeResult,
)
from station.ports import Store


class LabStore(Store, Protocol):
    """The recording store's reads plus boxes, results and recalls, in one transaction."""

    def box(self, barcode: str) -> Box | None: ...

    def current_box(self, table: str) -> Box | None:
        """The box a table is packing: open, or closed with a count still to reconcile."""
        ...

    def boxes(self, limit: int) -> list[Box]:
        """Boxes of the site, the newest first."""
        ...

    def packed(self, box: str) -> list[PackedTube]:
        """Tubes now in a box, in the order they were packed."""
        ...

    def box_of_tube(self, tube: str) -> str | None: ...

    def boxes_holding(self, tubes: list[str]) -> list[Box]:
        """Boxes holding any of these tubes (a round's), the oldest first."""
        ...

    def result(self, tube: str) -> TubeResult | None: ...

    def results(self, result: Result | None, limit: int) -> list[TubeResult]:
        """Latest tube results (of one kind, or all), the newest first."""
        ...

    def history(self, person_id: str) -> list[TubeHistory]:
        """Every tube the person was in (corrections left out), the oldest first."""
        ...

    def recalls(self, open_only: bool) -> list[Recall]:
        """Recalls, the oldest first (the oldest is the most urgent)."""
        ...

    def recall_of_tube(self, tube: str) -> Recall | None: ...

    def recall_lines(self, recall_id: str) -> list[RecallLine]: ...

    def open_lines_of_person(self, person_id: str) -> list[RecallLine]:
        """The person's lines in open recalls that have no single result back yet."""
        ...

    def record_lab(self, event: LabEvent) -> None:
        """Append an event and bring the current-state tables up to date with it."""
        ...


LabUnitOfWork = Callable[[], AbstractContextManager[LabStore]]


@dataclass(frozen=True)
class Address:
    """Where a person lives, as the community's roster has it (楼栋 / 单元 / 房号)."""

    building: str = ""
    unit: str = ""
    room: str = ""

    def __str__(self) -> str:
        parts = [
            f"{self.building}栋" if self.building else "",
            f"{self.unit}单元" if self.unit else "",
            f"{self.room}室" if self.room else "",
        ]
        return "".join(parts)


class AddressBook(Protocol):
    """The roster's answer to "where does this person live"; None when it does not know."""

    def address_of(self, person_id: str) -> Address | None: ...


class NoAddresses:
    """No roster wired in: every address is unknown and left empty."""

    def address_of(self, person_id: str) -> Address | None:
        return None
