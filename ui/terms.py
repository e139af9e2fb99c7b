"""The station's own words (statuses, results, reasons) in the operator's language.

`station/` names these in Chinese (`LineStatus.label`, `Result.label`, `Reason.label`, ...)
because the records and the printed papers use them; a screen shows them through `term()`.
Each word is listed here once, so that lupdate collects it for the English translation
(a `tr()` of a variable is invisible to lupdate and would stay Chinese).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "terms"

WORDS = (
    # recall lines (station.lab.records.LineStatus)
    QT_TRANSLATE_NOOP("terms", "待找到"),
    QT_TRANSLATE_NOOP("terms", "已找到"),
    QT_TRANSLATE_NOOP("terms", "已单采"),
    QT_TRANSLATE_NOOP("terms", "结果已回"),
    # results (station.lab.records.Result)
    QT_TRANSLATE_NOOP("terms", "阴性"),
    QT_TRANSLATE_NOOP("terms", "阳性"),
    QT_TRANSLATE_NOOP("terms", "无效"),
    # boxes (station.lab.records.BoxStatus)
    QT_TRANSLATE_NOOP("terms", "装箱中"),
    QT_TRANSLATE_NOOP("terms", "已封箱"),
    QT_TRANSLATE_NOOP("terms", "已交接"),
    QT_TRANSLATE_NOOP("terms", "已签收"),
    QT_TRANSLATE_NOOP("terms", "已作废"),
    # why a tube leaves a box
    QT_TRANSLATE_NOOP("terms", "管体破损"),
    QT_TRANSLATE_NOOP("terms", "标签不清"),
    QT_TRANSLATE_NOOP("terms", "错装（非本箱）"),
    QT_TRANSLATE_NOOP("terms", "实物未找到"),
    QT_TRANSLATE_NOOP("terms", "其他"),
    # priority reasons (station.queue.lanes.Reason)
    QT_TRANSLATE_NOOP("terms", "老人"),
    QT_TRANSLATE_NOOP("terms", "孕妇"),
    QT_TRANSLATE_NOOP("terms", "网课学生"),
    QT_TRANSLATE_NOOP("terms", "残障人士"),
    QT_TRANSLATE_NOOP("terms", "婴幼儿"),
    # tickets (station.queue.tickets.TicketState)
    QT_TRANSLATE_NOOP("terms", "等候"),
    QT_TRANSLATE_NOOP("terms", "已叫号"),
    QT_TRANSLATE_NOOP("terms", "已采样"),
    QT_TRANSLATE_NOOP("terms", "过号"),
    QT_TRANSLATE_NOOP("terms", "暂缓"),
    QT_TRANSLATE_NOOP("terms", "作废"),
    # roles (station.access.roles.Role)
    QT_TRANSLATE_NOOP("terms", "录入员"),
    QT_TRANSLATE_NOOP("terms", "录入员（仅录入）"),
    QT_TRANSLATE_NOOP("terms", "分诊"),
    QT_TRANSLATE_NOOP("terms", "站点负责人"),
    QT_TRANSLATE_NOOP("terms", "审计"),
    QT_TRANSLATE_NOOP("terms", "管理员"),
    # pooling (station.core.pooling.PoolingMode)
    QT_TRANSLATE_NOOP("terms", "单采 1:1"),
)


def term(word: str) -> str:
    """`word` in the installed language; itself when there is no translation."""
    return QCoreApplication.translate(CONTEXT, word)


def one_or_many(count: int, one: str, many: str) -> str:
    """`one` (the text for exactly one) or `many` formatted with `count`, both already
    translated: English says "1 person" and "2 people" where Chinese says 1 人 and 2 人. The
    translation is keyed by its source alone, so each form is its own source string."""
    return one if count == 1 else many.format(count)
