"""Household codes (户码): one scan lists a room's residents, the next adds them all to the tube.

Payload, version 1 (Code128, printable ASCII): `NH1.<room id>`, the room's site-scoped id
(`roster_rooms.id`), e.g. `NH1.1042`. The code names a room, not people: a household code
lost on the stairs says nothing about who lives there.

At the table:
1. Scan the household code: the members are listed with a number each (1, 2, ...), those
   already tested in the round marked.
2. Type a member's number (and Enter) to drop someone who did not come down; the list is
   shown again, renumbered.
3. Confirm with Enter on an empty field, or by scanning the household code again: everyone
   listed is added to the open tube, one `add_person` each, with every rule of the table,
   all in the scan's one unit of work: one commit for the household.
4. When the tube fills up, it seals as always; the rest of the household waits, and the next
   tube scanned continues with them. Scanning the household code again only repeats who is
   waiting. Tube and command scans (a new tube, SEAL, MODE) go to the table and the list
   waits; any other person or household scan, or CANCEL, drops the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from station.core.classifier import Command, CommandScan, Scan, TubeScan
from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.identity import DocType, Document
from station.core.masking import mask_name
from station.core.messages import refused, say
from station.core.pooling import PoolingMode
from station.core.scan import Outcome, Status, Table, Work, refusal
from station.roster.ports import ResidentLine
from station.roster.residents import Place

PREFIX_V1 = "NH1."


def encode_household_code(room_id: int) -> str:
    return f"{PREFIX_V1}{int(room_id)}"


def decode_household_code(text: str) -> int | None:
    """The room id of a household code, or None if the text is not one."""
    stripped = text.strip()
    if not stripped.upper().startswith(PREFIX_V1):
        return None
    number = stripped[len(PREFIX_V1) :]
    if not number.isascii() or not number.isdigit() or len(number) > 9:
        raise refused("household.bad_code", text=stripped[:24])
    return int(number)


class _Phase(StrEnum):
    LISTED = "listed"  # waiting for Enter / the code again, or a number to drop someone
    CONTINUING = "continuing"  # the tube filled up: the rest waits for the next tube


@dataclass
class _Household:
    room_id: int
    label: str
    members: list[ResidentLine]
    tested: set[str]
    phase: _Phase = _Phase.LISTED


def _code(line: ResidentLine) -> PersonCode:
    # The roster row was checked on import; rebuilt as stored, it is the person the table knows.
    return PersonCode(Document(DocType(line.doc_type), line.doc_number), line.name, line.phone)


class Households(Protocol):
    """The one read a household scan makes of the roster: who lives in a room."""

    def household(self, room_id: int) -> tuple[Place, list[ResidentLine]] | None: ...


class HouseholdWork(Work, Protocol):
    """The site's unit of work as a household scan uses it: the recording store and the
    roster's."""

    @property
    def roster(self) -> Households: ...


