"""ScanField: the one line a keyboard-wedge scanner types into, at the table and on pages."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget


class ScanField(QLineEdit):
    """The one input: a keyboard-wedge scanner types a burst of characters and Enter."""

    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.returnPressed.connect(self._emit)

    def event(self, event: QEvent) -> bool:
        # QLineEdit claims Ctrl+Z for its own text undo, and Ctrl+digit as typing; at the table
        # Ctrl+Z undoes a scan and Ctrl+digit opens a page.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or (
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier
                    and Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9
                )
            )
        ):
            event.ignore()
            return True
        return super().event(event)

    def _emit(self) -> None:
        text = self.text()
        self.clear()
        if text.strip():
            self.scanned.emit(text)
