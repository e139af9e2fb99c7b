"""Training mode's domain: training shapes, synthetic residents, drill files and the score."""

from __future__ import annotations

from datetime import date

import pytest

from station.core.codes import decode_person_code
from station.core.errors import InvalidIdentity, OperatorError
from station.core.identity import DocType, normalise_name, parse_phone, parse_resident_id
from station.core.settings import Settings
from station.training import (
    Action,
    DrillError,
    LiveGuard,
    Scorer,
    is_training_barcode,
    load_drill,
    refused_at_server,
    shipped_drills,
    synthetic_line,
    training_barcodes_of,
    training_code,
    training_settings,
    training_tube,
)
from station.training.drill import parse_drill
from station.training.people import NEW_REGION, Kind

TODAY = date(2026, 12, 4)


def test_training_shapes_are_told_apart_from_real_ones() -> None:
    assert is_training_barcode("NPT1.R.11010519491231002X..5byg5LiJ")
    assert is_training_barcode(" train0000001 ")
    assert is_training_barcode("TRAINBX00001")
    assert not is_training_barcode("NP1.R.11010519491231002X..5byg5LiJ")
    assert not is_training_barcode("1234567890")
    assert training_code("NP1.R.11010519491231002X..5byg5LiJ").startswith("NPT1.R.")
    with pytest.raises(ValueError):
        training_code("1234567890")
    settings = training_settings(Settings(site_name="幸福里"))
    assert settings.training and settings.site_name == "幸福里（培训）"
    assert settings.tube.matches(training_tube(1)) and not settings.tube.matches("1234567890")
    assert settings.box.matches("TRAINBX00001") and not settings.box.matches("BX00000001")
    assert training_settings(settings).site_name == "幸福里（培训）"
    # A station with a site server set forwards nothing in training (docs/sync.md).
    served = Settings(site_name="幸福里", server_url="postgresql://nat@dbhost/nat_station")
    assert training_settings(served).server_url == ""


def test_the_server_finds_every_training_barcode_an_event_names() -> None:
    """The site server's rule is the station's: tube, box, a move's source tube, a code."""
    code = "NPT1.R.11010519491231002X..5byg5LiJ"
    assert training_barcodes_of({"tube": "TRAIN0000001", "data": {"mode": 10}}) == ["TRAIN0000001"]
    assert training_barcodes_of({"box": "TRAINBX00001", "tube": "3100000001"}) == ["TRAINBX00001"]
    assert training_barcodes_of({"tube": "AB00000001", "data": {"from": "TRAIN0000002"}}) == [
        "TRAIN0000002"
    ]
    assert training_barcodes_of({"person_id": "p", "data": {"code": code}}) == [code]
    real = {"tube": "AB00000001", "box": None, "data": {"name": "Trainor", "from": "AB2"}}
    assert training_barcodes_of(real) == [] and training_barcodes_of({"data": None}) == []
    reason = refused_at_server(["TRAIN0000001"])
    assert "培训数据不能进入站点服务器" in reason and "training barcode" in reason


def test_live_guard_refuses_every_training_shape_with_a_clear_message() -> None:
    guard = LiveGuard()
    for raw in ("NPT1.R.11010519491231002X..", "TRAIN0000001", "TRAINBX00001"):
        with pytest.raises(OperatorError) as refused:
            guard.take(raw, None, None, None)  # type: ignore[arg-type]
        assert refused.value.code == "training_barcode"
        assert "培训" in refused.value.zh and "training" in refused.value.en
    assert guard.take("1234567890", None, None, None) is None  # type: ignore[arg-type]


