"""Person look-up (ID, phone, name, pinyin initials, with history) among 1,000,000 people.

Loads N people (default 1,000,000) into a SQLite file made by the migrations: persons, their
registration events and look-up keys, 10 people a tube, every tube with a box and a result.
Then times LookupService.find (transaction, index catch-up, query, history of every hit,
masking) for a mix of queries: a quarter each ID numbers, phones, names and initials.
The station is opened by the app's wiring (app/wiring.py): the look-up service is the one
the boxes page uses. Baseline in the same run: reading one person by primary key through the
same Database transaction (the floor any look-up pays). Target: p99(find) <= 5 ms.
Run: python bench/bench_lookup.py [--people 1000000] [--queries 2000] [--db FILE]
(--db keeps the loaded file and reuses it on the next run: the load takes minutes.)
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))  # this checkout, not the installed one
from common import bench_station, emit, resident_id, summary_ms
from sqlalchemy import select
from stdnum.cn import ric

from db.recording.store import persons_t
from station.lab.lookup import keys_of

SITE = "bench site"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅志文海波辉鹏宇浩然子轩"
    "欣怡梓涵雨晨一诺思远嘉俊佳琪婷雪峰晓东丹萍亮飞斌鑫宁凯琳颖"
)
PER_TUBE = 10


def document(n: int) -> str:
    """The n-th distinct valid ID number: common.resident_id repeats after 336,000, so each
    run of 336,000 gets a district of its own."""
    body = f"{110101 + n // 336_000}" + resident_id(n % 336_000)[6:17]
    return body + ric.calc_check_digit(body + "0")


def name_of(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def load(path: Path, people: int, seed: int, work: Path) -> list[tuple[str, str, str, str]]:
    """Bulk rows with bare sqlite3 (one transaction per table); returns (id, doc, phone, name)."""
    bench_station(f"sqlite:///{path}", work, site_name=SITE).close()  # schema, by the migrations
    rng = random.Random(seed)
    at = datetime(2026, 11, 22, 8, tzinfo=UTC).isoformat(sep=" ")
    rows = [
        (
            str(uuid.UUID(int=rng.getrandbits(128))),
            document(n),
            f"1{(3, 5, 8)[n % 3]}{n:09d}"[-11:],
            name_of(rng),
        )
        for n in range(people)
    ]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")  # loading only; the timed part uses FULL
    connection.execute("PRAGMA cache_size=-400000")  # 400 MB: random keys, big indexes

    def bulk(sql: str, values) -> None:  # type: ignore[no-untyped-def]
        connection.execute("BEGIN")
        connection.executemany(sql, values)
        connection.execute("COMMIT")

    bulk(
        "INSERT INTO persons (id, doc_type, doc_number, note, name, phone, single_only, "
        "updated_at) VALUES (?, 'resident_id', ?, '', ?, ?, 0, ?)",
        ((pid, doc, name, phone, at) for pid, doc, phone, name in rows),
    )
    bulk(
        "INSERT INTO events (seq, id, kind, at, site, table_no, recorder, round, tube, "
        "person_id, data) VALUES (?, ?, 'person_registered', ?, ?, '1', 'bench', 'R1', NULL, "
        "?, ?)",
        (
            (
                seq,
                str(uuid.uuid4()),
                at,
                SITE,
                pid,
                json.dumps(
                    {"doc_type": "resident_id", "doc_number": doc, "name": name, "phone": phone},
                    ensure_ascii=False,
                ),
            )
            for seq, (pid, doc, phone, name) in enumerate(rows, start=1)
        ),
    )
    initials: dict[str, str] = {}  # names repeat; pinyin costs ~80 µs a name
    bulk(
        "INSERT INTO person_keys (person_id, initials, name, phone, doc_number, event_seq) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                pid,
                initials.setdefault(name, keys_of(pid, name, phone, doc).initials)
                if name not in initials
                else initials[name],
                name,
                phone,
                doc,
                seq,
            )
            for seq, (pid, doc, phone, name) in enumerate(rows, start=1)
        ),
    )
    tubes = (people + PER_TUBE - 1) // PER_TUBE
    bulk(
        "INSERT INTO tubes (site, barcode, mode, status, count, table_no, recorder, round, "
        "opened_at, activated_at, sealed_at, under_filled) VALUES (?, ?, 10, 'sealed', ?, "
        "'1', 'bench', 'R1', ?, ?, ?, 0)",
        ((SITE, f"{t:010d}", PER_TUBE, at, at, at) for t in range(tubes)),
    )
    bulk(
        "INSERT INTO tube_members (event_id, site, tube, person_id, added_at, removed_by) "
        "VALUES (?, ?, ?, ?, ?, NULL)",
        (
            (str(uuid.uuid4()), SITE, f"{i // PER_TUBE:010d}", pid, at)
            for i, (pid, *_rest) in enumerate(rows)
        ),
    )
    bulk(
        "INSERT INTO box_tubes (event_id, site, box, tube, packed_at, removed_by) "
        "VALUES (?, ?, ?, ?, ?, NULL)",
        ((str(uuid.uuid4()), SITE, f"BX{t // 100:08d}", f"{t:010d}", at) for t in range(tubes)),
    )
    bulk(
        "INSERT INTO tube_results (site, tube, result, tested_at, recorded_at) "
        "VALUES (?, ?, 'negative', NULL, ?)",
        ((SITE, f"{t:010d}", at) for t in range(tubes)),
    )
    connection.execute("ANALYZE")
    connection.close()
    return rows


def reload(path: Path) -> list[tuple[str, str, str, str]]:
    """The (id, doc, phone, name) rows of a database an earlier run loaded, in load order."""
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT person_id, doc_number, phone, name FROM person_keys ORDER BY event_seq"
    ).fetchall()
    connection.close()
    return rows


def queries(rows: list[tuple[str, str, str, str]], count: int, seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    out = []
    for i in range(count):
        _pid, doc, phone, name = rng.choice(rows)
        out.append((doc, phone, name, keys_of("", name, "", "").initials)[i % 4])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="keep the loaded database here, reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "lookup.sqlite3"
        started = time.perf_counter()
        if args.db and args.db.exists():
            rows = reload(path)
            print(f"reused {len(rows)} people from {path}", file=sys.stderr)
        else:
            rows = load(path, args.people, args.seed, Path(tmp))
            print(
                f"loaded {args.people} people in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
        loaded = time.perf_counter() - started
        station = bench_station(f"sqlite:///{path}", tmp, site_name=SITE)
        assert station.lab is not None and station.lab.lookup is not None
        database, service = station.database, station.lab.lookup
        asked = queries(rows, args.queries, args.seed)
        # The bench's own million rows are no station's memory: keep the cyclic collector
        # from walking them in the middle of a timed look-up (a 20-30 ms pause each time).
        gc.collect()
        gc.freeze()
        for text in asked[:50]:  # warm the page cache as a running station would be
            service.find(text)
        timings, hits, by_kind = [], 0, {"document": [], "phone": [], "name": [], "initials": []}
        for i, text in enumerate(asked):
            t0 = time.perf_counter()
            found = service.find(text)
            took = time.perf_counter() - t0
            timings.append(took)
            by_kind[("document", "phone", "name", "initials")[i % 4]].append(took)
            hits += bool(found)
        floor = []
        rng = random.Random(args.seed + 2)
        for _ in range(args.queries):
            pid = rng.choice(rows)[0]
            t0 = time.perf_counter()
            with database.transaction() as connection:
                connection.execute(select(persons_t).where(persons_t.c.id == pid)).one()
            floor.append(time.perf_counter() - t0)
        station.close()
    found_ms, floor_ms = summary_ms(timings), summary_ms(floor)
    print(f"find      {found_ms}")
    for kind, values in by_kind.items():
        print(f"  {kind:9} {summary_ms(values)}")
    print(f"baseline  {floor_ms}  (one person by primary key, same transaction machinery)")
    emit(
        {
            "bench": "lookup",
            "people": len(rows),
            "queries": args.queries,
            "hit_rate": round(hits / len(asked), 3),
            "load_s": round(loaded, 1),
            "find": found_ms,
            "by_kind_p99_ms": {k: summary_ms(v)["p99_ms"] for k, v in by_kind.items()},
            "baseline_pk": floor_ms,
            "target_p99_ms": 5.0,
            "p50_vs_baseline": round(found_ms["p50_ms"] / floor_ms["p50_ms"], 2),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cores": os.cpu_count(),
            "ok": found_ms["p99_ms"] <= 5.0,
        }
    )


if __name__ == "__main__":
    main()
