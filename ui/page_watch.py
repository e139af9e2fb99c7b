"""A page that follows the database while it is shown: a change anywhere (another table,
another machine) refreshes it within POLL_MS; hidden, it lets go of the watch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

POLL_MS = 250  # a change anywhere shows within about this (a cheap "anything new?" each time)


class ChangeWatch(Protocol):
    """db.queue.watch: whether the database changed since last asked (any process, machine)."""

    def changed(self) -> bool: ...

    def close(self) -> None: ...


class PageWatch(QObject):
    """Opens `open_watch()` on `start` (the page shown), closes it on `stop` (hidden), and
    calls `on_change` whenever the watch says something changed."""

    def __init__(
        self,
        open_watch: Callable[[], ChangeWatch] | None,
        on_change: Callable[[], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.open_watch = open_watch
        self.on_change = on_change
        self.watch: ChangeWatch | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        if self.open_watch is not None and self.watch is None:
            self.watch = self.open_watch()
            self.timer.start(POLL_MS)

    def stop(self) -> None:
        self.timer.stop()
        if self.watch is not None:
            self.watch.close()
            self.watch = None

    def poll(self) -> None:
        if self.watch is not None and self.watch.changed():
            self.on_change()
