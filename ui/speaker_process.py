"""A separate process that speaks lines read from standard input with Qt's text-to-speech.

Speech engines can take seconds to start and list their voices, and hold the interpreter
while they do; in a process of its own that never delays a scan, and a crashed engine
leaves the station running. Protocol: it prints `voice <name>` once (empty name: no voice
for the language), then `said <text>` after handing each line to the engine; started with
`in_turn` it also prints `done <text>` once the engine has finished saying a line. Given
`parent=<pid>` it dies with that process, and so does its speech-dispatcher (ui.speech_daemon).

Two ways to speak. The table's counts interrupt each other: only the latest count matters.
The display's calls (`in_turn`) are said one after another, each to its end: the engine's
say() cuts off whatever it is saying, so a call said twice in a row was heard once.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtTextToSpeech import QTextToSpeech

from ui import speech_daemon
from ui.voices import choose_voice

WEDGED_MS = 15_000  # a call takes two or three seconds; an engine silent this long is stuck


class _Lines(QObject):
    line = Signal(str)
    done = Signal()


def queue_line(pending: list[str], speaking: str | None, line: str) -> list[str]:
    """What is left to say once `line` arrives, in order.

    A call arrives twice in a row to be said twice. When another call arrives, repeats of the
    calls already said or waiting ahead are dropped (and an earlier copy of the new call: it
    is said now, last), so speech keeps up with a busy site's calls, each said at least once,
    instead of falling further behind the screen."""
    if line == (pending[-1] if pending else speaking):
        return [*pending, line]  # the repeat of the call that came just before
    heard = {speaking, line}
    kept = []
    for text in pending:
        if text not in heard:
            kept.append(text)
            heard.add(text)
    return [*kept, line]


class _InTurn(QObject):
    """The display's calls, handed to the engine one at a time, each when the last is done."""

    def __init__(self, engine: QTextToSpeech) -> None:
        super().__init__()
        self.engine = engine
        self.pending: list[str] = []
        self.speaking: str | None = None
        engine.stateChanged.connect(self._state)
        self._wedged = QTimer(self)
        self._wedged.setSingleShot(True)
        self._wedged.setInterval(WEDGED_MS)
        self._wedged.timeout.connect(self._move_on)

    def add(self, text: str) -> None:
        self.pending = queue_line(self.pending, self.speaking, text)
        self._next()

    def _next(self) -> None:
        if self.speaking is not None or not self.pending:
            return
        self.speaking = self.pending.pop(0)
        self.engine.say(self.speaking)  # the engine is idle: nothing is cut off
        print(f"said {self.speaking}", flush=True)
        self._wedged.start()

    def _state(self, state: QTextToSpeech.State) -> None:
        if self.speaking is None or state not in (
            QTextToSpeech.State.Ready,
            QTextToSpeech.State.Error,
        ):
            return
        if state == QTextToSpeech.State.Ready:
            print(f"done {self.speaking}", flush=True)
        self._move_on()

    def _move_on(self) -> None:
        # Also when the engine never reports the end (no audio device): the next call goes on.
        if self._wedged.isActive():
            self._wedged.stop()
        else:
            self.engine.stop()
        self.speaking = None
        self._next()


def main(argv: list[str]) -> int:
    language = argv[1] if len(argv) > 1 else "zh"
    flags = argv[2:]
    parent = next((int(f[len("parent=") :]) for f in flags if f.startswith("parent=")), None)
    speech_daemon.die_with_parent(parent)
    engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
    dispatcher = speech_daemon.start(engines)  # before Qt starts any thread
    try:
        return _speak(argv, language, "in_turn" in flags, engines)
    finally:
        if dispatcher is not None:
            dispatcher.stop()


def _speak(argv: list[str], language: str, turns: bool, engines: list[str]) -> int:
    app = QCoreApplication(argv[:1])
    engine = QTextToSpeech(engines[0]) if engines else None
    voice = choose_voice(engine, language) if engine is not None else ""
    print(f"voice {voice}", flush=True)

    lines = _Lines()

    def say(text: str) -> None:
        if engine is not None and voice:
            engine.stop()
            engine.say(text)
        print(f"said {text}", flush=True)

    in_turn = _InTurn(engine) if turns and engine is not None and voice else None
    if in_turn is not None:
        lines.line.connect(in_turn.add)
    else:
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
