"""The headless door: `--operator` and the PIN, and what each role is refused (issue 14)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.main import main
from app.wiring import open_station
from db.access.models import OperatorRow
from db.recording.models import EventRow
from fakes_access import fast_pins
from roster_data import row, write_csv
from station.access.roles import Role
from station.audit.query import as_record

PINS = {"甲管理": "900001", "乙录入": "900002", "丙站长": "900003", "丁分诊": "900004"}
ROLES = {
    "甲管理": Role.ADMIN,
    "乙录入": Role.ENTRY_ONLY,
    "丙站长": Role.SITE_LEAD,
    "丁分诊": Role.TRIAGE,
}


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    assert (
        main(
            ["roster", "import", str(write_csv(tmp_path / "r.csv", [row(1), row(2)])), "--db", url]
        )
        == 0
    )  # a fresh station: no accounts, the script works as ever
    station = open_station(database_url=url)
    assert station.access is not None
    station.access.pins = fast_pins()  # the hashes keep their cost: logging in is quick too
    for name, role in ROLES.items():
        station.access.add(name, PINS[name], role)
    station.close()
    return url


def run(monkeypatch, capsys, who: str | None, *args: str, stdin: str = "") -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    if who is not None:
        monkeypatch.setenv("NAT_STATION_PIN", PINS.get(who, "000000"))
        args = (*args, "--operator", who)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def events(url: str) -> int:
    station = open_station(database_url=url)
    try:
        with station.database.transaction() as connection:
            return connection.execute(select(func.count()).select_from(EventRow)).scalar_one()
    finally:
        station.close()


def audit(url: str) -> list[dict[str, object]]:
    """The station's audit trail, as `nat-station audit list` reads it."""
    station = open_station(database_url=url)
    try:
        assert station.audit is not None
        return [as_record(seq, entry) for seq, entry in station.audit.entries()]
    finally:
        station.close()


