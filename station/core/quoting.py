"""How a message quotes what was scanned: short, escaped, never the raw input.

A scanner, a paste or a hostile file can put anything in the scan field: ten thousand
characters, control characters, right-to-left marks that reverse the rest of the band,
zero-width characters that make two different strings look equal. Every message that shows a
scan (on screen, in the JSON of `nat-station scan`, in logs) quotes it through `quote_scan`.

A quote is also de-identified (PIPL; issue 14): a run of 7 or more digits (an ID number, a
phone, a document number) keeps its first 3 and last 4, a run of Chinese characters (a name)
its first, the rest shown as `*`: `「139****0001」`, `「欧***」`. Enough to see which code it was,
never a person's value in clear on a screen, in a log or in an error message.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["EXCERPT_CHARS", "MAX_SCAN_CHARS", "escape_char", "quote_scan", "redact"]

# The longest scan the station reads. The longest real codes are a few hundred characters: a
# personal code with a long name, a pre-registration JSON payload. Anything above this is not
# a code (a paste, a stuck key, a file typed into the field) and is refused unread.
MAX_SCAN_CHARS = 4096
# Characters of a scan a message repeats; the length is said when the scan was longer.
EXCERPT_CHARS = 24

# Shown as an escape: controls, format characters (bidi marks, zero-width, BOM), separators
# other than the plain space, private use, surrogates and unassigned code points.
_ESCAPED = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"})


_DIGITS = re.compile(r"\d{7,}[Xx]?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{2,}")


def redact(text: str) -> str:
    """`text` with digit runs and Chinese names masked (see the module's docstring)."""
    text = _DIGITS.sub(lambda m: m[0][:3] + "*" * (len(m[0]) - 7) + m[0][-4:], text)
    return _HAN.sub(lambda m: m[0][0] + "*" * (len(m[0]) - 1), text)


def escape_char(ch: str) -> str:
    """One character as it can be shown: itself, or `\\u200F` when it is invisible or a control."""
    if ch == " " or unicodedata.category(ch) not in _ESCAPED:
        return ch
    code = ord(ch)
    return (
        f"\\x{code:02X}"
        if code < 0x100
        else f"\\u{code:04X}"
        if code < 0x10000
        else (f"\\U{code:08X}")
    )


def quote_scan(
    text: str, language: str = "zh", limit: int = EXCERPT_CHARS, personal: bool = True
) -> str:
    """`「1234…」（共 120 字符）`: at most `limit` characters of `text`, escaped, and its
    length when cut. `language` "en" gives `'1234…' (120 characters)`. `personal=False` for a
    value that can hold no person (a lab sheet's tube barcode, result word, time): shown as it
    is, so the operator can find it, still short and escaped."""
    excerpt = text[:limit]
    shown = "".join(escape_char(ch) for ch in (redact(excerpt) if personal else excerpt))
    cut = len(text) > limit
    if language.startswith("en"):
        return f"'{shown}…' ({len(text)} characters)" if cut else f"'{shown}'"
    return f"「{shown}…」（共 {len(text)} 字符）" if cut else f"「{shown}」"
