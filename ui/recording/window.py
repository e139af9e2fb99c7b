"""The recorder's window: one scan field, a huge count, a colour band, sound and speech."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QDateTime, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station.access.roles import Permission
from station.core.errors import OperatorError
from station.core.pooling import PoolingMode
from station.recording.service import OpenTube, Outcome, RecordingService, Status, TableView
from ui.feedback import Announcer
from ui.fit_label import BandLabel, CountLabel, FitLabel
from ui.scan_router import ScanRouter
from ui.terms import one_or_many, term
from ui.theme import CJK_STRONG_FAMILIES, STATE_COLOURS, font, strong_family

# How long a lone digit waits before it counts as a key rather than a scan's first character.
CHOICE_KEY_MS = 150

# Type heights as a share of the window's height, read through a fogged shield at two metres:
# on 1920x1080, OCR still reads the count at 1/8 scale and the tube and the band at 1/4, each
# with a 3-pixel blur (tests/ui/test_legible.py).
# The band: one line, up to "band" high, when the message fits there in more than "band_long",
# else two lines of "band_long".
SIZES = {"count": 0.26, "tube": 0.12, "band": 0.14, "band_long": 0.11}
MODE_CYCLE = [PoolingMode.TEN, PoolingMode.TWENTY, PoolingMode.FIVE, PoolingMode.SINGLE]


class ScanField(QLineEdit):
    """The one input: a keyboard-wedge scanner types a burst of characters and Enter."""

    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.returnPressed.connect(self._emit)

    def event(self, event: QEvent) -> bool:
        # QLineEdit claims Ctrl+Z for its own text undo, and Ctrl+digit as typing; at the table
        # Ctrl+Z undoes a scan and Ctrl+digit opens a page.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or (
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier
                    and Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9
                )
            )
        ):
            event.ignore()
            return True
        return super().event(event)

    def _emit(self) -> None:
        text = self.text()
        self.clear()
        if text.strip():
            self.scanned.emit(text)


@runtime_checkable
class ScanPage(Protocol):
    """A page that takes some scans itself (a box on the boxes page, a ticket on the tickets
    page): the outcome to show, or None for a scan that is not for the page (it is recorded)."""

    def take_scan(self, text: str) -> Outcome | None: ...


@runtime_checkable
class BusyPage(Protocol):
    """A page that may be in the middle of long work when the window is closed."""

    def close_warning(self) -> str | None: ...  # what closing now would interrupt; None: idle

    def stop(self) -> None: ...  # end the work cleanly, waiting for it


class RecorderWindow(QMainWindow):
    """Keyboard-only recording at one table. Pages of other features are mounted by F-keys."""

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
        self._count_style = ""
        self._open: OpenTube | None = None
        self._restoring = False
        self._pages: dict[str, QWidget] = {}
        settings = service.settings
        self._title = self.tr("核酸采样录入站") + f" · {settings.site_name}"
        self.setWindowTitle(self._title)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)

        self.header = FitLabel()
        self.header.setObjectName("header")
        outer.addWidget(self.header)
        self.banners = QVBoxLayout()
        outer.addLayout(self.banners)
        for text in warnings or []:
            self.add_banner(text)

        self.strips = QVBoxLayout()
        outer.addLayout(self.strips)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_table_page())
        # No page, however wide its text, widens the window or pushes the band off it.
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        outer.addWidget(self.stack, 1)

        self.band = BandLabel(lines=2)
        self.band.setObjectName("band")
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.band)

        self.field = ScanField()
        self.field.setObjectName("scan")
        self.field.setPlaceholderText(self.tr("扫码：试管 / 个人码 / 身份证号 / 指令"))
        # One digit key answers "which document is this number?" without Enter. It waits a
        # moment first: a scanner's burst that starts with a digit goes on within milliseconds.
        self._choice_key = QTimer(self, singleShot=True, interval=CHOICE_KEY_MS)
        self._choice_key.timeout.connect(self._take_choice_key)
        self.field.textEdited.connect(self._maybe_choice_key)
        self.field.scanned.connect(self.route_scan)
        outer.addWidget(self.field)

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
        self._page_titles: list[str] = []
        outer.addWidget(self.pages_label)
        self.setCentralWidget(central)

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
    def _build_table_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.tube_label = FitLabel()
        self.tube_label.setObjectName("tube")
        self.mode_label = QLabel()
        self.mode_label.setObjectName("mode")
        left.addWidget(self.tube_label)  # the whole width: the barcode in the largest type
        self.count_label = CountLabel()
        self.count_label.setObjectName("count")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        left.addWidget(self.count_label, 1)
        self.person_label = FitLabel()
        self.person_label.setObjectName("person")
        self.person_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left.addWidget(self.person_label)
        self.members_label = FitLabel()
        self.members_label.setObjectName("members")
        left.addWidget(self.members_label)
        row.addLayout(left, 3)

        side = QVBoxLayout()
        side.addWidget(self.mode_label)
        side.addWidget(QLabel(self.tr("最近试管")))
        self.recent = QListWidget()
        self.recent.setObjectName("recent")
        self.recent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        side.addWidget(self.recent, 1)
        self.totals_label = FitLabel(lines=3)
        self.totals_label.setObjectName("totals")
        side.addWidget(self.totals_label)
        frame = QFrame()
        frame.setLayout(side)
        frame.setObjectName("side")
        frame.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(frame, 1)
        return page

    def _apply_sizes(self) -> None:
        """Type scales with the window so the count stays the biggest thing on any screen."""
        h = max(self.height(), 480)
        strong = strong_family()
        self.count_label.largest = font(int(h * SIZES["count"]), True, strong, heavy=True)
        self.tube_label.setFont(font(int(h * SIZES["tube"]), True, strong))
        self.mode_label.setFont(font(int(h * 0.05), bold=True))
        self.person_label.setFont(font(int(h * 0.07), bold=True))
        self.members_label.setFont(font(int(h * 0.03)))
        self.band.set_fonts(  # the long one as before: Noto's tall lines would squeeze the count
            font(int(h * SIZES["band"]), True, strong_family(CJK_STRONG_FAMILIES)),
            font(int(h * SIZES["band_long"]), True, strong),
        )
        self.field.setFont(font(int(h * 0.035)))
        self.header.setFont(font(int(h * 0.028)))
        self.keys.setFont(font(int(h * 0.022)))
        self.pages_label.setFont(font(int(h * 0.022)))
        self.recent.setFont(font(int(h * 0.026)))
        self.totals_label.setFont(font(int(h * 0.03), bold=True))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_sizes()

    def _shortcuts(self) -> None:
        bindings: list[tuple[str, Callable[[], None]]] = [
            ("F3", lambda: self._run(self.service.seal)),
            ("Ctrl+Z", lambda: self._run(self.service.undo)),
            ("F4", self._cycle_mode),
            ("F2", self._details),
            ("F8", self._remove),
            ("F9", self._move),
            ("F10", self._reopen),
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

    def add_page(self, key: str, title: str, page: QWidget) -> None:
        """Mount a feature's page, shown by `key` (e.g. "Ctrl+2"); Esc comes back to recording."""
        self.stack.addWidget(page)
        self._pages[key] = page
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.activated.connect(lambda: self.show_page(page))
        page.setProperty("title", title)
        self._page_titles.append(f"{key} {title}")
        self.pages_label.setText("   ".join(self._page_titles))
        self.pages_label.show()

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

    def add_strip(self, widget: QWidget) -> None:
        """A feature's strip above the table (the queue's call panel); keys, not clicks, drive
        it, so none of its buttons may take the focus from the scan field."""
        for child in [widget, *widget.findChildren(QWidget)]:
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.strips.addWidget(widget)

    def show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        self.setWindowTitle(f"{self._title} · {page.property('title')}")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing while a page still works (a roster import): ask, then stop it cleanly
        instead of leaving the process writing on, unseen, after the window is gone."""
        for page in self._pages.values():
            if not isinstance(page, BusyPage):
                continue
            agreed: str | None = None
            # The work goes on while the question is open: asked again if what closing would
            # interrupt changed meanwhile (the check ended and writing began).
            while (warning := page.close_warning()) is not None and warning != agreed:
                answer = QMessageBox.question(
                    self,
                    self.tr("仍在工作"),
                    warning + "\n\n" + self.tr("仍要关闭吗？"),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    event.ignore()
                    return
                agreed = warning
            page.stop()
        super().closeEvent(event)

    def show_table_page(self) -> None:
        self.stack.setCurrentIndex(0)
        self.setWindowTitle(self._title)
        self.field.setFocus()

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

    def _run(self, action: Callable[[], Outcome]) -> None:
        try:
            outcome = action()
        except OperatorError as error:
            outcome = self._refusal(error)
        self.show_outcome(outcome)

    def _refusal(self, error: OperatorError) -> Outcome:
        message = error.message(self.service.settings.language)
        return Outcome(Status.ERROR, "command", message, code=error.code)

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
        self._count_colour()

    def _count_colour(self) -> None:
        # The count turns green when saved and amber when asked to confirm; a refusal changes
        # nothing in the tube, so the count stays plain; with no tube open there is no count.
        if self._open is None or self._open.tube is None:
            colour = "#8a8f98"
        elif self._state in ("saved", "warning"):
            colour = STATE_COLOURS[self._state][0]
        else:
            colour = "#111111"
        if colour != self._count_style:
            self._count_style = colour
            self.count_label.setStyleSheet(f"color:{colour};")

    def refresh(self) -> None:
        view = self.service.view()
        self.show_view(view)

    def show_tube(self, open_tube: OpenTube) -> None:
        """The one place the tube, its count and its last person reach the screen."""
        self._open = open_tube
        tube = open_tube.tube
        if tube is None:
            self.tube_label.setText(self.tr("没有打开的试管"))
            self.count_label.setText("—")
            self.members_label.setText("")
        else:
            self.tube_label.setText(self.tr("试管 ") + tube.barcode)
            self.count_label.setText(f"{tube.count} / {tube.capacity}")
            self.members_label.setText("  ".join(m.name or "—" for m in open_tube.members))
        self.person_label.setText(open_tube.last_person)
        self._count_colour()
        if self.last_outcome is None and not self._restoring:
            self.band.setText(self.idle_hint())

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

    def show_view(self, view: TableView) -> None:
        self.show_tube(view.open)
        self.mode_label.setText(self.tr("下一管 ") + term(view.next_mode.label))
        self.recent.clear()
        for item in view.recent:
            state = {"open": self.tr("在用"), "sealed": self.tr("已封")}.get(item.status.value, "")
            flag = self.tr(" 未满") if item.under_filled else ""
            self.recent.addItem(f"{item.barcode}  {item.count}/{item.capacity}  {state}{flag}")
        totals = view.totals
        self.totals_label.setText(
            self.tr(
                "今日 {round}\n{persons} · {samples}\n已封 {sealed} 管 · 在用 {open} 管"
            ).format(
                round=view.round,
                persons=one_or_many(totals.persons, self.tr("1 人"), self.tr("{0} 人")),
                samples=one_or_many(totals.people, self.tr("1 次"), self.tr("{0} 次")),
                sealed=totals.tubes_sealed,
                open=totals.tubes_open,
            )
        )
        self._view = view
        self._refresh_header()

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

    # ----- keyboard corrections -----------------------------------------------------------------
    def _permitted(self, permission: Permission) -> bool:
        """A key's action the signed-in role may not do is refused before any dialog opens."""
        try:
            self.service.require(permission)
        except OperatorError as error:
            self.show_outcome(self._refusal(error))
            return False
        return True

    def _cycle_mode(self) -> None:
        current = self.service.next_mode
        following = MODE_CYCLE[(MODE_CYCLE.index(current) + 1) % len(MODE_CYCLE)]
        self._run(lambda: self.service.set_mode(following))

    def _members(self) -> list[tuple[str, str]]:
        view = self.service.view()
        return [(m.person_id, m.name) for m in view.members]

    def _details(self) -> None:
        if not self._permitted(Permission.ADD_DETAILS):
            return
        from ui.recording.correction_dialogs import DetailsDialog

        outcome = self.last_outcome
        if outcome is None or not outcome.person_id:
            self.show_outcome(Outcome(Status.ERROR, "command", self.tr("先扫一个人，再补录")))
            return
        dialog = DetailsDialog(self.service, outcome.person_id, self.slip_printer, self)
        dialog.exec()
        self.show_table_page()

    def _remove(self) -> None:
        if not self._permitted(Permission.CORRECT):
            return
        from ui.recording.correction_dialogs import RemoveDialog

        members = self._members()
        if not members:
            self.show_outcome(Outcome(Status.ERROR, "command", self.tr("当前试管没有人")))
            return
        dialog = RemoveDialog(members, self)
        if dialog.exec():
            person_id, reason = dialog.choice()
            self._run(lambda: self.service.remove(person_id, reason))
        self.show_table_page()

    def _move(self) -> None:
        if not self._permitted(Permission.CORRECT):
            return
        from ui.recording.correction_dialogs import MoveDialog

        members = self._members()
        if not members:
            self.show_outcome(Outcome(Status.ERROR, "command", self.tr("当前试管没有人")))
            return
        dialog = MoveDialog(members, self)
        if dialog.exec():
            person_id, target, reason = dialog.choice()
            self._run(lambda: self.service.move(person_id, target, reason))
        self.show_table_page()

    def _reopen(self) -> None:
        if not self._permitted(Permission.CORRECT):
            return
        from ui.recording.correction_dialogs import ReopenDialog

        dialog = ReopenDialog(self)
        if dialog.exec():
            barcode = dialog.barcode()
            self._run(lambda: self.service.reopen(barcode))
        self.show_table_page()
