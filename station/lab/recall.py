"""The positive-pool recall (混管阳性召回): find everyone in the tube, re-sample each singly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from station.core.classifier import PersonScan, Scan, TubeScan
from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.masking import document_tail, mask_name, mask_phone, masked_who
from station.core.messages import english, refused, say
from station.core.records import Stamp, new_id
from station.core.scan import Outcome, Status, Table
from station.lab.ports import Address, AddressBook, LabUnitOfWork, LabWork, NoAddresses
from station.lab.records import (
    RECALL_ALARM_BEFORE,
    RECALL_TARGET,
    LabEvent,
    LabEventKind,
    LineStatus,
    Recall,
    RecallLine,
    Result,
    TubeResult,
)


class Urgency(StrEnum):
    ON_TIME = "on_time"
    NEAR = "near"  # less than RECALL_ALARM_BEFORE of the 6-hour target left: alarm
    OVERDUE = "overdue"
    DONE = "done"


@dataclass(frozen=True)
class LineView:
    line: RecallLine
    address: Address | None

    def who(self, english: bool = False) -> str:
        """Who this is, masked: the name, else the document's tail (身份证 尾号0037)."""
        return masked_who(self.line.name, self.line.document, english)

    def phone(self, full: bool = False) -> str:
        phone = self.line.phone
        return phone if full or not phone else mask_phone(phone)

    def as_json(self, full: bool = False) -> dict[str, object]:
        line, document = self.line, self.line.document
        return {
            "person": (line.name or document_tail(document)) if full else self.who(),
            "name": line.name if full else mask_name(line.name),
            "document": document_tail(document),
            "document_number": document.number if full and document else None,
            "phone": self.phone(full),
            "address": str(self.address) if self.address else "",
            "status": line.status.value,
            "status_zh": line.status.label,
            "resample_tube": line.resample_tube,
            "result": line.result.value if line.result else None,
        }


