"""Closing a box with its count, the handover to the transporter (转运交接) and the lab's
receipt (实验室签收): the second half of a box's life, after packing (station.lab.boxes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from station.core import counts
from station.core.errors import OperatorError
from station.core.identity import parse_phone
from station.core.scan import Outcome, Status, Table, refusal
from station.lab.ports import LabUnitOfWork, LabWork
from station.lab.records import Box, BoxStatus, LabEvent, LabEventKind


class BoxHandover:
    """What every box action shares, and the actions after packing. BoxService declares
    `uow` and `table` as its fields."""

    uow: LabUnitOfWork
    table: Table

    def _t(self, zh: str, en: str) -> str:
        return en if self.table.settings.language.startswith("en") else zh

    def _event(self, kind: LabEventKind, **kwargs: Any) -> LabEvent:
        return LabEvent(kind=kind, stamp=self.table.stamp, at=self.table.clock(), **kwargs)

    def _refuse(self, error: OperatorError, kind: str = "box") -> Outcome:
        return refusal(error, kind, self.table.settings.language)

    def _current(self, work: LabWork) -> Box:
        box = work.lab.current_box(self.table.settings.table)
        if box is None:
            raise OperatorError(
                "没有打开的转运箱：请先扫箱码",
                "No open box: scan a box barcode first",
                code="no_open_box",
            )
        return box

    # ----- close, hand over, receive -------------------------------------------------------------
    def close(self, counted: int) -> Outcome:
        """Close the table's box with the number of tubes counted in hand."""
        t = self._t
        if counted < 0:
            raise OperatorError(
                "清点数量不能为负", "The count cannot be negative", code="bad_count"
            )
        with self.uow() as work:
            store = work.lab
            box = self._current(work)
            if box.count == 0:
                raise OperatorError(
                    f"箱 {box.barcode} 是空箱，不能封箱",
                    f"Box {box.barcode} is empty",
                    code="box_empty",
                )
            if counted > box.capacity:
                raise OperatorError(
                    f"清点 {counted} 管超过箱 {box.barcode} 的容量 {box.capacity} 管：请重新清点",
                    f"A count of {counted} exceeds box {box.barcode}'s {box.capacity} places: "
                    "count again",
                    code="bad_count",
                )
            store.record_lab(
                self._event(
                    LabEventKind.BOX_CLOSED,
                    box=box.barcode,
                    data={"counted": counted, "system": box.count},
                )
            )
            work.commit()
        closed = replace(box, status=BoxStatus.CLOSED, counted=counted)
        if closed.mismatch:
            return Outcome(
                Status.WARNING,
                "box",
                t(
                    f"箱 {box.barcode} 数量不符：系统 {box.count} 管，清点 {counted} 管。"
                    "请找到缺少的管扫入，或取出多余的管并写明原因；核对一致前不能交接",
                    f"Box {box.barcode} count mismatch: system {box.count}, counted {counted}. "
                    "Scan the missing tube or take one out with a reason; no handover until then",
                ),
                code="box_mismatch",
                speech=t("数量不符", "count mismatch"),
                count=closed.count,
                capacity=closed.capacity,
            )
        return Outcome(
            Status.SAVED,
            "box",
            t(
                f"已封箱 {box.barcode}，{box.count} 管，数量一致",
                f"Closed box {box.barcode}: {counts.counted(box.count, 'tube')}, count matches",
            ),
            code="box_closed",
            speech=t(f"封箱 {box.count} 管", f"box closed, {box.count}"),
            count=closed.count,
            capacity=closed.capacity,
        )

    def hand_over(
        self, barcode: str, transporter: str, phone: str = "", at: datetime | None = None
    ) -> Outcome:
        """Hand a closed, reconciled box to the transporter (转运交接)."""
        t = self._t
        name = transporter.strip()
        if not name:
            raise OperatorError(
                "请填写转运人姓名或扫工牌",
                "Enter the transporter's name or badge",
                code="no_transporter",
            )
        phone = parse_phone(phone) if phone.strip() else ""
        with self.uow() as work:
            store = work.lab
            box = store.box(barcode)
            if box is None:
                raise OperatorError(
                    f"查无此箱 {barcode}", f"Unknown box {barcode}", code="box_unknown"
                )
            if box.status is BoxStatus.OPEN:
                raise OperatorError(
                    f"箱 {barcode} 未封箱，请先清点封箱",
                    f"Box {barcode} is not closed: count and close it first",
                    code="box_not_closed",
                )
            if box.mismatch:
                raise OperatorError(
                    f"箱 {barcode} 数量不符（系统 {box.count}，清点 {box.counted}），不能交接",
                    f"Box {barcode} count mismatch (system {box.count}, counted {box.counted}): "
                    "no handover",
                    code="box_mismatch",
                )
            if box.status is not BoxStatus.CLOSED:
                raise OperatorError(
                    f"箱 {barcode} 已交接过",
                    f"Box {barcode} was handed over already",
                    code="box_handed_over",
                )
            when = at or self.table.clock()
            store.record_lab(
                self._event(
                    LabEventKind.BOX_HANDED_OVER,
                    box=barcode,
                    data={"transporter": name, "phone": phone, "handed_at": when.isoformat()},
                )
            )
            work.commit()
        return Outcome(
            Status.SAVED,
            "box",
            t(
                f"箱 {barcode} 已交接给 {name}（{box.count} 管）",
                f"Box {barcode} handed to {name} ({counts.counted(box.count, 'tube')})",
            ),
            code="box_handed_over",
            count=box.count,
            capacity=box.capacity,
        )

    def receive(self, barcode: str) -> Outcome:
        """The lab confirms it has the box (实验室签收)."""
        with self.uow() as work:
            outcome = self.receive_in(work, barcode)
            work.commit()
        return outcome

    def receive_in(self, work: LabWork, barcode: str, source: str = "scan") -> Outcome:
        """Receipt inside the caller's unit of work (the result import marks its boxes)."""
        t = self._t
        store = work.lab
        box = store.box(barcode)
        if box is None:
            raise OperatorError(f"查无此箱 {barcode}", f"Unknown box {barcode}", code="box_unknown")
        if box.status is BoxStatus.RECEIVED:
            return Outcome(
                Status.SAVED,
                "box",
                t(f"箱 {barcode} 已签收过", f"Box {barcode} was received already"),
                code="box_received_already",
                count=box.count,
                capacity=box.capacity,
            )
        if box.status is not BoxStatus.HANDED_OVER:
            raise OperatorError(
                f"箱 {barcode} 还未交接，不能签收",
                f"Box {barcode} has not been handed over",
                code="box_not_handed",
            )
        store.record_lab(
            self._event(LabEventKind.BOX_RECEIVED, box=barcode, data={"source": source})
        )
        return Outcome(
            Status.SAVED,
            "box",
            t(f"实验室已签收箱 {barcode}", f"Lab received box {barcode}"),
            code="box_received",
            count=box.count,
            capacity=box.capacity,
        )

    # ----- what the page shows -------------------------------------------------------------------
