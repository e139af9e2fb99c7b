"""`nat-station web`: the residents' status page, served by uvicorn on the station's database."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from app.wiring import Station, open_station, station_options, station_overrides
from db.queue.store import queue_unit_of_work
from db.recording.store import Database
from station.core.settings import default_database_url
from station.queue.service import QueueService


def web_app(station: Station, more_sites: Sequence[str] = (), title: str = "核酸采样点排队情况"):  # type: ignore[no-untyped-def]  # Starlette: imported late
    """The page on the station's database: this site, and `more_sites` of the same database,
    each read through the queue's read-only unit of work. Returns the app and its closer."""
    from db.queue.watch import watch  # psycopg, Starlette: loaded only for this command
    from web.app import create_app
    from web.view import Site

    url = station.settings.database_url or default_database_url()
    config, own = station.queue.config, station.queue.service
    sites = [Site(station.settings.site_name, own.board, config.busy_min, config.jammed_min)]
    others = [Database(url, name) for name in more_sites if name != station.settings.site_name]
    for database in others:
        service = QueueService(
            queue_unit_of_work(database),
            config,
            day=own.day,
            reads=queue_unit_of_work(database, read_only=True),
        )
        sites.append(Site(database.site, service.board, config.busy_min, config.jammed_min))
    watcher = watch(url)

    def close() -> None:
        watcher.close()
        for database in others:
            database.dispose()

    closer: Callable[[], None] = close
    return create_app(sites, watcher.changed, title=title), closer


def web(args: argparse.Namespace) -> int:
    import uvicorn  # only this command needs the server

    station = open_station(**station_overrides(args))
    app, close = web_app(station, args.site, args.title)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        close()
        station.close()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("web", help="serve the read-only status page for residents' phones")
    station_options(p)
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    p.add_argument("--port", type=int, default=8080, help="the port to serve on (default 8080)")
    p.add_argument(
        "--site",
        action="append",
        default=[],
        help="another site in the same database to show (repeatable)",
    )
    p.add_argument("--title", default="核酸采样点排队情况", help="the page's title")
    p.set_defaults(func=web)
