<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../audit/page.py" line="46" />
        <source>全部操作</source>
        <translation>All actions</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="49" />
        <source>操作员编号</source>
        <translation>Operator id</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="50" />
        <source>按日期</source>
        <translation>By date</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="57" />
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="58" />
        <source>校验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="59" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="85" />
        <source>审计日志</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="116" />
        <source>共 {0} 条</source>
        <translation>{0} entries</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="122" />
        <source>日志被改动：</source>
        <translation>The trail was changed:</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="125" />
        <source>校验通过：{0} 条，链与签名完整</source>
        <translation>Verified: {0} entries, chain and signatures intact</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="130" />
        <source>已导出 {0} 条</source>
        <translation>Exported {0} entries</translation>
    </message>
    <message>
        <location filename="../audit/page.py" line="135" />
        <source>导出审计日志</source>
        <translation>Export the audit trail</translation>
    </message>
</context>
<context>
    <name>BoxesPage</name>
    <message>
        <location filename="../lab/boxes_page.py" line="57" />
        <source>装箱与交接</source>
        <translation>Boxes and handover</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="61" />
        <source>扫箱码开箱，再扫已封的试管装箱</source>
        <translation>Scan a box barcode to open a box, then scan sealed tubes into it</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="67" />
        <source>扫箱码或试管条码</source>
        <translation>Scan a box or tube barcode</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="70" />
        <source>清点实物数量，回车封箱</source>
        <translation>Tubes counted in hand, Enter closes the box</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="73" />
        <source>要取出的试管条码</source>
        <translation>Tube barcode to take out</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="78" />
        <location filename="../lab/boxes_page.py" line="103" />
        <source>取出</source>
        <translation>Take out</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="81" />
        <source>转运人姓名或扫工牌</source>
        <translation>Transporter's name or badge scan</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="83" />
        <source>转运人电话</source>
        <translation>Transporter's phone</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="86" />
        <source>交接箱码（空：刚封的箱）</source>
        <translation>Box to hand over (empty: the box just closed)</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="87" />
        <source>交接并打印交接单</source>
        <translation>Hand over and print the manifest</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="90" />
        <source>实验室签收：扫箱码</source>
        <translation>Lab receipt: scan the box</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="93" />
        <source>作废空箱：填写原因，回车</source>
        <translation>Void the empty box: give a reason, Enter</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="95" />
        <source>作废空箱</source>
        <translation>Void empty box</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="99" />
        <source>装箱</source>
        <translation>Pack</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="101" />
        <source>封箱</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="107" />
        <source>交接</source>
        <translation>Handover</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="112" />
        <source>签收</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="114" />
        <source>作废</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="120" />
        <source>箱码</source>
        <translation>Box</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="120" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="120" />
        <source>管数</source>
        <translation>Tubes</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="120" />
        <source>清点</source>
        <translation>Counted</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="120" />
        <source>转运人</source>
        <translation>Transporter</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="167" />
        <source>请输入清点的实物数量（数字）</source>
        <translation>Type the number of tubes counted in hand</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="194" />
        <source>；交接单：</source>
        <translation>; manifest: </translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="228" />
        <source>没有装箱中的箱</source>
        <translation>No box being packed</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="233" />
        <source>  清点 {0}：数量不符</source>
        <translation>  counted {0}: mismatch</translation>
    </message>
    <message>
        <location filename="../lab/boxes_page.py" line="236" />
        <source>箱 {0}  {1}/{2}</source>
        <translation>Box {0}  {1}/{2}</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../queue/call_panel.py" line="67" />
        <source>叫号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../queue/call_panel.py" line="68" />
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../queue/call_panel.py" line="69" />
        <source>过号</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../queue/call_panel.py" line="108" />
        <source>当前楼栋：</source>
        <translation>Building now: </translation>
    </message>
    <message>
        <location filename="../queue/call_panel.py" line="111" />
        <source>本台未叫号</source>
        <translation>No ticket called here</translation>
    </message>
    <message>
        <location filename="../queue/call_panel.py" line="114" />
        <source>本台：</source>
        <translation>This table: </translation>
    </message>
