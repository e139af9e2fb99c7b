"""The audit trail names the entry that was edited, removed, reordered or cut off, and the CLI
exits non-zero: every tampering done with raw SQL on the file, as an insider would."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.main import main
from app.wiring import open_station
from db.audit.store import SqlAuditTrail
from db.recording.store import Database
from station.audit.chain import canonical_bytes
from station.audit.keys import KEY_FILE, StationKey
from station.audit.trail import AuditAction, AuditEntry
from station.core.settings import data_dir, default_database_url

AT = datetime(2026, 12, 4, 8, 30, 15, 123456, tzinfo=UTC)


def entry(i: int, action: AuditAction = AuditAction.VIEW_FULL) -> AuditEntry:
    return AuditEntry(AT, f"op-{i % 3}", "site_lead", action, f"person-{i}", "", i)


def written(n: int = 10, every: int = 4) -> Path:
    """A station trail of n entries, checkpoints every 4 and at close, on the default file."""
    database = Database(default_database_url(), "site")
    trail = SqlAuditTrail(database, StationKey.load_or_create(data_dir()), every=every)
    for i in range(1, n + 1):
        trail.append(entry(i))
    trail.close()
    database.dispose()
    return data_dir() / "station.sqlite3"


def raw(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(sql)
    connection.close()


def verify(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["audit", "verify", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_an_untouched_trail_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    written()
    code, report = verify(capsys)
    assert (code, report["ok"], report["entries"], report["checkpoints"]) == (0, True, 10, 3)


def test_an_edited_entry_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    path = written()
    raw(path, "UPDATE audit_entries SET body = replace(body, 'op-1', 'op-2') WHERE seq = 7")
    code, report = verify(capsys)
    assert code == 1
    assert [(f["kind"], f["seq"]) for f in report["findings"]] == [("edited", 7)]


def test_an_edit_with_its_hash_rewritten_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    path = written()
    key = StationKey.load_or_create(data_dir())
    forged = canonical_bytes(entry(99), key.station_id)
    connection = sqlite3.connect(path)
    (prev,) = connection.execute("SELECT prev FROM audit_entries WHERE seq = 6").fetchone()
    import hashlib

    digest = hashlib.sha256(prev + forged).digest()
    connection.execute(
        "UPDATE audit_entries SET body = ?, digest = ? WHERE seq = 6", (forged, digest)
    )
    connection.commit()
    connection.close()
    code, report = verify(capsys)
    assert code == 1
    assert ("edited", 6) in [(f["kind"], f["seq"]) for f in report["findings"]]


def test_a_removed_entry_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    raw(written(), "DELETE FROM audit_entries WHERE seq = 5")
    code, report = verify(capsys)
    assert code == 1
    assert [(f["kind"], f["seq"]) for f in report["findings"]] == [("removed", 5)]
    assert "entry 5 was removed" in report["findings"][0]["message"]


def test_reordered_entries_are_named(capsys: pytest.CaptureFixture[str]) -> None:
    raw(
        written(),
        "UPDATE audit_entries SET seq = -1 WHERE seq = 3;"
        "UPDATE audit_entries SET seq = 3 WHERE seq = 4;"
        "UPDATE audit_entries SET seq = 4 WHERE seq = -1;",
    )
    code, report = verify(capsys)
    assert code == 1
    kinds = [(f["kind"], f["seq"]) for f in report["findings"]]
    assert ("reordered", 3) in kinds and ("reordered", 4) in kinds
    assert all(kind == "reordered" or kind == "checkpoint" for kind, _ in kinds)


def test_entries_cut_off_at_the_end_are_named(capsys: pytest.CaptureFixture[str]) -> None:
    raw(written(), "DELETE FROM audit_entries WHERE seq >= 9")
    code, report = verify(capsys)
    assert code == 1
    assert [(f["kind"], f["seq"]) for f in report["findings"]] == [("cut_off", 9)]
    assert "counts 10 entries, 8 are left" in report["findings"][0]["message"]


def test_a_forged_checkpoint_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    raw(written(), "UPDATE audit_checkpoints SET entries = 8 WHERE seq = 3")
    code, report = verify(capsys)
    assert code == 1
    assert [f["kind"] for f in report["findings"]] == ["checkpoint"]


def test_a_tampered_trail_of_several_batches_names_the_entry(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast read comes in batches; checkpoints fall inside them and at their edges."""
    import db.audit.store

    monkeypatch.setattr(db.audit.store, "READ_BATCH", 3)
    path = written(n=23, every=4)
    code, report = verify(capsys)
    assert (code, report["entries"], report["checkpoints"]) == (0, 23, 6)
    raw(path, "UPDATE audit_entries SET body = replace(body, 'op-1', 'op-2') WHERE seq = 13")
    code, report = verify(capsys)
    assert code == 1
    assert [(f["kind"], f["seq"]) for f in report["findings"]] == [("edited", 13)]


def test_the_cli_says_it_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    raw(written(), "DELETE FROM audit_entries WHERE seq = 2")
    assert main(["audit", "verify"]) == 1
    assert "TAMPERED removed: entry 2 was removed (before entry 3)" in capsys.readouterr().out


def test_the_key_is_private_and_its_public_half_exported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    written(1)
    mode = stat.S_IMODE((data_dir() / KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert main(["audit", "key", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["public_key"].startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE" not in shown["public_key"]
    assert shown["station"] == StationKey.load_or_create(data_dir()).station_id


def test_list_and_export_read_the_entries_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    written(6)
    assert main(["audit", "list", "--json", "--operator-id", "op-1"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["seq"] for r in listed] == [1, 4]
    assert listed[0] == {
        "seq": 1,
        "at": "2026-12-04T08:30:15.123456Z",
        "operator": "op-1",
        "role": "site_lead",
        "action": "view_full",
        "target": "person-1",
        "reason": "",
        "count": 1,
    }
    out = tmp_path / "trail.json"
    assert main(["audit", "export", "--out", str(out), "--since", "2026-12-04"]) == 0
    assert [r["seq"] for r in json.loads(out.read_text("utf-8"))] == [1, 2, 3, 4, 5, 6]
    assert main(["audit", "list", "--json", "--action", "export"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()[-1:]]
    assert exported[0]["count"] == 6 and exported[0]["target"] == "audit_trail"


def test_chain_and_checkpoints_on_both_databases(db_url: str) -> None:
    station = open_station(database_url=db_url)
    assert station.audit is not None
    for i in range(1, 2501):
        if i % 500 == 0:
            station.audit.append(entry(i, AuditAction.CHANGE))
        elif i < 5:
            station.audit.append(entry(i))
    station.close()
    again = open_station(database_url=db_url)
    assert again.audit is not None
    count, findings = again.audit.verify()
    assert (count, findings) == (9, [])
    assert [p.entries for p in again.audit.checkpoints()] == [9]
    again.database.dispose()
