"""Refresh the English UI translation: collect the strings, keep known translations, compile.

Run: `.venv/bin/python scripts/translate.py` after changing UI text. Strings with no English
yet are listed and left unfinished in ui/i18n/nat_station_en.ts; fill them in there (by hand
or with pyside6-linguist) and run the script again to compile the .qm.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "ui" / "i18n" / "nat_station_en.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def known_translations() -> dict[str, str]:
    if not TS.exists():
        return {}
    known = {}
    for message in ET.parse(TS).iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is not None and translation.text and translation.get("type") is None:
            known[source] = translation.text
    return known


def main() -> int:
    known = known_translations()
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in known:
            translation.text = known[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished":
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True, capture_output=True
    )
    for source in missing:
        print(f"no English yet: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
