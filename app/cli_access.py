"""`nat-station operator add|list|unlock`: a site's accounts, from a script or a terminal."""

from __future__ import annotations

import argparse
import sys

from app.access_wiring import read_pin
from app.cli_common import in_language as _t
from app.wiring import Station, open_station, station_options, station_overrides
from station.access.operators import AccessService
from station.access.roles import Role
from station.access.session import OPEN_STATION


def _run(args: argparse.Namespace, action) -> int:  # type: ignore[no-untyped-def]  # a command
    station = open_station(**station_overrides(args))
    try:
        assert station.gate.session is not None
        return int(action(station, station.access))
    finally:
        station.close()


def operator_add(args: argparse.Namespace) -> int:
    def action(station: Station, access: AccessService) -> int:
        try:
            role = Role.parse(args.role)
        except ValueError:
            print(
                _t(
                    station,
                    "角色应为：" + "、".join(r.label for r in Role),
                    "The role is one of: " + ", ".join(f"{r.value} ({r.label_en})" for r in Role),
                ),
                file=sys.stderr,
            )
            return 2
        by = station.gate.session
        pin = read_pin(args.name, "NEW_PIN")
        operator = access.add(args.name, pin, role, by=None if by is OPEN_STATION else by)
        print(
            _t(
                station,
                f"已添加操作员 {operator.name}（{role.label}）",
                f"Added operator {operator.name} ({role.label_en})",
            )
        )
        return 0

    return _run(args, action)


def operator_list(args: argparse.Namespace) -> int:
    def action(station: Station, access: AccessService) -> int:
        now = access.clock()
        for operator in access.operators():
            locked = operator.locked_until is not None and operator.locked_until > now
            print(
                f"{operator.name}\t{operator.role.named(station.settings.language)}"
                + ("\t" + _t(station, "已锁定", "locked") if locked else "")
            )
        return 0

    return _run(args, action)


def operator_unlock(args: argparse.Namespace) -> int:
    def action(station: Station, access: AccessService) -> int:
        assert station.gate.session is not None
        operator = access.unlock(args.name, station.gate.session)
        print(_t(station, f"已解锁 {operator.name}", f"Unlocked {operator.name}"))
        return 0

    return _run(args, action)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("operator", help="operator accounts: add, list, unlock (admin)")
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="a new account; its PIN from NAT_STATION_NEW_PIN or typed")
    add.add_argument("name", help="the operator's name, as they sign in")
    add.add_argument(
        "--role", required=True, help=", ".join(r.value for r in Role) + ", or its Chinese name"
    )
    station_options(add)
    add.set_defaults(func=operator_add)
    listing = actions.add_parser("list", help="the site's accounts")
    station_options(listing)
    listing.set_defaults(func=operator_list)
    unlock = actions.add_parser("unlock", help="clear a lock-out")
    unlock.add_argument("name", help="the locked operator's name")
    station_options(unlock)
    unlock.set_defaults(func=operator_unlock)
