"""The window's pages: the table first, then each feature's page under its key (Ctrl+2 …).

A page may be given ready-built or as a builder: a builder runs the first time its page is
asked for (its key pressed, or `page(key)`), so a page nobody opens costs the start nothing,
not even the import of its module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QSizePolicy, QStackedWidget, QWidget

from station.recording import Outcome


@runtime_checkable
class ScanPage(Protocol):
    """A page that takes some scans itself (a box on the boxes page, a ticket on the tickets
    page): the outcome to show, or None for a scan that is not for the page (it is recorded)."""

    def take_scan(self, text: str) -> Outcome | None: ...


@runtime_checkable
class BusyPage(Protocol):
    """A page that may be in the middle of long work when the window is closed."""

    def close_warning(self) -> str | None: ...  # what closing now would interrupt; None: idle

    def stop(self) -> None: ...  # end the work cleanly, waiting for it


@dataclass
class _Slot:
    title: str
    build: Callable[[], QWidget] | None
    page: QWidget | None = None


class PageStack(QStackedWidget):
    """The table page at index 0; the features' pages by key, built when first asked for."""

    def __init__(self, table: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addWidget(table)
        self._slots: dict[str, _Slot] = {}
        # No page, however wide its text, widens the window or pushes the band off it.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def add(self, key: str, title: str, page: QWidget | Callable[[], QWidget]) -> None:
        if isinstance(page, QWidget):
            self._slots[key] = _Slot(title, None)
            self._mount(key, page)
        else:
            self._slots[key] = _Slot(title, page)

    def _mount(self, key: str, page: QWidget) -> QWidget:
        slot = self._slots[key]
        slot.page, slot.build = page, None
        page.setProperty("title", slot.title)
        self.addWidget(page)
        return page

    def page(self, key: str) -> QWidget:
        """The page under `key`, built now if it never was."""
        slot = self._slots[key]
        if slot.page is not None:
            return slot.page
        assert slot.build is not None
        return self._mount(key, slot.build())

    def built(self, key: str) -> bool:
        return self._slots[key].page is not None

    def keys(self) -> list[str]:
        return list(self._slots)

    def titles(self) -> list[str]:
        return [f"{key} {slot.title}" for key, slot in self._slots.items()]

    def built_pages(self) -> list[QWidget]:
        return [slot.page for slot in self._slots.values() if slot.page is not None]


def may_close(parent: QWidget, pages: list[QWidget]) -> bool:
    """Closing while a page still works (a roster import): ask, then stop it cleanly instead
    of leaving the process writing on, unseen, after the window is gone. False: stay open."""
    for page in pages:
        if not isinstance(page, BusyPage):
            continue
        agreed: str | None = None
        # The work goes on while the question is open: asked again if what closing would
        # interrupt changed meanwhile (the check ended and writing began).
        while (warning := page.close_warning()) is not None and warning != agreed:
            answer = QMessageBox.question(
                parent,
                QCoreApplication.translate("RecorderWindow", "仍在工作"),
                warning + "\n\n" + QCoreApplication.translate("RecorderWindow", "仍要关闭吗？"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            agreed = warning
        page.stop()
    return True
