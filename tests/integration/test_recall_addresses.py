"""The recall list says where each recalled person lives, from the community's roster."""

from __future__ import annotations

import csv
from pathlib import Path

from lab_support import lab, ok, station_on, tube
from roster_data import row, write_csv
from station.recording import Status


def test_recall_lines_carry_the_roster_address(db_url: str, tmp_path: Path) -> None:
    residents = [
        row(n, name=name, building="7栋", unit="2单元", room=f"30{n}")
        for n, name in enumerate(["张三", "李四", "王五", "赵六", "钱七"], start=1)
    ]
    with station_on(db_url) as station:
        assert station.roster is not None
        report = station.roster.importer.import_file(write_csv(tmp_path / "roster.csv", residents))
        assert (report.imported, report.created, report.errors) == (True, 5, [])
        ok(station.recording.scan(tube(1)), "tube_opened")
        for resident in residents:  # typed as name,id,phone (a pre-registration payload)
            text = f"{resident['姓名']},{resident['证件号码']},{resident['手机号']}"
            assert station.recording.scan(text).status is Status.SAVED
        results = tmp_path / "lab.csv"
        with results.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([("试管条码", "检测结果"), (tube(1), "阳性")])
        imported = lab(station).results.import_file(results)
        assert imported.recalls_opened == [tube(1)]
        (view,) = lab(station).recall.board()
        rooms = sorted(
            (v.address.building, v.address.unit, v.address.room)
            for v in view.lines
            if v.address is not None
        )
        assert rooms == [("7栋", "2单元", f"30{n}") for n in range(1, 6)]
