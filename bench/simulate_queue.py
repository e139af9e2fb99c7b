"""Seeded SimPy comparison of the queue policies at ρ 0.9 / 0.97 × priority 20% / 50%.

Prints the table (waits in seconds: mean, p95 and max per class), the default policy's
check against FIFO (priority p95 ≤ 25% of FIFO's, normal max ≤ 1.3 × FIFO's) beside the
lowest priority p95 any policy could reach on the same day with the normal bound kept
(station.queue_hindsight), then the same check over --seeds seeds (how often each bound
held), writes both tables into docs/queue.md between its markers, and ends with one JSON line.

    python bench/simulate_queue.py [--hours 8] [--tables 4] [--seed 20220404] [--seeds 20]
                                   [--no-docs]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from station.queue_compare import (  # noqa: E402
    compare,
    markdown,
    spread,
    spread_markdown,
)
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
    parser.add_argument("--seeds", type=int, default=20, help="seeds of the spread (0 = none)")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/queue.md")
    args = parser.parse_args()
    default = QueueConfig().make_policy()
    rows, verdicts, spreads = [], [], []
    seeds = [args.seed + n for n in range(args.seeds)]
    started = time.perf_counter()
    for utilisation in (0.9, 0.97):
        for share in (0.2, 0.5):
            scenario = Scenario(
                utilisation, share, args.tables, args.service, 0.5, args.hours, args.seed
            )
            found, verdict = compare(scenario, default)
            rows += found
            verdicts.append(verdict)
            if seeds:
                spreads.append(spread(scenario, default, seeds))
    table = markdown(rows, verdicts)
    if spreads:
        table += (
            f"\n\n种子 {seeds[0]}–{seeds[-1]}（每个场景 {len(seeds)} 天）：\n\n"
            + spread_markdown(spreads)
        )
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
                        "best_priority_p95_vs_fifo": round(v.best_ratio, 3),
                        "priority_ok": v.priority_ok,
                        "normal_ok": v.normal_ok,
                    }
                    for v in verdicts
                ],
                "all_met": all(v.priority_ok and v.normal_ok for v in verdicts),
                "seeds": [
                    {
                        "utilisation": sp.scenario.utilisation,
                        "priority_share": sp.scenario.priority_share,
                        "runs": len(sp.verdicts),
                        "priority_ok": sp.count("priority_ok"),
                        "normal_ok": sp.count("normal_ok"),
                        "both_ok": sp.both,
                        "reachable_by_any_policy": sp.count("reachable"),
                        "priority_p95_vs_fifo_median_max": [round(x, 3) for x in sp.priority()],
                        "normal_max_vs_fifo_median_max": [round(x, 3) for x in sp.normal()],
                        "best_priority_p95_vs_fifo_median_max": [round(x, 3) for x in sp.best()],
                    }
                    for sp in spreads
                ],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
