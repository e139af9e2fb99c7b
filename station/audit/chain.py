"""The audit trail's hash chain: canonical bytes of an entry, the chain, checkpoints, verifying.

An entry's canonical bytes (docs/audit.md): the UTF-8 JSON object of its fields `action`, `at`,
`count`, `operator`, `reason`, `role`, `station`, `target`, keys sorted, no whitespace
(separators `,` and `:`), non-ASCII written as itself, `at` in UTC as
`YYYY-MM-DDTHH:MM:SS.ffffffZ`. Entry n's hash is SHA-256(hash of entry n-1 + its bytes); the
first entry's predecessor is 32 zero bytes. Plain Python: the store keeps the rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime

from station.audit.trail import AuditAction, AuditEntry

GENESIS = bytes(32)
AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def canonical_at(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(AT_FORMAT)


def canonical_bytes(entry: AuditEntry, station: str) -> bytes:
    fields = {
        "action": str(entry.action),
        "at": canonical_at(entry.at),
        "count": int(entry.count),
        "operator": entry.operator,
        "reason": entry.reason,
        "role": entry.role,
        "station": station,
        "target": entry.target,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_from_bytes(body: bytes) -> tuple[str, AuditEntry]:
    """The station and the entry written in canonical bytes."""
    d = json.loads(body)
    at = datetime.strptime(d["at"], AT_FORMAT).replace(tzinfo=UTC)
    entry = AuditEntry(
        at, d["operator"], d["role"], AuditAction(d["action"]), d["target"], d["reason"], d["count"]
    )
    return d["station"], entry


def link(previous: bytes, body: bytes) -> bytes:
    return hashlib.sha256(previous + body).digest()


@dataclass(frozen=True)
class ChainRow:
    """One stored entry: its place, the hash it follows, its bytes and its own hash."""

    seq: int
    prev: bytes
    body: bytes
    digest: bytes


@dataclass(frozen=True)
class Checkpoint:
    """The station's signed word that its trail had `entries` entries ending in `head`."""

    station: str
    seq: int  # the checkpoint's own number at this station, from 1
    entries: int
    head: bytes
    at: datetime
    signature: bytes = b""

    def signed_bytes(self) -> bytes:
        fields = {
            "at": canonical_at(self.at),
            "entries": self.entries,
            "head": self.head.hex(),
            "seq": self.seq,
            "station": self.station,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Finding:
    """What verifying found wrong, naming the entry (by its seq) where it is."""

    kind: str  # edited, removed, reordered, cut_off, checkpoint
    seq: int
    message: str


Row = tuple[int, bytes, bytes, bytes]  # seq, prev, body, digest: a ChainRow as the store reads it
Bodies = Generator[
    Sequence[tuple[bytes]], None, None
]  # the fast read: batches of (body,) in seq order


def verify_chain(
    read: Callable[[], Bodies],
    read_all: Callable[[], Iterable[Row]],
    checkpoints: list[Checkpoint],
    signature_ok: Callable[[Checkpoint], bool],
    tip: bytes | None,
) -> tuple[int, list[Finding]]:
    """Walk the entries in seq order; return how many there are and what is wrong.

    The fast path (`read`: the bodies only) does per entry what hashing the chain costs and
    nothing more: one SHA-256 over the hash before it and the entry's bytes. The chain so
    rebuilt from the entries themselves must end in the stored `tip` (the last entry's
    digest) and pass through every signed checkpoint's head; if so, no entry was edited,
    removed or moved. Only when it does not end in the tip are the rows read again whole
    (`read_all`) and each stored hash checked, to say what happened (`_explain`). A stored hash
    changed alone, no entry's content with it, is not looked for: nothing recorded changed.
    """
    wanted = sorted({point.entries for point in checkpoints})
    heads: dict[int, bytes] = {}
    count, head = _rebuilt(read, wanted, heads)
    if head == (tip if count else GENESIS):
        findings: list[Finding] = []
        last_seq = count
    else:
        rows = [ChainRow(*row) for row in read_all()]
        count, last_seq = len(rows), rows[-1].seq if rows else 0
        findings = [f for i in _suspects(rows) for f in _explain(rows, i)]
        signed = set(wanted)
        heads = {row.seq: row.digest for row in rows if row.seq in signed}
    findings += _check_points(heads, count, last_seq, checkpoints, signature_ok)
    return count, _dedupe(findings)


def _rebuilt(
    read: Callable[[], Bodies], wanted: list[int], heads: dict[int, bytes]
) -> tuple[int, bytes]:
    """How many entries and the hash the chain of their bodies ends in; `heads` gets the hash
    after each of the `wanted` counts (the signed checkpoints')."""
    sha256 = hashlib.sha256
    previous, count = GENESIS, 0
    marks = iter(wanted)
    mark = next(marks, None)
    with closing(read()) as batches:
        for batch in batches:
            start, count, cut = count, count + len(batch), 0
            while mark is not None and mark <= count:
                for (body,) in batch[cut : mark - start]:
                    previous = sha256(previous + body).digest()
                heads[mark], cut, mark = previous, mark - start, next(marks, None)
            for (body,) in batch[cut:] if cut else batch:
                previous = sha256(previous + body).digest()
    return count, previous


def _suspects(rows: list[ChainRow]) -> list[int]:
    """The places of the rows whose stored digest is not the hash of the stored one before."""
    previous, found = GENESIS, []
    for i, row in enumerate(rows):
        if link(previous, row.body) != row.digest:
            found.append(i)
        previous = row.digest
    return found


def _explain(rows: list[ChainRow], i: int) -> list[Finding]:
    row = rows[i]
    found: list[Finding] = []
    if link(row.prev, row.body) != row.digest:
        message = f"entry {row.seq} was edited: its hash does not match"
        found.append(Finding("edited", row.seq, message))
    before = rows[i - 1] if i else None
    expected = before.digest if before else GENESIS
    if row.prev == expected:
        return found
    where = {r.digest: r.seq for r in rows}
    if row.prev in where:
        message = f"entry {row.seq} is out of order: it was written after entry {where[row.prev]}"
        found.append(Finding("reordered", row.seq, message))
    elif before is not None and row.seq - before.seq > 1:
        first, last = before.seq + 1, row.seq - 1
        gap = f"{first}" if first == last else f"{first}-{last}"
        found.append(Finding("removed", first, f"entry {gap} was removed (before entry {row.seq})"))
    elif before is not None and link(before.prev, before.body) == before.digest:
        message = f"entry {before.seq} was edited and its hash rewritten"
        found.append(Finding("edited", before.seq, message))
    else:
        found.append(Finding("removed", row.seq, f"an entry before entry {row.seq} was removed"))
    return found


def _check_points(
    heads: dict[int, bytes],
    count: int,
    last_seq: int,
    checkpoints: list[Checkpoint],
    signature_ok: Callable[[Checkpoint], bool],
) -> list[Finding]:
    found: list[Finding] = []
    for point in checkpoints:
        if not signature_ok(point):
            message = f"checkpoint {point.seq} has a bad signature"
            found.append(Finding("checkpoint", point.entries, message))
        elif point.entries > last_seq:
            message = (
                f"the trail was cut off after entry {last_seq}: signed checkpoint {point.seq} "
                f"counts {point.entries} entries, {count} are left"
            )
            found.append(Finding("cut_off", last_seq + 1, message))
        elif point.entries in heads and heads[point.entries] != point.head:
            message = f"entry {point.entries} ends no chain signed: checkpoint {point.seq}"
            found.append(Finding("checkpoint", point.entries, message))
    return found


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int]] = set()
    kept = []
    for f in findings:
        if (f.kind, f.seq) not in seen:
            seen.add((f.kind, f.seq))
            kept.append(f)
    return kept
