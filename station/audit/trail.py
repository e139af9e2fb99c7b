"""The audit trail's port: who did what to which record, when and why, with no personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class AuditAction(StrEnum):
    """What an operator did that someone may later have to answer for."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    VIEW_FULL = "view_full"  # a full ID number or phone shown on screen
    EXPORT = "export"  # a list of people written to a file
    CHANGE = "change"  # a record corrected (removed, moved, reopened, details edited)
    OPERATOR = "operator"  # an account created, its role or PIN changed, locked, unlocked
    PURGE = "purge"  # personal data removed past retention
    SETTINGS = "settings"


@dataclass(frozen=True)
class AuditEntry:
    """One line of the trail. `operator` and `target` are pseudonymous ids (an operator's id, a
    person's UUID, a tube or box barcode, a list's name), never a name, ID number or phone, so
    purging personal data never has to touch the trail."""

    at: datetime
    operator: str
    role: str
    action: AuditAction
    target: str = ""
    reason: str = ""
    count: int = 0  # rows exported, records purged


class AuditTrail(Protocol):
    def append(self, entry: AuditEntry) -> None:
        """Write the entry durably, chained to the one before it."""
        ...
