"""De-identified forms of names, document numbers and phones for screens, paper and exports.

PIPL / GB/T 35273: what a screen or printout shows by default is masked (张*, 买*·艾力,
************1234, 138****5678). The masks never raise: they are applied to stored values
on every render, and a display must not fail because of one odd record.

Lengths are counted in code points, so a name with a character outside the BMP (𠇔) masks the
same way as any other; a combining accent or variation selector stays with its base character.
"""

from __future__ import annotations

import unicodedata

from station.core.identity import Document
from station.core.identity.characters import is_latin_letter

__all__ = ["document_tail", "mask_document_number", "mask_name", "mask_phone", "masked_who"]

MASK = "*"
_MIDDLE_DOT = "\u00b7"
# Always hide at least this many characters of a number, and show at most this many at the end.
_HIDDEN_MIN = 4
_SHOWN_TAIL = 4
_SHOWN_HEAD = 3


def _units(text: str) -> list[str]:
    """Split into user-visible characters: a base code point plus the marks and variation
    selectors that follow it, so masking never leaves a stray accent on a '*'."""
    units: list[str] = []
    for ch in text:
        cp = ord(ch)
        attaches = (
            unicodedata.category(ch).startswith("M")
            or 0xFE00 <= cp <= 0xFE0F
            or 0xE0100 <= cp <= 0xE01EF
        )
        if attaches and units:
            units[-1] += ch
        else:
            units.append(ch)
    return units


def _keep_first(word: str) -> str:
    """First character and a single '*': the brief's 张* and 买*·艾力."""
    units = _units(word)
    return units[0] + MASK if units else ""


def _keep_first_only(word: str) -> str:
    """First character, then one '*' per hidden character (John -> J***)."""
    units = _units(word)
    return units[0] + MASK * (len(units) - 1) if units else ""


def mask_name(name: str) -> str:
    """Masked name for display; at least one character is always hidden.

    - 2 characters: first kept, second hidden (张三 -> 张*); 1 character: '*'.
    - 3 or more: first and last kept, one '*' per hidden character (欧阳娜娜 -> 欧**娜).
      Spaces inside a Chinese name are dropped first, so they never stand in for a hidden
      character (张 三 -> 张*).
    - With a middle dot (minority and transliterated names): the part before the first dot
      becomes its first character and one '*', the parts after the dot are kept
      (买买提·艾力 -> 买*·艾力), as in the brief. If that first part is a single character
      (nothing would be hidden), the next part is masked too (买·艾力 -> 买*·艾*).
    - Latin names of several words: the last word (usually the family name, like the kept
      surname of a Chinese name) is kept, every other word keeps its first letter
      (John Smith -> J*** Smith; Mary Jane Watson -> M*** J*** Watson). If the other words
      are all initials (J Smith), the last word is masked as well (J S****).

    Expects a name already through `normalise_name`; never raises.
    """
    if not name:
        return ""
    if _MIDDLE_DOT in name:
        first, rest = name.split(_MIDDLE_DOT, 1)
        if len(_units(first)) <= 1:
            second, dot, tail = rest.partition(_MIDDLE_DOT)
            rest = _mask_single(second) + dot + tail
        return _keep_first(first) + _MIDDLE_DOT + rest
    words = name.split(" ")
    if len(words) > 1 and any(is_latin_letter(ch) for ch in name):
        given = [_keep_first_only(word) for word in words[:-1]]
        family = words[-1]
        if given == words[:-1]:
            family = _keep_first_only(family) if len(_units(family)) > 1 else MASK
        return " ".join([*given, family])
    return _mask_single(name.replace(" ", ""))


def _mask_single(word: str) -> str:
    """Chinese-name rule on one word: 张*, 张*丰, 欧**娜; one character becomes '*'."""
    units = _units(word)
    if len(units) <= 1:
        return MASK if units else ""
    if len(units) == 2:
        return units[0] + MASK
    return units[0] + MASK * (len(units) - 2) + units[-1]


def _shown(length: int, head_max: int) -> tuple[int, int]:
    """How many leading and trailing characters may show, hiding at least _HIDDEN_MIN."""
    tail = min(_SHOWN_TAIL, max(0, length - _HIDDEN_MIN))
    head = min(head_max, max(0, length - _HIDDEN_MIN - tail))
    return head, tail


def mask_document_number(number: str) -> str:
    """All but the last 4 characters become '*', same length (************1234).

    A short number hides at least 4 characters, so a 6-character number shows only its last
    2 and a number of 4 or fewer shows nothing.
    """
    _, tail = _shown(len(number), 0)
    return MASK * (len(number) - tail) + number[len(number) - tail :]


def mask_phone(phone: str) -> str:
    """First 3 and last 4 digits kept (138****5678); '+85291234567' -> '+852****4567'.

    Spaces and hyphens are dropped first; a leading '+' is kept and not counted. Shorter
    numbers still hide at least 4 digits, dropping the head first (91234567 -> ****4567).
    """
    phone = phone.strip()
    plus = "+" if phone.startswith("+") else ""
    digits = "".join(ch for ch in phone[len(plus) :] if ch not in " -")
    head, tail = _shown(len(digits), _SHOWN_HEAD)
    hidden = len(digits) - head - tail
    return plus + digits[:head] + MASK * hidden + digits[len(digits) - tail :]


def document_tail(document: Document | None, english: bool = False) -> str:
    """The document and the last 4 characters of its number (身份证 尾号0037); '' if none.

    The tail is what mask_document_number leaves visible, said so that a person can be told
    apart on a list and matched against the card in hand.
    """
    if document is None or not document.number:
        return ""
    _, shown = _shown(len(document.number), 0)
    tail = document.number[len(document.number) - shown :] if shown else MASK * _HIDDEN_MIN
    kind = document.type
    return f"{kind.word_en} …{tail}" if english else f"{kind.word_zh} 尾号{tail}"


def masked_who(name: str, document: Document | None, english: bool = False) -> str:
    """Who a masked list says a person is: the masked name, else the document's tail."""
    return mask_name(name) or document_tail(document, english)