@dataclass(frozen=True)
class Disclosure:
    """One recalled person in full (RecallService.reveal): nothing masked."""

    line: RecallLine
    address: Address | None

    def text(self, english: bool = False) -> str:
        line, document = self.line, self.line.document
        kind = (
            ""
            if document is None
            else (document.type.label_en if english else document.type.label_zh)
        )
        parts = [
            line.name,
            f"{kind} {document.number}" if document else "",
            line.phone,
            str(self.address) if self.address else "",
        ]
        return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class RecallView:
    """One recall as the page shows it: who, where, how far along, how much time is left."""

    recall: Recall
    lines: list[LineView]
    elapsed: timedelta
    urgency: Urgency

    @property
    def remaining(self) -> timedelta:
        return RECALL_TARGET - self.elapsed

    @property
    def done(self) -> int:
        return sum(v.line.status is LineStatus.RESULT_BACK for v in self.lines)

    def as_json(self, full: bool = False) -> dict[str, object]:
        return {
            "recall": self.recall.id,
            "tube": self.recall.tube,
            "opened_at": self.recall.opened_at.isoformat(),
            "elapsed_minutes": int(self.elapsed.total_seconds() // 60),
            "target_minutes": int(RECALL_TARGET.total_seconds() // 60),
            "urgency": self.urgency.value,
            "people": len(self.lines),
            "done": self.done,
            "lines": [v.as_json(full) for v in self.lines],
        }


def urgency(recall: Recall, now: datetime) -> tuple[timedelta, Urgency]:
    """Time since the positive result arrived, and how that stands against the 6-hour target."""
    end = recall.closed_at or now
    elapsed = max(end - recall.opened_at, timedelta(0))
    if recall.closed_at is not None:
        return elapsed, Urgency.DONE
    if elapsed >= RECALL_TARGET:
        return elapsed, Urgency.OVERDUE
    if elapsed >= RECALL_TARGET - RECALL_ALARM_BEFORE:
        return elapsed, Urgency.NEAR
    return elapsed, Urgency.ON_TIME


class AlarmCause(StrEnum):
    OPENED = "opened"  # a positive pool has just been recalled
    NEAR = "near"  # a recall has less than RECALL_ALARM_BEFORE left
    OVERDUE = "overdue"  # a recall has passed its 6-hour target
    REPEAT = "repeat"  # still near or overdue, ALARM_REPEAT after the last alarm


ALARM_REPEAT = timedelta(minutes=10)
_RANK = {Urgency.DONE: 0, Urgency.ON_TIME: 1, Urgency.NEAR: 2, Urgency.OVERDUE: 3}
_CAUSE = {Urgency.NEAR: AlarmCause.NEAR, Urgency.OVERDUE: AlarmCause.OVERDUE}


@dataclass
class RecallAlarm:
    """When the recall screen sounds its alarm, from one look at the board to the next.

    It sounds when a recall is first seen (a new positive pool, or one open when the station
    starts), when one becomes near or overdue, and again every `repeat` while any recall is
    near or overdue: a busy site must not miss the 6-hour target because a tone went unheard.
    """

    repeat: timedelta = ALARM_REPEAT
    _seen: dict[str, Urgency] = field(default_factory=dict)
    _last: datetime | None = None

    def check(self, views: list[RecallView], now: datetime) -> AlarmCause | None:
        """Why to sound now (a recall first seen outranks the rest), or None for silence."""
        seen = self._seen
        live: dict[str, Urgency] = {
            v.recall.id: v.urgency for v in views if v.urgency is not Urgency.DONE
        }
        self._seen = live
        urgent = [u for u in live.values() if u in (Urgency.NEAR, Urgency.OVERDUE)]
        cause = None
        if any(recall not in seen for recall in live):
            cause = AlarmCause.OPENED
        elif worse := [u for r, u in live.items() if _RANK[u] > _RANK[seen[r]]]:
            cause = _CAUSE[max(worse, key=_RANK.__getitem__)]
        elif urgent and self._last is not None and now - self._last >= self.repeat:
            cause = AlarmCause.REPEAT
        if cause is not None:
            self._last = now
        return cause


def open_recall(work: LabWork, result: TubeResult, stamp: Stamp) -> LabEvent | None:
    """The recall a positive pooled tube opens (None when there is none to open)."""
    store = work.lab
    tube = work.recording.tube(result.tube)
    if result.result is not Result.POSITIVE or tube is None or tube.capacity == 1:
        # A positive single tube names its person already: that is a case, not a recall.
        return None
    if store.recall_of_tube(result.tube) is not None:
        return None
    people = [m.person_id for m in work.recording.members(result.tube)]
    return LabEvent(
        LabEventKind.RECALL_OPENED,
        stamp,
        tube=result.tube,
        recall_id=new_id(),
        data={"people": people},
        at=result.recorded_at,
    )


def closing_events(work: LabWork, stamp: Stamp, at: datetime) -> list[LabEvent]:
    """Recalls whose every line has its single result back close now."""
    store = work.lab
    return [
        LabEvent(LabEventKind.RECALL_CLOSED, stamp, tube=recall.tube, recall_id=recall.id, at=at)
        for recall in store.recalls(open_only=True)
        if all(line.status is LineStatus.RESULT_BACK for line in store.recall_lines(recall.id))
    ]


@dataclass
class RecallService:
    uow: LabUnitOfWork
    table: Table
    addresses: AddressBook = field(default_factory=NoAddresses)
    # Asked before a full name, number or phone is shown: raises OperatorError for a role that
    # may not see it, and writes the view to the audit trail (app wiring: ExportPolicy).
    disclose: Callable[[str], None] | None = None

    def _now(self) -> datetime:
        return self.table.clock()

    def board(self, open_only: bool = True) -> list[RecallView]:
        """Recalls, the oldest (most urgent) first."""
        now = self._now()
        with self.uow(read_only=True) as work:
            store = work.lab
            recalls = [(r, store.recall_lines(r.id)) for r in store.recalls(open_only)]
        # Addresses come from another store: looked up after this unit of work has ended, as
        # an embedded database has one connection and a nested one would wait for ever.
        views = []
        for recall, found in recalls:
            # Who is still to be found comes first; the list is worked top down.
            ordered = sorted(found, key=lambda ln: list(LineStatus).index(ln.status))
            lines = [LineView(line, self.addresses.address_of(line.person_id)) for line in ordered]
            elapsed, level = urgency(recall, now)
            views.append(RecallView(recall, lines, elapsed, level))
        return views

    def reveal(self, recall_id: str, person_id: str) -> Disclosure:
        """The full name, document number and phone of one recalled person, for the site lead
        who must reach them. The one way to them: `disclose` makes it role-bound and logged
        (who asked, for whom, when), and every screen that unmasks calls it."""
        with self.uow(read_only=True) as work:
            line = _line_of(work, recall_id, person_id)
        if self.disclose is not None:
            self.disclose(person_id)
        return Disclosure(line, self.addresses.address_of(person_id))

    def mark_found(self, recall_id: str, person_id: str) -> None:
        """The person has been reached and asked to stay in place until re-sampled."""
        with self.uow() as work:
            line = _line_of(work, recall_id, person_id)
            if line.status is not LineStatus.TO_FIND:
                return  # found already, or further along: nothing to record
            work.lab.record_lab(
                LabEvent(
                    LabEventKind.PERSON_FOUND,
                    self.table.stamp,
                    person_id=person_id,
                    recall_id=recall_id,
                    at=self._now(),
                )
            )
            work.commit()

    def record_export(self, recalls: list[str], people: int, full_phones: bool, path: str) -> None:
        with self.uow() as work:
            work.lab.record_lab(
                LabEvent(
                    LabEventKind.RECALL_EXPORTED,
                    self.table.stamp,
                    at=self._now(),
                    data={
                        "recalls": recalls,
                        "people": people,
                        "full_phones": full_phones,
                        "file": path,
                    },
                )
            )
            work.commit()


def _line_of(work: LabWork, recall_id: str, person_id: str) -> RecallLine:
    line = next((ln for ln in work.lab.recall_lines(recall_id) if ln.person_id == person_id), None)
    if line is None:
        raise refused("not_recalled")
    return line


@dataclass
class RecallScanHandler:
    """A recalled person scanned at a table is re-sampled in a new single tube, linked to the
    recall, whatever the table's pooling mode; the next new tube scanned is that tube: the
    tube, the person in it and the recall's line are written in the scan's one unit of work."""

    recall: RecallService
    _waiting: tuple[PersonCode, list[RecallLine]] | None = field(default=None, init=False)

    def take(self, raw: str, scan: Scan | None, work: LabWork, table: Table) -> Outcome | None:
        waiting, self._waiting = self._waiting, None
        if table.prompt():
            return None  # the table waits for this scan (remove, re-test confirmation ...)
        if isinstance(scan, PersonScan):
            return self._person(scan.code, work, table)
        if isinstance(scan, TubeScan) and waiting is not None:
            return self._resample(scan.barcode, waiting, work, table)
        return None

    def _person(self, code: PersonCode, work: LabWork, table: Table) -> Outcome | None:
        person = work.recording.person_by_document(code.document.type, code.document.number)
        if person is None:
            return None
        lines = [
            ln
            for ln in work.lab.open_lines_of_person(person.id)
            if ln.status in (LineStatus.TO_FIND, LineStatus.FOUND)
        ]
        if not lines:
            return None
        recalled = {ln.recall_id for ln in lines}
        language = table.settings.language
        tubes = say("list.separator", language).join(
            sorted(r.tube for r in work.lab.recalls(True) if r.id in recalled)
        )
        self._waiting = (code, lines)
        shown = masked_who(lines[0].name or code.name, code.document, english(language))
        return Outcome(
            Status.WARNING,
            "person",
            say("recall_resample", language, person=shown, tubes=tubes),
            code="recall_resample",
            person=shown,
            speech=say("recall_resample.speech", language),
        )

    def _resample(
        self,
        barcode: str,
        waiting: tuple[PersonCode, list[RecallLine]],
        work: LabWork,
        table: Table,
    ) -> Outcome:
        code, lines = waiting
        try:
            outcome = table.open_single(barcode, code, work)
        except OperatorError:
            self._waiting = waiting  # a wrong tube: the next new tube still serves the person
            raise
        for line in lines:
            work.lab.record_lab(
                LabEvent(
                    LabEventKind.PERSON_RESAMPLED,
                    table.stamp,
                    tube=barcode,
                    person_id=line.person_id,
                    recall_id=line.recall_id,
                    at=table.clock(),
                )
            )
        language = table.settings.language
        return Outcome(
            outcome.status,
            outcome.kind,
            say("recall_resampled", language, outcome=outcome.message),
            code="recall_resampled",
            tube=outcome.tube,
            count=outcome.count,
            capacity=outcome.capacity,
            sealed=outcome.sealed,
            person=outcome.person,
            speech=say("recall_resampled.speech", language),
        )
