"""The recording use case: what one scan, or one correction, does at a sampling table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from station.access.roles import Permission
from station.access.session import Gate
from station.core.classifier import (
    BoxScan,
    Command,
    CommandScan,
    DocumentChoiceScan,
    PersonScan,
    Scan,
    TubeScan,
    check_scan_size,
    classify,
)
from station.core.codes import PersonCode, encode_person_code
from station.core.errors import OperatorError
from station.core.identity import DocType, normalise_name, parse_document, parse_phone
from station.core.masking import mask_name
from station.core.pooling import PoolingMode
from station.core.ports import Store, UnitOfWork
from station.core.records import (
    Event,
    EventKind,
    Member,
    Person,
    Stamp,
    Totals,
    Tube,
    TubeStatus,
    new_id,
    utcnow,
)
from station.core.settings import Settings


class Status(StrEnum):
    SAVED = "saved"  # written and committed
    WARNING = "warning"  # nothing written yet: the station asks for a confirming scan
    ERROR = "error"  # refused: nothing written


@dataclass(frozen=True)
class Outcome:
    """What the screen, the speaker and `nat-station scan` say after one action."""

    status: Status
    kind: str  # tube / person / command / box / unknown
    message: str
    code: str = ""
    tube: str | None = None
    count: int = 0
    capacity: int = 0
    sealed: bool = False
    person: str = ""  # masked name of the person concerned
    speech: str = ""
    person_id: str = ""  # for follow-up corrections and slips; not printed by `scan`

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status.value,
            "kind": self.kind,
            "code": self.code,
            "tube": self.tube,
            "count": self.count,
            "capacity": self.capacity,
            "sealed": self.sealed,
            "person": self.person,
            "message": self.message,
        }


@dataclass(frozen=True)
class MemberLine:
    person_id: str
    name: str  # masked


@dataclass(frozen=True)
class OpenTube:
    """The table's current tube as the screen shows it. The count, the tube and the last
    person on the screen come from here and nowhere else, so that they cannot disagree
    with the tube (after an undo, a single-sample detour, a call, a reopen, a restart)."""

    tube: Tube | None
    members: list[MemberLine]  # people in the current tube, in order
    parked: list[Tube]  # open tubes under the current one (a single tube was slipped in)

    @property
    def last_person(self) -> str:
        """Masked name (or ID tail) of the last person still in the tube; "" when empty."""
        return self.members[-1].name if self.members else ""


@dataclass(frozen=True)
class TableView:
    """Everything the recorder window shows about its table."""

    round: str
    open: OpenTube
    recent: list[Tube]
    totals: Totals
    next_mode: PoolingMode
    prompt: str

    @property
    def tube(self) -> Tube | None:
        return self.open.tube

    @property
    def members(self) -> list[MemberLine]:
        return self.open.members

    @property
    def parked(self) -> list[Tube]:
        return self.open.parked


class ScanHandler(Protocol):
    """A feature that takes some scans before the table's own rules do.

    Boxes take box barcodes and sealed tubes, the queue takes tickets, the roster takes
    household codes. `scan` is None when the classifier did not recognise the text; a handler
    returns None to leave the scan to the next handler and finally to the table.
    """

    def take(self, raw: str, scan: Scan | None, table: RecordingService) -> Outcome | None: ...


class _Unknown:
    """Marks "not looked up yet", as None already means "looked up: no such person"."""


_UNKNOWN = _Unknown()


class _Await(StrEnum):
    RETEST = "retest"  # same person again confirms a same-day re-test
    SINGLE = "single"  # a new tube scan opens a single tube for the waiting person
    REMOVE = "remove"  # the next person scanned leaves the open tube
    REOPEN = "reopen"  # the next sealed tube scanned, twice, is reopened
    REGION = "region"  # same ID again confirms a region code no list holds
    CHOICE = "choice"  # one digit key says which document a bare number is


@dataclass(frozen=True)
class _Pending:
    what: _Await
    code: PersonCode | None = None
    barcode: str = ""  # a tube's, or the bare document number of a CHOICE
    choices: tuple[DocType, ...] = ()


@dataclass
class _Outcomes:
    """Builds outcomes in the station's language."""

    language: str

    def text(self, zh: str, en: str) -> str:
        return en if self.language.startswith("en") else zh

    def error(self, error: OperatorError, kind: str) -> Outcome:
        return Outcome(Status.ERROR, kind, error.message(self.language), code=error.code)


def _kind(scan: Scan) -> str:
    return {
        CommandScan: "command",
        TubeScan: "tube",
        BoxScan: "box",
        PersonScan: "person",
        DocumentChoiceScan: "person",
    }[type(scan)]


