"""The operator's messages in one catalogue: each has a code, a Chinese and an English template
with named fields, and `say` renders a code in the station's language. The window and the
headless commands both word their outcomes through here; no other module picks zh or en."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from station.core.counts import counted
from station.core.errors import OperatorError


@dataclass(frozen=True)
class Message:
    """One operator message: the same named fields in both languages."""

    zh: str
    en: str


def english(language: str) -> bool:
    """Whether a language setting asks for English (the default is Simplified Chinese)."""
    return language.startswith("en")


class _Formatter(string.Formatter):
    """`str.format`, and a noun as the format spec counts in English words: "{count:tube}"
    gives "1 tube", "3 tubes" (station.core.counts)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if len(format_spec) > 1 and format_spec.replace(" ", "").isalpha():
            return counted(value, format_spec)  # type: ignore[arg-type]  # a count, or a dummy
        return super().format_field(value, format_spec)  # type: ignore[no-any-return]


_FORMAT = _Formatter()


@runtime_checkable
class Named(Protocol):
    """Something with a name in both languages (a document type, a role)."""

    @property
    def label_zh(self) -> str: ...

    @property
    def label_en(self) -> str: ...


def name_of(thing: Named, language: str) -> str:
    """The name of `thing` in `language`."""
    return thing.label_en if english(language) else thing.label_zh


@dataclass(frozen=True)
class Said:
    """A field that is itself a catalogue message, said in the language of the message around
    it (a refusal carries both languages, so its fields cannot be words of one)."""

    code: str
    fields: dict[str, object]

    @classmethod
    def of(cls, code: str, **fields: object) -> Said:
        return cls(code, fields)


def _field(value: object, language: str) -> object:
    if isinstance(value, Said):
        return say(value.code, language, **value.fields)
    if isinstance(value, Named):
        return name_of(value, language)
    if callable(value):  # words that take the language, e.g. a barcode pattern's `describe`
        return value(language)
    return value


def say(code: str, language: str, **fields: object) -> str:
    """The message `code` in `language`, its fields filled in: a `Said` field in the same
    language, a `Named` one (a document type) by its name in that language, a callable one
    called with the language."""
    message = CATALOGUE[code]
    values = {name: _field(value, language) for name, value in fields.items()}
    return _FORMAT.format(message.en if english(language) else message.zh, **values)


def refused(code: str, *, error: str | None = None, **fields: object) -> OperatorError:
    """An OperatorError carrying catalogue message `code` in both languages; its error code is
    `error` when the outcome's code differs from the message's."""
    zh, en = say(code, "zh", **fields), say(code, "en", **fields)
    return OperatorError(zh, en, code=error or code)


