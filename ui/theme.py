"""Colours and type sizes that read at two metres through a fogged face shield."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

# One colour per state, as strong as a traffic light, with text that stays legible on it.
STATE_COLOURS = {
    "saved": ("#0a7d24", "#ffffff"),
    "warning": ("#f2a900", "#000000"),
    "error": ("#c8102e", "#ffffff"),
    "idle": ("#2b2f36", "#ffffff"),
}

CJK_SAMPLE = "核酸采样张三"
# Families known to carry Simplified Chinese; checked before asking the font database.
# WenQuanYi first: Noto Sans CJK (fonts-noto-cjk, for the band's heavy face) maps some
# ideographs to Kangxi radicals in a PDF's text (人 read back as U+2F08).
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)


@cache
def cjk_family() -> str | None:
    """A font family that can draw Simplified Chinese, or None (text would show as boxes).

    Asked once per process: every page and printout wants it, and each answer walks the
    whole font database."""
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            return family
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return family
    return None


# Families with a real heavy face for the count and the tube barcode (digits): a CJK font of
# one weight (WenQuanYi Micro Hei) gets no synthetic bold at the count's size, and Noto Sans
# CJK Bold's digits blur at 1/8 scale where DejaVu Sans Bold's still read (test_legible.py).
STRONG_FAMILIES = ("DejaVu Sans", "Liberation Sans")
# Heavy faces for the band's Chinese (Noto Sans CJK SC Bold, from fonts-noto-cjk): WenQuanYi's
# one weight blurs to nothing at a quarter scale; without them the band falls back as the count.
CJK_STRONG_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", *STRONG_FAMILIES)


@cache
def strong_family(choices: tuple[str, ...] = STRONG_FAMILIES) -> str | None:
    families = set(QFontDatabase.families())
    for family in choices:
        if family in families and any(
            "Bold" in style or "Black" in style for style in QFontDatabase.styles(family)
        ):
            return family
    return cjk_family()


def font(pixels: int, bold: bool = False, family: str | None = None, heavy: bool = False) -> QFont:
    result = QFont(family) if family else QFont()
    result.setPixelSize(max(pixels, 8))
    result.setBold(bold)
    if heavy:  # the heaviest face the family has (Black, else Bold)
        result.setWeight(QFont.Weight.Black)
    return result
