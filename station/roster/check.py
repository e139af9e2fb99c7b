"""Checking a roster before anything is written: in this process, or a large CSV in several.

Checking a row (identity rules, places, flags) costs far more than reading it, and each row is
checked on its own: a large CSV is split in blocks of rows, checked by worker processes side
by side, and put back in file order here. Only the check is split; duplicates across the whole
file are found here afterwards, in line order, as a single pass would find them.
"""

from __future__ import annotations

import gc
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import BinaryIO, NamedTuple

import station
from station.core.errors import OperatorError
from station.core.identity import DocType
from station.roster.files import Row, read_csv_blocks, read_roster_rows
from station.roster.residents import FLAG_KEYS, Flags, Place, RowError, read_resident

# Below this size a file is checked faster here than worker processes start (about 0.3 s each).
PARALLEL_FROM_BYTES = 8 << 20  # about 80,000 rows
# Rows per block handed between processes: big enough that a message costs little per row.
BLOCK_ROWS = 5_000


class Checked(NamedTuple):
    """A good roster row kept for writing: plain values, so a million fit in memory."""

    line: int
    doc_type: DocType
    number: str
    note: str
    name: str
    phone: str
    place: Place
    flags: Flags


class CheckResult(NamedTuple):
    rows: int
    good: list[Checked]
    errors: list[RowError]
    # Good rows with a doubt the recorder at a table would be asked about (a region code no
    # list holds): imported, and listed so that someone checks them.
    warnings: list[RowError]


def _region_warning(line: int, number: str) -> RowError:
    return RowError(
        line,
        "证件号码",
        f"地区码 {number[:6]} 未收录，请核对（已导入）",
        f"region code {number[:6]} is not in the lists: check it (imported)",
    )


def default_parts() -> int:
    """Worker processes for a large file: one per core, two at least, four at most."""
    return max(2, min(4, os.cpu_count() or 1))


def check_rows(
    rows: Iterable[tuple[int, Row]], today: date, progress: Callable[[int], object] | None = None
) -> CheckResult:
    """Each row through the table's identity rules. `progress(rows)`, when given, is told of
    every row checked."""
    count = 0
    good: list[Checked] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    for line, row in rows:
        count += 1
        if progress is not None:
            progress(1)
        checked = read_resident(line, row, today)
        if isinstance(checked, list):
            errors.extend(checked)
            continue
        document = checked.document
        if not document.region_listed:
            warnings.append(_region_warning(line, document.number))
        good.append(
            Checked(
                line,
                document.type,
                document.number,
                document.note,
                checked.name,
                checked.phone,
                checked.place,
                checked.flags,
            )
        )
    return CheckResult(count, good, errors, warnings)


def first_of_each(good: list[Checked], errors: list[RowError]) -> list[Checked]:
    """The good rows without a document number seen on an earlier line; each later one joins
    `errors`, which ends sorted by line. `good` must be in line order."""
    kept: list[Checked] = []
    first_line: dict[DocType, dict[str, int]] = {}
    for checked in good:
        seen = first_line.setdefault(checked.doc_type, {})
        earlier = seen.get(checked.number)
        if earlier is not None:
            errors.append(
                RowError(
                    checked.line,
                    "证件号码",
                    f"与第 {earlier} 行证件号码重复",
                    f"same document number as line {earlier}",
                )
            )
            continue
        seen[checked.number] = checked.line
        kept.append(checked)
    errors.sort(key=lambda error: error.line)
    return kept


# ----- the split check -------------------------------------------------------------------------
# A block crosses between processes as columns of plain values, places and flags as small
# tables: pickling a list of named tuples of dataclasses costs ten times as much.

_DOC_TYPES = {doc_type.value: doc_type for doc_type in DocType}


def _pack(good: list[Checked]) -> tuple[object, ...]:
    places: dict[Place, int] = {}
    flags: dict[Flags, int] = {}
    return (
        [c.line for c in good],
        [c.doc_type.value for c in good],
        [c.number for c in good],
        [c.note for c in good],
        [c.name for c in good],
        [c.phone for c in good],
        [places.setdefault(c.place, len(places)) for c in good],
        [flags.setdefault(c.flags, len(flags)) for c in good],
        [(p.building, p.unit, p.room) for p in places],
        [tuple(getattr(f, key) for key in FLAG_KEYS) for f in flags],
    )


def _unpack(packed: tuple[object, ...], names: dict[str, str]) -> list[Checked]:
    """A block back as Checked rows. A name repeated in the block arrives as one string, but
    each block brings its own: `names` keeps one for the whole file, as a single pass's
    name cache does (a million residents share a few thousand names)."""
    *columns, place_cells, flag_cells = packed
    columns[4] = [names.setdefault(name, name) for name in columns[4]]  # type: ignore[attr-defined]  # unpickled: object
    # The rows of a room share its Place within the block (a room cut by a block's end has
    # two equal ones: the writer keys rooms by value).
    block_places = [Place(*cells) for cells in place_cells]  # type: ignore[attr-defined]  # as above
    block_flags = [Flags(*cells) for cells in flag_cells]  # type: ignore[attr-defined]  # as above
    doc_types = _DOC_TYPES
    return [
        Checked(
            line,
            doc_types[doc_type],
            number,
            note,
            name,
            phone,
            block_places[place],
            block_flags[flag],
        )
        for line, doc_type, number, note, name, phone, place, flag in zip(*columns, strict=True)
    ]


