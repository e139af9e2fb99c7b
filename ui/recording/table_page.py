"""The table page: the open tube in the largest type, its count, its last person, the recent
tubes and the day's totals, read back from the recording service's view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station.recording import OpenTube, TableView
from ui.fit_label import CountLabel, FitLabel
from ui.terms import one_or_many, term
from ui.theme import STATE_COLOURS, font, strong_family

# Type heights as a share of the window's height, read through a fogged shield at two metres:
# on 1920x1080, OCR still reads the count at 1/8 scale and the tube and the band at 1/4, each
# with a 3-pixel blur (tests/ui/test_legible.py).
# The band: one line, up to "band" high, when the message fits there in more than "band_long",
# else two lines of "band_long".
SIZES = {"count": 0.26, "tube": 0.12, "band": 0.14, "band_long": 0.11}
NO_TUBE_GREY = "#8a8f98"


class TablePage(QWidget):
    """Page 0 of the window's stack: what the table is filling, and what it filled today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count_style = ""
        row = QHBoxLayout(self)
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
        row.addWidget(self._side(), 1)

    def _side(self) -> QFrame:
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
        return frame

    def apply_sizes(self, height: int) -> None:
        """Type scales with the window so the count stays the biggest thing on any screen."""
        strong = strong_family()
        self.count_label.largest = font(int(height * SIZES["count"]), True, strong, heavy=True)
        self.tube_label.setFont(font(int(height * SIZES["tube"]), True, strong))
        self.mode_label.setFont(font(int(height * 0.05), bold=True))
        self.person_label.setFont(font(int(height * 0.07), bold=True))
        self.members_label.setFont(font(int(height * 0.03)))
        self.recent.setFont(font(int(height * 0.026)))
        self.totals_label.setFont(font(int(height * 0.03), bold=True))

    def show_tube(self, open_tube: OpenTube) -> None:
        """The one place the tube, its count and its last person reach the screen."""
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

    def colour_count(self, open_tube: OpenTube | None, state: str) -> None:
        # The count turns green when saved and amber when asked to confirm; a refusal changes
        # nothing in the tube, so the count stays plain; with no tube open there is no count.
        if open_tube is None or open_tube.tube is None:
            colour = NO_TUBE_GREY
        elif state in ("saved", "warning"):
            colour = STATE_COLOURS[state][0]
        else:
            colour = "#111111"
        if colour != self._count_style:  # restyling is dear: only when the colour changes
            self._count_style = colour
            self.count_label.setStyleSheet(f"color:{colour};")

    def show_view(self, view: TableView) -> None:
        """The side panel: the next tube's mode, the recent tubes, the day's totals."""
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
