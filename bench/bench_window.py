"""In the recorder window: from the scanner's Enter to the count label updated.

Scans are typed into the real window (offscreen) key by key like a scanner. For each one
the time from the Enter key event to the count label showing the new count is split into
the service's part (classify, rules, commit: the baseline measured in the same run) and
what the window adds beyond it. Target: p99 of the part beyond the commit <= 5 ms.
Run: python bench/bench_window.py [--scans 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
from common import emit, shift, summary_ms
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.wiring import open_station
from ui.recording import RecorderWindow


class Silent:
    def announce(self, outcome: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=2000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        station = open_station(database_url=f"sqlite:///{folder}/bench.sqlite3")
        window = RecorderWindow(station.recording, Silent())
        window.resize(1280, 800)
        window.show()
        service_times: list[float] = []
        window.handled.connect(lambda _outcome, took: service_times.append(took))
        totals: list[float] = []
        for text in shift(args.scans):
            for char in text:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    app.sendEvent(
                        window.field,
                        QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char),
                    )
            started = time.perf_counter()
            app.sendEvent(
                window.field,
                QKeyEvent(
                    QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"
                ),
            )
            totals.append(time.perf_counter() - started)  # the label is set when this returns
            tube = station.recording.open_tube().tube  # what the label must show: the open tube
            expected = "—" if tube is None else f"{tube.count} / {tube.capacity}"
            assert window.count_label.text() == expected, window.count_label.text()
            app.processEvents()  # the side panel's refresh, before the next scan
        window.close()
        window.deleteLater()
        app.processEvents()
        station.close()
    beyond = [total - service for total, service in zip(totals, service_times, strict=True)]
    if os.environ.get("BENCH_DEBUG"):
        worst = sorted(range(len(beyond)), key=beyond.__getitem__)[-8:]
        print("slowest beyond the commit:", [(i, round(beyond[i] * 1000, 2)) for i in worst])
    b, s, t = summary_ms(beyond), summary_ms(service_times), summary_ms(totals)
    print(f"Enter to label, total     {t}")
    print(f"service (commit) baseline {s}")
    print(f"beyond the commit         {b}")
    emit(
        {
            "benchmark": "window_enter_to_label",
            "total": t,
            "service_baseline": s,
            "beyond_commit": b,
            "target_beyond_p99_ms": 5.0,
            "met": b["p99_ms"] <= 5.0,
        }
    )


if __name__ == "__main__":
    main()