def test_every_synthetic_identity_passes_the_station_rules() -> None:
    kinds = {2: Kind.RARE, 3: Kind.MINORITY, 4: Kind.PASSPORT, 5: Kind.UNKNOWN_REGION}
    line = synthetic_line(40, seed=7, kinds=kinds, today=TODAY)
    assert [r.number for r in line] == list(range(1, 41))
    assert len({r.document.number for r in line}) == 40
    for resident in line:
        assert normalise_name(resident.name) == resident.name
        assert parse_phone(resident.phone) == resident.phone
        if resident.kind is not Kind.UNKNOWN_REGION:
            decoded = decode_person_code("NP1." + resident.code[len("NPT1.") :])
            assert (decoded.name, decoded.document) == (resident.name, resident.document)
        if resident.kind is Kind.PASSPORT:
            assert resident.document.type is DocType.PASSPORT
        elif resident.kind is Kind.UNKNOWN_REGION:
            assert resident.document.number.startswith(NEW_REGION)
            # Refused for its region alone today; ident's change makes it a confirmable warning.
            try:
                parse_resident_id(resident.document.number, today=TODAY)
            except InvalidIdentity as refused:
                assert refused.code == "id.region"
        else:
            assert parse_resident_id(resident.document.number, today=TODAY) == resident.document
    assert any(ord(ch) > 0xFFFF for ch in line[1].name)  # outside the BMP, e.g. 𠇔
    assert "·" in line[2].name
    assert synthetic_line(40, seed=7, kinds=kinds, today=TODAY) == line  # the same each time


def test_the_three_shipped_drills_load() -> None:
    assert shipped_drills() == ["first_shift", "hard_cases", "queue_and_recall"]
    hard = load_drill("hard_cases")
    dos = {s.do for s in load_drill("queue_and_recall").steps}
    assert {"positive", "ticket", "tube", "person", "seal"} <= dos
    assert any(s.auto for s in hard.steps)
    assert {Kind.PASSPORT, Kind.UNKNOWN_REGION, Kind.RARE, Kind.MINORITY} <= set(
        hard.kinds.values()
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[[step]]\ndo = 'dance'\n", "do = 'dance'"),
        ("[line]\ncount = 2\n[[step]]\ndo = 'person'\nwho = 3\n", "who = 3"),
        ("[[step]]\ndo = 'tube'\ncolour = 'red'\n", "未知字段 colour"),
        ("[drill]\ntitle = 'x'\n", "没有任何 [[step]]"),
        ("[[step]]\ndo = 'positive'\nwho = 1\n", "还没进过试管"),
        ("[[step]\n", "不是有效的 TOML"),
        ("[[step]]\ndo = 'tube'\nauto = true\n", "auto = true 需要 who"),
    ],
)
def test_a_trainers_bad_drill_file_is_refused_saying_where(text: str, where: str) -> None:
    with pytest.raises(DrillError) as refused:
        parse_drill(text, "mine")
    assert where in str(refused.value) and "mine" in str(refused.value)


def test_a_missing_drill_names_the_shipped_ones() -> None:
    with pytest.raises(DrillError, match="first_shift"):
        load_drill("no_such_drill")


def _act(
    at: float, code: str, status: str = "saved", raw: str | None = None, tube: str | None = None
) -> Action:
    return Action(at, status, code, raw=raw, tube=tube, message=code)


