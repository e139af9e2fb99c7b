"""A start loads no library that only some commands, pages or stations need (issue 12 §4):
argon2 waits for the first PIN or an encrypted file, the PostgreSQL dialect for PostgreSQL,
the queue's simulation (simpy) for `plan`, Alembic for a schema behind its head, openpyxl for
a spreadsheet. Run in a fresh interpreter: what is loaded is what `nat-station window` loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAZY = ["argon2", "sqlalchemy.dialects.postgresql", "simpy", "alembic", "openpyxl", "psycopg"]
START = """
import json, sys
from pathlib import Path
import app.main
from app.gui import application, build_window
from app.wiring import open_station
from ui.feedback import Feedback

app = application()
station = open_station()
window = build_window(station, Feedback(Path(sys.argv[1]), "zh", speech=False))
window.show()
app.processEvents()
print(json.dumps([m for m in json.loads(sys.argv[2]) if m in sys.modules]))
station.close()
"""


def start(folder: Path) -> list[str]:
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        NAT_STATION_SITE_NAME="幸福里采样点",
        NAT_STATION_DATA_DIR=str(folder),
        NAT_STATION_CONFIG_DIR=str(folder),
    )
    env.pop("NAT_STATION_DB", None)  # the station's own SQLite file
    done = subprocess.run(
        [sys.executable, "-c", START, str(folder / "sounds"), json.dumps(LAZY)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_start_loads_none_of_the_libraries_only_some_work_needs(tmp_path: Path) -> None:
    assert "alembic" in start(tmp_path)  # a new database: the migrations run, never skipped
    assert start(tmp_path) == []  # the next start, its schema at head, loads none of them
