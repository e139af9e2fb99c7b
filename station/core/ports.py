"""What the use cases need from persistence: the recording store, bound to one site and one
transaction. The site's unit of work that carries it, and every feature's store beside it on
the same connection, is `station.core.scan.Work` / `UnitOfWork`."""

from __future__ import annotations

from typing import Protocol

from station.core.identity import DocType
from station.core.records import Event, Member, Person, Totals, Tube


class Store(Protocol):
    """Reads and writes of the recording tables in one unit of work (`work.recording`).
    Nothing is durable before the unit of work's `commit` returns."""

    def tube(self, barcode: str) -> Tube | None: ...

    def open_tubes(self, table: str) -> list[Tube]:
        """Open tubes of one table, the oldest first; the last one is the table's current tube."""
        ...

    def members(self, barcode: str) -> list[Member]:
        """People now in a tube, in the order they were added."""
        ...

    def person(self, person_id: str) -> Person | None: ...

    def person_by_document(self, doc_type: DocType, number: str) -> Person | None: ...

    def tubes_of_person(self, person_id: str, round: str) -> list[str]:
        """Barcodes of the tubes the person is now in during one testing round."""
        ...

    def recent_tubes(self, table: str, limit: int) -> list[Tube]: ...

    def totals(self, round: str) -> Totals: ...

    def record(self, event: Event) -> None:
        """Append an event and bring the current-state tables up to date with it."""
        ...
