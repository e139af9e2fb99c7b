"""Boxes and recall at the table: their operator messages."""

from __future__ import annotations

from station.core.messages.message import Message

LAB: dict[str, Message] = {
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
    "box_opened": Message("新箱 {box}，可装 {capacity} 管", "New box {box}, holds {capacity:tube}"),
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
