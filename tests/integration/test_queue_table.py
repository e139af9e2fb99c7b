"""The queue at a sampling table and on the display, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from app.wiring import Station, open_station
from db.queue.watch import watch
from station.core.classifier import Command, command_barcode
from station.core.codes import decode_person_code

WAIT_LIMIT_S = 0.3


@pytest.fixture
def station(db_url: str) -> Iterator[Station]:
    station = open_station(database_url=db_url, table="2", default_mode=5)
    yield station
    station.close()


def test_call_key_then_ticket_scan_puts_the_person_in_the_tube(station, people) -> None:  # type: ignore[no-untyped-def]
    queue = station.queue.service
    code = decode_person_code(people.code(name="张三丰"))
    issued = queue.issue("P", code, reason="elderly")
    other = queue.issue("A", decode_person_code(people.code(name="李四")))
    table = station.recording
    assert table.scan("0000000101").code == "tube_opened"
    called = table.scan(command_barcode(Command.CALL))
    assert (called.code, called.person) == ("called", "张*丰")
    assert called.message.startswith("叫号 P001")
    added = table.scan(issued.ticket.barcode)
    assert added.code == "person_added" and added.count == 1 and added.person == "张*丰"
    assert added.message.startswith("P001 · ")
    assert queue.peek(issued.ticket.day, "P001").state.value == "served"
    again = table.scan(issued.ticket.barcode)
    assert (again.status.value, again.code) == ("error", "ticket_served")
    # A ticket not called to this table is refused, and nothing is written.
    wrong = table.scan(other.ticket.barcode)
    assert (wrong.status.value, wrong.code, table.view().tube.count) == (
        "error",
        "ticket_not_here",
        1,
    )
    assert table.scan(command_barcode(Command.CALL)).message.startswith("叫号 A001")
    assert table.scan(command_barcode(Command.RECALL)).code == "recalled"
    skipped = table.scan(command_barcode(Command.SKIP))
    assert (skipped.code, skipped.message) == ("queue_empty", "A001 过号；无人等候")
    assert table.scan(command_barcode(Command.RECALL)).code == "nothing_called"


def test_a_retest_is_confirmed_by_scanning_the_ticket_again(station, people) -> None:  # type: ignore[no-untyped-def]
    queue = station.queue.service
    payload = people.code(name="王五")
    table = station.recording
    table.scan("0000000201")
    assert table.scan(payload).code == "person_added"  # tested once today already
    assert table.scan(command_barcode(Command.SEAL)).code == "sealed"
    assert table.scan("0000000202").code == "tube_opened"
    issued = queue.issue("A", decode_person_code(payload))
    table.scan(command_barcode(Command.CALL))
    first = table.scan(issued.ticket.barcode)
    assert (first.status.value, first.code) == ("warning", "retest_confirm")
    assert queue.peek(issued.ticket.day, "A001").state.value == "called"
    second = table.scan(issued.ticket.barcode)
    assert (second.code, second.count) == ("person_added", 1)
    assert queue.peek(issued.ticket.day, "A001").state.value == "served"


def test_cli_queue_commands_print_json(station, db_url: str) -> None:  # type: ignore[no-untyped-def]
    def run(*args: str) -> dict:  # type: ignore[type-arg]
        done = subprocess.run(
            [sys.executable, "-m", "app.main", "queue", *args, "--db", db_url],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return json.loads(done.stdout)

    assert run("issue", "--lane", "P")["number"] == "P001"
    assert run("call", "--table", "4") == {"number": "P001", "table": "4"}
    assert run("issue")["number"] == "A001"
    assert run("call", "--table", "5", "--number", "a001") == {"number": "A001", "table": "5"}
    board = run("board")
    assert board["calls"] == ["A001→5", "P001→4"] and board["status"] == "畅通"


def test_cli_hold_release_and_drop_print_one_json_line(station, db_url: str, people) -> None:  # type: ignore[no-untyped-def]
    def run(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        done = subprocess.run(
            [sys.executable, "-m", "app.main", "queue", *args, "--db", db_url],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert len(done.stdout.splitlines()) == 1, done.stdout + done.stderr
        return done.returncode, json.loads(done.stdout)

    issued = station.queue.service.issue("P", decode_person_code(people.code(name="张三丰")))
    assert run("hold", "--number", "p1") == (0, {"number": "P001", "state": "held"})
    assert run("call", "--table", "5") == (0, {"number": None, "table": "5"})  # held: not called
    code, refused = run("hold", "--number", "P001")
    assert (code, refused["error"]) == (1, "ticket_state")
    assert refused["message"] == "号码 P001 当前为「暂缓」，不能改为「暂缓」"
    slip = issued.ticket.barcode  # the slip's barcode names the ticket too
    assert run("release", "--number", slip) == (0, {"number": "P001", "state": "issued"})
    assert run("drop", "--number", "P001") == (0, {"number": "P001", "state": "dropped"})
    assert station.queue.service.find("P001").state.value == "dropped"
    for args, error in [
        (("drop",), "no_ticket_number"),
        (("drop", "--number", "P009"), "no_ticket"),
        (("release", "--number", "张三丰"), "bad_ticket_number"),
        (("hold", "--number", "NATQ:2020-01-01:P001"), "ticket_other_day"),
    ]:
        code, out = run(*args)
        assert (code, out["error"]) == (1, error) and out["message"], args


def test_the_display_hears_of_a_call_from_another_connection_at_once(station, db_url) -> None:  # type: ignore[no-untyped-def]
    """SQLite: PRAGMA data_version; PostgreSQL: LISTEN/NOTIFY. Both well within 300 ms."""
    watcher = watch(db_url)
    try:
        assert not watcher.changed()
        station.queue.service.issue("A")
        latencies = []
        for _ in range(5):
            station.queue.service.issue("A")
            watcher.changed()  # the issue itself
            started = time.perf_counter()
            station.queue.service.call_next("9")
            while not watcher.changed():
                assert time.perf_counter() - started < 2.0, "the display never heard of the call"
                time.sleep(0.005)
            latencies.append(time.perf_counter() - started)
        assert max(latencies) < WAIT_LIMIT_S
        assert [c.number for c in station.queue.service.board().calls][:1] == ["A005"]
    finally:
        watcher.close()


def test_the_board_is_read_while_another_process_holds_the_write_lock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SQLite: the display's reads take no write lock, so they neither wait for a table's
    call in another process nor hold one up."""
    import sqlite3
    import threading

    path = tmp_path / "station.sqlite3"
    station = open_station(database_url=f"sqlite:///{path}", table="2")
    try:
        station.queue.service.issue("A")
        station.queue.service.call_next("2")
        holding, release = threading.Event(), threading.Event()

        def other_table() -> None:
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            holding.set()
            release.wait(5)
            other.execute("COMMIT")
            other.close()

        writer = threading.Thread(target=other_table)
        writer.start()
        assert holding.wait(5)
        started = time.perf_counter()
        board = station.queue.service.board()
        tickets = station.queue.service.tickets()
        read_s = time.perf_counter() - started
        release.set()
        writer.join()
        assert [call.number for call in board.calls] == ["A001"]
        assert [line.ticket.number for line in tickets.lines] == ["A001"]
        assert read_s < 0.5, read_s  # a writing unit of work would wait until release
    finally:
        station.close()
