"""What goes on printed label sheets: personal code slips and household codes for a selection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station.core.codes import PersonCode, encode_person_code
from station.core.identity import DocType, Document
from station.core.masking import mask_document_number, mask_name
from station.roster.households import encode_household_code
from station.roster.lists import age_on
from station.roster.ports import ResidentFilter, ResidentLine


@dataclass(frozen=True)
class SheetLabel:
    """One label: the Code128 payload and the lines printed beside it (masked)."""

    payload: str
    title: str
    detail: str


def _address(line: ResidentLine) -> str:
    p = line.place
    return " ".join(part for part in (p.building, p.unit, p.room) if part)


def select(lines: list[ResidentLine], selection: ResidentFilter, today: date) -> list[ResidentLine]:
    """The age condition, which SQL cannot see (it lives in the ID number)."""
    if not selection.min_age:
        return lines
    return [
        line
        for line in lines
        if (age := age_on(line, today)) is not None and age >= selection.min_age
    ]


def person_labels(lines: list[ResidentLine]) -> list[SheetLabel]:
    labels = []
    for line in lines:
        code = PersonCode(Document(DocType(line.doc_type), line.doc_number), line.name, line.phone)
        labels.append(
            SheetLabel(
                encode_person_code(code),
                f"{mask_name(line.name)}  {mask_document_number(line.doc_number)}",
                _address(line),
            )
        )
    return labels


def household_labels(lines: list[ResidentLine]) -> list[SheetLabel]:
    rooms: dict[int, list[ResidentLine]] = {}
    for line in lines:
        rooms.setdefault(line.room_id, []).append(line)
    return [
        SheetLabel(
            encode_household_code(room_id),
            f"户码  {_address(members[0])}",
            f"{len(members)} 人：" + "、".join(mask_name(m.name) for m in members),
        )
        for room_id, members in rooms.items()
    ]