def test_without_accounts_the_placeholder_is_never_a_name(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch, capsys
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    code, _, _ = run(
        monkeypatch, capsys, None, "scan", "--db", url, "--recorder", "录入员", stdin="1234567890\n"
    )
    station = open_station(database_url=url)
    with station.database.transaction() as connection:
        recorders = set(connection.execute(select(EventRow.recorder)).scalars())
    station.close()
    assert code == 0 and recorders == {""}


def test_with_accounts_a_command_needs_an_operator(db: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    before = events(db)
    code, out, err = run(monkeypatch, capsys, None, "scan", "--db", db, stdin="1234567890\n")
    assert code == 2 and out == "" and "--operator" in err
    assert events(db) == before


def test_a_wrong_pin_is_refused_and_five_lock_the_account(db: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(PINS, "乙录入", "111111")
    before = events(db)
    for _ in range(5):
        code, _, err = run(monkeypatch, capsys, "乙录入", "scan", "--db", db, stdin="1234567890\n")
        assert code == 2 and "姓名或 PIN 不对" in err
    monkeypatch.setitem(PINS, "乙录入", "900002")
    code, _, err = run(monkeypatch, capsys, "乙录入", "scan", "--db", db, stdin="1234567890\n")
    assert code == 2 and "已锁定" in err and events(db) == before
    assert run(monkeypatch, capsys, "甲管理", "operator", "unlock", "乙录入", "--db", db)[0] == 0
    code, out, _ = run(monkeypatch, capsys, "乙录入", "scan", "--db", db, stdin="1234567890\n")
    assert code == 0 and json.loads(out)["code"] == "tube_opened"


def test_the_recorder_column_carries_the_signed_in_operator(db: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = run(
        monkeypatch,
        capsys,
        "乙录入",
        "scan",
        "--db",
        db,
        "--recorder",
        "录入员",
        stdin="1234567890\n",
    )
    assert code == 0
    station = open_station(database_url=db)
    with station.database.transaction() as connection:
        recorders = set(
            connection.execute(
                select(EventRow.recorder).where(EventRow.tube == "1234567890")
            ).scalars()
        )
    station.close()
    assert recorders == {"乙录入"}


@pytest.mark.parametrize(
    "args",
    [
        ("lookup", "zs"),
        ("untested", "--csv", "{tmp}/u.csv", "--reason", "入户排查"),
        ("door-to-door", "--csv", "{tmp}/d.csv", "--reason", "入户排查"),
        ("recall", "export", "{tmp}/r.xlsx", "--reason", "流调"),
        ("untested", "--unmasked"),
    ],
)
def test_the_entry_only_recorder_is_refused_at_the_command_line(  # type: ignore[no-untyped-def]
    db: str, monkeypatch, capsys, tmp_path: Path, args: tuple[str, ...]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    args = tuple(a.format(tmp=folder) for a in args)
    code, out, err = run(monkeypatch, capsys, "乙录入", *args, "--db", db)
    assert code == 2 and out == "" and "无权" in err
    assert not list(folder.iterdir())


def test_reopen_by_command_barcode_is_refused_headless(db: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    scans = "1234567890\nNATCMD:SEAL\nNATCMD:REOPEN\n1234567890\n1234567890\n"
    code, out, _ = run(monkeypatch, capsys, "乙录入", "scan", "--db", db, stdin=scans)
    assert code == 0  # refusals are answers; --strict would make them exit 1
    codes = [json.loads(line)["code"] for line in out.splitlines()]
    assert codes[2] == "forbidden" and "reopened" not in " ".join(codes)


def test_only_the_site_lead_exports_with_a_reason_and_a_watermark(  # type: ignore[no-untyped-def]
    db: str, monkeypatch, capsys, tmp_path: Path
) -> None:
    target = tmp_path / "u.csv"
    code, _, err = run(
        monkeypatch,
        capsys,
        "甲管理",
        "untested",
        "--csv",
        str(target),
        "--reason",
        "入户",
        "--db",
        db,
    )
    assert code == 2 and "管理员无权导出名单" in err and not target.exists()
    code, _, err = run(monkeypatch, capsys, "丙站长", "untested", "--csv", str(target), "--db", db)
    assert code == 2 and "事由" in err and not target.exists()
    code, _, _ = run(
        monkeypatch,
        capsys,
        "丙站长",
        "untested",
        "--csv",
        str(target),
        "--reason",
        "=入户排查\u202e",
        "--db",
        db,
    )
    assert code == 0
    first, header, *rows = target.read_text(encoding="utf-8-sig").splitlines()
    assert first.startswith("# 导出人 丙站长 · ") and "事由 '=入户排查 " in first
    assert header.startswith("姓名") or "姓名" in header
    assert len(rows) == 2
    entry = next(e for e in audit(db) if e["action"] == "export")
    assert entry["count"] == 2 and entry["reason"].startswith("'=入户排查")  # type: ignore[union-attr]
    assert "丙站长" not in json.dumps(entry, ensure_ascii=False)  # an id, never a name


@pytest.mark.parametrize(
    "name", ["=cmd|' /C calc'!A0", "乙\u202e录入", "x" * 500, "录入员", "a\x1b[31mb"]
)
def test_hostile_operator_names_at_the_command_line(  # type: ignore[no-untyped-def]
    db: str, monkeypatch, capsys, name: str
) -> None:
    monkeypatch.setenv("NAT_STATION_NEW_PIN", "1234")
    code, _, err = run(
        monkeypatch, capsys, "甲管理", "operator", "add", name, "--role", "recorder", "--db", db
    )
    assert code == 2 and err
    station = open_station(database_url=db)
    with station.database.transaction() as connection:
        count = connection.execute(select(func.count()).select_from(OperatorRow)).scalar_one()
    station.close()
    assert count == len(ROLES)


def test_a_recorder_may_not_add_operators(db: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NAT_STATION_NEW_PIN", "1234")
    code, _, err = run(
        monkeypatch, capsys, "丁分诊", "operator", "add", "新人", "--role", "admin", "--db", db
    )
    assert code == 2 and "无权管理操作员" in err


def test_a_full_view_is_the_site_leads_and_audited_by_person_id(  # type: ignore[no-untyped-def]
    db: str, monkeypatch, capsys
) -> None:
    code, out, _ = run(monkeypatch, capsys, "丙站长", "untested", "--unmasked", "--db", db)
    assert code == 0 and "张三" in out
    views = [e for e in audit(db) if e["action"] == "view_full"]
    assert len(views) == 2 and all(len(str(e["target"])) == 36 for e in views)
    assert "张三" not in json.dumps(views, ensure_ascii=False)


@pytest.mark.parametrize(
    ("who", "args"),
    [
        ("丙站长", ("audit", "verify")),  # the trail is the auditor's alone
        ("丙站长", ("audit", "export", "--out", "trail.json")),
        ("丙站长", ("purge", "--before", "2000-01-01")),  # removing personal data: the admin's
        ("乙录入", ("audit", "list", "--json")),
    ],
)
def test_the_audit_and_purge_doors_ask_the_role(  # type: ignore[no-untyped-def]
    db: str, monkeypatch, capsys, tmp_path: Path, who: str, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(monkeypatch, capsys, who, *args, "--db", db)
    assert code == 2 and "无权" in err and not (tmp_path / "trail.json").exists()


def test_operators_and_roles_are_named_in_the_stations_language(  # type: ignore[no-untyped-def]
    db: str, monkeypatch, capsys
) -> None:
    code, out, _ = run(monkeypatch, capsys, "甲管理", "operator", "list", "--db", db)
    assert code == 0 and "丙站长\t站点负责人" in out
    assert not re.search(r"[a-z]{3,}", out), out  # no role key (site_lead) in Chinese
    code, _, err = run(
        monkeypatch, capsys, "甲管理", "operator", "add", "戊", "--role", "x", "--db", db
    )
    assert code == 2 and "站点负责人" in err and not re.search(r"[a-z]{3,}", err), err

    monkeypatch.setenv("NAT_STATION_LANGUAGE", "en")
    code, out, _ = run(monkeypatch, capsys, "甲管理", "operator", "list", "--db", db)
    assert code == 0 and "丙站长\tsite lead" in out and "乙录入\trecorder (entry only)" in out
    names = set(PINS)
    assert not any(
        re.search(r"[\u4e00-\u9fff]", line.split("\t", 1)[1]) for line in out.splitlines()
    ), out
    assert names == {line.split("\t")[0] for line in out.splitlines()}
    code, _, err = run(monkeypatch, capsys, "乙录入", "operator", "list", "--db", db)
    assert (
        code == 2 and "recorder (entry only)" in err and not re.search(r"[\u4e00-\u9fff]", err)
    ), err
