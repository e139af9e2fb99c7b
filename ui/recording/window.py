"""The recorder's window: one scan field, a huge count, a colour band, sound and speech.

Its parts live beside it: the table page (table_page), the pages under their keys
(page_stack), the correction keys (corrections); the scan field is ui.scan_field.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from station.core.errors import OperatorError
from station.recording import OpenTube, Outcome, RecordingService, Status, TableView
from ui.feedback import Announcer
from ui.fit_label import BandLabel, FitLabel
from ui.recording.corrections import Corrections
from ui.recording.page_stack import PageStack, ScanPage, may_close
from ui.recording.table_page import SIZES, TablePage
from ui.scan_field import ScanField
from ui.scan_router import ScanRouter
from ui.theme import CJK_STRONG_FAMILIES, STATE_COLOURS, font, strong_family

# How long a lone digit waits before it counts as a key rather than a scan's first character.
CHOICE_KEY_MS = 150


class RecorderWindow(QMainWindow):
    """Keyboard-only recording at one table. Pages of other features are mounted by keys."""

    # Emitted after each handled scan with the outcome and the seconds the service took,
    # so benchmarks and the status bar can tell the commit from the screen update.
    handled = Signal(object, float)
    RESTORED_MS = 8000  # how long "已恢复试管 …" stays after a start with a tube open

    def __init__(
        self,
        service: RecordingService,
        announcer: Announcer,
        *,
        slip_printer: Callable[[str], str] | None = None,
        warnings: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.announcer = announcer
        self.slip_printer = slip_printer
        self.last_outcome: Outcome | None = None
        self._state = ""
        self._open: OpenTube | None = None
        self._restoring = False
        self._title = self.tr("核酸采样录入站") + f" · {service.settings.site_name}"
        self.setWindowTitle(self._title)
        self._build(warnings or [])
        self.corrections = Corrections(self)
        self._shortcuts()
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._refresh_header)
        self._clock.start(1000)
        self.router = ScanRouter(self, self.route_scan, self.refuse_in_dialog)
        self._set_state("idle")
        self._apply_sizes()
        self.refresh()
        self._show_restored()

    # ----- layout ------------------------------------------------------------------------
    def _build(self, warnings: list[str]) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)
        self.header = FitLabel()
        self.header.setObjectName("header")
        outer.addWidget(self.header)
        self.banners = QVBoxLayout()
        outer.addLayout(self.banners)
        for text in warnings:
            self.add_banner(text)
        self.strips = QVBoxLayout()
        outer.addLayout(self.strips)
        self.table = TablePage()
        self.stack = PageStack(self.table)
        outer.addWidget(self.stack, 1)
        self.band = BandLabel(lines=2)
        self.band.setObjectName("band")
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.band)
        outer.addWidget(self._build_field())
        self.keys = FitLabel(
            self.tr(
                "F2 补录姓名电话/打印个人码   F3 封管   F4 切换混采   F8 移除   "
                "F9 移管   F10 重开   Ctrl+Z 撤销   Esc 返回录入"
            )
        )
        self.keys.setObjectName("keys")
        outer.addWidget(self.keys)
        self.pages_label = FitLabel()
        self.pages_label.setObjectName("pages")
        self.pages_label.hide()
        outer.addWidget(self.pages_label)
        self.setCentralWidget(central)
        table = self.table  # the table's labels, as the window's own (tests, benchmarks)
        self.tube_label, self.count_label, self.person_label = (
            table.tube_label,
            table.count_label,
            table.person_label,
        )
        self.members_label, self.mode_label = table.members_label, table.mode_label
        self.recent, self.totals_label = table.recent, table.totals_label

    def _build_field(self) -> ScanField:
        self.field = ScanField()
        self.field.setObjectName("scan")
        self.field.setPlaceholderText(self.tr("扫码：试管 / 个人码 / 身份证号 / 指令"))
        # One digit key answers "which document is this number?" without Enter. It waits a
        # moment first: a scanner's burst that starts with a digit goes on within milliseconds.
        self._choice_key = QTimer(self, singleShot=True, interval=CHOICE_KEY_MS)
        self._choice_key.timeout.connect(self._take_choice_key)
        self.field.textEdited.connect(self._maybe_choice_key)
        self.field.scanned.connect(self.route_scan)
        return self.field

    def _apply_sizes(self) -> None:
        """Type scales with the window so the count stays the biggest thing on any screen."""
        h = max(self.height(), 480)
        self.table.apply_sizes(h)
        strong = strong_family()
        self.band.set_fonts(  # the long one as before: Noto's tall lines would squeeze the count
            font(int(h * SIZES["band"]), True, strong_family(CJK_STRONG_FAMILIES)),
            font(int(h * SIZES["band_long"]), True, strong),
        )
        self.field.setFont(font(int(h * 0.035)))
        self.header.setFont(font(int(h * 0.028)))
        self.keys.setFont(font(int(h * 0.022)))
        self.pages_label.setFont(font(int(h * 0.022)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_sizes()

    def _shortcuts(self) -> None:
        fix = self.corrections
        bindings: list[tuple[str, Callable[[], None]]] = [
            ("F3", lambda: self.run(self.service.seal)),
            ("Ctrl+Z", lambda: self.run(self.service.undo)),
            ("F4", fix.cycle_mode),
            ("F2", fix.details),
            ("F8", fix.remove),
            ("F9", fix.move),
            ("F10", fix.reopen),
            ("Esc", self.show_table_page),
        ]
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def add_banner(self, text: str, level: str = "warning", lines: int = 2) -> QLabel:
        """A notice above the table; a lasting state of the machine (no audio) takes one line,
        so that the count keeps its room."""
        banner = FitLabel(text, lines=lines)
        background, foreground = STATE_COLOURS[level]
        banner.setStyleSheet(f"background:{background};color:{foreground};padding:6px;")
        banner.setFont(font(22, bold=True))
        self.banners.addWidget(banner)
        return banner

    def add_strip(self, widget: QWidget) -> None:
        """A feature's strip above the table (the queue's call panel); keys, not clicks, drive
        it, so none of its buttons may take the focus from the scan field."""
        for child in [widget, *widget.findChildren(QWidget)]:
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.strips.addWidget(widget)

    # ----- pages ---------------------------------------------------------------------------
    def add_page(self, key: str, title: str, page: QWidget | Callable[[], QWidget]) -> None:
        """Mount a feature's page, shown by `key` (e.g. "Ctrl+2"); Esc comes back to recording.
        `page` may be a builder: it runs when the key is first pressed (see page_stack)."""
        self.stack.add(key, title, page)
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.activated.connect(lambda: self.open_page(key))
        self.pages_label.setText("   ".join(self.stack.titles()))
        self.pages_label.show()

    def page(self, key: str) -> QWidget:
        """The page under `key`, built if it never was (not shown)."""
        return self.stack.page(key)

    def open_page(self, key: str) -> QWidget:
        page = self.stack.page(key)
        self.show_page(page)
        return page

    def page_title(self, name: str) -> str:
        """Titles of the features' pages, here so that they are translated with the window."""
        return {
            "recall": self.tr("召回"),
            "boxes": self.tr("装箱交接"),
            "results": self.tr("检测结果"),
            "roster": self.tr("花名册"),
            "coverage": self.tr("覆盖统计"),
            "tickets": self.tr("排队号码"),
        }[name]

    def show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        self.setWindowTitle(f"{self._title} · {page.property('title')}")

    def show_table_page(self) -> None:
        self.stack.setCurrentIndex(0)
        self.setWindowTitle(self._title)
        self.field.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not may_close(self, self.stack.built_pages()):  # a page never built is not busy
            event.ignore()
            return
        super().closeEvent(event)

    # ----- scanning ---------------------------------------------------------------------------
    def route_scan(self, text: str) -> None:
        """Every scan, typed into the scan field or a scanner's burst wherever the focus is:
        the page shown takes it if it is for that page; anything else is recorded at the
        table, which comes back to the front."""
        page = self.stack.currentWidget()
        if isinstance(page, ScanPage):
            outcome = page.take_scan(text)
            if outcome is not None:
                self.show_outcome(outcome)
                return
        if self.stack.currentIndex() != 0:
            self.show_table_page()
        self.handle_scan(text)

    def refuse_in_dialog(self, text: str, dialog: QWidget) -> None:
        """A burst while a dialog is open: refused aloud, the dialog left as it was."""
        message = self.tr("窗口未关闭，扫码未录入：请先完成或按 Esc 关闭窗口，再扫一次")
        show_error = getattr(dialog, "show_error", None)
        if callable(show_error):
            show_error(message)
        self.show_outcome(Outcome(Status.ERROR, "unknown", message, code="scan_in_dialog"))

    def handle_scan(self, text: str) -> None:
        started = time.perf_counter()
        outcome = self.service.scan(text)
        took = time.perf_counter() - started
        self.show_outcome(outcome)
        self.handled.emit(outcome, took)

    def _maybe_choice_key(self, text: str) -> None:
        if len(text) == 1 and self.service.awaiting_choice:
            self._choice_key.start()

    def _take_choice_key(self) -> None:
        key = self.field.text()
        if len(key) == 1 and key.isdigit() and self.service.awaiting_choice:
            self.field.clear()
            self.show_outcome(self.service.choose(key))

    def run(self, action: Callable[[], Outcome]) -> None:
        """A key's action: its outcome, or its refusal, shown and said."""
        try:
            outcome = action()
        except OperatorError as error:
            outcome = self.refusal(error)
        self.show_outcome(outcome)

    def refusal(self, error: OperatorError) -> Outcome:
        message = error.message(self.service.settings.language)
        return Outcome(Status.ERROR, "command", message, code=error.code)

    # ----- what the screen shows --------------------------------------------------------------
    def show_outcome(self, outcome: Outcome) -> None:
        """The band says what happened; the tube, count and last person are read back from
        the open tube at once (whatever the outcome names); the side panel follows on the
        next loop turn."""
        self.last_outcome = outcome
        self.band.setText(outcome.message)
        self._set_state(outcome.status.value)
        self.show_tube(self.service.open_tube())
        self.announcer.announce(outcome)
        QTimer.singleShot(0, self.refresh)

    def _set_state(self, state: str) -> None:
        # Restyling is the dearest thing a scan does to the screen: only when the state changes.
        if state == self._state:
            return
        self._state = state
        background, foreground = STATE_COLOURS[state]
        self.band.setStyleSheet(f"background:{background};color:{foreground};padding:8px;")
        self.table.colour_count(self._open, state)

    def refresh(self) -> None:
        self.show_view(self.service.view())

    def show_tube(self, open_tube: OpenTube) -> None:
        """The one place the tube, its count and its last person reach the screen."""
        self._open = open_tube
        self.table.show_tube(open_tube)
        self.table.colour_count(open_tube, self._state)
        if self.last_outcome is None and not self._restoring:
            self.band.setText(self.idle_hint())

    def show_view(self, view: TableView) -> None:
        self.show_tube(view.open)
        self.table.show_view(view)
        self._refresh_header()

    def idle_hint(self) -> str:
        """What the band says before any scan: what the table expects next."""
        if self._open is None or self._open.tube is None:
            return self.tr("请扫试管条码")
        return self.tr("请扫人员码")

    def _show_restored(self) -> None:
        """A start with a tube open (after a restart or a crash) says so, for a few seconds."""
        current = self._open
        if current is None or current.tube is None:
            return
        tube = current.tube
        text = self.tr("已恢复试管 {tube} · {count}/{capacity}").format(
            tube=tube.barcode, count=tube.count, capacity=tube.capacity
        )
        if current.last_person:
            text += self.tr(" · 最后一人 {person}").format(person=current.last_person)
        self._restoring = True
        self.band.setText(text)
        QTimer.singleShot(self.RESTORED_MS, self._restored_shown)

    def _restored_shown(self) -> None:
        self._restoring = False
        if self.last_outcome is None:
            self.band.setText(self.idle_hint())

    def _refresh_header(self) -> None:
        s = self.service.settings
        now = QDateTime.currentDateTime().toString("HH:mm:ss")
        named = s.recorder_named
        recorder = self.tr("录入员 {0}").format(s.recorder) if named else self.tr("未设置录入员")
        self.header.setText(
            self.tr("{site} · {table} 号台 · {recorder} · 轮次 {round} · {now}").format(
                site=s.site_name,
                table=s.table,
                recorder=recorder,
                round=s.round_for(self.service.today()),
                now=now,
            )
        )
