"""CoveragePage: people per hour today and coverage by building, as Qt Charts for the site lead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.roster.coverage import Coverage
from ui.theme import STATE_COLOURS, cjk_family, font

CoverageSource = Callable[[], Coverage]
HoursSource = Callable[[], list[tuple[datetime, int]]]
ExportReport = Callable[[Path], Path]  # writes the round report (XLSX) and logs the export


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTheme(QChart.ChartTheme.ChartThemeDark)  # first: a theme resets the fonts
    chart.setTitle(title)
    chart.setTitleFont(font(22, bold=True, family=cjk_family()))
    chart.legend().setFont(font(16, family=cjk_family()))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _big_bar_labels(series: QBarSeries | QHorizontalStackedBarSeries) -> None:
    for bar_set in series.barSets():
        bar_set.setLabelFont(font(16, bold=True, family=cjk_family()))


def whole_step(top: float) -> int:
    """A tick interval of whole people for an axis up to `top`: 1, 2, 5, 10, 20, 50... with
    at most about six ticks. (Qt's nice numbers give 0.2 steps below 5, shown as 0 0 0 0 1.)"""
    scale = 1
    while True:
        for unit in (1, 2, 5):
            if top / (unit * scale) <= 5:
                return unit * scale
        scale *= 10


def _count_axis(top: float) -> QValueAxis:
    """A value axis of people counts from 0 to at least `top`, ticks on whole numbers."""
    step = whole_step(top)
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setRange(0, max(1, -(-top // step)) * step)
    return axis


def _big_labels(*axes: QAbstractAxis) -> None:
    for axis in axes:
        axis.setLabelsFont(font(16, family=cjk_family()))


class CoveragePage(QWidget):
    """Two charts and a headline; `refresh()` reads again (call it after scans or on a timer)."""

    def __init__(
        self,
        coverage: CoverageSource,
        per_hour: HoursSource,
        export_report: ExportReport | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._coverage = coverage
        self._per_hour = per_hour
        self._export_report = export_report
        self.setStyleSheet("background:#1b1e23;color:#ffffff")
        self.headline = QLabel()
        self.headline.setFont(font(30, bold=True, family=cjk_family()))
        self.hours_view = QChartView()
        self.buildings_view = QChartView()
        for view in (self.hours_view, self.buildings_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(320)
        charts = QHBoxLayout()
        charts.addWidget(self.hours_view, 1)
        charts.addWidget(self.buildings_view, 1)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        self.export_button = QPushButton(self.tr("导出轮次报表…"))
        self.export_button.setFont(font(20, family=cjk_family()))
        self.export_button.setVisible(export_report is not None)
        self.export_button.clicked.connect(self._choose_export)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(charts, 1)

    def showEvent(self, event: QShowEvent) -> None:
        """Read each time it is shown, not once when built: the page is kept once built."""
        self.refresh()
        super().showEvent(event)

    def _choose_export(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存轮次报表"), "轮次报表.xlsx", self.tr("Excel (*.xlsx)")
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> Path | None:
        """Write the round report to `path` (the button asks for it first)."""
        if self._export_report is None:
            return None
        written = self._export_report(path)
        self.headline.setText(self.tr("报表已写入 {0}").format(written))
        return written

    def refresh(self) -> None:
        coverage = self._coverage()
        hours = self._per_hour()
        share = coverage.tested / coverage.expected if coverage.expected else 0.0
        self.headline.setText(
            self.tr("轮次 {0}：已检 {1} / 应检 {2}（{3:.0%}），未检 {4}").format(
                coverage.round.name,
                coverage.tested,
                coverage.expected,
                share,
                coverage.expected - coverage.tested,
            )
        )
        self.hours_view.setChart(self._hours_chart(hours))
        self.buildings_view.setChart(self._buildings_chart(coverage))

    def _hours_chart(self, hours: list[tuple[datetime, int]]) -> QChart:
        chart = _chart(self.tr("今日每小时检测人数"))
        people = QBarSet(self.tr("人数"))
        people.setColor(QColor("#3d8bfd"))
        labels = []
        for hour, count in hours:
            people.append(count)
            labels.append(f"{hour:%H}:00")
        series = QBarSeries()
        series.append(people)
        series.setLabelsVisible(True)
        _big_bar_labels(series)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(labels or ["—"])
        # Room above the tallest bar for its label.
        axis_y = _count_axis(max([count for _, count in hours] + [1]) * 1.15)
        _big_labels(axis_x, axis_y)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setVisible(False)
        return chart

    def _buildings_chart(self, coverage: Coverage) -> QChart:
        chart = _chart(self.tr("各楼栋覆盖（已检 / 未检）"))
        tested = QBarSet(self.tr("已检"))
        tested.setColor(QColor(STATE_COLOURS["saved"][0]))
        untested = QBarSet(self.tr("未检"))
        untested.setColor(QColor(STATE_COLOURS["error"][0]))
        # Bottom to top reads top to bottom: reverse so the first building is on top.
        buildings = list(reversed(coverage.buildings))
        for building in buildings:
            tested.append(building.tested)
            untested.append(building.untested)
        series = QHorizontalStackedBarSeries()
        series.append(tested)
        series.append(untested)
        series.setLabelsVisible(True)
        _big_bar_labels(series)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([b.building for b in buildings] or ["—"])
        axis_x = _count_axis(max([b.expected for b in buildings] + [1]))
        _big_labels(axis_x, axis_y)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        return chart

    def series_values(self) -> dict[str, list[float]]:
        """What the charts show, by set label (for tests and accessibility)."""
        values: dict[str, list[float]] = {}
        for view in (self.hours_view, self.buildings_view):
            for series in view.chart().series():
                for bar_set in series.barSets():
                    values[bar_set.label()] = [bar_set.at(i) for i in range(bar_set.count())]
        return values
