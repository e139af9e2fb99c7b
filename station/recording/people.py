"""People at the table: a person joins the open tube with every rule of the table; the
confirmations and questions about an identity; a person's details and personal code."""

from __future__ import annotations

from dataclasses import replace

from station.core.classifier import DocumentChoiceScan
from station.core.codes import PersonCode, encode_person_code
from station.core.errors import OperatorError
from station.core.identity import normalise_name, parse_document, parse_phone
from station.core.messages import refused
from station.core.ports import Store
from station.core.records import Event, EventKind, Person, Tube, TubeStatus, new_id
from station.core.scan import Outcome, Status, Work
from station.recording.corrections import Corrections
from station.recording.pending import Await, Pending
from station.recording.rules import check_fits, check_room
from station.recording.view import outcome


class _Unknown:
    """Marks "not looked up yet", as None already means "looked up: no such person"."""


_UNKNOWN = _Unknown()


class People(Corrections):
    def add_person(self, code: PersonCode, work: Work | None = None) -> Outcome:
        """A person for the table's open tube, with every rule of the table (raises if refused)."""
        pending, self._pending = self._pending, None
        if pending is not None and pending.what is Await.REMOVE:
            return self._remove_scan(code, work)
        with self._unit(work) as unit:
            store = unit.recording
            tube = self.current_tube(unit)
            if tube is None:
                raise refused("tube_expected")
            check_room(tube)
            person = store.person_by_document(code.document.type, code.document.number)
            confirmed = pending is not None and pending.confirms(Await.REGION, code)
            if person is None and not code.document.region_listed and not confirmed:
                return self._region_unconfirmed(code, tube)
            candidate = person or Person(new_id(), code.document, code.name, code.phone)
            try:
                check_fits(candidate, tube, self._who(candidate.name, candidate.document.number))
            except OperatorError:
                self._pending = Pending(Await.SINGLE, code=code)
                raise
            if person is not None:
                asked = self._retest_question(store, person, code, tube, pending)
                if asked is not None:
                    return asked
            return self._add(store, tube, code, [], known=person)

    def _retest_question(
        self, store: Store, person: Person, code: PersonCode, tube: Tube, pending: Pending | None
    ) -> Outcome | None:
        """A person in this tube already is refused; one tested today in another tube is asked
        to confirm the re-test by a second scan (None: nothing to ask, or confirmed)."""
        earlier = store.tubes_of_person(person.id, self.stamp.round)
        who = self._who(person.name, person.document.number)
        if tube.barcode in earlier:
            raise refused("duplicate_in_tube", who=who)
        if not earlier or (pending is not None and pending.confirms(Await.RETEST, code)):
            return None
        self._pending = Pending(Await.RETEST, code=code)
        t = self._say.text
        return outcome(
            Status.WARNING,
            "person",
            t("retest_confirm", who=who, tube=earlier[-1]),
            "retest_confirm",
            tube,
            person=who,
            speech=t("retest_confirm.speech"),
        )

    def _register(
        self, store: Store, code: PersonCode, known: Person | _Unknown | None = _UNKNOWN
    ) -> tuple[Person, list[Event]]:
        """The person a code names, and the event that registers them if new or changed.

        `known` is the result of a look-up the caller already made, to spare a second one.
        """
        person = (
            store.person_by_document(code.document.type, code.document.number)
            if isinstance(known, _Unknown)
            else known
        )
        is_new = person is None
        if person is None:
            person = Person(new_id(), code.document, code.name, code.phone)
        elif (code.name and code.name != person.name) or (
            code.phone and code.phone != person.phone
        ):
            person = replace(
                person, name=code.name or person.name, phone=code.phone or person.phone
            )
        else:
            return person, []
        data: dict[str, object] = {
            "doc_type": person.document.type.value,
            "doc_number": person.document.number,
            "note": person.document.note,
            "name": person.name,
            "phone": person.phone,
            "single_only": person.single_only,
            "new": is_new,  # lets the store insert without looking first
        }
        if not code.document.region_listed:
            data["region_unlisted"] = True  # confirmed by a second scan (station/core/regions.py)
        return person, [self._event(EventKind.PERSON_REGISTERED, person_id=person.id, data=data)]

    def _add(
        self,
        store: Store,
        tube: Tube,
        code: PersonCode,
        events: list[Event],
        opening_note: str = "",
        known: Person | _Unknown | None = _UNKNOWN,
    ) -> Outcome:
        """Add a person to a tube, sealing it when full, in the caller's unit of work."""
        t = self._say.text
        person, registered = self._register(store, code, known)
        events = [*events, *registered]
        events.append(self._event(EventKind.PERSON_ADDED, tube=tube.barcode, person_id=person.id))
        tube = replace(tube, count=tube.count + 1)
        if tube.is_full:
            events.append(
                self._event(EventKind.TUBE_SEALED, tube=tube.barcode, data={"under_filled": False})
            )
            tube = replace(tube, status=TubeStatus.SEALED)
        for event in events:
            store.record(event)
        full = tube.status is TubeStatus.SEALED
        resumed = self._after_seal(store) if full else ""
        shown = self._who(person.name, person.document.number)
        spoken = f"{person.name} {tube.count}".strip()
        said = t(
            "person_added" if shown else "person_added.unnamed",
            who=shown,
            count=tube.count,
            capacity=tube.capacity,
        )
        full_note = t("tube_full") if full else ""
        return outcome(
            Status.SAVED,
            "person",
            said + full_note + opening_note + resumed,
            "tube_full" if full else "person_added",
            tube,
            person=shown,
            person_id=person.id,
            speech=spoken + (t("tube_full.speech") if full else ""),
        )

    def _region_unconfirmed(self, code: PersonCode, tube: Tube) -> Outcome:
        """A new ID whose region code no list holds: the first scan asks to check the card, the
        same ID scanned again confirms. Never a refusal: code lists lag behind."""
        self._pending = Pending(Await.REGION, code=code)
        return outcome(
            Status.WARNING,
            "person",
            self._region_question(code),
            "region_confirm",
            tube,
            person=self._who(code.name, code.document.number),
            speech=self._say.text("region_confirm.speech"),
        )

    def _ask_document(self, scan: DocumentChoiceScan) -> Outcome:
        """A bare number several documents share: ask by one key which it is."""
        self._pending = Pending(Await.CHOICE, barcode=scan.number, choices=scan.choices)
        return Outcome(
            Status.WARNING,
            "person",
            self._document_question(self._pending),
            code="document_choice",
            speech=self._say.text("document_choice.speech"),
        )

    def _region_question(self, code: PersonCode) -> str:
        region = code.document.number[:6]
        return self._say.text("region_confirm", region=region)

    def _document_question(self, pending: Pending) -> str:
        t, language = self._say.text, self._say.language
        keys = t("document_choice.between").join(
            t("document_choice.key", key=i, label=d) for i, d in enumerate(pending.choices, 1)
        )
        pattern = self.settings.tube.describe(language)
        return t("document_choice", keys=keys, number=pending.barcode, pattern=pattern)

    @property
    def awaiting_choice(self) -> bool:
        """Is the table waiting for a digit key saying which document a bare number is?"""
        return self._pending is not None and self._pending.what is Await.CHOICE

    def choose(self, key: str) -> Outcome:
        """The recorder's key for the document a bare number is; the person then joins the
        open tube with every rule of the table (a non-resident document goes single)."""
        pending = self._pending
        if not self.awaiting_choice or pending is None:
            return self._say.error(
                refused("no_choice"),
                "person",
            )
        index = int(key) - 1 if key.isdigit() else -1
        if not 0 <= index < len(pending.choices):
            return self._say.error(
                refused("bad_choice", last=len(pending.choices)),
                "person",
            )
        self._pending = None
        try:
            document = parse_document(pending.choices[index], pending.barcode)
            return self.add_person(PersonCode(document))
        except OperatorError as error:
            return self._say.error(error, "person")

    def _remove_scan(self, code: PersonCode, work: Work | None) -> Outcome:
        with self._unit(work) as unit:
            person = unit.recording.person_by_document(code.document.type, code.document.number)
            if person is None:
                raise refused("not_in_tube")
            return self.remove(person.id, self._say.text("removed_by_scan"), unit)

    # ----- a person's details and personal code ------------------------------------------------
    def update_details(self, person_id: str, name: str, phone: str) -> Person:
        """Name and phone for someone who came with only an ID card (written as an event)."""
        clean_name = normalise_name(name) if name.strip() else ""
        clean_phone = parse_phone(phone) if phone.strip() else ""
        with self._unit(None) as unit:
            person = unit.recording.person(person_id)
            if person is None:
                raise refused("unknown_person")
            code = PersonCode(person.document, clean_name, clean_phone)
            person, events = self._register(unit.recording, code)
            for event in events:
                unit.recording.record(event)
        return person

    def person_code(self, person_id: str) -> tuple[Person, str]:
        """The person and the payload of their personal code (个人码) for a printed slip."""
        with self._reading() as store:
            person = store.person(person_id)
        if person is None:
            raise refused("unknown_person")
        return person, encode_person_code(PersonCode(person.document, person.name, person.phone))
