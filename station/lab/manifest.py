"""The handover manifest (交接单) of one box: what goes on the paper the transporter signs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from station.core.errors import OperatorError
from station.core.pooling import PoolingMode
from station.lab.ports import LabUnitOfWork
from station.lab.records import Box


@dataclass(frozen=True)
class ManifestLine:
    number: int
    tube: str
    people: int
    mode: PoolingMode

    @property
    def mode_label(self) -> str:
        return "单采" if self.mode is PoolingMode.SINGLE else f"{int(self.mode)}混1"


@dataclass(frozen=True)
class Manifest:
    site: str
    box: Box
    lines: list[ManifestLine]
    recorder: str
    printed_at: datetime

    @property
    def people(self) -> int:
        return sum(line.people for line in self.lines)

    def by_mode(self) -> list[tuple[str, int, int]]:
        """(mode label, tubes, people) per pooling mode, single first."""
        totals: dict[PoolingMode, list[int]] = {}
        for line in self.lines:
            entry = totals.setdefault(line.mode, [0, 0])
            entry[0] += 1
            entry[1] += line.people
        return [
            (ManifestLine(0, "", 0, mode).mode_label, tubes, people)
            for mode, (tubes, people) in sorted(totals.items())
        ]


def build_manifest(uow: LabUnitOfWork, site: str, barcode: str, printed_at: datetime) -> Manifest:
    with uow(read_only=True) as work:
        box = work.lab.box(barcode)
        if box is None:
            raise OperatorError(f"查无此箱 {barcode}", f"Unknown box {barcode}", code="box_unknown")
        packed = work.lab.packed(barcode)
    lines = [
        ManifestLine(n, p.tube, p.people, PoolingMode(p.mode))
        for n, p in enumerate(packed, start=1)
    ]
    return Manifest(site, box, lines, box.recorder, printed_at)
