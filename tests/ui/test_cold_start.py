"""A start builds the table and nothing nobody asked for (issue 12 §4): each feature's page,
and the module behind it (Qt Charts, Qt PDF, the lab's and roster's pages), waits for its key.
Run in a fresh interpreter, so that what is loaded is what a start loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = [
    "PySide6.QtCharts",
    "ui.pdf",
    "ui.lab.boxes_page",
    "ui.lab.recall_page",
    "ui.lab.results_page",
    "ui.roster.roster_page",
    "ui.roster.coverage_page",
    "ui.queue.tickets_page",
    "ui.audit.page",
    "ui.access.dialogs",
]
START = """
import json, sys
from pathlib import Path
from app.gui import application, build_window
from app.wiring import open_station
from ui.feedback import Feedback

app = application()
station = open_station()
window = build_window(station, Feedback(Path(sys.argv[1]), "zh", speech=False))
window.show()
app.processEvents()
report = {"pages": window.stack.count(), "keys": window.stack.keys(), "loaded": []}
report["loaded"] = [m for m in json.loads(sys.argv[2]) if m in sys.modules]
for key in window.stack.keys():
    window.open_page(key)
report["after"] = [m for m in json.loads(sys.argv[2]) if m in sys.modules]
report["built"] = window.stack.count()
print(json.dumps(report))
station.close()
"""


def test_a_start_builds_no_page_and_loads_no_pages_module(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NAT_STATION_SITE_NAME="幸福里采样点")
    done = subprocess.run(
        [sys.executable, "-c", START, str(tmp_path / "sounds"), json.dumps(HEAVY)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["keys"] == [f"Ctrl+{n}" for n in range(2, 9)]
    assert report["pages"] == 1 and report["loaded"] == []  # the table alone, nothing loaded
    # Every key still opens its page, and with it the page's module.
    assert report["built"] == 1 + len(report["keys"])
    assert set(report["after"]) == set(HEAVY) - {"ui.access.dialogs"}
