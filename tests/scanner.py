"""Type into a widget the way a keyboard-wedge barcode scanner does: a burst of keys, then Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_scan(widget: QWidget, text: str, enter: bool = True) -> None:
    """Send one key press and release per character (any Unicode), then Return.

    QTest.keyClicks only knows ASCII; scanners in keyboard mode, and ID card readers behind
    an input method, deliver any character as a key event carrying its text.
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
    if enter:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
            )
