"""People's names as typed or scanned: NFC, one kind of middle dot, no look-alike characters."""

from __future__ import annotations

import re
import unicodedata

from station.core.errors import InvalidIdentity
from station.core.identity.characters import (
    is_cjk,
    is_emoji,
    is_latin_letter,
    is_variation_selector,
)
from station.core.identity.documents import reject

__all__ = ["normalise_name"]

_MIDDLE_DOT = "\u00b7"
# Characters typed or scanned in place of the middle dot of minority and foreign names
# (买买提·艾力): IME bullets, katakana and half-width dots, operators, full stops.
_DOT_LOOKALIKES = frozenset(
    "\u00b7\u0387\u1427\u16eb\u2022\u2024\u2027\u2219\u22c5\u2e31\u2e33\u30fb"
    "\ua78f\u318d\ufe52\uff0e\uff65."
    # The Chinese full stop is what the '.' key gives in a Chinese IME: a keystroke look-alike.
    "\u3002\uff61"
)
# ASCII '.' directly after a Latin letter is an initial ("John F. Kennedy"), kept as is.
_APOSTROPHES = "'\u2019\u02bc\u2018\u0060\u00b4\uff07"
_NAME_HYPHENS = "-\u2010\u2011\uff0d"
_NAME_MAX = 64
_NAME_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Invisible characters left by copy-paste, dropped silently.
_NAME_DROP = "\u200b\u2060\ufeff\u00ad"

# Extension A and the Unified Ideographs: no NFC decomposition, none folded or dropped.
_PLAIN_CJK_NAME = re.compile(f"[\u3400-\u4dbf\u4e00-\u9fff]{{1,{_NAME_MAX}}}")


# Blocks of characters that look like ideographs, or parts of them, but are not: a Kangxi
# radical (⼈ U+2F08) comes from a font picker or an OCR'd form and looks exactly like 人.
_LOOKALIKE_BLOCKS = (
    (0x2E80, 0x2EFF, "部首", "CJK radical"),
    (0x2F00, 0x2FDF, "康熙部首", "Kangxi radical"),
    (0x2FF0, 0x2FFF, "汉字结构符", "ideographic description character"),
    (0x31C0, 0x31EF, "笔画", "CJK stroke"),
    (0x3200, 0x33FF, "带圈或兼容字符", "enclosed or compatibility character"),
    (0x1F200, 0x1F2FF, "带框字符", "enclosed ideograph"),
)


def _ideograph_lookalike(ch: str) -> InvalidIdentity | None:
    """The refusal for a character that looks like an ideograph and is not one, naming it and,
    when Unicode says which, the ideograph meant (康熙部首 ⼈ (U+2F08)，应为 人)."""
    block = next((b for b in _LOOKALIKE_BLOCKS if b[0] <= ord(ch) <= b[1]), None)
    if block is None:
        return None
    meant = unicodedata.normalize("NFKC", ch)
    meant = meant if len(meant) == 1 and is_cjk(meant) else ""
    where = f"{ch}（U+{ord(ch):04X}）"
    return reject(
        f"姓名含{block[2]} {where}，" + (f"应为 {meant}" if meant else "不是汉字，请输入汉字"),
        f"The name contains the {block[3]} {ch} (U+{ord(ch):04X}), "
        + (f"which should be {meant}" if meant else "which is not an ideograph"),
        "name.lookalike",
    )


def _fold_name_char(ch: str) -> str:
    cp = ord(ch)
    if 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:
        # Full-width Latin letters from a Chinese IME; NFC alone keeps them.
        return chr(cp - 0xFEE0)
    if ch in _APOSTROPHES:
        return "'"
    if ch in _NAME_HYPHENS:
        return "-"
    return ch


def normalise_name(text: str) -> str:
    """Canonical form of a person's name: NFC, single spaces, one kind of middle dot.

    Characters outside the BMP (生僻字 such as 𠇔) are kept intact. Raises `InvalidIdentity`
    for an empty name, digits, control characters, emoji, or more than 64 characters.
    """
    if _PLAIN_CJK_NAME.fullmatch(text):
        # Unified ideographs only: NFC, folding, spacing and dots leave them as they are and
        # every character passes the check, so the name is already canonical.
        return text
    text = unicodedata.normalize("NFC", text)
    text = "".join(_fold_name_char(ch) for ch in text if ch not in _NAME_DROP)
    # A keyboard-wedge reader may add a trailing CR/LF or tab, so the ends are stripped of any
    # whitespace; inside the name only real spaces collapse, and a newline is refused below.
    text = _NAME_SPACES.sub(" ", text.strip())
    if not text:
        raise reject("请输入姓名", "Enter the name", "name.empty")

    name = _one_middle_dot(text)
    if name.startswith(_MIDDLE_DOT) or name.endswith(_MIDDLE_DOT):
        raise reject(
            "姓名不能以间隔号“·”开头或结尾",
            "A name cannot start or end with the middle dot '·'",
            "name.dot",
        )

    previous = ""
    for ch in name:
        _check_name_char(ch, previous)
        previous = ch
    length = len(name)
    if length > _NAME_MAX:
        raise reject(
            f"姓名过长：最多 {_NAME_MAX} 个字，现为 {length} 个",
            f"The name is too long: at most {_NAME_MAX} characters, got {length}",
            "name.length",
        )
    return name


def _one_middle_dot(text: str) -> str:
    """Every dot look-alike as one middle dot, without the spaces around it; a '.' after a
    Latin letter stays (an initial)."""
    chars: list[str] = []
    for index, ch in enumerate(text):
        if ch == "." and index > 0 and is_latin_letter(text[index - 1]):
            chars.append(".")
        elif ch in _DOT_LOOKALIKES:
            # Spaces around a dot are noise ("买买提 · 艾力"); several dots are one.
            while chars and chars[-1] == " ":
                chars.pop()
            if not chars or chars[-1] != _MIDDLE_DOT:
                chars.append(_MIDDLE_DOT)
        elif ch == " " and chars and chars[-1] == _MIDDLE_DOT:
            continue
        else:
            chars.append(ch)
    return "".join(chars)


def _check_name_char(ch: str, previous: str) -> None:
    if is_cjk(ch) or is_latin_letter(ch) or ch in " '-" or ch == _MIDDLE_DOT:
        return
    if ch == "." and is_latin_letter(previous):
        return
    category = unicodedata.category(ch)
    if (
        category.startswith("M")
        and previous
        and (is_latin_letter(previous) or unicodedata.category(previous).startswith("M"))
    ):
        # Combining accents NFC could not compose onto a Latin letter.
        return
    if is_variation_selector(ch) and previous and is_cjk(previous):
        return
    if category == "Nd" or ch.isdigit():
        raise reject(
            f"姓名不能含数字「{ch}」", f"A name cannot contain digits ('{ch}')", "name.digit"
        )
    if category.startswith("C"):
        raise reject(
            f"姓名含控制或不可见字符（U+{ord(ch):04X}）",
            f"The name contains a control or invisible character (U+{ord(ch):04X})",
            "name.control",
        )
    lookalike = _ideograph_lookalike(ch)
    if lookalike is not None:
        raise lookalike
    if is_emoji(ch) or 0xFE00 <= ord(ch) <= 0xFE0F:
        raise reject(
            f"姓名不能含表情符号「{ch}」",
            f"A name cannot contain emoji ('{ch}')",
            "name.emoji",
        )
    raise reject(
        f"姓名含不允许的字符「{ch}」（U+{ord(ch):04X}）",
        f"The name contains a character that is not allowed: '{ch}' (U+{ord(ch):04X})",
        "name.char",
    )
