"""`nat-station triage` and `nat-station display` start as real windows (offscreen) and quit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("command", "window"), [("triage", "TriageWindow"), ("display", "QueueDisplay")]
)
def test_window_commands_start(command: str, window: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NAT_STATION_EXIT_WHEN_READY": "1",
        "NAT_STATION_SPEECH": "0",
    }
    args = [
        sys.executable,
        "-m",
        "app.main",
        command,
        "--db",
        f"sqlite:///{tmp_path / 'station.sqlite3'}",
    ]
    if command == "display":
        args += ["--windowed", "--screen", "0"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"ready {window} ")