</context>
<context>
    <name>CoveragePage</name>
    <message>
        <location filename="../roster/coverage_page.py" line="108" />
        <source>导出轮次报表…</source>
        <translation>Export round report…</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="124" />
        <source>保存轮次报表</source>
        <translation>Save the round report</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="124" />
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="134" />
        <source>报表已写入 {0}</source>
        <translation>Report written to {0}</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="142" />
        <source>轮次 {0}：已检 {1} / 应检 {2}（{3:.0%}），未检 {4}</source>
        <translation>Round {0}: tested {1} / {2} ({3:.0%}), {4} not yet</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="154" />
        <source>今日每小时检测人数</source>
        <translation>People tested per hour today</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="155" />
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="179" />
        <source>各楼栋覆盖（已检 / 未检）</source>
        <translation>Coverage by building (tested / not yet)</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="180" />
        <source>已检</source>
        <translation>Tested</translation>
    </message>
    <message>
        <location filename="../roster/coverage_page.py" line="182" />
        <source>未检</source>
        <translation>Not yet tested</translation>
    </message>
</context>
<context>
    <name>DetailsDialog</name>
    <message>
        <location filename="../recording/correction_dialogs.py" line="153" />
        <source>补录姓名和电话</source>
        <translation>Name and phone</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="159" />
        <source>证件</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="161" />
        <location filename="../recording/correction_dialogs.py" line="166" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="164" />
        <source>手机号</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="167" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="169" />
        <source>Enter 保存并打印个人码（无打印机时保存为 PDF）</source>
        <translation>Enter saves and prints the personal code (saved as PDF when there is no printer)</translation>
    </message>
</context>
<context>
    <name>DrillStrip</name>
    <message>
        <location filename="../training/drill.py" line="84" />
        <source>模拟扫码枪：Ctrl+8 取一支新试管   Ctrl+9 扫居民出示的码   Ctrl+0 跳过此步（培训员）</source>
        <translation>Simulated scanner: Ctrl+8 a new tube   Ctrl+9 what the resident holds   Ctrl+0 skip this step (trainer)</translation>
    </message>
    <message>
        <location filename="../training/drill.py" line="158" />
        <source>演练结束</source>
        <translation>Drill finished</translation>
    </message>
    <message>
        <location filename="../training/drill.py" line="164" />
        <source>刷身份证</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <location filename="../training/drill.py" line="164" />
        <source>个人码卡</source>
        <translation>personal code card</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <location filename="../feedback.py" line="20" />
        <source>未检测到音频输出设备：没有提示音，也没有语音播报，请看屏幕的颜色和文字（接上音箱或耳机后重新打开本程序）</source>
        <translation>No audio output device: no tones and no speech; watch the screen's colours and text (connect a speaker or headphones, then restart the program)</translation>
    </message>
    <message>
        <location filename="../feedback.py" line="29" />
        <source>未找到中文语音，只播放提示音（安装 speech-dispatcher 与 espeak-ng 可播报姓名和人数）</source>
        <translation>No Chinese voice found: tones only (install speech-dispatcher and espeak-ng to hear names and counts)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../access/dialogs.py" line="77" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="80" />
        <source>已锁屏（{0}）。换人或继续：请登录</source>
        <translation>Locked ({0}). To hand over or go on: sign in</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="81" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="82" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <location filename="../recording/correction_dialogs.py" line="93" />
        <source>移管：选择人员，扫目标试管</source>
        <translation>Move: choose the person, scan the target tube</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="98" />
        <source>扫目标试管条码（须已打开）</source>
        <translation>Scan the target tube (must be open)</translation>
    </message>
</context>
<context>
    <name>PageGuard</name>
    <message>
        <location filename="../access/gate.py" line="36" />
        <source>未登录</source>
        <translation>nobody signed in</translation>
    </message>
    <message>
        <location filename="../access/gate.py" line="37" />
        <source>{0}无权查看此页</source>
        <translation>{0}: not allowed to see this page</translation>
    </message>
