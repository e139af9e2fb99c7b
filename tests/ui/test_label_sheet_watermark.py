"""The label-sheet PDF (personal code slips, household codes) is a bulk export like the CSV and
XLSX lists: the site lead's, with a reason, a watermark line at the foot of every page and an
audit entry with the count (issue 14). Read back with pdftotext, as anyone holding it would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.main import main
from app.wiring import open_station
from fakes_access import fast_pins
from roster_data import row, write_csv
from station.access.roles import Role
from station.audit.query import as_record

PINS = {"丙站长": "900003", "丁录入": "900004"}
REASON = "入户采样核对 =1+1"


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    residents = [row(n, room=f"{100 + n}") for n in range(1, 20)]  # 19 labels: three pages
    assert (
        main(["roster", "import", str(write_csv(tmp_path / "r.csv", residents)), "--db", url]) == 0
    )
    station = open_station(database_url=url)
    assert station.access is not None
    station.access.pins = fast_pins()
    station.access.add("甲管理", "900001", Role.ADMIN)
    station.access.add("丙站长", PINS["丙站长"], Role.SITE_LEAD)
    station.access.add("丁录入", PINS["丁录入"], Role.RECORDER)
    station.close()
    return url


def labels(monkeypatch: pytest.MonkeyPatch, url: str, who: str, pdf: Path, *extra: str) -> int:
    monkeypatch.setenv("NAT_STATION_PIN", PINS[who])
    return main(["roster", "labels", "--pdf", str(pdf), "--db", url, "--operator", who, *extra])


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


def exports(url: str) -> list[dict[str, object]]:
    station = open_station(database_url=url)
    try:
        assert station.audit is not None
        found = [as_record(s, e) for s, e in station.audit.entries()]
    finally:
        station.close()
    return [e for e in found if e["action"] == "export"]


@pytest.mark.parametrize("households", [False, True])
def test_every_page_carries_who_when_and_why_and_the_trail_the_count(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str, households: bool
) -> None:
    pdf = tmp_path / "slips.pdf"
    extra = ["--households"] if households else []
    assert labels(monkeypatch, url, "丙站长", pdf, "--reason", REASON, *extra) == 0
    pages = pages_text(pdf)
    assert len(pages) == 3  # 19 labels, 8 to a page
    for page in pages:
        assert "导出人丙站长·" in page
        assert f"事由{REASON.replace(' ', '')}·" in page
        assert "仅限疫情防控使用，禁止转发" in page
    (entry,) = exports(url)
    assert entry["reason"] == REASON and entry["role"] == "site_lead"
    assert entry["target"] == ("户码标签" if households else "个人码标签")
    assert entry["count"] == 19


def test_a_long_reason_is_printed_whole_not_cut(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str
) -> None:
    reason = "社区排查" * 25  # the longest reason kept: 100 characters
    pdf = tmp_path / "slips.pdf"
    assert labels(monkeypatch, url, "丙站长", pdf, "--reason", reason) == 0
    for page in pages_text(pdf):
        assert f"事由{reason}·仅限疫情防控使用，禁止转发" in page


def test_no_reason_or_no_right_writes_no_sheet_and_no_entry(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str
) -> None:
    pdf = tmp_path / "slips.pdf"
    assert labels(monkeypatch, url, "丙站长", pdf) == 2
    assert labels(monkeypatch, url, "丁录入", pdf, "--reason", REASON) == 2
    assert not pdf.exists() and exports(url) == []
