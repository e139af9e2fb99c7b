"""Character classes the identity parsers share: ideographs, Latin letters, emoji, controls."""

from __future__ import annotations

import unicodedata

__all__ = [
    "ascii_upper",
    "has_control",
    "is_cjk",
    "is_emoji",
    "is_latin_letter",
    "is_variation_selector",
]

# Variation selectors that pick the exact glyph of an ideograph (生僻字): the ideographic
# variation sequences and the standardized ones for compatibility ideographs. Kept after an
# ideograph; U+FE0E/U+FE0F (text/emoji presentation) are not among them.
_VS_RANGES = ((0xFE00, 0xFE02), (0xE0100, 0xE01EF))


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= cp <= high for low, high in ranges)


_CJK_RANGES = (
    (0x3400, 0x4DBF),  # Extension A (䶮)
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    # Planes 2 and 3 hold only ideographs: Extensions B-J and the compatibility supplement.
    # Whole planes, so characters newer than this Python's Unicode tables still pass (𠇔).
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
)


def is_cjk(ch: str) -> bool:
    return ch == "\u3007" or _in_ranges(ord(ch), _CJK_RANGES)


def is_variation_selector(ch: str) -> bool:
    return _in_ranges(ord(ch), _VS_RANGES)


def is_latin_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, "")


_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0x1F1E6, 0x1F1FF),
)


def is_emoji(ch: str) -> bool:
    return _in_ranges(ord(ch), _EMOJI_RANGES)


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def ascii_upper(text: str) -> str:
    # str.upper() would turn 'ß' into 'SS' and let it pass as two Latin letters.
    return text.translate(_ASCII_UPPER)


def has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text)
