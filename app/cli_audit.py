"""`nat-station audit verify | list | export | key`: the tamper-evident trail, for an auditor."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from app.wiring import Station, open_station, station_options, station_overrides
from station.audit.query import COLUMNS, AuditQuery, as_record, search
from station.audit.trail import AuditAction, AuditEntry
from station.core.counts import counted
from station.core.export_cells import csv_row


def verify(args: argparse.Namespace) -> int:
    """Exit 0 when the chain and every signed checkpoint hold; else name each broken entry."""
    station = open_station(**station_overrides(args))
    try:
        trail = station.audit
        assert trail is not None
        count, findings = trail.verify()
        points = len(trail.checkpoints())
    finally:
        station.database.dispose()  # no checkpoint of our own: verifying writes nothing
    if args.json:
        print(
            json.dumps(
                {
                    "entries": count,
                    "checkpoints": points,
                    "ok": not findings,
                    "findings": [f.__dict__ for f in findings],
                },
                ensure_ascii=False,
            )
        )
    else:
        for finding in findings:
            print(f"TAMPERED {finding.kind}: {finding.message}")
        if not findings:
            print(f"ok: {counted(count, 'entry')}, {counted(points, 'signed checkpoint')}")
    return 1 if findings else 0


def _query(args: argparse.Namespace) -> AuditQuery:
    return AuditQuery(
        action=AuditAction(args.action) if args.action else None,
        operator=args.operator_id or "",
        since=args.since,
        until=args.until,
    )


def list_entries(args: argparse.Namespace) -> int:
    station = open_station(**station_overrides(args))
    try:
        found = [as_record(seq, e) for seq, e in search(station.audit.entries(), _query(args))]
    finally:
        station.database.dispose()
    for record in found:
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print("  ".join(str(record[c]) for c in COLUMNS))
    return 0


def export_entries(
    station: Station, out: Path, query: AuditQuery, as_csv: bool = False, reason: str = ""
) -> int:
    """The matching entries to a file (JSON array, or CSV), itself an EXPORT entry."""
    found = [as_record(seq, e) for seq, e in search(station.audit.entries(), query)]
    if as_csv:
        with out.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(COLUMNS)
            for record in found:  # a reason typed as "=cmd|…" stays text (export_cells)
                writer.writerow(csv_row(record[column] for column in COLUMNS))
    else:
        out.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    session = station.gate.session
    station.audit.append(
        AuditEntry(
            datetime.now(UTC),
            session.operator_id if session else "headless",
            session.role.value if session else "auditor",
            AuditAction.EXPORT,
            "audit_trail",
            reason,
            len(found),
        )
    )
    return len(found)


def export(args: argparse.Namespace) -> int:
    station = open_station(**station_overrides(args))
    out = Path(args.out)
    try:
        count = export_entries(station, out, _query(args), args.csv, args.reason or "")
    finally:
        station.close()
    print(json.dumps({"written": str(out), "entries": count}) if args.json else out)
    return 0


def key(args: argparse.Namespace) -> int:
    """The station's public key (PEM) and id, to register with the server or an auditor."""
    station = open_station(**station_overrides(args))
    try:
        pem, ident = station.audit.key.public_pem(), station.audit.station
    finally:
        station.database.dispose()
    sys.stdout.write(json.dumps({"station": ident, "public_key": pem}) + "\n" if args.json else pem)
    return 0


def _filters(parser: argparse.ArgumentParser) -> None:
    station_options(parser)
    parser.add_argument("--json", action="store_true", help="JSON output")
    parser.add_argument("--action", choices=[a.value for a in AuditAction], help="one action")
    parser.add_argument("--operator-id", help="an operator's id")
    parser.add_argument("--since", type=date.fromisoformat, help="first day YYYY-MM-DD")
    parser.add_argument("--until", type=date.fromisoformat, help="last day YYYY-MM-DD")


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="the audit trail: verify, list, export, key")
    commands = audit.add_subparsers(dest="audit_command", required=True)
    p_verify = commands.add_parser("verify", help="check the chain; exit 1 naming what was changed")
    station_options(p_verify)
    p_verify.add_argument("--json", action="store_true", help="one JSON object")
    p_verify.set_defaults(func=verify)
    p_list = commands.add_parser("list", help="entries, optionally filtered")
    _filters(p_list)
    p_list.set_defaults(func=list_entries)
    p_export = commands.add_parser("export", help="entries to a file")
    _filters(p_export)
    p_export.add_argument("--out", required=True, help="file to write")
    p_export.add_argument("--csv", action="store_true", help="CSV instead of JSON")
    p_export.add_argument("--reason", help="why (recorded in the trail)")
    p_export.set_defaults(func=export)
    p_key = commands.add_parser("key", help="print the station's public key")
    station_options(p_key)
    p_key.add_argument("--json", action="store_true", help="JSON with the station id")
    p_key.set_defaults(func=key)
