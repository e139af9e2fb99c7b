"""`nat-station purge` removes names, ID numbers and phones from every byte on disk (the file,
its WAL, the station's exports) and keeps every count of the round report and coverage."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.main import main
from app.wiring import open_station
from roster_data import resident_id, row, write_csv
from station.core.settings import data_dir

# Names in several scripts, each UTF-8 encoded in the file; ids and phones as digits.
PEOPLE = [
    ("欧阳娜娜", resident_id(11), "13911110001"),
    ("买买提·艾力", resident_id(12), "13911110002"),
    ("Zoë Lambert", resident_id(13), "13911110003"),
]
ROSTER = [
    row(21, "司马相如", room="101", phone="13722220001"),
    row(22, "卓文君", room="102", phone="13722220002"),
    row(23, "诸葛孔明", room="201", phone="13722220003"),
]
# Enough residents that purged cells are left behind in pages, not only overwritten in place.
SURNAMES, GIVEN = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
ROSTER += [
    row(
        100 + n,
        SURNAMES[n % 16] + GIVEN[n // 16 % 20] + GIVEN[n % 20],
        room=f"{3 + n // 50}{n % 50:02d}",
        phone=f"1361234{n:04d}",
    )
    for n in range(300)
]
TUBES = ["3100000001", "3100000002"]


def secrets() -> list[bytes]:
    values = [v for person in PEOPLE for v in person]
    values += [r[k] for r in ROSTER for k in ("姓名", "证件号码", "手机号")]
    return [v.encode("utf-8") for v in values]


def on_disk() -> dict[str, bytes]:
    """Every file the station wrote: the database, its WAL and journal, exports, slips..."""
    return {str(p): p.read_bytes() for p in data_dir().rglob("*") if p.is_file()}


def found(files: dict[str, bytes]) -> list[tuple[str, str]]:
    return [(name, s.decode()) for name, data in files.items() for s in secrets() if s in data]


def record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = write_csv(tmp_path / "roster.csv", ROSTER)
    assert main(["roster", "import", str(roster)]) == 0
    station = open_station()
    station.recording.scan(TUBES[0])
    for name, number, phone in PEOPLE:
        assert station.recording.scan(f"{name},{number},{phone}").status.value != "error"
    station.recording.scan("NATCMD:SEAL")
    station.recording.scan(TUBES[1])
    station.recording.scan(f"{ROSTER[0]['姓名']},{ROSTER[0]['证件号码']},{ROSTER[0]['手机号']}")
    assert station.lab is not None and station.lab.lookup is not None
    assert station.lab.lookup.find("13911110001")  # fills the look-up keys
    station.close()
    exports = data_dir() / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    assert main(["untested", "--csv", str(exports / "untested.csv"), "--unmasked"]) == 0
    capsys.readouterr()


def counts(capsys: pytest.CaptureFixture[str]) -> tuple[dict, dict]:  # type: ignore[type-arg]
    capsys.readouterr()
    assert main(["report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert main(["coverage", "--json"]) == 0
    coverage = json.loads(capsys.readouterr().out)
    return report, coverage


def test_purge_leaves_no_personal_byte_and_every_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record(tmp_path, capsys)
    before = counts(capsys)
    assert before[0]["people"] == 4
    assert found(on_disk()), "the test would prove nothing: the values are not there to start with"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert main(["purge", "--before", tomorrow, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["people"] == 306 and result["files"] == 1
    assert found(on_disk()) == []
    assert counts(capsys) == before
    assert main(["audit", "list", "--json", "--action", "purge"]) == 0
    (entry,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (entry["count"], entry["target"]) == (306, f"before {tomorrow}")
    assert main(["audit", "verify"]) == 0


def test_purge_keeps_people_tested_since_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record(tmp_path, capsys)
    assert main(["purge", "--before", "2020-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["people"] == 0
    assert len(found(on_disk())) > 0
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert main(["purge", "--before", tomorrow, "--json"]) == 0
    assert main(["purge", "--before", tomorrow, "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["people"] == 0


def test_purge_without_a_date_or_retention_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["purge"]) == 2
    assert "retention_days" in capsys.readouterr().out


def test_purge_on_both_databases(db_url: str) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import text

    from app.cli_purge import purge_station

    station = open_station(database_url=db_url)
    station.recording.scan(TUBES[0])
    for name, number, phone in PEOPLE:
        assert station.recording.scan(f"{name},{number},{phone}").status.value == "saved"
    people = station.recording.view().totals.people
    tomorrow = datetime.combine(date.today() + timedelta(days=1), datetime.min.time(), UTC)
    assert purge_station(station, tomorrow).people == 3
    with station.database.transaction(read_only=True) as connection:
        persons = connection.execute(text("SELECT name, phone, doc_number FROM persons")).all()
        data = connection.execute(text("SELECT data FROM events")).all()
    assert {(n, p) for n, p, _ in persons} == {("已清除", "")}
    assert all(d.startswith("PURGED.") for _, _, d in persons)
    stored = json.dumps([list(r) for r in persons] + [str(r[0]) for r in data], ensure_ascii=False)
    assert [v for v in secrets() if v.decode() in stored] == []
    assert station.recording.view().totals.people == people
    station.close()