def _tube_fields(tube: Tube) -> dict[str, object]:
    return {
        "tube": tube.barcode,
        "count": tube.count,
        "capacity": tube.capacity,
        "sealed": tube.status is TubeStatus.SEALED,
    }


@dataclass
class RecordingService:
    """One sampling table's recording: every scan is one unit of work, committed or refused."""

    uow: UnitOfWork
    settings: Settings
    clock: Callable[[], datetime] = utcnow
    today: Callable[[], date] = date.today
    handlers: list[ScanHandler] = field(default_factory=list)
    gate: Gate | None = None  # who is signed in (issue 14); None: no accounts wired in
    _pending: _Pending | None = field(default=None, init=False)
    _next_mode: PoolingMode | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._say = _Outcomes(self.settings.language)

    # ----- context -----------------------------------------------------------------------
    @property
    def stamp(self) -> Stamp:
        s = self.settings
        return Stamp(s.site_name, s.table, s.recorder, s.round_for(self.today()))

    @property
    def next_mode(self) -> PoolingMode:
        return self._next_mode or self.settings.pooling_mode

    def require(self, permission: Permission) -> None:
        """Refuse (AccessDenied, nothing done) what the signed-in operator's role may not do."""
        if self.gate is not None:
            self.gate.require(permission)

    def _event(self, kind: EventKind, **kwargs: object) -> Event:
        return Event(kind=kind, stamp=self.stamp, at=self.clock(), **kwargs)  # type: ignore[arg-type]

    def _current(self, store: Store) -> Tube | None:
        tubes = store.open_tubes(self.settings.table)
        return tubes[-1] if tubes else None

    # ----- the one entry point of the scan field -------------------------------------------
    def scan(self, raw: str) -> Outcome:
        scan: Scan | None = None
        refusal: OperatorError | None = None
        try:
            self.require(Permission.RECORD)
        except OperatorError as error:
            self._pending = None
            return self._say.error(error, "unknown")
        if self._pending is not None and self._pending.what is _Await.CHOICE:
            key = raw.strip()
            if len(key) == 1 and key.isdigit():
                return self.choose(key)
        try:
            check_scan_size(raw)  # before any handler reads it
        except OperatorError as error:
            self._pending = None
            return self._say.error(error, "unknown")
        try:
            scan = classify(raw, self.settings.tube, self.settings.box)
        except OperatorError as error:
            refusal = error
        pending = self._pending
        for handler in self.handlers:
            try:
                taken = handler.take(raw, scan, self)
            except OperatorError as error:
                self._pending = None
                return self._say.error(error, "unknown" if scan is None else _kind(scan))
            if taken is not None:
                # Another scan ends a confirmation the table was waiting for, unless the
                # handler went through add_person and that asked for one (a ticket of a
                # person tested today): then the next scan of it confirms, as at the table.
                if self._pending is pending:
                    self._pending = None
                return taken
        if scan is None:
            self._pending = None
            assert refusal is not None
            kind = "command" if refusal.code == "bad_command" else "unknown"
            return self._say.error(refusal, kind)
        kind = _kind(scan)
        try:
            if isinstance(scan, CommandScan):
                return self._command(scan)
            if isinstance(scan, TubeScan):
                return self._tube_scan(scan.barcode)
            if isinstance(scan, PersonScan):
                return self.add_person(scan.code)
            if isinstance(scan, DocumentChoiceScan):
                return self._ask_document(scan)
            self._pending = None  # a box is a different scan: it ends any confirmation too
            raise OperatorError(
                f"箱码 {scan.barcode}：请在装箱界面扫描，录入台只收试管和人员",
                f"Box {scan.barcode}: scan boxes at packing; this table takes tubes and people",
                code="box_at_table",
            )
        except OperatorError as error:
            return self._say.error(error, kind)

    # ----- commands ------------------------------------------------------------------------
    def _command(self, scan: CommandScan) -> Outcome:
        t = self._say.text
        self._pending = None
        if scan.command is Command.SEAL:
            return self.seal()
        if scan.command is Command.UNDO:
            return self.undo()
        if scan.command is Command.MODE:
            return self.set_mode(PoolingMode.parse(scan.argument))
        if scan.command is Command.CANCEL:
            return Outcome(Status.SAVED, "command", t("已取消", "Cancelled"), code="cancelled")
        if scan.command in (Command.REMOVE, Command.REOPEN):
            self.require(Permission.CORRECT)
        if scan.command is Command.REMOVE:
            self._pending = _Pending(_Await.REMOVE)
            return Outcome(
                Status.WARNING,
                "command",
                t("移除：请扫要移出本管的人", "Remove: scan the person to take out of the tube"),
                code="remove_armed",
            )
        if scan.command is Command.REOPEN:
            self._pending = _Pending(_Await.REOPEN)
            return Outcome(
                Status.WARNING,
                "command",
                t("重开：请扫要重开的已封试管", "Reopen: scan the sealed tube to reopen"),
                code="reopen_armed",
            )
        # A feature's command (CALL, ...) reaches here only when that feature is not wired in.
        raise OperatorError(
            f"本站未启用指令 {scan.command.value}",
            f"Command {scan.command.value} is not available at this station",
            code="command_unavailable",
        )

    def set_mode(self, mode: PoolingMode) -> Outcome:
        """Pooling mode of the next tube; an open tube still empty takes it at once."""
        t = self._say.text
        with self.uow() as store:
            tube = self._current(store)
            if tube is not None and tube.count == 0:
                store.record(
                    self._event(
                        EventKind.TUBE_MODE_SET, tube=tube.barcode, data={"mode": int(mode)}
                    )
                )
                store.commit()
                tube = replace(tube, mode=mode)
                return Outcome(
                    Status.SAVED,
                    "command",
                    t(f"本管改为 {mode.label}", f"This tube is now {int(mode)}:1"),
                    code="mode_set",
                    speech=t(f"{int(mode)} 混 1", f"{int(mode)} to 1"),
                    **_tube_fields(tube),
                )
        self._next_mode = None if mode is self.settings.pooling_mode else mode
        fields = _tube_fields(tube) if tube else {}
        return Outcome(
            Status.SAVED,
            "command",
            t(f"下一管：{mode.label}", f"Next tube: {int(mode)}:1"),
            code="next_mode",
            speech=t(f"下一管 {int(mode)} 混 1", f"next tube {int(mode)} to 1"),
            **fields,  # type: ignore[arg-type]
        )

    def seal(self) -> Outcome:
        t = self._say.text
        with self.uow() as store:
            tube = self._current(store)
            if tube is None:
                raise OperatorError("没有打开的试管", "No open tube", code="no_open_tube")
            if tube.count == 0:
                raise OperatorError(
                    f"试管 {tube.barcode} 是空管，不能封管（要换管请扫新试管或撤销）",
                    f"Tube {tube.barcode} is empty and cannot be sealed (scan a new tube or undo)",
                    code="seal_empty",
                )
            under = tube.count < tube.capacity
            store.record(
                self._event(EventKind.TUBE_SEALED, tube=tube.barcode, data={"under_filled": under})
            )
            resumed = self._after_seal(store)
            store.commit()
        sealed = replace(tube, status=TubeStatus.SEALED, under_filled=under)
        note = t(
            f"（未满 {tube.count}/{tube.capacity}）",
            f" (under-filled {tube.count}/{tube.capacity})",
        )
        return Outcome(
            Status.SAVED,
            "command",
            t(f"已封管 {tube.barcode}", f"Sealed {tube.barcode}")
            + (note if under else "")
            + resumed,
            code="sealed",
            speech=t(f"封管 {tube.count} 人", f"sealed, {tube.count}"),
            **_tube_fields(sealed),
        )

    def _after_seal(self, store: Store) -> str:
        """Sealing may uncover a tube parked under a single tube: say that it is current again."""
        t = self._say.text
        rest = store.open_tubes(self.settings.table)
        if not rest:
            return ""
        under = rest[-1]
        return t(
            f"；继续试管 {under.barcode}（{under.count}/{under.capacity}）",
            f"; back to tube {under.barcode} ({under.count}/{under.capacity})",
        )

    def undo(self) -> Outcome:
        t = self._say.text
        with self.uow() as store:
            tube = self._current(store)
            if tube is None:
                raise OperatorError(
                    "没有可撤销的操作（已封的管需负责人重开）",
                    "Nothing to undo (a sealed tube must be reopened by the site lead)",
                    code="nothing_to_undo",
                )
            members = store.members(tube.barcode)
            if not members:
                store.record(self._event(EventKind.TUBE_VOIDED, tube=tube.barcode))
                store.commit()
                return Outcome(
                    Status.SAVED,
                    "command",
                    t(f"已撤销空管 {tube.barcode}", f"Empty tube {tube.barcode} given up"),
                    code="tube_voided",
                    tube=tube.barcode,
                    capacity=tube.capacity,
                )
            return self._take_out(store, tube, members[-1], "撤销 undo", undo=True)

    def _take_out(
        self, store: Store, tube: Tube, member: Member, reason: str, *, undo: bool = False
    ) -> Outcome:
        """Record a person leaving an open tube (the event keeps why) and commit."""
        t = self._say.text
        store.record(
            self._event(
                EventKind.PERSON_REMOVED,
                tube=tube.barcode,
                person_id=member.person_id,
                data={"member_event": member.event_id, "reason": reason},
            )
        )
        store.commit()
        shown, left = self._who(member.name, member.number), tube.count - 1
        if undo:
            said = t(
                f"已撤销：{shown} 移出 {tube.barcode}", f"Undone: {shown} out of {tube.barcode}"
            )
            spoken = t(f"撤销 {left}", f"undone, {left}")
        else:
            said = t(f"已移除 {shown}：{reason}", f"Removed {shown}: {reason}")
            spoken = t(f"移除 {left}", f"removed, {left}")
        return Outcome(
            Status.SAVED,
            "command" if undo else "person",
            said,
            code="person_removed",
            person=shown,
            person_id=member.person_id,
            speech=spoken,
            **_tube_fields(replace(tube, count=left)),
        )

    # ----- corrections that name their target --------------------------------------------------
    def remove(self, person_id: str, reason: str) -> Outcome:
        """Take a person out of the table's open tube, keeping the reason."""
        self.require(Permission.CORRECT)
        if not reason.strip():
            raise OperatorError(
                "请选择移除原因", "Choose a reason for the removal", code="no_reason"
            )
        with self.uow() as store:
            tube = self._current(store)
            member = (
                next((m for m in store.members(tube.barcode) if m.person_id == person_id), None)
                if tube
                else None
            )
            if tube is None or member is None:
                raise OperatorError(
                    "此人不在当前试管中", "This person is not in the open tube", code="not_in_tube"
                )
            return self._take_out(store, tube, member, reason.strip())

    def move(self, person_id: str, to_barcode: str, reason: str) -> Outcome:
        """Move a person from the open tube they are in to another open tube of the site."""
        self.require(Permission.CORRECT)
        t = self._say.text
        if not reason.strip():
            raise OperatorError("请选择移管原因", "Choose a reason for the move", code="no_reason")
        with self.uow() as store:
            person = store.person(person_id)
            target = store.tube(to_barcode)
            if person is None:
                raise OperatorError("查无此人", "Unknown person", code="unknown_person")
            if target is None or target.status is not TubeStatus.OPEN:
                raise OperatorError(
                    f"目标试管 {to_barcode} 未打开",
                    f"Target tube {to_barcode} is not open",
                    code="target_not_open",
                )
            source = None
            member = None
            for barcode in store.tubes_of_person(person_id, self.stamp.round):
                tube = store.tube(barcode)
                if tube is not None and tube.status is TubeStatus.OPEN:
                    source = tube
                    member = next(m for m in store.members(barcode) if m.person_id == person_id)
            if source is None or member is None:
                raise OperatorError(
                    "此人不在任何打开的试管中", "This person is in no open tube", code="not_in_tube"
                )
            if source.barcode == target.barcode:
                raise OperatorError("已在该试管中", "Already in that tube", code="same_tube")
            self._check_room(target)
            self._check_fits(person, target)
            event = self._event(
                EventKind.PERSON_MOVED,
                tube=target.barcode,
                person_id=person_id,
                data={"from": source.barcode, "member_event": member.event_id, "reason": reason},
            )
            store.record(event)
            moved = replace(target, count=target.count + 1)
            if moved.is_full:
                store.record(
                    self._event(
                        EventKind.TUBE_SEALED, tube=target.barcode, data={"under_filled": False}
                    )
                )
                moved = replace(moved, status=TubeStatus.SEALED)
            store.commit()
        shown = self._who(person.name, person.document.number)
        return Outcome(
            Status.SAVED,
            "person",
            t(
                f"已将 {shown} 从 {source.barcode} 移到 {target.barcode}",
                f"Moved {shown} from {source.barcode} to {target.barcode}",
            ),
            code="person_moved",
            person=shown,
            **_tube_fields(moved),
        )

    def reopen(self, barcode: str) -> Outcome:
        """Reopen a sealed tube at this table (confirmed by the caller); it becomes current."""
        self.require(Permission.CORRECT)
        t = self._say.text
        with self.uow() as store:
            tube = store.tube(barcode)
            if tube is None or tube.status is not TubeStatus.SEALED:
                raise OperatorError(
                    f"试管 {barcode} 不是已封的试管",
                    f"Tube {barcode} is not a sealed tube",
                    code="not_sealed",
                )
            store.record(
                self._event(
                    EventKind.TUBE_REOPENED, tube=barcode, data={"table": self.settings.table}
                )
            )
            store.commit()
        reopened = replace(tube, status=TubeStatus.OPEN, table=self.settings.table)
        return Outcome(
            Status.SAVED,
            "tube",
            t(
                f"已重开试管 {barcode}（{tube.count}/{tube.capacity}）",
                f"Reopened tube {barcode} ({tube.count}/{tube.capacity})",
            ),
            code="reopened",
            speech=t(f"重开 {tube.count}", f"reopened, {tube.count}"),
            **_tube_fields(reopened),
        )

    # ----- tube scans ---------------------------------------------------------------------
    def _tube_scan(self, barcode: str) -> Outcome:
        t = self._say.text
        pending, self._pending = self._pending, None
        if pending is not None and pending.what is _Await.REOPEN:
            return self._reopen_scan(barcode, pending)
        with self.uow() as store:
            existing = store.tube(barcode)
            if existing is not None:
                raise self._used_tube(existing)
            current = self._current(store)
            single_for = pending.code if pending and pending.what is _Await.SINGLE else None
            mode = PoolingMode.SINGLE if single_for else self.next_mode
            events: list[Event] = []
            note = ""
            if current is not None and current.count == 0:
                events.append(self._event(EventKind.TUBE_VOIDED, tube=current.barcode))
                note = t(
                    f"（空管 {current.barcode} 已作废）",
                    f" (empty tube {current.barcode} given up)",
                )
            elif current is not None and mode is not PoolingMode.SINGLE:
                raise OperatorError(
                    f"试管 {current.barcode} 未满（{current.count}/{current.capacity}）："
                    "请继续扫人，或先扫「封管」再换管",
                    f"Tube {current.barcode} is not full ({current.count}/{current.capacity}): "
                    "keep scanning people, or scan SEAL before a new tube",
                    code="tube_not_full",
                )
            events.append(
                self._event(EventKind.TUBE_OPENED, tube=barcode, data={"mode": int(mode)})
            )
            tube = Tube(
                barcode,
                mode,
                TubeStatus.OPEN,
                0,
                self.settings.table,
                self.settings.recorder,
                self.stamp.round,
                self.clock(),
            )
            if single_for is not None:
                return self._add(store, tube, single_for, events, opening_note=note)
            for event in events:
                store.record(event)
            store.commit()
        self._next_mode = None
        parked = (
            t(
                f"（试管 {current.barcode} 暂存，单管封后继续）",
                f" (tube {current.barcode} waits until the single tube is sealed)",
            )
            if current is not None and current.count
            else ""
        )
        return Outcome(
            Status.SAVED,
            "tube",
            t(f"新试管 {barcode}，{mode.label}", f"New tube {barcode}, {int(mode)}:1")
            + note
            + parked,
            code="tube_opened",
            speech=t(
                f"新管 {int(mode)} 混 1" if mode > 1 else "单管", f"new tube {int(mode)} to 1"
            ),
            **_tube_fields(tube),
        )

    def _used_tube(self, tube: Tube) -> OperatorError:
        if tube.status is TubeStatus.OPEN and tube.table == self.settings.table:
            return OperatorError(
                f"试管 {tube.barcode} 已打开（{tube.count}/{tube.capacity}），请扫人员码",
                f"Tube {tube.barcode} is already open ({tube.count}/{tube.capacity}): scan people",
                code="tube_already_open",
            )
        state = {
            TubeStatus.OPEN: ("在用", "in use"),
            TubeStatus.SEALED: ("已封管", "sealed"),
            TubeStatus.VOIDED: ("已作废", "given up"),
        }[tube.status]
        return OperatorError(
            f"试管 {tube.barcode} 已使用过（{state[0]}，{tube.table} 号台），请换一支新试管",
            f"Tube {tube.barcode} was used before ({state[1]}, table {tube.table}): "
            "take a new tube",
            code="tube_used",
        )

    def _reopen_scan(self, barcode: str, pending: _Pending) -> Outcome:
        t = self._say.text
        if pending.barcode == barcode:
            return self.reopen(barcode)
        with self.uow() as store:
            tube = store.tube(barcode)
        if tube is None or tube.status is not TubeStatus.SEALED:
            raise OperatorError(
                f"试管 {barcode} 不是已封的试管，不能重开",
                f"Tube {barcode} is not sealed",
                code="not_sealed",
            )
        self._pending = _Pending(_Await.REOPEN, barcode=barcode)
        return Outcome(
            Status.WARNING,
            "tube",
            t(
                f"确认重开 {barcode}（{tube.count} 人）？再扫一次此管确认",
                f"Reopen {barcode} ({tube.count} people)? Scan it again to confirm",
            ),
            code="reopen_confirm",
            speech=t("确认重开", "confirm reopen"),
            **_tube_fields(tube),
        )

    # ----- person scans -------------------------------------------------------------------
    def _who(self, name: str, number: str = "") -> str:
        """How screens and messages name a person: masked name, else the ID's last digits."""
        if name:
            return mask_name(name)
        return self._say.text(f"尾号{number[-4:]}", f"ID …{number[-4:]}") if number else ""

    def _check_room(self, tube: Tube) -> None:
        # Only a reopened tube can be open and full; it takes a correction, not one more person.
        if tube.is_full:
            raise OperatorError(
                f"试管 {tube.barcode} 已满（{tube.count}/{tube.capacity}）："
                "请先移除一人，或扫「封管」",
                f"Tube {tube.barcode} is full ({tube.count}/{tube.capacity}): remove someone "
                "first, or scan SEAL",
                code="tube_at_capacity",
            )

    def _check_fits(self, person: Person, tube: Tube) -> None:
        if tube.capacity == 1:
            return
        if not person.document.type.pooled_allowed or person.single_only:
            why = (
                (
                    f"证件为{person.document.type.label_zh}",
                    f"document is {person.document.type.label_en}",
                )
                if not person.document.type.pooled_allowed
                else ("已标记单采", "flagged for single sampling")
            )
            shown = self._who(person.name, person.document.number)
            raise OperatorError(
                f"{shown or '此人'} 需单采（{why[0]}）：请扫一支新试管作单管",
                f"{shown or 'This person'} must go single ({why[1]}): scan a new tube for a single",
                code="single_required",
            )

    def open_single(self, barcode: str, code: PersonCode) -> Outcome:
        """A new 1:1 tube for one person whatever the default mode (re-sampling after a positive
        pool); an open tube of the table waits under it. Raises if refused."""
        self._pending = _Pending(_Await.SINGLE, code=code)
        return self._tube_scan(barcode)

    def add_person(self, code: PersonCode) -> Outcome:
        """A person for the table's open tube, with every rule of the table (raises if refused)."""
        pending, self._pending = self._pending, None
        if pending is not None and pending.what is _Await.REMOVE:
            return self._remove_scan(code)
        with self.uow() as store:
            tube = self._current(store)
            if tube is None:
                raise OperatorError(
                    "请先扫试管条码，再扫人员码",
                    "Scan a tube barcode first, then people",
                    code="tube_expected",
                )
            self._check_room(tube)
            person = store.person_by_document(code.document.type, code.document.number)
            if person is None and not code.document.region_listed:
                unconfirmed = self._region_unconfirmed(code, pending, tube)
                if unconfirmed is not None:
                    return unconfirmed
            candidate = person or Person(new_id(), code.document, code.name, code.phone)
            try:
                self._check_fits(candidate, tube)
            except OperatorError:
                self._pending = _Pending(_Await.SINGLE, code=code)
                raise
            if person is not None:
                earlier = store.tubes_of_person(person.id, self.stamp.round)
                who = self._who(person.name, person.document.number)
                if tube.barcode in earlier:
                    raise OperatorError(
                        f"{who} 已在本管中，不能重复加入",
                        f"{who} is already in this tube",
                        code="duplicate_in_tube",
                    )
                confirming = (
                    pending is not None
                    and pending.what is _Await.RETEST
                    and pending.code is not None
                    and pending.code.document == code.document
                )
                if earlier and not confirming:
                    self._pending = _Pending(_Await.RETEST, code=code)
                    t = self._say.text
                    return Outcome(
                        Status.WARNING,
                        "person",
                        t(
                            f"{who} 今天已检测过：在试管 {earlier[-1]}，复检请再扫一次确认",
                            f"{who} was tested today "
                            "in tube "
                            f"{earlier[-1]}: scan again to confirm a re-test",
                        ),
                        code="retest_confirm",
                        person=who,
                        speech=t("今日已检，复检请再扫", "tested today, scan again for a re-test"),
                        **_tube_fields(tube),
                    )
            return self._add(store, tube, code, [], known=person)

    def _register(
        self, store: Store, code: PersonCode, known: Person | _Unknown | None = _UNKNOWN
    ) -> tuple[Person, list[Event]]:
        """The person a code names, and the event that registers them if new or changed.

        `known` is the result of a look-up the caller already made, to spare a second one.
        """
        person = (
            store.person_by_document(code.document.type, code.document.number)
            if isinstance(known, _Unknown)
            else known
        )
        is_new = person is None
        if person is None:
            person = Person(new_id(), code.document, code.name, code.phone)
        elif (code.name and code.name != person.name) or (
            code.phone and code.phone != person.phone
        ):
            person = replace(
                person, name=code.name or person.name, phone=code.phone or person.phone
            )
        else:
            return person, []
        data = {
            "doc_type": person.document.type.value,
            "doc_number": person.document.number,
            "note": person.document.note,
            "name": person.name,
            "phone": person.phone,
            "single_only": person.single_only,
            "new": is_new,  # lets the store insert without looking first
        }
        if not code.document.region_listed:
            data["region_unlisted"] = True  # confirmed by a second scan (station/core/regions.py)
        return person, [self._event(EventKind.PERSON_REGISTERED, person_id=person.id, data=data)]

    def _add(
        self,
        store: Store,
        tube: Tube,
        code: PersonCode,
        events: list[Event],
        opening_note: str = "",
        known: Person | _Unknown | None = _UNKNOWN,
    ) -> Outcome:
        """Add a person to a tube, sealing it when full; commits. Caller holds the unit of work."""
        t = self._say.text
        person, registered = self._register(store, code, known)
        events = [*events, *registered]
        events.append(self._event(EventKind.PERSON_ADDED, tube=tube.barcode, person_id=person.id))
        tube = replace(tube, count=tube.count + 1)
        if tube.is_full:
            events.append(
                self._event(EventKind.TUBE_SEALED, tube=tube.barcode, data={"under_filled": False})
            )
            tube = replace(tube, status=TubeStatus.SEALED)
        for event in events:
            store.record(event)
        resumed = self._after_seal(store) if tube.status is TubeStatus.SEALED else ""
        store.commit()
        shown = self._who(person.name, person.document.number)
        full = tube.status is TubeStatus.SEALED
        spoken = f"{person.name} {tube.count}".strip()
        return Outcome(
            Status.SAVED,
            "person",
            (
                t(
                    f"{shown or '已录入'} {tube.count}/{tube.capacity}",
                    f"{shown or 'Added'} {tube.count}/{tube.capacity}",
                )
                + (t("，已满封管，请换管", ", full and sealed: take a new tube") if full else "")
                + opening_note
                + resumed
            ),
            code="tube_full" if full else "person_added",
            person=shown,
            person_id=person.id,
            speech=spoken + (t(" 换", ", change") if full else ""),
            **_tube_fields(tube),
        )

    def _region_unconfirmed(
        self, code: PersonCode, pending: _Pending | None, tube: Tube
    ) -> Outcome | None:
        """A new ID whose region code no list holds: the first scan asks to check the card, the
        same ID scanned again confirms (None). Never a refusal: code lists lag behind."""
        if (
            pending is not None
            and pending.what is _Await.REGION
            and pending.code is not None
            and pending.code.document == code.document
        ):
            return None
        self._pending = _Pending(_Await.REGION, code=code)
        t = self._say.text
        return Outcome(
            Status.WARNING,
            "person",
            self._region_question(code),
            code="region_confirm",
            person=self._who(code.name, code.document.number),
            speech=t("地区码未收录，请核对", "region code not listed, check the card"),
            **_tube_fields(tube),
        )

    def _ask_document(self, scan: DocumentChoiceScan) -> Outcome:
        """A bare number several documents share: ask by one key which it is."""
        self._pending = _Pending(_Await.CHOICE, barcode=scan.number, choices=scan.choices)
        t = self._say.text
        return Outcome(
            Status.WARNING,
            "person",
            self._document_question(self._pending),
            code="document_choice",
            speech=t("请按键选择证件类型", "press a key for the document type"),
        )

    def _region_question(self, code: PersonCode) -> str:
        region = code.document.number[:6]
        return self._say.text(
            f"地区码 {region} 未收录，请核对证件：无误请再扫一次确认",
            f"Region code {region} is not in the lists: check the card, and scan it again to "
            "confirm",
        )

    def _document_question(self, pending: _Pending) -> str:
        zh = " ".join(f"{i} {d.label_zh}" for i, d in enumerate(pending.choices, 1))
        en = "  ".join(f"{i} {d.label_en}" for i, d in enumerate(pending.choices, 1))
        tube = self.settings.tube
        return self._say.text(
            # The keys first: the band shows two lines, and the recorder must see them all.
            f"按键选证件：{zh}（{pending.barcode} 不是本实验室试管：{tube.describe()}）",
            f"Which document is it? Press {en} ({pending.barcode} is no tube of this lab: "
            f"{tube.describe('en')})",
        )

    @property
    def awaiting_choice(self) -> bool:
        """Is the table waiting for a digit key saying which document a bare number is?"""
        return self._pending is not None and self._pending.what is _Await.CHOICE

    def choose(self, key: str) -> Outcome:
        """The recorder's key for the document a bare number is; the person then joins the
        open tube with every rule of the table (a non-resident document goes single)."""
        pending = self._pending
        if not self.awaiting_choice or pending is None:
            return self._say.error(
                OperatorError(
                    "没有待选择的证件", "No document choice is waiting", code="no_choice"
                ),
                "person",
            )
        index = int(key) - 1 if key.isdigit() else -1
        if not 0 <= index < len(pending.choices):
            return self._say.error(
                OperatorError(
                    f"请按 1-{len(pending.choices)} 选择证件类型",
                    f"Press 1-{len(pending.choices)} for the document type",
                    code="bad_choice",
                ),
                "person",
            )
        self._pending = None
        try:
            document = parse_document(pending.choices[index], pending.barcode)
            return self.add_person(PersonCode(document))
        except OperatorError as error:
            return self._say.error(error, "person")

    def _remove_scan(self, code: PersonCode) -> Outcome:
        with self.uow() as store:
            person = store.person_by_document(code.document.type, code.document.number)
        if person is None:
            raise OperatorError(
                "此人不在当前试管中", "This person is not in the open tube", code="not_in_tube"
            )
        return self.remove(person.id, self._say.text("扫码移除", "removed by scan"))

    # ----- a person's details and personal code ------------------------------------------------
    def update_details(self, person_id: str, name: str, phone: str) -> Person:
        """Name and phone for someone who came with only an ID card (written as an event)."""
        clean_name = normalise_name(name) if name.strip() else ""
        clean_phone = parse_phone(phone) if phone.strip() else ""
        with self.uow() as store:
            person = store.person(person_id)
            if person is None:
                raise OperatorError("查无此人", "Unknown person", code="unknown_person")
            code = PersonCode(person.document, clean_name, clean_phone)
            person, events = self._register(store, code)
            for event in events:
                store.record(event)
            store.commit()
        return person

    def person_code(self, person_id: str) -> tuple[Person, str]:
        """The person and the payload of their personal code (个人码) for a printed slip."""
        with self.uow() as store:
            person = store.person(person_id)
        if person is None:
            raise OperatorError("查无此人", "Unknown person", code="unknown_person")
        return person, encode_person_code(PersonCode(person.document, person.name, person.phone))

    # ----- what the window shows ------------------------------------------------------------
    def prompt(self) -> str:
        t = self._say.text
        pending = self._pending
        if pending is None:
            return ""
        # The questions about an identity are the whole message: the band must keep the code
        # to check, and the keys to press, for as long as they are asked.
        if pending.what is _Await.CHOICE:
            return self._document_question(pending)
        if pending.what is _Await.REGION and pending.code is not None:
            return self._region_question(pending.code)
        return {
            _Await.RETEST: t(
                "等待再扫确认复检", "Waiting for a second scan to confirm the re-test"
            ),
            _Await.SINGLE: t("请扫一支新试管作单管", "Scan a new tube for the single"),
            _Await.REMOVE: t("请扫要移除的人", "Scan the person to remove"),
            _Await.REOPEN: t("请扫要重开的试管", "Scan the tube to reopen"),
        }.get(pending.what, "")

    def open_tube(self) -> OpenTube:
        """The current tube alone: a cheap read for the screen right after each action."""
        with self.uow() as store:
            return self._open_tube(store)

    def _open_tube(self, store: Store) -> OpenTube:
        tubes = store.open_tubes(self.settings.table)
        current = tubes[-1] if tubes else None
        members = (
            [
                MemberLine(m.person_id, self._who(m.name, m.number))
                for m in store.members(current.barcode)
            ]
            if current
            else []
        )
        return OpenTube(current, members, tubes[:-1])

    def view(self, recent: int = 8) -> TableView:
        with self.uow() as store:
            return TableView(
                round=self.stamp.round,
                open=self._open_tube(store),
                recent=store.recent_tubes(self.settings.table, recent),
                totals=store.totals(self.stamp.round),
                next_mode=self.next_mode,
                prompt=self.prompt(),
            )
