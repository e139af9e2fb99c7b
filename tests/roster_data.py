"""Roster test data: valid resident IDs and roster files written the way communities write them."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from stdnum.cn import ric

from station.roster.residents import COLUMNS

HEADERS = [header for header, _, _ in COLUMNS]


def resident_id(n: int, year: int = 1980) -> str:
    """A valid 18-digit resident ID, different for each n (region 110105, Beijing Chaoyang)."""
    body = f"110105{year + n // 10000 % 40}{1 + n % 12:02d}{1 + n // 12 % 28:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def row(
    n: int,
    name: str = "张三",
    building: str = "1栋",
    unit: str = "1单元",
    room: str = "101",
    phone: str | None = None,
    year: int = 1980,
    **flags: str,
) -> dict[str, str]:
    data = {
        "姓名": name,
        "证件类型": "身份证",
        "证件号码": resident_id(n, year),
        "手机号": f"138{n:08d}" if phone is None else phone,
        "楼栋": building,
        "单元": unit,
        "房号": room,
    }
    names = {
        "immobile": "行动不便",
        "pregnant": "孕妇",
        "student": "学生",
        "elderly": "高龄",
        "locked_down": "封控",
        "single": "单采",
    }
    for key, value in flags.items():
        data[names[key]] = value
    return data


def write_csv(path: Path, rows: Sequence[dict[str, str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADERS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "居民名单"
    sheet.append(HEADERS)
    for data in rows:
        sheet.append([data.get(h, "") for h in HEADERS])
    book.save(path)
    return path
