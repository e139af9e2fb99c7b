"""Pooling modes (混采): how many people share one tube."""

from __future__ import annotations

from enum import IntEnum

from station.core.errors import OperatorError


class PoolingMode(IntEnum):
    SINGLE = 1  # 单采
    FIVE = 5
    TEN = 10  # 十混一, the usual
    TWENTY = 20

    @property
    def label(self) -> str:
        return "单采 1:1" if self is PoolingMode.SINGLE else f"{int(self)}:1"

    @classmethod
    def parse(cls, value: int | str) -> PoolingMode:
        text = str(value).strip().replace("：", ":")
        if text.endswith(":1"):
            text = text[:-2]
        try:
            return cls(int(text))
        except ValueError:
            raise OperatorError(
                f"不支持的混采模式：{value}（可选 1、5、10、20）",
                f"Unsupported pooling mode: {value} (choose 1, 5, 10 or 20)",
                code="bad_mode",
            ) from None
