"""Forwarding commands: `sync`, `server init/publish/subscribe/replicate/totals`, `conflicts`
(docs/sync.md)."""

from __future__ import annotations

import argparse
import json
import sys

from app.wiring import station_options, station_overrides
from station.core.settings import default_database_url, load_settings


def _print(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def _station_database(args: argparse.Namespace):  # type: ignore[no-untyped-def]  # Database: imported late
    from dataclasses import replace

    from db.recording.store import Database

    settings = replace(load_settings(), **station_overrides(args))
    if getattr(args, "server", None):
        settings = replace(settings, server_url=args.server)
    return settings, Database(settings.database_url or default_database_url(), settings.site_name)


def sync(args: argparse.Namespace) -> int:
    from db.sync import outbox

    settings, database = _station_database(args)
    try:
        if args.status:
            state = outbox.status(database).as_json()
            state["server"] = bool(settings.server_url)
            if args.json:
                _print(state)
            else:
                print(
                    f"待上传 {state['pending']} · 已上传 {state['forwarded']} · "
                    f"冲突 {len(state['conflicts'])} · 最后同步 {state['last_sync'] or '—'}"
                )
            return 0
        if not settings.server_url:
            print("没有设置站点服务器（NAT_STATION_SERVER）/ no server_url set", file=sys.stderr)
            return 2
        return _forward(settings, database, args)
    finally:
        database.dispose()


def _forward(settings, database, args) -> int:  # type: ignore[no-untyped-def]  # not yet typed
    from db.sync import outbox
    from db.sync.forwarder import Forwarder, _describe

    forwarder = Forwarder(
        database, settings.server_url, settings.district, settings.table, batch_size=args.batch
    )
    try:
        totals = forwarder.forward_once()
    except Exception as error:  # the server out of reach: say so, exit 1
        outbox.note_error(database, _describe(error))
        _print(
            {
                "status": "error",
                "message": _describe(error),
                "pending": outbox.status(database).pending,
            }
        )
        return 1
    finally:
        forwarder.close()
    _print({"status": "ok", **vars(totals), "pending": outbox.status(database).pending})
    return 0


def _server_engine(url: str):  # type: ignore[no-untyped-def]  # an Engine, imported late
    from db.engine import make_engine

    return make_engine(url)


def server_init(args: argparse.Namespace) -> int:
    from db.sync.server_admin import init_server

    try:
        revisions = init_server(args.url)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    _print({"status": "ok", "server_revisions": revisions})
    return 0


def server_replication(args: argparse.Namespace) -> int:
    """`server publish`, `server subscribe`, `server replicate`: district servers into a city."""
    from db.sync import replication

    try:
        if args.server_command == "publish":
            done = replication.publish(args.url)
        elif args.server_command == "subscribe":
            done = replication.subscribe(args.url, args.source)
        elif args.server_command == "subscriptions":
            done = {"subscriptions": replication.status(args.url)}
        else:
            done = replication.replicate(args.source, args.to)
    except (replication.ReplicationError, OSError) as error:
        print(error, file=sys.stderr)
        return 2
    except Exception as error:  # the server out of reach or refusing: say so, exit 1
        from db.sync.forwarder import _describe

        print(_describe(error), file=sys.stderr)
        return 1
    _print({"status": "ok", **done})
    return 0


def server_checkpoints(args: argparse.Namespace) -> int:
    """The stations' audit checkpoints on the server, each signature checked; exit 1 if one
    fails."""
    from db.sync.checkpoints import verify

    engine = _server_engine(args.url or load_settings().server_url)
    try:
        with engine.connect() as connection:
            rows = verify(connection, args.station)
    finally:
        engine.dispose()
    bad = [r for r in rows if not (r["signature_ok"] and r["key_matches_station"])]
    if args.json:
        _print({"checkpoints": rows, "failed": len(bad)})
    else:
        for r in rows:
            word = "签名无效" if r in bad else "签名有效"
            print(f"{r['audit_station']}\t{r['seq']}\t{r['entries']}\t{r['at']}\t{word}")
    return 1 if bad else 0


def server_totals(args: argparse.Namespace) -> int:
    from db.sync.conflicts import totals

    engine = _server_engine(args.url or load_settings().server_url)
    try:
        with engine.connect() as connection:
            _print(totals(connection, args.round))
    finally:
        engine.dispose()
    return 0


def conflicts(args: argparse.Namespace) -> int:
    from db.sync import conflicts as listing

    engine = _server_engine(args.server or load_settings().server_url)
    try:
        with engine.begin() as connection:
            if args.action == "resolve":
                try:
                    done = listing.resolve(connection, args.id, args.keep, args.reason)
                except (LookupError, ValueError) as error:
                    print(error, file=sys.stderr)
                    return 2
                _print(done)
                return 0
            rows = listing.conflicts(connection, open_only=args.open)
    finally:
        engine.dispose()
    if args.json:
        _print(rows)
    else:
        for r in rows:
            state = "已处理" if r["resolved_at"] else "待处理"
            print(
                f"{r['id']}\t{state}\t{r['kind']}\t{r['key']}\t"
                f"{r['first_station']} / {r['second_station']}"
            )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sync", help="forward the station's events to the site server")
    station_options(p)
    p.add_argument("--server", help="site server URL (overrides NAT_STATION_SERVER)")
    p.add_argument("--once", action="store_true", help="forward what is pending, then exit")
    p.add_argument("--status", action="store_true", help="what waits to be forwarded")
    p.add_argument("--json", action="store_true", help="the status as one JSON object")
    p.add_argument("--batch", type=int, default=200, help="events per batch (default 200)")
    p.set_defaults(func=sync)

    server = sub.add_parser("server", help="the site server (PostgreSQL)")
    server_sub = server.add_subparsers(dest="server_command", required=True)
    init = server_sub.add_parser("init", help="create or upgrade the server schema and roles")
    init.add_argument("url", help="the site server's PostgreSQL URL (as its owner)")
    init.set_defaults(func=server_init)
    pub = server_sub.add_parser("publish", help="a district server publishes to a city")
    pub.add_argument("url", help="the district server's PostgreSQL URL (as its owner)")
    sub_ = server_sub.add_parser("subscribe", help="a city server subscribes to a district")
    sub_.add_argument("url", help="the city server's PostgreSQL URL (as its owner)")
    rep = server_sub.add_parser("replicate", help="publish a district and subscribe a city to it")
    rep.add_argument("--to", required=True, help="the city server's PostgreSQL URL")
    for parser in (sub_, rep):
        parser.add_argument("--from", dest="source", required=True, help="the district server")
    subs = server_sub.add_parser("subscriptions", help="a city server's subscriptions")
    subs.add_argument("url", help="the city server's PostgreSQL URL")
    for parser in (pub, sub_, rep, subs):
        parser.set_defaults(func=server_replication)
    chk = server_sub.add_parser("checkpoints", help="the stations' signed audit checkpoints")
    chk.add_argument("url", nargs="?", help="the site server (default: NAT_STATION_SERVER)")
    chk.add_argument("--station", help="only those forwarded by this station id")
    chk.add_argument("--json", action="store_true", help="the list as one JSON object")
    chk.set_defaults(func=server_checkpoints)
    tot = server_sub.add_parser("totals", help="site-wide totals on the server")
    tot.add_argument("url", nargs="?", help="the site server (default: NAT_STATION_SERVER)")
    tot.add_argument("--round", help="one testing round (default: all)")
    tot.add_argument("--json", action="store_true", help="the totals as one JSON object")
    tot.set_defaults(func=server_totals)

    c = sub.add_parser("conflicts", help="the server's conflict list")
    c.add_argument("--server", help="site server URL (default: NAT_STATION_SERVER)")
    c.add_argument("--json", action="store_true", help="the list as JSON")
    c.add_argument("--open", action="store_true", help="only those waiting for a decision")
    c.set_defaults(func=conflicts, action="list")
    c_sub = c.add_subparsers(dest="action")
    r = c_sub.add_parser("resolve", help="decide a conflict (recorded as an event)")
    r.add_argument("id", type=int, help="the conflict's number on the list")
    r.add_argument("--keep", required=True, help="the station whose claim stands")
    r.add_argument("--reason", required=True, help="why (kept with the decision)")
    r.add_argument("--server", help="site server URL (default: NAT_STATION_SERVER)")
    r.set_defaults(func=conflicts, action="resolve")