@dataclass
class HouseholdHandler:
    """A ScanHandler for household codes; adds people through `table.add_person` only, in
    the scan's unit of work."""

    _open: _Household | None = field(default=None, init=False)

    # ----- the ScanHandler protocol -------------------------------------------------------
    def take(
        self, raw: str, scan: Scan | None, work: HouseholdWork, table: Table
    ) -> Outcome | None:
        room_id = decode_household_code(raw) if scan is None else None
        household = self._open
        if room_id is not None:
            if household is None or household.room_id != room_id:
                return self._list(room_id, work, table)
            if household.phase is _Phase.LISTED:
                return self._add(work, table, household)
            return self._continues(table, household, [], None)  # still waiting for a tube
        if household is None:
            return None
        if isinstance(scan, CommandScan) and scan.command is Command.CANCEL:
            self._open = None
            return None
        if household.phase is _Phase.CONTINUING and isinstance(scan, TubeScan):
            return self._next_tube(raw, work, table, household)
        if isinstance(scan, (TubeScan, CommandScan)):
            return None  # a new tube, SEAL, MODE...: the table's business; the list waits
        text = raw.strip()
        if household.phase is _Phase.LISTED and text == "":
            return self._add(work, table, household)
        if household.phase is _Phase.LISTED and scan is None and text.isdigit():
            return self._drop(int(text), household, table)
        self._open = None  # someone else's code: the household is forgotten, the scan goes on
        return None

    # ----- steps --------------------------------------------------------------------------
    def pending(self) -> list[str]:
        """Masked names still waiting (for the window), in order."""
        return [mask_name(m.name) for m in self._open.members] if self._open else []

    def _text(self, table: Table, code: str, **fields: object) -> str:
        return say(code, table.settings.language, **fields)

    def _added(self, table: Table, label: str, added: list[str], last: str) -> str:
        names = self._text(table, "list.separator").join(added)
        return self._text(
            table, "household_added", label=label, added=len(added), names=names, last=last
        )

    def _listing(self, table: Table, household: _Household) -> str:
        parts = []
        for number, member in enumerate(household.members, start=1):
            mark = self._text(table, "household.tested_today")
            tested = mark if member.person_id in household.tested else ""
            parts.append(f"{number} {mask_name(member.name)}{tested}")
        return "  ".join(parts)

    def _list(self, room_id: int, work: HouseholdWork, table: Table) -> Outcome:
        found = work.roster.household(room_id)
        if found is None or not found[1]:
            self._open = None
            raise refused("household.unknown")
        place, members = found
        label = " ".join(part for part in (place.building, place.unit, place.room) if part)
        round_ = table.stamp.round
        tested = {
            m.person_id for m in members if work.recording.tubes_of_person(m.person_id, round_)
        }
        household = self._open = _Household(room_id, label, members, tested)
        return self._shown(table, household)

    def _shown(self, table: Table, household: _Household) -> Outcome:
        listing = self._listing(table, household)
        size = len(household.members)
        return Outcome(
            Status.WARNING,
            "household",
            self._text(
                table, "household_listed", label=household.label, size=size, listing=listing
            ),
            code="household_listed",
            count=len(household.members),
            speech=self._text(table, "household_listed.speech", size=size),
        )

    def _drop(self, number: int, household: _Household, table: Table) -> Outcome:
        if not 1 <= number <= len(household.members):
            raise refused("household.bad_number", number=number, size=len(household.members))
        del household.members[number - 1]
        if not household.members:
            self._open = None
            return Outcome(
                Status.SAVED,
                "household",
                self._text(table, "household_empty"),
                code="household_empty",
            )
        return self._shown(table, household)

    def _add(self, work: Work, table: Table, household: _Household) -> Outcome:
        """Add members in order until all are in, a new tube is needed, or the table refuses."""
        added: list[str] = []
        last: Outcome | None = None
        while household.members:
            member = household.members[0]
            current = table.current_tube(work)
            if current is None or (_needs_single(member) and current.capacity != 1):
                household.phase = _Phase.CONTINUING
                return self._continues(table, household, added, last)
            outcome = self._add_one(work, table, member)
            if outcome.status is Status.ERROR:
                household.phase = _Phase.CONTINUING
                return self._stopped(table, household, added, outcome)
            household.members.pop(0)
            added.append(outcome.person)
            last = outcome
        self._open = None
        assert last is not None
        return Outcome(
            Status.SAVED,
            "household",
            self._added(table, household.label, added, last.message),
            code="household_added",
            tube=last.tube,
            count=last.count,
            capacity=last.capacity,
            sealed=last.sealed,
            speech=last.speech,
        )

    def _add_one(self, work: Work, table: Table, member: ResidentLine) -> Outcome:
        code = _code(member)
        try:
            outcome = table.add_person(code, work)
            if outcome.code == "retest_confirm":
                # The list showed the mark and the recorder confirmed the whole household.
                outcome = table.add_person(code, work)
        except OperatorError as error:
            return refusal(error, "person", table.settings.language)
        return outcome

    def _continues(
        self,
        table: Table,
        household: _Household,
        added: list[str],
        last: Outcome | None,
    ) -> Outcome:
        first = household.members[0]
        rest = "、".join(mask_name(m.name) for m in household.members)
        single = _needs_single(first)
        done = self._text(table, "household_continues.done", added=len(added))
        ask = (
            self._text(table, "household_single_next.ask", person=mask_name(first.name))
            if single
            else self._text(table, "household_continues.ask")
        )
        return Outcome(
            Status.WARNING,
            "household",
            done + ask + self._text(table, "household_continues.rest", rest=rest),
            code="household_single_next" if single else "household_continues",
            tube=last.tube if last else None,
            count=last.count if last else 0,
            capacity=last.capacity if last else 0,
            sealed=bool(last and last.sealed),
            speech=self._text(table, "household_continues.speech", left=len(household.members)),
        )

    def _stopped(
        self, table: Table, household: _Household, added: list[str], why: Outcome
    ) -> Outcome:
        rest = "、".join(mask_name(m.name) for m in household.members)
        return Outcome(
            Status.ERROR,
            "household",
            self._text(table, "household_stopped", added=len(added), why=why.message, rest=rest),
            code=why.code,
        )

    def _next_tube(self, raw: str, work: Work, table: Table, household: _Household) -> Outcome:
        """The tube the rest of the household waited for: opened by the handlers after this
        one and the table's rules, then the rest added, all in the scan's unit of work."""
        single = _needs_single(household.members[0])
        current = table.current_tube(work)
        if single and current is not None and current.count > 0:
            table.set_mode(PoolingMode.SINGLE, work)  # the new tube goes on top, this one waits
        opened = table.scan_in(work, raw, after=self)  # raises when refused: nothing written
        if opened.status is Status.SAVED and single and opened.capacity != 1:
            opened = table.set_mode(PoolingMode.SINGLE, work)  # still empty: the single
        if opened.status is not Status.SAVED:
            return opened
        household.phase = _Phase.LISTED
        return self._add(work, table, household)


def _needs_single(member: ResidentLine) -> bool:
    """The table's single-sampling rule, known from the roster before the scan is refused."""
    return member.flags.single_only or not DocType(member.doc_type).pooled_allowed
