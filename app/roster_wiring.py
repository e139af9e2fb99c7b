"""Build the roster's services (import, coverage, households, reports) for a station."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.recording.store import Database
from db.roster.store import IMPORT_CACHE_MIB, roster_unit_of_work
from station.core.records import Stamp
from station.core.settings import Settings
from station.lab.ports import Address
from station.roster.coverage import CoverageService
from station.roster.households import HouseholdHandler
from station.roster.importer import RosterImporter
from station.roster.lists import ListExports
from station.roster.ports import ResidentFilter, RosterUnitOfWork
from station.roster.report_xlsx import ReportExport
from station.roster.round_report import BoxSummary, LabSections, RecallSummary, RoundReports


@dataclass
class RosterServices:
    """What the roster feature adds to a running station."""

    uow: RosterUnitOfWork
    importer: RosterImporter
    coverage: CoverageService
    households: HouseholdHandler
    reports: RoundReports
    exports: ListExports
    export_report: ReportExport  # the round report as XLSX, logged


class LabReportSections(LabSections):
    """Boxes, handovers and recalls of a round's tubes, read through the lab feature's port."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def boxes(self, tubes: list[str]) -> list[BoxSummary]:
        with self._database.unit_of_work(read_only=True) as work:
            boxes = work.lab.boxes_holding(tubes)
        return [
            BoxSummary(
                b.barcode,
                b.status.value,
                b.count,
                b.counted,
                b.transporter,
                b.handed_at,
                b.received_at,
                b.status.label,
            )
            for b in boxes
        ]

    def recalls(self, tubes: list[str]) -> list[RecallSummary]:
        ours = set(tubes)
        out = []
        with self._database.unit_of_work(read_only=True) as work:
            for recall in work.lab.recalls(open_only=False):
                if recall.tube not in ours:
                    continue
                lines = work.lab.recall_lines(recall.id)
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

    def address_of(self, person_id: str) -> Address | None:
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
    reports = RoundReports(uow, coverage, settings.site_name, LabReportSections(database))
    exports = ListExports(uow, lambda: settings.recorder)
    return RosterServices(
        uow=uow,
        importer=RosterImporter(
            roster_unit_of_work(database, cache_mib=IMPORT_CACHE_MIB),
            stamp,
            bulk=database.bulk_writes,
        ),
        coverage=coverage,
        households=HouseholdHandler(),
        reports=reports,
        exports=exports,
        export_report=ReportExport(reports, exports),
    )
