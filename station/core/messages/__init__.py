"""The operator's messages in one catalogue: each has a code, a Chinese and an English
template with named fields, and `say` renders a code in the station's language. The window and
the headless commands both word their outcomes through here; no other module picks zh or en.
The entries live by feature beside this module (recording, lab, queue_roster)."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from station.core.counts import counted
from station.core.errors import OperatorError
from station.core.messages.lab import LAB
from station.core.messages.message import Message
from station.core.messages.queue_roster import QUEUE_ROSTER
from station.core.messages.recording import RECORDING


def english(language: str) -> bool:
    """Whether a language setting asks for English (the default is Simplified Chinese)."""
    return language.startswith("en")


class _Formatter(string.Formatter):
    """`str.format`, and a noun as the format spec counts in English words: "{count:tube}"
    gives "1 tube", "3 tubes" (station.core.counts)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if len(format_spec) > 1 and format_spec.replace(" ", "").isalpha():
            return counted(value, format_spec)  # type: ignore[arg-type]  # a count, or a dummy
        return super().format_field(value, format_spec)  # type: ignore[no-any-return]


_FORMAT = _Formatter()


@runtime_checkable
class Named(Protocol):
    """Something with a name in both languages (a document type, a role)."""

    @property
    def label_zh(self) -> str: ...

    @property
    def label_en(self) -> str: ...


def name_of(thing: Named, language: str) -> str:
    """The name of `thing` in `language`."""
    return thing.label_en if english(language) else thing.label_zh


@dataclass(frozen=True)
class Said:
    """A field that is itself a catalogue message, said in the language of the message around
    it (a refusal carries both languages, so its fields cannot be words of one)."""

    code: str
    fields: dict[str, object]

    @classmethod
    def of(cls, code: str, **fields: object) -> Said:
        return cls(code, fields)


def _field(value: object, language: str) -> object:
    if isinstance(value, Said):
        return say(value.code, language, **value.fields)
    if isinstance(value, Named):
        return name_of(value, language)
    if callable(value):  # words that take the language, e.g. a barcode pattern's `describe`
        return value(language)
    return value


def say(code: str, language: str, **fields: object) -> str:
    """The message `code` in `language`, its fields filled in: a `Said` field in the same
    language, a `Named` one (a document type) by its name in that language, a callable one
    called with the language."""
    message = CATALOGUE[code]
    values = {name: _field(value, language) for name, value in fields.items()}
    return _FORMAT.format(message.en if english(language) else message.zh, **values)


def refused(code: str, *, error: str | None = None, **fields: object) -> OperatorError:
    """An OperatorError carrying catalogue message `code` in both languages; its error code is
    `error` when the outcome's code differs from the message's."""
    zh, en = say(code, "zh", **fields), say(code, "en", **fields)
    return OperatorError(zh, en, code=error or code)


PARTS: tuple[dict[str, Message], ...] = (
    {"list.separator": Message("、", ", ")},  # between the names of a list in a message
    QUEUE_ROSTER,
    LAB,
    RECORDING,
)
CATALOGUE: dict[str, Message] = {code: m for part in PARTS for code, m in part.items()}
