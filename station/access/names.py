"""What an operator's name and PIN may be: refused with a clear message, never stored odd.

A name is shown on the header, printed on manifests and written to every record's `recorder`
column, and it travels into spreadsheets: so no control, format (right-to-left, zero-width)
or surrogate characters, no leading formula character, at most 20 characters.
"""

from __future__ import annotations

import unicodedata

from station.core.errors import OperatorError

NAME_MAX = 20
PIN_MIN, PIN_MAX = 4, 12
PLACEHOLDER_NAMES = frozenset({"录入员", "recorder"})  # the old settings default, never a name
_FORMULA_START = "=+-@\t\r"


def clean_name(text: str) -> str:
    """The operator name as stored: NFC, spaces trimmed; refused if unfit to show or print."""
    name = unicodedata.normalize("NFC", text).strip()
    if not name:
        raise OperatorError("请输入操作员姓名", "Enter the operator's name", code="no_name")
    if len(name) > NAME_MAX:
        raise OperatorError(
            f"姓名最多 {NAME_MAX} 个字",
            f"A name has at most {NAME_MAX} characters",
            code="name_too_long",
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        raise OperatorError(
            "姓名含控制字符或方向字符",
            "The name holds control or direction characters",
            code="name_control",
        )
    if name[0] in _FORMULA_START:
        raise OperatorError(
            "姓名不能以 = + - @ 开头", "A name cannot start with = + - @", code="name_formula"
        )
    if name in PLACEHOLDER_NAMES:
        raise OperatorError(
            f"「{name}」是岗位名，请输入本人姓名",
            f"'{name}' is a role, not a name: enter the person's name",
            code="name_placeholder",
        )
    return name


def check_pin(pin: str) -> str:
    """A PIN is 4 to 12 ASCII digits (typed on the number pad, read by no scanner)."""
    if not (PIN_MIN <= len(pin) <= PIN_MAX and pin.isascii() and pin.isdigit()):
        raise OperatorError(
            f"PIN 须为 {PIN_MIN}-{PIN_MAX} 位数字",
            f"A PIN is {PIN_MIN} to {PIN_MAX} digits",
            code="bad_pin",
        )
    return pin
