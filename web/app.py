"""The Starlette application: the page, its event stream and its two static files."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from jinja2 import Environment, PackageLoader
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from web.feed import Feed
from web.view import Site, read_sites

TEMPLATES = Environment(
    loader=PackageLoader("web", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
)
STATIC = Path(__file__).parent / "static"
PING_S = 15  # keeps idle connections open through proxies and phone networks
NO_STORE = {"Cache-Control": "no-store"}


def render_board(sites: list[Site]) -> str:
    """The board as one line of HTML: one `data:` line per event for a thousand phones."""
    views, updated = read_sites(sites)
    html = TEMPLATES.get_template("board.html").render(sites=views, updated=updated)
    return "".join(line.strip() for line in html.splitlines())


def create_app(
    sites: list[Site],
    changed: Callable[[], bool],
    title: str = "核酸采样点排队情况",
    poll_s: float = 0.1,
    refresh_s: float = 5.0,
) -> Starlette:
    feed: Feed | None = None
    encoded: dict[int, bytes] = {}

    def message(version: int, html: str) -> bytes:
        """The event as sent, encoded once per version for every phone, not once per phone."""
        if version not in encoded:
            encoded.clear()
            encoded[version] = ServerSentEvent(html, event="board", id=str(version)).encode()
        return encoded[version]

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        nonlocal feed
        feed = Feed(lambda: render_board(sites), changed, poll_s, refresh_s)
        task = asyncio.create_task(feed.run())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def page(_request: Request) -> HTMLResponse:
        assert feed is not None
        html = TEMPLATES.get_template("page.html").render(
            title=title, board=feed.html, version=feed.version
        )
        return HTMLResponse(html, headers=NO_STORE)

    async def events(request: Request) -> EventSourceResponse:
        assert feed is not None
        # A reconnecting browser says the last version it has (Last-Event-ID); a new one, the
        # version its page was rendered with: either way it gets what it missed, at once.
        asked = request.headers.get("last-event-id") or request.query_params.get("v", "0")
        seen = int(asked) if asked.isdigit() else 0

        async def stream() -> AsyncIterator[bytes]:
            version = seen
            while True:
                version, html = await feed.wait(version)
                yield message(version, html)

        return EventSourceResponse(stream(), ping=PING_S, headers=NO_STORE)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/events", events),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        lifespan=lifespan,
    )
