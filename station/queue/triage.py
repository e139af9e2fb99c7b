"""Who a scan at the triage desk names: a personal code, an ID card, or a typed ID number.

The desk issues tickets to people, so anything else a scanner reads there (a tube, a box, a
command card) is refused, and text that is no code at all is read as a resident ID number.
"""

from __future__ import annotations

from collections.abc import Callable

from station.core.classifier import PersonScan, classify
from station.core.codes import PersonCode
from station.core.errors import OperatorError
from station.core.identity import parse_resident_id
from station.core.settings import BarcodePattern


def _as_scanned(raw: str) -> str:
    return raw


def person_at_desk(
    raw: str,
    tube: BarcodePattern,
    box: BarcodePattern,
    admit: Callable[[str], str] = _as_scanned,
) -> PersonCode:
    """The person `raw` names, or an OperatorError saying why it names nobody.

    `admit` first takes the scan as the station's readers would (training mode turns a
    training code into the code it stands for, and refuses real ones: station.training)."""
    raw = admit(raw)
    try:
        scan = classify(raw, tube, box)
    except OperatorError:
        return PersonCode(parse_resident_id(raw))
    if not isinstance(scan, PersonScan):
        raise OperatorError(
            "这不是个人码或证件号", "Not a personal code or ID", code="not_a_person"
        )
    return scan.code
