"""Commands and corrections at the table: pooling mode, seal, undo, remove, move, reopen.

Every correction is a new event; none overwrites what was recorded. Each runs in the caller's
open unit of work (a scan's) or in one of its own, committed when it is done.
"""

from __future__ import annotations

from dataclasses import replace

from station.access.roles import Permission
from station.core.errors import OperatorError
from station.core.pooling import PoolingMode
from station.core.ports import Store
from station.core.records import EventKind, Member, Tube, TubeStatus
from station.core.scan import Outcome, Status, Work
from station.recording.pending import Await, Pending
from station.recording.rules import (
    check_fits,
    check_reason,
    check_room,
    check_sealable,
    check_sealed,
)
from station.recording.table import TableBase
from station.recording.view import outcome


class Corrections(TableBase):
    def set_mode(self, mode: PoolingMode, work: Work | None = None) -> Outcome:
        """Pooling mode of the next tube; an open tube still empty takes it at once."""
        t = self._say.text
        with self._unit(work) as unit:
            tube = self.current_tube(unit)
            if tube is not None and tube.count == 0:
                unit.recording.record(
                    self._event(
                        EventKind.TUBE_MODE_SET, tube=tube.barcode, data={"mode": int(mode)}
                    )
                )
                return outcome(
                    Status.SAVED,
                    "command",
                    t(f"本管改为 {mode.label}", f"This tube is now {int(mode)}:1"),
                    "mode_set",
                    replace(tube, mode=mode),
                    speech=t(f"{int(mode)} 混 1", f"{int(mode)} to 1"),
                )
        self._next_mode = None if mode is self.settings.pooling_mode else mode
        return outcome(
            Status.SAVED,
            "command",
            t(f"下一管：{mode.label}", f"Next tube: {int(mode)}:1"),
            "next_mode",
            tube,
            speech=t(f"下一管 {int(mode)} 混 1", f"next tube {int(mode)} to 1"),
        )

    def seal(self, work: Work | None = None) -> Outcome:
        t = self._say.text
        with self._unit(work) as unit:
            tube = check_sealable(self.current_tube(unit))
            under = tube.count < tube.capacity
            unit.recording.record(
                self._event(EventKind.TUBE_SEALED, tube=tube.barcode, data={"under_filled": under})
            )
            resumed = self._after_seal(unit.recording)
        note = t(
            f"（未满 {tube.count}/{tube.capacity}）",
            f" (under-filled {tube.count}/{tube.capacity})",
        )
        return outcome(
            Status.SAVED,
            "command",
            t(f"已封管 {tube.barcode}", f"Sealed {tube.barcode}")
            + (note if under else "")
            + resumed,
            "sealed",
            replace(tube, status=TubeStatus.SEALED, under_filled=under),
            speech=t(f"封管 {tube.count} 人", f"sealed, {tube.count}"),
        )

    def undo(self, work: Work | None = None) -> Outcome:
        t = self._say.text
        with self._unit(work) as unit:
            tube = self.current_tube(unit)
            if tube is None:
                raise OperatorError(
                    "没有可撤销的操作（已封的管需负责人重开）",
                    "Nothing to undo (a sealed tube must be reopened by the site lead)",
                    code="nothing_to_undo",
                )
            members = unit.recording.members(tube.barcode)
            if members:
                return self._take_out(unit.recording, tube, members[-1], "撤销 undo", undo=True)
            unit.recording.record(self._event(EventKind.TUBE_VOIDED, tube=tube.barcode))
        return Outcome(
            Status.SAVED,
            "command",
            t(f"已撤销空管 {tube.barcode}", f"Empty tube {tube.barcode} given up"),
            code="tube_voided",
            tube=tube.barcode,
            capacity=tube.capacity,
        )

    def _take_out(
        self, store: Store, tube: Tube, member: Member, reason: str, *, undo: bool = False
    ) -> Outcome:
        """Record a person leaving an open tube (the event keeps why)."""
        t = self._say.text
        store.record(
            self._event(
                EventKind.PERSON_REMOVED,
                tube=tube.barcode,
                person_id=member.person_id,
                data={"member_event": member.event_id, "reason": reason},
            )
        )
        shown, left = self._who(member.name, member.number), tube.count - 1
        if undo:
            said = t(
                f"已撤销：{shown} 移出 {tube.barcode}", f"Undone: {shown} out of {tube.barcode}"
            )
            spoken = t(f"撤销 {left}", f"undone, {left}")
        else:
            said = t(f"已移除 {shown}：{reason}", f"Removed {shown}: {reason}")
            spoken = t(f"移除 {left}", f"removed, {left}")
        return outcome(
            Status.SAVED,
            "command" if undo else "person",
            said,
            "person_removed",
            replace(tube, count=left),
            person=shown,
            person_id=member.person_id,
            speech=spoken,
        )

    # ----- corrections that name their target --------------------------------------------------
    def remove(self, person_id: str, reason: str, work: Work | None = None) -> Outcome:
        """Take a person out of the table's open tube, keeping the reason."""
        self.require(Permission.CORRECT)
        why = check_reason(reason, "请选择移除原因", "Choose a reason for the removal")
        with self._unit(work) as unit:
            tube = self.current_tube(unit)
            members = unit.recording.members(tube.barcode) if tube else []
            member = next((m for m in members if m.person_id == person_id), None)
            if tube is None or member is None:
                raise OperatorError(
                    "此人不在当前试管中", "This person is not in the open tube", code="not_in_tube"
                )
            return self._take_out(unit.recording, tube, member, why)

    def _source_of(self, store: Store, person_id: str) -> tuple[Tube, Member]:
        """The open tube a person is in now, and their membership of it."""
        found: tuple[Tube, Member] | None = None
        for barcode in store.tubes_of_person(person_id, self.stamp.round):
            tube = store.tube(barcode)
            if tube is not None and tube.status is TubeStatus.OPEN:
                member = next(m for m in store.members(barcode) if m.person_id == person_id)
                found = (tube, member)
        if found is None:
            raise OperatorError(
                "此人不在任何打开的试管中", "This person is in no open tube", code="not_in_tube"
            )
        return found

    def move(self, person_id: str, to_barcode: str, reason: str) -> Outcome:
        """Move a person from the open tube they are in to another open tube of the site."""
        self.require(Permission.CORRECT)
        t = self._say.text
        why = check_reason(reason, "请选择移管原因", "Choose a reason for the move")
        with self._unit(None) as unit:
            store = unit.recording
            person, target = store.person(person_id), store.tube(to_barcode)
            if person is None:
                raise OperatorError("查无此人", "Unknown person", code="unknown_person")
            if target is None or target.status is not TubeStatus.OPEN:
                raise OperatorError(
                    f"目标试管 {to_barcode} 未打开",
                    f"Target tube {to_barcode} is not open",
                    code="target_not_open",
                )
            source, member = self._source_of(store, person_id)
            if source.barcode == target.barcode:
                raise OperatorError("已在该试管中", "Already in that tube", code="same_tube")
            check_room(target)
            shown = self._who(person.name, person.document.number)
            check_fits(person, target, shown)
            data = {"from": source.barcode, "member_event": member.event_id, "reason": why}
            store.record(
                self._event(
                    EventKind.PERSON_MOVED, tube=target.barcode, person_id=person_id, data=data
                )
            )
            moved = replace(target, count=target.count + 1)
            if moved.is_full:
                store.record(
                    self._event(
                        EventKind.TUBE_SEALED, tube=target.barcode, data={"under_filled": False}
                    )
                )
                moved = replace(moved, status=TubeStatus.SEALED)
        return outcome(
            Status.SAVED,
            "person",
            t(
                f"已将 {shown} 从 {source.barcode} 移到 {target.barcode}",
                f"Moved {shown} from {source.barcode} to {target.barcode}",
            ),
            "person_moved",
            moved,
            person=shown,
        )

    def reopen(self, barcode: str, work: Work | None = None) -> Outcome:
        """Reopen a sealed tube at this table (confirmed by the caller); it becomes current."""
        self.require(Permission.CORRECT)
        t = self._say.text
        with self._unit(work) as unit:
            tube = check_sealed(unit.recording.tube(barcode), barcode)
            unit.recording.record(
                self._event(
                    EventKind.TUBE_REOPENED, tube=barcode, data={"table": self.settings.table}
                )
            )
        return outcome(
            Status.SAVED,
            "tube",
            t(
                f"已重开试管 {barcode}（{tube.count}/{tube.capacity}）",
                f"Reopened tube {barcode} ({tube.count}/{tube.capacity})",
            ),
            "reopened",
            replace(tube, status=TubeStatus.OPEN, table=self.settings.table),
            speech=t(f"重开 {tube.count}", f"reopened, {tube.count}"),
        )

    def _reopen_scan(self, work: Work, barcode: str, pending: Pending) -> Outcome:
        """REOPEN's tube scans: the first asks, the same tube again reopens it."""
        t = self._say.text
        if pending.barcode == barcode:
            return self.reopen(barcode, work)
        tube = check_sealed(work.recording.tube(barcode), barcode, confirming=False)
        self._pending = Pending(Await.REOPEN, barcode=barcode)
        return outcome(
            Status.WARNING,
            "tube",
            t(
                f"确认重开 {barcode}（{tube.count} 人）？再扫一次此管确认",
                f"Reopen {barcode} ({tube.count} people)? Scan it again to confirm",
            ),
            "reopen_confirm",
            tube,
            speech=t("确认重开", "confirm reopen"),
        )
