"""A separate process that speaks lines read from standard input with Qt's text-to-speech.

Speech engines can take seconds to start and list their voices, and hold the interpreter
while they do; in a process of its own that never delays a scan, and a crashed engine
leaves the station running. Protocol: it prints `voice <name>` once (empty name: no voice
for the language), then `said <text>` after handing each line to the engine.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtTextToSpeech import QTextToSpeech

from ui.voices import choose_voice


class _Lines(QObject):
    line = Signal(str)
    done = Signal()


def main(argv: list[str]) -> int:
    language = argv[1] if len(argv) > 1 else "zh"
    app = QCoreApplication(argv[:1])
    engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
    engine = QTextToSpeech(engines[0]) if engines else None
    voice = choose_voice(engine, language) if engine is not None else ""
    print(f"voice {voice}", flush=True)

    lines = _Lines()

    def say(text: str) -> None:
        if engine is not None and voice:
            engine.stop()
            engine.say(text)
        print(f"said {text}", flush=True)

    lines.line.connect(say)
    lines.done.connect(lambda: QTimer.singleShot(1500, app.quit))  # let the last words end

    def read() -> None:
        for raw in sys.stdin:
            lines.line.emit(raw.rstrip("\n"))
        lines.done.emit()

    threading.Thread(target=read, daemon=True).start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
