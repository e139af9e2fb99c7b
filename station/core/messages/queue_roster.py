"""The queue at a table and a household from the roster: their operator messages."""

from __future__ import annotations

from station.core.messages.message import Message

QUEUE_ROSTER: dict[str, Message] = {
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
        "{label}, {size:person}: {listing} — Enter or scan again to add all; "
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
}
