"""The policies side by side on the simulated site, and the acceptance check of the default."""

from __future__ import annotations

from dataclasses import dataclass

from station.queue_policy import Fifo, Policy, StrictPriority
from station.queue_sim import ClassStats, Scenario

# The default must keep priority p95 within this share of FIFO's ...
PRIORITY_P95_SHARE = 0.25
# ... and the normal line's worst wait within this multiple of FIFO's.
NORMAL_MAX_FACTOR = 1.3


@dataclass(frozen=True)
class Row:
    scenario: Scenario
    policy: str
    priority: ClassStats
    normal: ClassStats


@dataclass(frozen=True)
class Verdict:
    scenario: Scenario
    priority_ratio: float  # default's priority p95 / FIFO's
    normal_ratio: float  # default's normal max / FIFO's

    @property
    def priority_ok(self) -> bool:
        return self.priority_ratio <= PRIORITY_P95_SHARE

    @property
    def normal_ok(self) -> bool:
        return self.normal_ratio <= NORMAL_MAX_FACTOR


def compare(scenario: Scenario, default: Policy) -> tuple[list[Row], Verdict]:
    rows = []
    for policy in (Fifo(), StrictPriority(), default):
        result = scenario.run(policy)
        rows.append(Row(scenario, policy.name, result.stats(True), result.stats(False)))
    fifo, chosen = rows[0], rows[-1]
    verdict = Verdict(
        scenario,
        chosen.priority.p95 / fifo.priority.p95 if fifo.priority.p95 else 0.0,
        chosen.normal.max / fifo.normal.max if fifo.normal.max else 0.0,
    )
    return rows, verdict


def markdown(rows: list[Row], verdicts: list[Verdict]) -> str:
    """The comparison as a Markdown table (waits in seconds), then the verdict per scenario."""
    lines = [
        "| 利用率 ρ | 优先占比 | 策略 | 优先 均值 | 优先 p95 | 优先 最长 "
        "| 普通 均值 | 普通 p95 | 普通 最长 |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        p, n, s = r.priority, r.normal, r.scenario
        lines.append(
            f"| {s.utilisation:.2f} | {s.priority_share:.0%} | {r.policy} | {p.mean:.0f} | "
            f"{p.p95:.0f} | {p.max:.0f} | {n.mean:.0f} | {n.p95:.0f} | {n.max:.0f} |"
        )
    lines += [
        "",
        f"| 利用率 ρ | 优先占比 | 优先 p95 / FIFO（≤ {PRIORITY_P95_SHARE}） | "
        f"普通最长 / FIFO（≤ {NORMAL_MAX_FACTOR}） |",
        "|---:|---:|---:|---:|",
    ]
    for v in verdicts:
        s = v.scenario
        lines.append(
            f"| {s.utilisation:.2f} | {s.priority_share:.0%} | "
            f"{v.priority_ratio:.2f} {'✅' if v.priority_ok else '❌'} | "
            f"{v.normal_ratio:.2f} {'✅' if v.normal_ok else '❌'} |"
        )
    return "\n".join(lines)
