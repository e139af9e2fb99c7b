"""The recording use case at one sampling table: the scan field's one entry point.

A scan is one unit of work, opened and committed here (`scan`): the features' handlers get
it open and write through it, then the table's own rules do; a refusal anywhere rolls back
everything the scan wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, TypeVar

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
from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.messages import refused
from station.core.pooling import PoolingMode
from station.core.records import Event, EventKind, Tube, TubeStatus, utcnow
from station.core.scan import Outcome, ScanHandler, Status, UnitOfWork, Work
from station.core.settings import Settings
from station.recording.pending import Await, Pending
from station.recording.people import People
from station.recording.rules import check_opening, scan_kind, used_tube
from station.recording.view import MemberLine, OpenTube, Say, TableView, outcome

W = TypeVar("W", bound=Work)

# Re-exported for code that still imports them from here; the package face is the way in.
__all__ = ["OpenTube", "Outcome", "RecordingService", "ScanHandler", "Status", "TableView"]


@dataclass
class RecordingService(People, Generic[W]):
    """One sampling table's recording: every scan is one unit of work, committed or refused."""

    uow: UnitOfWork[W]
    settings: Settings
    clock: Callable[[], datetime] = utcnow
    today: Callable[[], date] = date.today
    handlers: list[ScanHandler[W]] = field(default_factory=list)
    gate: Gate | None = None  # who is signed in (issue 14); None: no accounts wired in
    _pending: Pending | None = field(default=None, init=False)
    _next_mode: PoolingMode | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._say = Say(self.settings.language)

    # ----- the one entry point of the scan field -------------------------------------------
    def scan(self, raw: str) -> Outcome:
        """One scan: one unit of work, committed when it is done, rolled back if refused."""
        early = self._screen(raw)
        if early is not None:
            return early
        scan, refused = self._classify(raw)
        try:
            with self.uow() as work:
                taken = self._dispatch(work, raw, scan, refused, self.handlers)
                work.commit()
            return taken
        except OperatorError as error:
            kind = scan_kind(scan)
            if scan is None and error.code == "bad_command":
                kind = "command"
            return self._say.error(error, kind)

    def scan_in(self, work: Work, raw: str, after: object | None = None) -> Outcome:
        """The scan path for `raw` in the caller's open unit of work, with the handlers after
        `after` only; raises OperatorError when refused (the caller rolls back)."""
        handlers = self.handlers
        if after is not None:
            handlers = handlers[[id(h) for h in handlers].index(id(after)) + 1 :]
        scan, refused = self._classify(raw)
        return self._dispatch(work, raw, scan, refused, handlers)

    def _screen(self, raw: str) -> Outcome | None:
        """What is answered before any unit of work opens: who may scan, a document's key,
        a scan too long to read."""
        try:
            self.require(Permission.RECORD)
        except OperatorError as error:
            self._pending = None
            return self._say.error(error, "unknown")
        if self._pending is not None and self._pending.what is Await.CHOICE:
            key = raw.strip()
            if len(key) == 1 and key.isdigit():
                return self.choose(key)
        try:
            check_scan_size(raw)  # before any handler reads it
        except OperatorError as error:
            self._pending = None
            return self._say.error(error, "unknown")
        return None

    def _classify(self, raw: str) -> tuple[Scan | None, OperatorError | None]:
        """The scan `raw` is, or why the classifier refuses it (handlers may still take it)."""
        try:
            return classify(raw, self.settings.tube, self.settings.box), None
        except OperatorError as error:
            return None, error

    def _dispatch(
        self,
        work: Work,
        raw: str,
        scan: Scan | None,
        refused: OperatorError | None,
        handlers: list[ScanHandler[W]],
    ) -> Outcome:
        """The handlers first, then the table's rules; raises OperatorError when refused."""
        pending = self._pending
        for handler in handlers:
            try:
                # The dispatch's own unit of work is a W: `work` is it, or the one it passed on.
                taken = handler.take(raw, scan, work, self)  # type: ignore[arg-type]
            except OperatorError:
                # A refusal ends what the table waited for, unless the handler went through
                # the table and that set what it waits for now (a training code's person
                # must go single: the next tube is theirs).
                if self._pending is pending:
                    self._pending = None
                raise
            if taken is not None:
                # Another scan ends a confirmation the table was waiting for, unless the
                # handler went through add_person and that asked for one (a ticket of a
                # person tested today): then the next scan of it confirms, as at the table.
                if self._pending is pending:
                    self._pending = None
                return taken
        if scan is None:
            self._pending = None
            assert refused is not None
            raise refused
        return self._table_rules(work, scan)

    def _table_rules(self, work: Work, scan: Scan) -> Outcome:
        if isinstance(scan, CommandScan):
            return self._command(work, scan)
        if isinstance(scan, TubeScan):
            return self._tube_scan(work, scan.barcode)
        if isinstance(scan, PersonScan):
            return self.add_person(scan.code, work)
        if isinstance(scan, DocumentChoiceScan):
            return self._ask_document(scan)
        assert isinstance(scan, BoxScan)
        self._pending = None  # a box is a different scan: it ends any confirmation too
        raise refused("box_at_table", box=scan.barcode)

    # ----- commands ------------------------------------------------------------------------
    def _command(self, work: Work, scan: CommandScan) -> Outcome:
        t = self._say.text
        self._pending = None
        if scan.command is Command.SEAL:
            return self.seal(work)
        if scan.command is Command.UNDO:
            return self.undo(work)
        if scan.command is Command.MODE:
            return self.set_mode(PoolingMode.parse(scan.argument), work)
        if scan.command is Command.CANCEL:
            return Outcome(Status.SAVED, "command", t("cancelled"), code="cancelled")
        if scan.command in (Command.REMOVE, Command.REOPEN):
            self.require(Permission.CORRECT)
        if scan.command is Command.REMOVE:
            self._pending = Pending(Await.REMOVE)
            said = t("remove_armed")
            return Outcome(Status.WARNING, "command", said, code="remove_armed")
        if scan.command is Command.REOPEN:
            self._pending = Pending(Await.REOPEN)
            said = t("reopen_armed")
            return Outcome(Status.WARNING, "command", said, code="reopen_armed")
        # A feature's command (CALL, ...) reaches here only when that feature is not wired in.
        raise refused("command_unavailable", command=scan.command.value)

    # ----- tube scans ---------------------------------------------------------------------
    def open_single(self, barcode: str, code: PersonCode, work: Work | None = None) -> Outcome:
        """A new 1:1 tube for one person whatever the default mode (re-sampling after a positive
        pool); an open tube of the table waits under it. Raises if refused."""
        self._pending = Pending(Await.SINGLE, code=code)
        with self._unit(work) as unit:
            return self._tube_scan(unit, barcode)

    def _tube_scan(self, work: Work, barcode: str) -> Outcome:
        t = self._say.text
        pending, self._pending = self._pending, None
        if pending is not None and pending.what is Await.REOPEN:
            return self._reopen_scan(work, barcode, pending)
        store = work.recording
        existing = store.tube(barcode)
        if existing is not None:
            raise used_tube(existing, self.settings.table)
        current = self.current_tube(work)
        single_for = pending.code if pending and pending.what is Await.SINGLE else None
        mode = PoolingMode.SINGLE if single_for else self.next_mode
        events: list[Event] = []
        note = ""
        if check_opening(current, mode):
            assert current is not None
            events.append(self._event(EventKind.TUBE_VOIDED, tube=current.barcode))
            note = t("tube_opened.voided", tube=current.barcode)
        events.append(self._event(EventKind.TUBE_OPENED, tube=barcode, data={"mode": int(mode)}))
        s = self.settings
        tube = Tube(
            barcode, mode, TubeStatus.OPEN, 0, s.table, s.recorder, self.stamp.round, self.clock()
        )
        if single_for is not None:
            return self._add(store, tube, single_for, events, opening_note=note)
        for event in events:
            store.record(event)
        self._next_mode = None
        return outcome(
            Status.SAVED,
            "tube",
            t("tube_opened", tube=barcode, mode=self._say.mode(mode))
            + note
            + self._parked_note(current),
            "tube_opened",
            tube,
            speech=t(
                "tube_opened.speech" if mode > 1 else "tube_opened.speech.single", n=int(mode)
            ),
        )

    def _parked_note(self, current: Tube | None) -> str:
        if current is None or not current.count:
            return ""
        return self._say.text("tube_opened.parked", tube=current.barcode)

    # ----- what the window shows ------------------------------------------------------------
    def prompt(self) -> str:
        t = self._say.text
        pending = self._pending
        if pending is None:
            return ""
        # The questions about an identity are the whole message: the band must keep the code
        # to check, and the keys to press, for as long as they are asked.
        if pending.what is Await.CHOICE:
            return self._document_question(pending)
        if pending.what is Await.REGION and pending.code is not None:
            return self._region_question(pending.code)
        return {
            Await.RETEST: t("await.retest"),
            Await.SINGLE: t("await.single"),
            Await.REMOVE: t("await.remove"),
            Await.REOPEN: t("await.reopen"),
        }.get(pending.what, "")

    def open_tube(self) -> OpenTube:
        """The current tube alone: a cheap read for the screen right after each action."""
        with self.uow(read_only=True) as work:
            return self._open_tube(work)

    def _open_tube(self, work: Work) -> OpenTube:
        tubes = work.recording.open_tubes(self.settings.table)
        current = tubes[-1] if tubes else None
        members = work.recording.members(current.barcode) if current else []
        lines = [MemberLine(m.person_id, self._who(m.name, m.number)) for m in members]
        return OpenTube(current, lines, tubes[:-1])

    def view(self, recent: int = 8) -> TableView:
        """Everything the window shows, read in a unit of work that takes no write lock."""
        with self.uow(read_only=True) as work:
            return TableView(
                round=self.stamp.round,
                open=self._open_tube(work),
                recent=work.recording.recent_tubes(self.settings.table, recent),
                totals=work.recording.totals(self.stamp.round),
                next_mode=self.next_mode,
                prompt=self.prompt(),
            )
