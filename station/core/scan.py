"""What every feature that takes scans at the table shares: the outcome of a scan, the site's
unit of work as a handler receives it, the table a handler may ask, and the handler itself.

The recording dispatch opens ONE unit of work per scan and hands it to each handler in turn;
a handler reads and writes through the stores it carries (`work.recording`, and its own
feature's) and never opens a unit of work of its own, nor commits: the dispatch commits once
when the scan is done, or rolls everything back when it is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from station.core.classifier import Scan
from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.pooling import PoolingMode
from station.core.ports import Store
from station.core.records import Stamp, Tube
from station.core.settings import Settings


class Status(StrEnum):
    SAVED = "saved"  # written and committed
    WARNING = "warning"  # nothing written yet: the station asks for a confirming scan
    ERROR = "error"  # refused: nothing written


@dataclass(frozen=True)
class Outcome:
    """What the screen, the speaker and `nat-station scan` say after one action."""

    status: Status
    kind: str  # tube / person / command / box / ticket / household / unknown
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


def refusal(error: OperatorError, kind: str, language: str) -> Outcome:
    """A refused action as an outcome: nothing written, the operator told why."""
    return Outcome(Status.ERROR, kind, error.message(language), code=error.code)


class Work(Protocol):
    """One open unit of work of the site, as the table sees it. Every feature's store in it
    shares one connection and one transaction; nothing is durable before `commit`."""

    @property
    def recording(self) -> Store: ...

    def commit(self) -> None: ...


W_co = TypeVar("W_co", bound=Work, covariant=True)
W_contra = TypeVar("W_contra", bound=Work, contravariant=True)


class UnitOfWork(Protocol[W_co]):
    """Opens one unit of work; leaving the context without `commit` rolls it back.

    `read_only`: a unit of work that writes nothing (the screen's read-back, look-ups,
    boards). On SQLite it then takes no write lock, and any write in it fails."""

    def __call__(self, *, read_only: bool = False) -> AbstractContextManager[W_co]: ...


W = TypeVar("W", bound=Work)


@contextmanager
def within(uow: UnitOfWork[W], work: W | None) -> Iterator[W]:
    """The caller's open unit of work (a scan's: the caller commits it), or a new one,
    committed here when the action is done and rolled back when it raises."""
    if work is not None:
        yield work
        return
    with uow() as opened:
        yield opened
        opened.commit()


class Table(Protocol):
    """What a scan handler may ask of the table it runs at. Every method that takes `work`
    does its reads and writes in that open unit of work and does not commit."""

    @property
    def settings(self) -> Settings: ...

    @property
    def stamp(self) -> Stamp: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...

    def prompt(self) -> str:
        """What the table waits for ("" when nothing): a pending scan is the table's."""
        ...

    def current_tube(self, work: Work) -> Tube | None: ...

    def add_person(self, code: PersonCode, work: Work | None = None) -> Outcome:
        """A person for the open tube with every rule of the table (raises if refused)."""
        ...

    def open_single(self, barcode: str, code: PersonCode, work: Work | None = None) -> Outcome:
        """A new 1:1 tube for one person, whatever the pooling mode (raises if refused)."""
        ...

    def set_mode(self, mode: PoolingMode, work: Work | None = None) -> Outcome: ...

    def scan_in(self, work: Work, raw: str, after: object | None = None) -> Outcome:
        """The whole scan path again for `raw` in the open unit of work, with the handlers
        after `after` (a handler passing on a rewritten scan, or its own tube scan)."""
        ...


class ScanHandler(Protocol[W_contra]):
    """A feature that takes some scans before the table's own rules do.

    Boxes take box barcodes and sealed tubes, the queue takes tickets, the roster takes
    household codes. `scan` is None when the classifier did not recognise the text; a handler
    returns None to leave the scan to the next handler and finally to the table. It raises
    OperatorError to refuse: the dispatch then rolls back everything the scan wrote.
    """

    def take(self, raw: str, scan: Scan | None, work: W_contra, table: Table) -> Outcome | None: ...
