"""What boxes, results and recalls need from persistence, and where a person lives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from station.core.scan import UnitOfWork, Work
from station.lab.records import (
    Box,
    LabEvent,
    PackedTube,
    Recall,
    RecallLine,
    Result,
    TubeHistory,
    TubeResult,
)


class LabStore(Protocol):
    """Boxes, results and recalls, in the transaction of the site's unit of work (the
    recording store beside it, `work.recording`, has the tubes and people)."""

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


class LabWork(Work, Protocol):
    """The site's unit of work as the lab feature uses it: the recording store and its own."""

    @property
    def lab(self) -> LabStore: ...


LabUnitOfWork = UnitOfWork[LabWork]


@dataclass(frozen=True)
class Address:
    """Where a person lives, as the community's roster has it (楼栋 / 单元 / 房号)."""

    building: str = ""
    unit: str = ""
    room: str = ""

    def __str__(self) -> str:
        """1栋1单元102室, whether the roster wrote 1 / 1 / 102 or 1栋 / 1单元 / 102室."""
        return "".join(
            _with_word(part, word)
            for part, word in ((self.building, "栋"), (self.unit, "单元"), (self.room, "室"))
        )


_NUMERALS = "〇零一二三四五六七八九十百"


def _with_word(part: str, word: str) -> str:
    """The roster's value with its word added only when it ends in a number or letter:
    7 -> 7栋, 12B -> 12B室, 二 -> 二单元, while 7栋, 3号楼, A座, 2单元 and 301室 stay as written."""
    part = part.strip()
    last = part[-1:]
    if last and ((last.isascii() and last.isalnum()) or last.isdigit() or last in _NUMERALS):
        return part + word
    return part


class AddressBook(Protocol):
    """The roster's answer to "where does this person live"; None when it does not know."""

    def address_of(self, person_id: str) -> Address | None: ...


class NoAddresses:
    """No roster wired in: every address is unknown and left empty."""

    def address_of(self, person_id: str) -> Address | None:
        return None
