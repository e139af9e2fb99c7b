"""The status bar's word on forwarding: offline and how much waits, or synced, and when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ui.theme import font

REFRESH_MS = 1000


class SyncStatusLabel(QLabel):
    """Reads `state()` (the forwarder's last status, or None before its first try) every
    second; never touches the database itself."""

    def __init__(self, state: Callable[[], dict[str, Any] | None]) -> None:
        super().__init__()
        self.state = state
        self.setFont(font(22, bold=True))  # read from a step away, like the rest of the window
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MS)
        self.refresh()

    def refresh(self) -> None:
        state = self.state()
        if state is None:
            self.setText(self.tr("正在连接站点服务器…"))
            return
        n, last = state["pending"], self._time(state.get("last_sync"))
        if not state["online"]:
            text = self.tr("离线 · {n} 条待上传 · 最后同步 {t}").format(n=n, t=last)
            colour = "#b45309"
        elif n:
            text = self.tr("上传中 · {n} 条待上传 · 最后同步 {t}").format(n=n, t=last)
            colour = "#1d4ed8"
        else:
            text = self.tr("已同步 · 最后同步 {t}").format(t=last)
            colour = "#15803d"
        waiting = len(state.get("server_conflicts") or [])
        if waiting:
            text += self.tr(" · {n} 个冲突待处理").format(n=waiting)
            colour = "#b91c1c"
        self.setText(text)
        self.setStyleSheet(f"color: {colour};")

    def _time(self, iso: str | None) -> str:
        if not iso:
            return "—"
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M")
