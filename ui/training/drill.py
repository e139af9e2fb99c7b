"""The drill strip of a training window: who is in front, what to do, the simulated scanner
(Ctrl+8 a new tube, Ctrl+9 what the resident holds), the trainer's skip (Ctrl+0), and the
report at the end. Next to the pages' Ctrl+2..7; F11/F12 would clash with the recall page."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from station.core.masking import mask_name
from station.recording import Outcome
from station.training import Action, Report, Scorer, Step, training_tube
from ui.feedback import Announcer
from ui.theme import font


class ScanTap:
    """The table's service as the window sees it, remembering the text of the last scan."""

    def __init__(self, service: Any) -> None:
        self._service = service
        self.last_raw: str | None = None

    def scan(self, raw: str) -> Outcome:
        self.last_raw = raw
        return self._service.scan(raw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)


class TapAnnouncer:
    """Says every outcome as before, and hands it, with the scan it answered, to the drill."""

    def __init__(
        self, inner: Announcer, tap: ScanTap, heard: Callable[[str | None, Outcome], None]
    ) -> None:
        self._inner, self._tap, self._heard = inner, tap, heard

    def announce(self, outcome: Outcome) -> None:
        self._inner.announce(outcome)
        raw, self._tap.last_raw = self._tap.last_raw, None
        self._heard(raw, outcome)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class DrillStrip(QFrame):
    """Runs one drill over the window's scans; `finished(report)` at the end."""

    finished = Signal(object)

    def __init__(
        self,
        scorer: Scorer,
        scan: Callable[[str], None],
        play: Callable[[Step], None],
        clock: Callable[[], float] = time.monotonic,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.scorer, self._scan, self._play, self._clock = scorer, scan, play, clock
        self._language = language
        self._by_drill = False
        self._next_tube = 1
        self.setObjectName("drill")
        self.setStyleSheet("#drill{background:#fff4cc;border:3px solid #111;}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        self.title = QLabel()
        self.title.setFont(font(20, bold=True))
        self.step_label = QLabel()
        self.step_label.setFont(font(30, bold=True))
        self.step_label.setWordWrap(True)
        self.keys = QLabel(
            self.tr(
                "模拟扫码枪：Ctrl+8 取一支新试管   Ctrl+9 扫居民出示的码   Ctrl+0 跳过此步（培训员）"  # noqa: E501
            )
        )
        self.keys.setFont(font(16))
        for label in (self.title, self.step_label, self.keys):
            layout.addWidget(label)
        self.report: Report | None = None

    def bind_keys(self, window: QWidget) -> None:
        for key, slot in (
            ("Ctrl+8", self.feed_tube),
            ("Ctrl+9", self.feed_resident),
            ("Ctrl+0", self.skip),
        ):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def start(self) -> None:
        self._begun(self.scorer.start())

    # ----- the simulated scanner ------------------------------------------------------
    def feed_tube(self) -> None:
        used = set(self.scorer.tubes.values())
        while training_tube(self._next_tube) in used:
            self._next_tube += 1
        barcode = training_tube(self._next_tube)
        self._next_tube += 1
        self._scan(barcode)

    def feed_resident(self) -> None:
        step = self.scorer.current
        if step is not None and step.who:
            self._scan(self.scorer.resident(step.who).scan(step.show))

    def skip(self) -> None:
        self._begun(self.scorer.skip(self._clock()))

    # ----- the station's answers -----------------------------------------------------
    def heard(self, raw: str | None, outcome: Outcome) -> None:
        number = raw.strip()[len("TRAIN") :] if raw and outcome.code == "tube_opened" else ""
        if number.isdigit():  # a printed tube scanned: the simulated scanner takes the next
            self._next_tube = max(self._next_tube, int(number) + 1)
        action = Action(
            self._clock(),
            outcome.status.value,
            outcome.code,
            raw=raw,
            message=outcome.message,
            tube=outcome.tube,
            by_drill=self._by_drill,
        )
        begun = self.scorer.feed(action)
        if begun or self.scorer.done:
            QTimer.singleShot(0, lambda: self._begun(begun))  # off the window's own call

    def _begun(self, steps: list[Step]) -> None:
        for step in steps:
            self._play(step)
            if step.auto:
                self._by_drill = True
                try:
                    self._scan(self.scorer.resident(step.who).scan(step.show))
                finally:
                    self._by_drill = False
        self._show()

    def _show(self) -> None:
        drill, step = self.scorer.drill, self.scorer.current
        total = len(drill.steps)
        self.title.setText(f"{self.tr('演练')}：{drill.title} · {drill.about}")
        if step is None:
            self.report = self.scorer.report()
            self.step_label.setText("\n".join(self.report.lines(self._language)))
            self.keys.setText(self.tr("演练结束"))
            self.finished.emit(self.report)
            return
        who = ""
        if step.who and step.do == "person":
            resident = self.scorer.resident(step.who)
            card = self.tr("刷身份证") if step.show == "id" else self.tr("个人码卡")
            who = f"  [{step.who} {self.tr('号')} {mask_name(resident.name)} · {card}]"
        self.step_label.setText(f"{step.number}/{total}  {step.say}{who}")
