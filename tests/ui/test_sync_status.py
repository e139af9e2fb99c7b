"""The recorder window with a site server set: it forwards in the background and its status
bar says offline and how much waits, or synced and when; scans save either way."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.gui import build_window
from app.gui_sync import mount_sync
from app.wiring import open_station
from scanner import type_scan
from station.core.settings import BarcodePattern
from ui.feedback import Feedback
from ui.sync_status import SyncStatusLabel


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _window(qtbot, tmp_path: Path, server_url: str, people):  # type: ignore[no-untyped-def]
    station = open_station(
        database_url=f"sqlite:///{tmp_path / 's.sqlite3'}",
        table="1",
        site_name="幸福里采样点",
        tube=BarcodePattern(prefix="AB"),
        server_url=server_url,
    )
    window = build_window(station, Feedback(tmp_path / "sounds", "zh", speech=False))
    qtbot.addWidget(window)
    link = mount_sync(window, station)
    window.show()
    window.field.setFocus()
    for text in ("AB00000001", people.code(), people.code()):
        type_scan(window.field, text)
    label = window.statusBar().findChild(SyncStatusLabel)
    return station, link, label


def station_field(label):  # type: ignore[no-untyped-def]
    return label.window().field


def test_offline_the_table_records_and_the_bar_counts_what_waits(qtbot, tmp_path, people):
    url = f"postgresql://nat_station_ingest@127.0.0.1:{_closed_port()}/nowhere"
    station, link, label = _window(qtbot, tmp_path, url, people)
    try:
        assert station.recording.view().totals.people == 2  # saved, server or not
        qtbot.waitUntil(lambda: label.text().startswith("离线 · 5 条待上传"), timeout=15000)
        assert label.text() == "离线 · 5 条待上传 · 最后同步 —"
        qtbot.wait(6000)  # the forwarder backs off longer and longer between tries
        type_scan(station_field(label), people.code())
        # the bar counts the new scan within a second or so, not at the next try
        qtbot.waitUntil(lambda: label.text().startswith("离线 · 7 条待上传"), timeout=2500)
    finally:
        link.close()
        station.close()


@pytest.mark.postgres
def test_online_the_bar_says_synced(qtbot, tmp_path, people, pg_cluster):
    from sync_support import init_server

    _, ingest = init_server(pg_cluster)
    station, link, label = _window(qtbot, tmp_path, ingest, people)
    try:
        qtbot.waitUntil(lambda: label.text().startswith("已同步 · 最后同步 "), timeout=20000)
        assert label.text()[-3] == ":"  # HH:MM
    finally:
        link.close()
        station.close()


def test_no_server_no_forwarder_and_no_status_word(qtbot, tmp_path, people) -> None:
    station, link, label = _window(qtbot, tmp_path, "", people)
    try:
        assert link is None and label is None
    finally:
        station.close()
