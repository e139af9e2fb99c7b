"""The queue at a sampling table: ticket scans and the CALL / RECALL / SKIP command barcodes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from station.core.classifier import Command, CommandScan, Scan
from station.core.messages import say
from station.core.scan import Outcome, Status, Table, Work
from station.queue.ports import QueueStore
from station.queue.service import QueueService
from station.queue.tickets import Ticket, parse_ticket_barcode


class QueueWork(Work, Protocol):
    """The site's unit of work as a ticket scan uses it: the recording store and the queue's."""

    @property
    def queue(self) -> QueueStore: ...


@dataclass
class QueueScanHandler:
    """Takes ticket slips and the queue's command barcodes before the table's own rules.

    A ticket scanned at the table it is called to puts its person in the open tube (every
    rule of the table applies, through `add_person`) and is marked served, in the scan's one
    unit of work: both are written, or neither (a ticket dropped meanwhile is refused, and
    nobody goes into the tube).
    """

    queue: QueueService
    language: str = "zh"

    def _say(self, code: str, **fields: object) -> str:
        return say(code, self.language, **fields)

    def take(self, raw: str, scan: Scan | None, work: QueueWork, table: Table) -> Outcome | None:
        here = table.settings.table
        if isinstance(scan, CommandScan):
            if scan.command is Command.CALL:
                return self.call_next(here, work.queue)
            if scan.command is Command.RECALL:
                return self.recall(here, work.queue)
            if scan.command is Command.SKIP:
                return self.skip(here, work.queue)
            return None
        parsed = parse_ticket_barcode(raw)
        if parsed is None:
            return None
        day, number = parsed
        ticket = self.queue.serving(work.queue, here, day, number)  # raises: dropped, elsewhere
        if ticket.person is None:
            self.queue.mark_served(work.queue, ticket)
            return Outcome(
                Status.SAVED,
                "ticket",
                self._say("ticket_served", number=number),
                code="ticket_served",
            )
        # The same slip again confirms a re-test (a warning here writes nothing).
        outcome = table.add_person(ticket.person, work)
        if outcome.status is Status.SAVED:
            self.queue.mark_served(work.queue, ticket)
            return replace(outcome, message=f"{number} · {outcome.message}")
        return outcome

    # ----- the call keys (F5/F6/F7 in the window) and their barcodes ----------------------------
    def call_next(self, table: str, store: QueueStore | None = None) -> Outcome:
        ticket = self.queue.call_next(table, store)
        if ticket is None:
            return Outcome(Status.WARNING, "command", self._say("queue_empty"), code="queue_empty")
        return self._called(ticket, "called")

    def recall(self, table: str, store: QueueStore | None = None) -> Outcome:
        return self._called(self.queue.recall(table, store), "recalled")

    def skip(self, table: str, store: QueueStore | None = None) -> Outcome:
        """Skip the called ticket and call the next: one unit of work for both."""
        with self.queue.unit(store) as unit:
            skipped = self.queue.skip(table, unit)
            following = self.queue.call_next(table, unit)
        gone = self._say("ticket_skipped", number=skipped.number)
        if following is None:
            return Outcome(
                Status.WARNING,
                "command",
                gone + self._say("queue_empty.after_skip"),
                code="queue_empty",
            )
        called = self._called(following, "called")
        return replace(called, message=f"{gone}；{called.message}")

    def _called(self, ticket: Ticket, code: str) -> Outcome:
        masked = ticket.masked_name
        return Outcome(
            Status.SAVED,
            "command",
            self._say("called.named" if masked else "called", number=ticket.number, masked=masked),
            code=code,
            person=masked,
            speech=ticket.number,
        )
