"""One operator message: a Chinese and an English template with the same named fields."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One operator message: the same named fields in both languages."""

    zh: str
    en: str
