"""Training prints: the drill's cards decode, and every page printed in training says so."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from station.core.identity import parse_resident_id
from station.core.records import Person
from station.training import load_drill, training_tube
from ui.pdf import set_watermark
from ui.recording.slip import write_slip_pdf
from ui.training.cards import tubes_needed


def _decoded(pdf: Path, out: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(out / "p")], check=True)
    texts: list[str] = []
    for page in sorted(out.glob("p*.png")):
        texts += [b.text for b in zxingcpp.read_barcodes(Image.open(page))]
    return texts


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _red(png: Path) -> int:
    """Pixels of the watermark's red (nothing else on these pages is coloured)."""
    red, green, _blue = Image.open(png).convert("RGB").split()
    return sum(1 for r, g in zip(red.tobytes(), green.tobytes(), strict=True) if r - g > 40)


@pytest.fixture
def no_watermark() -> Iterator[None]:
    set_watermark("")
    yield
    set_watermark("")


def test_a_drills_cards_decode_to_its_residents_and_tubes(tmp_path: Path) -> None:
    pdf = tmp_path / "cards.pdf"
    subprocess.run(
        [sys.executable, "-m", "app.main", "--training", "cards", "hard_cases", "--pdf", str(pdf)],
        check=True,
        capture_output=True,
    )
    drill = load_drill("hard_cases")
    shows = {s.who: s.show for s in drill.steps if s.do == "person"}
    expected = [r.scan(shows.get(r.number, "code")) for r in drill.line()]
    expected += [training_tube(n) for n in range(1, tubes_needed(drill) + 1)]
    assert set(_decoded(pdf, tmp_path)) == set(expected)  # every card reads, nothing else
    assert any(text.startswith("NPT1.P.") for text in expected)  # the passport's card
    assert "330199" in expected[6]  # the ID the reader types for the unlisted region
    assert "培训卡 TRAINING" in _text(pdf)
    assert _red(tmp_path / "p-1.png") > 10_000  # the watermark across the page


def test_a_slip_printed_in_training_says_so_and_its_barcode_still_reads(
    tmp_path: Path, no_watermark: None
) -> None:
    person = Person("p1", parse_resident_id("11010519491231002X"), "张三", "13812345678")
    payload = "NPT1.R.11010519491231002X.13812345678.5byg5LiJ"
    plain = write_slip_pdf(tmp_path / "plain.pdf", person, payload, "幸福里")
    set_watermark("培训 TRAINING 非正式记录")
    marked = write_slip_pdf(tmp_path / "marked.pdf", person, payload, "幸福里")
    # pdftotext reads rotated text letter by letter: the letters are there, not in plain.
    letters = [c for c in _text(marked).split() if c in "培训TRAINING非正式记录"]
    assert len(letters) > 20 and not [c for c in _text(plain).split() if c == "培"]
    for name, pdf in (("m", marked), ("n", plain)):
        (tmp_path / name).mkdir()
        assert _decoded(pdf, tmp_path / name) == [payload]
    assert _red(next((tmp_path / "m").glob("p*.png"))) > 10_000
    assert _red(next((tmp_path / "n").glob("p*.png"))) == 0


def test_a_personal_code_slip_printed_in_training_carries_a_training_code(
    tmp_path: Path, no_watermark: None
) -> None:
    from app.gui import slip_printer
    from app.wiring import open_station
    from station.core.settings import data_dir

    station = open_station(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}", training=True)
    try:
        station.recording.scan(training_tube(1))
        added = station.recording.scan("11010519491231002X")  # an ID card: no code yet
        set_watermark("培训 TRAINING")
        where = slip_printer(station)(added.person_id)
    finally:
        station.close()
    pdf = Path(where) if where != "printer" else None
    assert pdf is not None and pdf.parent == data_dir() / "slips"
    (tmp_path / "s").mkdir()
    decoded = _decoded(pdf, tmp_path / "s")
    assert len(decoded) == 1 and decoded[0].startswith("NPT1.R.11010519491231002X.")


def test_a_manifest_printed_in_training_is_watermarked_and_its_barcodes_read(
    tmp_path: Path, no_watermark: None
) -> None:
    from datetime import UTC, datetime

    from station.core.pooling import PoolingMode
    from station.lab.manifest import Manifest, ManifestLine
    from station.lab.records import Box, BoxStatus
    from ui.lab.manifest_pdf import write_manifest_pdf

    now = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    box = Box(
        "TRAINBX00001", BoxStatus.CLOSED, 100, "1", "王小明", now, count=2, counted=2, closed_at=now
    )
    lines = [ManifestLine(n, training_tube(n), 5, PoolingMode.FIVE) for n in (1, 2)]
    manifest = Manifest("幸福里（培训）", box, lines, "王小明", now)
    set_watermark("培训 TRAINING 非正式记录")
    pdf = write_manifest_pdf(manifest, tmp_path / "m.pdf")
    assert {"TRAINBX00001", training_tube(1), training_tube(2)} <= set(_decoded(pdf, tmp_path))
    assert _red(next(tmp_path.glob("p*.png"))) > 10_000


def test_ticket_slips_and_label_sheets_of_a_training_station_say_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from app.wiring import open_station
    from station.roster.label_sheets import SheetLabel
    from ui.queue.slip import slip_image
    from ui.roster.label_sheets import write_label_sheets

    def red_in(image: QImage) -> int:
        path = tmp_path / f"{id(image)}.png"
        image.save(str(path))
        return _red(path)

    labels = [SheetLabel(training_tube(1), "张*", "7栋")]
    station = open_station(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}", training=True)
    try:
        assert station.queue is not None
        issued = station.queue.service.issue("A")
        marked_slip = red_in(slip_image(issued, "普通通道", station.settings.site_name))
        marked_sheet = write_label_sheets(tmp_path / "marked.pdf", labels)
    finally:
        station.close()
        set_watermark("")
    plain_slip = red_in(slip_image(issued, "普通通道", "幸福里"))
    plain_sheet = write_label_sheets(tmp_path / "plain.pdf", labels)
    assert marked_slip > 1000 and plain_slip == 0
    for name, pdf, red in (("a", marked_sheet, True), ("b", plain_sheet, False)):
        (tmp_path / name).mkdir()
        assert _decoded(pdf, tmp_path / name) == [training_tube(1)]
        assert (_red(next((tmp_path / name).glob("p*.png"))) > 10_000) is red
