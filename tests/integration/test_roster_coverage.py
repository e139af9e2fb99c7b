"""Coverage, untested and door-to-door lists, households at the table, and the round report,
on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.main import main
from app.roster_wiring import RosterServices, build_roster
from db.recording.store import Database
from roster_data import resident_id, row, write_csv
from station.core.errors import OperatorError
from station.core.settings import Settings
from station.recording import RecordingService, Status
from station.roster.households import encode_household_code
from station.roster.ports import ResidentFilter
from station.roster.report_xlsx import write_report_xlsx

SITE = "幸福里社区核酸采样点"
ROUND = "第5轮"
TUBES = iter(f"20221{n:05d}" for n in range(1, 99999))

# 3 buildings; building 1 has two units. (n, name, building, unit, room, flags)
PEOPLE = [
    (1, "张三", "1栋", "1单元", "101", {}),
    (2, "李四", "1栋", "1单元", "101", {}),
    (3, "王五", "1栋", "1单元", "102", {"immobile": "是"}),
    (4, "赵六", "1栋", "2单元", "201", {"immobile": "是"}),
    (5, "孙七", "1栋", "2单元", "201", {}),
    (6, "周八", "2栋", "", "301", {}),
    (7, "吴九", "2栋", "", "301", {}),
    (8, "郑十", "2栋", "", "301", {}),
    (9, "冯一", "2栋", "", "301", {}),
    (10, "陈二", "10栋", "", "501", {"immobile": "是"}),
]


@pytest.fixture
def database(db_url: str, tmp_path: Path) -> Iterator[Database]:
    database = Database(db_url, SITE)
    rows = [row(n, name=name, building=b, unit=u, room=r, **f) for n, name, b, u, r, f in PEOPLE]
    roster_of(database).importer.import_file(write_csv(tmp_path / "roster.csv", rows))
    yield database
    database.dispose()


def settings(mode: int = 10, table: str = "1", recorder: str = "王芳") -> Settings:
    return Settings(site_name=SITE, table=table, recorder=recorder, round=ROUND, default_mode=mode)


def roster_of(database: Database) -> RosterServices:
    return build_roster(database, settings())


def table_of(database: Database, **kwargs: object) -> RecordingService:
    table = RecordingService(database.unit_of_work, settings(**kwargs))  # type: ignore[arg-type]
    table.handlers.append(build_roster(database, table.settings).households)
    return table


def saved(outcome) -> None:  # type: ignore[no-untyped-def]
    assert outcome.status is Status.SAVED, outcome.message


def test_coverage_untested_and_door_to_door(database: Database, tmp_path: Path) -> None:
    table = table_of(database)
    saved(table.scan(next(TUBES)))
    for n in (1, 2, 4, 6, 7):
        saved(table.scan(resident_id(n)))
    saved(table.remove(table.view().members[-1].person_id, "扫错"))  # 7 out again
    roster = roster_of(database)
    coverage = roster.coverage.coverage(ROUND)
    got = {
        (b.building, u.unit): (u.tested, u.expected) for b in coverage.buildings for u in b.units
    }
    assert got == {
        ("1栋", "1单元"): (2, 3),
        ("1栋", "2单元"): (1, 2),
        ("2栋", ""): (1, 4),
        ("10栋", ""): (0, 1),
    }
    assert [b.building for b in coverage.buildings] == ["1栋", "2栋", "10栋"]
    tree = roster_of(database).coverage.hierarchy()
    assert list(tree) == ["1栋", "2栋", "10栋"]
    assert tree["1栋"] == {"1单元": ["101", "102"], "2单元": ["201"]}
    assert (coverage.tested, coverage.expected) == (4, 10)

    untested = roster.coverage.untested("2栋", ROUND)
    assert sorted(line.name for line in untested) == sorted(["吴九", "郑十", "冯一"])
    assert {line.phone for line in untested} == {f"138{n:08d}" for n in (7, 8, 9)}
    door = roster.coverage.door_to_door(ROUND)
    assert [line.name for line in door] == ["王五", "陈二"]  # 赵六 (immobile) was tested

    # Sampled at home through the same scan service: off the list.
    home = table_of(database, table="上门", mode=1)
    saved(home.scan(next(TUBES)))
    saved(home.scan(resident_id(3)))
    assert [line.name for line in roster.coverage.door_to_door(ROUND)] == ["陈二"]

    # Tested elsewhere, from a list: covered.
    elsewhere = write_csv(tmp_path / "elsewhere.csv", [row(10), row(99)])
    result = roster.coverage.import_tested_elsewhere(elsewhere, "人民医院", ROUND)
    assert (result.marked, result.not_on_roster) == (1, 1)
    coverage = roster.coverage.coverage(ROUND)
    assert (coverage.tested, coverage.elsewhere) == (6, 1)
    assert roster.coverage.door_to_door(ROUND) == []
    site_wide = roster.coverage.untested(None, ROUND)
    assert len(site_wide) == coverage.expected - coverage.tested == 4
    assert [line.place.building for line in site_wide] == ["1栋", "2栋", "2栋", "2栋"]
    # A round scoped to one building counts only it; another round counts nobody yet.
    roster.coverage.define_round("第5轮", buildings=("2栋",))
    scoped = roster.coverage.coverage(ROUND)
    assert (scoped.tested, scoped.expected) == (1, 4)
    with pytest.raises(OperatorError, match="没有轮次「第6轮」"):  # a typo is not "0 tested"
        roster.coverage.coverage("第6轮")
    with roster.uow() as store:
        building_2 = sorted(line.name for line in store.residents(ResidentFilter(building="2栋")))
    roster.coverage.define_round("第7轮", buildings=("2栋",))  # nobody tested in it yet
    assert sorted(line.name for line in roster.coverage.untested(None, "第7轮")) == building_2
    assert roster.coverage.untested("1栋", "第7轮") == []  # outside the round's scope


def test_round_window_counts_tubes_recorded_under_the_date(database: Database) -> None:
    day_table = RecordingService(
        database.unit_of_work, Settings(site_name=SITE, table="3", default_mode=1)
    )
    saved(day_table.scan(next(TUBES)))
    saved(day_table.scan(resident_id(5)))
    roster = roster_of(database)
    now = datetime.now(UTC)
    roster.coverage.define_round("夜间加测", now - timedelta(hours=1), now + timedelta(hours=1))
    night = roster.coverage.coverage("夜间加测")
    assert night.tested == 1
    untested = roster.coverage.untested(None, "夜间加测")
    assert len(untested) == night.expected - 1
    assert resident_id(5) not in {line.doc_number for line in untested}
    roster.coverage.define_round("昨天", now - timedelta(days=2), now - timedelta(days=1))
    assert roster.coverage.coverage("昨天").tested == 0
    assert len(roster.coverage.untested(None, "昨天")) == night.expected


def test_household_code_adds_the_family_and_continues_in_the_next_tube(
    database: Database,
) -> None:
    table = table_of(database, mode=5)
    saved(table.scan(next(TUBES)))
    for n in (1, 2, 3):  # three in the tube already: room for two
        saved(table.scan(resident_id(n)))
    household = table.handlers[-1]
    with roster_of(database).uow() as store:
        room = store.residents(ResidentFilter(building="2栋"))[0].room_id
    code = encode_household_code(room)
    listed = table.scan(code)
    assert listed.status is Status.WARNING and listed.code == "household_listed"
    assert "1 周*" in listed.message and "4 冯*" in listed.message
    first = table.scan("")  # Enter confirms
    assert first.code == "household_continues" and first.sealed and first.count == 5
    assert len(household.pending()) == 2  # type: ignore[attr-defined]
    # The next tube scanned takes the rest of the family.
    second_tube = next(TUBES)
    rest = table.scan(second_tube)
    assert rest.code == "household_added", rest.message
    assert rest.tube == second_tube and rest.count == 2
    assert roster_of(database).coverage.coverage(ROUND).tested == 7


def test_household_number_drops_an_absent_member(database: Database) -> None:
    table = table_of(database)
    saved(table.scan(next(TUBES)))
    with roster_of(database).uow() as store:
        room = store.household(1)
    assert room is not None
    listed = table.scan(encode_household_code(1))
    assert listed.count == 2  # 张三 and 李四 in 1栋 1单元 101
    dropped = table.scan("1")
    assert dropped.code == "household_listed" and dropped.count == 1
    added = table.scan(encode_household_code(1))  # scanning the code again confirms
    assert added.code == "household_added" and added.count == 1
    assert table.view().members[0].name == "李*"
    unknown = table.scan(encode_household_code(999))
    assert unknown.status is Status.ERROR and unknown.code == "household.unknown"


def test_round_report_numbers_cross_check_and_xlsx(database: Database, tmp_path: Path) -> None:
    first = table_of(database, mode=5, recorder="王芳")
    second = table_of(database, mode=10, table="2", recorder="李明")
    saved(first.scan(next(TUBES)))
    for n in (1, 2, 3, 4, 5):  # fills and seals a 5:1 tube
        saved(first.scan(resident_id(n)))
    saved(second.scan(next(TUBES)))
    for n in (6, 7, 8):
        saved(second.scan(resident_id(n)))
    saved(second.seal())
    saved(second.scan(next(TUBES)))
    saved(second.scan(resident_id(9)))
    report = roster_of(database).reports.build(ROUND)
    assert report.cross_check() == []
    assert report.people == 9
    assert report.by_mode() == [(5, 1, 5), (10, 2, 4)]
    assert {(r.recorder, r.people) for r in report.per_recorder()} == {("王芳", 5), ("李明", 4)}
    assert sum(n for _, n in report.per_hour()) == 9
    assert (report.tubes_sealed, report.tubes_open) == (2, 1)

    path = write_report_xlsx(report, tmp_path / "report.xlsx")
    book = load_workbook(path, read_only=True)
    summary = dict(book["汇总"].iter_rows(values_only=True))
    assert summary["检测人数"] == 9 and summary["已检居民"] == 9 and summary["应检居民"] == 10
    modes = list(book["混采模式"].iter_rows(min_row=2, values_only=True))
    assert modes == [("5:1", 1, 5), ("10:1", 2, 4), ("合计", 3, 9)]
    hours = list(book["每小时"].iter_rows(min_row=2, values_only=True))
    assert hours[-1] == ("合计", 9) and sum(n for _, n in hours[:-1]) == 9
    cover = list(book["楼栋覆盖"].iter_rows(min_row=2, values_only=True))
    assert cover[-1][:6] == ("合计", None, 10, 9, 0, 1)
    assert "转运箱交接" in book.sheetnames and "召回" in book.sheetnames
    book.close()


def test_cli_coverage_report_and_logged_export(
    database: Database,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NAT_STATION_SITE_NAME", SITE)
    monkeypatch.setenv("NAT_STATION_ROUND", ROUND)  # the station's round, as settings() says
    assert main(["coverage", "--round", ROUND, "--db", db_url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["expected"] == 10 and next(b["building"] for b in data["buildings"]) == "1栋"
    out = tmp_path / "untested.csv"
    assert (
        main(
            [
                "untested",
                "--building",
                "2栋",
                "--round",
                ROUND,
                "--db",
                db_url,
                "--csv",
                str(out),
                "--recorder",
                "楼栋长",
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8-sig")
    assert "周*" in text and "138****0006" in text and "周八" not in text
    xlsx = tmp_path / "r.xlsx"
    assert main(["report", "--round", ROUND, "--xlsx", str(xlsx), "--db", db_url]) == 0
    assert xlsx.exists()
    with roster_of(database).uow() as store:
        exports = store.exports()
    assert [(e.who, e.rows) for e in exports][:1] == [("楼栋长", 4)]
    assert exports[0].what.startswith("未检名单") and len(exports) == 2
