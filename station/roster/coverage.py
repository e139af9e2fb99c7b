"""Rounds and coverage: who in each building and unit was tested, who not, who needs a visit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from station.core.errors import InvalidIdentity, OperatorError
from station.core.identity import parse_document
from station.core.records import utcnow
from station.roster.files import read_roster_rows
from station.roster.ports import ResidentLine, RosterStore, RosterUnitOfWork, Round, UnitCoverage
from station.roster.residents import Place, RowError, doc_type_of

_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=1 << 16)
def natural_key(text: str) -> tuple[object, ...]:
    """Sort 2栋 before 10栋, as a building lead reads them. Cached: a site's building, unit
    and room names are few and come back in every list."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(text))


def _place_order(place: Place) -> tuple[object, ...]:
    """A room's place in reading order."""
    return (natural_key(place.building), natural_key(place.unit), natural_key(place.room))


def by_place(lines: list[ResidentLine]) -> list[ResidentLine]:
    """Lines in reading order: building, unit and room as people count them, then name.
    The people of a room share its Place object: its order is worked out once for them."""
    rooms: dict[int, tuple[object, ...]] = {}

    def key(line: ResidentLine) -> tuple[object, ...]:
        order = rooms.get(id(line.place))  # the lines keep their places alive meanwhile
        if order is None:
            order = rooms[id(line.place)] = _place_order(line.place)
        return (order, line.name)

    return sorted(lines, key=key)


@dataclass(frozen=True)
class BuildingCoverage:
    building: str
    expected: int
    tested: int
    elsewhere: int
    units: tuple[UnitCoverage, ...]

    @property
    def untested(self) -> int:
        return self.expected - self.tested

    @property
    def ratio(self) -> float:
        return self.tested / self.expected if self.expected else 0.0


@dataclass(frozen=True)
class Coverage:
    round: Round
    buildings: tuple[BuildingCoverage, ...]

    @property
    def expected(self) -> int:
        return sum(b.expected for b in self.buildings)

    @property
    def tested(self) -> int:
        return sum(b.tested for b in self.buildings)

    @property
    def elsewhere(self) -> int:
        return sum(b.elsewhere for b in self.buildings)

    def as_json(self) -> dict[str, object]:
        return {
            "round": self.round.name,
            "expected": self.expected,
            "tested": self.tested,
            "tested_elsewhere": self.elsewhere,
            "buildings": [
                {
                    "building": b.building,
                    "expected": b.expected,
                    "tested": b.tested,
                    "tested_elsewhere": b.elsewhere,
                    "units": [
                        {
                            "unit": u.unit,
                            "expected": u.expected,
                            "tested": u.tested,
                            "tested_elsewhere": u.elsewhere,
                        }
                        for u in b.units
                    ],
                }
                for b in self.buildings
            ],
        }


def group_by_building(round: Round, units: list[UnitCoverage]) -> Coverage:
    grouped: dict[str, list[UnitCoverage]] = {}
    for unit in sorted(units, key=lambda u: (natural_key(u.building), natural_key(u.unit))):
        grouped.setdefault(unit.building, []).append(unit)
    return Coverage(
        round,
        tuple(
            BuildingCoverage(
                building,
                sum(u.expected for u in parts),
                sum(u.tested for u in parts),
                sum(u.elsewhere for u in parts),
                tuple(parts),
            )
            for building, parts in grouped.items()
        ),
    )


@dataclass(frozen=True)
class ElsewhereReport:
    rows: int
    marked: int  # newly counted as covered
    not_on_roster: int
    errors: list[RowError]


