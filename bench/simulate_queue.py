"""Seeded SimPy comparison of the queue policies at ρ 0.9 / 0.97 × priority 20% / 50%.

Prints the table (waits in seconds: mean, p95 and max per class), the default policy's
check against FIFO (priority p95 ≤ 25% of FIFO's, normal max ≤ 1.3 × FIFO's) beside the
lowest priority p95 any policy could reach on the same day with the normal bound kept
(station.queue_hindsight), then the same check over --seeds seeds (how often each bound
held), on two sets of days: the tuning set (from --tune-seed, the days the default was tuned
on) and the untouched set (from --seed, never looked at while tuning; the docs show it). Then
the error of the wait each ticket was told at issue against its real wait, and, with
--online-bound, the bound for policies that do not know the future (station.queue_online_bound)
on the untouched days. Writes the tables into docs/queue.md between its markers, and ends with
one JSON line.

    python bench/simulate_queue.py [--hours 8] [--tables 4] [--seed 20220404] [--seeds 20]
                                   [--tune-seed 1] [--online-bound] [--no-docs]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.queue_compare import (  # noqa: E402
    NORMAL_MAX_FACTOR,
    compare,
    forecast_errors,
    markdown,
    spread,
    spread_markdown,
)
from bench.queue_online_bound import online_bound  # noqa: E402
from station.queue.config import QueueConfig  # noqa: E402
from station.queue.sim import Scenario  # noqa: E402

DOC = ROOT / "docs" / "queue.md"
FUTURES = 4  # futures each untouched day forks into ...
FORKS_H = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)  # ... at each of these hours
BEGIN, END = "<!-- simulate_queue:begin -->", "<!-- simulate_queue:end -->"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=8.0)
    parser.add_argument("--tables", type=int, default=4)
    parser.add_argument("--service", type=float, default=20.0, help="mean seconds per person")
    parser.add_argument("--seed", type=int, default=20220404)
    parser.add_argument("--seeds", type=int, default=20, help="seeds of the spread (0 = none)")
    parser.add_argument("--tune-seed", type=int, default=1, help="first seed of the tuning set")
    parser.add_argument(
        "--online-bound", action="store_true", help="the non-clairvoyant bound (takes minutes)"
    )
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/queue.md")
    args = parser.parse_args()
    default = QueueConfig().make_policy()
    rows, verdicts, spreads, tuned, forecasts, bounds = [], [], [], [], [], []
    seeds = [args.seed + n for n in range(args.seeds)]
    tuning = [args.tune_seed + n for n in range(args.seeds)]
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
                tuned.append(spread(scenario, default, tuning))
                forecasts.append((scenario, forecast_errors(scenario, default, seeds[:5])))
            if seeds and args.online_bound:
                bounds.append((scenario, _online(scenario, seeds)))
    table = markdown(rows, verdicts)
    if spreads:
        table += (
            f"\n\n未调参的种子 {seeds[0]}–{seeds[-1]}（每个场景 {len(seeds)} 天，"
            "调参时从未看过）：\n\n"
            + spread_markdown(spreads)
            + f"\n\n调参用的种子 {tuning[0]}–{tuning[-1]}：\n\n"
            + spread_markdown(tuned)
            + f"\n\n发号时的预计等待与实际等待（秒），种子 {seeds[0]}–{seeds[:5][-1]}：\n\n"
            + _forecast_markdown(forecasts)
        )
    if bounds:
        table += "\n\n不知道未来的策略的下限（分叉，见下文），未调参的种子：\n\n" + _bound_markdown(
            bounds
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
                "seeds": [_spread_json(sp) for sp in spreads],
                "tuning_seeds": [_spread_json(sp) for sp in tuned],
                "forecast": [
                    {
                        "utilisation": sc.utilisation,
                        "priority_share": sc.priority_share,
                        **{
                            lane: {
                                "median_abs_s": round(e.median_abs, 1),
                                "p90_abs_s": round(e.p90_abs, 1),
                                "median_wait_s": round(e.median_wait, 1),
                                "relative": round(e.relative, 3),
                            }
                            for lane, e in zip(("normal", "priority"), errors, strict=True)
                        },
                    }
                    for sc, errors in forecasts
                ],
                "online_bound": [
                    {
                        "utilisation": sc.utilisation,
                        "priority_share": sc.priority_share,
                        "own_day_median_max": [round(x, 3) for x in _median_max(lows)],
                        "days_where_no_online_policy_meets_2x": sum(h > 2.0 for h in highs),
                    }
                    for sc, (lows, highs) in bounds
                ],
            }
        )
    )
    return 0


def _median_max(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2], ordered[-1]


def _online(scenario: Scenario, seeds: list[int]) -> tuple[list[float], list[float]]:
    """Per untouched day: the non-clairvoyant bound on the day itself, and on its forks."""
    lows, highs = [], []
    for seed in seeds:
        futures = [1_000_000 * (j + 1) + seed for j in range(FUTURES)]
        low, high = online_bound(replace(scenario, seed=seed), futures, FORKS_H, NORMAL_MAX_FACTOR)
        lows.append(low)
        highs.append(high)
    return lows, highs


def _forecast_markdown(forecasts) -> str:  # type: ignore[no-untyped-def]
    lines = [
        "| 利用率 ρ | 优先占比 | 通道 | 误差中位 | 误差 p90 | 实际等待中位 "
        "| 误差中位 / 实际中位（≤ 0.2） |",
        "|---:|---:|---|---:|---:|---:|---:|",
    ]
    for sc, errors in forecasts:
        for lane, e in zip(("普通", "优先"), errors, strict=True):
            lines.append(
                f"| {sc.utilisation:.2f} | {sc.priority_share:.0%} | {lane} | {e.median_abs:.0f} | "
                f"{e.p90_abs:.0f} | {e.median_wait:.0f} | {e.relative:.2f} |"
            )
    return "\n".join(lines)


def _bound_markdown(bounds) -> str:  # type: ignore[no-untyped-def]
    lines = [
        "| 利用率 ρ | 优先占比 | 天数 | 当天下限 / 事后最优 中位 · 最大 "
        "| 分叉里有一天必超 2× 的天数 |",
        "|---:|---:|---:|---:|---:|",
    ]
    for sc, (lows, highs) in bounds:
        median, worst = _median_max(lows)
        lines.append(
            f"| {sc.utilisation:.2f} | {sc.priority_share:.0%} | {len(lows)} | "
            f"{median:.2f} · {worst:.2f} | {sum(h > 2.0 for h in highs)} |"
        )
    return "\n".join(lines)


def _spread_json(sp) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
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
        "priority_p95_vs_bound_per_day": [round(v.bound_ratio, 3) for v in sp.verdicts],
        "priority_p95_vs_bound_median_max": [round(x, 3) for x in sp.bound()],
        "target_met": sp.target_met,
    }


if __name__ == "__main__":
    sys.exit(main())
