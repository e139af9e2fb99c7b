"""Counts in English words: "1 person", "2 people", "1 box", "3 entries". Chinese needs no
plural form (1 人, 2 人); an English line with a number says it through `counted`."""

from __future__ import annotations

_IRREGULAR = {"person": "people", "resident": "residents"}


def plural(noun: str) -> str:
    """The English plural of one of the station's nouns (a phrase: its last word)."""
    head, _, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        many = _IRREGULAR[last]
    elif last.endswith(("s", "x", "ch", "sh")):
        many = last + "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        many = last[:-1] + "ies"
    else:
        many = last + "s"
    return f"{head} {many}" if head else many


def counted(count: int, noun: str) -> str:
    """`count` and `noun`, singular for exactly one: "1 tube", "0 tubes", "12 tubes"."""
    return f"{count} {noun if count == 1 else plural(noun)}"
