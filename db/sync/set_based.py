"""The ingest's fast path: the usual events of a batch applied a statement per table, not
a few statements per event.

A shift is mostly four kinds of event: a tube opened, a new person registered, that person
added to the tube, the tube sealed. When such an event cannot meet anything on the server (its
tube barcode claimed by nobody and aliased nowhere, its person's document not on the server,
its person new in this batch), its projection is the same whatever else is in the batch, so
a run of them is applied together: one claim insert, one insert per current-state table, one
count update, one seal update. Every other event, or one that might meet another station's
(a conflict to detect), is applied on its own by the station's projection code as before, in
the station's order between the runs. `tests/integration/test_sync_ingest.py` checks that
both ways leave the same state.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from db.sync.arrays import rows_of, run_ctes, update_of
from station.core.records import TubeStatus

if TYPE_CHECKING:
    from db.sync.applier import Applier, StationInfo

FAST_KINDS = frozenset({"tube_opened", "person_registered", "person_added", "tube_sealed"})


class Contended(Exception):
    """Another station claimed a tube barcode between the look-up and the claim: the batch is
    applied again the careful way."""


def apply(applier: Applier, items: list[dict[str, Any]], parse_at, known) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Apply `items` in order: runs of fast events together, the others one by one; the
    conflicts found, by event id."""
    found: dict[str, dict] = {}
    run: list[dict[str, Any]] = []
    for item, fast in _plan(applier, items, known):
        if fast:
            run.append(item)
            continue
        _apply_run(applier, run, parse_at)
        run = []
        if conflict := applier.apply(item, alone=False):
            found[item["event_id"]] = conflict
    _apply_run(applier, run, parse_at)
    return found


