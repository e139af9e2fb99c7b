"""Look a person up by ID, phone, name or pinyin initials, with tubes, boxes and results."""

from __future__ import annotations

import json
from pathlib import Path

from app.main import main
from lab_support import fill_tube, lab, ok, station_on, tube
from station.lab.records import Result


def test_find_by_every_key_with_history(db_url: str, people, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    number = people.resident_id()
    zhang = people.code(name="张三", phone="13812345678", number=number)
    with station_on(db_url) as station:
        scan, find = station.recording.scan, lab(station).lookup.find  # type: ignore[union-attr]
        ok(scan(tube(1)), "tube_opened")
        ok(scan(zhang), "person_added")
        ok(scan(people.code(name="周松")), "person_added")  # zs as well
        ok(scan(people.code(name="李四")), "person_added")
        ok(scan("NATCMD:SEAL"), "sealed")
        ok(scan("BX00000001"), "box_opened")
        ok(scan(tube(1)), "tube_packed")
        sheet = tmp_path / "r.csv"
        sheet.write_text(f"tube,result\n{tube(1)},invalid\n", encoding="utf-8")
        assert lab(station).results.import_file(sheet).imported == 1
        fill_tube(station, people, tube(2), 1, names=["王五"])
        ok(scan(tube(3)), "tube_opened")
        assert scan(zhang).code == "retest_confirm"
        ok(scan(zhang), "person_added")  # re-sampled the same day

        by_initials = find("zs")
        assert sorted(f.name for f in by_initials) == ["周*", "张*"]
        (found,) = [f for f in by_initials if f.name == "张*"]
        assert [(h.tube, h.box, h.result) for h in found.history] == [
            (tube(1), "BX00000001", Result.INVALID),
            (tube(3), None, None),
        ]
        assert found.phone == "138****5678" and found.document.endswith(number[-4:])
        assert [f.person_id for f in find(number.lower())] == [found.person_id]
        assert [f.person_id for f in find("138-1234-5678")] == [found.person_id]
        assert [f.person_id for f in find("张三")] == [found.person_id]
        assert find("ww")[0].history[0].tube == tube(2)
        assert find("xyz") == []
        # A new phone on a new scan: the index follows the registration events.
        ok(scan("NATCMD:SEAL"), "sealed")
        ok(scan(tube(4)), "tube_opened")
        new_phone = people.code(name="张三", phone="13900000000", number=number)
        assert scan(new_phone).code == "retest_confirm"
        ok(scan(new_phone), "person_added")
        assert find("13812345678") == [] and len(find("13900000000")) == 1
    assert main(["lookup", "zs", "--json", "--db", db_url]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(p["name"] for p in listed) == ["周*", "张*"]
    assert main(["lookup", "nobody", "--db", db_url]) == 1
