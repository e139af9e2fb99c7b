"""The tickets page's table: one row per ticket, coloured by its state, read from TicketList."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from station.queue.ticket_list import TicketLine
from station.queue.tickets import TicketState

ROOT = QModelIndex()
ROW_COLOURS = {  # background, text: the state is readable from across the room
    TicketState.CALLED: ("#ffd400", "#000000"),
    TicketState.SKIPPED: ("#ffe3a8", "#000000"),
    TicketState.HELD: ("#f2a900", "#000000"),
    TicketState.SERVED: ("#ffffff", "#8a8f98"),
    TicketState.DROPPED: ("#ffffff", "#8a8f98"),
}


class TicketsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[TicketLine] = []
        self.headers = [
            self.tr("号码"),
            self.tr("通道"),
            self.tr("状态"),
            self.tr("排位"),
            self.tr("发号"),
            self.tr("已等（分）"),
            self.tr("台号"),
            self.tr("过号次数"),
            self.tr("姓名"),
        ]
        self.words = {
            TicketState.ISSUED: self.tr("等候"),
            TicketState.CALLED: self.tr("已叫号"),
            TicketState.SERVED: self.tr("已采样"),
            TicketState.SKIPPED: self.tr("已过号"),
            TicketState.HELD: self.tr("暂缓"),
            TicketState.DROPPED: self.tr("作废"),
        }

    def set_lines(self, lines: list[TicketLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def row_of(self, number: str) -> int:
        return next((i for i, ln in enumerate(self.lines) if ln.ticket.number == number), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def text(self, line: TicketLine, column: int) -> str:
        t = line.ticket
        if column == 2 and t.state is TicketState.SKIPPED and line.place:
            return self.tr("过号，已回队")
        values = (
            t.number,
            line.lane_name,
            self.words[t.state],
            str(line.place or ""),
            t.issued_at.astimezone().strftime("%H:%M"),
            "" if line.wait is None else str(int(line.wait.total_seconds() // 60)),
            t.table,
            str(t.skips or ""),
            t.masked_name,  # masked, never the full name
        )
        return values[column]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(line, index.column())
        colours = ROW_COLOURS.get(line.ticket.state)
        if colours and role == Qt.ItemDataRole.BackgroundRole:
            return QColor(colours[0])
        if colours and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(colours[1])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None
