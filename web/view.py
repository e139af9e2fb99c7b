"""What a resident may see of a site, and nothing more: numbers, tables, counts, waits.

The page is built from these values only (never from tickets), so no name, ID or phone,
masked or not, can reach it: a Call holds a ticket number and a table, a lane a count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from station.queue.board import Board, LaneView, SiteStatus
from station.queue.ports import Call


@dataclass(frozen=True)
class Site:
    """One site on the page: its name, its board (a read-only unit of work) and thresholds."""

    name: str
    board: Callable[[], Board]
    busy_min: float = 25.0
    jammed_min: float = 50.0


@dataclass(frozen=True)
class CallView:
    number: str
    table: str
    missed: bool


@dataclass(frozen=True)
class LaneLine:
    name: str
    priority: bool
    waiting: int
    wait_min: int


@dataclass(frozen=True)
class SiteView:
    name: str
    status: str  # clear / busy / jammed: the page's colour
    status_label: str  # 畅通 / 忙碌 / 拥堵
    legend: str
    newest: CallView | None
    recent: list[CallView]
    lanes: list[LaneLine]
    batches: list[str]
    next_batches: list[str]
    notices: list[str]


def _call(call: Call) -> CallView:
    return CallView(call.number, call.table, call.missed)


def _lane(lane: LaneView) -> LaneLine:
    return LaneLine(lane.name, lane.priority, lane.waiting, round(lane.wait_min))


def site_view(site: Site, board: Board) -> SiteView:
    calls = [_call(c) for c in board.calls if not c.recall]  # a recall repeats a number shown
    legend = (
        f"{SiteStatus.CLEAR.label} < {site.busy_min:g} 分钟 · {SiteStatus.BUSY.label} ≥ "
        f"{site.busy_min:g} · {SiteStatus.JAMMED.label} ≥ {site.jammed_min:g}"
    )
    return SiteView(
        name=site.name,
        status=board.status.value,
        status_label=board.status.label,
        legend=legend,
        newest=calls[0] if calls else None,
        recent=calls[1:],
        lanes=[_lane(lane) for lane in board.lanes],
        batches=list(board.batches),
        next_batches=list(board.next_batches),
        notices=list(board.notices),
    )


def read_sites(sites: list[Site]) -> tuple[list[SiteView], str]:
    """Every site's view, and the local time they were read (HH:MM)."""
    views = [site_view(site, site.board()) for site in sites]
    return views, datetime.now().strftime("%H:%M")
