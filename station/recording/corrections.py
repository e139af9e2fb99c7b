"""Commands and corrections at the table: pooling mode, seal, undo, remove, move, reopen.

Every correction is a new event; none overwrites what was recorded. Each runs in the caller's
open unit of work (a scan's) or in one of its own, committed when it is done.
"""

from __future__ import annotations

from dataclasses import replace

from station.access.roles import Permission
from station.core.messages import refused
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
                    t("mode_set", mode=self._say.mode(mode)),
                    "mode_set",
                    replace(tube, mode=mode),
                    speech=t("mode_set.speech", n=int(mode)),
                )
        self._next_mode = None if mode is self.settings.pooling_mode else mode
        return outcome(
            Status.SAVED,
            "command",
            t("next_mode", mode=self._say.mode(mode)),
            "next_mode",
            tube,
            speech=t("next_mode.speech", n=int(mode)),
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
        note = t("sealed.under_filled", count=tube.count, capacity=tube.capacity)
        return outcome(
            Status.SAVED,
            "command",
            t("sealed", tube=tube.barcode) + (note if under else "") + resumed,
            "sealed",
            replace(tube, status=TubeStatus.SEALED, under_filled=under),
            speech=t("sealed.speech", count=tube.count),
        )

    def undo(self, work: Work | None = None) -> Outcome:
        t = self._say.text
        with self._unit(work) as unit:
            tube = self.current_tube(unit)
            if tube is None:
                raise refused("nothing_to_undo")
            members = unit.recording.members(tube.barcode)
            if members:
                return self._take_out(unit.recording, tube, members[-1], "撤销 undo", undo=True)
            unit.recording.record(self._event(EventKind.TUBE_VOIDED, tube=tube.barcode))
        return Outcome(
            Status.SAVED,
            "command",
            t("tube_voided", tube=tube.barcode),
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
            said = t("person_removed.undo", who=shown, tube=tube.barcode)
            spoken = t("person_removed.undo.speech", left=left)
        else:
            said = t("person_removed", who=shown, why=reason)
            spoken = t("person_removed.speech", left=left)
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
        why = check_reason(reason, "no_reason.remove")
        with self._unit(work) as unit:
            tube = self.current_tube(unit)
            members = unit.recording.members(tube.barcode) if tube else []
            member = next((m for m in members if m.person_id == person_id), None)
            if tube is None or member is None:
                raise refused("not_in_tube")
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
            raise refused("not_in_tube.any", error="not_in_tube")
        return found

    def move(self, person_id: str, to_barcode: str, reason: str) -> Outcome:
        """Move a person from the open tube they are in to another open tube of the site."""
        self.require(Permission.CORRECT)
        t = self._say.text
        why = check_reason(reason, "no_reason.move")
        with self._unit(None) as unit:
            store = unit.recording
            person, target = store.person(person_id), store.tube(to_barcode)
            if person is None:
                raise refused("unknown_person")
            if target is None or target.status is not TubeStatus.OPEN:
                raise refused("target_not_open", tube=to_barcode)
            source, member = self._source_of(store, person_id)
            if source.barcode == target.barcode:
                raise refused("same_tube")
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
            t("person_moved", who=shown, source=source.barcode, target=target.barcode),
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
            t("reopened", tube=barcode, count=tube.count, capacity=tube.capacity),
            "reopened",
            replace(tube, status=TubeStatus.OPEN, table=self.settings.table),
            speech=t("reopened.speech", count=tube.count),
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
            t("reopen_confirm", tube=barcode, count=tube.count),
            "reopen_confirm",
            tube,
            speech=t("reopen_confirm.speech"),
        )