def lookup(station: StationInfo, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The parameters of KNOWN for a batch: its tube barcodes, person ids and documents."""
    rec = [i for i in items if i["source"] == "events" and i["kind"] in FAST_KINDS]
    registered = [i["payload"] for i in rec if i["kind"] == "person_registered"]
    return {
        "k_d": station.district,
        "k_s": station.station_id,
        "k_tubes": sorted({t for i in rec if (t := i["payload"].get("tube"))}),
        "k_opened": sorted({i["payload"]["tube"] for i in rec if i["kind"] == "tube_opened"}),
        "k_pids": sorted({p for i in rec if (p := i["payload"].get("person_id"))}),
        "k_t": [p["data"]["doc_type"] for p in registered],
        "k_n": [p["data"]["doc_number"] for p in registered],
    }


def known_of(rows: list[Any]) -> dict[str, set[str]]:
    """KNOWN's (tag, key) rows by tag."""
    found: dict[str, set[str]] = {"alias": set(), "claim": set(), "id": set(), "doc": set()}
    for tag, key in rows:
        if tag in found:
            found[tag].add(key)
    return found


def _plan(
    applier: Applier, items: list[dict[str, Any]], known: dict[str, set[str]]
) -> list[tuple[dict, bool]]:
    """Each item and whether it can go in a run, from what the server held (`known`)."""
    aliased, claimed, known_ids = known["alias"], known["claim"], known["id"]
    known_docs = {tuple(d.split(_SEP, 1)) for d in known["doc"]}
    new_persons, slow_tubes = set(applier.new_persons), aliased | claimed
    seen_tubes: set[str] = set()
    seen_docs: set[tuple[str, str]] = set()
    plan = []
    for item in items:
        p, fast = item["payload"], False
        if item["source"] != "events" or item["kind"] not in FAST_KINDS:
            pass
        elif item["kind"] == "tube_opened":
            fast = p["tube"] not in slow_tubes and p["tube"] not in seen_tubes
            seen_tubes.add(p["tube"])
            if not fast:
                slow_tubes.add(p["tube"])
        elif item["kind"] == "person_registered":
            doc = (p["data"]["doc_type"], p["data"]["doc_number"])
            fast = (
                doc not in known_docs and doc not in seen_docs and p["person_id"] not in known_ids
            )
            seen_docs.add(doc)
            if fast:
                new_persons.add(p["person_id"])
        elif item["kind"] == "person_added":
            fast = p["person_id"] in new_persons and p["tube"] not in slow_tubes
        else:  # sealed
            fast = p["tube"] not in slow_tubes
        plan.append((item, fast))
    return plan


_SEP = chr(31)
# What the server already holds of a batch's keys (tag, key): read in the statement that
# stores the batch's events (db/sync/ingest.py), so it costs no round trip of its own.
KNOWN = (
    "SELECT 'alias', key FROM sync_aliases WHERE district = :k_d AND station_id = :k_s"
    " AND kind = 'tube' AND key = ANY(CAST(:k_tubes AS text[]))"
    " UNION ALL SELECT 'claim', key FROM sync_claims WHERE district = :k_d AND kind = 'tube'"
    " AND key = ANY(CAST(:k_opened AS text[]))"
    " UNION ALL SELECT 'id', person_id FROM sync_person_aliases"
    " WHERE person_id = ANY(CAST(:k_pids AS text[]))"
    " UNION ALL SELECT 'id', id FROM persons WHERE id = ANY(CAST(:k_pids AS text[]))"
    " UNION ALL SELECT 'doc', p.doc_type || chr(31) || p.doc_number FROM persons p"
    " JOIN unnest(CAST(:k_t AS text[]), CAST(:k_n AS text[])) AS d(t, n)"
    " ON p.doc_type = d.t AND p.doc_number = d.n"
)


def _apply_run(applier: Applier, run: list[dict[str, Any]], parse_at) -> None:  # type: ignore[no-untyped-def]
    """The run in one statement: claims, tubes, persons, members, counts and seals as
    data-modifying CTEs (one round trip to the server). A tube opened in the run gets its
    count and seal in its insert; an UPDATE touches only tubes opened before."""
    if not run:
        return
    st = applier.station
    by_kind: dict[str, list[tuple[dict, Any]]] = {k: [] for k in FAST_KINDS}
    for item in run:
        # the event's own id: what the projections key a member by
        by_kind[item["kind"]].append(
            ({**item["payload"], "id": item["event_id"]}, parse_at(item["at"]))
        )
    opened, registered = by_kind["tube_opened"], by_kind["person_registered"]
    added, sealed = by_kind["person_added"], by_kind["tube_sealed"]
    counts = Counter((p["site"], p["tube"]) for p, _ in added)
    seals = {(p["site"], p["tube"]): (p, at) for p, at in sealed}  # the last seal of a tube
    tubes = [_tube(p, at) for p, at in opened]
    for tube in tubes:
        key = (tube["site"], tube["barcode"])
        tube["count"] = counts.pop(key, 0)
        if key in seals:
            tube.update(_seal(*seals.pop(key)))
    claims = [
        {"district": st.district, "kind": "tube", "key": p["tube"], "station_id": st.station_id,
         "event_id": p["id"]}
        for p, _ in opened
    ]  # fmt: skip
    parts = {
        "claims": rows_of("sync_claims", claims, "ON CONFLICT DO NOTHING RETURNING 1"),
        "tubes": rows_of("tubes", tubes),
        "persons": rows_of("persons", [_person(p, at) for p, at in registered]),
        "members": rows_of("tube_members", [_member(p, at) for p, at in added]),
        # One UPDATE for counts and seals: PostgreSQL applies only one of two CTEs' updates
        # of the same row in one statement (a tube filled and sealed here, opened before).
        "tubes_before": update_of(
            "tubes", _COUNT_AND_SEAL, ("site", "barcode"),
            [
                {"site": k[0], "barcode": k[1], "n": counts.get(k, 0),
                 **(_seal(*seals[k]) if k in seals else _NO_SEAL)}
                for k in sorted(set(counts) | set(seals))
            ],
        ),
    }  # fmt: skip
    got = run_ctes(applier.connection, parts, "claims")
    if got != len(claims):
        raise Contended
    for p, _ in opened + added + sealed:
        applier.aliases[("tube", p["tube"])] = p["tube"]
    for p, _ in registered:
        applier.persons[p["person_id"]] = p["person_id"]
        applier.new_persons.add(p["person_id"])


_NO_SEAL = {"status": None, "sealed_at": None, "under_filled": None}
_COUNT_AND_SEAL = (
    "count = t.count + v.n, status = coalesce(v.status, t.status), "
    "sealed_at = CASE WHEN v.status IS NULL THEN t.sealed_at ELSE v.sealed_at END, "
    "under_filled = coalesce(v.under_filled, t.under_filled)"
)


def _seal(p: dict[str, Any], at: Any) -> dict[str, Any]:
    under = bool((p.get("data") or {}).get("under_filled"))
    return {"status": TubeStatus.SEALED.value, "sealed_at": at, "under_filled": under}


def _stamp(p: dict[str, Any]) -> tuple[str, str, str]:
    return p.get("table_no", ""), p.get("recorder", ""), p.get("round", "")


# The same values as the station's projections (db/recording/store.py) write.
def _tube(p: dict[str, Any], at: Any) -> dict[str, Any]:
    table_no, recorder, round_ = _stamp(p)
    return {
        "site": p["site"],
        "barcode": p["tube"],
        "mode": p["data"]["mode"],
        "status": TubeStatus.OPEN.value,
        "count": 0,
        "table_no": table_no,
        "recorder": recorder,
        "round": round_,
        "opened_at": at,
        "activated_at": at,
        "sealed_at": None,
        "under_filled": False,
    }


def _person(p: dict[str, Any], at: Any) -> dict[str, Any]:
    d = p["data"]
    return {
        "id": p["person_id"],
        "doc_type": d["doc_type"],
        "doc_number": d["doc_number"],
        "note": d.get("note", ""),
        "name": d.get("name", ""),
        "phone": d.get("phone", ""),
        "single_only": bool(d.get("single_only")),
        "updated_at": at,
    }


def _member(p: dict[str, Any], at: Any) -> dict[str, Any]:
    return {
        "event_id": p["id"],
        "site": p["site"],
        "tube": p["tube"],
        "person_id": p["person_id"],
        "added_at": at,
        "removed_by": None,
    }
