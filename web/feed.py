"""One reader for every phone: the page is read and rendered once per change, then pushed.

A thousand phones cost one read of the database per change, not a thousand: the feed polls the
cheap change check (PRAGMA data_version / LISTEN-NOTIFY, from app), re-renders the board when
the line changed or every `refresh_s` (waits move with time), and wakes every waiting stream
only when the rendered HTML is different.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class Feed:
    def __init__(
        self,
        render: Callable[[], str],
        changed: Callable[[], bool],
        poll_s: float = 0.1,
        refresh_s: float = 5.0,
    ) -> None:
        self._render = render
        self._changed = changed
        self.poll_s = poll_s
        self.refresh_s = refresh_s
        self.html = render()
        self.version = 1
        self._next = asyncio.Event()

    def publish(self, html: str) -> bool:
        if html == self.html:
            return False
        self.html, self.version = html, self.version + 1
        woken, self._next = self._next, asyncio.Event()
        woken.set()
        return True

    async def wait(self, version: int) -> tuple[int, str]:
        """The next (version, html) after `version`: at once if the page is behind."""
        while self.version <= version:
            await self._next.wait()
        return self.version, self.html

    async def run(self) -> None:
        """Until cancelled: follow the database. A failed read keeps the last page."""
        due = time.monotonic() + self.refresh_s
        while True:
            try:
                changed = await asyncio.to_thread(self._changed)
                if changed or time.monotonic() >= due:
                    due = time.monotonic() + self.refresh_s
                    self.publish(await asyncio.to_thread(self._render))
            except Exception:  # the database is away: phones keep the last board, we retry
                log.exception("status page: reading the board failed")
            await asyncio.sleep(self.poll_s)
