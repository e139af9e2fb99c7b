"""Code128 labels for tubes, boxes, tickets and personal codes, as SVG or PNG bytes."""

from __future__ import annotations

import html
import io
import os
import tempfile
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from barcode import Code128
from barcode.charsets import code128 as code128_tables
from barcode.writer import BaseWriter, SVGWriter, pt2mm
from PIL import Image, ImageChops, ImageDraw, ImageFont

__all__ = [
    "LabelKind",
    "check_encodable",
    "code128_png",
    "code128_svg",
    "write_label",
]


class LabelKind(StrEnum):
    """What a label is stuck on or handed out as."""

    TUBE = "tube"
    BOX = "box"
    TICKET = "ticket"
    PERSON = "person"


# ISO/IEC 15417 asks for at least 10 modules of blank space on each side; scanners at a
# sampling table misread or refuse a symbol whose quiet zone a label edge or a neighbour eats.
QUIET_ZONE_MODULES = 10
DEFAULT_MODULE_WIDTH_MM = 0.25
DEFAULT_HEIGHT_MM = 12.0
DEFAULT_DPI = 300

# Large enough to read through a fogged face shield; shrunk only when a long digit run makes
# the line wider than the label.
_FONT_SIZE_PT = 10.0
_MIN_FONT_SIZE_PT = 6.0
# DejaVu Sans Mono advances 0.602 em per glyph; SVG viewers mostly use a narrower proportional
# font, so the same estimate keeps both outputs inside the label.
_GLYPH_ADVANCE_EM = 0.61
# Cap height of the font in em: the baseline sits this far plus a small gap under the bars.
_CAP_HEIGHT_EM = 0.73
_TEXT_GAP_MM = 1.0
_MARGIN_MM = 1.0


