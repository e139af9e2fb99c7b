"""The call panel at a sampling table: the ticket called here, and call-next / recall / skip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from station.core.errors import OperatorError
from station.queue.tickets import Ticket
from station.recording import Outcome, Status
from ui.theme import cjk_family, font

REFRESH_MS = 2000  # another table may skip or serve; the panel catches up on its own


class CallKeys(Protocol):
    """What the panel drives: station.queue.scan.QueueScanHandler has exactly this."""

    def call_next(self, table: str) -> Outcome: ...

    def recall(self, table: str) -> Outcome: ...

    def skip(self, table: str) -> Outcome: ...


class CallPanel(QWidget):
    """A strip for the recorder window (app/gui.py mounts it with `window.add_strip`).

    F5 calls the next ticket to this table, F6 calls it again, F7 skips it (no-show) and
    calls the next; each outcome goes to `show_outcome` (the window's band and speech).
    """

    def __init__(
        self,
        keys: CallKeys,
        called: Callable[[str], Ticket | None],
        table: str,
        show_outcome: Callable[[Outcome], None],
        batches: Callable[[], list[str]],
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.keys = keys
        self.called = called
        self.table = table
        self.show_outcome = show_outcome
        self.language = language
        self.batches = batches
        family = cjk_family()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.ticket_label = QLabel()
        self.ticket_label.setFont(font(30, bold=True, family=family))
        self.ticket_label.setStyleSheet("color:#ffd400;background:#000000;padding:4px 12px;")
        self.ticket_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.ticket_label, 2)
        self.batch_label = QLabel()
        self.batch_label.setFont(font(20, family=family))
        self.batch_label.setWordWrap(True)
        row.addWidget(self.batch_label, 2)
        actions = (
            ("F5", self.tr("叫号"), self.call_next),
            ("F6", self.tr("重呼"), self.recall),
            ("F7", self.tr("过号"), self.skip),
        )
        self.buttons: list[QPushButton] = []
        for key, text, slot in actions:
            button = QPushButton(f"{text}（{key}）")
            button.setFont(font(22, bold=True, family=family))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the focus
            button.clicked.connect(slot)
            row.addWidget(button, 1)
            self.buttons.append(button)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.refresh()

    def call_next(self) -> None:
        self._run(self.keys.call_next)

    def recall(self) -> None:
        self._run(self.keys.recall)

    def skip(self) -> None:
        self._run(self.keys.skip)

    def _run(self, action: Callable[[str], Outcome]) -> None:
        try:
            outcome = action(self.table)
        except OperatorError as error:
            outcome = Outcome(
                Status.ERROR, "command", error.message(self.language), code=error.code
            )
        self.show_outcome(outcome)
        self.refresh()

    def refresh(self) -> None:
        now = self.batches()
        self.batch_label.setText(self.tr("当前楼栋：") + "、".join(now) if now else "")
        ticket = self.called(self.table)
        if ticket is None:
            self.ticket_label.setText(self.tr("本台未叫号"))
            return
        name = f"  {ticket.masked_name}" if ticket.masked_name else ""
        self.ticket_label.setText(self.tr("本台：") + ticket.number + name)
