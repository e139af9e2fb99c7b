"""The early warning: passing 拥堵 within half an hour, and the tables that would undo it."""

from __future__ import annotations

import pytest

from station.queue.forecast import forecast_wait_min, jam_warning

# 4 tables, a call every 5 s (20 s a person at each table): 12 calls a minute.


def test_a_line_that_will_pass_jammed_within_half_an_hour_warns_with_the_tables_needed() -> None:
    # 550 waiting: 45.8 min now; 14 come a minute, 12 are called: 610 and 50.8 min in 30 min.
    warning = jam_warning(550, 14.0, 5.0, 4)
    assert warning is not None
    assert warning.in_min == pytest.approx(25.0)
    # 6 tables call 18 a minute: 430 left in 30 min, 430 × 20 s / 6 = 23.9 min < 25; 5 do not.
    assert warning.tables == 6 and warning.now_tables == 4
    assert warning.text == (
        "普通通道预计等待约 25 分钟后将超过 50 分钟（拥堵）：开 6 张台（现 4 张）可回到 25 分钟以下"
    )


def test_no_warning_while_the_line_stays_under_jammed_for_the_half_hour() -> None:
    assert jam_warning(500, 14.0, 5.0, 4) is None  # 41.7 min now, 46.7 min in 30 min
    assert jam_warning(100, 10.0, 5.0, 4) is None  # shrinking
    assert jam_warning(0, 0.0, 0.0, 0) is None  # no calls yet, nobody waiting


def test_a_line_already_jammed_says_so() -> None:
    warning = jam_warning(700, 12.0, 5.0, 4)
    assert warning is not None and warning.in_min == 0
    assert warning.text.startswith("普通通道预计等待已超过 50 分钟（拥堵）")


def test_the_forecast_is_the_displayed_estimate_now() -> None:
    assert forecast_wait_min(120, 30.0, 5.0, 4, 4, 0.0) == pytest.approx(10.0)  # 120 × 5 s
    assert forecast_wait_min(120, 30.0, 5.0, 4, 8, 0.0) == pytest.approx(5.0)  # twice the tables
    assert forecast_wait_min(120, 30.0, 5.0, 4, 4, 0.0, 1.25) == pytest.approx(12.5)


def test_the_thresholds_and_the_normal_factor_are_the_sites() -> None:
    # 330 waiting: 27.5 min, 32.5 in half an hour; times 1.25 with priority tickets going
    # first: 34.4 and 40.6, past the 40 min that is jammed here.
    assert jam_warning(330, 14.0, 5.0, 4, 20.0, 40.0) is None
    warning = jam_warning(330, 14.0, 5.0, 4, 20.0, 40.0, factor=1.25)
    assert warning is not None and warning.text.endswith(
        "40 分钟（拥堵）：开 6 张台（现 4 张）可回到 20 分钟以下"
    )
