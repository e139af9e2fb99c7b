"""Roster benchmarks: import, coverage, untested list and round report, each with a baseline.

    python bench/bench_roster.py                 # 1,000,000-resident import (several minutes)
    python bench/bench_roster.py --rows 100000   # a smaller import, same figures otherwise

Targets (issue 5): import 1,000,000 residents <= 60 s and <= 1 GiB peak RSS; coverage of a
10,000-resident compound <= 50 ms; untested list of a building <= 20 ms; round report of a
10,000-resident compound <= 2 s. The import runs in a child process so that its peak RSS
(ru_maxrss of the child) is the import's alone; with the check's worker processes it is
their RSS summed, sampled every 50 ms from this process. Baselines measured in the same
run: reading the roster file without checking or writing it (and, as a split, reading and
checking it without writing); counting the residents; listing a building's residents
without the tested filter; the recording core's own totals query.
The import and the compound's queries run in a station opened by the app's wiring
(app/wiring.py), every feature attached, as `nat-station roster import` runs them.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stdnum.cn import ric  # noqa: E402

from station.roster.residents import COLUMNS  # noqa: E402

SITE = "基准社区"
ROUND = "第1轮"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国红梅平刚桂兰玉兵文辉力"


def resident_id(n: int) -> str:
    """Unique for n < 3,000,000: a birth date every 10 days from 1930, 1,000 numbers a day."""
    born = date(1930, 1, 1) + timedelta(days=n // 1000 * 10)
    body = f"110105{born:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def write_roster(path: Path, rows: int, seed: int = 7) -> None:
    """A community roster: ~2,000 residents a building, 4 units, 3 people a room."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([header for header, _, _ in COLUMNS])
        for n in range(rows):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", rng.choice(GIVEN)))
            room = n // 3
            writer.writerow(
                [
                    name,
                    "身份证",
                    resident_id(n),
                    "",
                    f"13{n % 10}{n:08d}"[-11:],
                    f"{room // 667 + 1}栋",
                    f"{room // 167 % 4 + 1}单元",
                    f"{room % 167 // 6 + 1}{room % 6 + 1:02d}",
                    "是" if n % 97 == 0 else "",
                    "",
                    "",
                    "是" if n % 13 == 0 else "",
                    "",
                    "",
                ]
            )


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from bench.common import bench_station
from station.roster.files import read_roster_rows
from station.roster.importer import RosterImporter

path, url, what = Path(sys.argv[1]), sys.argv[2], sys.argv[3]  # the importer takes a Path

started = time.perf_counter()
if what == "baseline":
    rows = sum(1 for _ in read_roster_rows(path))
    result = {{"rows": rows}}
elif what == "check":
    from datetime import date
    checked = RosterImporter(None, None).check_file(path, date.today())
    result = {{"rows": checked.rows, "good": len(checked.good), "errors": len(checked.errors)}}
else:
    # The importer exactly as the station wires it (its unit of work, bulk writes).
    station = bench_station(url, path.parent, site_name={site!r}, round={round!r})
    report = station.roster.importer.import_file(path)
    station.close()
    result = {{"rows": report.rows, "created": report.created, "errors": len(report.errors)}}
result["seconds"] = time.perf_counter() - started
result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
result["workers"] = RosterImporter(None, None).check_parts
print(json.dumps(result))
"""


def rss_kib(pid: int | str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def tree_rss_kib(pid: int) -> int:
    """The RSS of a process and its children (the check's workers) together."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            children = fh.read().split()
    except OSError:
        children = []
    return rss_kib(pid) + sum(rss_kib(child) for child in children)


def run_child(path: Path, url: str, what: str) -> dict[str, float]:
    """Runs one measurement in a fresh process; its memory with its workers is sampled from
    here every 50 ms, so that the sampling takes nothing from the process measured."""
    code = CHILD.format(root=str(ROOT), site=SITE, round=ROUND)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            [sys.executable, "-c", code, str(path), url, what], stdout=out, stderr=err, text=True
        )
        peak = 0
        while child.poll() is None:
            peak = max(peak, tree_rss_kib(child.pid))
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise RuntimeError(f"{what} failed:\n{err.read()}")
        result = json.loads(out.read().strip().splitlines()[-1])
    result["peak_rss_with_workers_mib"] = peak / 1024
    return result


