"""Cold start of the recorder window to ready-to-scan, against a bare Qt window started alike.

Each run is a fresh process (interpreter, imports, database open and migration check, fonts,
speech engine, window shown), timed from spawn to the window reporting its scan field ready.
Baseline in the same run: a process that imports PySide6, shows an empty window and quits.
Beside the wall time, each process's own CPU seconds (from its exit's rusage, so they include
its shutdown): on a machine shared with other work the CPU ratio moves less than the wall's.

`--before DIR` times a second tree (a checkout of an earlier commit, e.g. made with
`git archive <commit> | tar -x -C DIR`) in the same run, interleaved with this one and the
bare window, so that before and after share one baseline.
Each tree's bytecode is written by its first (untimed) run, as an installed package has its own.
The CPU seconds include the speaker process the station starts (ui.speaker): set
NAT_STATION_SPEECH=0 to time the station without it.
Targets: the station ready within 2 s, and at most 4x the bare window (issue 12).
Run: python bench/bench_startup.py [--runs 7] [--before DIR]
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

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 4.0
BARE_QT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication(sys.argv)
w = QLineEdit(); w.showMaximized(); w.setFocus()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""


def timed(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """Seconds from spawning the process to its "ready" line (shutdown is not counted), and
    the CPU seconds the process used in all."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("ready"):
            took = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"{command} exited without getting ready")
    process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return took, usage.ru_utime + usage.ru_stime


def environment(folder: str, tree: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        NAT_STATION_DATA_DIR=folder,
        NAT_STATION_CONFIG_DIR=folder,
        NAT_STATION_EXIT_WHEN_READY="1",
        NAT_STATION_SITE_NAME="幸福里采样点",  # set: no first-start dialog
        PYTHONPATH=str(tree),  # this tree's code, whatever the venv points at
    )
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed station reads its modules' bytecode: the first run writes it for each tree,
    # else every run would compile the whole tree again (and the older tree's more than ours).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def report(name: str, runs: list[tuple[float, float]], bare: dict[str, float]) -> dict:
    wall = statistics.median(t for t, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    ratio, cpu_ratio = wall / bare["wall"], cpu / bare["cpu"]
    print(
        f"{name:>7}: ready median {wall:.3f} s (max {max(t for t, _ in runs):.3f} s) = "
        f"{ratio:.2f}x bare; CPU median {cpu:.3f} s = {cpu_ratio:.2f}x bare"
    )
    return {
        f"{name}_median_s": round(wall, 3),
        f"{name}_max_s": round(max(t for t, _ in runs), 3),
        f"{name}_cpu_s": round(cpu, 3),
        f"{name}_ratio": round(ratio, 2),
        f"{name}_cpu_ratio": round(cpu_ratio, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="an earlier tree to time in the same run")
    args = parser.parse_args()
    trees = {"station": ROOT} | ({"before": args.before.resolve()} if args.before else {})
    window = [sys.executable, "-m", "app.main", "window"]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in [*trees, "bare"]}
    with tempfile.TemporaryDirectory() as folder:
        envs = {name: environment(folder, tree) for name, tree in trees.items()}
        for name, tree in trees.items():  # the first run creates and migrates the database
            timed(window, envs[name], tree)
        for _ in range(args.runs):
            for name, tree in trees.items():
                times[name].append(timed(window, envs[name], tree))
            times["bare"].append(timed([sys.executable, "-c", BARE_QT], envs["station"]))
    bare = {
        "wall": statistics.median(t for t, _ in times["bare"]),
        "cpu": statistics.median(c for _, c in times["bare"]),
    }
    print(f"   bare: ready median {bare['wall']:.3f} s; CPU median {bare['cpu']:.3f} s")
    figures: dict[str, object] = {"benchmark": "cold_start", "runs": args.runs}
    figures |= {"bare_qt_median_s": round(bare["wall"], 3), "bare_qt_cpu_s": round(bare["cpu"], 3)}
    for name in trees:
        figures |= report(name, times[name], bare)
    station_max = max(t for t, _ in times["station"])
    figures |= {
        "ratio": figures["station_ratio"],
        "target_s": 2.0,
        "target_ratio": RATIO_TARGET,
        "met": station_max <= 2.0 and figures["station_ratio"] <= RATIO_TARGET,  # type: ignore[operator]
    }
    emit(figures)


if __name__ == "__main__":
    main()
