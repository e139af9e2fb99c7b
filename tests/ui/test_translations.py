"""Every UI string has its English translation, and the compiled file is up to date."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "ui" / "i18n" / "nat_station_en.ts"


def sources(ts: Path) -> dict[str, str | None]:
    result: dict[str, str | None] = {}
    for message in ET.parse(ts).iter("message"):
        translation = message.find("translation")
        finished = translation is not None and translation.get("type") is None
        result[message.findtext("source") or ""] = translation.text if finished else None
    return result


def test_every_ui_string_is_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    files = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = set(sources(fresh))
    committed = sources(TS)
    untranslated = sorted(s for s in in_code if not committed.get(s))
    assert untranslated == [], "run scripts/translate.py and translate these"
    assert len(in_code) > 20


def test_compiled_translation_matches_its_source(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(lrelease), str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run scripts/translate.py"
