"""The command card: every command barcode on it reads back and does what it says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import zxingcpp
from PIL import Image

from station.core.classifier import Command, CommandScan, classify
from station.core.settings import Settings
from ui.recording.command_card import CARD


def test_nat_station_commands_writes_a_card_whose_every_barcode_decodes(tmp_path: Path) -> None:
    pdf = tmp_path / "card.pdf"
    subprocess.run(
        [sys.executable, "-m", "app.main", "commands", "--pdf", str(pdf), "--table", "7"],
        check=True,
        capture_output=True,
    )
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "p")], check=True)
    decoded = {b.text for b in zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("p*.png"))))}
    assert decoded == {payload for payload, _ in CARD}
    settings = Settings()
    commands = {classify(text, settings.tube, settings.box) for text in decoded}
    assert all(isinstance(c, CommandScan) for c in commands)
    assert {c.command for c in commands} == set(Command)  # every command has its barcode
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "7 号台" in text and "封管" in text
