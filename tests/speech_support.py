"""Real speech for tests: a speech-dispatcher of the test's own, and the processes it runs."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest


def private_speech(root: Path, monkeypatch: pytest.MonkeyPatch, modules: str = "") -> Path:
    """A speech-dispatcher configuration under `root`, with its audio to nowhere (libao's
    null device: this machine has no sound card, and without a device that takes the samples
    the engine never says that it has finished a line); `modules` replaces its synthesizers
    (e.g. only the dummy one, which has no voice). Returns the private XDG_RUNTIME_DIR, where
    a dispatcher spawned on demand would put its socket."""
    runtime = root / "runtime"
    runtime.mkdir(mode=0o700, parents=True)
    config = root / "config"
    (config / "speech-dispatcher").mkdir(parents=True)
    (config / "speech-dispatcher" / "speechd.conf").write_text(
        'AudioOutputMethod "libao"\n' + modules, encoding="utf-8"
    )
    (root / ".libao").write_text("default_driver=null\n", encoding="utf-8")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("HOME", str(root))  # libao reads ~/.libao
    return runtime


def stop_speech(runtime: Path) -> None:
    """End a speech-dispatcher spawned on demand in `runtime`; its synthesizers end with it."""
    for pid_file in (runtime / "speech-dispatcher" / "pid").glob("*.pid"):
        pid = int(pid_file.read_text().strip())
        try:
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                time.sleep(0.05)
                os.kill(pid, 0)  # ProcessLookupError once it has gone
            os.kill(pid, signal.SIGKILL)  # a daemon wedged on its audio ignores SIGTERM
        except ProcessLookupError:
            pass


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None once it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    """Running: not gone, and not a zombie waiting to be reaped."""
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (FileNotFoundError, ProcessLookupError):
        return ""


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[1] == pid and alive(int(entry.name)):
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            out.append(child)
            todo.append(child)
    return out


def wait_for_child(pid: int, word: str, seconds: float = 60) -> int:
    """The first running child of `pid` whose command line holds `word`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for child in children(pid):
            if word in command(child):
                return child
        time.sleep(0.1)
    raise AssertionError(f"no child of {pid} running {word!r} after {seconds} s")
