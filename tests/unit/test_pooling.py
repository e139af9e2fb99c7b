"""Pooling modes: what a MODE card, a setting or a typed ratio may say, and their labels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.core.errors import OperatorError
from station.core.pooling import PoolingMode


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        (1, PoolingMode.SINGLE),
        ("5", PoolingMode.FIVE),
        ("10", PoolingMode.TEN),
        (20, PoolingMode.TWENTY),
        ("10:1", PoolingMode.TEN),
        ("20：1", PoolingMode.TWENTY),
        (" 5 ", PoolingMode.FIVE),
        ("1:1", PoolingMode.SINGLE),
        (PoolingMode.TEN, PoolingMode.TEN),
    ],
)
def test_modes_parse(value: int | str, mode: PoolingMode) -> None:
    assert PoolingMode.parse(value) is mode


@pytest.mark.parametrize("value", ["3", 0, "-10", "", "ten", "10:2", "1:10", "2.5"])
def test_unsupported_modes_are_refused_with_the_choices(value: int | str) -> None:
    with pytest.raises(OperatorError) as caught:
        PoolingMode.parse(value)
    assert caught.value.code == "bad_mode"
    assert "1、5、10、20" in caught.value.zh and "1, 5, 10 or 20" in caught.value.en


def test_labels() -> None:
    assert [m.label for m in PoolingMode] == ["单采 1:1", "5:1", "10:1", "20:1"]
    # Every label but the single one is also what a MODE card may say.
    assert all(PoolingMode.parse(m.label) is m for m in PoolingMode if m > 1)


@settings(max_examples=200, deadline=None, database=None)
@given(st.one_of(st.text(max_size=12), st.integers()))
def test_parse_returns_a_mode_or_refuses(value: int | str) -> None:
    try:
        mode = PoolingMode.parse(value)
    except OperatorError as error:
        assert error.code == "bad_mode"
    else:
        assert mode in (1, 5, 10, 20)
