"""The SQL store behind station.roster.ports: roster writes in bulk, coverage in one query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select

from db.recording.store import Database, chunks
from db.roster.import_writes import RosterImportWrites
from db.roster.round_queries import (
    LINE_COLUMNS,
    LINES_FROM,
    coverage_by_unit,
    elsewhere_t,
    events_t,
    exports_t,
    members_t,
    persons_t,
    resident_lines,
    residents_t,
    rooms_t,
    rounds_t,
    tube_in_round,
    tubes_t,
    untested_in_building,
)
from db.rows import aware as _aware
from station.roster.ports import (
    ExportRecord,
    ResidentFilter,
    ResidentLine,
    RosterStore,
    Round,
    Sampled,
    TubeCount,
    UnitCoverage,
)
from station.roster.residents import Place


@dataclass
class SqlRosterStore(RosterImportWrites, RosterStore):
    """One transaction on the roster: the import writes (db/roster/import_writes.py), and
    rounds, coverage, reports and lists read here."""

    connection: Connection
    site: str
    # What this transaction knows of persons by document: the id found by
    # persons_by_documents or inserted by register_people, None when there is none. The
    # transaction holds the write lock, so nobody else changes these meanwhile.
    _ids_by_document: dict[tuple[str, str], str | None] = field(default_factory=dict)
    # Persons inserted by this transaction: they have no residents row to replace.
    _inserted: set[str] = field(default_factory=set)

    # ----- rounds and coverage ------------------------------------------------------------
    def round(self, name: str) -> Round | None:
        row = self.connection.execute(
            select(rounds_t).where(rounds_t.c.site == self.site, rounds_t.c.name == name)
        ).first()
        if row is None:
            return None
        return Round(row.name, _aware(row.starts_at), _aware(row.ends_at), tuple(row.buildings))

    def round_names(self) -> list[str]:
        defined = select(rounds_t.c.name).where(rounds_t.c.site == self.site)
        sampled = select(tubes_t.c.round).where(tubes_t.c.site == self.site).distinct()
        return sorted({*self.connection.scalars(defined), *self.connection.scalars(sampled)})

    def buildings(self) -> list[str]:
        query = select(rooms_t.c.building).where(rooms_t.c.site == self.site).distinct()
        return list(self.connection.scalars(query))

    def save_round(self, round: Round) -> None:
        self.connection.execute(
            delete(rounds_t).where(rounds_t.c.site == self.site, rounds_t.c.name == round.name)
        )
        self.connection.execute(
            insert(rounds_t).values(
                site=self.site,
                name=round.name,
                starts_at=round.starts_at,
                ends_at=round.ends_at,
                buildings=list(round.buildings),
            )
        )

    def _round_params(self, round: Round) -> dict[str, Any]:
        """Values for the bound parameters of _tube_in_round and the tested conditions."""
        return {
            "r_site": self.site,
            "r_name": round.name,
            "r_starts": round.starts_at,
            "r_ends": round.ends_at,
        }

    def coverage(self, round: Round) -> list[UnitCoverage]:
        params = self._round_params(round)
        if round.buildings:  # a scoped round: only its buildings' residents are read
            query = coverage_by_unit(round.windowed, in_building=True)
            rows = [
                row
                for building in round.buildings
                for row in query.tuples(self.connection, {**params, "r_building": building})
            ]
        else:
            rows = coverage_by_unit(round.windowed, in_building=False).tuples(
                self.connection, params
            )
        return [
            UnitCoverage(b, u, int(n), int(tested or 0), int(away_n or 0))
            for b, u, n, tested, away_n in rows
        ]

    def untested(
        self, round: Round, building: str | None, immobile_only: bool
    ) -> list[ResidentLine]:
        if building is None:
            buildings = round.buildings or self.buildings()
            return [line for b in buildings for line in self.untested(round, b, immobile_only)]
        if round.buildings and building not in round.buildings:
            return []
        query = untested_in_building(round.windowed, immobile_only)
        return resident_lines(
            query.tuples(self.connection, {**self._round_params(round), "r_building": building})
        )

    def mark_tested_elsewhere(self, round: str, person_ids: list[str], place: str) -> int:
        known: set[str] = set()
        for chunk in chunks(person_ids):
            known.update(
                self.connection.execute(
                    select(elsewhere_t.c.person_id).where(
                        elsewhere_t.c.site == self.site,
                        elsewhere_t.c.round == round,
                        elsewhere_t.c.person_id.in_(chunk),
                    )
                ).scalars()
            )
        new = [p for p in dict.fromkeys(person_ids) if p not in known]
        if new:
            self.connection.execute(
                insert(elsewhere_t),
                [{"site": self.site, "round": round, "person_id": p, "place": place} for p in new],
            )
        return len(new)

    # ----- the round report -------------------------------------------------------------
    def round_tubes(self, round: Round) -> list[TubeCount]:
        rows = self.connection.execute(
            select(tubes_t.c.barcode, tubes_t.c.mode, tubes_t.c.status, tubes_t.c.count).where(
                tube_in_round(round.windowed)
            ),
            self._round_params(round),
        )
        return [TubeCount(r.barcode, r.mode, r.status, r.count) for r in rows]

    def round_sampled(self, round: Round) -> list[Sampled]:
        rows = self.connection.execute(
            select(members_t.c.tube, members_t.c.added_at, events_t.c.recorder, events_t.c.table_no)
            .select_from(
                members_t.join(
                    tubes_t,
                    and_(tubes_t.c.site == members_t.c.site, tubes_t.c.barcode == members_t.c.tube),
                ).join(events_t, events_t.c.id == members_t.c.event_id)
            )
            .where(
                members_t.c.site == self.site,
                members_t.c.removed_by.is_(None),
                tube_in_round(round.windowed),
            ),
            self._round_params(round),
        )
        return [
            Sampled(r.tube, _aware(r.added_at), r.recorder, r.table_no)  # type: ignore[arg-type]
            for r in rows
        ]

    # ----- households, lists and labels ---------------------------------------------------
    def household(self, room_id: int) -> tuple[Place, list[ResidentLine]] | None:
        room = self.connection.execute(
            select(rooms_t).where(rooms_t.c.site == self.site, rooms_t.c.id == room_id)
        ).first()
        if room is None:
            return None
        rows = self.connection.execute(
            select(*LINE_COLUMNS)
            .select_from(LINES_FROM)
            .where(residents_t.c.site == self.site, residents_t.c.room_id == room_id)
            .order_by(residents_t.c.line)
        )
        return Place(room.building, room.unit, room.room), resident_lines(rows.all())

    def residents(self, selection: ResidentFilter) -> list[ResidentLine]:
        where = [residents_t.c.site == self.site]
        if selection.building:
            where.append(rooms_t.c.building == selection.building)
        if selection.unit:
            where.append(rooms_t.c.unit == selection.unit)
        if selection.person_id:
            where.append(residents_t.c.person_id == selection.person_id)
        for key in selection.flags:
            where.append(residents_t.c[key].is_(True))
        if selection.without_phone:
            where.append(persons_t.c.phone == "")
        rows = self.connection.execute(select(*LINE_COLUMNS).select_from(LINES_FROM).where(*where))
        return resident_lines(rows.all())

    def log_export(self, record: ExportRecord) -> None:
        self.connection.execute(insert(exports_t).values(site=self.site, **record.__dict__))

    def exports(self) -> list[ExportRecord]:
        rows = self.connection.execute(
            select(exports_t).where(exports_t.c.site == self.site).order_by(exports_t.c.at)
        )
        return [
            ExportRecord(r.id, _aware(r.at), r.who, r.what, r.rows, r.target)  # type: ignore[arg-type]
            for r in rows
        ]

    def commit(self) -> None:
        self.connection.commit()


# SQLite page cache for imports: persons, events and residents are keyed by random ids, so
# each insert lands on a random index page; with SQLite's default 2 MiB cache a million-row
# import rereads most of them from the OS for every batch.
IMPORT_CACHE_MIB = 128


def roster_unit_of_work(database: Database, *, cache_mib: int | None = None):  # type: ignore[no-untyped-def]
    """A station.roster.ports.RosterUnitOfWork: the site's unit of work (db.site) seen
    through the roster's store.

    `cache_mib`: on SQLite, the connection's page cache is raised to this size (it stays
    with the pooled connection, filled only as pages are read).
    """
    return database.store_unit_of_work("roster", cache_mib=cache_mib)