@dataclass
class CoverageService:
    """Rounds, coverage, the untested list and the door-to-door (上门采样) list of one site."""

    uow: RosterUnitOfWork
    default_round: Callable[[], str]  # the table's round today (Settings.round_for)
    clock: Callable[[], datetime] = utcnow

    def round(self, name: str | None = None) -> Round:
        """A round as defined by the lead, or the plain round named by the table (the date)."""
        with self.uow() as store:
            return self._round(store, name)

    def _round(self, store: RosterStore, name: str | None) -> Round:
        """The round named (today's by default); a name the site has never used is refused,
        so that a typo is not answered with an empty round (0 / N)."""
        name = name or self.default_round()
        round = store.round(name)
        if round is not None or name == self.default_round():
            return round or Round(name)
        known = store.round_names()
        if name in known:
            return Round(name)
        listed = "、".join(known[-10:])
        raise OperatorError(
            f"没有轮次「{name}」" + (f"（已有：{listed}）" if known else "（还没有任何轮次）"),
            f"No round '{name}'"
            + (f" (known: {', '.join(known[-10:])})" if known else " (no round yet)"),
            code="round.unknown",
        )

    def _building(self, store: RosterStore, building: str | None) -> None:
        """A building the roster does not have is refused, naming those it has."""
        buildings = sorted(store.buildings(), key=natural_key)
        if building is not None and building not in buildings:
            raise OperatorError(
                f"名单中没有楼栋「{building}」（已有：{'、'.join(buildings[:30]) or '无'}）",
                f"No building '{building}' in the roster (known: "
                f"{', '.join(buildings[:30]) or 'none'})",
                code="building.unknown",
            )

    def define_round(
        self,
        name: str,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
        buildings: tuple[str, ...] = (),
    ) -> Round:
        if not name.strip() or len(name) > 40 or not name.strip().isprintable():
            raise OperatorError(
                "轮次名称不能为空、超过 40 字或含不可见字符", "Round name: 1-40 visible characters"
            )
        if (starts_at is None) != (ends_at is None) or (
            starts_at is not None and ends_at is not None and ends_at <= starts_at
        ):
            raise OperatorError(
                "轮次时间段要有开始和结束，且结束晚于开始",
                "A round window needs a start and a later end",
                code="round.window",
            )
        round = Round(name.strip(), starts_at, ends_at, tuple(dict.fromkeys(buildings)))
        with self.uow() as store:
            for building in round.buildings:  # a typo would scope the round to nobody
                self._building(store, building)
            store.save_round(round)
            store.commit()
        return round

    def hierarchy(self) -> dict[str, dict[str, list[str]]]:
        """Building -> unit -> rooms of the site, in reading order (the queue's batches use it)."""
        with self.uow() as store:
            places = list(store.rooms())
        tree: dict[str, dict[str, list[str]]] = {}
        for place in sorted(
            places,
            key=lambda p: (natural_key(p.building), natural_key(p.unit), natural_key(p.room)),
        ):
            tree.setdefault(place.building, {}).setdefault(place.unit, []).append(place.room)
        return tree

    def coverage(self, name: str | None = None) -> Coverage:
        with self.uow() as store:
            round = self._round(store, name)
            return group_by_building(round, store.coverage(round))

    def untested(self, building: str | None, name: str | None = None) -> list[ResidentLine]:
        """Residents of a building (or all) not yet tested in the round, by unit and room."""
        with self.uow() as store:  # the round and its list in one transaction
            lines = store.untested(self._round(store, name), building, immobile_only=False)
            if not lines and building:  # nobody left, or no such building: say which
                self._building(store, building)
        return by_place(lines)

    def door_to_door(self, name: str | None = None) -> list[ResidentLine]:
        """The 上门采样 task list: immobile residents in the round's scope still untested."""
        with self.uow() as store:
            lines = store.untested(self._round(store, name), None, immobile_only=True)
        return by_place(lines)

    def import_tested_elsewhere(
        self, path: Path, place: str = "", name: str | None = None
    ) -> ElsewhereReport:
        """Residents tested at another site (证件类型, 证件号码 columns): they count as covered."""
        round = self.round(name)
        errors: list[RowError] = []
        keys: list[tuple[str, str]] = []
        rows = 0
        for line, row in read_roster_rows(Path(path), required=("doc_number",)):
            rows += 1
            try:
                doc_type = doc_type_of(str(row.get("doc_type") or ""))
                document = parse_document(doc_type, str(row.get("doc_number") or ""), "外地")
            except InvalidIdentity as error:
                errors.append(RowError(line, "证件号码", error.zh, error.en))
                continue
            keys.append((document.type.value, document.number))
        if errors:
            return ElsewhereReport(rows, 0, 0, errors)
        with self.uow() as store:
            known = store.persons_by_documents(keys)
            marked = store.mark_tested_elsewhere(
                round.name, [p.id for p in known.values()], place[:100]
            )
            store.commit()
        return ElsewhereReport(rows, marked, len(set(keys)) - len(known), [])
