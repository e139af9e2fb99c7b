"""English counts say one thing in the singular (issue 11 §10: "1 people · 1 samples")."""

from __future__ import annotations

import pytest

from station.core.counts import counted


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (1, "person", "1 person"),
        (2, "person", "2 people"),
        (0, "tube", "0 tubes"),
        (1, "tube", "1 tube"),
        (1, "box", "1 box"),
        (3, "box", "3 boxes"),
        (1, "entry", "1 entry"),
        (2, "entry", "2 entries"),
        (2, "signed checkpoint", "2 signed checkpoints"),
        (1, "resident", "1 resident"),
        (5, "error", "5 errors"),
    ],
)
def test_one_is_singular_and_every_other_count_plural(count: int, noun: str, said: str) -> None:
    assert counted(count, noun) == said
