"""Every scanner burst in the window reaches one place, whatever widget has the focus.

A keyboard-wedge scanner types like a keyboard, so a scan lands in whatever has the focus: a
page's count or path field, a button, a list in a dialog whose default button then takes the
scanner's Enter as "OK". The router watches the keys of the whole application and tells a
scanner's burst (several characters, each within a few milliseconds of the last, then Enter)
from a person's typing by the gaps between the keys. A burst's Enter never reaches the widget:
what the burst typed is taken back, and the text goes to `on_scan` (the window routes it), or,
while a modal dialog is open, to `on_refused` — unless the focus is in a field of the dialog
marked with `takes_scans(field)`, which gets the burst as any typed text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

# A scanner types a character every 1-20 ms (xdotool --delay 5 about as fast); a person's
# keys come 80 ms or more apart, and no one types six in a row faster than this.
BURST_GAP_MS = 50
BURST_MIN_CHARS = 6
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Keys with no text a scanner presses inside a burst (Shift before the X of an ID, the E of a
# passport): they neither end a burst nor add to it.
_MODIFIERS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
)
_SCAN_PROPERTY = "takes_scans"


def takes_scans(widget: QWidget) -> QWidget:
    """Mark a dialog's field as one a scan is meant for (the target tube of a move)."""
    widget.setProperty(_SCAN_PROPERTY, True)
    return widget


def _taking_scans(widget: QObject) -> bool:
    return bool(widget.property(_SCAN_PROPERTY))


@dataclass
class _Burst:
    receiver: QWidget
    text: str
    last_ms: float
    before: object  # the receiver's state before the burst's first key, to put back


def _state(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return (widget.text(), widget.cursorPosition())
    if isinstance(widget, QAbstractItemView):
        return widget.currentIndex()
    return None


def _restore(widget: QWidget, state: object) -> None:
    if isinstance(widget, QLineEdit) and isinstance(state, tuple):
        widget.setText(state[0])
        widget.setCursorPosition(state[1])
    elif isinstance(widget, QAbstractItemView) and state is not None:
        widget.setCurrentIndex(state)  # type: ignore[arg-type]  # the QModelIndex saved for it


class ScanRouter(QObject):
    """An application event filter owned by the recorder window (see the module's text)."""

    def __init__(
        self,
        window: QWidget,
        on_scan: Callable[[str], None],
        on_refused: Callable[[str, QWidget], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._on_scan = on_scan
        self._on_refused = on_refused
        self._clock = clock
        self._burst: _Burst | None = None
        self._seen: tuple[tuple[int, str, int], QWidget] | None = None
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        window.destroyed.connect(lambda: app.removeEventFilter(self))

    def _ms(self, event: QKeyEvent) -> float:
        # The X server stamps each key when it is pressed, so a busy window that reads a
        # person's keys late does not take them for a burst; synthetic events carry 0.
        return float(event.timestamp()) if event.timestamp() else self._clock() * 1000

    def _ours(self, widget: QWidget) -> bool:
        top = widget.window()
        return top is self._window or QApplication.activeModalWidget() is top

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        # A key a widget ignores travels on to its parents: count it once.
        key = (event.key(), event.text(), event.timestamp())
        seen = self._seen
        if seen and seen[0] == key and seen[1] is not watched and watched.isAncestorOf(seen[1]):
            return False
        self._seen = (key, watched)
        if not self._ours(watched):
            return False
        if event.key() in _ENTER:
            return self._enter(watched, self._ms(event))
        self._key(watched, event)
        return False

    def _key(self, widget: QWidget, event: QKeyEvent) -> None:
        if event.key() in _MODIFIERS:
            return
        text = event.text()
        chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if not text or not text.isprintable() or event.modifiers() & chord:
            self._burst = None
            return
        now = self._ms(event)
        burst = self._burst
        if burst is None or burst.receiver is not widget or now - burst.last_ms > BURST_GAP_MS:
            self._burst = _Burst(widget, text, now, _state(widget))
            return
        burst.text += text
        burst.last_ms = now

    def _enter(self, widget: QWidget, now: float) -> bool:
        burst, self._burst = self._burst, None
        if (
            burst is None
            or burst.receiver is not widget
            or len(burst.text) < BURST_MIN_CHARS
            or now - burst.last_ms > BURST_GAP_MS
        ):
            return False  # a person's Enter: the widget acts on it as always
        modal = QApplication.activeModalWidget()
        if modal is not None and _taking_scans(widget):
            return False  # the dialog's own scan field
        _restore(widget, burst.before)
        if modal is not None:
            self._on_refused(burst.text, modal)
        else:
            self._on_scan(burst.text)
        return True
