"""The triage desk (分诊台): scan or type an ID, see the suggested lane, one key issues a ticket."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.masking import mask_document_number, mask_name
from station.core.records import utcnow
from station.core.settings import Settings
from station.queue.batches import current_batches
from station.queue.lanes import Lane, Reason, age_on, reasons_from_document, suggest_lane
from station.queue.service import Issued, QueueService
from station.queue.triage import person_at_desk
from station.training import admit
from ui.queue.slip import slip_image
from ui.terms import term
from ui.theme import STATE_COLOURS, cjk_family, font

# One key each for what the ID cannot tell; elderly and infants come from the birth date.
REASON_KEYS = {
    "F1": Reason.PREGNANT,
    "F2": Reason.STUDENT,
    "F3": Reason.DISABLED,
    "F4": Reason.INFANT,
}
ISSUE_KEY = "F8"
LANE_KEY = "F9"
TICKETS_KEY = "F10"


class TriageWindow(QWidget):
    """Keyboard-only: the scan field takes codes and typed ID numbers; Enter on an empty field
    (or F8) issues the ticket; F1-F4 mark a priority reason; F9 picks another lane.

    `slip_out(issued, lane_name)` prints the slip or saves it, and returns what to say about
    it; the slip is always shown on screen too.
    """

    issued = Signal(object)  # Issued

    def __init__(
        self,
        queue: QueueService,
        settings: Settings,
        slip_out: Callable[[Issued, str], str] | None = None,
        clock: Callable[[], datetime] = utcnow,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.settings = settings
        self.config = queue.config
        self.slip_out = slip_out
        self.clock = clock
        self.today = today
        self.person: PersonCode | None = None
        self.reasons: set[Reason] = set()
        self.lane: Lane = suggest_lane(self.config.lanes, set(), clock())
        self.last: Issued | None = None
        family = cjk_family()
        self.setWindowTitle(self.tr("分诊台") + f" · {settings.site_name}")
        self.setStyleSheet("background:#10161d;color:#ffffff;")

        self.stack = QStackedWidget()
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.stack)
        self.desk = QWidget()
        self.stack.addWidget(self.desk)
        outer = QHBoxLayout(self.desk)
        outer.addLayout(self._build_left(family), 3)
        self.slip = QLabel()
        self.slip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slip.setMinimumWidth(340)
        outer.addWidget(self.slip, 2)
        self._bind_keys()
        self._say("", "idle")
        self._show_lane()
        self.refresh_batch()
        self.field.setFocus()

    def _build_left(self, family: str | None) -> QVBoxLayout:
        left = QVBoxLayout()
        self.batch_label = QLabel()
        self.batch_label.setFont(font(22, bold=True, family=family))
        left.addWidget(self.batch_label)
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("扫个人码 / 身份证，或输入身份证号后回车"))
        self.field.setFont(font(28, family=family))
        self.field.setStyleSheet("background:#ffffff;color:#000000;padding:6px;")
        self.field.returnPressed.connect(self._enter)
        left.addWidget(self.field)
        building_row = QHBoxLayout()
        label = QLabel(self.tr("楼栋"))
        label.setFont(font(22, family=family))
        self.building = QLineEdit()
        self.building.setPlaceholderText(self.tr("如 3栋（选填）"))
        self.building.setFont(font(22, family=family))
        self.building.setStyleSheet("background:#ffffff;color:#000000;padding:4px;")
        self.building.returnPressed.connect(self.issue)
        building_row.addWidget(label)
        building_row.addWidget(self.building, 1)
        left.addLayout(building_row)
        self.person_label = QLabel(self.tr("未扫码（可直接发号）"))
        self.person_label.setFont(font(30, bold=True, family=family))
        left.addWidget(self.person_label)
        self.reason_label = QLabel()
        self.reason_label.setFont(font(22, family=family))
        self.reason_label.setWordWrap(True)
        left.addWidget(self.reason_label)
        self.lane_label = QLabel()
        self.lane_label.setFont(font(44, bold=True, family=family))
        self.lane_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lane_label.setMinimumHeight(90)
        left.addWidget(self.lane_label)
        self.band = QLabel()
        self.band.setWordWrap(True)
        self.band.setFont(font(26, bold=True, family=family))
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.band.setMinimumHeight(80)
        left.addWidget(self.band)
        keys = "   ".join(f"{k} {term(r.label)}" for k, r in REASON_KEYS.items())
        self.keys = QLabel(
            keys + f"   {LANE_KEY} " + self.tr("换通道") + f"   {ISSUE_KEY}/" + self.tr("回车 发号")
        )
        self.keys.setFont(font(18, family=family))
        self.keys.setStyleSheet("color:#b8c4d0;")
        left.addWidget(self.keys)
        left.addStretch(1)
        return left

    def _bind_keys(self) -> None:
        bindings = [
            *((key, lambda r=reason: self.toggle(r)) for key, reason in REASON_KEYS.items()),
            (ISSUE_KEY, self.issue),
            (LANE_KEY, self.next_lane),
        ]
        for key, slot in bindings:
            # The desk's keys, only while the desk is shown: F8 on another page issues nothing.
            shortcut = QShortcut(QKeySequence(key), self.desk)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def add_tickets_page(self, page: QWidget) -> None:
        """The site's ticket list (hold, release, drop) on F10; Esc comes back to the desk."""
        self.stack.addWidget(page)
        QShortcut(QKeySequence(TICKETS_KEY), self).activated.connect(
            lambda: self.stack.setCurrentWidget(page)
        )
        QShortcut(QKeySequence("Esc"), self).activated.connect(self.show_desk)
        self.keys.setText(self.keys.text() + f"   {TICKETS_KEY} " + self.tr("排队号码"))

    def show_desk(self) -> None:
        self.stack.setCurrentWidget(self.desk)
        self.field.setFocus()

    # ----- input ---------------------------------------------------------------------------
    def _enter(self) -> None:
        text = self.field.text()
        self.field.clear()
        if text.strip():
            self.take(text)
        else:
            self.issue()

    def take(self, raw: str) -> None:
        """A scanned code or a typed ID number: who, and which lane the desk suggests."""
        try:
            self.person = person_at_desk(raw, self.settings.tube, self.settings.box, self._admit)
        except OperatorError as error:
            self._say(error.message(self.settings.language), "error")
            return
        document = self.person.document
        self.reasons = reasons_from_document(
            document, self.today(), self.config.elderly_age, self.config.infant_age
        )
        birth = document.birth_date
        age = " · " + self.tr("{0} 岁").format(age_on(birth, self.today())) if birth else ""
        name = mask_name(self.person.name) or self.tr("（无姓名）")
        self.person_label.setText(f"{name}  {mask_document_number(document.number)}{age}")
        self._suggest()
        self._say(self.tr("回车或 F8 发号"), "idle")

    def _admit(self, raw: str) -> str:
        return admit(raw, self.settings.training)  # training and real codes never mix (issue 15)

    def toggle(self, reason: Reason) -> None:
        self.reasons ^= {reason}
        self._suggest()

    def _suggest(self) -> None:
        self.lane = suggest_lane(self.config.lanes, self.reasons, self.clock())
        self._show_lane()

    def next_lane(self) -> None:
        lanes = [lane for lane in self.config.lanes if lane.enabled]
        self.lane = lanes[(lanes.index(self.lane) + 1) % len(lanes)]
        self._show_lane()

    def _show_lane(self) -> None:
        auto = self.tr("（自动）")
        marks = [
            term(r.label) + (auto if r is Reason.ELDERLY else "") for r in sorted(self.reasons)
        ]
        self.reason_label.setText(self.tr("优先原因：") + ("、".join(marks) or "—"))
        colour = "#0a7d24" if self.lane.priority else "#2b4a6f"
        self.lane_label.setStyleSheet(f"background:{colour};color:#ffffff;border-radius:8px;")
        self.lane_label.setText(self.tr("建议：") + f"{self.lane.name}（{self.lane.code}）")

    # ----- the one key ------------------------------------------------------------------------
    def issue(self) -> None:
        reason = next((r.value for r in sorted(self.reasons) if r in self.lane.reasons), "")
        try:
            issued = self.queue.issue(self.lane.code, self.person, reason, self.building.text())
        except OperatorError as error:
            self._say(error.message(self.settings.language), "error")
            return
        self.last = issued
        ticket = issued.ticket
        said = self.slip_out(issued, self.lane.name) if self.slip_out else ""
        wait = self.tr("约等 {0} 分钟").format(round(issued.wait_min))
        message = f"{ticket.number} · {wait}" + (f" · {said}" if said else "")
        if issued.outside_batch:
            self._say(
                message + "\n" + self.tr("注意：此楼栋不在当前批次（已登记，允许排队）"), "warning"
            )
        else:
            self._say(message, "saved")
        image = slip_image(issued, self.lane.name, self.settings.site_name, dots_per_mm=4.0)
        self.slip.setPixmap(QPixmap.fromImage(image))
        self.issued.emit(issued)
        self.person = None
        self.reasons = set()
        self.building.clear()
        self.person_label.setText(self.tr("未扫码（可直接发号）"))
        self._suggest()
        self.refresh_batch()
        self.field.setFocus()

    def refresh_batch(self) -> None:
        now = current_batches(self.queue.schedule(), self.clock())
        self.batch_label.setText(
            self.tr("当前楼栋：") + "、".join(b.label for b in now)
            if now
            else self.tr("当前楼栋：—")
        )

    def _say(self, text: str, state: str) -> None:
        background, foreground = STATE_COLOURS[state]
        self.band.setStyleSheet(f"background:{background};color:{foreground};padding:8px;")
        self.band.setText(text)
