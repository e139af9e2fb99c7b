"""The SQL of rounds and coverage: who of a round's residents was tested, here or elsewhere."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
)

from db.prepared import Prepared
from db.recording.models import EventRow, MemberRow, PersonRow, TubeRow
from db.roster.models import (
    ExportLogRow,
    ImportLogRow,
    ResidentRow,
    RoomRow,
    RoundRow,
    TestedElsewhereRow,
)
from station.core.records import TubeStatus
from station.roster.ports import ResidentLine
from station.roster.residents import FLAG_KEYS, Flags, Place

events_t = EventRow.__table__
persons_t = PersonRow.__table__
tubes_t = TubeRow.__table__
members_t = MemberRow.__table__
rooms_t = RoomRow.__table__
residents_t = ResidentRow.__table__
rounds_t = RoundRow.__table__
elsewhere_t = TestedElsewhereRow.__table__
imports_t = ImportLogRow.__table__
exports_t = ExportLogRow.__table__


@lru_cache(maxsize=64)
def _flags_of_bits(bits: int) -> Flags:
    """The Flags a _FLAG_BITS number stands for: 64 combinations, each built once."""
    return Flags(*(bool(bits >> index & 1) for index in range(len(FLAG_KEYS))))


def resident_lines(rows) -> list[ResidentLine]:  # type: ignore[no-untyped-def]
    """Rows of LINE_COLUMNS as ResidentLines; the people of one room share its Place."""
    places: dict[int, Place] = {}
    lines = []
    for person_id, room_id, bits, name, phone, doc_type, doc_number, building, unit, room in rows:
        place = places.get(room_id)
        if place is None:
            place = places[room_id] = Place(building, unit, room)
        lines.append(
            ResidentLine(
                person_id, name, phone, doc_type, doc_number, place, _flags_of_bits(bits), room_id
            )
        )
    return lines


# The six flags as one number, bit i for FLAG_KEYS[i]: one cell a resident instead of six.
_FLAG_BITS = sum(
    (cast(residents_t.c[key], Integer) * (1 << index) for index, key in enumerate(FLAG_KEYS)),
    start=literal(0),
).label("flags")

LINE_COLUMNS = (
    residents_t.c.person_id,
    residents_t.c.room_id,
    _FLAG_BITS,
    persons_t.c.name,
    persons_t.c.phone,
    persons_t.c.doc_type,
    persons_t.c.doc_number,
    rooms_t.c.building,
    rooms_t.c.unit,
    rooms_t.c.room,
)


def tube_in_round(windowed: bool):  # type: ignore[no-untyped-def]
    """A tube of the round (bound: r_site, r_name; windowed: r_starts, r_ends): recorded under
    its name, or opened inside its window."""
    in_round = tubes_t.c.round == bindparam("r_name")
    if windowed:
        in_round = or_(
            in_round,
            and_(
                tubes_t.c.opened_at >= bindparam("r_starts"),
                tubes_t.c.opened_at < bindparam("r_ends"),
            ),
        )
    return and_(
        tubes_t.c.site == bindparam("r_site"),
        tubes_t.c.status != TubeStatus.VOIDED.value,
        in_round,
    )


def _tested_here(windowed: bool):  # type: ignore[no-untyped-def]
    return (
        exists()
        .where(
            members_t.c.person_id == residents_t.c.person_id,
            members_t.c.site == bindparam("r_site"),
            members_t.c.removed_by.is_(None),
            tubes_t.c.barcode == members_t.c.tube,
            tube_in_round(windowed),
        )
        .correlate(residents_t)
    )


_TESTED_ELSEWHERE = (
    exists()
    .where(
        elsewhere_t.c.site == bindparam("r_site"),
        elsewhere_t.c.round == bindparam("r_name"),
        elsewhere_t.c.person_id == residents_t.c.person_id,
    )
    .correlate(residents_t)
)
_FROM_ROOMS = residents_t.join(
    rooms_t, and_(rooms_t.c.site == residents_t.c.site, rooms_t.c.id == residents_t.c.room_id)
)
LINES_FROM = _FROM_ROOMS.join(persons_t, persons_t.c.id == residents_t.c.person_id)


# As rooms, not as a join condition: the planner then reads only that building's residents
# instead of testing every resident of the site and filtering after.
_IN_BUILDING = residents_t.c.room_id.in_(
    select(rooms_t.c.id).where(
        rooms_t.c.site == bindparam("r_site"), rooms_t.c.building == bindparam("r_building")
    )
)


@lru_cache(maxsize=4)
def untested_in_building(windowed: bool, immobile_only: bool) -> Prepared:
    """The untested residents of one building (bound: r_building and the round's values)."""
    where = [
        residents_t.c.site == bindparam("r_site"),
        _IN_BUILDING,
        not_(_tested_here(windowed)),
        not_(_TESTED_ELSEWHERE),
    ]
    if immobile_only:
        where.append(residents_t.c.immobile.is_(True))
    return Prepared(select(*LINE_COLUMNS).select_from(LINES_FROM).where(*where))


@lru_cache(maxsize=4)
def coverage_by_unit(windowed: bool, in_building: bool) -> Prepared:
    """Residents, tested and tested elsewhere per building and unit, of the site or of one
    building (bound: r_building) in the round."""
    where = [residents_t.c.site == bindparam("r_site")]
    if in_building:
        where.append(_IN_BUILDING)
    # Each resident's two flags in a subquery, then counted. SQLite flattens the subquery, so
    # a probe may still run twice for some residents (the OR and AND below stop early);
    # a single status CASE, a LEFT JOIN for elsewhere and a materialized CTE were measured
    # on the same data and were no faster.
    flags = (
        select(
            rooms_t.c.building,
            rooms_t.c.unit,
            case((_tested_here(windowed), 1), else_=0).label("here"),
            case((_TESTED_ELSEWHERE, 1), else_=0).label("away"),
        )
        .select_from(_FROM_ROOMS)
        .where(*where)
        .subquery()
    )
    return Prepared(
        select(
            flags.c.building,
            flags.c.unit,
            func.count(),
            func.sum(case((or_(flags.c.here == 1, flags.c.away == 1), 1), else_=0)),
            func.sum(case((and_(flags.c.away == 1, flags.c.here == 0), 1), else_=0)),
        ).group_by(flags.c.building, flags.c.unit)
    )
