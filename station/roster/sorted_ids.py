"""Fresh keys for an import, handed out in ascending order so each batch stays in few pages."""

from __future__ import annotations

import os

__all__ = ["SortedIds", "new_ids"]

# The variant nibble of a version 4 UUID is 8, 9, a or b: its two low bits stay random.
_UUID_VARIANT = {f"{n:x}": "89ab"[n & 3] for n in range(16)}


def _uuid4_text(h: str) -> str:
    """32 random hex digits as a version 4 UUID in text, as station.records.new_id gives."""
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_UUID_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


class SortedIds:
    """Fresh keys for a whole import, drawn at once and handed out in ascending order.

    Persons, events and residents are indexed by these random keys. Handed out in order,
    the keys of one batch are neighbours in each index, so a batch touches a few index pages
    instead of nearly all of them: at a million rows that is most of the import's disk
    writes. The keys stay independent random version 4 UUIDs; only who gets which follows
    the file. One call to the OS for all of them, too.
    """

    def __init__(self, count: int) -> None:
        raw = os.urandom(16 * count)
        # 16-byte strings sort as the numbers they spell, and are the smallest form to keep.
        self._values = [raw[i : i + 16] for i in range(0, 16 * count, 16)]
        self._values.sort(reverse=True)  # taken from the end: each take is cheap

    def take(self, count: int) -> list[str]:
        values = self._values
        if count > len(values):
            raise ValueError("more keys taken than drawn")
        taken = values[len(values) - count :]
        del values[len(values) - count :]
        return [_uuid4_text(value.hex()) for value in reversed(taken)]


def new_ids(count: int) -> list[str]:
    """`count` fresh keys (random version 4 UUIDs as text), in ascending order."""
    return SortedIds(count).take(count)
