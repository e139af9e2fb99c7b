"""A line of synthetic residents for a drill: Faker's zh_CN people, checked by our own rules.

Every generated identity goes through the station's identity rules (`station.core.identity`):
names through `normalise_name`, phones through `parse_phone`, ID numbers through
`parse_resident_id`; one that fails is drawn again. Some residents are the hard ones a real
line has: a name with a character outside the BMP (𠇔), a minority name with a middle dot, a
passport holder, and an ID whose region code is newer than the code lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from stdnum.cn import ric

from station.core.codes import PersonCode, encode_person_code
from station.core.errors import InvalidIdentity
from station.core.identity import (
    DocType,
    Document,
    normalise_name,
    parse_document,
    parse_phone,
    parse_resident_id,
)
from station.training.marks import training_code

if TYPE_CHECKING:
    from faker import Faker

T = TypeVar("T")  # what a station's rule makes of a drawn value


class Kind(StrEnum):
    PLAIN = "plain"
    RARE = "rare"  # a given name with a character outside the BMP
    MINORITY = "minority"  # two names joined by a middle dot
    PASSPORT = "passport"  # a passport holder: must go single
    UNKNOWN_REGION = "unknown_region"  # a real province, a county no code list has (330199)


# Characters of CJK Extension B that real people carry in their names (e.g. 𠇔, U+201D4).
RARE_CHARACTERS = ("𠇔", "𠮷", "𡎚", "𨚕", "𪚥", "𠙶")
# Uyghur given names in their usual Chinese transcription, joined father's name first or second.
MINORITY_PARTS = (
    "买买提",
    "艾力",
    "阿依古丽",
    "吐尔逊",
    "热依拉",
    "阿不都",
    "努尔",
    "迪丽拜尔",
    "依明",
    "古丽",
)
# A county of Zhejiang that no code list has (not stdnum's, not the station's supplement): the
# station asks the recorder to check the card and confirm by scanning again. (Newer real codes
# such as 临平区 330113 are in the supplement and pass silently.)
NEW_REGION = "330199"
_TRIES = 50


@dataclass(frozen=True)
class Resident:
    """One person of the drill's line, numbered from 1 as on the printed cards."""

    number: int
    kind: Kind
    name: str
    document: Document
    phone: str

    @property
    def code(self) -> str:
        """Their training personal code (NPT1.), what the card's barcode holds."""
        return training_code(encode_person_code(PersonCode(self.document, self.name, self.phone)))

    @property
    def id_text(self) -> str:
        """What an ID card reader types for them (their document number)."""
        return self.document.number

    def scan(self, show: str = "code") -> str:
        """What the scanner types for them: the card's code, or the ID number (`show = "id"`)."""
        return self.id_text if show == "id" else self.code

    def scans(self) -> set[str]:
        return {self.code, self.id_text}


def _checked(draw: Callable[[], str], check: Callable[[str], T]) -> T:
    """Draw until the station's own rule accepts the value (and return what it made of it)."""
    for _ in range(_TRIES):
        try:
            return check(draw())
        except InvalidIdentity:
            continue
    raise RuntimeError("the generator keeps making identities the station refuses")


def _name(fake: Faker, kind: Kind) -> str:
    if kind is Kind.RARE:
        draw = lambda: fake.last_name() + fake.random_element(RARE_CHARACTERS)  # noqa: E731
    elif kind is Kind.MINORITY:
        draw = lambda: "·".join(fake.random_sample(MINORITY_PARTS, 2))  # noqa: E731
    else:
        draw = fake.name
    return _checked(draw, normalise_name)


def _new_region_id(fake: Faker, today: date) -> Document:
    birth = fake.date_of_birth(minimum_age=18, maximum_age=80)
    body = f"{NEW_REGION}{birth:%Y%m%d}{fake.random_int(100, 999)}"
    number = body + ric.calc_check_digit(body + "0")
    try:
        return parse_resident_id(number, today=today)
    except InvalidIdentity as error:
        # Everything but the region must hold: the station's rules say so, not our own copy.
        if error.code != "id.region":
            raise
        return Document(DocType.RESIDENT_ID, number)


def _document(fake: Faker, kind: Kind, today: date) -> Document:
    if kind is Kind.PASSPORT:
        return _checked(
            lambda: fake.numerify("E########"), lambda n: parse_document(DocType.PASSPORT, n)
        )
    if kind is Kind.UNKNOWN_REGION:
        return _new_region_id(fake, today)
    return _checked(fake.ssn, lambda n: parse_resident_id(n, today=today))


def synthetic_line(
    count: int, seed: int, kinds: dict[int, Kind] | None = None, today: date | None = None
) -> list[Resident]:
    """`count` residents, the same for the same seed; `kinds` makes some of them hard cases."""
    from faker import Faker  # only when a drill runs: a real station never loads it

    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    today = today or date.today()
    kinds = kinds or {}
    line: list[Resident] = []
    seen: set[str] = set()
    for number in range(1, count + 1):
        kind = kinds.get(number, Kind.PLAIN)
        document = _document(fake, kind, today)
        while document.number in seen:  # two residents never share a document
            document = _document(fake, kind, today)
        seen.add(document.number)
        phone = _checked(fake.phone_number, parse_phone)
        line.append(Resident(number, kind, _name(fake, kind), document, phone))
    return line
