"""The table's rules as pure functions: room in a tube, who fits a pooled tube, when a new
tube may open, which tube was used before. Each raises OperatorError saying why, or returns."""

from __future__ import annotations

from station.core.classifier import (
    BoxScan,
    CommandScan,
    DocumentChoiceScan,
    PersonScan,
    Scan,
    TubeScan,
)
from station.core.errors import OperatorError
from station.core.messages import Said, refused
from station.core.pooling import PoolingMode
from station.core.records import Person, Tube, TubeStatus


def scan_kind(scan: Scan | None) -> str:
    """The `kind` an outcome of this scan carries."""
    if scan is None:
        return "unknown"
    return {
        CommandScan: "command",
        TubeScan: "tube",
        BoxScan: "box",
        PersonScan: "person",
        DocumentChoiceScan: "person",
    }[type(scan)]


def check_room(tube: Tube) -> None:
    """Only a reopened tube can be open and full; it takes a correction, not one more person."""
    if tube.is_full:
        raise refused(
            "tube_at_capacity", tube=tube.barcode, count=tube.count, capacity=tube.capacity
        )


def check_fits(person: Person, tube: Tube, shown: str) -> None:
    """A document other than the resident ID, or a person flagged single, goes single only.
    `shown`: how messages name the person."""
    if tube.capacity == 1:
        return
    if person.document.type.pooled_allowed and not person.single_only:
        return
    why = (
        Said.of("single_required.document", document=person.document.type)
        if not person.document.type.pooled_allowed
        else Said.of("single_required.flagged")
    )
    code = "single_required" if shown else "single_required.unnamed"
    raise refused(code, error="single_required", who=shown, why=why)


def check_opening(current: Tube | None, mode: PoolingMode) -> bool:
    """May a new tube of `mode` open over the table's current tube? True: the current tube is
    empty and is given up first. A tube with people in it waits under a single tube only."""
    if current is None:
        return False
    if current.count == 0:
        return True
    if mode is not PoolingMode.SINGLE:
        raise refused(
            "tube_not_full", tube=current.barcode, count=current.count, capacity=current.capacity
        )
    return False


def used_tube(tube: Tube, table: str) -> OperatorError:
    """Why a tube barcode known already cannot open a new tube."""
    if tube.status is TubeStatus.OPEN and tube.table == table:
        return refused(
            "tube_already_open", tube=tube.barcode, count=tube.count, capacity=tube.capacity
        )
    state = Said.of(f"tube_state.{tube.status.value}")
    return refused("tube_used", tube=tube.barcode, state=state, table=tube.table)


def check_sealable(tube: Tube | None) -> Tube:
    """The tube SEAL seals: the table's open one, with someone in it."""
    if tube is None:
        raise refused("no_open_tube")
    if tube.count == 0:
        raise refused("seal_empty", tube=tube.barcode)
    return tube


def check_sealed(tube: Tube | None, barcode: str, confirming: bool = True) -> Tube:
    """The tube a REOPEN names must be a sealed one."""
    if tube is None or tube.status is not TubeStatus.SEALED:
        code = "not_sealed" if confirming else "not_sealed.reopen"
        raise refused(code, error="not_sealed", tube=barcode)
    return tube


def check_reason(reason: str, message: str) -> str:
    """A correction keeps its reason: none given is refused (catalogue message `message`)."""
    if not reason.strip():
        raise refused(message, error="no_reason")
    return reason.strip()
