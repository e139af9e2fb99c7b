"""Lanes of the line (normal and 绿色通道) and which lane the triage desk suggests for a person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from station.core.identity import Document


class Reason(StrEnum):
    """Why a person goes to a priority lane; one key each at the desk (elderly from the ID)."""

    ELDERLY = "elderly"
    PREGNANT = "pregnant"
    STUDENT = "student"  # online-class students, only in class hours when the lane says so
    DISABLED = "disabled"
    INFANT = "infant"

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]


_REASON_LABELS = {
    Reason.ELDERLY: "老人",
    Reason.PREGNANT: "孕妇",
    Reason.STUDENT: "网课学生",
    Reason.DISABLED: "残障人士",
    Reason.INFANT: "婴幼儿",
}


@dataclass(frozen=True)
class Lane:
    """One line of the site: its ticket prefix (A012, P003), name and who it takes."""

    code: str
    name: str
    priority: bool = False
    enabled: bool = True
    reasons: tuple[Reason, ...] = ()
    # Students' priority may apply only in class hours: (start, end) local times; empty = always.
    class_hours: tuple[tuple[time, time], ...] = ()

    def takes(self, reason: Reason, at: time) -> bool:
        if not self.enabled or reason not in self.reasons:
            return False
        if reason is Reason.STUDENT and self.class_hours:
            return any(start <= at < end for start, end in self.class_hours)
        return True


NORMAL_LANE = Lane("A", "普通通道")
PRIORITY_LANE = Lane("P", "绿色通道", priority=True, reasons=tuple(Reason))
DEFAULT_LANES = (NORMAL_LANE, PRIORITY_LANE)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def reasons_from_document(
    document: Document | None, day: date, elderly_age: int, infant_age: int
) -> set[Reason]:
    """Elderly and infants are known from the birth date in a resident ID; nothing else is."""
    birth = document.birth_date if document is not None else None
    if birth is None:
        return set()
    age = age_on(birth, day)
    found = set()
    if age >= elderly_age:
        found.add(Reason.ELDERLY)
    if age < infant_age:
        found.add(Reason.INFANT)
    return found


def normal_lane(lanes: Sequence[Lane]) -> Lane:
    for lane in lanes:
        if lane.enabled and not lane.priority:
            return lane
    raise ValueError("the site has no open normal lane")


def suggest_lane(lanes: Sequence[Lane], reasons: set[Reason], at: datetime) -> Lane:
    """The first open priority lane that takes one of the reasons, else the normal lane."""
    local = at.astimezone().time() if at.tzinfo else at.time()
    for lane in lanes:
        if lane.priority and any(lane.takes(r, local) for r in sorted(reasons)):
            return lane
    return normal_lane(lanes)


def lane_by_code(lanes: Sequence[Lane], code: str) -> Lane:
    for lane in lanes:
        if lane.code == code:
            return lane
    raise KeyError(code)
