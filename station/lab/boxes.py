"""Transport boxes (转运箱): pack sealed tubes, reconcile the count, hand over, lab receipt."""

from __future__ import annotations

from dataclasses import dataclass, replace

from station.core.classifier import BoxScan, Scan, TubeScan, classify
from station.core.errors import OperatorError
from station.core.identity import normalise_scan_text
from station.core.messages import Said, refused
from station.core.records import TubeStatus
from station.core.scan import Outcome, Status, Table, within
from station.core.training_codes import admit
from station.lab.handover import BoxHandover
from station.lab.ports import LabUnitOfWork, LabWork
from station.lab.records import Box, LabEventKind


def _shown(text: str, limit: int = 24) -> str:
    """A short, escaped excerpt of what was typed, for a message."""
    short = text[:limit] + ("…" if len(text) > limit else "")
    return short if short.isprintable() else short.encode("unicode_escape").decode("ascii")


@dataclass
class BoxService(BoxHandover):
    """Boxes of one station (table): one box in work at a time; every action one unit of work."""

    uow: LabUnitOfWork
    table: Table

    # ----- what the packing field takes ------------------------------------------------------
    def for_packing(self, raw: str) -> bool:
        """Whether a scan is the packing page's: a box barcode, or a tube the station knows
        (to pack, or to be told why not). A person or a new tube is the table's."""
        settings = self.table.settings
        try:
            scan = classify(raw, settings.tube, settings.box)
        except OperatorError:
            return False
        if isinstance(scan, BoxScan):
            return True
        if not isinstance(scan, TubeScan):
            return False
        with self.uow(read_only=True) as work:
            return work.recording.tube(scan.barcode) is not None

    def scan(self, raw: str) -> Outcome:
        """The packing field: a box barcode opens a box, a tube barcode packs a sealed tube."""
        settings = self.table.settings
        try:
            # A training box or tube never packs at a real station (issue 15).
            scan = classify(admit(raw, settings.training), settings.tube, settings.box)
        except OperatorError as error:
            return self._refuse(error, "unknown")
        try:
            if isinstance(scan, BoxScan):
                return self.open(scan.barcode)
            if isinstance(scan, TubeScan):
                return self.pack(scan.barcode)
            raise refused("not_for_packing")
        except OperatorError as error:
            return self._refuse(error, "tube" if isinstance(scan, TubeScan) else "box")

    # ----- open, pack, unpack ------------------------------------------------------------------
    def box_barcode(self, raw: str) -> str:
        """The box barcode in `raw`, checked against the site's box pattern: the one check of
        the packing field, the recorder's scan field and `box open`."""
        pattern = self.table.settings.box
        barcode = normalise_scan_text(raw.strip()).upper()
        if not pattern.matches(barcode):
            shown = _shown(barcode)
            raise refused("bad_box_pattern", box=shown, pattern=pattern.describe)
        return barcode

    def open(self, raw: str, work: LabWork | None = None) -> Outcome:
        """Open a new box at the table (raises when refused), in the caller's unit of work
        (a scan's) or a new one."""
        t = self._t
        barcode = self.box_barcode(raw)
        with within(self.uow, work) as unit:
            store = unit.lab
            current = store.current_box(self.table.settings.table)
            if current is not None and current.barcode == barcode:
                return Outcome(
                    Status.SAVED,
                    "box",
                    t(
                        "box_current",
                        box=barcode,
                        count=current.count,
                        capacity=current.capacity,
                    ),
                    code="box_current",
                    count=current.count,
                    capacity=current.capacity,
                )
            if current is not None:  # closed with a wrong count, it is still the table's
                raise refused(
                    "box_in_work.mismatch" if current.mismatch else "box_in_work.open",
                    error="box_in_work",
                    box=current.barcode,
                    count=current.count,
                    counted=current.counted,
                )
            used = store.box(barcode)
            if used is not None:
                state = Said.of(f"box_state.{used.status.value}")
                raise refused("box_used", box=barcode, table=used.table, state=state)
            capacity = self.table.settings.box_capacity
            store.record_lab(
                self._event(LabEventKind.BOX_OPENED, box=barcode, data={"capacity": capacity})
            )
        return Outcome(
            Status.SAVED,
            "box",
            t("box_opened", box=barcode, capacity=capacity),
            code="box_opened",
            speech=t("box_opened.speech"),
            count=0,
            capacity=capacity,
        )

    def pack(self, tube_barcode: str, work: LabWork | None = None) -> Outcome:
        """Put a sealed tube into the table's box (raises when refused), in the caller's unit
        of work (a scan's) or a new one."""
        t = self._t
        with within(self.uow, work) as unit:
            store = unit.lab
            box = self._current(unit)
            self.check_packable(unit, tube_barcode)
            if box.count >= box.capacity:
                raise refused("box_full", box=box.barcode, count=box.count, capacity=box.capacity)
            store.record_lab(
                self._event(LabEventKind.TUBE_PACKED, box=box.barcode, tube=tube_barcode)
            )
        packed = replace(box, count=box.count + 1)
        note = ""
        if packed.counted is not None:
            note = (
                t("tube_packed.matches")
                if not packed.mismatch
                else t("tube_packed.counted", counted=packed.counted)
            )
        return Outcome(
            Status.SAVED,
            "box",
            t(
                "tube_packed",
                tube=tube_barcode,
                box=box.barcode,
                count=packed.count,
                capacity=box.capacity,
            )
            + note,
            code="tube_packed",
            tube=tube_barcode,
            speech=t("tube_packed.speech", count=packed.count),
            count=packed.count,
            capacity=packed.capacity,
        )

    def check_packable(self, work: LabWork, barcode: str) -> None:
        """Refuse a tube that may not go into a box, saying why."""
        tube = work.recording.tube(barcode)
        if tube is None:
            raise refused("tube_unknown.packing", error="tube_unknown", tube=barcode)
        if tube.status is TubeStatus.OPEN:
            raise refused("tube_not_sealed", tube=barcode, count=tube.count, capacity=tube.capacity)
        if tube.status is TubeStatus.VOIDED:
            raise refused("tube_voided.packing", error="tube_voided", tube=barcode)
        inside = work.lab.box_of_tube(barcode)
        if inside is not None:
            raise refused("tube_in_box", tube=barcode, box=inside)

    def unpack(self, tube_barcode: str, reason: str) -> Outcome:
        """Take a tube out of the table's box, keeping the reason."""
        t = self._t
        if not reason.strip():
            raise refused("no_reason.unpack", error="no_reason")
        with self.uow() as work:
            store = work.lab
            box = self._current(work)
            packed = next((p for p in store.packed(box.barcode) if p.tube == tube_barcode), None)
            if packed is None:
                raise refused("not_in_box", tube=tube_barcode, box=box.barcode)
            store.record_lab(
                self._event(
                    LabEventKind.TUBE_UNPACKED,
                    box=box.barcode,
                    tube=tube_barcode,
                    data={"packed_event": packed.event_id, "reason": reason.strip()},
                )
            )
            work.commit()
        left = replace(box, count=box.count - 1)
        return Outcome(
            Status.SAVED,
            "box",
            t("tube_unpacked", box=box.barcode, tube=tube_barcode, why=reason.strip()),
            code="tube_unpacked",
            tube=tube_barcode,
            count=left.count,
            capacity=left.capacity,
        )

    def void(self, reason: str) -> Outcome:
        """Give up the table's box while it is empty (opened by mistake, box damaged): it can
        be neither closed nor handed over, and would keep the table from opening another."""
        t = self._t
        why = " ".join(reason.split())
        if not why:
            raise refused("no_reason.void", error="no_reason")
        with self.uow() as work:
            store = work.lab
            box = self._current(work)
            if box.count:
                raise refused("box_not_empty", box=box.barcode, count=box.count)
            store.record_lab(
                self._event(LabEventKind.BOX_VOIDED, box=box.barcode, data={"reason": why})
            )
            work.commit()
        return Outcome(
            Status.SAVED,
            "box",
            t("box_voided", box=box.barcode, why=why),
            code="box_voided",
            count=0,
            capacity=box.capacity,
        )

    def current(self) -> Box | None:
        with self.uow(read_only=True) as work:
            return work.lab.current_box(self.table.settings.table)

    def recent(self, limit: int = 30) -> list[Box]:
        with self.uow(read_only=True) as work:
            return work.lab.boxes(limit)


@dataclass
class BoxScanHandler:
    """Box barcodes and sealed tubes at the recorder's scan field.

    While the table has a box in work, a sealed tube scanned there is packed; an open or given
    up tube, or one in a box already, is refused; an unknown tube still opens a new tube at
    the table, so that a one-table site keeps sampling while its box fills (docs/boxes.md).
    """

    boxes: BoxService

    def take(self, raw: str, scan: Scan | None, work: LabWork, table: Table) -> Outcome | None:
        if isinstance(scan, BoxScan):
            return self.boxes.open(scan.barcode, work)
        if not isinstance(scan, TubeScan) or table.prompt():
            return None  # a pending table command (reopen ...) keeps its tube scan
        if work.lab.current_box(table.settings.table) is None:
            return None
        if work.recording.tube(scan.barcode) is None:
            return None
        return self.boxes.pack(scan.barcode, work)