def median_ms(action, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    action()  # warm the caches, as a window that refreshes does
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def seed_round(database, share: float = 0.7, seed: int = 3) -> int:  # type: ignore[no-untyped-def]
    """Put `share` of the residents in 10:1 tubes of the round, straight into the tables.

    The event rows are written too: the report reads who recorded each person from them.
    """
    from sqlalchemy import insert, select

    from db.recording.models import EventRow, MemberRow, TubeRow
    from db.roster.models import ResidentRow
    from station.core.records import new_id

    rng = random.Random(seed)
    with database.transaction() as connection:
        people = [r[0] for r in connection.execute(select(ResidentRow.__table__.c.person_id))]
        tested = rng.sample(people, int(len(people) * share))
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=6)
        tubes, members, events = [], [], []
        for index in range(0, len(tested), 10):
            barcode = f"{9000000000 + index // 10}"
            group = tested[index : index + 10]
            opened = start + timedelta(seconds=index * 3)
            tubes.append(
                {
                    "site": SITE,
                    "barcode": barcode,
                    "mode": 10,
                    "status": "sealed",
                    "count": len(group),
                    "table_no": str(index // 10 % 4 + 1),
                    "recorder": f"录入员{index // 10 % 4 + 1}",
                    "round": ROUND,
                    "opened_at": opened,
                    "activated_at": opened,
                    "sealed_at": opened,
                    "under_filled": len(group) < 10,
                }
            )
            for offset, person_id in enumerate(group):
                event_id = new_id()
                at = opened + timedelta(seconds=offset * 3)
                members.append(
                    {
                        "event_id": event_id,
                        "site": SITE,
                        "tube": barcode,
                        "person_id": person_id,
                        "added_at": at,
                        "removed_by": None,
                    }
                )
                events.append(
                    {
                        "id": event_id,
                        "kind": "person_added",
                        "at": at,
                        "site": SITE,
                        "table_no": tubes[-1]["table_no"],
                        "recorder": tubes[-1]["recorder"],
                        "round": ROUND,
                        "tube": barcode,
                        "person_id": person_id,
                        "data": {},
                    }
                )
        connection.execute(insert(TubeRow.__table__), tubes)
        connection.execute(insert(EventRow.__table__), events)
        connection.execute(insert(MemberRow.__table__), members)
        connection.commit()
    return len(tested)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="residents to import")
    parser.add_argument("--compound", type=int, default=10_000, help="residents for the queries")
    args = parser.parse_args()

    from bench.common import bench_station
    from station.roster.ports import ResidentFilter
    from station.roster.report_xlsx import write_report_xlsx

    figures: dict[str, object] = {"rows": args.rows, "compound": args.compound}
    with tempfile.TemporaryDirectory(prefix="bench-roster-") as tmp:
        work = Path(tmp)
        big = work / "roster.csv"
        write_roster(big, args.rows)
        baseline = run_child(big, "", "baseline")
        checked = run_child(big, "", "check")
        imported = run_child(big, f"sqlite:///{work / 'big.sqlite3'}", "import")
        assert imported["created"] == args.rows and imported["errors"] == 0, imported
        figures.update(
            import_s=round(imported["seconds"], 2),
            import_peak_rss_mib=round(imported["peak_rss_mib"], 1),
            import_peak_rss_with_workers_mib=round(
                max(imported["peak_rss_mib"], imported["peak_rss_with_workers_mib"]), 1
            ),
            check_workers=imported["workers"],
            import_rows_per_s=round(args.rows / imported["seconds"]),
            check_only_s=round(checked["seconds"], 2),
            baseline_read_file_s=round(baseline["seconds"], 2),
            baseline_read_peak_rss_mib=round(baseline["peak_rss_mib"], 1),
        )
        print(
            f"import {args.rows:,} residents: {imported['seconds']:.1f} s "
            f"({args.rows / imported['seconds']:,.0f} rows/s), peak RSS "
            f"{imported['peak_rss_mib']:.0f} MiB (with the check's "
            f"{imported['workers']} workers: "
            f"{figures['import_peak_rss_with_workers_mib']:.0f} MiB); baseline read only: "
            f"{baseline['seconds']:.1f} s, {baseline['peak_rss_mib']:.0f} MiB; "
            f"read and check without writing: {checked['seconds']:.1f} s"
        )

        # The compound's queries are measured on their own: the big database's file is gone
        # and its pages are on disk, not still being written back meanwhile.
        for leftover in work.glob("big.sqlite3*"):
            leftover.unlink()
        os.sync()
        small = work / "compound.csv"
        write_roster(small, args.compound, seed=11)
        station = bench_station(
            f"sqlite:///{work / 'compound.sqlite3'}", work, site_name=SITE, round=ROUND
        )
        assert station.roster is not None
        database, roster = station.database, station.roster
        assert roster.importer.import_file(small).created == args.compound
        tested = seed_round(database)
        coverage = roster.coverage.coverage(ROUND)
        assert coverage.tested == tested, (coverage.tested, tested)
        building = coverage.buildings[0].building

        def count_residents() -> None:
            with roster.uow() as store:
                store.residents(ResidentFilter(person_id="-"))

        def building_residents() -> None:
            with roster.uow() as store:
                store.residents(ResidentFilter(building=building))

        def totals() -> None:
            with database.unit_of_work() as work:
                work.recording.totals(ROUND)

        def report() -> None:
            write_report_xlsx(roster.reports.build(ROUND), work / "report.xlsx")

        figures.update(
            coverage_ms=round(median_ms(lambda: roster.coverage.coverage(ROUND)), 2),
            baseline_residents_query_ms=round(median_ms(count_residents), 2),
            untested_building_ms=round(median_ms(lambda: roster.coverage.untested(building)), 2),
            baseline_building_list_ms=round(median_ms(building_residents), 2),
            report_ms=round(median_ms(report, repeat=5), 1),
            baseline_totals_ms=round(median_ms(totals), 2),
            untested_in_building=len(roster.coverage.untested(building)),
            tested=tested,
        )
        station.close()
    print(
        f"coverage of {args.compound:,} residents: {figures['coverage_ms']} ms "
        f"(baseline one indexed query: {figures['baseline_residents_query_ms']} ms)"
    )
    print(
        f"untested list of {building}: {figures['untested_building_ms']} ms for "
        f"{figures['untested_in_building']} people (baseline whole building: "
        f"{figures['baseline_building_list_ms']} ms)"
    )
    print(
        f"round report (build + XLSX): {figures['report_ms']} ms "
        f"(baseline recording totals: {figures['baseline_totals_ms']} ms)"
    )
    figures["targets_met"] = {
        "import_60s": figures["import_s"] <= 60 if args.rows >= 1_000_000 else None,  # type: ignore[operator]
        "import_1gib": figures["import_peak_rss_with_workers_mib"] <= 1024,  # type: ignore[operator]
        "coverage_50ms": figures["coverage_ms"] <= 50,  # type: ignore[operator]
        "untested_20ms": figures["untested_building_ms"] <= 20,  # type: ignore[operator]
        "report_2s": figures["report_ms"] <= 2000,  # type: ignore[operator]
    }
    figures["date"] = date.today().isoformat()
    figures["max_rss_parent_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
