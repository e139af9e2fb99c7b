"""Retention: when personal data is due for purging, and what stands in its place afterwards.

A person is purged when their last test (or, never tested, their last registration) is before
the cut-off: their name, document number and phone become a pseudonymous marker everywhere
they are kept; their id, tubes, rooms and results stay, so every count stays what it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

PURGED_NAME = "已清除"
PERSONAL_KEYS = ("name", "phone", "doc_number", "note", "transporter")  # in events' data


def purged_number(person_id: str) -> str:
    """Stands for a purged document number: unique per person (the table's unique key)."""
    return f"PURGED.{person_id}"


def is_purged(doc_number: str) -> bool:
    return doc_number.startswith("PURGED.")


def cutoff(before: date | None, retention_days: int, today: date) -> datetime:
    """The moment before which people are purged: `--before DATE`, else `retention_days` after
    the day a round closed (a round closes on or after the day of its last test)."""
    if before is None:
        if retention_days <= 0:
            raise ValueError("no retention_days set and no --before date given")
        before = today - timedelta(days=retention_days)
    return datetime.combine(before, time(0), tzinfo=UTC)


def scrub(data: dict[str, object]) -> dict[str, object]:
    """An event's data with every personal value replaced by the marker (or emptied)."""
    out = dict(data)
    for key in PERSONAL_KEYS:
        if key in out:
            out[key] = PURGED_NAME if key in ("name", "transporter") and out[key] else ""
    if "doc_number" in out:
        out["doc_number"] = "PURGED"
    return out


@dataclass(frozen=True)
class PurgeResult:
    people: int  # persons whose personal data was removed
    tickets: int  # queue tickets emptied
    boxes: int  # box handovers whose transporter was removed
    files: int  # exported files, slips and tickets deleted
