"""The operator's messages in one catalogue: each has a code, a Chinese and an English template
with named fields, and `say` renders a code in the station's language. The window and the
headless commands both word their outcomes through here; no other module picks zh or en."""

from __future__ import annotations

from dataclasses import dataclass

from station.core.errors import OperatorError


@dataclass(frozen=True)
class Message:
    """One operator message: the same named fields in both languages."""

    zh: str
    en: str


def english(language: str) -> bool:
    """Whether a language setting asks for English (the default is Simplified Chinese)."""
    return language.startswith("en")


def say(code: str, language: str, **fields: object) -> str:
    """The message `code` in `language`, its fields filled in."""
    message = CATALOGUE[code]
    return (message.en if english(language) else message.zh).format(**fields)


def refused(code: str, *, error: str | None = None, **fields: object) -> OperatorError:
    """An OperatorError carrying catalogue message `code` in both languages; its error code is
    `error` when the outcome's code differs from the message's."""
    zh, en = say(code, "zh", **fields), say(code, "en", **fields)
    return OperatorError(zh, en, code=error or code)


CATALOGUE: dict[str, Message] = {
    # ----- the queue at a table (station.queue.scan) ------------------------------------------
    "ticket_served": Message("{number} 已到：请扫人员码", "{number} is here: scan their code"),
    "queue_empty": Message("无人等候", "Nobody waiting"),
    "queue_empty.after_skip": Message("；无人等候", "; nobody waiting"),
    "ticket_skipped": Message("{number} 过号", "{number} skipped"),
    "called": Message("叫号 {number}", "Calling {number}"),
    "called.named": Message("叫号 {number}（{masked}）", "Calling {number} ({masked})"),
}
