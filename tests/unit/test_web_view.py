"""The status page's view of a board: status, waits, calls, batches; nothing personal."""

from __future__ import annotations

from datetime import UTC, datetime, time

from station.queue.batches import BuildingBatch
from station.queue.board import Board, LaneView, SiteStatus, next_batches, site_status
from station.queue.ports import Call
from web.app import render_board
from web.view import Site, site_view

AT = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def _board(normal_wait: float, calls: list[Call] | None = None) -> Board:
    lanes = [
        LaneView("A", "普通通道", False, 40, normal_wait),
        LaneView("P", "绿色通道", True, 0, 0.0),
    ]
    return Board(
        calls=calls or [],
        lanes=lanes,
        status=site_status(lanes, 25, 50),
        batches=["3栋 1-2单元（08:00–08:30）"],
        notices=["请提前打开个人码"],
        next_batches=["5栋（08:30–09:00）"],
    )


def test_status_follows_the_thresholds_and_the_page_says_it() -> None:
    for wait, status, label in [
        (24.9, "clear", "畅通"),
        (25, "busy", "忙碌"),
        (50, "jammed", "拥堵"),
    ]:
        board = _board(wait)
        assert (board.status.value, board.status.label) == (status, label)
        html = render_board([Site("幸福里", lambda b=board: b)])
        assert f'class="site {status}"' in html and f'<span class="status">{label}</span>' in html
        assert f"约 {round(wait)} 分钟" in html
    assert SiteStatus.JAMMED.label == "拥堵"


def test_calls_newest_first_a_missed_one_marked_and_recalls_not_repeated() -> None:
    calls = [
        Call(5, "A003", "2", AT, recall=True),
        Call(4, "A004", "1", AT),
        Call(3, "A003", "2", AT),
        Call(2, "A002", "3", AT, missed=True),
    ]
    view = site_view(Site("幸福里", lambda: _board(0)), _board(0, calls))
    assert view.newest is not None and view.newest.number == "A004"
    assert [(c.number, c.missed) for c in view.recent] == [("A003", False), ("A002", True)]
    html = render_board([Site("幸福里", lambda: _board(0, calls))])
    assert "请 A004 到 1 号台" in html and "<b>A002</b> → 3 号台 <em>过号</em>" in html
    assert "3栋 1-2单元（08:00–08:30）" in html and "5栋（08:30–09:00）" in html
    assert "畅通 &lt; 25 分钟 · 忙碌 ≥ 25 · 拥堵 ≥ 50" in html


def test_the_next_batch_is_the_earliest_still_to_start() -> None:
    def batch(building: str, start: str, end: str) -> BuildingBatch:
        return BuildingBatch(building, "", time.fromisoformat(start), time.fromisoformat(end))

    schedule = [
        batch("1栋", "07:00", "07:30"),
        batch("3栋", "09:00", "09:30"),
        batch("2栋", "08:30", "09:00"),
        batch("4栋", "08:30", "09:00"),
    ]
    at = datetime(2026, 11, 22, 8, 0).astimezone()
    assert [b.building for b in next_batches(schedule, at)] == ["2栋", "4栋"]
    assert next_batches(schedule, datetime(2026, 11, 22, 9, 10).astimezone()) == []
