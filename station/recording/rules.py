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
        raise OperatorError(
            f"试管 {tube.barcode} 已满（{tube.count}/{tube.capacity}）：请先移除一人，或扫「封管」",
            f"Tube {tube.barcode} is full ({tube.count}/{tube.capacity}): remove someone "
            "first, or scan SEAL",
            code="tube_at_capacity",
        )


def check_fits(person: Person, tube: Tube, shown: str) -> None:
    """A document other than the resident ID, or a person flagged single, goes single only.
    `shown`: how messages name the person."""
    if tube.capacity == 1:
        return
    if person.document.type.pooled_allowed and not person.single_only:
        return
    why = (
        (f"证件为{person.document.type.label_zh}", f"document is {person.document.type.label_en}")
        if not person.document.type.pooled_allowed
        else ("已标记单采", "flagged for single sampling")
    )
    raise OperatorError(
        f"{shown or '此人'} 需单采（{why[0]}）：请扫一支新试管作单管",
        f"{shown or 'This person'} must go single ({why[1]}): scan a new tube for a single",
        code="single_required",
    )


def check_opening(current: Tube | None, mode: PoolingMode) -> bool:
    """May a new tube of `mode` open over the table's current tube? True: the current tube is
    empty and is given up first. A tube with people in it waits under a single tube only."""
    if current is None:
        return False
    if current.count == 0:
        return True
    if mode is not PoolingMode.SINGLE:
        raise OperatorError(
            f"试管 {current.barcode} 未满（{current.count}/{current.capacity}）："
            "请继续扫人，或先扫「封管」再换管",
            f"Tube {current.barcode} is not full ({current.count}/{current.capacity}): "
            "keep scanning people, or scan SEAL before a new tube",
            code="tube_not_full",
        )
    return False


def used_tube(tube: Tube, table: str) -> OperatorError:
    """Why a tube barcode known already cannot open a new tube."""
    if tube.status is TubeStatus.OPEN and tube.table == table:
        return OperatorError(
            f"试管 {tube.barcode} 已打开（{tube.count}/{tube.capacity}），请扫人员码",
            f"Tube {tube.barcode} is already open ({tube.count}/{tube.capacity}): scan people",
            code="tube_already_open",
        )
    state = {
        TubeStatus.OPEN: ("在用", "in use"),
        TubeStatus.SEALED: ("已封管", "sealed"),
        TubeStatus.VOIDED: ("已作废", "given up"),
    }[tube.status]
    return OperatorError(
        f"试管 {tube.barcode} 已使用过（{state[0]}，{tube.table} 号台），请换一支新试管",
        f"Tube {tube.barcode} was used before ({state[1]}, table {tube.table}): take a new tube",
        code="tube_used",
    )


def check_sealable(tube: Tube | None) -> Tube:
    """The tube SEAL seals: the table's open one, with someone in it."""
    if tube is None:
        raise OperatorError("没有打开的试管", "No open tube", code="no_open_tube")
    if tube.count == 0:
        raise OperatorError(
            f"试管 {tube.barcode} 是空管，不能封管（要换管请扫新试管或撤销）",
            f"Tube {tube.barcode} is empty and cannot be sealed (scan a new tube or undo)",
            code="seal_empty",
        )
    return tube


def check_sealed(tube: Tube | None, barcode: str, confirming: bool = True) -> Tube:
    """The tube a REOPEN names must be a sealed one."""
    if tube is None or tube.status is not TubeStatus.SEALED:
        raise OperatorError(
            f"试管 {barcode} 不是已封的试管" + ("" if confirming else "，不能重开"),
            f"Tube {barcode} is not " + ("a sealed tube" if confirming else "sealed"),
            code="not_sealed",
        )
    return tube


def check_reason(reason: str, zh: str, en: str) -> str:
    """A correction keeps its reason: none given is refused."""
    if not reason.strip():
        raise OperatorError(zh, en, code="no_reason")
    return reason.strip()
