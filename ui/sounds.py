"""Short tones, one per state, written as WAV files so a chime works with no voice and no net."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
# (frequency Hz, seconds) pieces: rising for saved, two equal for warning, low buzz for error.
TONES: dict[str, list[tuple[float, float]]] = {
    "saved": [(880.0, 0.08), (1320.0, 0.12)],
    "warning": [(660.0, 0.15), (0.0, 0.07), (660.0, 0.15)],
    "error": [(220.0, 0.45)],
    "full": [(880.0, 0.1), (1100.0, 0.1), (1320.0, 0.2)],
    "chime": [(1046.5, 0.25), (784.0, 0.35)],
    # The recall: a high-low siren, long enough to be heard over a crowd.
    "alarm": [(1400.0, 0.18), (950.0, 0.18)] * 4,
}


def _samples(pieces: list[tuple[float, float]]) -> bytes:
    frames = bytearray()
    for frequency, seconds in pieces:
        count = int(RATE * seconds)
        for i in range(count):
            # A short fade in and out keeps the tone from clicking.
            envelope = min(1.0, i / 200, (count - i) / 200)
            value = math.sin(2 * math.pi * frequency * i / RATE) if frequency else 0.0
            frames += struct.pack("<h", int(value * envelope * 0.6 * 32767))
    return bytes(frames)


def write_tones(folder: Path) -> dict[str, Path]:
    """Write every tone once into `folder`; returns the file of each state."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, pieces in TONES.items():
        path = folder / f"{name}.wav"
        if not path.exists():
            with wave.open(str(path), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(RATE)
                out.writeframes(_samples(pieces))
        paths[name] = path
    return paths
