"""The one table of what each role may see and do. Every gate in the station asks it.

A permission is one thing someone may later have to answer for; a role is a set of them. The
whole matrix is printed and asserted by tests/unit/test_access_roles.py, so a change here is a
change a reviewer sees in one place.
"""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    RECORD = "record"  # scan tubes and people at a table, seal, undo the last scan
    ADD_DETAILS = "add_details"  # F2: name and phone of the person just scanned, their slip
    LOOK_UP = "look_up"  # find a person by name, ID, phone or pinyin initials
    CORRECT = "correct"  # remove a person, move them, reopen a sealed tube
    TRIAGE = "triage"  # tickets, the triage desk, calling the next ticket
    BOXES = "boxes"  # transport boxes, the handover manifest
    RESULTS = "results"  # import lab results, see the re-sampling list
    RECALL = "recall"  # the positive-pool recall list (masked)
    VIEW_FULL = "view_full"  # a full ID number or phone on screen (audited)
    EXPORT = "export"  # bulk export of personal lists (audited, with a reason)
    ROSTER = "roster"  # import the community roster, define rounds, see coverage
    AUDIT = "audit"  # read and export the audit trail
    OPERATORS = "operators"  # add operators, change roles, unlock
    SETTINGS = "settings"  # the station's settings


class Role(StrEnum):
    RECORDER = "recorder"  # 录入员
    ENTRY_ONLY = "entry_only"  # 录入员（仅录入）: adds people, looks nobody up
    TRIAGE = "triage"  # 分诊
    SITE_LEAD = "site_lead"  # 站点负责人
    AUDITOR = "auditor"  # 审计
    ADMIN = "admin"  # 管理员

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def label_en(self) -> str:
        return ROLE_LABELS_EN[self]

    def named(self, language: str = "zh") -> str:
        """The role's name in the operator's language."""
        return self.label_en if language.startswith("en") else self.label

    @classmethod
    def parse(cls, text: str) -> Role:
        """A role by its key (`site_lead`), its Chinese name (`站点负责人`) or its English one
        (`site lead`)."""
        key = text.strip()
        for role in cls:
            if key in (role.value, ROLE_LABELS[role]) or key.lower() == ROLE_LABELS_EN[role]:
                return role
        raise ValueError(key)


ROLE_LABELS = {
    Role.RECORDER: "录入员",
    Role.ENTRY_ONLY: "录入员（仅录入）",
    Role.TRIAGE: "分诊",
    Role.SITE_LEAD: "站点负责人",
    Role.AUDITOR: "审计",
    Role.ADMIN: "管理员",
}
# The same names for an English station (ui/terms.py lists the Chinese ones for the window).
ROLE_LABELS_EN = {
    Role.RECORDER: "recorder",
    Role.ENTRY_ONLY: "recorder (entry only)",
    Role.TRIAGE: "triage",
    Role.SITE_LEAD: "site lead",
    Role.AUDITOR: "auditor",
    Role.ADMIN: "admin",
}

P = Permission
_RECORDING = {P.RECORD, P.ADD_DETAILS}

# Who may do what. The admin runs the station (accounts, settings) but sees no full number and
# exports no list: that is the site lead's, answerable in the audit trail; and the auditor, who
# reads the trail, does nothing else, so nobody audits their own acts.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ENTRY_ONLY: frozenset(_RECORDING),
    Role.RECORDER: frozenset(_RECORDING | {P.LOOK_UP, P.CORRECT}),
    Role.TRIAGE: frozenset({P.TRIAGE, P.LOOK_UP}),
    Role.SITE_LEAD: frozenset(
        _RECORDING
        | {P.LOOK_UP, P.CORRECT, P.TRIAGE, P.BOXES, P.RESULTS, P.RECALL, P.VIEW_FULL}
        | {P.EXPORT, P.ROSTER}
    ),
    Role.AUDITOR: frozenset({P.AUDIT}),
    Role.ADMIN: frozenset(
        _RECORDING
        | {P.LOOK_UP, P.CORRECT, P.TRIAGE, P.BOXES, P.RESULTS, P.RECALL}
        | {P.ROSTER, P.OPERATORS, P.SETTINGS}
    ),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def matrix() -> str:
    """The whole table as text: one row per role, one column per permission (x or .)."""
    head = "role".ljust(11) + " ".join(p.value for p in Permission)
    rows = [head]
    for role in Role:
        cells = [("x" if allows(role, p) else ".").center(len(p.value)) for p in Permission]
        rows.append((role.value.ljust(11) + " ".join(cells)).rstrip())
    return "\n".join(rows)
