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
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
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


def font(pixels: int, bold: bool = False, family: str | None = None) -> QFont:
    result = QFont(family) if family else QFont()
    result.setPixelSize(max(pixels, 8))
    result.setBold(bold)
    return result
