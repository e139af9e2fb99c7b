"""Seeded SimPy comparison of the queue policies at ρ 0.9 / 0.97 × priority 20% / 50%.

Prints the table (waits in seconds: mean, p95 and max per class), the default policy's
check against FIFO (priority p95 ≤ 25% of FIFO's, normal max ≤ 1.3 × FIFO's), writes the
table into docs/queue.md between its markers, and ends with one JSON line.

    python bench/simulate_queue.py [--hours 8] [--tables 4] [--seed 20220404] [--no-docs]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from station.queue_compare import compare, markdown  # noqa: E402
from station.queue_config import QueueConfig  # noqa: E402
from station.queue_sim import Scenario  # noqa: E402

DOC = ROOT / "docs" / "queue.md"
BEGIN, END = "<!-- simulate_queue:begin -->", "<!-- simulate_queue:end -->"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=8.0)
    parser.add_argument("--tables", type=int, default=4)
    parser.add_argument("--service", type=float, default=20.0, help="mean seconds per person")
    parser.add_argument("--seed", type=int, default=20220404)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/queue.md")
    args = parser.parse_args()
    default = QueueConfig().make_policy()
    rows, verdicts = [], []
    started = time.perf_counter()
    for utilisation in (0.9, 0.97):
        for share in (0.2, 0.5):
            scenario = Scenario(
                utilisation, share, args.tables, args.service, 0.5, args.hours, args.seed
            )
            found, verdict = compare(scenario, default)
            rows += found
            verdicts.append(verdict)
    table = markdown(rows, verdicts)
    seconds = time.perf_counter() - started
    setup = (
        f"{args.tables} 台，每人平均 {args.service:.0f} 秒（gamma，变异系数 0.5），"
        f"泊松到达 {args.hours:g} 小时，种子 {args.seed}；默认策略 {default}"
    )
    print(setup)
    print(table)
    if not args.no_docs and DOC.exists():
        text = DOC.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            DOC.write_text(f"{head}{BEGIN}\n{setup}\n\n{table}\n{END}{tail}", encoding="utf-8")
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "baseline": "fifo",
                "scenarios": [
                    {
                        "utilisation": v.scenario.utilisation,
                        "priority_share": v.scenario.priority_share,
                        "priority_p95_vs_fifo": round(v.priority_ratio, 3),
                        "normal_max_vs_fifo": round(v.normal_ratio, 3),
                        "priority_ok": v.priority_ok,
                        "normal_ok": v.normal_ok,
                    }
                    for v in verdicts
                ],
                "all_met": all(v.priority_ok and v.normal_ok for v in verdicts),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
