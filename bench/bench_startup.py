"""Cold start of the recorder window to ready-to-scan, against a bare Qt window started alike.

Each run is a fresh process (interpreter, imports, database open and migration check, fonts,
speech engine, window shown), timed from spawn to the window reporting its scan field ready.
Baseline in the same run: a process that imports PySide6, shows an empty window and quits.
Target: the station ready within 2 s. Run: python bench/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import emit

BARE_QT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication(sys.argv)
w = QLineEdit(); w.showMaximized(); w.setFocus()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning the process to its "ready" line (shutdown is not counted)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("ready"):
            took = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"{command} exited without getting ready")
    process.wait(timeout=60)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(
            os.environ,
            NAT_STATION_DATA_DIR=folder,
            NAT_STATION_CONFIG_DIR=folder,
            NAT_STATION_EXIT_WHEN_READY="1",
            NAT_STATION_SITE_NAME="幸福里采样点",
        )  # set: no first-start dialog
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        station = [sys.executable, "-m", "app.main", "window"]
        timed(station, env)  # first run creates and migrates the database: not a cold start
        stations, bares = [], []
        for _ in range(args.runs):
            stations.append(timed(station, env))
            bares.append(timed([sys.executable, "-c", BARE_QT], env))
    s, b = statistics.median(stations), statistics.median(bares)
    print(f"station ready: median {s:.3f} s, max {max(stations):.3f} s")
    print(f"bare Qt window: median {b:.3f} s  (station costs {s - b:.3f} s more)")
    emit(
        {
            "benchmark": "cold_start",
            "runs": args.runs,
            "station_median_s": round(s, 3),
            "station_max_s": round(max(stations), 3),
            "bare_qt_median_s": round(b, 3),
            "ratio": round(s / b, 2),
            "target_s": 2.0,
            "met": max(stations) <= 2.0,
        }
    )


if __name__ == "__main__":
    main()
