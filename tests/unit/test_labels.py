"""Labels must decode, with a real decoder, to exactly the text they were made from."""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import zxingcpp
from barcode import Code128
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from station.core import barcodes as labels
from station.core.barcodes import (
    LabelKind,
    check_encodable,
    code128_png,
    code128_svg,
    write_label,
)

SVG_NS = "{http://www.w3.org/2000/svg}"
# 12 px per mm puts a 0.25 mm module on exactly 3 pixels, like 300 dpi.
SVG_PX_PER_MM = 12

TUBE = "0012345678"
BOX = "BX00001234"
TICKET = "P003"
PERSON = "NP1.R.11010519491231002X.13812345678.5byg5LiJ"
PUNCTUATION = "Bldg 7, Rm 301-2 #A&B <ok>? 50% 'x' \"y\" \\z ~!@$^*()_+={}[]|:;`"
# "99..." and "c" hit python-barcode 0.16.1's start-code folding (upstream issue #251).
SAMPLES = [
    *(TUBE, BOX, TICKET, PERSON, PUNCTUATION, " ", "0", "a b", "12345", "x" * 60),
    *("9900012345", "99", "990", "c", "A99", "99A", "0099", "`{|}~", "1a2b3c4d"),
]


def decode_one(image: Image.Image) -> zxingcpp.Barcode:
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, [(b.format, b.text) for b in found]
    assert found[0].format == zxingcpp.BarcodeFormat.Code128
    return found[0]


def png_image(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _mm(value: str) -> float:
    match = re.fullmatch(r"([0-9.]+)mm", value)
    assert match, value
    return float(match.group(1))


def rasterize_svg(data: bytes) -> Image.Image:
    """Paint the black rects python-barcode emits; enough for a decoder, no SVG library."""
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"

    def px(value: str) -> int:
        return round(_mm(value) * SVG_PX_PER_MM)

    image = Image.new("L", (px(root.attrib["width"]), px(root.attrib["height"])), 255)
    draw = ImageDraw.Draw(image)
    for rect in root.iter(f"{SVG_NS}rect"):
        if rect.attrib.get("width") == "100%":
            continue  # the white background
        assert "fill:black" in rect.attrib["style"]
        x, y = px(rect.attrib["x"]), px(rect.attrib["y"])
        w, h = px(rect.attrib["width"]), px(rect.attrib["height"])
        draw.rectangle((x, y, x + w - 1, y + h - 1), fill=0)
    return image


def svg_texts(data: bytes) -> list[str]:
    return [el.text or "" for el in ET.fromstring(data).iter(f"{SVG_NS}text")]


def gap_under_bars(image: Image.Image) -> int:
    """The first blank row after the bars start."""
    grey = image.convert("L")
    blank = [
        grey.crop((0, y, grey.width, y + 1)).getextrema()[0] >= 128 for y in range(grey.height)
    ]
    top = blank.index(False)
    return blank.index(True, top)


def bar_row_runs(image: Image.Image, y: int) -> list[tuple[bool, int]]:
    grey = image.convert("L")
    row = [grey.getpixel((x, y)) < 128 for x in range(grey.width)]
    return [(dark, len(list(run))) for dark, run in itertools.groupby(row)]


@pytest.mark.parametrize("text", SAMPLES)
def test_png_decodes_to_exact_text(text: str) -> None:
    assert decode_one(png_image(code128_png(text))).text == text


@pytest.mark.parametrize("text", SAMPLES)
def test_svg_decodes_to_exact_text(text: str) -> None:
    data = code128_svg(text)
    assert data.lstrip().startswith(b"<?xml")
    assert decode_one(rasterize_svg(data)).text == text


PRINTABLE_ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
# Digit runs of every length next to other characters drive Code128's switches into and out
# of code set C (two digits per symbol), where an encoder's odd-digit handling goes wrong.
LABEL_TEXTS = st.one_of(
    st.text(PRINTABLE_ASCII, min_size=1, max_size=40),
    st.lists(
        st.one_of(
            st.text("0123456789", min_size=1, max_size=9), st.text(PRINTABLE_ASCII, max_size=3)
        ),
        min_size=1,
        max_size=12,
    )
    .map(lambda parts: "".join(parts)[:40])
    .filter(bool),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LABEL_TEXTS)
def test_any_printable_ascii_round_trips_through_png(text: str) -> None:
    assert decode_one(png_image(code128_png(text))).text == text


@settings(max_examples=60, deadline=None)
@given(LABEL_TEXTS)
def test_any_printable_ascii_round_trips_through_svg(text: str) -> None:
    assert decode_one(rasterize_svg(code128_svg(text))).text == text


@pytest.mark.parametrize(
    "text",
    ["张三", "P00３", "ＢＸ1", "tab\there", "line\nbreak", "del\x7f", "é", "買買提·艾力", "😀"],
)
def test_non_printable_ascii_is_refused_with_a_clear_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"printable ASCII") as info:
        check_encodable(text)
    bad = next(ch for ch in text if not " " <= ch <= "~")
    assert f"U+{ord(bad):04X}" in str(info.value)
    with pytest.raises(ValueError, match=r"printable ASCII"):
        code128_png(text)
    with pytest.raises(ValueError, match=r"printable ASCII"):
        code128_svg(text)


