"""The table's correction keys: F2 details, F4 mode, F8 remove, F9 move, F10 reopen.

Each asks the signed-in role first, opens its dialog (imported on first use), and hands the
service's outcome back to the window to show and say.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from station.access.roles import Permission
from station.core.errors import OperatorError
from station.core.pooling import PoolingMode
from station.recording import Outcome, Status

if TYPE_CHECKING:
    from ui.recording.window import RecorderWindow

MODE_CYCLE = [PoolingMode.TEN, PoolingMode.TWENTY, PoolingMode.FIVE, PoolingMode.SINGLE]


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecorderWindow", text)


class Corrections:
    """The keys' actions for one window (bound in RecorderWindow._shortcuts)."""

    def __init__(self, window: RecorderWindow) -> None:
        self.window = window
        self.service = window.service

    def _permitted(self, permission: Permission) -> bool:
        """A key's action the signed-in role may not do is refused before any dialog opens."""
        try:
            self.service.require(permission)
        except OperatorError as error:
            self.window.show_outcome(self.window.refusal(error))
            return False
        return True

    def _refuse(self, text: str) -> None:
        self.window.show_outcome(Outcome(Status.ERROR, "command", text))

    def cycle_mode(self) -> None:
        current = self.service.next_mode
        following = MODE_CYCLE[(MODE_CYCLE.index(current) + 1) % len(MODE_CYCLE)]
        self.window.run(lambda: self.service.set_mode(following))

    def members(self) -> list[tuple[str, str]]:
        return [(m.person_id, m.name) for m in self.service.view().members]

    def details(self) -> None:
        if not self._permitted(Permission.ADD_DETAILS):
            return
        from ui.recording.correction_dialogs import DetailsDialog

        outcome = self.window.last_outcome
        if outcome is None or not outcome.person_id:
            self._refuse(_tr("先扫一个人，再补录"))
            return
        window = self.window
        DetailsDialog(self.service, outcome.person_id, window.slip_printer, window).exec()
        window.show_table_page()

    def _on_members(self, dialog_type: Any, act: Callable[[Any], None]) -> None:
        """Remove or move: a dialog over the open tube's people, then the service's answer."""
        members = self.members()
        if not members:
            self._refuse(_tr("当前试管没有人"))
            return
        dialog = dialog_type(members, self.window)
        if dialog.exec():
            act(dialog)
        self.window.show_table_page()

    def remove(self) -> None:
        if not self._permitted(Permission.CORRECT):
            return
        from ui.recording.correction_dialogs import RemoveDialog

        def act(dialog: RemoveDialog) -> None:
            person_id, reason = dialog.choice()
            self.window.run(lambda: self.service.remove(person_id, reason))

        self._on_members(RemoveDialog, act)

    def move(self) -> None:
        if not self._permitted(Permission.CORRECT):
            return
        from ui.recording.correction_dialogs import MoveDialog

        def act(dialog: MoveDialog) -> None:
            person_id, target, reason = dialog.choice()
            self.window.run(lambda: self.service.move(person_id, target, reason))

        self._on_members(MoveDialog, act)

    def reopen(self) -> None:
        if not self._permitted(Permission.CORRECT):
            return
        from ui.recording.correction_dialogs import ReopenDialog

        dialog = ReopenDialog(self.window)
        if dialog.exec():
            barcode = dialog.barcode()
            self.window.run(lambda: self.service.reopen(barcode))
        self.window.show_table_page()
