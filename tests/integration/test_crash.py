"""The crash test: `nat-station scan` on a SQLite file, killed with SIGKILL at random moments,
again and again; every scan it reported as saved must still be there, exactly once.

A scan is reported only after its commit, so a scan committed but killed before its line was
printed may be present without having been reported; the reverse (reported, then missing) is
the failure this test exists to catch. Each new child continues the shift from the state the
database holds, as the recorder would after a power cut.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from db.recording.store import Database
from station.core.settings import Settings
from station.recording import RecordingService

SEED = 20221001
KILLS = 26
SITE = "崩溃测试采样点"
TABLE = "2"
DEFAULT_MODE = 10
NAMES = ["王𠇔", "买买提·艾力", "张三", "欧阳娜娜", ""]


@dataclass
class Scan:
    text: str
    kind: str  # tube / person / seal / mode
    target: str = ""  # barcode, document number or mode


@dataclass
class Shift:
    """What the database must hold: the model the test keeps beside the child."""

    current: str | None = None
    next_mode: int = DEFAULT_MODE
    # barcode -> (mode, status, count, table, under_filled, sealed), as check_projection says
    tubes: dict[str, tuple[object, ...]] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)  # document number -> tube

    def copy(self) -> Shift:
        return replace(self, tubes=dict(self.tubes), members=dict(self.members))

    def apply(self, scan: Scan) -> tuple[object, ...]:
        """Take one scan; returns the reply the child must print for it."""
        if scan.kind == "tube":
            self.tubes[scan.target] = (self.next_mode, "open", 0, TABLE, False, False)
            self.current, self.next_mode = scan.target, DEFAULT_MODE
            return ("saved", "tube", scan.target, 0, self.tubes[scan.target][0], False)
        if scan.kind == "mode":
            self.next_mode = int(scan.target)
            return ("saved", "command", *self._fields())
        barcode = self.current
        assert barcode is not None
        mode, _, count, _, _, _ = self.tubes[barcode]
        if scan.kind == "person":
            count += 1  # type: ignore[operator]
            self.members[scan.target] = barcode
        full = scan.kind == "seal" or count == mode
        under = scan.kind == "seal" and count < mode  # type: ignore[operator]
        self.tubes[barcode] = (mode, "sealed" if full else "open", count, TABLE, under, full)
        reply = ("saved", "command" if scan.kind == "seal" else "person", *self._fields())
        if full:
            self.current = None
        return reply

    def _fields(self) -> tuple[object, ...]:
        if self.current is None:
            return (None, 0, 0, False)
        mode, status, count, *_ = self.tubes[self.current]
        return (self.current, count, mode, status == "sealed")


@dataclass
class Planner:
    """Scans consistent with a shift: tubes when none is open, people, seals, mode changes."""

    rng: random.Random
    people: object  # the `people` fixture
    issued: int = 0

    def next(self, shift: Shift) -> Scan:
        r = self.rng.random()
        if shift.current is None:
            if r < 0.3:
                mode = self.rng.choice([1, 5, 10, 20])
                return Scan(f"NATCMD:MODE:{mode}", "mode", str(mode))
            self.issued += 1
            barcode = f"{5000000000 + self.issued}"
            return Scan(barcode, "tube", barcode)
        mode, _, count, *_ = shift.tubes[shift.current]
        if count and r < 0.08:
            return Scan("NATCMD:SEAL", "seal")
        if count and r < 0.12:
            mode = self.rng.choice([1, 5, 10, 20])
            return Scan(f"NATCMD:MODE:{mode}", "mode", str(mode))
        if mode == 1 and r < 0.6:  # a single tube may take any document
            self.issued += 1
            number = f"E{self.issued:08d}"
            return Scan(
                self.people.code("John Smith", "", number, doc_type="passport"),  # type: ignore[attr-defined]
                "person",
                number,
            )
        number = self.people.resident_id()  # type: ignore[attr-defined]
        if r < 0.5:
            return Scan(number, "person", number)  # typed / ID card reader
        name = self.rng.choice(NAMES)
        return Scan(self.people.code(name, "13812345678", number), "person", number)  # type: ignore[attr-defined]


class Child:
    """One `nat-station scan` process; a thread collects its stdout lines as they come."""

    def __init__(self, url: str, stderr: Path) -> None:
        script = Path(sys.executable).with_name("nat-station")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "app.main"]
        self.stderr = stderr.open("ab")
        self.proc = subprocess.Popen(
            [*command, "scan", "--db", url, "--table", TABLE, "--mode", str(DEFAULT_MODE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env={**os.environ, "NAT_STATION_SITE_NAME": SITE},
        )
        self.lines: list[bytes] = []
        self.printed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.printed:
                self.lines.append(line)
                self.printed.notify_all()
        with self.printed:
            self.printed.notify_all()

    def wait_for(self, replies: int, timeout: float = 90) -> None:
        with self.printed:
            done = self.printed.wait_for(
                lambda: len(self.lines) >= replies or self.proc.poll() is not None, timeout
            )
        assert done, f"the child printed {len(self.lines)} of {replies} lines in {timeout} s"

    def feed(self, scans: list[Scan]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(s.text + "\n" for s in scans).encode())
        self.proc.stdin.flush()

    def kill(self) -> list[bytes]:
        """SIGKILL now; then every line it managed to print (the pipe keeps them)."""
        alive = self.proc.poll() is None
        self.proc.send_signal(signal.SIGKILL)
        self.close()
        assert alive, f"the child died by itself ({self.proc.returncode}), see {self.stderr.name}"
        return self.lines

    def close(self) -> int:
        returncode = self.proc.wait(timeout=90)
        self.reader.join(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout, self.stderr):
            if stream is not None:
                stream.close()
        return returncode


def restored(url: str, check_projection: Callable) -> tuple[dict, dict, object]:  # type: ignore[type-arg]
    """What a new process finds: the projection, active memberships by document, and the
    table's current tube as the window would show it."""
    projection = check_projection(url, SITE)
    database = Database(url, SITE)
    try:
        with database.transaction() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        settings = Settings(site_name=SITE, table=TABLE, default_mode=DEFAULT_MODE)
        tube = RecordingService(database.unit_of_work, settings).view().tube
    finally:
        database.dispose()
    numbers = {pid: p[1] for pid, p in projection.persons.items()}
    active: dict[str, list[str]] = {}
    for tube_barcode, person_id, removed_by in projection.members.values():
        if removed_by is None:
            active.setdefault(numbers[person_id], []).append(tube_barcode)
    current = (tube.barcode, tube.count, tube.capacity) if tube else None
    return projection.tubes, active, current


