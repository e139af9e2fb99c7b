"""The queue display fills the screen it is given, in a real X server with no window manager.

A kiosk PC runs the display in a bare X session: there is nobody to honour a full-screen
request, so the window must take the screen's geometry itself (it used to open at 640x360).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SCREENS = ("-screen", "0", "1280x720x24", "-screen", "1", "1920x1080x24")


def _free_display() -> int:
    for number in range(200, 300):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def two_screens() -> Iterator[str]:
    """Xvfb with two X screens (a 1280x720 first monitor, a 1920x1080 second) and no WM."""
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: run bash scripts/setup.sh --test", pytrace=False)
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", *SCREENS, "-nolisten", "tcp"],
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


def _geometry(display: str, screen: int) -> str:
    """`x,y WxH` of the display's window on that X screen, once it is mapped there."""
    env = {**os.environ, "DISPLAY": f"{display}.{screen}"}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "叫号屏"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.split()
        if found:
            shape = subprocess.run(
                ["xdotool", "getwindowgeometry", "--shell", found[0]],
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
            ).stdout
            values = dict(line.split("=") for line in shape.split())
            if values["WIDTH"] != "1":  # mapped, not yet sized
                return f"{values['X']},{values['Y']} {values['WIDTH']}x{values['HEIGHT']}"
        time.sleep(0.2)
    return "no window"


def _run(display: str, db: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    return subprocess.Popen(
        [sys.executable, "-m", "app.main", "display", *args, "--db", f"sqlite:///{db}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    ("args", "screen", "expected"),
    [
        ((), 0, "0,0 1280x720"),  # the first screen by default
        (("--screen", "1"), 1, "0,0 1920x1080"),
        (("--screen", "1", "--windowed"), 1, "0,0 1280x720"),
    ],
)
def test_the_display_fills_the_chosen_screen_without_a_window_manager(
    two_screens: str, tmp_path: Path, args: tuple[str, ...], screen: int, expected: str
) -> None:
    process = _run(two_screens, tmp_path / "station.sqlite3", *args)
    try:
        assert _geometry(two_screens, screen) == expected
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_a_screen_that_is_not_there_is_refused(two_screens: str, tmp_path: Path) -> None:
    process = _run(two_screens, tmp_path / "station.sqlite3", "--screen", "2")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "没有第 2 块屏幕（共 2 块，编号 0–1）" in err