def test_empty_text_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        check_encodable("")
    with pytest.raises(ValueError, match="empty"):
        code128_png("")


def test_check_encodable_accepts_the_whole_printable_range() -> None:
    check_encodable("".join(chr(c) for c in range(0x20, 0x7F)))


def test_human_text_defaults_to_the_text() -> None:
    assert svg_texts(code128_svg(BOX)) == [BOX]


def test_masked_human_text_keeps_the_payload_off_the_printed_line() -> None:
    masked = "NP1 ****002X 138****5678"
    data = code128_svg(PERSON, human_text=masked)
    assert svg_texts(data) == [masked]
    assert b"11010519491231002X" not in data
    assert decode_one(rasterize_svg(data)).text == PERSON
    assert decode_one(png_image(code128_png(PERSON, human_text=masked))).text == PERSON


def test_human_text_can_be_chinese_in_svg() -> None:
    data = code128_svg(PERSON, human_text="张* 110***********002X")
    assert svg_texts(data) == ["张* 110***********002X"]


def test_empty_human_text_prints_no_line() -> None:
    data = code128_svg(PERSON, human_text="")
    assert svg_texts(data) == []
    assert decode_one(rasterize_svg(data)).text == PERSON

    bare = png_image(code128_png(TUBE, human_text=""))
    labelled = png_image(code128_png(TUBE))
    assert bare.height < labelled.height
    assert decode_one(bare).text == TUBE
    # Below the bars the bare label is blank paper.
    below = bare.crop((0, gap_under_bars(bare), bare.width, bare.height))
    assert below.getextrema() == (255, 255)


