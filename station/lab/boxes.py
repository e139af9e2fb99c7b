"""Transport boxes (转运箱): pack sealed tubes, reconcile the count, hand over, lab receipt."""

from __future__ import annotations

from dataclasses import dataclass, replace

from station.core import counts
from station.core.classifier import BoxScan, Scan, TubeScan, classify
from station.core.errors import OperatorError
from station.core.identity import normalise_scan_text
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
            raise OperatorError(
                "装箱只收箱码和试管条码",
                "Packing takes box and tube barcodes only",
                code="not_for_packing",
            )
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
            raise OperatorError(
                f"箱码 {shown} 不符合本点箱码规则（{pattern.describe()}）",
                f"Box barcode {shown} does not match this site's box pattern "
                f"({pattern.describe('en')})",
                code="bad_box_pattern",
            )
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
                        f"箱 {barcode} 装箱中（{current.count}/{current.capacity}）",
                        f"Box {barcode} is being packed ({current.count}/{current.capacity})",
                    ),
                    code="box_current",
                    count=current.count,
                    capacity=current.capacity,
                )
            if current is not None:  # closed with a wrong count, it is still the table's
                wrong = current.mismatch
                raise OperatorError(
                    f"箱 {current.barcode} 数量不符（系统 {current.count} 管，清点 "
                    f"{current.counted} 管）：核对一致后再开新箱"
                    if wrong
                    else f"箱 {current.barcode} 还未封箱（{current.count} 管）：请先封箱再开新箱",
                    f"Box {current.barcode} count mismatch (system {current.count}, counted "
                    f"{current.counted}): reconcile it first"
                    if wrong
                    else f"Box {current.barcode} is not closed "
                    f"({counts.counted(current.count, 'tube')}): close it before opening another",
                    code="box_in_work",
                )
            used = store.box(barcode)
            if used is not None:
                raise OperatorError(
                    f"箱码 {barcode} 已使用过（{used.table} 号台，{used.status.label}），"
                    "请换一个新箱",
                    f"Box {barcode} was used before (table {used.table}, {used.status.value}): "
                    "take a new box",
                    code="box_used",
                )
            capacity = self.table.settings.box_capacity
            store.record_lab(
                self._event(LabEventKind.BOX_OPENED, box=barcode, data={"capacity": capacity})
            )
        return Outcome(
            Status.SAVED,
            "box",
            t(f"新箱 {barcode}，可装 {capacity} 管", f"New box {barcode}, holds {capacity} tubes"),
            code="box_opened",
            speech=t("新箱", "new box"),
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
                raise OperatorError(
                    f"箱 {box.barcode} 已满（{box.count}/{box.capacity}），请封箱",
                    f"Box {box.barcode} is full ({box.count}/{box.capacity}): close it",
                    code="box_full",
                )
            store.record_lab(
                self._event(LabEventKind.TUBE_PACKED, box=box.barcode, tube=tube_barcode)
            )
        packed = replace(box, count=box.count + 1)
        note = ""
        if packed.counted is not None:
            note = (
                t("，数量已一致", ", count now matches")
                if not packed.mismatch
                else t(f"，清点 {packed.counted}", f", counted {packed.counted}")
            )
        return Outcome(
            Status.SAVED,
            "box",
            t(
                f"已装箱 {tube_barcode} → {box.barcode}（{packed.count}/{box.capacity}）",
                f"Packed {tube_barcode} into {box.barcode} ({packed.count}/{box.capacity})",
            )
            + note,
            code="tube_packed",
            tube=tube_barcode,
            speech=t(f"装箱 {packed.count}", f"packed {packed.count}"),
            count=packed.count,
            capacity=packed.capacity,
        )

    def check_packable(self, work: LabWork, barcode: str) -> None:
        """Refuse a tube that may not go into a box, saying why."""
        tube = work.recording.tube(barcode)
        if tube is None:
            raise OperatorError(
                f"试管 {barcode} 未在本点登记，不能装箱",
                f"Tube {barcode} was never recorded at this site: it cannot be packed",
                code="tube_unknown",
            )
        if tube.status is TubeStatus.OPEN:
            raise OperatorError(
                f"试管 {barcode} 未封管（{tube.count}/{tube.capacity}），请先封管再装箱",
                f"Tube {barcode} is not sealed ({tube.count}/{tube.capacity}): seal it first",
                code="tube_not_sealed",
            )
        if tube.status is TubeStatus.VOIDED:
            raise OperatorError(
                f"试管 {barcode} 已作废，不能装箱",
                f"Tube {barcode} was given up",
                code="tube_voided",
            )
        inside = work.lab.box_of_tube(barcode)
        if inside is not None:
            raise OperatorError(
                f"试管 {barcode} 已在箱 {inside} 中",
                f"Tube {barcode} is already in box {inside}",
                code="tube_in_box",
            )

    def unpack(self, tube_barcode: str, reason: str) -> Outcome:
        """Take a tube out of the table's box, keeping the reason."""
        t = self._t
        if not reason.strip():
            raise OperatorError(
                "请填写取出原因", "Give a reason for taking the tube out", code="no_reason"
            )
        with self.uow() as work:
            store = work.lab
            box = self._current(work)
            packed = next((p for p in store.packed(box.barcode) if p.tube == tube_barcode), None)
            if packed is None:
                raise OperatorError(
                    f"试管 {tube_barcode} 不在箱 {box.barcode} 中",
                    f"Tube {tube_barcode} is not in box {box.barcode}",
                    code="not_in_box",
                )
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
            t(
                f"已从箱 {box.barcode} 取出 {tube_barcode}：{reason.strip()}",
                f"Took {tube_barcode} out of {box.barcode}: {reason.strip()}",
            ),
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
            raise OperatorError(
                "请填写作废原因", "Give a reason for voiding the box", code="no_reason"
            )
        with self.uow() as work:
            store = work.lab
            box = self._current(work)
            if box.count:
                raise OperatorError(
                    f"箱 {box.barcode} 里还有 {box.count} 管，不能作废：请先取出（写明原因）",
                    f"Box {box.barcode} still holds {counts.counted(box.count, 'tube')}: "
                    "take them out first",
                    code="box_not_empty",
                )
            store.record_lab(
                self._event(LabEventKind.BOX_VOIDED, box=box.barcode, data={"reason": why})
            )
            work.commit()
        return Outcome(
            Status.SAVED,
            "box",
            t(f"空箱 {box.barcode} 已作废：{why}", f"Empty box {box.barcode} voided: {why}"),
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
