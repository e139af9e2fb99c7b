"""The speaker process's lifetime: it dies with the window that started it, and so does the
speech-dispatcher it talks to, which is its own.

A speech-dispatcher spawned on demand (libspeechd's autospawn) daemonizes: it outlives the
process that spawned it, is shared by every later client on the same socket, and one wedged on
its audio ignores SIGTERM. After a window was killed, the next window's speaker connected to
that stale daemon and heard no voice. So the speaker starts a dispatcher of its own on a
private socket, in the foreground, as its child; the kernel kills both when their parent dies
(PR_SET_PDEATHSIG), whatever state they are in, and the dispatcher's synthesizers end when it
does (their pipes close).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PREFIX = "nat-speech-"
START_SECONDS = 10.0  # the dispatcher's socket appears within a second on a small machine
_STOP_SECONDS = 1.0  # then SIGKILL: a dispatcher wedged on its audio ignores SIGTERM


def die_with_parent(parent: int | None = None) -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; if `parent` has died
    already (before the request could be made), exit now. False where Linux's prctl is
    missing (the process then still ends on its standard input's end)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent:
        os._exit(0)  # the parent went before we asked: nobody is left to speak for
    return True


class PrivateDispatcher:
    """A speech-dispatcher for this process only, on a socket in a private directory."""

    def __init__(self, program: str) -> None:
        _clean_stale(Path(tempfile.gettempdir()))
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        self.socket = self.folder / "speechd.sock"
        parent = os.getpid()
        self.process = subprocess.Popen(
            [
                program,
                "--run-single",
                "--timeout",
                "0",
                "--communication-method",
                "unix_socket",
                "--socket-path",
                str(self.socket),
                "--pid-file",
                str(self.folder / "speechd.pid"),
                "--log-dir",
                str(self.folder),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Called before any thread starts (see start()): prctl only, in the child.
            preexec_fn=lambda: die_with_parent(parent),
        )

    @property
    def address(self) -> str:
        """What libspeechd reads from SPEECHD_ADDRESS."""
        return f"unix_socket:{self.socket}"

    def ready(self, seconds: float = START_SECONDS) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.socket.exists():
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(engines: list[str]) -> PrivateDispatcher | None:
    """The speaker's own dispatcher when Qt will speak through speech-dispatcher, with
    SPEECHD_ADDRESS pointing there; None when another engine speaks (or none is installed).
    Call it before the Qt application starts its threads."""
    program = shutil.which("speech-dispatcher")
    if not engines or engines[0] != "speechd" or program is None:
        return None
    dispatcher = PrivateDispatcher(program)
    if not dispatcher.ready():
        dispatcher.stop()
        return None  # Qt's own way then: the shared daemon, spawned on demand
    os.environ["SPEECHD_ADDRESS"] = dispatcher.address
    return dispatcher


def _clean_stale(base: Path) -> None:
    """Remove private folders left by speakers that were killed (their pid has gone)."""
    for folder in base.glob(f"{PREFIX}*-*"):
        pid = folder.name[len(PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: alive
    return True