def test_multiline_human_text_is_refused() -> None:
    with pytest.raises(ValueError, match="single printable line"):
        code128_png(TUBE, human_text="a\nb")


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_png_bars_sit_on_whole_dots_with_quiet_zones(dpi: int) -> None:
    image = png_image(code128_png(BOX, dpi=dpi))
    assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.01)
    dots = round(0.25 * dpi / 25.4)
    runs = bar_row_runs(image, image.height // 4)
    pattern = Code128(BOX).build()[0]
    expected = [(bit == "1", len(list(run)) * dots) for bit, run in itertools.groupby(pattern)]
    assert runs[0] == (False, 10 * dots)
    assert runs[-1] == (False, 10 * dots)
    assert runs[1:-1] == expected
    assert decode_one(image).text == BOX


def test_png_size_follows_module_width_and_height() -> None:
    narrow = png_image(code128_png(TICKET, module_width_mm=0.17, height_mm=8.0, dpi=300))
    wide = png_image(code128_png(TICKET, module_width_mm=0.5, height_mm=20.0, dpi=300))
    assert narrow.width < wide.width
    assert narrow.height < wide.height
    assert decode_one(narrow).text == TICKET
    assert decode_one(wide).text == TICKET


@pytest.mark.parametrize(
    "kwargs", [{"dpi": 0}, {"dpi": -300}, {"module_width_mm": 0.0}, {"height_mm": -1.0}]
)
def test_png_rejects_nonsense_geometry(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        code128_png(TICKET, **kwargs)  # type: ignore[arg-type]


def test_svg_has_quiet_zones() -> None:
    root = ET.fromstring(code128_svg(TUBE))
    bars = [r for r in root.iter(f"{SVG_NS}rect") if r.attrib.get("width") != "100%"]
    first = min(_mm(r.attrib["x"]) for r in bars)
    last = max(_mm(r.attrib["x"]) + _mm(r.attrib["width"]) for r in bars)
    assert first >= 10 * 0.25
    assert _mm(root.attrib["width"]) - last >= 10 * 0.25


def test_long_digit_run_keeps_its_line_inside_the_label() -> None:
    text = "0" * 40
    image = png_image(code128_png(text))
    # The line was shrunk to fit: nothing dark at the left or right edge below the bars.
    text_band = image.crop((0, gap_under_bars(image), image.width, image.height))
    assert text_band.getextrema()[0] < 128
    assert text_band.crop((0, 0, 3, text_band.height)).getextrema() == (255, 255)
    right = text_band.crop((text_band.width - 3, 0, text_band.width, text_band.height))
    assert right.getextrema() == (255, 255)
    assert decode_one(image).text == text


@pytest.mark.parametrize("suffix", [".svg", ".png", ".PNG"])
def test_write_label_by_suffix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"tube{suffix}"
    assert write_label(TUBE, path) == path
    data = path.read_bytes()
    if suffix.lower() == ".svg":
        assert data == code128_svg(TUBE)
    else:
        assert data == code128_png(TUBE)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_write_label_passes_human_text(tmp_path: Path) -> None:
    path = write_label(PERSON, tmp_path / "person.svg", human_text="")
    assert svg_texts(path.read_bytes()) == []


def test_write_label_refuses_other_suffixes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        write_label(TUBE, tmp_path / "tube.pdf")
    assert list(tmp_path.iterdir()) == []


def test_label_kinds() -> None:
    assert [k.value for k in LabelKind] == ["tube", "box", "ticket", "person"]
    assert LabelKind("box") is LabelKind.BOX
    assert f"{LabelKind.TICKET}" == "ticket"


def test_leading_99_is_kept_and_encoding_is_stable() -> None:
    symbol = labels._Code128("9900012345")
    assert symbol.build() == symbol.build()
    assert symbol.encoded[:2] == [105, 99]
    # The fold that is still wanted: a text starting with letters starts in code set B.
    assert labels._Code128("Wikipedia").encoded[0] == 104


def test_a_mis_encoding_encoder_is_caught_before_a_label_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Put the upstream fold back: the bars would scan as "00012345".
    monkeypatch.setattr(labels._Code128, "_try_to_optimize", Code128._try_to_optimize)
    with pytest.raises(RuntimeError, match="'00012345' instead of '9900012345'"):
        code128_png("9900012345")
    with pytest.raises(RuntimeError):
        code128_svg("9900012345")


def test_a_training_label_says_so_and_still_scans() -> None:
    from station.core.barcodes import code128_png, code128_svg

    plain = Image.open(io.BytesIO(code128_png("TRAIN0000001")))
    marked = Image.open(io.BytesIO(code128_png("TRAIN0000001", watermark="TRAINING")))
    assert marked.size == plain.size and marked.tobytes() != plain.tobytes()
    assert decode_one(marked).text == "TRAIN0000001"
    assert b"TRAINING" in code128_svg("TRAIN0000001", watermark="TRAINING")
    assert b"TRAINING" not in code128_svg("TRAIN0000001")
