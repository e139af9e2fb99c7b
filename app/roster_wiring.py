"""Build the roster's services (import, coverage, households, reports) for a station."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db.lab.store import lab_unit_of_work
from db.recording.store import Database
from db.roster.store import IMPORT_CACHE_MIB, roster_unit_of_work
from station.core.records import Stamp
from station.core.settings import Settings
from station.roster.coverage import CoverageService
from station.roster.households import HouseholdHandler
from station.roster.importer import RosterImporter
from station.roster.lists import ListExports
from station.roster.ports import ResidentFilter, RosterUnitOfWork
from station.roster.report_xlsx import write_report_xlsx
from station.roster.round_report import (
    BoxSummary,
    LabSections,
    RecallSummary,
    RoundReport,
    RoundReports,
)


@dataclass
class RosterServices:
    """What the roster feature adds to a running station."""

    uow: RosterUnitOfWork
    importer: RosterImporter
    coverage: CoverageService
    households: HouseholdHandler
    reports: RoundReports
    exports: ListExports

    def export_report(self, path: Path, round: str | None = None) -> tuple[Path, RoundReport]:
        """Write the round report as XLSX and log the export (the CLI and the window)."""
        report = self.reports.build(round)
        written = write_report_xlsx(report, path)
        self.exports.log(f"轮次报表 {report.round.name}", report.people, str(written))
        return written, report


class LabReportSections(LabSections):
    """Boxes, handovers and recalls of a round's tubes, read through the lab feature's port."""

    def __init__(self, database: Database) -> None:
        self._uow = lab_unit_of_work(database)

    def boxes(self, tubes: list[str]) -> list[BoxSummary]:
        with self._uow() as store:
            boxes = store.boxes_holding(tubes)
        return [
            BoxSummary(
                b.barcode,
                b.status.value,
                b.count,
                b.counted,
                b.transporter,
                b.handed_at,
                b.received_at,
            )
            for b in boxes
        ]

    def recalls(self, tubes: list[str]) -> list[RecallSummary]:
        ours = set(tubes)
        out = []
        with self._uow() as store:
            for recall in store.recalls(open_only=False):
                if recall.tube not in ours:
                    continue
                lines = store.recall_lines(recall.id)
                out.append(
                    RecallSummary(
                        recall.tube,
                        recall.opened_at,
                        recall.closed_at,
                        len(lines),
                        sum(line.found_at is not None for line in lines),
                        sum(line.resample_tube is not None for line in lines),
                    )
                )
        return out


class RosterAddressBook:
    """station.lab.ports.AddressBook from the roster: where a recalled person lives."""

    def __init__(self, uow: RosterUnitOfWork) -> None:
        self._uow = uow

    def address_of(self, person_id: str):  # type: ignore[no-untyped-def]  # Address | None: imported late
        from station.lab.ports import Address

        with self._uow() as store:
            lines = store.residents(ResidentFilter(person_id=person_id))
        if not lines:
            return None
        p = lines[0].place
        return Address(p.building, p.unit, p.room)


def build_roster(database: Database, settings: Settings) -> RosterServices:
    uow = roster_unit_of_work(database)

    def stamp() -> Stamp:
        return Stamp(settings.site_name, settings.table, settings.recorder, round_today())

    def round_today() -> str:
        return settings.round_for(date.today())

    coverage = CoverageService(uow, round_today)
    return RosterServices(
        uow=uow,
        importer=RosterImporter(
            roster_unit_of_work(database, cache_mib=IMPORT_CACHE_MIB),
            stamp,
            bulk=database.bulk_writes,
        ),
        coverage=coverage,
        households=HouseholdHandler(uow),
        reports=RoundReports(uow, coverage, settings.site_name, LabReportSections(database)),
        exports=ListExports(uow, lambda: settings.recorder),
    )
