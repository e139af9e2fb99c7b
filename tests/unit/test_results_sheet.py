"""Reading a lab's result sheet: column names, result words, and every bad row with its line."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.settings import BarcodePattern
from station.lab.records import Result
from station.lab.result_sheet import (
    SheetError,
    find_columns,
    parse_result_word,
    parse_sheet,
    parse_time,
)

PATTERN = BarcodePattern()  # ten digits


def sheet(*rows: tuple[object, ...]):  # type: ignore[no-untyped-def]
    return parse_sheet(list(enumerate((list(r) for r in rows), start=1)), PATTERN)


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        (["试管条码", "结果", "检测时间"], {"tube": 0, "result": 1, "time": 2}),
        (["序号", "条码", "检测结果"], {"tube": 1, "result": 2}),
        (["Result", "Tube Barcode", "Tested_At"], {"tube": 1, "result": 0, "time": 2}),
        (["barcode", "RESULT"], {"tube": 0, "result": 1}),
        (["样本条码：", "核酸结果", "报告时间"], {"tube": 0, "result": 1, "time": 2}),
        (["ｔｕｂｅ", "结 果"], {"tube": 0, "result": 1}),  # full-width letters, a stray space
    ],
)
def test_header_synonyms(header: list[str], columns: dict[str, int]) -> None:
    assert find_columns(header) == columns


def test_a_sheet_without_its_columns_is_refused_whole() -> None:
    with pytest.raises(SheetError) as missing:
        sheet(("姓名", "结果"))
    assert "试管条码" in missing.value.zh
    with pytest.raises(SheetError):
        parse_sheet([], PATTERN)


@pytest.mark.parametrize(
    ("word", "result"),
    [
        ("阴性", Result.NEGATIVE),
        ("阴", Result.NEGATIVE),
        ("Negative", Result.NEGATIVE),
        ("-", Result.NEGATIVE),
        ("阳性", Result.POSITIVE),
        ("POSITIVE", Result.POSITIVE),
        ("+", Result.POSITIVE),
        ("无效", Result.INVALID),
        ("invalid", Result.INVALID),
        (" 阴性 ", Result.NEGATIVE),
        ("ｐｏｓｉｔｉｖｅ", Result.POSITIVE),
        ("可疑", None),
        ("", None),
    ],
)
def test_result_words(word: str, result: Result | None) -> None:
    assert parse_result_word(word) is result


def test_every_bad_row_is_reported_with_its_line_and_why() -> None:
    parsed = sheet(
        ("试管条码", "结果", "检测时间"),
        ("2022100101", "阴性", "2022-10-01 09:30"),
        ("", "阴性", ""),
        ("12345", "阳性", ""),
        ("2022100102", "可疑", ""),
        ("2022100103", "阴性", "昨天"),
        ("2022100101", "阳性", ""),  # the same tube with another result
        ("2022100101", "阴性", ""),  # the same result again: one result
        ("", "", ""),  # a blank line is no row
        (2022100104.0, "negative", datetime(2022, 10, 1, 9, 30, tzinfo=UTC)),  # from Excel
    )
    assert [(r.line, r.tube, r.result) for r in parsed.rows] == [
        (2, "2022100101", Result.NEGATIVE),
        (10, "2022100104", Result.NEGATIVE),
    ]
    assert [e.line for e in parsed.errors] == [3, 4, 5, 6, 7]
    reasons = [e.zh for e in parsed.errors]
    assert "缺少试管条码" in reasons[0]
    assert "不符合规则" in reasons[1]
    assert "可疑" in reasons[2]
    assert "昨天" in reasons[3]
    assert "第 2 行结果不同" in reasons[4]
    assert "line 2" in parsed.errors[4].en


def test_times() -> None:
    assert parse_time("2022-10-01 09:30") == datetime(2022, 10, 1, 9, 30).astimezone()
    assert parse_time("2022/10/01 09:30:15").second == 15
    assert parse_time("2022年10月01日") == datetime(2022, 10, 1).astimezone()
    assert parse_time(date(2022, 10, 1)) == datetime(2022, 10, 1).astimezone()
    assert parse_time("2022-10-01T09:30:00+08:00").utcoffset().total_seconds() == 8 * 3600
    assert parse_time("") is None and parse_time(None) is None
    with pytest.raises(ValueError):
        parse_time("10/01")


cells = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(["阴性", "阳性", "无效", "+", "-", "2022100101", "2022-10-01"]),
)


@given(st.lists(st.tuples(cells, cells, cells), max_size=30))
def test_any_sheet_either_reads_a_row_or_says_why(rows: list[tuple[object, ...]]) -> None:
    parsed = sheet(("条码", "结果", "时间"), *rows)
    lines = [r.line for r in parsed.rows] + [e.line for e in parsed.errors]
    assert len(lines) == len(set(lines))
    assert all(2 <= line <= len(rows) + 1 for line in lines)
    assert all(PATTERN.matches(r.tube) for r in parsed.rows)
    assert all(e.zh and e.en for e in parsed.errors)


@given(
    st.lists(
        st.tuples(st.integers(0, 9_999_999_999), st.sampled_from(list(Result))),
        max_size=20,
        unique_by=lambda r: r[0],
    )
)
def test_good_rows_read_back(rows: list[tuple[int, Result]]) -> None:
    words = {Result.NEGATIVE: "阴性", Result.POSITIVE: "positive", Result.INVALID: "无效"}
    parsed = sheet(("tube", "result"), *((f"{n:010d}", words[r]) for n, r in rows))
    assert parsed.errors == []
    assert [(r.tube, r.result) for r in parsed.rows] == [(f"{n:010d}", r) for n, r in rows]


def test_a_bad_row_is_quoted_short_and_escaped() -> None:
    """A 300-digit barcode or a result word full of controls is not repeated whole."""
    parsed = sheet(
        ("试管条码", "结果", "检测时间"),
        ("9" * 300, "阴性"),
        ("0012345678", "\x1b[2J" + "x" * 300),
        ("0012345679", "阴性", "\u202e" * 300),
    )
    assert len(parsed.errors) == 3
    for error in parsed.errors:
        for text in (error.zh, error.en):
            assert len(text) < 200 and "\x1b" not in text and "\u202e" not in text, text
