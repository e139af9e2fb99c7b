"""The services after the table (boxes, results, recalls, look-up), built together."""

from __future__ import annotations

from dataclasses import dataclass, field

from station.core.scan import ScanHandler, Table
from station.lab.boxes import BoxScanHandler, BoxService
from station.lab.lookup import LookupService, LookupUnitOfWork
from station.lab.ports import AddressBook, LabUnitOfWork, LabWork, NoAddresses
from station.lab.recall import RecallScanHandler, RecallService
from station.lab.result_import import ResultService


@dataclass
class Lab:
    boxes: BoxService
    results: ResultService
    recall: RecallService
    lookup: LookupService | None = None
    handlers: list[ScanHandler[LabWork]] = field(default_factory=list)


def build_lab(
    uow: LabUnitOfWork,
    table: Table,
    addresses: AddressBook | None = None,
    lookup: LookupUnitOfWork | None = None,
) -> Lab:
    """Services for one station; `handlers` go into the table's scan handlers, recall first
    (a recalled person's next tube is their single re-test, never a box's)."""
    boxes = BoxService(uow, table)
    recall = RecallService(uow, table, addresses or NoAddresses())
    results = ResultService(uow, table, boxes)
    return Lab(
        boxes,
        results,
        recall,
        LookupService(lookup) if lookup else None,
        [RecallScanHandler(recall), BoxScanHandler(boxes)],
    )