def _check_part(path: Path, part: int, parts: int, block: int, today: date, out: BinaryIO) -> None:
    """A worker: checks its blocks and sends each as ("block", number, rows, packed, errors,
    warnings), then ("done",); each message a pickle after its length."""

    def send(message: tuple[object, ...]) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(8, "little"))
        out.write(data)

    gc.disable()  # many objects, no cycles: see RosterImporter.import_rows
    for index, rows in read_csv_blocks(path, part, parts, block):
        result = check_rows(rows, today)
        send(("block", index, result.rows, _pack(result.good), result.errors, result.warnings))
    send(("done",))
    out.flush()


class _PartFailed(Exception):
    pass


def check_csv_in_parts(
    path: Path,
    today: date,
    parts: int,
    progress: Callable[[int], object] | None = None,
    block: int = BLOCK_ROWS,
) -> CheckResult:
    """check_rows over a CSV file, split over `parts` worker processes; the same result.

    The workers are fresh interpreters running this module: forking a process that runs Qt
    and database threads is not safe, and multiprocessing's spawn would run the parent's own
    main script again in each. Should a worker fail, the file is checked here instead, which
    reports the problem the way a single pass does.
    """
    next(read_roster_rows(path), None)  # an unreadable file or header fails here, as usual
    try:
        return _check_in_parts(Path(path), today, parts, progress, block)
    except _PartFailed:
        return check_rows(read_roster_rows(path), today, progress)


def _read_messages(
    part: int, stream: BinaryIO, inbox: queue.Queue[tuple[int, bytes | None]]
) -> None:
    """A thread per worker: its messages into `inbox` as (part, pickled bytes), None at the end."""
    with stream:
        while len(head := stream.read(8)) == 8:
            size = int.from_bytes(head, "little")
            data = stream.read(size)
            if len(data) != size:
                break  # cut off: the worker died mid-message
            inbox.put((part, data))
    inbox.put((part, None))


def _check_in_parts(
    path: Path, today: date, parts: int, progress: Callable[[int], object] | None, block: int
) -> CheckResult:
    workers = [_start_worker(path, part, parts, block, today) for part in range(parts)]
    inbox: queue.Queue[tuple[int, bytes | None]] = queue.Queue()
    for part, worker in enumerate(workers):
        reader = threading.Thread(
            target=_read_messages, args=(part, worker.stdout, inbox), daemon=True
        )
        reader.start()
    reported = 0

    def counted(count: int) -> None:
        nonlocal reported
        if progress is not None:
            progress(count)
            reported += count

    try:
        rows, blocks, finished = _collect(inbox, parts, counted)
        codes = [worker.wait() for worker in workers]
        if codes != [0] * parts or len(finished) != parts:
            raise _PartFailed(codes)
    except BaseException:
        if progress is not None and reported:
            progress(-reported)  # the file is checked again from the start
        raise
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return _in_file_order(rows, blocks)


def worker_environment() -> dict[str, str]:
    """The environment of a worker: this one, with the folder holding the `station` package
    first on its path, so that `python -m station.roster.check` runs this very code."""
    root = str(Path(station.__file__).resolve().parents[1])
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH")))),
    }


def _start_worker(
    path: Path, part: int, parts: int, block: int, today: date
) -> subprocess.Popen[bytes]:
    argv = [str(path), str(part), str(parts), str(block), today.isoformat()]
    return subprocess.Popen(
        [sys.executable, "-m", __name__, *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        env=worker_environment(),
    )


# The workers' checked blocks by index: the good rows, the errors and the warnings of each.
_Blocks = dict[int, tuple[list["Checked"], list[RowError], list[RowError]]]


def _collect(inbox: queue.Queue, parts: int, counted) -> tuple[int, _Blocks, set[int]]:  # type: ignore[no-untyped-def, type-arg]
    """Every worker's messages until each has ended: the rows read, the blocks checked and the
    parts that said they were done."""
    blocks: _Blocks = {}
    finished: set[int] = set()
    names: dict[str, str] = {}
    rows = ended = 0
    while ended < parts:
        part, data = inbox.get()
        if data is None:
            ended += 1
            continue
        message = pickle.loads(data)
        if message[0] == "done":
            finished.add(part)
            continue
        _, index, count, packed, errors, warnings = message
        blocks[index] = (_unpack(packed, names), errors, warnings)
        rows += count
        counted(count)
    return rows, blocks, finished


def _in_file_order(rows: int, blocks: _Blocks) -> CheckResult:
    good: list[Checked] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    for index in sorted(blocks):
        block_good, block_errors, block_warnings = blocks.pop(index)
        good.extend(block_good)
        errors.extend(block_errors)
        warnings.extend(block_warnings)
    return CheckResult(rows, good, errors, warnings)


def _worker_main(argv: list[str]) -> None:
    path, part, parts, block, today = argv
    os.nice(10)  # below the station's own processes: a table keeps scanning during the check
    # The messages go to the parent through the original stdout; a stray print goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        _check_part(Path(path), int(part), int(parts), int(block), date.fromisoformat(today), out)
    except OperatorError:
        sys.exit(3)  # a file it cannot read: the parent reads it once more and says why


if __name__ == "__main__":
    _worker_main(sys.argv[1:])
