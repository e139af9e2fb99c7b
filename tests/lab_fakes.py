"""A hand-written in-memory fake of the boxes part of station.lab.ports.LabStore, a part of
the site's fake unit of work (tests/fakes.py), with the SQL store's projections and
rollback."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime

from fakes import FakeStore, FakeUnitOfWork, FakeWork
from station.lab.records import Box, BoxStatus, LabEvent, LabEventKind, PackedTube


@dataclass(frozen=True)
class _Packed:
    event_id: str
    box: str
    tube: str
    at: datetime
    removed_by: str | None = None


@dataclass
class _LabState:
    events: list[LabEvent] = field(default_factory=list)
    boxes: dict[str, Box] = field(default_factory=dict)
    packed: dict[str, _Packed] = field(default_factory=dict)

    def copy(self) -> _LabState:
        return _LabState(list(self.events), dict(self.boxes), dict(self.packed))


class FakeLabStore:
    """Boxes on dicts, in one unit of work beside its recording store (`work.lab`)."""

    def __init__(
        self, recording: FakeStore, lab: _LabState, publish: Callable[[_LabState], None]
    ) -> None:
        self.recording = recording
        self.lab = lab
        self._publish = publish
        self._wrote = False

    # ----- boxes: the same filters and order as db.lab.store.LabSqlStore ------------------
    def box(self, barcode: str) -> Box | None:
        return self.lab.boxes.get(barcode)

    def current_box(self, table: str) -> Box | None:
        mine = sorted(
            (b for b in self.lab.boxes.values() if b.table == table), key=lambda b: b.opened_at
        )
        return next(
            (
                b
                for b in mine
                if b.status is BoxStatus.OPEN or (b.status is BoxStatus.CLOSED and b.mismatch)
            ),
            None,
        )

    def boxes(self, limit: int) -> list[Box]:
        return sorted(self.lab.boxes.values(), key=lambda b: b.opened_at, reverse=True)[:limit]

    def packed(self, box: str) -> list[PackedTube]:
        rows = sorted(
            (p for p in self.lab.packed.values() if p.box == box and p.removed_by is None),
            key=lambda p: (p.at, p.event_id),
        )
        tubes = [self.recording.tube(p.tube) for p in rows]
        return [
            PackedTube(p.event_id, p.box, p.tube, p.at, t.count, int(t.mode))  # type: ignore[union-attr]
            for p, t in zip(rows, tubes, strict=True)
        ]

    def box_of_tube(self, tube: str) -> str | None:
        return next(
            (p.box for p in self.lab.packed.values() if p.tube == tube and p.removed_by is None),
            None,
        )

    # ----- writes -------------------------------------------------------------------------
    def record_lab(self, event: LabEvent) -> None:
        if self.recording.read_only:
            raise AssertionError("a write in a read-only unit of work")
        self._wrote = True
        self.lab.events.append(event)
        boxes, box = self.lab.boxes, self.lab.boxes.get(event.box or "")
        kind = event.kind
        if kind is LabEventKind.BOX_OPENED:
            assert event.box not in boxes, "box opened twice"
            boxes[event.box] = Box(
                event.box,
                BoxStatus.OPEN,
                event.data["capacity"],  # type: ignore[index]
                event.stamp.table,
                event.stamp.recorder,
                event.at,
            )
            return
        assert box is not None, f"no box {event.box!r}"
        if kind is LabEventKind.TUBE_PACKED:
            self.lab.packed[event.id] = _Packed(event.id, box.barcode, event.tube, event.at)  # type: ignore[arg-type]
            boxes[box.barcode] = replace(box, count=box.count + 1)
        elif kind is LabEventKind.TUBE_UNPACKED:
            row = self.lab.packed[event.data["packed_event"]]
            assert row.removed_by is None, "tube taken out twice"
            self.lab.packed[row.event_id] = replace(row, removed_by=event.id)
            boxes[box.barcode] = replace(box, count=box.count - 1)
        elif kind is LabEventKind.BOX_CLOSED:
            boxes[box.barcode] = replace(
                box, status=BoxStatus.CLOSED, counted=event.data["counted"], closed_at=event.at
            )
        elif kind is LabEventKind.BOX_HANDED_OVER:
            boxes[box.barcode] = replace(
                box,
                status=BoxStatus.HANDED_OVER,
                transporter=event.data["transporter"],
                transporter_phone=event.data["phone"],
                handed_at=event.at,
            )
        elif kind is LabEventKind.BOX_RECEIVED:
            boxes[box.barcode] = replace(box, status=BoxStatus.RECEIVED, received_at=event.at)
        elif kind is LabEventKind.BOX_VOIDED:
            boxes[box.barcode] = replace(box, status=BoxStatus.VOIDED)
        else:
            raise NotImplementedError(f"the boxes fake does not keep {kind}")

    def publish(self) -> None:
        """Run by the unit of work's commit."""
        if self._wrote:
            self._publish(self.lab)
        self.lab = self.lab.copy()
        self._wrote = False


@dataclass
class FakeLab:
    """The committed lab state: a part of the site's fake unit of work."""

    committed: _LabState = field(default_factory=_LabState)

    def begin(self, recording: FakeStore) -> FakeLabStore:
        return FakeLabStore(recording, self.committed.copy(), self._publish)

    def _publish(self, state: _LabState) -> None:
        self.committed = state.copy()


@dataclass
class FakeLabUnitOfWork:
    """The site's fake unit of work (`recording`, for the table too) with the lab part;
    `events` are the committed lab events."""

    recording: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
    part: FakeLab = field(default_factory=FakeLab)

    def __post_init__(self) -> None:
        self.recording.parts["lab"] = self.part

    def __call__(self, *, read_only: bool = False) -> AbstractContextManager[FakeWork]:
        return self.recording(read_only=read_only)

    @property
    def committed(self) -> _LabState:
        return self.part.committed

    @property
    def events(self) -> list[LabEvent]:
        return list(self.committed.events)