def expected_state(shift: Shift) -> tuple[dict, dict, object]:  # type: ignore[type-arg]
    current = None
    if shift.current is not None:
        mode, _, count, *_ = shift.tubes[shift.current]
        current = (shift.current, count, mode)
    active = {number: [barcode] for number, barcode in shift.members.items()}
    return shift.tubes, active, current


@pytest.mark.slow
def test_killed_again_and_again_loses_no_reported_scan(
    tmp_path: Path,
    people,
    check_projection: Callable,  # type: ignore[no-untyped-def]
) -> None:
    rng = random.Random(SEED)
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    planner = Planner(rng, people)
    shift = Shift()  # the state the database holds after the last kill
    kills = reported = unreported_commits = startup_kills = 0
    started = time.monotonic()
    while kills < KILLS:
        plan: list[Scan] = []
        ahead = shift.copy()
        expected: list[tuple[object, ...]] = []
        for _ in range(rng.randint(5, 40)):
            plan.append(planner.next(ahead))
            expected.append(ahead.apply(plan[-1]))

        child = Child(url, tmp_path / "child.stderr")
        child.feed(plan)
        if kills % 6 == 0:  # while it imports, migrates (the first time) and opens the file
            time.sleep(rng.uniform(0.05, 1.0))
        else:  # after some replies, most likely in the middle of the next scan
            child.wait_for(rng.randint(1, len(plan)))
            time.sleep(rng.uniform(0.0, 0.015))
        lines = child.kill()
        kills += 1
        startup_kills += not lines

        context = f"seed {SEED}, kill {kills}, {len(lines)} of {len(plan)} scans reported"
        assert all(line.endswith(b"\n") for line in lines), context  # a line is whole or absent
        assert len(lines) <= len(plan), context  # one line per scan, never more
        for line, want in zip(lines, expected, strict=False):
            reply = json.loads(line)
            got = tuple(reply[k] for k in ("status", "kind", "tube", "count", "capacity", "sealed"))
            assert got == want, f"{context}: {reply['message']}"
        reported += len(lines)

        # The database holds every reported scan exactly once, and at most the one after it.
        found = restored(url, check_projection)
        after = shift.copy()
        for scan in plan[: len(lines)]:
            after.apply(scan)
        for number, barcode in after.members.items():
            assert found[1].get(number) == [barcode], f"{context}: person {number} of {barcode}"
        if found != expected_state(after):
            assert len(lines) < len(plan), f"{context}: database differs from the replies"
            after.apply(plan[len(lines)])  # committed, killed before it printed
            assert found == expected_state(after), f"{context}: more than one scan unreported"
            unreported_commits += 1
        shift = after
        shift.next_mode = DEFAULT_MODE  # the next tube's mode lived in the killed process

    elapsed = time.monotonic() - started
    # A clean end: the last child reads to the end of its input and exits 0, nothing changed.
    child = Child(url, tmp_path / "child.stderr")
    assert child.proc.stdin is not None
    child.proc.stdin.close()
    assert child.close() == 0
    assert restored(url, check_projection) == expected_state(shift)
    people_saved = sum(t[2] for t in shift.tubes.values())  # type: ignore[misc]
    assert people_saved == len(shift.members) > KILLS
    print(
        f"\ncrash test: {kills} kills ({startup_kills} before any reply), {reported} replies, "
        f"{people_saved} people in {len(shift.tubes)} tubes, {unreported_commits} commits "
        f"landed unreported, {elapsed:.1f} s"
    )
