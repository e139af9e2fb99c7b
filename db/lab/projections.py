"""The lab's current-state tables (boxes, packed tubes, results, recalls and their lines)
brought up to date from each lab event, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, update

from db.lab.models import BoxRow, BoxTubeRow, RecallLineRow, RecallRow, TubeResultRow
from station.lab.records import BoxStatus, LabEvent, LabEventKind, LineStatus

boxes_t = BoxRow.__table__
box_tubes_t = BoxTubeRow.__table__
results_t = TubeResultRow.__table__
recalls_t = RecallRow.__table__
lines_t = RecallLineRow.__table__


@dataclass
class LabProjection:
    connection: Connection
    site: str

    def apply(self, event: LabEvent) -> None:
        _LAB_PROJECTIONS[event.kind](self, event)

    def _update_box(self, barcode: str | None, **values: object) -> None:
        self.connection.execute(
            update(boxes_t).where(boxes_t.c.barcode == barcode).values(**values)
        )

    def _box_opened(self, event: LabEvent) -> None:
        self.connection.execute(
            insert(boxes_t).values(
                barcode=event.box,
                site=self.site,
                status=BoxStatus.OPEN.value,
                capacity=event.data["capacity"],
                count=0,
                counted=None,
                table_no=event.stamp.table,
                recorder=event.stamp.recorder,
                opened_at=event.at,
                closed_at=None,
                transporter="",
                transporter_phone="",
                handed_at=None,
                received_at=None,
            )
        )

    def _tube_packed(self, event: LabEvent) -> None:
        self.connection.execute(
            insert(box_tubes_t).values(
                event_id=event.id,
                site=self.site,
                box=event.box,
                tube=event.tube,
                packed_at=event.at,
                removed_by=None,
            )
        )
        self._update_box(event.box, count=boxes_t.c.count + 1)

    def _tube_unpacked(self, event: LabEvent) -> None:
        self.connection.execute(
            update(box_tubes_t)
            .where(box_tubes_t.c.event_id == event.data["packed_event"])
            .values(removed_by=event.id)
        )
        self._update_box(event.box, count=boxes_t.c.count - 1)

    def _handed_over(self, event: LabEvent) -> None:
        self._update_box(
            event.box,
            status=BoxStatus.HANDED_OVER.value,
            transporter=event.data["transporter"],
            transporter_phone=event.data.get("phone", ""),
            handed_at=_parse_at(event.data.get("handed_at")) or event.at,
        )

    def _result_recorded(self, event: LabEvent) -> None:
        self.connection.execute(
            insert(results_t).values(
                site=self.site,
                tube=event.tube,
                result=event.data["result"],
                tested_at=_parse_at(event.data.get("tested_at")),
                recorded_at=event.at,
            )
        )
        # A recalled person's single tube coming back closes their line.
        self.connection.execute(
            update(lines_t)
            .where(lines_t.c.resample_tube == event.tube)
            .values(status=LineStatus.RESULT_BACK.value, result=event.data["result"])
        )

    def _recall_opened(self, event: LabEvent) -> None:
        self.connection.execute(
            insert(recalls_t).values(
                id=event.recall_id,
                site=self.site,
                tube=event.tube,
                opened_at=event.at,
                closed_at=None,
            )
        )
        for person_id in event.data["people"]:
            self.connection.execute(
                insert(lines_t).values(
                    recall_id=event.recall_id,
                    person_id=person_id,
                    status=LineStatus.TO_FIND.value,
                    found_at=None,
                    resample_tube=None,
                    resampled_at=None,
                    result=None,
                )
            )

    def _update_line(self, event: LabEvent, **values: object) -> None:
        self.connection.execute(
            update(lines_t)
            .where(lines_t.c.recall_id == event.recall_id, lines_t.c.person_id == event.person_id)
            .values(**values)
        )


def _parse_at(text: object) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) and text else None


_LAB_PROJECTIONS: dict[LabEventKind, Callable[[LabProjection, LabEvent], None]] = {
    LabEventKind.BOX_OPENED: LabProjection._box_opened,
    LabEventKind.TUBE_PACKED: LabProjection._tube_packed,
    LabEventKind.TUBE_UNPACKED: LabProjection._tube_unpacked,
    LabEventKind.BOX_CLOSED: lambda s, e: s._update_box(
        e.box, status=BoxStatus.CLOSED.value, counted=e.data["counted"], closed_at=e.at
    ),
    LabEventKind.BOX_REOPENED: lambda s, e: s._update_box(
        e.box, status=BoxStatus.OPEN.value, counted=None, closed_at=None
    ),
    LabEventKind.BOX_HANDED_OVER: LabProjection._handed_over,
    LabEventKind.BOX_RECEIVED: lambda s, e: s._update_box(
        e.box, status=BoxStatus.RECEIVED.value, received_at=e.at
    ),
    LabEventKind.BOX_VOIDED: lambda s, e: s._update_box(e.box, status=BoxStatus.VOIDED.value),
    LabEventKind.RESULT_RECORDED: LabProjection._result_recorded,
    LabEventKind.RECALL_OPENED: LabProjection._recall_opened,
    LabEventKind.PERSON_FOUND: lambda s, e: s._update_line(
        e, status=LineStatus.FOUND.value, found_at=e.at
    ),
    LabEventKind.PERSON_RESAMPLED: lambda s, e: s._update_line(
        e, status=LineStatus.RESAMPLED.value, resample_tube=e.tube, resampled_at=e.at
    ),
    LabEventKind.RECALL_EXPORTED: lambda s, e: None,
    LabEventKind.RECALL_CLOSED: lambda s, e: s.connection.execute(
        update(recalls_t).where(recalls_t.c.id == e.recall_id).values(closed_at=e.at)
    ),
}
