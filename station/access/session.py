"""Who is at the station right now, and the gate every door asks before it acts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from station.access.roles import Permission, Role, allows
from station.core.errors import OperatorError

# Said when a permission is missing, by what it guards.
_WHAT = {
    Permission.RECORD: ("录入", "recording"),
    Permission.ADD_DETAILS: ("补录", "adding details"),
    Permission.LOOK_UP: ("查找人员", "looking people up"),
    Permission.CORRECT: ("移除、移管、重开", "removing, moving, reopening"),
    Permission.TRIAGE: ("分诊叫号", "triage and calls"),
    Permission.BOXES: ("装箱交接", "boxes and handover"),
    Permission.RESULTS: ("检测结果", "lab results"),
    Permission.RECALL: ("阳性召回", "the recall"),
    Permission.VIEW_FULL: ("查看完整号码", "seeing full numbers"),
    Permission.EXPORT: ("导出名单", "exporting lists"),
    Permission.ROSTER: ("居民名单", "the roster"),
    Permission.AUDIT: ("审计日志", "the audit trail"),
    Permission.OPERATORS: ("管理操作员", "managing operators"),
    Permission.SETTINGS: ("设置", "settings"),
}


class AccessDenied(OperatorError):
    """The logged-in operator's role may not do this; nothing was done."""


@dataclass(frozen=True)
class Session:
    """A logged-in operator. `open_station`: a station with no accounts yet, where whoever is
    at it acts as its first admin and every door is open (create an account to close them)."""

    operator_id: str
    name: str
    role: Role
    open_station: bool = False

    def may(self, permission: Permission) -> bool:
        return self.open_station or allows(self.role, permission)


OPEN_STATION = Session("", "", Role.ADMIN, open_station=True)


def denied(permission: Permission, session: Session | None) -> AccessDenied:
    zh, en = _WHAT[permission]
    if session is None:
        return AccessDenied(f"请先登录（{zh}）", f"Log in first ({en})", code="not_logged_in")
    return AccessDenied(
        f"{session.role.label}无权{zh}",
        f"Not allowed for the {session.role.label_en}: {en}",
        code="forbidden",
    )


@dataclass
class Gate:
    """The station's current session; every guarded action calls `require` first.

    `listeners` hear a change of operator (log-in, log-out, lock): the window re-reads what
    it may show, the table stamps records with the new name."""

    session: Session | None = None
    listeners: list[Callable[[Session | None], None]] = field(default_factory=list)

    def may(self, permission: Permission) -> bool:
        return self.session is not None and self.session.may(permission)

    def require(self, permission: Permission) -> Session:
        if self.session is None or not self.session.may(permission):
            raise denied(permission, self.session)
        return self.session

    def switch(self, session: Session | None) -> None:
        self.session = session
        for listener in list(self.listeners):
            listener(session)
