"""Errors an operator can cause, with the message shown big, red and spoken."""

from __future__ import annotations


class OperatorError(Exception):
    """Something the operator did that the station refuses; nothing was written.

    Carries its message in Simplified Chinese (the default) and English, so that the
    domain stays free of Qt's translation machinery.
    """

    def __init__(self, zh: str, en: str, *, code: str = "refused") -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en
        self.code = code

    def message(self, language: str = "zh") -> str:
        return self.en if language.startswith("en") else self.zh


class InvalidIdentity(OperatorError):
    """A document number, name or phone that does not parse."""
