"""Operators at the station: the gate, the log-in of a headless command, the audit trail.

A headless command acts as the operator named by `--operator NAME` (or NAT_STATION_OPERATOR),
the PIN from NAT_STATION_PIN or typed at the terminal (getpass); on a station with no accounts
yet it acts as its first admin (every door open), so a fresh station works from a script.
"""

from __future__ import annotations

import argparse
import getpass
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from db.access.store import operator_unit_of_work
from station.access.exports import ExportPolicy
from station.access.names import PLACEHOLDER_NAMES
from station.access.operators import AccessService
from station.access.pins import Argon2Pins
from station.access.roles import Permission
from station.access.session import OPEN_STATION, AccessDenied, Session
from station.core.settings import ENV_PREFIX

if TYPE_CHECKING:
    from app.wiring import Station

P = Permission


@dataclass
class HeadlessLogin:
    """What the command line asked: who acts, and what the command is about to do."""

    operator: str = ""
    needs: set[Permission] = field(default_factory=set)


_pending: HeadlessLogin | None = None


def expect_headless(args: argparse.Namespace) -> None:
    """Called by `main` once per command: the next open_station signs this operator in."""
    global _pending
    name = getattr(args, "operator", None) or os.environ.get(ENV_PREFIX + "OPERATOR", "")
    func = getattr(getattr(args, "func", None), "__name__", "")
    # The queue display is a public screen and the command card and the plan hold nobody's
    # data: nobody signs in for them.
    _pending = None if func in _NOBODY else HeadlessLogin(name, command_permissions(args))


_NOBODY = frozenset({"display", "commands_card", "plan_command"})


def command_permissions(args: argparse.Namespace) -> set[Permission]:
    """What a headless command does, in the role table's terms (the gate of the CLI door)."""
    func = getattr(getattr(args, "func", None), "__name__", "")
    needs: set[Permission] = set(_BY_COMMAND.get(func, ()))
    if getattr(args, "csv", None) or func in ("recall_export", "roster_labels"):
        needs.add(P.EXPORT)
    if getattr(args, "unmasked", False) or getattr(args, "full_phones", False):
        needs.add(P.VIEW_FULL)
    return needs


_BY_COMMAND: dict[str, tuple[Permission, ...]] = {
    "scan": (P.RECORD,),
    "lookup": (P.LOOK_UP,),
    "box_manifest": (P.BOXES,),
    "box_action": (P.BOXES,),
    "results_import": (P.RESULTS,),
    "results_resample": (P.RESULTS,),
    "recall": (P.RECALL,),
    "recall_export": (P.RECALL,),
    "roster_import": (P.ROSTER,),
    "roster_labels": (P.ROSTER,),
    "round_define": (P.ROSTER,),
    "coverage": (P.ROSTER,),
    "untested": (P.ROSTER,),
    "door_to_door": (P.ROSTER,),
    "tested_elsewhere": (P.ROSTER,),
    "round_report": (P.ROSTER,),
    "triage": (P.TRIAGE,),
    "queue": (P.TRIAGE,),
    "batches": (P.TRIAGE,),
    "operator_add": (P.OPERATORS,),
    "operator_list": (P.OPERATORS,),
    "operator_unlock": (P.OPERATORS,),
    # the audit trail is the auditor's; purge and the server's set-up the admin's
    "verify": (P.AUDIT,),
    "list_entries": (P.AUDIT,),
    "export": (P.AUDIT,),
    "key": (P.AUDIT,),
    "purge": (P.SETTINGS,),
    "encrypt_file": (P.SETTINGS,),
    "decrypt_file": (P.SETTINGS,),
    "server_init": (P.SETTINGS,),
    "sync": (P.RECORD,),
    "server_totals": (P.ROSTER,),
    "conflicts": (P.ROSTER,),
}


def read_pin(name: str, variable: str = "PIN") -> str:
    """A PIN from NAT_STATION_PIN (NAT_STATION_NEW_PIN for a new account), else typed."""
    pin = os.environ.get(ENV_PREFIX + variable)
    return pin if pin is not None else getpass.getpass(f"PIN ({name[:20]}): ")


def attach_access(station: Station) -> None:
    """The station's operators, gate and trail; a pending headless command signs in now."""
    global _pending
    station.access = AccessService(
        operator_unit_of_work(station.database), Argon2Pins(), station.audit
    )
    station.export_policy = ExportPolicy(station.gate, station.audit, station.recording.clock)
    station.gate.listeners.append(lambda session: _stamp_records(station, session))
    open_ = not station.access.has_accounts()
    station.gate.switch(OPEN_STATION if open_ else None)
    pending, _pending = _pending, None
    if pending is None or open_:
        return
    if not pending.operator:
        raise AccessDenied(
            "本站已设操作员账户：请用 --operator 姓名（或 NAT_STATION_OPERATOR）登录",
            "This station has operator accounts: sign in with --operator NAME "
            "(or NAT_STATION_OPERATOR)",
            code="not_logged_in",
        )
    session = station.access.log_in(pending.operator, read_pin(pending.operator))
    station.gate.switch(session)
    for permission in sorted(pending.needs):
        station.gate.require(permission)


def _stamp_records(station: Station, session: Session | None) -> None:
    """Every record carries the operator who made it: their name in the `recorder` column.
    On a station without accounts: `--recorder` / the setting, but never the old placeholder."""
    settings = station.recording.settings
    if session is not None and not session.open_station:
        station.recording.settings = replace(settings, recorder=session.name)
    elif settings.recorder in PLACEHOLDER_NAMES:
        station.recording.settings = replace(settings, recorder="")
