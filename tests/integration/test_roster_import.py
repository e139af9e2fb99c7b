"""Roster import on a SQLite file and on PostgreSQL: good, bad, re-import, matched to the table."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.main import main
from app.roster_wiring import RosterServices, build_roster
from db.recording.models import EventRow, PersonRow
from db.recording.store import Database
from db.roster.models import ImportLogRow, ResidentRow, RoomRow
from roster_data import resident_id, row, write_csv, write_xlsx
from station.core.errors import OperatorError
from station.core.settings import Settings
from station.recording import RecordingService, Status
from station.roster.files import read_roster_rows, write_template
from station.roster.importer import ImportReport

SITE = "幸福里社区核酸采样点"


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    database = Database(db_url, SITE)
    yield database
    database.dispose()


def settings(**values: object) -> Settings:
    return Settings(site_name=SITE, table="2", recorder="王芳", round="第5轮", **values)  # type: ignore[arg-type]


def roster(database: Database) -> RosterServices:
    return build_roster(database, settings())


def count(database: Database, table, *where) -> int:  # type: ignore[no-untyped-def]
    with database.transaction() as connection:
        return connection.execute(
            select(func.count()).select_from(table).where(*where)
        ).scalar_one()


def test_xlsx_import_then_reimport_updates_and_never_duplicates(
    database: Database, db_url: str, tmp_path: Path, check_projection
) -> None:
    rows = [
        row(i, name=name, room=f"{100 + i // 3}")
        for i, name in enumerate(["张三", "李四", "买买提·艾力", "𠇔明", "欧阳娜娜", "John Smith"])
    ]
    report = roster(database).importer.import_file(write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.imported and report.errors == []
    assert (report.created, report.matched, report.registered) == (6, 0, 6)
    assert count(database, PersonRow.__table__) == 6
    assert count(database, ResidentRow.__table__) == 6
    assert count(database, RoomRow.__table__) == 2  # rooms 100 and 101
    assert (
        count(database, EventRow.__table__, EventRow.__table__.c.kind == "person_registered") == 6
    )

    # Re-import: one phone changed, one resident moved, the rest the same.
    rows[1] = row(1, name="李四", room="100", phone="13900000001")
    rows[4] = row(4, name="欧阳娜娜", room="305")
    again = roster(database).importer.import_file(write_csv(tmp_path / "r.csv", rows))
    assert (again.created, again.matched, again.registered) == (0, 6, 1)
    assert count(database, PersonRow.__table__) == 6
    assert count(database, ResidentRow.__table__) == 6
    assert count(database, RoomRow.__table__) == 3
    assert count(database, ImportLogRow.__table__) == 2
    with database.transaction() as connection:
        phone = connection.execute(
            select(PersonRow.__table__.c.phone).where(
                PersonRow.__table__.c.doc_number == resident_id(1)
            )
        ).scalar_one()
    assert phone == "13900000001"
    # The persons table is exactly what its person_registered events say.
    projection = check_projection(db_url, SITE)
    assert len(projection.persons) == 6


def test_every_bad_row_reported_with_its_line_and_nothing_written(
    database: Database, tmp_path: Path
) -> None:
    bad_check = resident_id(7)[:-1] + ("0" if resident_id(7)[-1] != "0" else "1")
    rows = [
        row(1),
        row(2, name="王5"),  # digit in a name
        {**row(3), "证件号码": bad_check},
        row(4, phone="1381234"),  # short phone
        {**row(5), "楼栋": ""},
        row(6, immobile="也许"),
        row(1, name="张三"),  # the same person twice
        {**row(8), "证件类型": "驾驶证"},
        {**row(9), "证件类型": "护照", "证件号码": "E12345678"},  # a good passport row
    ]
    report = roster(database).importer.import_file(write_csv(tmp_path / "bad.csv", rows))
    assert not report.imported
    found = {(e.line, e.column) for e in report.errors}
    assert found == {
        (3, "姓名"),
        (4, "证件号码"),
        (5, "手机号"),
        (6, "楼栋"),
        (7, "行动不便"),
        (8, "证件号码"),
        (9, "证件类型"),
    }
    assert "第 2 行" in next(e.message for e in report.errors if e.line == 8)
    assert count(database, PersonRow.__table__) == 0
    assert count(database, ResidentRow.__table__) == 0
    assert count(database, EventRow.__table__) == 0
    assert count(database, ImportLogRow.__table__) == 0

    good = roster(database).importer.import_file(tmp_path / "bad.csv", good_rows=True)
    assert good.imported and good.created == 2 and len(good.errors) == 7
    assert count(database, ResidentRow.__table__) == 2


def test_person_seen_at_the_table_is_matched_and_roster_flags_rule_the_table(
    database: Database, tmp_path: Path
) -> None:
    table = RecordingService(database.unit_of_work, settings())
    assert table.scan("2022100101").status is Status.SAVED
    assert table.scan(resident_id(1)).status is Status.SAVED  # seen at the table, no name
    rows = [
        row(1, name="李四", single="是"),
        row(2, name="赵六", building="9栋", locked_down="是"),
        row(3, name="孙七"),
    ]
    report = roster(database).importer.import_file(write_csv(tmp_path / "r.csv", rows))
    assert (report.created, report.matched) == (2, 1)
    assert count(database, PersonRow.__table__) == 3
    # The locked-down resident is refused in the pooled tube and asked for a single tube.
    refused = table.scan(resident_id(2))
    assert refused.status is Status.ERROR and refused.code == "single_required"
    single = table.scan("2022100102")
    assert single.status is Status.SAVED and single.capacity == 1 and single.sealed
    assert table.scan(resident_id(3)).code == "person_added"


def test_gb18030_csv_and_missing_columns(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", [row(1, name="张三")], encoding="gb18030")
    assert roster(database).importer.import_file(path).created == 1
    lacking = tmp_path / "lacking.csv"
    lacking.write_text("姓名,手机号\n张三,13812345678\n", encoding="utf-8")
    with pytest.raises(OperatorError, match="证件号码"):
        roster(database).importer.import_file(lacking)


def test_template_is_blank_and_reads_back(tmp_path: Path) -> None:
    path = write_template(tmp_path / "template.xlsx")
    assert list(read_roster_rows(path)) == []


def test_cli_import_json(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "r.csv", [row(1), row(2, name="李四")])
    code = main(["roster", "import", str(path), "--db", db_url, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["created"] == 2 and out["imported"] is True


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""  # ended meanwhile


@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "worker processes"])
def test_an_import_cancelled_during_the_check_writes_nothing(
    database: Database, tmp_path: Path, parallel: bool
) -> None:
    """The window closing while the file is still checked: no row written, no worker left."""
    path = write_csv(tmp_path / "名单.csv", [row(n) for n in range(1, 201)])
    importer = roster(database).importer
    if parallel:
        importer.parallel_from_bytes = 0  # split even this small file over worker processes
    report = ImportReport(path.name)
    report.cancelled = True  # as RosterPage.stop sets it from the window's thread
    with pytest.raises(OperatorError) as refused:
        importer.import_file(path, report=report)
    assert refused.value.code == "import_cancelled"
    assert "未写入任何记录" in refused.value.message("zh")
    assert not report.imported
    for table in (PersonRow, ResidentRow, EventRow, ImportLogRow):
        assert count(database, table.__table__) == 0
    pid = os.getpid()
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert not [c for c in children if "roster_check" in _cmdline(c)]  # the workers are gone
    # A later import of the same file is not affected.
    assert importer.import_file(path).created == 200


def test_an_unlisted_region_is_imported_with_a_warning(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stdnum.cn import ric

    body = "33019919850101012"  # 浙江省, a county code no list holds; the number checks out
    number = body + ric.calc_check_digit(body + "0")
    path = write_csv(tmp_path / "r.csv", [row(1), {**row(2, name="李四"), "证件号码": number}])
    code = main(["roster", "import", str(path), "--db", db_url, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["imported"] is True and out["created"] == 2
    assert out["refused"] == 0
    assert [(w["line"], w["column"]) for w in out["warnings"]] == [(3, "证件号码")]
    assert "地区码 330199 未收录" in out["warnings"][0]["message"]