</context>
<context>
    <name>QueueDisplay</name>
    <message>
        <location filename="../queue/display.py" line="61" />
        <source>叫号屏</source>
        <translation>Queue display</translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="68" />
        <source>核酸采样点</source>
        <translation>Testing site</translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="83" />
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="88" />
        <source>最近叫号</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="101" />
        <source>排队情况</source>
        <translation>Lines</translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="192" />
        <location filename="../queue/display.py" line="206" />
        <source>过号</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="214" />
        <source>当前楼栋：</source>
        <translation>Building now: </translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="216" />
        <source>下一批：</source>
        <translation>next: </translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="231" />
        <source>等候 </source>
        <translation>Waiting </translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="233" />
        <source>人 · 约 </source>
        <translation> · about </translation>
    </message>
    <message>
        <location filename="../queue/display.py" line="235" />
        <source>分钟</source>
        <translation>min</translation>
    </message>
</context>
<context>
    <name>RecallBanner</name>
    <message>
        <location filename="../lab/recall_banner.py" line="64" />
        <source>⚠ 阳性召回 {0} 管，{1} 人未出复核结果，距 6 小时目标 {2}</source>
        <translation>⚠ Positive recall: {0} tubes, {1} people without a re-test result, {2} left of the 6-hour target</translation>
    </message>
</context>
<context>
    <name>RecallPage</name>
    <message>
        <location filename="../lab/recall_page.py" line="107" />
        <source>阳性管</source>
        <translation>Positive tube</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="109" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="110" />
        <source>楼栋/单元/房号</source>
        <translation>Building / unit / room</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="108" />
        <source>姓名/证件</source>
        <translation>Name / document</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="111" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="112" />
        <source>复核管</source>
        <translation>Re-test tube</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="126" />
        <source>已找到（F12）</source>
        <translation>Found (F12)</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="129" />
        <source>导出名单（脱敏）</source>
        <translation>Export list (masked)</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="131" />
        <source>导出完整手机号…</source>
        <translation>Export full phone numbers…</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="133" />
        <source>显示完整号码（F11）</source>
        <translation>Show full number (F11)</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="179" />
        <source>没有进行中的阳性召回</source>
        <translation>No open positive recall</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="186" />
        <source>⚠ 混管阳性召回：{0} 管 {1} 人，{2} 人未出复核结果</source>
        <translation>⚠ Positive pool recall: {0} tubes, {1} people, {2} without a re-test result</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="200" />
        <source>  即将超时！</source>
        <translation>  target near!</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="200" />
        <source>  已超时！</source>
        <translation>  overdue!</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="202" />
        <source>已用 {0} / 目标 {1}</source>
        <translation>Elapsed {0} / target {1}</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="244" />
        <source>（名单无地址）</source>
        <translation>(no address in roster)</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="217" />
        <source>混管阳性召回，请立即查看召回名单</source>
        <translation>Positive pool recall: open the recall list now</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="42" />
        <source>导出事由</source>
        <translation>Export reason</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="43" />
        <source>导出名单的事由（将印在文件上并记入审计日志）：</source>
        <translation>Why the list leaves the station (printed on the file, kept in the audit trail):</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="218" />
        <source>阳性召回即将超过六小时，请加快复核</source>
        <translation>The positive recall nears six hours: hurry the re-tests</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="219" />
        <source>阳性召回已超过六小时</source>
        <translation>The positive recall has passed six hours</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="220" />
        <source>阳性召回仍未完成</source>
        <translation>The positive recall is still open</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="268" />
        <location filename="../lab/recall_page.py" line="290" />
        <source>请先选中一人</source>
        <translation>Select a person first</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="297" />
        <source>导出完整手机号属于敏感信息导出，将记录操作人、时间和人数。确定导出？</source>
        <translation>Full phone numbers are sensitive: the export is logged with who, when and how many. Export?</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="299" />
        <location filename="../lab/recall_page.py" line="307" />
        <source>已取消导出</source>
        <translation>Export cancelled</translation>
    </message>
    <message>
        <location filename="../lab/recall_page.py" line="329" />
        <source>已导出 {0} 人：{1}</source>
        <translation>Exported {0} people: {1}</translation>
    </message>