def check_encodable(text: str) -> None:
    """Raise ValueError unless `text` is non-empty printable ASCII (space to '~').

    Code128 code sets A, B and C together cover ASCII 32-126 for printable text; anything
    else (Chinese, full-width digits from an input method, control characters) cannot be
    put in the bars and must be refused before a label is printed, not garbled on it.
    """
    if not isinstance(text, str):
        raise TypeError(f"Code128 label text must be str, not {type(text).__name__}")
    if not text:
        raise ValueError("Code128 label text is empty; there is nothing to encode")
    bad = [(i, ch) for i, ch in enumerate(text) if not " " <= ch <= "~"]
    if bad:
        shown = ", ".join(f"{ch!r} (U+{ord(ch):04X}) at position {i}" for i, ch in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise ValueError(
            f"Code128 label text {text!r} cannot be encoded: only printable ASCII "
            f"(space to '~', U+0020-U+007E) is allowed, found {shown}{more}"
        )


def code128_svg(text: str, *, human_text: str | None = None, watermark: str = "") -> bytes:
    """Return a UTF-8 SVG document (sizes in mm) with `text` as Code128.

    `human_text` is the line under the bars: `text` itself when None, nothing when "".
    `watermark`: grey text across the label (see `code128_png`).
    """
    writer = SVGWriter()
    svg: bytes = _render(
        text,
        writer,
        {"with_doctype": False, "compress": False},
        human_text=human_text,
        module_width_mm=DEFAULT_MODULE_WIDTH_MM,
        height_mm=DEFAULT_HEIGHT_MM,
    )
    if not watermark:
        return svg
    mark = html.escape(watermark)
    overlay = (
        f'<text x="50%" y="30%" text-anchor="middle" font-size="3" fill="#999999" '
        f'fill-opacity="0.6">{mark}   {mark}   {mark}</text></svg>'
    )
    return svg.replace(b"</svg>", overlay.encode(), 1)


def code128_png(
    text: str,
    *,
    human_text: str | None = None,
    dpi: int = DEFAULT_DPI,
    module_width_mm: float = DEFAULT_MODULE_WIDTH_MM,
    height_mm: float = DEFAULT_HEIGHT_MM,
    watermark: str = "",
) -> bytes:
    """Return a greyscale PNG (with its dpi recorded) with `text` as Code128.

    `watermark` (e.g. "TRAINING" for a training station's labels) is printed in grey
    across the label: the bars stay black, the spaces light, so the label still scans.

    The module width is rounded to whole printer dots (0.25 mm is 3 dots at 300 dpi and
    2 at 203 dpi), so every bar and space keeps its exact width ratio when printed.
    """
    if not isinstance(dpi, int) or dpi <= 0:
        raise ValueError(f"dpi must be a positive integer, got {dpi!r}")
    if module_width_mm <= 0 or height_mm <= 0:
        raise ValueError(
            f"module width and height must be positive, got {module_width_mm!r} mm "
            f"and {height_mm!r} mm"
        )
    module_dots = max(1, round(module_width_mm * dpi / 25.4))
    writer = _DotWriter(dpi)
    image = _render(
        text,
        writer,
        {},
        human_text=human_text,
        module_width_mm=module_dots * 25.4 / dpi,
        height_mm=height_mm,
    )
    if watermark:
        image = _watermarked(image, watermark)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _watermarked(image: Image.Image, text: str) -> Image.Image:
    """`text` repeated in mid grey along the label, darkening the white only."""
    layer = Image.new("L", image.size, 255)
    draw = ImageDraw.Draw(layer)
    size = max(8, image.height // 4)
    font = ImageFont.load_default(size)
    line = "   ".join([text] * (1 + image.width // max(1, size * len(text) // 2)))
    for y in range(0, image.height, size * 2):
        draw.text((0, y), line, fill=170, font=font)
    return ImageChops.darker(image.convert("L"), layer)


def write_label(
    text: str, path: Path, *, human_text: str | None = None, watermark: str = ""
) -> Path:
    """Write the label for `text` to `path` as SVG or PNG, chosen by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        data = code128_svg(text, human_text=human_text, watermark=watermark)
    elif suffix == ".png":
        data = code128_png(text, human_text=human_text, watermark=watermark)
    else:
        raise ValueError(f"label path must end in .svg or .png, got {path.name!r}")
    # A print spooler or file watcher must never pick up a half-written label.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _render(
    text: str,
    writer: BaseWriter,
    extra_options: dict[str, Any],
    *,
    human_text: str | None,
    module_width_mm: float,
    height_mm: float,
) -> Any:
    check_encodable(text)
    human = text if human_text is None else human_text
    if any(not ch.isprintable() for ch in human):
        # One line only: a newline would overflow the label and a control character makes
        # the SVG invalid XML.
        raise ValueError(f"human-readable text {human!r} must be a single printable line")
    symbol = _Code128(text, writer=writer)
    pattern = symbol.build()[0]
    _verify_pattern(pattern, text)
    modules = len(pattern)
    quiet_zone_mm = QUIET_ZONE_MODULES * module_width_mm
    width_mm = modules * module_width_mm + 2 * quiet_zone_mm
    font_size = _fit_font_size(human, width_mm - 2 * _MARGIN_MM)
    options: dict[str, Any] = {
        "module_width": module_width_mm,
        "module_height": height_mm,
        "quiet_zone": quiet_zone_mm,
        "margin_top": _MARGIN_MM,
        "margin_bottom": _MARGIN_MM,
        "font_size": font_size,
        "text_distance": _CAP_HEIGHT_EM * pt2mm(font_size) + _TEXT_GAP_MM,
        "center_text": True,
        "write_text": bool(human),
        **extra_options,
    }
    # Code128.render would otherwise print the payload itself; with human == "" passing
    # no text and write_text=False leaves the label without any line.
    return symbol.render(options, text=human or None)


def _fit_font_size(human: str, available_mm: float) -> float:
    if not human:
        return _FONT_SIZE_PT
    fitting: float = available_mm / (len(human) * _GLYPH_ADVANCE_EM * pt2mm(1.0))
    return round(max(_MIN_FONT_SIZE_PT, min(_FONT_SIZE_PT, fitting)), 1)


_START_A, _START_B, _START_C = 103, 104, 105
_CODE_C, _CODE_B, _CODE_A = 99, 100, 101


class _Code128(Code128):  # type: ignore[misc]  # python-barcode has no types: Code128 is Any
    """python-barcode's Code128 with its leading-"99" bug fixed.

    Upstream (0.16.1, issue #251) folds START C followed by any value found in its
    switch table into one start code; the data pair "99" has the same value as CODE C, so
    "9900012345" came out as bars that scan as "00012345", checksum and all.
    """

    def _build(self) -> list[int]:
        # The encoder keeps its code set between calls; render() builds again, and both
        # builds must produce the same bars.
        self._charset = "C"
        self._buffer = ""
        bars: list[int] = super()._build()
        return bars

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        if encoded[0] == _START_C and encoded[1] in (_CODE_A, _CODE_B):
            encoded[:2] = [_START_A if encoded[1] == _CODE_A else _START_B]
        return encoded


def _verify_pattern(pattern: str, text: str) -> None:
    """Read the bars back and refuse to print a label that would scan as other text.

    A mis-encoded tube label binds people to a tube that does not exist, and nobody sees it
    until the lab result cannot be matched; an exception here costs one reprint.
    """
    decoded = _read_pattern(pattern)
    if decoded != text:
        raise RuntimeError(
            f"Code128 encoder produced bars that read {decoded!r} instead of {text!r}; "
            "label not made"
        )


def _read_pattern(pattern: str) -> str | None:
    """Decode a python-barcode Code128 module string; None if it is malformed."""
    stop = code128_tables.STOP + "11"
    if not pattern.endswith(stop) or (len(pattern) - len(stop)) % 11:
        return None
    index = {bars: value for value, bars in enumerate(code128_tables.CODES)}
    body = pattern[: -len(stop)]
    values: list[int] = []
    for i in range(0, len(body), 11):
        value = index.get(body[i : i + 11])
        if value is None:
            return None
        values.append(value)
    if len(values) < 3:
        return None
    start, *data, check = values
    if (start + sum(i * v for i, v in enumerate(data, start=1))) % 103 != check:
        return None
    code_set = {_START_A: "A", _START_B: "B", _START_C: "C"}.get(start)
    out: list[str] = []
    for value in data:
        if code_set is None:
            return None
        if code_set == "C" and value < 100:
            out.append(f"{value:02d}")
        elif code_set != "C" and value < 96:
            if code_set == "A" and value >= 64:
                out.append(chr(value - 64))  # code set A: control characters
            else:
                out.append(chr(value + 32))
        elif value == _CODE_C and code_set != "C":
            code_set = "C"
        elif value == _CODE_B and code_set != "B":
            code_set = "B"
        elif value == _CODE_A and code_set != "A":
            code_set = "A"
        else:
            return None  # SHIFT, FNC1-4: never part of a plain-text label
    return "".join(out)


@lru_cache(maxsize=16)
def _font(path: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size_px)


class _DotWriter(BaseWriter):  # type: ignore[misc]  # python-barcode has no types: Any
    """python-barcode raster writer that puts every edge on a whole printer dot.

    The stock ImageWriter converts each float mm position to pixels separately and lets the
    rounding fall either way, so at 300 dpi bars come out one dot too wide and spaces one
    dot too narrow here and there: a 33% width error on a 3-dot module.
    """

    def __init__(self, dpi: int) -> None:
        super().__init__(self._init, self._paint_module, self._paint_text, self._finish)
        self.dpi = dpi
        self._image: Image.Image | None = None
        self._draw: ImageDraw.ImageDraw | None = None

    def _dots(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def _init(self, code: list[str]) -> None:
        width_mm, height_mm = self.calculate_size(len(code[0]), 1)
        size = (self._dots(width_mm), self._dots(height_mm))
        self._image = Image.new("L", size, self.background)
        self._draw = ImageDraw.Draw(self._image)

    def _paint_module(self, xpos: float, ypos: float, width: float, color: str) -> None:
        assert self._draw is not None
        if color == self.background:
            return
        box = (
            self._dots(xpos),
            self._dots(ypos),
            self._dots(xpos + width) - 1,
            self._dots(ypos + self.module_height) - 1,
        )
        self._draw.rectangle(box, fill=color)

    def _paint_text(self, xpos: float, ypos: float) -> None:
        assert self._draw is not None
        size_px = self._dots(pt2mm(self.font_size))
        if size_px <= 0:
            return
        # Baseline anchor, as SVG places text, so both outputs share one layout.
        self._draw.text(
            (self._dots(xpos), self._dots(ypos)),
            self.text,
            font=_font(self.font_path, size_px),
            fill=self.foreground,
            anchor="ms",
        )

    def _finish(self) -> Image.Image:
        assert self._image is not None
        return self._image
