"""Helpers of the sync fault tests: a site server on a throwaway cluster, stations as real
processes, what each side holds, and a TCP proxy that misbehaves on purpose."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUBE_PREFIX = "AB"


def init_server(cluster) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A new server database: (admin URL, the stations' ingest-role URL)."""
    from db.sync.server_admin import init_server as init

    name = f"server_{uuid.uuid4().hex[:12]}"
    admin = cluster.create_database(name)
    init(admin)
    return admin, admin.replace(f"{cluster.user}@", "nat_station_ingest@")


@dataclass
class Station:
    path: Path
    table: str
    server_url: str = ""
    district: str = "d1"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NAT_STATION_")}
        env.update(
            NAT_STATION_DB=self.url,
            NAT_STATION_TABLE=self.table,
            NAT_STATION_SITE_NAME="幸福里采样点",
            NAT_STATION_TUBE_PREFIX=TUBE_PREFIX,
            NAT_STATION_DISTRICT=self.district,
            NAT_STATION_SPEECH="0",
            NAT_STATION_CONFIG_DIR=str(self.path.parent / f"cfg{self.table}"),
            NAT_STATION_DATA_DIR=str(self.path.parent / f"data{self.table}"),
            PYTHONPATH=str(ROOT),
            **extra,
        )
        if self.server_url:
            env["NAT_STATION_SERVER"] = self.server_url
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "app.main", *args]

    def scan(self, lines: list[str]) -> list[dict]:
        done = subprocess.run(
            self.command("scan"),
            input="\n".join(lines) + "\n",
            text=True,
            capture_output=True,
            env=self.env(),
            cwd=ROOT,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        out = [json.loads(line) for line in done.stdout.splitlines()]
        assert all(o["status"] == "saved" for o in out), out
        return out

    def cli(self, *args: str) -> tuple[int, str, str]:
        """`nat-station ARGS` in this process (a process start costs seconds on a busy
        machine), with this station's environment; (exit status, stdout, stderr)."""
        from app.main import main

        saved = dict(os.environ)
        out, err = io.StringIO(), io.StringIO()
        try:
            os.environ.clear()
            os.environ.update(self.env())
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(args))
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return code, out.getvalue(), err.getvalue()

    def sync_once(self, *extra: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command("sync", "--once", *extra),
            text=True,
            capture_output=True,
            env=self.env(),
            cwd=ROOT,
            timeout=timeout,
        )

    def start_sync(self, *extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command("sync", "--once", *extra),
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self.env(),
            cwd=ROOT,
        )

    def status(self) -> dict:
        code, out, err = self.cli("sync", "--status", "--json")
        assert code == 0, err
        return json.loads(out)

    def outbox(self) -> dict[str, str | None]:
        """event_id -> the server's answer (None: still pending), from the station's file."""
        with sqlite3.connect(self.path) as connection:
            return dict(connection.execute("SELECT event_id, answer FROM outbox"))

    def confirmed(self) -> set[str]:
        return {e for e, answer in self.outbox().items() if answer is not None}


def shift(people, tubes: list[str], per_tube: int = 10) -> list[str]:  # type: ignore[no-untyped-def]
    """A table's scripted shift: each tube filled with `per_tube` new people (mode 10)."""
    lines: list[str] = []
    for tube in tubes:
        lines.append(tube)
        lines += [people.code() for _ in range(per_tube)]
    return lines


def tube_codes(start: int, n: int) -> list[str]:
    return [f"{TUBE_PREFIX}{start + i:08d}" for i in range(n)]


def server_events(cluster, admin_url: str) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    """(event_id, station_id, station_seq) of every event the server holds."""
    with cluster.connect(admin_url.rsplit("/", 1)[1]) as connection:
        return connection.execute(
            "SELECT event_id, station_id, station_seq FROM sync_events WHERE source <> 'server'"
        ).fetchall()


def assert_exactly_once(cluster, admin_url: str, stations: list[Station]) -> None:  # type: ignore[no-untyped-def]
    """The server holds each station's every event exactly once, and nothing else."""
    held = server_events(cluster, admin_url)
    ids = [row[0] for row in held]
    assert len(ids) == len(set(ids)), "an event is on the server twice"
    keys = [(row[1], row[2]) for row in held]
    assert len(keys) == len(set(keys)), "a station position is on the server twice"
    recorded: set[str] = set()
    for station in stations:
        box = station.outbox()
        assert all(answer is not None for answer in box.values()), "still pending"
        recorded |= set(box)
    assert set(ids) == recorded


@dataclass
class ChaosProxy:
    """A TCP proxy on loopback between a station and PostgreSQL that misbehaves on purpose.

    Each connection draws its fate: with chance `cut` it is cut after a random number of
    chunks; `stall`: one of the server's chunks is held `stall_s`; `drop_after_commit`: once
    the client has sent COMMIT, the server's reply (the server has committed) is thrown away
    and the client cut off; otherwise it passes untouched."""

    upstream_port: int
    cut: float = 0.0
    stall: float = 0.0
    stall_s: float = 1.5
    drop_after_commit: float = 0.0
    seed: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"cut": 0, "stall": 0, "drop": 0})

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._main, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(10)

    def _main(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0)
        )
        self.port = self.server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    def url(self, base_url: str) -> str:
        return base_url.replace(f":{self.upstream_port}/", f":{self.port}/")

    def set(self, **modes: float) -> None:
        for key, value in modes.items():
            setattr(self, key, value)

    def close(self) -> None:
        async def shut() -> None:
            self.server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    def _fate(self) -> dict[str, object]:
        draw = self.random.random()
        after = self.random.randint(1, 12)
        for name in ("cut", "stall", "drop_after_commit"):
            chance = getattr(self, name)
            if draw < chance:
                return {"fate": name, "after": after, "chunks": 0, "dropping": False}
            draw -= chance
        return {"fate": "ok", "after": after, "chunks": 0, "dropping": False}

    async def _handle(self, client_r, client_w) -> None:  # type: ignore[no-untyped-def]
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.close()
            return
        state = self._fate()
        writers = (client_w, server_w)
        await asyncio.gather(
            self._pump(client_r, server_w, writers, state, upstream=True),
            self._pump(server_r, client_w, writers, state, upstream=False),
            return_exceptions=True,
        )

    async def _pump(self, reader, writer, writers, state, upstream: bool) -> None:  # type: ignore[no-untyped-def]
        try:
            while data := await reader.read(65536):
                state["chunks"] += 1
                if state["fate"] == "cut" and state["chunks"] >= state["after"]:
                    self.counts["cut"] += 1
                    break
                if upstream:
                    writer.write(data)
                    await writer.drain()
                    if state["fate"] == "drop_after_commit" and b"COMMIT\x00" in data:
                        self.counts["drop"] += 1
                        state["dropping"] = True
                        await asyncio.sleep(0.3)  # the server commits and answers: lost
                        break
                    continue
                if state["dropping"]:
                    continue
                if state["fate"] == "stall" and state["chunks"] >= state["after"]:
                    self.counts["stall"] += 1
                    state["fate"] = "ok"
                    await asyncio.sleep(self.stall_s)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            for w in writers:
                w.close()
            for w in writers:
                with contextlib.suppress(ConnectionError, OSError, asyncio.CancelledError):
                    await w.wait_closed()