</context>
<context>
    <name>RecorderWindow</name>
    <message>
        <location filename="../recording/window.py" line="56" />
        <source>核酸采样录入站</source>
        <translation>NAT Station</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="316" />
        <source>请扫试管条码</source>
        <translation>Scan a tube barcode</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="118" />
        <source>扫码：试管 / 个人码 / 身份证号 / 指令</source>
        <translation>Scan: tube / personal code / ID number / command</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="95" />
        <source>F2 补录姓名电话/打印个人码   F3 封管   F4 切换混采   F8 移除   F9 移管   F10 重开   Ctrl+Z 撤销   Esc 返回录入</source>
        <translation>F2 Name/phone, print code   F3 Seal   F4 Pooling mode   F8 Remove   F9 Move   F10 Reopen   Ctrl+Z Undo   Esc Back to recording</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="201" />
        <source>召回</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="202" />
        <source>装箱交接</source>
        <translation>Boxes &amp; handover</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="203" />
        <source>检测结果</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="204" />
        <source>花名册</source>
        <translation>Roster</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="205" />
        <source>覆盖统计</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="206" />
        <source>排队号码</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../recording/page_stack.py" line="101" />
        <source>仍在工作</source>
        <translation>Still working</translation>
    </message>
    <message>
        <location filename="../recording/page_stack.py" line="102" />
        <source>仍要关闭吗？</source>
        <translation>Close anyway?</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="241" />
        <source>窗口未关闭，扫码未录入：请先完成或按 Esc 关闭窗口，再扫一次</source>
        <translation>A window is open, the scan was not recorded: finish it or press Esc, then scan again</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="317" />
        <source>请扫人员码</source>
        <translation>Scan people</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="325" />
        <source>已恢复试管 {tube} · {count}/{capacity}</source>
        <translation>Tube {tube} restored · {count}/{capacity}</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="329" />
        <source> · 最后一人 {person}</source>
        <translation> · last person {person}</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="343" />
        <source>录入员 {0}</source>
        <translation>Recorder {0}</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="343" />
        <source>未设置录入员</source>
        <translation>No recorder set</translation>
    </message>
    <message>
        <location filename="../recording/window.py" line="345" />
        <source>{site} · {table} 号台 · {recorder} · 轮次 {round} · {now}</source>
        <translation>{site} · table {table} · {recorder} · round {round} · {now}</translation>
    </message>
