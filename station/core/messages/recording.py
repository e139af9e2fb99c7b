"""The recording table (station.recording): its operator messages."""

from __future__ import annotations

from station.core.messages.message import Message

RECORDING: dict[str, Message] = {
    # ----- the table's own rules (station.recording) ------------------------------------------
    "who.tail": Message("尾号{tail}", "ID …{tail}"),
    "mode.single": Message("单采 1:1", "1:1"),
    "mode.pooled": Message("{n}:1", "{n}:1"),
    "cancelled": Message("已取消", "Cancelled"),
    "remove_armed": Message(
        "移除：请扫要移出本管的人", "Remove: scan the person to take out of the tube"
    ),
    "reopen_armed": Message("重开：请扫要重开的已封试管", "Reopen: scan the sealed tube to reopen"),
    "tube_opened.voided": Message("（空管 {tube} 已作废）", " (empty tube {tube} given up)"),
    "tube_opened": Message("新试管 {tube}，{mode}", "New tube {tube}, {mode}"),
    "tube_opened.speech": Message("新管 {n} 混 1", "new tube {n} to 1"),
    "tube_opened.speech.single": Message("单管", "new tube 1 to 1"),
    "tube_opened.parked": Message(
        "（试管 {tube} 暂存，单管封后继续）", " (tube {tube} waits until the single tube is sealed)"
    ),
    "await.retest": Message("等待再扫确认复检", "Waiting for a second scan to confirm the re-test"),
    "await.single": Message("请扫一支新试管作单管", "Scan a new tube for the single"),
    "await.remove": Message("请扫要移除的人", "Scan the person to remove"),
    "await.reopen": Message("请扫要重开的试管", "Scan the tube to reopen"),
    "tube_sealed.back_to": Message(
        "；继续试管 {tube}（{count}/{capacity}）", "; back to tube {tube} ({count}/{capacity})"
    ),
    "duplicate_in_tube": Message("{who} 已在本管中，不能重复加入", "{who} is already in this tube"),
    "retest_confirm": Message(
        "{who} 今天已检测过：在试管 {tube}，复检请再扫一次确认",
        "{who} was tested today in tube {tube}: scan again to confirm a re-test",
    ),
    "retest_confirm.speech": Message(
        "今日已检，复检请再扫", "tested today, scan again for a re-test"
    ),
    "person_added": Message("{who} {count}/{capacity}", "{who} {count}/{capacity}"),
    "person_added.unnamed": Message("已录入 {count}/{capacity}", "Added {count}/{capacity}"),
    "tube_full": Message("，已满封管，请换管", ", full and sealed: take a new tube"),
    "tube_full.speech": Message(" 换", ", change"),
    "region_confirm": Message(
        "地区码 {region} 未收录，请核对证件：无误请再扫一次确认",
        "Region code {region} is not in the lists: check the card, and scan it again to confirm",
    ),
    "region_confirm.speech": Message(
        "地区码未收录，请核对", "region code not listed, check the card"
    ),
    "document_choice": Message(
        # The keys first: the band shows two lines, and the recorder must see them all.
        "按键选证件：{keys}（{number} 不是本实验室试管：{pattern}）",
        "Which document is it? Press {keys} ({number} is no tube of this lab: {pattern})",
    ),
    "document_choice.key": Message("{key} {label}", "{key} {label}"),
    "document_choice.between": Message(" ", "  "),
    "document_choice.speech": Message("请按键选择证件类型", "press a key for the document type"),
    "not_in_tube": Message("此人不在当前试管中", "This person is not in the open tube"),
    "removed_by_scan": Message("扫码移除", "removed by scan"),
    # ----- the table's corrections (station.recording.corrections) ----------------------------
    "mode_set": Message("本管改为 {mode}", "This tube is now {mode}"),
    "mode_set.speech": Message("{n} 混 1", "{n} to 1"),
    "next_mode": Message("下一管：{mode}", "Next tube: {mode}"),
    "next_mode.speech": Message("下一管 {n} 混 1", "next tube {n} to 1"),
    "sealed.under_filled": Message(
        "（未满 {count}/{capacity}）", " (under-filled {count}/{capacity})"
    ),
    "sealed": Message("已封管 {tube}", "Sealed {tube}"),
    "sealed.speech": Message("封管 {count} 人", "sealed, {count}"),
    "nothing_to_undo": Message(
        "没有可撤销的操作（已封的管需负责人重开）",
        "Nothing to undo (a sealed tube must be reopened by the site lead)",
    ),
    "tube_voided": Message("已撤销空管 {tube}", "Empty tube {tube} given up"),
    "person_removed.undo": Message("已撤销：{who} 移出 {tube}", "Undone: {who} out of {tube}"),
    "person_removed.undo.speech": Message("撤销 {left}", "undone, {left}"),
    "person_removed": Message("已移除 {who}：{why}", "Removed {who}: {why}"),
    "person_removed.speech": Message("移除 {left}", "removed, {left}"),
    "not_in_tube.any": Message("此人不在任何打开的试管中", "This person is in no open tube"),
    "unknown_person": Message("查无此人", "Unknown person"),
    "target_not_open": Message("目标试管 {tube} 未打开", "Target tube {tube} is not open"),
    "same_tube": Message("已在该试管中", "Already in that tube"),
    "person_moved": Message(
        "已将 {who} 从 {source} 移到 {target}", "Moved {who} from {source} to {target}"
    ),
    "reopened": Message(
        "已重开试管 {tube}（{count}/{capacity}）", "Reopened tube {tube} ({count}/{capacity})"
    ),
    "reopened.speech": Message("重开 {count}", "reopened, {count}"),
    "reopen_confirm": Message(
        "确认重开 {tube}（{count} 人）？再扫一次此管确认",
        "Reopen {tube} ({count:person})? Scan it again to confirm",
    ),
    "reopen_confirm.speech": Message("确认重开", "confirm reopen"),
    # ----- the table's rules (station.recording.rules) ------------------------------------------
    "tube_at_capacity": Message(
        "试管 {tube} 已满（{count}/{capacity}）：请先移除一人，或扫「封管」",
        "Tube {tube} is full ({count}/{capacity}): remove someone first, or scan SEAL",
    ),
    "single_required": Message(
        "{who} 需单采（{why}）：请扫一支新试管作单管",
        "{who} must go single ({why}): scan a new tube for a single",
    ),
    "single_required.unnamed": Message(
        "此人 需单采（{why}）：请扫一支新试管作单管",
        "This person must go single ({why}): scan a new tube for a single",
    ),
    "single_required.document": Message("证件为{document}", "document is {document}"),
    "single_required.flagged": Message("已标记单采", "flagged for single sampling"),
    "tube_not_full": Message(
        "试管 {tube} 未满（{count}/{capacity}）：请继续扫人，或先扫「封管」再换管",
        "Tube {tube} is not full ({count}/{capacity}): "
        "keep scanning people, or scan SEAL before a new tube",
    ),
    "tube_already_open": Message(
        "试管 {tube} 已打开（{count}/{capacity}），请扫人员码",
        "Tube {tube} is already open ({count}/{capacity}): scan people",
    ),
    "tube_used": Message(
        "试管 {tube} 已使用过（{state}，{table} 号台），请换一支新试管",
        "Tube {tube} was used before ({state}, table {table}): take a new tube",
    ),
    "tube_state.open": Message("在用", "in use"),
    "tube_state.sealed": Message("已封管", "sealed"),
    "tube_state.voided": Message("已作废", "given up"),
    "no_open_tube": Message("没有打开的试管", "No open tube"),
    "seal_empty": Message(
        "试管 {tube} 是空管，不能封管（要换管请扫新试管或撤销）",
        "Tube {tube} is empty and cannot be sealed (scan a new tube or undo)",
    ),
    "not_sealed": Message("试管 {tube} 不是已封的试管", "Tube {tube} is not a sealed tube"),
    "not_sealed.reopen": Message(
        "试管 {tube} 不是已封的试管，不能重开",
        "Tube {tube} is not sealed",
    ),
    "no_reason.remove": Message("请选择移除原因", "Choose a reason for the removal"),
    "no_reason.move": Message("请选择移管原因", "Choose a reason for the move"),
    "tube_expected": Message(
        "请先扫试管条码，再扫人员码",
        "Scan a tube barcode first, then people",
    ),
    "no_choice": Message("没有待选择的证件", "No document choice is waiting"),
    "bad_choice": Message("请按 1-{last} 选择证件类型", "Press 1-{last} for the document type"),
    "box_at_table": Message(
        "箱码 {box}：请在装箱界面扫描，录入台只收试管和人员",
        "Box {box}: scan boxes at packing; this table takes tubes and people",
    ),
    "command_unavailable": Message(
        "本站未启用指令 {command}", "Command {command} is not available at this station"
    ),
}
