"""What the table waits for between two scans (a confirmation, a key, a target)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from station.core.codes import PersonCode
from station.core.identity import DocType


class Await(StrEnum):
    RETEST = "retest"  # same person again confirms a same-day re-test
    SINGLE = "single"  # a new tube scan opens a single tube for the waiting person
    REMOVE = "remove"  # the next person scanned leaves the open tube
    REOPEN = "reopen"  # the next sealed tube scanned, twice, is reopened
    REGION = "region"  # same ID again confirms a region code no list holds
    CHOICE = "choice"  # one digit key says which document a bare number is


@dataclass(frozen=True)
class Pending:
    what: Await
    code: PersonCode | None = None
    barcode: str = ""  # a tube's, or the bare document number of a CHOICE
    choices: tuple[DocType, ...] = ()

    def confirms(self, what: Await, code: PersonCode) -> bool:
        """Is `code` the same person scanned again to confirm `what`?"""
        return self.what is what and self.code is not None and self.code.document == code.document
