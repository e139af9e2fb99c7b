"""What the table shows (its view, the open tube) and how its outcomes are worded."""

from __future__ import annotations

from dataclasses import dataclass

from station.core.errors import OperatorError
from station.core.masking import mask_name
from station.core.messages import say
from station.core.pooling import PoolingMode
from station.core.records import Totals, Tube, TubeStatus
from station.core.scan import Outcome, Status


@dataclass(frozen=True)
class MemberLine:
    person_id: str
    name: str  # masked


@dataclass(frozen=True)
class OpenTube:
    """The table's current tube as the screen shows it. The count, the tube and the last
    person on the screen come from here and nowhere else, so that they cannot disagree
    with the tube (after an undo, a single-sample detour, a call, a reopen, a restart)."""

    tube: Tube | None
    members: list[MemberLine]  # people in the current tube, in order
    parked: list[Tube]  # open tubes under the current one (a single tube was slipped in)

    @property
    def last_person(self) -> str:
        """Masked name (or ID tail) of the last person still in the tube; "" when empty."""
        return self.members[-1].name if self.members else ""


@dataclass(frozen=True)
class TableView:
    """Everything the recorder window shows about its table."""

    round: str
    open: OpenTube
    recent: list[Tube]
    totals: Totals
    next_mode: PoolingMode
    prompt: str

    @property
    def tube(self) -> Tube | None:
        return self.open.tube

    @property
    def members(self) -> list[MemberLine]:
        return self.open.members

    @property
    def parked(self) -> list[Tube]:
        return self.open.parked


@dataclass
class Say:
    """Words of the table's outcomes in the station's language."""

    language: str

    def text(self, code: str, **fields: object) -> str:
        return say(code, self.language, **fields)

    def mode(self, mode: PoolingMode) -> str:
        """How a message names a pooling mode: "单采 1:1" / "1:1", "10:1"."""
        return self.text(
            "mode.single" if mode is PoolingMode.SINGLE else "mode.pooled", n=int(mode)
        )

    def error(self, error: OperatorError, kind: str) -> Outcome:
        return Outcome(Status.ERROR, kind, error.message(self.language), code=error.code)

    def who(self, name: str, number: str = "") -> str:
        """How screens and messages name a person: masked name, else the ID's last digits."""
        if name:
            return mask_name(name)
        return self.text("who.tail", tail=number[-4:]) if number else ""


@dataclass(frozen=True)
class TubeFields:
    """The tube part of an outcome: which tube, how full, sealed or not."""

    tube: str | None = None
    count: int = 0
    capacity: int = 0
    sealed: bool = False

    @classmethod
    def of(cls, tube: Tube | None) -> TubeFields:
        if tube is None:
            return cls()
        return cls(tube.barcode, tube.count, tube.capacity, tube.status is TubeStatus.SEALED)


def outcome(
    status: Status,
    kind: str,
    message: str,
    code: str,
    tube: Tube | None = None,
    *,
    person: str = "",
    speech: str = "",
    person_id: str = "",
) -> Outcome:
    """An outcome with the tube's fields filled in from `tube`."""
    fields = TubeFields.of(tube)
    return Outcome(
        status,
        kind,
        message,
        code=code,
        tube=fields.tube,
        count=fields.count,
        capacity=fields.capacity,
        sealed=fields.sealed,
        person=person,
        speech=speech,
        person_id=person_id,
    )
