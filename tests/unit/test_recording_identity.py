"""RecordingService and the doubts an identity can raise: a region code no list holds, a bare
number several documents share, a scan far too long to be a code."""

from __future__ import annotations

from datetime import date

from stdnum.cn import ric

from station.core.classifier import Scan
from station.core.identity import DocType
from station.core.quoting import MAX_SCAN_CHARS
from station.core.records import EventKind
from station.core.scan import Table, Work
from station.recording import Outcome, RecordingService, Status

# A test module, not a helper: pytest (importlib mode) knows it by this name alone.
from tests.unit.test_recording import fakes, person, refused, saved, service, tube  # noqa: TID251


def make_id(region: str, born: date = date(1990, 1, 1), seq: int = 12) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


UNLISTED = make_id("330199")  # 浙江省, a county code in no list: checks out otherwise
LINPING = make_id("330113")  # 临平区 (2021), missing from python-stdnum, in the supplement


def warned(svc: RecordingService, raw: str, code: str) -> Outcome:
    db = fakes(svc)
    before = (len(db.events), db.commits)
    outcome = svc.scan(raw)
    assert (outcome.status, outcome.code) == (Status.WARNING, code), outcome
    assert (len(db.events), db.commits) == before  # nothing written yet
    return outcome


# ----- region codes no list holds --------------------------------------------------------------


def test_an_unlisted_region_is_confirmed_by_a_second_scan_and_recorded_as_such() -> None:
    svc = service()
    saved(svc.scan(tube(1)), "tube_opened")
    warning = warned(svc, UNLISTED, "region_confirm")
    assert "地区码 330199 未收录，请核对" in warning.message and "再扫" in warning.message
    # The band keeps the code to check for as long as the question stands.
    assert warning.tube == tube(1) and svc.view().prompt == warning.message
    added = saved(svc.scan(UNLISTED), "person_added")
    assert added.count == 1
    registered = [e for e in fakes(svc).events if e.kind is EventKind.PERSON_REGISTERED]
    assert [e.data.get("region_unlisted") for e in registered] == [True]
    assert svc.view().prompt == ""


def test_a_listed_region_gets_no_flag() -> None:
    svc = service()
    svc.scan(tube(1))
    saved(svc.scan(LINPING), "person_added")  # 临平区 passes silently
    saved(svc.scan(person(1)), "person_added")
    registered = [e for e in fakes(svc).events if e.kind is EventKind.PERSON_REGISTERED]
    assert [e.data.get("region_unlisted") for e in registered] == [None, None]


def test_another_scan_in_between_asks_again() -> None:
    svc = service()
    svc.scan(tube(1))
    warned(svc, UNLISTED, "region_confirm")
    saved(svc.scan(person(1)), "person_added")
    warned(svc, UNLISTED, "region_confirm")
    warned(svc, make_id("330199", seq=13), "region_confirm")  # another number is no confirmation
    warned(svc, UNLISTED, "region_confirm")


def test_a_person_the_station_knows_is_not_asked_again() -> None:
    svc = service()
    svc.scan(tube(1))
    warned(svc, UNLISTED, "region_confirm")
    saved(svc.scan(UNLISTED), "person_added")
    svc.scan("NATCMD:SEAL")
    svc.scan(tube(2))
    # Tested earlier today: the re-test confirmation is the only question left.
    warned(svc, UNLISTED, "retest_confirm")
    saved(svc.scan(UNLISTED), "person_added")


# ----- bare numbers several documents share ----------------------------------------------------


def test_eight_digits_ask_by_one_key_then_the_single_tube_rule_applies() -> None:
    svc = service()
    svc.scan(tube(1))
    saved(svc.scan(person(1)), "person_added")
    question = warned(svc, "12345678", "document_choice")
    assert "1 台湾居民来往大陆通行证" in question.message
    assert "2 军官证/士兵证" in question.message and "3 护照" in question.message
    assert svc.view().prompt == question.message  # the keys stay on screen until one is pressed
    # A Taiwan pass at a pooled tube: the 需单采 detour, as for a printed code.
    single = svc.choose("1")
    assert (single.status, single.code) == (Status.ERROR, "single_required")
    opened = saved(svc.scan(tube(2)), "tube_full")
    assert (opened.tube, opened.count, opened.capacity, opened.sealed) == (tube(2), 1, 1, True)
    people = fakes(svc).read()
    assert people.person_by_document(DocType.TAIWAN_PASS, "12345678") is not None
    assert "继续试管" in opened.message  # back to the pooled tube


def test_the_key_can_come_as_a_one_character_scan() -> None:
    svc = service(default_mode=1)
    warned(svc, "12345678", "document_choice")
    svc.scan(tube(1))  # any other scan ends the question: here it opens the single tube
    warned(svc, "12345678", "document_choice")
    added = saved(svc.scan("3"), "tube_full")
    assert added.count == 1
    assert fakes(svc).read().person_by_document(DocType.PASSPORT, "12345678") is not None


def test_a_wrong_key_keeps_the_question_and_no_question_refuses_a_key() -> None:
    svc = service(default_mode=1)
    svc.scan(tube(1))
    warned(svc, "12345678", "document_choice")
    assert svc.choose("7").code == "bad_choice"
    assert svc.choose("0").code == "bad_choice"
    saved(svc.choose("2"), "tube_full")
    assert fakes(svc).read().person_by_document(DocType.MILITARY_ID, "12345678") is not None
    assert svc.choose("1").code == "no_choice"
    refused(svc, "1", "unknown_scan")  # a lone digit is no scan when nothing was asked


# ----- long and odd scans --------------------------------------------------------------------


class _Watcher:
    """A feature's scan handler that only notes what reached it."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def take(self, raw: str, scan: Scan | None, work: Work, table: Table) -> Outcome | None:
        self.seen.append(raw)
        return None


def test_a_scan_too_long_for_any_code_is_refused_before_any_handler_reads_it() -> None:
    svc = service()
    watcher = _Watcher()
    svc.handlers.append(watcher)
    svc.scan(tube(1))
    raw = "\u202e" + "8" * 10_271
    outcome = refused(svc, raw, "scan_too_long")
    assert watcher.seen == [tube(1)]
    for message in (outcome.message, str(outcome.as_json()["message"])):
        assert len(message) < 100 and "\u202e" not in message and "10272" in message
    refused(svc, "8" * 120, "bad_tube_pattern")
    assert len(svc.scan("8" * 120).message) < 120
    assert svc.scan("A" * MAX_SCAN_CHARS).code == "unknown_scan"


def test_an_english_station_asks_in_english() -> None:
    svc = service(language="en")
    svc.scan(tube(1))
    assert "Which document" in warned(svc, "12345678", "document_choice").message
    assert "Region code 330199" in warned(svc, UNLISTED, "region_confirm").message
