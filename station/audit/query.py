"""Searching the audit trail (the auditor's page and `nat-station audit list`), and its rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from station.audit.chain import canonical_at
from station.audit.trail import AuditAction, AuditEntry


@dataclass(frozen=True)
class AuditQuery:
    action: AuditAction | None = None
    operator: str = ""  # an operator's id, exactly
    since: date | None = None  # first day, inclusive (UTC)
    until: date | None = None  # last day, inclusive (UTC)

    def matches(self, entry: AuditEntry) -> bool:
        day = entry.at.date()
        return (
            (self.action is None or entry.action == self.action)
            and (not self.operator or entry.operator == self.operator)
            and (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
        )


Numbered = tuple[int, AuditEntry]


def search(entries: Iterable[Numbered], query: AuditQuery) -> Iterator[Numbered]:
    return ((seq, e) for seq, e in entries if query.matches(e))


COLUMNS = ("seq", "at", "operator", "role", "action", "target", "reason", "count")


def as_record(seq: int, entry: AuditEntry) -> dict[str, object]:
    """One entry as the export writes it (JSON object, CSV row)."""
    return {
        "seq": seq,
        "at": canonical_at(entry.at),
        "operator": entry.operator,
        "role": entry.role,
        "action": str(entry.action),
        "target": entry.target,
        "reason": entry.reason,
        "count": entry.count,
    }
