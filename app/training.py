"""Training mode in the windows: the band, the watermark, a drill and what its steps do."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtWidgets import QBoxLayout, QMainWindow, QWidget

from app.wiring import Station
from station.core.codes import PersonCode
from station.lab.records import Result
from station.lab.result_sheet import ResultRow
from station.queue.lanes import PRIORITY_LANE, Reason
from station.recording import Outcome
from station.training import WATERMARK, Drill, Report, Scorer, Step
from ui.feedback import Announcer
from ui.lab import RecallBanner
from ui.pdf import set_watermark
from ui.recording import RecorderWindow
from ui.training import DrillStrip, ScanTap, TapAnnouncer, TrainingBand


def mark_window(window: QWidget) -> TrainingBand:
    """The striped band at the very top of any of the station's windows, and marked prints."""
    set_watermark(WATERMARK)
    body = window.centralWidget() if isinstance(window, QMainWindow) else window
    layout = body.layout() if body is not None else None
    band = TrainingBand()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, band)
    return band


def player(station: Station, scorer: Scorer, window: QWidget):  # type: ignore[no-untyped-def]  # (Step) -> None
    """What the drill's own steps do at the station: the lab's result, triage's ticket."""

    def play(step: Step) -> None:
        if step.do == "positive" and station.lab is not None:
            tube = scorer.tubes.get(step.who, "")
            row = ResultRow(line=1, tube=tube, result=Result.POSITIVE, tested_at=None)
            station.lab.results.import_rows([row], [], "培训演练 training drill", False)
            # Now, not at the next poll: the banner shows and the recall page comes first
            # (built by the banner if it never was).
            from ui.lab import RecallPage

            for view in [*window.findChildren(RecallBanner), *window.findChildren(RecallPage)]:
                view.refresh()
        elif step.do == "ticket" and station.queue is not None:
            r = scorer.resident(step.who)
            station.queue.service.issue(
                PRIORITY_LANE.code, PersonCode(r.document, r.name, r.phone), Reason.PREGNANT.value
            )

    return play


class DrillParts:
    """The window's service and announcer, tapped for the drill, and the strip once built."""

    def __init__(
        self,
        station: Station,
        feedback: Announcer,
        drill: Drill,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.station, self.drill, self.clock = station, drill, clock
        self.tap = ScanTap(station.recording)
        self.announcer = TapAnnouncer(feedback, self.tap, self._heard)
        self.scorer = Scorer(drill, drill.line(), clock())
        self.strip: DrillStrip | None = None

    def _heard(self, raw: str | None, outcome: Outcome) -> None:
        if self.strip is not None:
            self.strip.heard(raw, outcome)

    def mount(self, window: RecorderWindow) -> DrillStrip:
        self.strip = DrillStrip(
            self.scorer,
            window.handle_scan,
            player(self.station, self.scorer, window),
            self.clock,
            self.station.settings.language,
        )
        window.add_strip(self.strip)
        self.strip.bind_keys(window)
        self.strip.finished.connect(_print_report)
        self.strip.start()
        return self.strip


def _print_report(report: Report) -> None:
    print("\n".join(report.lines()), flush=True)
    print(f"drill-score {report.score}", file=sys.stderr, flush=True)


def fresh_sandbox(overrides: dict[str, object], drill: str) -> dict[str, object]:
    """A drill starts on an empty training database (its printed tubes are new again) and
    in its own pooling mode; only ever in training, only ever a marked training file."""
    from db.training import reset_training_file
    from station.core.settings import training_database_url
    from station.training import DrillError, load_drill

    if not overrides.get("training"):
        raise DrillError("演练只在培训模式中运行：nat-station --training window --drill …")
    loaded = load_drill(drill)
    reset_training_file(str(overrides.get("database_url") or training_database_url()))
    return {**overrides, "default_mode": loaded.mode}