CATALOGUE: dict[str, Message] = {
    "list.separator": Message("、", ", "),  # between the names of a list in a message
    # ----- the queue at a table (station.queue.scan) ------------------------------------------
    "ticket_served": Message("{number} 已到：请扫人员码", "{number} is here: scan their code"),
    "queue_empty": Message("无人等候", "Nobody waiting"),
    "queue_empty.after_skip": Message("；无人等候", "; nobody waiting"),
    "ticket_skipped": Message("{number} 过号", "{number} skipped"),
    "called": Message("叫号 {number}", "Calling {number}"),
    "called.named": Message("叫号 {number}（{masked}）", "Calling {number} ({masked})"),
    # ----- a household from the roster (station.roster.households) ------------------------------
    "household.bad_code": Message("户码已损坏：{text}", "Damaged household code: {text}"),
    "household.unknown": Message(
        "户码不在本点名单中（或该户无人）",
        "Household code not on this site's roster (or nobody lives there)",
    ),
    "household.bad_number": Message(
        "没有序号 {number}（1-{size}）", "No member number {number} (1-{size})"
    ),
    "household.tested_today": Message("（今日已检）", " (tested today)"),
    "household_listed": Message(
        "{label} 共 {size} 人：{listing} — 回车或再扫户码全部加入；按序号移除未到的人",
        "{label}, {size} people: {listing} — Enter or scan again to add all; "
        "type a number to drop someone absent",
    ),
    "household_listed.speech": Message("一户 {size} 人", "household of {size}"),
    "household_empty": Message("该户已无人待加入", "Nobody left in this household"),
    "household_added": Message(
        "{label} 已加入 {added} 人：{names}；{last}", "{label}: added {added}: {names}; {last}"
    ),
    "household_continues.done": Message("已加入 {added} 人；", "{added} added; "),
    "household_single_next.ask": Message(
        "{person} 需单采：请扫一支新试管作单管",
        "{person} must go single: scan a new tube for a single",
    ),
    "household_continues.ask": Message("请扫新试管", "scan a new tube"),
    "household_continues.rest": Message("，继续加入：{rest}", " to continue with: {rest}"),
    "household_continues.speech": Message("换管 还有 {left} 人", "new tube, {left} left"),
    "household_stopped": Message(
        "已加入 {added} 人；{why}；待加入：{rest}（扫新试管继续，或扫取消）",
        "Added {added}; {why}; waiting: {rest} (scan a new tube to continue, or CANCEL)",
    ),
    # ----- closing, handing over and receiving a box (station.lab.handover) ---------------------
    "no_open_box": Message("没有打开的转运箱：请先扫箱码", "No open box: scan a box barcode first"),
    "bad_count.negative": Message("清点数量不能为负", "The count cannot be negative"),
    "box_empty": Message("箱 {box} 是空箱，不能封箱", "Box {box} is empty"),
    "bad_count.over": Message(
        "清点 {counted} 管超过箱 {box} 的容量 {capacity} 管：请重新清点",
        "A count of {counted} exceeds box {box}'s {capacity} places: count again",
    ),
    "box_mismatch": Message(
        "箱 {box} 数量不符：系统 {count} 管，清点 {counted} 管。"
        "请找到缺少的管扫入，或取出多余的管并写明原因；核对一致前不能交接",
        "Box {box} count mismatch: system {count}, counted {counted}. "
        "Scan the missing tube or take one out with a reason; no handover until then",
    ),
    "box_mismatch.speech": Message("数量不符", "count mismatch"),
    "box_closed": Message(
        "已封箱 {box}，{count} 管，数量一致", "Closed box {box}: {count:tube}, count matches"
    ),
    "box_closed.speech": Message("封箱 {count} 管", "box closed, {count}"),
    "no_transporter": Message("请填写转运人姓名或扫工牌", "Enter the transporter's name or badge"),
    "box_unknown": Message("查无此箱 {box}", "Unknown box {box}"),
    "box_not_closed": Message(
        "箱 {box} 未封箱，请先清点封箱", "Box {box} is not closed: count and close it first"
    ),
    "box_mismatch.handover": Message(
        "箱 {box} 数量不符（系统 {count}，清点 {counted}），不能交接",
        "Box {box} count mismatch (system {count}, counted {counted}): no handover",
    ),
    "box_handed_over.already": Message("箱 {box} 已交接过", "Box {box} was handed over already"),
    "box_handed_over": Message(
        "箱 {box} 已交接给 {name}（{count} 管）", "Box {box} handed to {name} ({count:tube})"
    ),
    "box_received_already": Message("箱 {box} 已签收过", "Box {box} was received already"),
    "box_not_handed": Message("箱 {box} 还未交接，不能签收", "Box {box} has not been handed over"),
    "box_received": Message("实验室已签收箱 {box}", "Lab received box {box}"),
    # ----- packing boxes (station.lab.boxes) ---------------------------------------------------
    "not_for_packing": Message(
        "装箱只收箱码和试管条码", "Packing takes box and tube barcodes only"
    ),
    "box_current": Message(
        "箱 {box} 装箱中（{count}/{capacity}）", "Box {box} is being packed ({count}/{capacity})"
    ),
    "box_in_work.mismatch": Message(
        "箱 {box} 数量不符（系统 {count} 管，清点 {counted} 管）：核对一致后再开新箱",
        "Box {box} count mismatch (system {count}, counted {counted}): reconcile it first",
    ),
    "box_in_work.open": Message(
        "箱 {box} 还未封箱（{count} 管）：请先封箱再开新箱",
        "Box {box} is not closed ({count:tube}): close it before opening another",
    ),
    "box_opened": Message(
        "新箱 {box}，可装 {capacity} 管", "New box {box}, holds {capacity} tubes"
    ),
    "box_opened.speech": Message("新箱", "new box"),
    "box_full": Message(
        "箱 {box} 已满（{count}/{capacity}），请封箱",
        "Box {box} is full ({count}/{capacity}): close it",
    ),
    "tube_packed": Message(
        "已装箱 {tube} → {box}（{count}/{capacity}）",
        "Packed {tube} into {box} ({count}/{capacity})",
    ),
    "tube_packed.matches": Message("，数量已一致", ", count now matches"),
    "tube_packed.counted": Message("，清点 {counted}", ", counted {counted}"),
    "tube_packed.speech": Message("装箱 {count}", "packed {count}"),
    "tube_unknown.packing": Message(
        "试管 {tube} 未在本点登记，不能装箱",
        "Tube {tube} was never recorded at this site: it cannot be packed",
    ),
    "tube_not_sealed": Message(
        "试管 {tube} 未封管（{count}/{capacity}），请先封管再装箱",
        "Tube {tube} is not sealed ({count}/{capacity}): seal it first",
    ),
    "tube_voided.packing": Message("试管 {tube} 已作废，不能装箱", "Tube {tube} was given up"),
    "tube_in_box": Message("试管 {tube} 已在箱 {box} 中", "Tube {tube} is already in box {box}"),
    "no_reason.unpack": Message("请填写取出原因", "Give a reason for taking the tube out"),
    "not_in_box": Message("试管 {tube} 不在箱 {box} 中", "Tube {tube} is not in box {box}"),
    "tube_unpacked": Message("已从箱 {box} 取出 {tube}：{why}", "Took {tube} out of {box}: {why}"),
    "no_reason.void": Message("请填写作废原因", "Give a reason for voiding the box"),
    "box_not_empty": Message(
        "箱 {box} 里还有 {count} 管，不能作废：请先取出（写明原因）",
        "Box {box} still holds {count:tube}: take them out first",
    ),
    "box_voided": Message("空箱 {box} 已作废：{why}", "Empty box {box} voided: {why}"),
    # ----- recalled people at the table (station.lab.recall) ----------------------------------
    "not_recalled": Message("此人不在该召回名单中", "Not on this recall list"),
    "recall_resample": Message(
        "阳性混管召回人员 {person}（阳性管 {tubes}）：请扫一支新试管单采 1:1",
        "{person} is recalled from a positive pool ({tubes}): scan a new tube for a single re-test",
    ),
    "recall_resample.speech": Message("召回人员，请单管采样", "recalled person, single tube"),
    "recall_resampled": Message(
        "召回复核单管：{outcome}", "Recall re-test, single tube: {outcome}"
    ),
    "recall_resampled.speech": Message("复核单管", "single re-test"),
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
        "Reopen {tube} ({count} people)? Scan it again to confirm",
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
    "bad_box_pattern": Message(
        "箱码 {box} 不符合本点箱码规则（{pattern}）",
        "Box barcode {box} does not match this site's box pattern ({pattern})",
    ),
    "box_used": Message(
        "箱码 {box} 已使用过（{table} 号台，{state}），请换一个新箱",
        "Box {box} was used before (table {table}, {state}): take a new box",
    ),
    "box_state.open": Message("装箱中", "open"),
    "box_state.closed": Message("已封箱", "closed"),
    "box_state.handed_over": Message("已交接", "handed_over"),
    "box_state.received": Message("已签收", "received"),
    "box_state.voided": Message("已作废", "voided"),
}