def test_a_scripted_trainee_with_known_mistakes_gets_exactly_their_score() -> None:
    drill = load_drill("first_shift")
    line = drill.line()
    code = {r.number: r.code for r in line}
    scorer = Scorer(drill, line, started_at=100.0)
    assert [s.number for s in scorer.start()] == [1]
    actions = [
        _act(102, "tube_expected", "error", raw=code[1]),  # mistake 1: the person before a tube
        _act(104, "tube_opened", raw=training_tube(1)),  # step 1 done at 104 (4 s)
        _act(108, "person_added", raw=code[1], tube=training_tube(1)),  # step 2: 4 s
        _act(110, "person_added", raw=code[3]),  # mistake 2: resident 3 while 2 is in front
        _act(111, "person_removed"),  # the trainee undoes it (Ctrl+Z): no mistake
        _act(130, "person_added", raw=code[2]),  # step 3: 22 s, a hesitation
        _act(134, "person_added", raw=code[3]),  # step 4: 4 s
        _act(138, "person_added", raw=line[3].id_text),  # step 5 (ID card): 4 s
        _act(142, "tube_full", raw=code[5]),  # step 6: 4 s
        _act(144, "tube_used", "error", raw=training_tube(1)),  # mistake 3: the old tube
        _act(146, "tube_opened", raw=training_tube(2)),  # step 7: 4 s
        _act(150, "person_added", raw=code[6]),  # step 8
        _act(154, "person_added", raw=code[7]),  # step 9
        _act(158, "person_added", raw=code[8]),  # step 10
    ]
    for action in actions:
        scorer.feed(action)
    assert not scorer.done
    scorer.feed(_act(161, "sealed"))  # step 11 (F3): 3 s
    assert scorer.done
    report = scorer.report()
    assert [(m.step, m.code) for m in report.mistakes] == [
        (1, "tube_expected"),
        (3, "wrong_person"),
        (7, "tube_used"),
    ]
    assert [t.seconds for t in report.times] == [4, 4, 22, 4, 4, 4, 4, 4, 4, 4, 3]
    assert [t.step for t in report.hesitations] == [3]
    assert report.score == 100 - 3 * 10 - 5
    assert report.per_person == pytest.approx(50 / 8)
    assert scorer.tubes[1] == training_tube(1)
    text = "\n".join(report.lines())
    assert "得分 65/100" in text and "每人 6.2 秒" in text
    assert "第 1 步" in text and "每一管都从扫试管开始" in text  # the step's lesson
    assert "第 3 步 2 号出示个人码：22.0 秒" in text
    assert "score 65/100" in "\n".join(report.lines("en"))


def test_expected_answers_and_the_drills_own_scans_are_not_mistakes() -> None:
    drill = load_drill("hard_cases")
    line = drill.line()
    scorer = Scorer(drill, line, 0.0)
    scorer.start()
    scorer.index = 5  # the passport step
    scorer._enter()
    passport = line[4].code
    scorer.feed(_act(1, "single_required", "error", raw=passport))
    scorer.feed(_act(2, "tube_full", raw=training_tube(3), tube=training_tube(3)))
    assert scorer.tubes[5] == training_tube(3)  # the single tube the scan opened for them
    assert scorer.current is not None and scorer.current.who == 4
    scorer.index = 8  # resident 8 scans themselves before the tube
    scorer._enter()
    scorer.feed(Action(3, "error", "tube_expected", raw=line[7].code, by_drill=True))
    scorer.feed(_act(4, "tube_opened", raw=training_tube(4)))
    scorer.feed(_act(4.5, "person_added", raw=line[7].code))
    scorer.feed(_act(5, "id_region_unknown", "warning", raw=line[6].id_text))
    scorer.feed(_act(6, "person_added", raw=line[6].id_text))
    assert scorer.mistakes == []
    begun = scorer.skip(7)  # the trainer moves past the re-test
    assert [s.number for s in begun] == [13]
    assert [m.code for m in scorer.mistakes] == ["skipped"]


def test_a_goalless_step_begins_and_ends_at_once_and_is_handed_to_the_caller() -> None:
    drill = load_drill("queue_and_recall")
    line = drill.line()
    scorer = Scorer(drill, line, 0.0)
    scorer.start()
    scorer.feed(_act(1, "tube_opened"))
    for number in range(1, 5):
        scorer.feed(_act(1 + number, "person_added", raw=line[number - 1].code, tube="T1"))
    begun = scorer.feed(_act(9, "tube_full", raw=line[4].code, tube="T1"))
    assert [(s.number, s.do) for s in begun] == [(7, "positive"), (8, "tube")]
    assert scorer.tubes[3] == "T1"
    assert [t.step for t in scorer.report().times] == [1, 2, 3, 4, 5, 6]
