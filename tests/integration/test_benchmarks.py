"""The benchmarks measure the station a user runs: built by app/wiring.py, not by hand."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Cold start and the window's key-to-label path have a harness of their own (a bare Qt
# window, the recorder window); the queue simulations build no station at all.
OWN_HARNESS = {"bench_startup.py", "bench_window.py"}
BY_HAND = re.compile(
    r"\b(Database|RecordingService|QueueService|LookupService|SqlAuditTrail"
    r"|build_roster|build_queue|build_lab|queue_unit_of_work|lookup_unit_of_work)\("
)


def test_no_benchmark_builds_the_station_by_hand() -> None:
    by_hand = {
        source.name: BY_HAND.findall(source.read_text(encoding="utf-8"))
        for source in sorted((ROOT / "bench").glob("*.py"))
        if source.name not in OWN_HARNESS
    }
    assert {name: found for name, found in by_hand.items() if found} == {}


def test_bench_scan_times_the_wired_station_beside_the_bare_one(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "bench/bench_scan.py", "--scans", "23", "--dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["wired"] is True
    # The live guard first, then every feature's handler: boxes, recalls, households, queue.
    assert result["scan_handlers"][0] == "LiveGuard" and len(result["scan_handlers"]) >= 5
    for arm in ("service", "bare_service", "raw_sqlite3_baseline"):
        assert result[arm]["n"] == 23
    ratio = result["service"]["p50_ms"] / result["raw_sqlite3_baseline"]["p50_ms"]
    assert result["p50_ratio"] == round(ratio, 3)
    assert result["target_p50_ratio"] == 2.0 and result["target_p99_ratio"] == 1.5
    assert {"p99_ratio", "met", "p50_met", "bare_p50_ratio", "bare_p99_ratio"} <= set(result)
