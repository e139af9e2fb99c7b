"""Closing a box with its count, the handover to the transporter (转运交接) and the lab's
receipt (实验室签收): the second half of a box's life, after packing (station.lab.boxes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from station.core.errors import OperatorError
from station.core.identity import parse_phone
from station.core.messages import refused, say
from station.core.scan import Outcome, Status, Table, refusal
from station.lab.ports import LabUnitOfWork, LabWork
from station.lab.records import Box, BoxStatus, LabEvent, LabEventKind


class BoxHandover:
    """What every box action shares, and the actions after packing. BoxService declares
    `uow` and `table` as its fields."""

    uow: LabUnitOfWork
    table: Table

    def _t(self, code: str, **fields: object) -> str:
        return say(code, self.table.settings.language, **fields)

    def _event(self, kind: LabEventKind, **kwargs: Any) -> LabEvent:
        return LabEvent(kind=kind, stamp=self.table.stamp, at=self.table.clock(), **kwargs)

    def _refuse(self, error: OperatorError, kind: str = "box") -> Outcome:
        return refusal(error, kind, self.table.settings.language)

    def _current(self, work: LabWork) -> Box:
        box = work.lab.current_box(self.table.settings.table)
        if box is None:
            raise refused("no_open_box")
        return box

    # ----- close, hand over, receive -------------------------------------------------------------
    def close(self, counted: int) -> Outcome:
        """Close the table's box with the number of tubes counted in hand."""
        t = self._t
        if counted < 0:
            raise refused("bad_count.negative", error="bad_count")
        with self.uow() as work:
            store = work.lab
            box = self._current(work)
            if box.count == 0:
                raise refused("box_empty", box=box.barcode)
            if counted > box.capacity:
                raise refused(
                    "bad_count.over",
                    error="bad_count",
                    counted=counted,
                    box=box.barcode,
                    capacity=box.capacity,
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
                t("box_mismatch", box=box.barcode, count=box.count, counted=counted),
                code="box_mismatch",
                speech=t("box_mismatch.speech"),
                count=closed.count,
                capacity=closed.capacity,
            )
        return Outcome(
            Status.SAVED,
            "box",
            t("box_closed", box=box.barcode, count=box.count),
            code="box_closed",
            speech=t("box_closed.speech", count=box.count),
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
            raise refused("no_transporter")
        phone = parse_phone(phone) if phone.strip() else ""
        with self.uow() as work:
            store = work.lab
            box = store.box(barcode)
            if box is None:
                raise refused("box_unknown", box=barcode)
            if box.status is BoxStatus.OPEN:
                raise refused("box_not_closed", box=barcode)
            if box.mismatch:
                raise refused(
                    "box_mismatch.handover",
                    error="box_mismatch",
                    box=barcode,
                    count=box.count,
                    counted=box.counted,
                )
            if box.status is not BoxStatus.CLOSED:
                raise refused("box_handed_over.already", error="box_handed_over", box=barcode)
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
            t("box_handed_over", box=barcode, name=name, count=box.count),
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
            raise refused("box_unknown", box=barcode)
        if box.status is BoxStatus.RECEIVED:
            return Outcome(
                Status.SAVED,
                "box",
                t("box_received_already", box=barcode),
                code="box_received_already",
                count=box.count,
                capacity=box.capacity,
            )
        if box.status is not BoxStatus.HANDED_OVER:
            raise refused("box_not_handed", box=barcode)
        store.record_lab(
            self._event(LabEventKind.BOX_RECEIVED, box=barcode, data={"source": source})
        )
        return Outcome(
            Status.SAVED,
            "box",
            t("box_received", box=barcode),
            code="box_received",
            count=box.count,
            capacity=box.capacity,
        )

    # ----- what the page shows -------------------------------------------------------------------
