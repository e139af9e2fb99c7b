"""The best any queue policy could have done on one simulated day, knowing the whole day ahead.

Every policy that keeps the tables busy calls at the very same moments (see
`station.queue.sim`); only who is called differs. With first come, first served inside each
lane, a policy is then just the choice, at each call, of the lane to call. This module makes
that choice with hindsight: it calls the priority lane whenever one is waiting, unless that
would leave some normal ticket unable to be called within `limit` however the later calls
went. No schedule that keeps every normal wait within `limit` has called more priority tickets
by any call (if one had, at the first call where it got ahead it called priority where this
one could not), so every priority ticket is called at the earliest call any such schedule can
give it: the priority waits below are each the lowest reachable, and so is their p95.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def tightest(calls: Sequence[float], normal: Sequence[float], limit: float) -> list[int]:
    """For each count i of normal tickets called so far, the normal line is late unless it is
    called now once the call number k has `tight[i] <= k - i` (see best_priority_waits)."""
    # The last call each normal ticket may take, less its place in line: the normal line is
    # on time as long as, for every ticket i still waiting, calls k..last[i] are enough for
    # the tickets from the head up to i.
    last = [bisect_right(calls, at + limit) - 1 - i for i, at in enumerate(normal)]
    tight = [0] * len(normal) + [len(calls)]
    for i in range(len(normal) - 1, -1, -1):
        tight[i] = min(last[i], tight[i + 1])
    return tight


def best_priority_waits(
    calls: Sequence[float],
    normal: Sequence[float],
    priority: Sequence[float],
    limit: float,
) -> list[float] | None:
    """The priority tickets' waits, in arrival order, under the best schedule that calls at
    `calls` (sorted, one per ticket) and keeps every normal wait within `limit`; None when no
    schedule does. `normal` and `priority` are the arrival times of each lane, sorted."""
    tight = tightest(calls, normal, limit)
    called_normal, waits = 0, []
    for k, at in enumerate(calls):
        forced = tight[called_normal] <= k - called_normal
        if not forced and len(waits) < len(priority) and priority[len(waits)] <= at:
            waits.append(at - priority[len(waits)])
            continue
        if called_normal == len(normal):
            return None  # no ticket can take this call
        wait = at - normal[called_normal]
        if wait < 0 or wait > limit:
            return None
        called_normal += 1
    return waits
