"""TicketsPage: the round's tickets for the site lead; hold, release, drop or call one by keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station.core.errors import OperatorError
from station.core.records import utcnow
from station.queue.ticket_list import TicketList
from station.queue.tickets import Ticket, TicketState, move, parse_ticket_ref
from station.recording import Outcome, Status
from ui.page_watch import ChangeWatch, PageWatch
from ui.queue.ticket_table import TicketsModel
from ui.scan_field import ScanField
from ui.theme import STATE_COLOURS, cjk_family, font

WAITS_MS = 30_000  # waits grow by the minute even when nothing changes
HOLD, RELEASE, DROP, CALL = Qt.Key.Key_F1, Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F5


class TicketDesk(Protocol):
    """What the page drives: station.queue.service.QueueService has exactly this."""

    def tickets(self) -> TicketList: ...

    def find(self, number: str) -> Ticket: ...

    def hold(self, number: str) -> Ticket: ...

    def release(self, number: str) -> Ticket: ...

    def drop(self, number: str) -> Ticket: ...

    def call_number(self, table: str, number: str) -> Ticket: ...


class TicketField(ScanField):
    """The page's one input: a typed number or a scanned slip; takes the page's F-keys before
    the window's shortcuts do (F3 seals a tube at the table, F1-F3 mark reasons at the desk)."""

    def __init__(self, keys: Callable[[], set[int]], act: Callable[[int], None]) -> None:
        super().__init__()
        self._keys = keys
        self._act = act

    def _ours(self, event: QEvent) -> bool:
        return (
            isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and event.key() in self._keys()
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._ours(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._ours(event):
            self._act(event.key())
            return
        super().keyPressEvent(event)


class TicketsPage(QWidget):
    """Type a number (P003, p3) or scan a slip, Enter shows it; then F1 holds it (暂缓), F2
    lets it back into its place in the line (放行), F3 twice drops it (作废), F5 calls it to
    this table. ↑/↓ walk the list. The list follows every change made anywhere on the site.

    `watch` opens a change watch while the page is shown (closed when hidden); without one the
    page refreshes after its own actions and every half minute. `table` is "" where there is
    no table to call to (the triage desk).
    """

    def __init__(
        self,
        queue: TicketDesk,
        watch: Callable[[], ChangeWatch] | None = None,
        table: str = "",
        language: str = "zh",
        clock: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.table_no = table
        self.language = language
        self.clock = clock
        self.current = ""  # the number the keys act on when the field is empty
        self.confirm_drop = ""  # a number F3 was pressed for once
        self.last_error: OperatorError | None = None
        family = cjk_family()
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("background:#f4f5f7;color:#000000;")  # light in the dark triage desk
        layout = QVBoxLayout(self)

        self.title = QLabel(self.tr("排队号码"))
        self.title.setFont(font(30, bold=True, family=family))
        self.counts = QLabel()
        self.counts.setFont(font(22, family=family))
        self.field = TicketField(self._keys, self._key)
        self.field.setFont(font(28, family=family))
        self.field.setStyleSheet("background:#ffffff;color:#000000;padding:4px;")
        self.field.setPlaceholderText(self.tr("输入号码（如 P003）或扫小票，回车查看"))
        self.field.scanned.connect(self.show_number)
        self.band = QLabel()
        self.band.setWordWrap(True)
        self.band.setFont(font(26, bold=True, family=family))
        self.band.setMinimumHeight(60)
        keys = [self.tr("F1 暂缓"), self.tr("F2 放行"), self.tr("F3 作废（按两次）")]
        if table:
            keys.append(self.tr("F5 叫到本台（{0} 号台）").format(table))
        keys += [self.tr("↑↓ 选号"), self.tr("Esc 返回")]
        self.keys = QLabel("   ".join(keys))
        self.keys.setFont(font(20, bold=True, family=family))

        self.model = TicketsModel(self)
        self.view = self._build_view(family)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.counts, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)
        layout.addWidget(self.field)
        layout.addWidget(self.band)
        layout.addWidget(self.keys)
        layout.addWidget(self.view, 1)

        self.follow = PageWatch(watch, self.refresh, self)
        self._waits = QTimer(self)
        self._waits.timeout.connect(self.refresh)
        self._say(self.tr("输入或扫描号码，再按功能键"), "idle")
        self.refresh()

    def _build_view(self, family: str | None) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the keys
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.setFont(font(22, family=family))
        view.horizontalHeader().setFont(font(20, bold=True, family=family))
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(36)
        # The chosen ticket is framed, not filled: its row keeps the colour of its state.
        view.setStyleSheet(
            "QTableView{background:#ffffff;gridline-color:#d0d4da;"
            "selection-background-color:transparent;selection-color:#000000;}"
            "QTableView::item:selected{border-top:4px solid #1f5fbf;"
            "border-bottom:4px solid #1f5fbf;}"
            "QHeaderView::section{background:#2b2f36;color:#ffffff;padding:4px;}"
        )
        return view

    # ----- shown: watch the queue; hidden: let go of the watch --------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.follow.start()
        self._waits.start(WAITS_MS)
        self.refresh()
        self.field.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.follow.stop()
        self._waits.stop()

    def refresh(self) -> None:
        tickets = self.queue.tickets()
        self.model.set_lines(tickets.lines)
        count = tickets.counts.get
        counts = self.tr("共 {0} 张 · 排队 {1} · 已叫号 {2} · 暂缓 {3} · 已采样 {4} · 作废 {5}")
        text = counts.format(
            sum(tickets.counts.values()),
            tickets.waiting,
            count(TicketState.CALLED, 0),
            count(TicketState.HELD, 0),
            count(TicketState.SERVED, 0),
            count(TicketState.DROPPED, 0),
        )
        if tickets.finished_left_out:
            text += self.tr("（已采样、作废的只列最近 {0} 张）").format(tickets.finished_shown)
        self.counts.setText(text)
        self._select(self.current)

    def _select(self, number: str) -> None:
        row = self.model.row_of(number) if number else -1
        if row < 0:
            self.view.clearSelection()
            return
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))

    # ----- keys ---------------------------------------------------------------------------------
    def _keys(self) -> set[int]:
        keys = {HOLD, RELEASE, DROP, Qt.Key.Key_Up, Qt.Key.Key_Down}
        if self.table_no:
            keys.add(CALL)
        if self.confirm_drop:
            keys.add(Qt.Key.Key_Escape)  # cancels the drop; the next Esc leaves the page
        return keys

    def _key(self, key: int) -> None:
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._walk(-1 if key == Qt.Key.Key_Up else 1)
            return
        if key == Qt.Key.Key_Escape:
            self.confirm_drop = ""
            self._say(self.tr("已取消作废"), "idle")
            return
        number = self.field.text().strip() or self.current
        self.field.clear()
        actions: dict[int, Callable[[str], None]] = {
            HOLD: self.hold,
            RELEASE: self.release,
            DROP: self.drop,
            CALL: self.call,
        }
        actions[key](number)

    def _walk(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        row = self.model.row_of(self.current)
        row = 0 if row < 0 else max(0, min(rows - 1, row + step))
        self.show_number(self.model.lines[row].ticket.number)

    # ----- actions ------------------------------------------------------------------------------
    def _act(self, action: Callable[[], Ticket]) -> Ticket | None:
        try:
            ticket = action()
        except OperatorError as error:
            self.last_error = error
            self._say(error.message(self.language), "error")
            return None
        self.last_error = None
        self.current = ticket.number
        return ticket

    def take_scan(self, text: str) -> Outcome | None:
        """A scanner's burst on this page (the window routes it here): a ticket is shown;
        anything else (a tube, a person) is left to the table."""
        try:
            parse_ticket_ref(text)
        except OperatorError:
            return None
        self.show_number(text)
        if self.last_error is not None:
            return Outcome(Status.ERROR, "ticket", self.band.text(), code=self.last_error.code)
        return Outcome(Status.SAVED, "ticket", self.band.text(), code="ticket_shown")

    def show_number(self, text: str) -> None:
        """Enter: find the ticket, select it and say where it stands."""
        self.confirm_drop = ""
        ticket = self._act(lambda: self.queue.find(text))
        if ticket is None:
            return
        self.refresh()
        row = self.model.row_of(ticket.number)
        line = self.model.lines[row] if row >= 0 else None
        parts = [ticket.number, self.model.words[ticket.state]]
        if line is not None and line.place:
            parts.append(self.tr("第 {0} 位").format(line.place))
        if ticket.table:
            parts.append(self.tr("{0} 号台").format(ticket.table))
        if line is not None and line.wait is not None:
            parts.append(self.tr("已等 {0} 分钟").format(int(line.wait.total_seconds() // 60)))
        if ticket.masked_name:
            parts.append(ticket.masked_name)
        self._say(" · ".join(parts), "idle")

    def hold(self, number: str) -> None:
        self.confirm_drop = ""
        if self._act(lambda: self.queue.hold(number)):
            self._done(self.tr("{0} 已暂缓：放行前不会叫到").format(self.current))

    def release(self, number: str) -> None:
        self.confirm_drop = ""
        if self._act(lambda: self.queue.release(number)):
            self._done(self.tr("{0} 已放行：回到原来的排队位置").format(self.current))

    def drop(self, number: str) -> None:
        """Twice for the same ticket: a dropped ticket is out of the line for good."""
        pending, self.confirm_drop = self.confirm_drop, ""
        ticket = self._act(lambda: self.queue.find(number))
        if ticket is None:
            return
        if pending == ticket.number:
            if self._act(lambda: self.queue.drop(number)):
                self._done(self.tr("{0} 已作废").format(self.current))
            return
        # Ask before asking for a confirmation: a served ticket cannot be dropped at all.
        if self._act(lambda: move(ticket, TicketState.DROPPED, self.clock())) is None:
            return
        self.confirm_drop = ticket.number
        self.refresh()
        self._say(self.tr("再按 F3 确认作废 {0}（Esc 取消）").format(ticket.number), "warning")

    def call(self, number: str) -> None:
        self.confirm_drop = ""
        if self._act(lambda: self.queue.call_number(self.table_no, number)):
            self._done(self.tr("已叫 {0} 到 {1} 号台").format(self.current, self.table_no))

    def _done(self, message: str) -> None:
        self.refresh()
        self._say(message, "saved")

    def _say(self, text: str, state: str) -> None:
        background, foreground = STATE_COLOURS[state]
        self.band.setStyleSheet(f"background:{background};color:{foreground};padding:8px;")
        self.band.setText(text)
