"""Load a lab's results: a result per tube becomes a result per person, positives open recalls."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from station.core.errors import OperatorError
from station.core.masking import mask_name, mask_phone
from station.core.records import TubeStatus
from station.core.scan import Table
from station.lab.boxes import BoxService
from station.lab.ports import LabUnitOfWork, LabWork
from station.lab.recall import closing_events, open_recall
from station.lab.records import BoxStatus, LabEvent, LabEventKind, Result, TubeResult
from station.lab.result_files import read_result_file
from station.lab.result_sheet import ResultRow, RowError, parse_sheet


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or would do: the screen and `results import` print this."""

    file: str
    rows: int  # good rows in the file
    errors: list[RowError]
    imported: int = 0  # new results written
    unchanged: int = 0  # results the station had already (re-import)
    by_result: dict[str, int] = field(default_factory=dict)
    recalls_opened: list[str] = field(default_factory=list)  # positive pooled tubes
    boxes_received: list[str] = field(default_factory=list)
    written: bool = False

    def as_json(self, language: str = "zh") -> dict[str, object]:
        return {
            "file": self.file,
            "rows": self.rows,
            "imported": self.imported,
            "unchanged": self.unchanged,
            "by_result": self.by_result,
            "recalls_opened": self.recalls_opened,
            "boxes_received": self.boxes_received,
            "written": self.written,
            "errors": [{"line": e.line, "reason": e.message(language)} for e in self.errors],
        }


@dataclass(frozen=True)
class ResampleEntry:
    """A person whose tube came back invalid (无效), to be sampled again."""

    person_id: str
    name: str  # masked
    phone: str  # masked
    tube: str
    resampled_in: str | None  # a later tube the person was in, if any


@dataclass
class ResultService:
    uow: LabUnitOfWork
    table: Table
    boxes: BoxService

    def import_file(self, path: Path, good_rows_only: bool = False) -> ImportReport:
        """Check every row; write nothing when any row is bad unless `good_rows_only`."""
        lines, _digest = read_result_file(path)
        sheet = parse_sheet(lines, self.table.settings.tube)
        return self.import_rows(sheet.rows, sheet.errors, str(path), good_rows_only)

    def import_rows(
        self, rows: list[ResultRow], errors: list[RowError], name: str, good_rows_only: bool
    ) -> ImportReport:
        errors = list(errors)
        with self.uow() as work:
            fresh: list[ResultRow] = []
            unchanged = 0
            for row in rows:
                problem = self._check(work, row)
                if problem is None:
                    fresh.append(row)
                elif problem == "same":
                    unchanged += 1
                else:
                    errors.append(RowError(row.line, *problem))
            errors.sort(key=lambda e: e.line)
            good = len(fresh) + unchanged
            if errors and not good_rows_only:
                return ImportReport(name, good, errors, unchanged=unchanged)
            report = self._write(work, fresh, name, good, errors, unchanged)
            work.commit()
        return report

    def _check(self, work: LabWork, row: ResultRow) -> tuple[str, str] | str | None:
        tube = work.recording.tube(row.tube)
        if tube is None:
            return (f"试管 {row.tube} 不是本点的试管", f"tube {row.tube} is not from this site")
        if tube.status is TubeStatus.VOIDED:
            return (f"试管 {row.tube} 已作废", f"tube {row.tube} was given up")
        if tube.status is not TubeStatus.SEALED:
            return (f"试管 {row.tube} 还未封管", f"tube {row.tube} is not sealed yet")
        known = work.lab.result(row.tube)
        if known is None:
            return None
        if known.result is row.result:
            return "same"
        return (
            f"试管 {row.tube} 已有结果「{known.result.label}」，与文件「{row.result.label}」"
            "不同：请与实验室核实",
            f"tube {row.tube} already has result {known.result.value}, the file says "
            f"{row.result.value}: check with the lab",
        )

    def _write(
        self,
        work: LabWork,
        fresh: list[ResultRow],
        name: str,
        good: int,
        errors: list[RowError],
        unchanged: int,
    ) -> ImportReport:
        stamp, now = self.table.stamp, self.table.clock()
        store = work.lab
        by_result: dict[str, int] = {}
        recalls: list[str] = []
        boxes: set[str] = set()
        for row in fresh:
            store.record_lab(
                LabEvent(
                    LabEventKind.RESULT_RECORDED,
                    stamp,
                    tube=row.tube,
                    at=now,
                    data={
                        "result": row.result.value,
                        "file": Path(name).name,
                        "line": row.line,
                        "tested_at": row.tested_at.isoformat() if row.tested_at else None,
                    },
                )
            )
            by_result[row.result.value] = by_result.get(row.result.value, 0) + 1
            opened = open_recall(work, TubeResult(row.tube, row.result, row.tested_at, now), stamp)
            if opened is not None:
                store.record_lab(opened)
                recalls.append(row.tube)
            holding = store.box_of_tube(row.tube)
            if holding is not None:
                boxes.add(holding)
        received = []
        for barcode in sorted(boxes):
            box = store.box(barcode)
            if box is not None and box.status is BoxStatus.HANDED_OVER:
                self.boxes.receive_in(work, barcode, source=f"results:{Path(name).name}")
                received.append(barcode)
        for event in closing_events(work, stamp, now):
            store.record_lab(event)
        return ImportReport(
            name,
            good,
            errors,
            imported=len(fresh),
            unchanged=unchanged,
            by_result=by_result,
            recalls_opened=recalls,
            boxes_received=received,
            written=True,
        )

    def resample_list(self, limit: int = 500) -> list[ResampleEntry]:
        """People in tubes that came back invalid, and whether they have been sampled since."""
        entries: list[ResampleEntry] = []
        with self.uow(read_only=True) as work:
            store, recording = work.lab, work.recording
            for invalid in store.results(Result.INVALID, limit):
                for member in recording.members(invalid.tube):
                    person = recording.person(member.person_id)
                    later = [
                        h.tube
                        for h in store.history(member.person_id)
                        if h.opened_at > invalid.recorded_at
                    ]
                    entries.append(
                        ResampleEntry(
                            member.person_id,
                            mask_name(member.name),
                            mask_phone(person.phone) if person and person.phone else "",
                            invalid.tube,
                            later[0] if later else None,
                        )
                    )
        return entries

    def recent(self, limit: int = 50) -> list[TubeResult]:
        with self.uow(read_only=True) as work:
            return work.lab.results(None, limit)


def refuse_sheet(error: Exception) -> OperatorError:
    """A file that cannot be read at all, as the operator sees it."""
    zh, en = getattr(error, "zh", str(error)), getattr(error, "en", str(error))
    return OperatorError(zh, en, code="results_file")
