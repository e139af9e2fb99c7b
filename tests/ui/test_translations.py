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


def test_the_stations_own_words_show_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Statuses, results and reasons come from station/ in Chinese; term() translates each."""
    from PySide6.QtWidgets import QApplication

    from station.core.pooling import PoolingMode
    from station.lab.records import BoxStatus, LineStatus, Result
    from station.queue.lanes import Reason
    from station.queue.tickets import TicketState
    from ui.i18n import install_translator
    from ui.lab.boxes_page import REMOVE_REASONS
    from ui.terms import WORDS, term

    words = [
        *(s.label for s in LineStatus),
        *(r.label for r in Result),
        *(b.label for b in BoxStatus),
        *REMOVE_REASONS,
        *(r.label for r in Reason),
        *(t.label for t in TicketState),
        PoolingMode.SINGLE.label,
    ]
    assert sorted(set(words) - set(WORDS)) == [], "list these in ui/terms.py WORDS"
    assert term("待找到") == "待找到"  # Chinese UI: the word itself
    translator = install_translator(QApplication.instance(), "en")
    assert translator is not None
    try:
        english = {word: term(word) for word in words}
    finally:
        QApplication.instance().removeTranslator(translator)
    chinese = {w: e for w, e in english.items() if any("\u4e00" <= ch <= "\u9fff" for ch in e)}
    assert chinese == {}
    assert english["待找到"] == "To find" and english["阳性"] == "Positive"
