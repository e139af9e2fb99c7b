"""Bulk export of personal lists: the site lead's, with a stated reason, watermarked, audited.

The 2022 leaks were insiders forwarding spreadsheets. Every list of people that leaves the
station therefore says in the file itself who took it out, when and why, and the audit trail
keeps the row count under the operator's id.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from station.access.roles import Permission
from station.access.session import Gate, Session
from station.audit.trail import AuditAction, AuditEntry, AuditTrail
from station.core.errors import OperatorError

REASON_MAX = 100


@dataclass(frozen=True)
class Watermark:
    operator: str
    at: datetime
    reason: str

    def text(self) -> str:
        when = self.at.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"导出人 {self.operator} · {when} · 事由 {self.reason} · 仅限疫情防控使用，禁止转发"


def clean_reason(text: str) -> str:
    """One printable line: control and direction characters go, a formula start is quoted."""
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else ch
        for ch in unicodedata.normalize("NFC", text)
    )
    reason = " ".join(kept.split())[:REASON_MAX]
    return "'" + reason if reason and reason[0] in "=+-@" else reason


@dataclass
class ExportPolicy:
    gate: Gate
    audit: AuditTrail
    clock: Callable[[], datetime]
    export_permission: Permission = Permission.EXPORT

    def authorize(self, reason: str, *, full: bool = False) -> Watermark:
        """The watermark of an export the signed-in operator may make, or a refusal."""
        session = self.gate.require(Permission.EXPORT)
        if full:
            self.gate.require(Permission.VIEW_FULL)
        reason = clean_reason(reason)
        if not reason and not session.open_station:
            raise OperatorError(
                "导出名单须说明事由", "An export needs a stated reason", code="no_reason"
            )
        return Watermark(_who(session), self.clock(), reason or "—")

    def exported(self, what: str, rows: int, mark: Watermark) -> None:
        session = self.gate.session
        assert session is not None
        self.audit.append(
            AuditEntry(
                mark.at,
                session.operator_id,
                session.role.value,
                AuditAction.EXPORT,
                target=what,
                reason=mark.reason,
                count=rows,
            )
        )

    def viewed_full(self, person_id: str) -> None:
        """A full ID number or phone was shown: the person's id goes to the trail, never the
        value."""
        session = self.gate.require(Permission.VIEW_FULL)
        self.audit.append(
            AuditEntry(
                self.clock(),
                session.operator_id,
                session.role.value,
                AuditAction.VIEW_FULL,
                target=person_id,
            )
        )


def _who(session: Session) -> str:
    return session.name or "首位管理员（未设账户）"
