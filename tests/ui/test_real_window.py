"""The real program in a real X window: xdotool types scans at scanner speed and presses keys.

Offscreen Qt cannot map every key (Ctrl+digit, Esc) the way a keyboard layout does; here the
X server and its keymap deliver them exactly as at a sampling table.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

TITLE = "核酸采样录入站"
ZHANG_SAN = "NP1.R.11010519491231002X.13812345678.5byg5LiJ"


def _free_display() -> int:
    for number in range(90, 200):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def display() -> Iterator[str]:
    """An Xvfb of this test's own (never skipped: scripts/setup.sh --test installs it)."""
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: run bash scripts/setup.sh --test", pytrace=False)
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert server.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.1)
    yield f":{number}"
    server.terminate()
    server.wait(10)


def xdotool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=60)
    return done.stdout.strip()


def wait_for_name(env: dict[str, str], window: str, part: str, present: bool = True) -> str:
    """The window's title once it does (or does not) hold `part` (no window manager here)."""
    deadline = time.monotonic() + 15
    while True:
        name = xdotool(env, "getwindowname", window)
        if (part in name) == present or time.monotonic() > deadline:
            return name
        time.sleep(0.1)


def test_scanner_bursts_and_keys_in_a_real_window(display: str, app_dirs) -> None:  # type: ignore[no-untyped-def]
    env = dict(
        os.environ,
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        NAT_STATION_SPEECH="0",
        NAT_STATION_TABLE="3",
        NAT_STATION_SITE_NAME="幸福里采样点",  # a site set and no accounts: no set-up dialog
    )

    def queue(*args: str) -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-m", "app.main", "queue", *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout)

    assert queue("issue")["number"] == "A001"
    app = subprocess.Popen(
        [sys.executable, "-m", "app.main"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        window = xdotool(env, "search", "--sync", "--name", TITLE).splitlines()[0]
        xdotool(env, "windowactivate", "--sync", window)
        for scan in ["0012345678", ZHANG_SAN, "110102198001010009", "11010219800101005x"]:
            xdotool(env, "type", "--delay", "5", scan)  # a scanner's burst ...
            xdotool(env, "key", "Return")  # ... and its Enter
        xdotool(env, "key", "ctrl+5")
        assert "花名册" in wait_for_name(env, window, "花名册")
        xdotool(env, "key", "Escape")
        assert "花名册" not in wait_for_name(env, window, "花名册", present=False)
        # The ticket page: its F-keys act on tickets, not on the open tube.
        xdotool(env, "key", "ctrl+7")
        assert "排队号码" in wait_for_name(env, window, "排队号码")
        xdotool(env, "type", "--delay", "5", "a1")
        xdotool(env, "key", "F3")  # asks to drop A001: seals nothing
        xdotool(env, "key", "Escape")  # takes the question back, stays on the page
        xdotool(env, "key", "F1")  # holds A001
        xdotool(env, "key", "Escape")
        assert "排队号码" not in wait_for_name(env, window, "排队号码", present=False)
        xdotool(env, "type", "--delay", "5", "110102198001010017")  # the tube is still open
        xdotool(env, "key", "Return")
        xdotool(env, "key", "F3")  # seal now, under-filled
        time.sleep(1.0)
    finally:
        app.terminate()
        output = app.communicate(timeout=20)[0].decode("utf-8", "replace")
    report = subprocess.run(
        [sys.executable, "-m", "app.main", "report", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    totals = json.loads(report.stdout)
    assert (totals["people"], totals["tubes_sealed"], totals["tubes_open"]) == (4, 1, 0), output
    released = queue("release", "--number", "A001")
    assert released == {"number": "A001", "state": "issued"}  # the page's F1 had held it
