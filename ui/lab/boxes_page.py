"""BoxesPage: pack sealed tubes into a transport box, count, hand over, print the manifest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.core.errors import OperatorError
from station.lab.boxes import BoxService
from station.lab.manifest import build_manifest
from station.recording import Outcome, Status
from ui.lab.manifest_pdf import write_manifest_pdf
from ui.terms import term
from ui.theme import STATE_COLOURS, cjk_family, font

REMOVE_REASONS = ("管体破损", "标签不清", "错装（非本箱）", "实物未找到", "其他")


class BoxesPage(QWidget):
    """The site lead's packing page. Everything is typed or scanned; Enter acts.

    - scan field: a box barcode opens the box, a sealed tube goes in;
    - count field: the tubes counted in hand; Enter closes the box (a mismatch is shown red
      and the box stays in work until it is resolved);
    - take out: tube and reason; handover: transporter and phone, then the manifest PDF is
      written to `manifest_dir`; receipt: scan a box the lab has received;
    - void: an empty box in work is given up with a reason (it could be neither closed nor
      handed over, and the table could open no other box).
    """

    def __init__(
        self, boxes: BoxService, manifest_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.boxes = boxes
        self.manifest_dir = Path(manifest_dir)
        self.last_outcome: Outcome | None = None
        self.last_manifest: Path | None = None
        self.setFont(font(20, family=cjk_family()))
        layout = QVBoxLayout(self)

        title = QLabel(self.tr("装箱与交接"))
        title.setFont(font(30, bold=True, family=cjk_family()))
        self.box_label = QLabel()
        self.box_label.setFont(font(44, bold=True, family=cjk_family()))
        self.band = QLabel(self.tr("扫箱码开箱，再扫已封的试管装箱"))
        self.band.setWordWrap(True)
        self.band.setFont(font(24, bold=True, family=cjk_family()))
        self._state("idle")

        self.scan_field = QLineEdit()
        self.scan_field.setPlaceholderText(self.tr("扫箱码或试管条码"))
        self.scan_field.returnPressed.connect(self._scan)
        self.count_field = QLineEdit()
        self.count_field.setPlaceholderText(self.tr("清点实物数量，回车封箱"))
        self.count_field.returnPressed.connect(self._close)
        self.remove_field = QLineEdit()
        self.remove_field.setPlaceholderText(self.tr("要取出的试管条码"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([term(r) for r in REMOVE_REASONS])
        self.remove_field.returnPressed.connect(self._remove)
        remove_button = QPushButton(self.tr("取出"))
        remove_button.clicked.connect(self._remove)
        self.transporter = QLineEdit()
        self.transporter.setPlaceholderText(self.tr("转运人姓名或扫工牌"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("转运人电话"))
        self.phone.returnPressed.connect(self._hand_over)
        self.handover_box = QLineEdit()
        self.handover_box.setPlaceholderText(self.tr("交接箱码（空：刚封的箱）"))
        handover_button = QPushButton(self.tr("交接并打印交接单"))
        handover_button.clicked.connect(self._hand_over)
        self.receive_field = QLineEdit()
        self.receive_field.setPlaceholderText(self.tr("实验室签收：扫箱码"))
        self.receive_field.returnPressed.connect(self._receive)
        self.void_reason = QLineEdit()
        self.void_reason.setPlaceholderText(self.tr("作废空箱：填写原因，回车"))
        self.void_reason.returnPressed.connect(self._void)
        void_button = QPushButton(self.tr("作废空箱"))
        void_button.clicked.connect(self._void)

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("装箱")), 0, 0)
        grid.addWidget(self.scan_field, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("封箱")), 1, 0)
        grid.addWidget(self.count_field, 1, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("取出")), 2, 0)
        grid.addWidget(self.remove_field, 2, 1)
        grid.addWidget(self.reason, 2, 2)
        grid.addWidget(remove_button, 2, 3)
        grid.addWidget(QLabel(self.tr("交接")), 3, 0)
        handover = QHBoxLayout()
        for widget in (self.handover_box, self.transporter, self.phone, handover_button):
            handover.addWidget(widget)
        grid.addLayout(handover, 3, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("签收")), 4, 0)
        grid.addWidget(self.receive_field, 4, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("作废")), 5, 0)
        grid.addWidget(self.void_reason, 5, 1, 1, 2)
        grid.addWidget(void_button, 5, 3)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("箱码"), self.tr("状态"), self.tr("管数"), self.tr("清点"), self.tr("转运人")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        layout.addWidget(title)
        layout.addWidget(self.box_label)
        layout.addWidget(self.band)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        self._last_closed = ""

    def showEvent(self, event: QShowEvent) -> None:
        """Read each time it is shown, not once when built: the page is kept once built."""
        self.refresh()
        super().showEvent(event)

    # ----- actions ----------------------------------------------------------------------------
    def _do(self, action) -> Outcome:  # type: ignore[no-untyped-def]  # () -> Outcome
        try:
            outcome = action()
        except OperatorError as error:
            language = self.boxes.table.settings.language
            outcome = Outcome(Status.ERROR, "box", error.message(language), code=error.code)
        self.show_outcome(outcome)
        return outcome

    def _scan(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        if text.strip():
            self._do(lambda: self.boxes.scan(text))

    def take_scan(self, text: str) -> Outcome | None:
        """A scanner's burst on this page (the window routes it here): a box or a known tube
        is packed here; anything else (a person, a new tube) is left to the table."""
        if not self.boxes.for_packing(text):
            return None
        return self._do(lambda: self.boxes.scan(text))

    def _close(self) -> None:
        text = self.count_field.text().strip()
        self.count_field.clear()
        current = self.boxes.current()
        if not text.isdigit():
            self.show_outcome(
                Outcome(
                    Status.ERROR, "box", self.tr("请输入清点的实物数量（数字）"), code="bad_count"
                )
            )
            return
        outcome = self._do(lambda: self.boxes.close(int(text)))
        if outcome.code == "box_closed" and current is not None:
            self._last_closed = current.barcode
            self.handover_box.setText(current.barcode)

    def _remove(self) -> None:
        tube = self.remove_field.text().strip()
        self.remove_field.clear()
        self._do(lambda: self.boxes.unpack(tube, self.reason.currentText()))

    def _void(self) -> None:
        """An empty box opened by mistake (or damaged) is given up, so another can be opened."""
        outcome = self._do(lambda: self.boxes.void(self.void_reason.text()))
        if outcome.status is Status.SAVED:
            self.void_reason.clear()

    def _hand_over(self) -> None:
        barcode = self.handover_box.text().strip().upper() or self._last_closed
        outcome = self._do(
            lambda: self.boxes.hand_over(barcode, self.transporter.text(), self.phone.text())
        )
        if outcome.status is Status.SAVED:
            self.last_manifest = self.write_manifest(barcode)
            self.band.setText(outcome.message + self.tr("；交接单：") + str(self.last_manifest))
            self.transporter.clear()
            self.phone.clear()
            self.handover_box.clear()

    def write_manifest(self, barcode: str) -> Path:
        settings = self.boxes.table.settings
        manifest = build_manifest(
            self.boxes.uow, settings.site_name, barcode, self.boxes.table.clock()
        )
        self.manifest_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return write_manifest_pdf(manifest, self.manifest_dir / f"交接单-{barcode}-{stamp}.pdf")

    def _receive(self) -> None:
        barcode = self.receive_field.text().strip().upper()
        self.receive_field.clear()
        if barcode:
            self._do(lambda: self.boxes.receive(barcode))

    # ----- what is shown -----------------------------------------------------------------------
    def _state(self, state: str) -> None:
        background, foreground = STATE_COLOURS[state]
        self.band.setStyleSheet(f"background:{background};color:{foreground};padding:8px;")

    def show_outcome(self, outcome: Outcome) -> None:
        self.last_outcome = outcome
        self.band.setText(outcome.message)
        self._state(outcome.status.value)
        self.refresh()

    def refresh(self) -> None:
        current = self.boxes.current()
        if current is None:
            self.box_label.setText(self.tr("没有装箱中的箱"))
        else:
            counted = (
                ""
                if current.counted is None
                else self.tr("  清点 {0}：数量不符").format(current.counted)
            )
            self.box_label.setText(
                self.tr("箱 {0}  {1}/{2}").format(current.barcode, current.count, current.capacity)
                + counted
            )
            self.box_label.setStyleSheet(
                f"color:{STATE_COLOURS['error'][0]};" if current.mismatch else ""
            )
        boxes = self.boxes.recent()
        self.table.setRowCount(len(boxes))
        for row, box in enumerate(boxes):
            values = (
                box.barcode,
                term(box.status.label),
                str(box.count),
                "" if box.counted is None else str(box.counted),
                box.transporter,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
