<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>DetailsDialog</name>
    <message>
        <location filename="../correction_dialogs.py" line="149" />
        <source>补录姓名和电话</source>
        <translation>Name and phone</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="155" />
        <source>证件</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="157" />
        <location filename="../correction_dialogs.py" line="162" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="160" />
        <source>手机号</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="163" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="165" />
        <source>Enter 保存并打印个人码（无打印机时保存为 PDF）</source>
        <translation>Enter saves and prints the personal code (saved as PDF when there is no printer)</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <location filename="../correction_dialogs.py" line="92" />
        <source>移管：选择人员，扫目标试管</source>
        <translation>Move: choose the person, scan the target tube</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="97" />
        <source>扫目标试管条码（须已打开）</source>
        <translation>Scan the target tube (must be open)</translation>
    </message>
</context>
<context>
    <name>RecorderWindow</name>
    <message>
        <location filename="../recorder_window.py" line="78" />
        <source>核酸采样录入站</source>
        <translation>NAT Station</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="97" />
        <location filename="../recorder_window.py" line="275" />
        <source>请扫试管条码</source>
        <translation>Scan a tube barcode</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="106" />
        <source>扫码：试管 / 个人码 / 身份证号 / 指令</source>
        <translation>Scan: tube / personal code / ID number / command</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="112" />
        <source>F2 补录姓名电话/打印个人码   F3 封管   F4 切换混采   F8 移除   F9 移管   F10 重开   Ctrl+Z 撤销   Esc 返回录入</source>
        <translation>F2 Name/phone, print code   F3 Seal   F4 Pooling mode   F8 Remove   F9 Move   F10 Reopen   Ctrl+Z Undo   Esc Back to recording</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="157" />
        <source>最近试管</source>
        <translation>Recent tubes</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="254" />
        <location filename="../recorder_window.py" line="279" />
        <source>试管 </source>
        <translation>Tube </translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="282" />
        <source>下一管 </source>
        <translation>Next tube </translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="285" />
        <source>在用</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="285" />
        <source>已封</source>
        <translation>sealed</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="286" />
        <source> 未满</source>
        <translation> under-filled</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="290" />
        <source>今日 {round}
{people} 人 · 已封 {sealed} 管 · 在用 {open} 管</source>
        <translation>Today {round}
{people} people · {sealed} tubes sealed · {open} open</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="306" />
        <source>{site} · {table} 号台 · 录入员 {recorder} · 轮次 {round} · {now}</source>
        <translation>{site} · table {table} · recorder {recorder} · round {round} · {now}</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="330" />
        <source>先扫一个人，再补录</source>
        <translation>Scan a person first, then add details</translation>
    </message>
    <message>
        <location filename="../recorder_window.py" line="341" />
        <location filename="../recorder_window.py" line="354" />
        <source>当前试管没有人</source>
        <translation>The open tube is empty</translation>
    </message>
</context>
<context>
    <name>RemoveDialog</name>
    <message>
        <location filename="../correction_dialogs.py" line="72" />
        <source>移除：选择人员和原因</source>
        <translation>Remove: choose the person and the reason</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="77" />
        <source>人员（↑↓ 选择）</source>
        <translation>Person (↑↓ to choose)</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="79" />
        <source>原因（Tab 切换到此处，↑↓ 选择）</source>
        <translation>Reason (Tab to get here, ↑↓ to choose)</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <location filename="../correction_dialogs.py" line="116" />
        <source>重开已封试管（站点负责人）</source>
        <translation>Reopen a sealed tube (site lead)</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="120" />
        <source>试管条码</source>
        <translation>Tube barcode</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="121" />
        <source>再扫一次确认</source>
        <translation>Scan again to confirm</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="132" />
        <source>两次扫描的条码不一致</source>
        <translation>The two scans differ</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../correction_dialogs.py" line="26" />
        <source>扫错人</source>
        <translation>Wrong person scanned</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="27" />
        <source>重复登记</source>
        <translation>Registered twice</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="28" />
        <source>需单采</source>
        <translation>Must go single</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="29" />
        <source>本人离开未采样</source>
        <translation>Left without a swab</translation>
    </message>
    <message>
        <location filename="../correction_dialogs.py" line="30" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
</TS>