"""The SQL store behind boxes, results and recalls: the lab tables, on the connection of the
site's unit of work (db.site), beside the recording store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from db.lab.models import (
    BoxRow,
    BoxTubeRow,
    LabEventRow,
    RecallLineRow,
    RecallRow,
    TubeResultRow,
)
from db.lab.projections import LabProjection
from db.recording.models import MemberRow, PersonRow, TubeRow
from db.recording.store import chunks
from db.rows import aware, aware_at, notify_at_commit
from station.core.identity import DocType, Document
from station.core.records import TubeStatus
from station.lab.ports import LabStore
from station.lab.records import (
    Box,
    BoxStatus,
    LabEvent,
    LineStatus,
    PackedTube,
    Recall,
    RecallLine,
    Result,
    TubeHistory,
    TubeResult,
)

# Every box, result and recall change NOTIFYs this at commit on PostgreSQL (db.queue_watch).
NOTIFY_CHANNEL = "nat_station_lab"

lab_events_t = LabEventRow.__table__
boxes_t = BoxRow.__table__
box_tubes_t = BoxTubeRow.__table__
results_t = TubeResultRow.__table__
recalls_t = RecallRow.__table__
lines_t = RecallLineRow.__table__
persons_t = PersonRow.__table__
tubes_t = TubeRow.__table__
members_t = MemberRow.__table__


def _box(row: Any) -> Box:
    return Box(
        barcode=row.barcode,
        status=BoxStatus(row.status),
        capacity=row.capacity,
        table=row.table_no,
        recorder=row.recorder,
        opened_at=aware_at(row.opened_at),
        count=row.count,
        counted=row.counted,
        closed_at=aware(row.closed_at),
        transporter=row.transporter,
        transporter_phone=row.transporter_phone,
        handed_at=aware(row.handed_at),
        received_at=aware(row.received_at),
    )


def _result(row: Any) -> TubeResult:
    return TubeResult(row.tube, Result(row.result), aware(row.tested_at), aware_at(row.recorded_at))


def _recall(row: Any) -> Recall:
    return Recall(row.id, row.tube, aware_at(row.opened_at), aware(row.closed_at))


def _line(row: Any) -> RecallLine:
    return RecallLine(
        recall_id=row.recall_id,
        person_id=row.person_id,
        name=row.name,
        phone=row.phone,
        status=LineStatus(row.status),
        found_at=aware(row.found_at),
        resample_tube=row.resample_tube,
        resampled_at=aware(row.resampled_at),
        result=Result(row.result) if row.result else None,
        document=Document(DocType(row.doc_type), row.doc_number, row.note),
    )


_LINE_COLUMNS = (
    *lines_t.c,
    persons_t.c.name,
    persons_t.c.phone,
    persons_t.c.doc_type,
    persons_t.c.doc_number,
    persons_t.c.note,
)


# Built once: a look-up runs this on every keystroke-Enter, and building is half its cost.
_HISTORIES = (
    select(
        members_t.c.person_id,
        tubes_t.c.barcode,
        tubes_t.c.mode,
        tubes_t.c.opened_at,
        box_tubes_t.c.box,
        results_t.c.result,
        results_t.c.recorded_at,
    )
    .select_from(members_t)
    .join(tubes_t, (tubes_t.c.site == members_t.c.site) & (tubes_t.c.barcode == members_t.c.tube))
    .outerjoin(
        box_tubes_t,
        (box_tubes_t.c.site == members_t.c.site)
        & (box_tubes_t.c.tube == members_t.c.tube)
        & box_tubes_t.c.removed_by.is_(None),
    )
    .outerjoin(
        results_t, (results_t.c.site == members_t.c.site) & (results_t.c.tube == members_t.c.tube)
    )
    .where(
        members_t.c.person_id.in_(bindparam("ids", expanding=True)),
        members_t.c.removed_by.is_(None),
        tubes_t.c.status != TubeStatus.VOIDED.value,
    )
    .order_by(tubes_t.c.opened_at, tubes_t.c.barcode)
)


@dataclass
class LabSqlStore(LabStore):
    """Boxes, results and recalls of one site, in the transaction of `connection`."""

    connection: Connection
    site: str
    _lab_changed: bool = False

    # ----- boxes ---------------------------------------------------------------------------
    def box(self, barcode: str) -> Box | None:
        row = self.connection.execute(select(boxes_t).where(boxes_t.c.barcode == barcode)).first()
        return _box(row) if row else None

    def current_box(self, table: str) -> Box | None:
        rows = self.connection.execute(
            select(boxes_t)
            .where(
                boxes_t.c.site == self.site,
                boxes_t.c.table_no == table,
                boxes_t.c.status.in_([BoxStatus.OPEN.value, BoxStatus.CLOSED.value]),
            )
            .order_by(boxes_t.c.opened_at)
        )
        boxes = [_box(r) for r in rows]
        return next((b for b in boxes if b.status is BoxStatus.OPEN or b.mismatch), None)

    def boxes(self, limit: int) -> list[Box]:
        rows = self.connection.execute(
            select(boxes_t)
            .where(boxes_t.c.site == self.site)
            .order_by(boxes_t.c.opened_at.desc())
            .limit(limit)
        )
        return [_box(r) for r in rows]

    def packed(self, box: str) -> list[PackedTube]:
        rows = self.connection.execute(
            select(
                box_tubes_t.c.event_id,
                box_tubes_t.c.box,
                box_tubes_t.c.tube,
                box_tubes_t.c.packed_at,
                tubes_t.c.count,
                tubes_t.c.mode,
            )
            .join(
                tubes_t,
                (tubes_t.c.site == box_tubes_t.c.site) & (tubes_t.c.barcode == box_tubes_t.c.tube),
            )
            .where(box_tubes_t.c.box == box, box_tubes_t.c.removed_by.is_(None))
            .order_by(box_tubes_t.c.packed_at, box_tubes_t.c.event_id)
        )
        return [
            # r.count is the column (Row resolves it); typed, it is tuple.count: hence ignored.
            PackedTube(r.event_id, r.box, r.tube, aware_at(r.packed_at), r.count, r.mode)  # type: ignore[arg-type]
            for r in rows
        ]

    def box_of_tube(self, tube: str) -> str | None:
        row = self.connection.execute(
            select(box_tubes_t.c.box).where(
                box_tubes_t.c.site == self.site,
                box_tubes_t.c.tube == tube,
                box_tubes_t.c.removed_by.is_(None),
            )
        ).first()
        return row.box if row else None

    def boxes_holding(self, tubes: list[str]) -> list[Box]:
        holding: set[str] = set()
        for chunk in chunks(tubes):
            holding.update(
                self.connection.execute(
                    select(box_tubes_t.c.box).where(
                        box_tubes_t.c.site == self.site,
                        box_tubes_t.c.removed_by.is_(None),
                        box_tubes_t.c.tube.in_(chunk),
                    )
                ).scalars()
            )
        if not holding:
            return []
        rows = self.connection.execute(
            select(boxes_t)
            .where(boxes_t.c.site == self.site, boxes_t.c.barcode.in_(holding))
            .order_by(boxes_t.c.opened_at, boxes_t.c.barcode)
        )
        return [_box(r) for r in rows]

    # ----- results and recalls ----------------------------------------------------------------
    def result(self, tube: str) -> TubeResult | None:
        row = self.connection.execute(
            select(results_t).where(results_t.c.site == self.site, results_t.c.tube == tube)
        ).first()
        return _result(row) if row else None

    def results(self, result: Result | None, limit: int) -> list[TubeResult]:
        query = select(results_t).where(results_t.c.site == self.site)
        if result is not None:
            query = query.where(results_t.c.result == result.value)
        rows = self.connection.execute(
            query.order_by(results_t.c.recorded_at.desc(), results_t.c.tube).limit(limit)
        )
        return [_result(r) for r in rows]

    def history(self, person_id: str) -> list[TubeHistory]:
        return self.histories([person_id])[person_id]

    def histories(self, person_ids: list[str]) -> dict[str, list[TubeHistory]]:
        """History of several people in one query (a look-up shows up to 20 at once)."""
        rows = self.connection.execute(_HISTORIES, {"ids": person_ids})
        found: dict[str, list[TubeHistory]] = {pid: [] for pid in person_ids}
        for r in rows:
            found[r.person_id].append(
                TubeHistory(
                    r.barcode,
                    r.mode,
                    aware_at(r.opened_at),
                    r.box,
                    Result(r.result) if r.result else None,
                    aware(r.recorded_at),
                )
            )
        return found

    def recalls(self, open_only: bool) -> list[Recall]:
        query = select(recalls_t).where(recalls_t.c.site == self.site)
        if open_only:
            query = query.where(recalls_t.c.closed_at.is_(None))
        rows = self.connection.execute(query.order_by(recalls_t.c.opened_at, recalls_t.c.id))
        return [_recall(r) for r in rows]

    def recall_of_tube(self, tube: str) -> Recall | None:
        row = self.connection.execute(
            select(recalls_t).where(recalls_t.c.site == self.site, recalls_t.c.tube == tube)
        ).first()
        return _recall(row) if row else None

    def recall_lines(self, recall_id: str) -> list[RecallLine]:
        rows = self.connection.execute(
            select(*_LINE_COLUMNS)
            .join(persons_t, persons_t.c.id == lines_t.c.person_id)
            .where(lines_t.c.recall_id == recall_id)
            .order_by(persons_t.c.name, lines_t.c.person_id)
        )
        return [_line(r) for r in rows]

    def open_lines_of_person(self, person_id: str) -> list[RecallLine]:
        rows = self.connection.execute(
            select(*_LINE_COLUMNS)
            .join(persons_t, persons_t.c.id == lines_t.c.person_id)
            .join(recalls_t, recalls_t.c.id == lines_t.c.recall_id)
            .where(
                lines_t.c.person_id == person_id,
                recalls_t.c.site == self.site,
                recalls_t.c.closed_at.is_(None),
                lines_t.c.status != LineStatus.RESULT_BACK.value,
            )
            .order_by(recalls_t.c.opened_at)
        )
        return [_line(r) for r in rows]

    # ----- writes ----------------------------------------------------------------------------
    def record_lab(self, event: LabEvent) -> None:
        s = event.stamp
        self.connection.execute(
            insert(lab_events_t).values(
                id=event.id,
                kind=event.kind.value,
                at=event.at,
                site=s.site,
                table_no=s.table,
                recorder=s.recorder,
                round=s.round,
                box=event.box,
                tube=event.tube,
                person_id=event.person_id,
                recall_id=event.recall_id,
                data=event.data,
            )
        )
        LabProjection(self.connection, self.site).apply(event)
        self._lab_changed = True

    def before_commit(self) -> None:
        """Run by the unit of work's commit, in its transaction."""
        if self._lab_changed:  # the recall pages
            notify_at_commit(self.connection, NOTIFY_CHANNEL, self.site)
        self._lab_changed = False
