"""The status page under 1,000 phones: how fast a call reaches them, and what it costs the tables.

Three processes, as on a site: `nat-station web` (uvicorn), the tables (another process calling
`call_next` every `--interval` s and writing when each call was committed), and the phones
(a process of `--phones` asyncio SSE clients on aiohttp, each noting when it first sees each
called number). The tables run three times in the same run: alone, with every phone
connected, alone again. Delivery = the phone's receipt minus the
commit (same clock, one machine).

    python bench/bench_web.py [--phones 1000] [--calls 120] [--interval 0.4] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import emit, percentile, summary_ms  # noqa: E402

LIMIT_P99_S = 2.0
WARM_UP = 2  # each tables process's first calls prepare its statements: not timed
NUMBER = re.compile(r'data-newest="([A-Z]\d{3,})"|<b>([A-Z]\d{3,})</b>')
TABLES = """
import json, sys, time
from app.wiring import open_station
mode, count, interval, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
station = open_station()
queue = station.queue.service
if mode == "issue":
    for _ in range(count):
        queue.issue("A")
    sys.exit(0)
with open(out, "w") as log:
    for i in range(count):
        time.sleep(interval)
        start = time.perf_counter()
        ticket = queue.call_next(str(1 + i % 4))
        took = time.perf_counter() - start
        log.write(json.dumps({"number": ticket.number, "at": time.time(), "s": took}) + "\\n")
station.close()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tables(env: dict[str, str], mode: str, count: int, interval: float, out: Path):
    command = [sys.executable, "-c", TABLES, mode, str(count), str(interval), str(out)]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _calls(path: Path) -> list[dict[str, float | str]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


async def _phone(session: aiohttp.ClientSession, url: str, seen: dict[str, float], ready) -> None:  # type: ignore[no-untyped-def]
    async with session.get(url) as response:
        async for raw in response.content:  # one line at a time
            if not raw.startswith(b"data:"):
                continue
            now = time.time()
            for newest, recent in NUMBER.findall(raw.decode()):
                seen.setdefault(newest or recent, now)
            ready.set()


async def _phones(url: str, count: int, out: Path) -> None:
    """The phones' process: connect, say ready, note what arrives until told to stop."""
    seen: list[dict[str, float]] = [{} for _ in range(count)]
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        readies = [asyncio.Event() for _ in range(count)]
        started = time.monotonic()
        tasks = [
            asyncio.create_task(_phone(session, url + "/events", seen[i], readies[i]))
            for i in range(count)
        ]
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 120)
        print(f"ready {time.monotonic() - started:.2f}", flush=True)
        await loop.run_in_executor(None, sys.stdin.readline)  # "stop"
        ended = sum(t.done() for t in tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    out.write_text(json.dumps({"seen": seen, "ended": ended}))


def _with_phones(args, url: str, env: dict[str, str], out: Path, server: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The phones run in a process of their own. On a site they are elsewhere; here their CPU
    is taken from the same two cores as the tables' (so the comparison errs against us).
    At the lowest priority they starved on a loaded machine and the delivery figure measured
    the phones, not the page."""
    seen_file = out.with_suffix(".seen.json")
    phones = subprocess.Popen(
        [
            "nice",
            "-n",
            "19",
            sys.executable,
            __file__,
            "--phones-worker",
            str(seen_file),
            "--phones",
            str(args.phones),
            "--url",
            url,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert phones.stdout is not None and phones.stdin is not None
    ready = phones.stdout.readline().split()
    assert ready and ready[0] == "ready", "the phones did not connect"
    server_cpu, phones_cpu, wall = _cpu_s(server), _cpu_s(phones.pid), time.monotonic()
    _tables(env, "call", args.calls, args.interval, out).wait()
    time.sleep(3)  # the last call's deliveries
    wall = time.monotonic() - wall
    server_cpu = (_cpu_s(server) - server_cpu) / wall
    phones_cpu = (_cpu_s(phones.pid) - phones_cpu) / wall
    phones.stdin.write("stop\n")
    phones.stdin.close()
    phones.wait(60)
    phones.stdout.close()
    result = json.loads(seen_file.read_text())
    calls = _calls(out)
    delays, missing = [], 0
    for call in calls:
        for phone in result["seen"]:
            got = phone.get(str(call["number"]))
            if got is None:
                missing += 1
            else:
                delays.append(got - float(call["at"]))
    return {
        "connected_s": float(ready[1]),
        "server_cpu_share": round(server_cpu, 2),  # of one core, while the tables called
        "phones_cpu_share": round(phones_cpu, 2),
        "streams_ended_early": result["ended"],
        "deliveries": len(delays),
        "missing": missing,
        "delivery_p50_s": round(percentile(delays, 50), 3),
        "delivery_p99_s": round(percentile(delays, 99), 3),
        "delivery_max_s": round(max(delays), 3),
        "calls": calls,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=120, help="calls in each phase")
    parser.add_argument("--interval", type=float, default=0.4, help="seconds between calls")
    parser.add_argument("--pg", help="PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--phones-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.phones)), hard))
    if args.phones_worker:
        asyncio.run(_phones(args.url, args.phones, args.phones_worker))
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench-web-"))
    url = args.pg or f"sqlite:///{work / 'station.sqlite3'}"
    env = {
        **os.environ,
        "NAT_STATION_CONFIG_DIR": str(work / "config"),
        "NAT_STATION_DATA_DIR": str(work / "data"),
        "NAT_STATION_DB": url,
        "PYTHONPATH": str(ROOT),
    }
    _tables(env, "issue", 3 * args.calls + 20, 0, work / "issue.log").wait()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.main", "web", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "server did not start"
            time.sleep(0.2)
        alone_log = work / "alone.log"
        _tables(env, "call", args.calls, args.interval, alone_log).wait()
        alone = [float(c["s"]) for c in _calls(alone_log)[WARM_UP:]]
        phones = _with_phones(args, base, env, work / "phones.log", server.pid)
        after_log = work / "after.log"
        _tables(env, "call", args.calls, args.interval, after_log).wait()
        after = [float(c["s"]) for c in _calls(after_log)[WARM_UP:]]
    finally:
        server.terminate()
        server.wait(30)
    busy = [float(c["s"]) for c in phones.pop("calls")[WARM_UP:]]  # type: ignore[index]
    result = {
        "bench": "web",
        "database": "postgresql" if args.pg else "sqlite",
        "phones": args.phones,
        "calls_per_phase": args.calls,
        "interval_s": args.interval,
        **phones,
        "limit_delivery_p99_s": LIMIT_P99_S,
        "call_next_alone": summary_ms(alone),
        "call_next_with_phones": summary_ms(busy),
        "call_next_alone_after": summary_ms(after),
    }
    for name in ("call_next_alone", "call_next_with_phones", "call_next_alone_after"):
        s = result[name]
        print(f"{name:24} p50 {s['p50_ms']:.2f} ms  p99 {s['p99_ms']:.2f} ms")  # type: ignore[index]
    print(
        f"delivery to {args.phones} phones: p50 {result['delivery_p50_s']} s, "
        f"p99 {result['delivery_p99_s']} s, max {result['delivery_max_s']} s, "
        f"missing {result['missing']}"
    )
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
