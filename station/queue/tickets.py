"""Tickets and their states: issued → called → served, or skipped / held / dropped, each timed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.masking import mask_name
from station.core.quoting import quote_scan

TICKET_PREFIX = "NATQ:"


class TicketState(StrEnum):
    ISSUED = "issued"  # waiting in its lane
    CALLED = "called"  # called to a table
    SERVED = "served"  # scanned at the table: the person is in a tube
    SKIPPED = "skipped"  # did not come when called: back in the line after a while
    HELD = "held"  # set aside (left the line for a moment); not called until released
    DROPPED = "dropped"  # skipped too often, or cancelled: out of the line for good

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    TicketState.ISSUED: "等候",
    TicketState.CALLED: "已叫号",
    TicketState.SERVED: "已采样",
    TicketState.SKIPPED: "过号",
    TicketState.HELD: "暂缓",
    TicketState.DROPPED: "作废",
}

# Which state may follow which; CALLED → CALLED is a recall.
MOVES: dict[TicketState, frozenset[TicketState]] = {
    TicketState.ISSUED: frozenset({TicketState.CALLED, TicketState.HELD, TicketState.DROPPED}),
    TicketState.SKIPPED: frozenset({TicketState.CALLED, TicketState.HELD, TicketState.DROPPED}),
    TicketState.CALLED: frozenset(
        {
            TicketState.CALLED,
            TicketState.SERVED,
            TicketState.SKIPPED,
            TicketState.HELD,
            TicketState.DROPPED,
        }
    ),
    TicketState.HELD: frozenset({TicketState.ISSUED, TicketState.DROPPED}),
    TicketState.SERVED: frozenset(),
    TicketState.DROPPED: frozenset(),
}
WAITING = frozenset({TicketState.ISSUED, TicketState.SKIPPED})
FINISHED = frozenset({TicketState.SERVED, TicketState.DROPPED})  # no move leads on from these


@dataclass(frozen=True)
class Ticket:
    id: str
    day: str  # the testing round the ticket belongs to; numbers restart each round
    number: str  # A012, P003
    lane: str
    priority: bool
    state: TicketState
    issued_at: datetime
    queued_at: datetime  # place in the line: issue time, or when a skipped ticket returns
    calls_at_issue: int = 0  # the site's call counter at issue (the policy's guard counts calls)
    ahead: int = 0  # tickets waiting when it was issued
    person: PersonCode | None = None
    reason: str = ""  # Reason value for a priority ticket
    building: str = ""
    table: str = ""  # the table it is called to
    skips: int = 0
    called_at: datetime | None = None
    served_at: datetime | None = None

    @property
    def barcode(self) -> str:
        """What the slip's Code128 carries; the table scans it."""
        return f"{TICKET_PREFIX}{self.day}:{self.number}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.person.name) if self.person else ""

    @property
    def waiting(self) -> bool:
        return self.state in WAITING

    def wait(self, now: datetime) -> timedelta:
        """Time since issue until called (or until now when still waiting)."""
        return (self.called_at or now) - self.issued_at


def parse_ticket_barcode(text: str) -> tuple[str, str] | None:
    """(day, number) of a ticket slip's barcode, or None when the text is not a ticket."""
    text = text.strip()
    if not text.upper().startswith(TICKET_PREFIX):
        return None
    day, sep, number = text[len(TICKET_PREFIX) :].rpartition(":")
    if not sep or not day or not number:
        return None
    return day, number.upper()


_NUMBER = re.compile(r"([A-Z]+)0*([0-9]{1,5})")


def parse_ticket_ref(text: str) -> tuple[str | None, str]:
    """(day or None, number) of what a person typed or scanned to name a ticket: `P003`, `p3`,
    full-width `Ｐ００３` from an input method, or the slip's barcode `NATQ:<day>:P003`
    (which carries its day). Anything else is an OperatorError for the operator."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded:
        raise OperatorError(
            "请输入号码（如 P003）或扫小票",
            "Type a ticket number (e.g. P003) or scan the slip",
            code="no_ticket_number",
        )
    day, number = parse_ticket_barcode(folded) or (None, folded)
    match = _NUMBER.fullmatch(re.sub(r"\s+", "", number).upper())
    if match is None:
        raise OperatorError(
            f"{quote_scan(folded, limit=40)}不是号码：请输入如 P003，或扫小票",
            f"{quote_scan(folded, 'en', limit=40)} is not a ticket number: type e.g. P003, "
            "or scan the slip",
            code="bad_ticket_number",
        )
    return day, format_number(match[1], int(match[2]))


def move(ticket: Ticket, to: TicketState, at: datetime, **changes: object) -> Ticket:
    """The ticket in its next state, or an OperatorError when that move is not allowed."""
    if to not in MOVES[ticket.state]:
        raise OperatorError(
            f"号码 {ticket.number} 当前为「{ticket.state.label}」，不能改为「{to.label}」",
            f"Ticket {ticket.number} is {ticket.state.value}; it cannot become {to.value}",
            code="ticket_state",
        )
    stamps: dict[str, object] = {}
    if to is TicketState.CALLED:
        stamps["called_at"] = at
    elif to is TicketState.SERVED:
        stamps["served_at"] = at
    elif to in (TicketState.ISSUED, TicketState.SKIPPED):
        stamps.update(table="", called_at=None)
    fields: dict[str, Any] = {**stamps, **changes}  # Ticket's fields, named by the caller
    return replace(ticket, state=to, **fields)


def skip(ticket: Ticket, at: datetime, return_after: timedelta, max_skips: int) -> Ticket:
    """A no-show: back in the line after `return_after`, or dropped after too many skips."""
    if ticket.skips + 1 > max_skips:
        return move(ticket, TicketState.DROPPED, at, skips=ticket.skips + 1)
    return move(
        ticket, TicketState.SKIPPED, at, skips=ticket.skips + 1, queued_at=at + return_after
    )


def format_number(lane: str, sequence: int) -> str:
    return f"{lane}{sequence:03d}"