</context>
<context>
    <name>RemoveDialog</name>
    <message>
        <location filename="../recording/correction_dialogs.py" line="73" />
        <source>移除：选择人员和原因</source>
        <translation>Remove: choose the person and the reason</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="78" />
        <source>人员（↑↓ 选择）</source>
        <translation>Person (↑↓ to choose)</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="80" />
        <source>原因（Tab 切换到此处，↑↓ 选择）</source>
        <translation>Reason (Tab to get here, ↑↓ to choose)</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <location filename="../recording/correction_dialogs.py" line="117" />
        <source>重开已封试管（站点负责人）</source>
        <translation>Reopen a sealed tube (site lead)</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="121" />
        <source>试管条码</source>
        <translation>Tube barcode</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="122" />
        <source>再扫一次确认</source>
        <translation>Scan again to confirm</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="136" />
        <source>两次扫描的条码不一致</source>
        <translation>The two scans differ</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../lab/results_page.py" line="37" />
        <source>检测结果导入</source>
        <translation>Import lab results</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="41" />
        <source>CSV 或 XLSX，第一行为表头：试管条码（条码/tube）、结果（阴性/阳性/无效）、检测时间（可空）</source>
        <translation>CSV or XLSX, header in the first row: tube barcode (条码/tube), result (negative/positive/invalid), test time (optional)</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="47" />
        <source>结果文件路径</source>
        <translation>Result file path</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="49" />
        <source>选择文件</source>
        <translation>Choose file</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="51" />
        <source>文件有错误时只导入正确的行</source>
        <translation>If the file has errors, import only the good rows</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="52" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="62" />
        <source>行号</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="62" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="67" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="67" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="67" />
        <source>无效管</source>
        <translation>Invalid tube</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="67" />
        <source>已重采</source>
        <translation>Re-sampled in</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="76" />
        <source>错误行</source>
        <translation>Bad rows</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="78" />
        <source>无效样本，需重新采样</source>
        <translation>Invalid samples: sample these people again</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="89" />
        <source>选择结果文件</source>
        <translation>Choose a result file</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="116" />
        <source>已导入 {0} 条（未变 {1} 条），阳性召回 {2} 管，签收 {3} 箱</source>
        <translation>Imported {0} results ({1} unchanged), {2} positive pools recalled, {3} boxes received</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="127" />
        <source>文件有 {0} 行错误，未导入任何结果。改正后重试，或勾选「只导入正确的行」</source>
        <translation>The file has {0} bad rows: nothing imported. Fix them and retry, or tick "import only the good rows"</translation>
    </message>
    <message>
        <location filename="../lab/results_page.py" line="138" />
        <source>未</source>
        <translation>not yet</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <location filename="../roster/roster_page.py" line="58" />
        <source>居民名单导入</source>
        <translation>Import residents</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="61" />
        <source>名单文件（.xlsx 或 .csv）</source>
        <translation>Roster file (.xlsx or .csv)</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="63" />
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="65" />
        <source>有错误时仍导入正确的行</source>
        <translation>Import the good rows even if some rows are bad</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="66" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="68" />
        <source>请选择名单文件；模板见 nat-station roster template</source>
        <translation>Choose a roster file; for the template run nat-station roster template</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="72" />
        <source>行</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="72" />
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="72" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="90" />
        <source>选择名单文件</source>
        <translation>Choose the roster file</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="90" />
        <source>名单 (*.xlsx *.csv)</source>
        <translation>Roster (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="110" />
        <source>名单正在写入。</source>
        <translation>The roster is being written. </translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="111" />
        <source>现在关闭，导入会在这一批写完后停止；已写入的人员保留，重新导入同一份名单即可补全。</source>
        <translation>If you close now, the import stops after the current batch; the people written so far stay, and importing the same roster again completes it.</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="113" />
        <source>名单正在检查，还没有写入任何记录。现在关闭会放弃这次导入。</source>
        <translation>The roster is still being checked and nothing has been written yet. Closing now abandons this import.</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="122" />
        <source>正在停止导入…</source>
        <translation>Stopping the import…</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="135" />
        <source>正在导入，请稍候</source>
        <translation>An import is running; please wait</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="139" />
        <source>请先选择名单文件</source>
        <translation>Choose a roster file first</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="149" />
        <source>正在读取并检查名单…</source>
        <translation>Reading and checking the roster…</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="159" />
        <source>正在写入：{0} / {1} 人</source>
        <translation>Writing: {0} / {1} people</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="161" />
        <source>正在检查：已读 {0} 行</source>
        <translation>Checking: {0} rows read</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="182" />
        <source>；提示 {0} 处，请核对</source>
        <translation>; {0} to check</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="188" />
        <source>已导入 {0} 人（新增 {1}，已有 {2}）；拒绝 {3} 处</source>
        <translation>Imported {0} people ({1} new, {2} known); {3} refused</translation>
    </message>
    <message>
        <location filename="../roster/roster_page.py" line="196" />
        <source>名单有 {0} 处错误，未导入任何记录：改正后重新导入</source>
        <translation>The roster has {0} errors; nothing was imported: fix them and import again</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../access/dialogs.py" line="106" />
        <source>首次设置</source>
        <translation>First start</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="108" />
        <source>本站尚无账户：请填写采样点与第一位管理员</source>
        <translation>This station has no accounts yet: enter the site and its first admin</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="109" />
        <source>采样点名称</source>
        <translation>Site name</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="110" />
        <source>采样台号</source>
        <translation>Table</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="111" />
        <source>管理员姓名</source>
        <translation>Admin name</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="112" />
        <source>PIN（4-12 位数字）</source>
        <translation>PIN (4-12 digits)</translation>
    </message>
    <message>
        <location filename="../access/dialogs.py" line="113" />
        <source>再输一次 PIN</source>
        <translation>PIN again</translation>
    </message>
</context>
<context>
    <name>SyncStatusLabel</name>
    <message>
        <location filename="../sync_status.py" line="33" />
        <source>正在连接站点服务器…</source>
        <translation>Connecting to the site server…</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="37" />
        <source>离线 · {n} 条待上传 · 最后同步 {t}</source>
        <translation>Offline · {n} waiting to upload · last sync {t}</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="40" />
        <source>上传中 · {n} 条待上传 · 最后同步 {t}</source>
        <translation>Uploading · {n} waiting · last sync {t}</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="43" />
        <source>已同步 · 最后同步 {t}</source>
        <translation>Synced · last sync {t}</translation>
    </message>
    <message>
        <location filename="../sync_status.py" line="47" />
        <source> · {n} 个冲突待处理</source>
        <translation> · {n} conflicts to resolve</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message>
        <location filename="../recording/table_page.py" line="63" />
        <source>最近试管</source>
        <translation>Recent tubes</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="92" />
        <source>没有打开的试管</source>
        <translation>No open tube</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="96" />
        <source>试管 </source>
        <translation>Tube </translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="116" />
        <source>下一管 </source>
        <translation>Next tube </translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="119" />
        <source>在用</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="119" />
        <source>已封</source>
        <translation>sealed</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="120" />
        <source> 未满</source>
        <translation> under-filled</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="125" />
        <source>今日 {round}
{persons} · {samples}
已封 {sealed} 管 · 在用 {open} 管</source>
        <translation>Today {round}
{persons} · {samples}
{sealed} sealed · {open} open</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="128" />
        <source>1 人</source>
        <translation>1 person</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="128" />
        <source>{0} 人</source>
        <translation>{0} people</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="129" />
        <source>1 次</source>
        <translation>1 sample</translation>
    </message>
    <message>
        <location filename="../recording/table_page.py" line="129" />
        <source>{0} 次</source>
        <translation>{0} samples</translation>
    </message>
</context>
<context>
    <name>TicketsModel</name>
    <message>
        <location filename="../queue/ticket_table.py" line="26" />
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="27" />
        <source>通道</source>
        <translation>Lane</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="28" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="29" />
        <source>排位</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="30" />
        <source>发号</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="31" />
        <source>已等（分）</source>
        <translation>Waited (min)</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="32" />
        <source>台号</source>
        <translation>Table</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="33" />
        <source>过号次数</source>
        <translation>Skips</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="34" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="37" />
        <source>等候</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="38" />
        <source>已叫号</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="39" />
        <source>已采样</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="40" />
        <source>已过号</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="41" />
        <source>暂缓</source>
        <translation>Held</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="42" />
        <source>作废</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <location filename="../queue/ticket_table.py" line="67" />
        <source>过号，已回队</source>
        <translation>Back in line</translation>
    </message>
</context>
<context>
    <name>TicketsPage</name>
    <message>
        <location filename="../queue/tickets_page.py" line="111" />
        <source>排队号码</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="118" />
        <source>输入号码（如 P003）或扫小票，回车查看</source>
        <translation>Type a number (e.g. P003) or scan a slip; Enter shows it</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="124" />
        <source>F1 暂缓</source>
        <translation>F1 Hold</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="124" />
        <source>F2 放行</source>
        <translation>F2 Release</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="124" />
        <source>F3 作废（按两次）</source>
        <translation>F3 Drop (press twice)</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="126" />
        <source>F5 叫到本台（{0} 号台）</source>
        <translation>F5 Call to this table ({0})</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="127" />
        <source>↑↓ 选号</source>
        <translation>↑↓ Choose</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="127" />
        <source>Esc 返回</source>
        <translation>Esc Back</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="146" />
        <source>输入或扫描号码，再按功能键</source>
        <translation>Type or scan a number, then press a function key</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="187" />
        <source>共 {0} 张 · 排队 {1} · 已叫号 {2} · 暂缓 {3} · 已采样 {4} · 作废 {5}</source>
        <translation>{0} tickets · {1} in line · {2} called · {3} held · {4} served · {5} dropped</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="197" />
        <source>（已采样、作废的只列最近 {0} 张）</source>
        <translation> (only the latest {0} served or dropped are listed)</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="224" />
        <source>已取消作废</source>
        <translation>Drop cancelled</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="279" />
        <source>第 {0} 位</source>
        <translation>place {0}</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="281" />
        <source>{0} 号台</source>
        <translation>table {0}</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="283" />
        <source>已等 {0} 分钟</source>
        <translation>waited {0} min</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="291" />
        <source>{0} 已暂缓：放行前不会叫到</source>
        <translation>{0} held: not called until released</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="296" />
        <source>{0} 已放行：回到原来的排队位置</source>
        <translation>{0} released: back in its place in the line</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="306" />
        <source>{0} 已作废</source>
        <translation>{0} dropped</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="313" />
        <source>再按 F3 确认作废 {0}（Esc 取消）</source>
        <translation>Press F3 again to drop {0} (Esc cancels)</translation>
    </message>
    <message>
        <location filename="../queue/tickets_page.py" line="318" />
        <source>已叫 {0} 到 {1} 号台</source>
        <translation>Called {0} to table {1}</translation>
    </message>
</context>
<context>
    <name>TrainingBand</name>
    <message>
        <location filename="../training/band.py" line="24" />
        <source>培训模式 TRAINING · 数据不计入正式记录</source>
        <translation>TRAINING MODE · not real records</translation>
    </message>
</context>
<context>
    <name>TriageWindow</name>
    <message>
        <location filename="../queue/triage.py" line="76" />
        <source>分诊台</source>
        <translation>Triage desk</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="103" />
        <source>扫个人码 / 身份证，或输入身份证号后回车</source>
        <translation>Scan a personal code or ID card, or type an ID number and press Enter</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="109" />
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="112" />
        <source>如 3栋（选填）</source>
        <translation>e.g. 3栋 (optional)</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="119" />
        <location filename="../queue/triage.py" line="250" />
        <source>未扫码（可直接发号）</source>
        <translation>Nobody scanned (a ticket can still be issued)</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="139" />
        <source>换通道</source>
        <translation>other lane</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="139" />
        <source>回车 发号</source>
        <translation>Enter: issue ticket</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="166" />
        <source>排队号码</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="193" />
        <source>{0} 岁</source>
        <translation>{0} years</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="194" />
        <source>（无姓名）</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="197" />
        <source>回车或 F8 发号</source>
        <translation>Enter or F8 issues the ticket</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="216" />
        <source>（自动）</source>
        <translation> (automatic)</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="220" />
        <source>优先原因：</source>
        <translation>Priority reason: </translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="223" />
        <source>建议：</source>
        <translation>Suggested: </translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="236" />
        <source>约等 {0} 分钟</source>
        <translation>about {0} min wait</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="240" />
        <source>注意：此楼栋不在当前批次（已登记，允许排队）</source>
        <translation>Note: this building is not in the current batch (noted; may queue)</translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="258" />
        <source>当前楼栋：</source>
        <translation>Building now: </translation>
    </message>
    <message>
        <location filename="../queue/triage.py" line="260" />
        <source>当前楼栋：—</source>
        <translation>Building now: —</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../recording/correction_dialogs.py" line="27" />
        <source>扫错人</source>
        <translation>Wrong person scanned</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="28" />
        <source>重复登记</source>
        <translation>Registered twice</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="29" />
        <source>需单采</source>
        <translation>Must go single</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="30" />
        <source>本人离开未采样</source>
        <translation>Left without a swab</translation>
    </message>
    <message>
        <location filename="../recording/correction_dialogs.py" line="31" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>terms</name>
    <message>
        <location filename="../terms.py" line="17" />
        <source>待找到</source>
        <translation>To find</translation>
    </message>
    <message>
        <location filename="../terms.py" line="18" />
        <source>已找到</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../terms.py" line="19" />
        <source>已单采</source>
        <translation>Re-sampled</translation>
    </message>
    <message>
        <location filename="../terms.py" line="20" />
        <source>结果已回</source>
        <translation>Result back</translation>
    </message>
    <message>
        <location filename="../terms.py" line="22" />
        <source>阴性</source>
        <translation>Negative</translation>
    </message>
    <message>
        <location filename="../terms.py" line="23" />
        <source>阳性</source>
        <translation>Positive</translation>
    </message>
    <message>
        <location filename="../terms.py" line="24" />
        <source>无效</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <location filename="../terms.py" line="26" />
        <source>装箱中</source>
        <translation>Packing</translation>
    </message>
    <message>
        <location filename="../terms.py" line="27" />
        <source>已封箱</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../terms.py" line="28" />
        <source>已交接</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <location filename="../terms.py" line="29" />
        <source>已签收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../terms.py" line="30" />
        <source>已作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../terms.py" line="32" />
        <source>管体破损</source>
        <translation>Tube damaged</translation>
    </message>
    <message>
        <location filename="../terms.py" line="33" />
        <source>标签不清</source>
        <translation>Label unreadable</translation>
    </message>
    <message>
        <location filename="../terms.py" line="34" />
        <source>错装（非本箱）</source>
        <translation>Wrong box</translation>
    </message>
    <message>
        <location filename="../terms.py" line="35" />
        <source>实物未找到</source>
        <translation>Tube not found</translation>
    </message>
    <message>
        <location filename="../terms.py" line="36" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../terms.py" line="38" />
        <source>老人</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <location filename="../terms.py" line="39" />
        <source>孕妇</source>
        <translation>Pregnant</translation>
    </message>
    <message>
        <location filename="../terms.py" line="40" />
        <source>网课学生</source>
        <translation>Online-class student</translation>
    </message>
    <message>
        <location filename="../terms.py" line="41" />
        <source>残障人士</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../terms.py" line="42" />
        <source>婴幼儿</source>
        <translation>Infant</translation>
    </message>
    <message>
        <location filename="../terms.py" line="44" />
        <source>等候</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../terms.py" line="45" />
        <source>已叫号</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../terms.py" line="46" />
        <source>已采样</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../terms.py" line="47" />
        <source>过号</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../terms.py" line="48" />
        <source>暂缓</source>
        <translation>Held</translation>
    </message>
    <message>
        <location filename="../terms.py" line="49" />
        <source>作废</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <location filename="../terms.py" line="51" />
        <source>录入员</source>
        <translation>Recorder</translation>
    </message>
    <message>
        <location filename="../terms.py" line="52" />
        <source>录入员（仅录入）</source>
        <translation>Recorder (entry only)</translation>
    </message>
    <message>
        <location filename="../terms.py" line="53" />
        <source>分诊</source>
        <translation>Triage</translation>
    </message>
    <message>
        <location filename="../terms.py" line="54" />
        <source>站点负责人</source>
        <translation>Site lead</translation>
    </message>
    <message>
        <location filename="../terms.py" line="55" />
        <source>审计</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <location filename="../terms.py" line="56" />
        <source>管理员</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../terms.py" line="58" />
        <source>单采 1:1</source>
        <translation>Single 1:1</translation>
    </message>
</context>
</TS>