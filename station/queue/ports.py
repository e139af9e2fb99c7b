"""What the queue needs from persistence: one transaction holding the site's queue lock."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from station.queue.batches import BuildingBatch
from station.queue.policy import QueueState
from station.queue.tickets import Ticket, TicketState


@dataclass(frozen=True)
class Call:
    """One call (or recall) as the display shows it."""

    seq: int  # increases with every call; the display announces each seq once
    number: str
    table: str
    at: datetime
    recall: bool = False
    missed: bool = False  # the person did not come: skipped (过号) or dropped after this call


class QueueStore(Protocol):
    def lock(self, day: str) -> QueueState:
        """Take the site's queue lock for this transaction (other tables wait) and read the
        policy's state. Every change of the line starts here, so two tables never race."""
        ...

    def save_state(self, day: str, state: QueueState) -> None: ...

    def heads(self, day: str, now: datetime) -> list[Ticket]:
        """The first ticket waiting in each lane (skipped tickets once their time is up)."""
        ...

    def settled_since(self, day: str, call: int) -> datetime | None:
        """The earliest issue time of the normal tickets FIFO would have called at call number
        `call` (see station.queue_policy.fifo_call); None when there are none."""
        ...

    def normal_line(self, day: str, now: datetime, limit: int) -> list[tuple[datetime, int]]:
        """(issue time, fifo_call) of the first `limit` waiting normal tickets (of every
        normal lane), in the order they are called."""
        ...

    def waiting(self, day: str, now: datetime) -> dict[str, int]:
        """How many tickets wait in each lane."""
        ...

    def next_sequence(self, day: str, lane: str) -> int: ...

    def add(self, ticket: Ticket) -> None: ...

    def ticket(self, day: str, number: str) -> Ticket | None: ...

    def tickets(self, day: str, finished: int) -> list[Ticket]:
        """The round's tickets not yet served or dropped, and the `finished` last issued of
        those that are, in any order."""
        ...

    def state_counts(self, day: str) -> dict[TicketState, int]:
        """How many of the round's tickets are in each state (absent: none)."""
        ...

    def called_to(self, day: str, table: str) -> Ticket | None:
        """The ticket now called to a table, if any."""
        ...

    def change(self, before: Ticket, after: Ticket, at: datetime, recall: bool = False) -> None:
        """Write the ticket's new state and the timed event of the change."""
        ...

    def recent_calls(self, day: str, limit: int) -> list[Call]: ...

    def call_times(self, day: str, since: datetime) -> list[tuple[datetime, str]]:
        """(time, table) of the calls since then, recalls left out."""
        ...

    def issued_since(self, day: str, since: datetime) -> dict[str, int]:
        """How many tickets each lane issued since then (the rate and mix people come at)."""
        ...

    def history(self, ticket_id: str) -> list[tuple[TicketState, datetime, str]]:
        """Every state the ticket went through, with its time and table."""
        ...

    def batches(self) -> list[BuildingBatch]: ...

    def set_batches(self, batches: list[BuildingBatch]) -> None: ...

    def commit(self) -> None: ...


QueueUnitOfWork = Callable[[], AbstractContextManager[QueueStore]]
