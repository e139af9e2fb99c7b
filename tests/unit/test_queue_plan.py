"""`nat-station plan` on the simulation model: curves, batches, waits and the finish time."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from station.queue.batches import BuildingBatch
from station.queue.config import QueueConfig
from station.queue.plan import curve_from_batches, parse_curve, plan


def test_curves_are_read_and_normalised():
    curve = parse_curve("0-1:30, 1-2:20,2-4:50")
    assert [(s.start_h, s.end_h) for s in curve] == [(0, 1), (1, 2), (2, 4)]
    assert sum(s.share for s in curve) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="bad arrival curve"):
        parse_curve("2-1:100")


def test_batches_become_equal_shares_from_the_opening():
    opening, curve = curve_from_batches(
        [
            BuildingBatch("3栋", "", time(8), time(8, 30)),
            BuildingBatch("5栋", "", time(9), time(10)),
        ]
    )
    assert opening == time(8)
    assert [(s.start_h, s.end_h, s.share) for s in curve] == [(0, 0.5, 0.5), (1, 2, 0.5)]


def test_more_tables_finish_sooner_and_cut_waits():
    curve = parse_curve("0-2:100")
    policy = QueueConfig().make_policy()
    few = plan(2000, curve, 3, 20.0, 0.2, policy, seed=3)
    many = plan(2000, curve, 8, 20.0, 0.2, policy, seed=3)
    assert [r.policy for r in few] == ["bounded", "fifo"]
    assert few[0].people == many[0].people > 1800
    assert few[0].utilisation > 1 > many[0].utilisation  # 3 tables cannot keep up
    assert many[0].last_done < few[0].last_done
    assert many[0].last_done < timedelta(hours=2, minutes=5)
    assert many[0].normal.p95 < few[0].normal.p95
    # Same people, same work: the priority lane is faster under the default than under FIFO.
    assert few[0].priority.mean < few[1].priority.mean
