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
from collections.abc import Callable, Iterable
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


def verify_chain(
    read: Callable[[], Iterable[list[tuple[bytes, bytes]]]],
    read_all: Callable[[], Iterable[Row]],
    checkpoints: list[Checkpoint],
    signature_ok: Callable[[Checkpoint], bool],
) -> tuple[int, list[Finding]]:
    """Walk the entries in seq order; return how many there are and what is wrong.

    `read` gives batches of (body, digest) only, the least a check needs (a batch at a time: no
    generator step per entry): per entry one SHA-256 over the
    stored hash before it and the entry's bytes, and one comparison. Only when that fails are
    the rows read again whole (`read_all`) to say what happened (`_explain`).
    """
    sha256 = hashlib.sha256
    # A checkpoint's `entries` is how many entries there were: the seq of the last one.
    wanted = {point.entries for point in checkpoints}
    heads: dict[int, bytes] = {}
    previous, count, suspects = GENESIS, 0, []
    for batch in read():
        for body, digest in batch:
            if sha256(previous + body).digest() != digest:
                suspects.append(count)
            count += 1
            if count in wanted:
                heads[count] = digest
            previous = digest
    findings: list[Finding] = []
    last_seq = count
    if suspects:
        rows = [ChainRow(*row) for row in read_all()]
        findings = [f for i in suspects for f in _explain(rows, i)]
        heads = {row.seq: row.digest for row in rows if row.seq in wanted}
        last_seq = rows[-1].seq if rows else 0
    findings += _check_points(heads, count, last_seq, checkpoints, signature_ok)
    return count, _dedupe(findings)


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
