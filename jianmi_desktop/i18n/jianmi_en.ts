<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>计算中…</source>
        <extracomment>a campaign of this tab is on its way (the panel keeps showing it)</extracomment>
        <translation>calculating…</translation>
    </message>
    <message>
        <source>{h} 小时 {m} 分</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>{m} 分 {s} 秒</source>
        <translation>{m} min {s} s</translation>
    </message>
    <message>
        <source>{s} 秒</source>
        <translation>{s} s</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>茧米桌面</source>
        <translation>Jianmi Desktop</translation>
    </message>
</context>
<context>
    <name>BalanceTab</name>
    <message>
        <source>剩余条数</source>
        <extracomment>automatic refresh every five minutes readings shown on the chart</extracomment>
        <translation>Units left</translation>
    </message>
    <message>
        <source>已发送条数</source>
        <translation>Units sent</translation>
    </message>
    <message>
        <source>账户里还能发送的条数（短信按条计费）</source>
        <translation>How many units the account can still send (SMS are billed per unit)</translation>
    </message>
    <message>
        <source>这个账户累计已经发送的条数</source>
        <translation>How many units this account has sent in total</translation>
    </message>
    <message>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>立即向平台查询余额（F5）。每 5 分钟也会自动刷新。</source>
        <translation>Ask the platform for the balance now (F5). It also refreshes every 5 minutes.</translation>
    </message>
    <message>
        <source>还没有读取余额</source>
        <translation>Balance not read yet</translation>
    </message>
    <message>
        <source>剩余条数的变化</source>
        <translation>Units left over time</translation>
    </message>
    <message>
        <source>每次刷新都会记下余额，这里会画出它的变化。</source>
        <translation>Each refresh records the balance; the chart of it appears here.</translation>
    </message>
    <message>
        <source>余额</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>正在查询余额…</source>
        <translation>Reading the balance…</translation>
    </message>
    <message>
        <source>余额已读到，但没能记进本机的余额记录：{reason}</source>
        <translation>The balance was read, but it could not be added to this computer&apos;s balance record: {reason}</translation>
    </message>
    <message>
        <source>没能读取余额：{reason}</source>
        <translation>Could not read the balance: {reason}</translation>
    </message>
    <message>
        <source>更新于 {time}</source>
        <translation>Updated {time}</translation>
    </message>
    <message>
        <source>余额不多了：只剩 {remaining} 条，低于提醒线 {threshold} 条。请及时充值，余额不足时平台会拒绝发送。</source>
        <translation>Balance is low: only {remaining} units left, below your warning level of {threshold}. Please top up soon; the platform refuses to send when the balance runs out.</translation>
    </message>
    <message>
        <source>读取时间</source>
        <translation>Read at</translation>
    </message>
    <message>
        <source>剩余（条）</source>
        <translation>Left (units)</translation>
    </message>
    <message>
        <source>每次读取余额时记下的剩余条数</source>
        <translation>Units left, recorded at each balance reading</translation>
    </message>
</context>
<context>
    <name>CampaignModel</name>
    <message>
        <source>任务</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>号码数</source>
        <translation>Numbers</translation>
    </message>
    <message>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>已送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>未送达</source>
        <translation>Undelivered</translation>
    </message>
    <message>
        <source>等待</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>不确定</source>
        <translation>Uncertain</translation>
    </message>
    <message>
        <source>这个任务的号码总数</source>
        <translation>Total numbers in this campaign</translation>
    </message>
    <message>
        <source>平台已接收的号码（包括已有状态报告的）</source>
        <translation>Numbers the platform accepted (including those with a delivery report)</translation>
    </message>
    <message>
        <source>对方手机已收到</source>
        <translation>Received by the phone</translation>
    </message>
    <message>
        <source>没有送达对方手机</source>
        <translation>Not delivered to the phone</translation>
    </message>
    <message>
        <source>还没有发出或正在发出</source>
        <translation>Not sent yet, or being sent</translation>
    </message>
    <message>
        <source>平台拒绝了，没有发出</source>
        <translation>Refused by the platform; not sent</translation>
    </message>
    <message>
        <source>请求已发出但没有收到答复，不知道是否发出</source>
        <translation>The request left but no answer came back; unknown whether it was sent</translation>
    </message>
    <message>
        <source>短信</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>国际短信</source>
        <translation>International SMS</translation>
    </message>
    <message>
        <source>语音通知</source>
        <translation>Voice notice</translation>
    </message>
    <message>
        <source>语音外呼</source>
        <translation>Voice call</translation>
    </message>
    <message>
        <source>彩信</source>
        <translation>MMS</translation>
    </message>
    <message>
        <source>定时待发</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>发送中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>已暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已停止</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>全部任务</source>
        <translation>All campaigns</translation>
    </message>
    <message>
        <source>定时 {at} 拨打</source>
        <translation>rings at {at} (scheduled)</translation>
    </message>
    <message>
        <source>定时语音：平台将在 {at}（中国时间）拨打</source>
        <translation>Scheduled voice: the platform rings at {at} (China time)</translation>
    </message>
</context>
<context>
    <name>CampaignName</name>
    <message>
        <source>短信 #{n}</source>
        <translation>SMS #{n}</translation>
    </message>
    <message>
        <source>语音 #{n}</source>
        <translation>Voice #{n}</translation>
    </message>
    <message>
        <source>彩信 #{n}</source>
        <translation>MMS #{n}</translation>
    </message>
    <message>
        <source>任务 #{id}</source>
        <translation>Campaign #{id}</translation>
    </message>
</context>
<context>
    <name>CampaignReport</name>
    <message>
        <source>没有状态码：运营商只报告了没有送达，没有说明原因</source>
        <translation>No code: the carrier only said it was not delivered, not why</translation>
    </message>
    <message>
        <source>对方没有接听，或者电话打不通（关机、停机、忙线）</source>
        <translation>Not answered, or the call did not get through (off, suspended, busy)</translation>
    </message>
    <message>
        <source>彩信没有送达（对方手机不支持彩信、关机或停机）</source>
        <translation>MMS not delivered (the phone has no MMS, is off or suspended)</translation>
    </message>
    <message>
        <source>无法送达（可能停机、关机或号码不存在）</source>
        <translation>Undeliverable (suspended, switched off, or no such number)</translation>
    </message>
    <message>
        <source>超时未送达（对方长时间关机或不在服务区）</source>
        <translation>Expired (the phone was off or out of coverage for a long time)</translation>
    </message>
    <message>
        <source>被运营商拒绝（可能被当作骚扰短信拦截，或号码在运营商黑名单里）</source>
        <translation>Rejected by the carrier (perhaps blocked as spam, or the number is on the carrier&apos;s blacklist)</translation>
    </message>
    <message>
        <source>短信被运营商删除（排队太久或被取消）</source>
        <translation>Deleted by the carrier (queued too long, or cancelled)</translation>
    </message>
    <message>
        <source>状态未知：运营商没有说明原因</source>
        <translation>Unknown: the carrier gave no reason</translation>
    </message>
    <message>
        <source>号码在黑名单里（对方投诉过或退订过）</source>
        <translation>Number on the blacklist (complained or unsubscribed before)</translation>
    </message>
    <message>
        <source>运营商内部错误码（常见原因：停机、空号、对方手机存储已满）</source>
        <translation>Carrier internal error (often: suspended, unassigned number, or the phone&apos;s storage is full)</translation>
    </message>
    <message>
        <source>运营商网络错误码（常见原因：空号、停机、不在服务区）</source>
        <translation>Carrier network error (often: unassigned number, suspended, out of coverage)</translation>
    </message>
    <message>
        <source>短信中心内部错误码（运营商转发失败）</source>
        <translation>SMS centre internal error (the carrier failed to forward it)</translation>
    </message>
    <message>
        <source>短信中心错误码（运营商内部排队或转发出错）</source>
        <translation>SMS centre error (queueing or forwarding failed inside the carrier)</translation>
    </message>
    <message>
        <source>运营商网关错误码（网关之间转发失败）</source>
        <translation>Carrier gateway error (forwarding between gateways failed)</translation>
    </message>
    <message>
        <source>运营商网关错误码（网关拒绝或转发失败）</source>
        <translation>Carrier gateway error (the gateway refused or failed to forward)</translation>
    </message>
    <message>
        <source>运营商网关错误码（号码路由出错）</source>
        <translation>Carrier gateway error (number routing failed)</translation>
    </message>
    <message>
        <source>运营商拦截（内容或号码被拦截）</source>
        <translation>Blocked by the carrier (content or number)</translation>
    </message>
    <message>
        <source>运营商的其他代码（没有固定含义；经常出现时可咨询茧米客服）</source>
        <translation>Other carrier code (no fixed meaning; ask Jianmi support if it shows up often)</translation>
    </message>
</context>
<context>
    <name>CampaignReportDialog</name>
    <message>
        <source>任务报告</source>
        <translation>Campaign report</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>{name} 的报告</source>
        <translation>Report of {name}</translation>
    </message>
</context>
<context>
    <name>CampaignReportPanel</name>
    <message>
        <source>已送达</source>
        <extracomment>the figures shown, in order: (key, colour)</extracomment>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>未送达</source>
        <translation>Undelivered</translation>
    </message>
    <message>
        <source>等待状态报告</source>
        <translation>Waiting for report</translation>
    </message>
    <message>
        <source>尚未发出</source>
        <translation>Not sent yet</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>不确定</source>
        <translation>Uncertain</translation>
    </message>
    <message>
        <source>对方手机已经收到</source>
        <translation>Received by the phone</translation>
    </message>
    <message>
        <source>运营商报告没有送到对方手机，原因见下方</source>
        <translation>The carrier reported it was not delivered; reasons below</translation>
    </message>
    <message>
        <source>平台已接收，正在等待运营商的状态报告（通常几秒到几分钟）</source>
        <translation>Accepted by the platform; waiting for the carrier&apos;s report (usually seconds to minutes)</translation>
    </message>
    <message>
        <source>还没有发出或正在发出</source>
        <translation>Not sent yet, or being sent</translation>
    </message>
    <message>
        <source>平台拒绝了这一批，没有发出，也没有扣费</source>
        <translation>The platform refused this batch: not sent, not charged</translation>
    </message>
    <message>
        <source>请求已发出但没有收到平台的答复：可能已发出，也可能没有</source>
        <translation>The request left but the platform&apos;s answer never came: it may or may not have been sent</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>没有送到的原因</source>
        <translation>Why not delivered</translation>
    </message>
    <message>
        <source>状态码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>号码数</source>
        <translation>Numbers</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Meaning</translation>
    </message>
    <message>
        <source>运营商在状态报告里给出的代码</source>
        <translation>The code the carrier gave in the delivery report</translation>
    </message>
    <message>
        <source>未送达的号码按运营商的状态码分组，并说明可能的原因</source>
        <translation>Undelivered numbers grouped by the carrier&apos;s code, with the likely reason</translation>
    </message>
    <message>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>重新读取这个任务的数字（F5）</source>
        <translation>Read this campaign&apos;s figures again (F5)</translation>
    </message>
    <message>
        <source>给未送达的号码重发(&amp;S)…</source>
        <translation>Re&amp;send to undelivered…</translation>
    </message>
    <message>
        <source>把未送达的号码建成一个新任务（内容相同）。新任务不会自动发送，要您再确认发送</source>
        <translation>Make a new campaign (same text) of the undelivered numbers. It is not sent until you confirm</translation>
    </message>
    <message>
        <source>{name} · {kind} · {created}</source>
        <translation>{name} · {kind} · {created}</translation>
    </message>
    <message>
        <source>命令行里的任务编号：{id}</source>
        <translation>Campaign number on the command line: {id}</translation>
    </message>
    <message numerus="yes">
        <source>把{name} 中 %Ln 个未送达的号码建成一个新任务，内容和原任务相同。

新任务建好后不会自动发送：请到“短信”页或“发送记录”里找到它，检查后再发送。
已在退订名单里的号码不会再发。

确定要建这个新任务吗？</source>
        <translation>
            <numerusform>Make a new campaign of the %Ln undelivered number of {name}, with the same content.

The new campaign is not sent by itself: find it on the “SMS” tab or in “History”, check it, then send it.
Numbers on the opt-out list are left out.

Make this new campaign?</numerusform>
            <numerusform>Make a new campaign of the %Ln undelivered numbers of {name}, with the same content.

The new campaign is not sent by itself: find it on the “SMS” tab or in “History”, check it, then send it.
Numbers on the opt-out list are left out.

Make this new campaign?</numerusform>
        </translation>
    </message>
    <message>
        <source>已建好新任务{new}（还没有发送）。</source>
        <translation>New campaign {new} made (not sent yet).</translation>
    </message>
    <message>
        <source>已把{name} 中未送达的号码建成新任务{new}。

它还没有发送。请到“短信”页或“发送记录”里找到{new}，检查后再发送。</source>
        <translation>The undelivered numbers of {name} are now the new campaign {new}.

It has not been sent. Find {new} on the “SMS” tab or in “History”, check it, then send it.</translation>
    </message>
    <message>
        <source>没有选中任务</source>
        <translation>No campaign selected</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>任务 #{id} 不存在。</source>
        <translation>Campaign #{id} does not exist.</translation>
    </message>
    <message>
        <source>短信</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>国际短信</source>
        <translation>International SMS</translation>
    </message>
    <message>
        <source>语音通知</source>
        <translation>Voice notice</translation>
    </message>
    <message>
        <source>语音外呼</source>
        <translation>Voice call</translation>
    </message>
    <message>
        <source>彩信</source>
        <translation>MMS</translation>
    </message>
    <message numerus="yes">
        <source>还有 %Ln 个号码没有结果，状态报告到达后这里会自动更新。</source>
        <translation>
            <numerusform>%Ln number has no result yet; this updates as delivery reports arrive.</numerusform>
            <numerusform>%Ln numbers have no result yet; this updates as delivery reports arrive.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln 个号码已有结果。</source>
        <translation>
            <numerusform>%Ln number has a result.</numerusform>
            <numerusform>%Ln numbers have a result.</numerusform>
        </translation>
    </message>
    <message>
        <source>这个任务没有号码。</source>
        <translation>This campaign has no numbers.</translation>
    </message>
    <message>
        <source>各种结果所占的比例</source>
        <translation>Share of each result</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>平台拒绝 {code}</source>
        <translation>Refused {code}</translation>
    </message>
    <message>
        <source>平台拒绝</source>
        <translation>Refused by the platform</translation>
    </message>
    <message>
        <source>平台拒绝了这一批，没有发出</source>
        <translation>The platform refused this batch; not sent</translation>
    </message>
    <message>
        <source>没有送到的原因：无</source>
        <translation>Why not delivered: nothing undelivered</translation>
    </message>
    <message>
        <source>给未送达的号码重发</source>
        <translation>Resend to undelivered numbers</translation>
    </message>
    <message>
        <source>建新任务</source>
        <translation>Make campaign</translation>
    </message>
    <message>
        <source>先不建</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>正在建新任务…</source>
        <translation>Making the new campaign…</translation>
    </message>
    <message>
        <source>新任务已建好</source>
        <translation>New campaign made</translation>
    </message>
</context>
<context>
    <name>CloseGuard</name>
    <message>
        <source>短信正在发送。关闭窗口会停止发送（已发出的不受影响，下次打开程序可以继续）。</source>
        <translation>SMS are being sent. Closing the window stops sending (what has gone out is unaffected; you can continue next time you open the program).</translation>
    </message>
    <message>
        <source>语音通知正在发送。关闭窗口会停止发送（已发出的不受影响，下次打开程序可以继续）。</source>
        <translation>Voice notifications are being sent. Closing the window stops sending (what was sent is not affected; you can continue the next time you open the program).</translation>
    </message>
    <message>
        <source>彩信正在发送。关闭窗口会停止发送（已发出的不受影响，下次打开程序可以继续）。</source>
        <translation>MMS messages are being sent. Closing the window stops sending (what was sent is not affected; you can continue the next time you open the program).</translation>
    </message>
    <message>
        <source>茧米桌面：正在发送语音通知</source>
        <translation>Jianmi Desktop: sending voice notifications</translation>
    </message>
    <message>
        <source>茧米桌面：正在发送彩信</source>
        <translation>Jianmi Desktop: sending MMS</translation>
    </message>
    <message>
        <source>有定时发送在等待：程序关闭后，到时就不会发出。</source>
        <translation>A scheduled send is waiting: if the program is closed, it will not go out at its time.</translation>
    </message>
    <message>
        <source>正在发送</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>留在系统托盘里继续</source>
        <translation>Keep going in the system tray</translation>
    </message>
    <message>
        <source>窗口隐藏，程序在后台继续发送；点托盘图标可以再打开窗口</source>
        <translation>The window hides and sending goes on in the background; click the tray icon to open the window again</translation>
    </message>
    <message>
        <source>发完后自动退出</source>
        <translation>Quit when done</translation>
    </message>
    <message>
        <source>不关闭</source>
        <translation>Don&apos;t close</translation>
    </message>
    <message>
        <source>停止发送并退出</source>
        <translation>Stop sending and quit</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>发送完成后程序会自动退出</source>
        <translation>The program quits by itself when sending is done</translation>
    </message>
    <message>
        <source>茧米桌面：正在发送短信</source>
        <translation>Jianmi Desktop: sending SMS</translation>
    </message>
    <message>
        <source>打开窗口</source>
        <translation>Open window</translation>
    </message>
    <message>
        <source>茧米桌面</source>
        <translation>Jianmi Desktop</translation>
    </message>
    <message>
        <source>程序在后台继续发送，点这里可以打开窗口。</source>
        <translation>Sending goes on in the background; click here to open the window.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>模板：</source>
        <translation>Template:</translation>
    </message>
    <message>
        <source>选一个保存过的模板，替换下面的内容</source>
        <translation>Pick a saved template to replace the text below</translation>
    </message>
    <message>
        <source>存为模板…</source>
        <translation>Save as template…</translation>
    </message>
    <message>
        <source>把现在的内容存为模板，下次直接选用</source>
        <translation>Save the current text as a template to pick next time</translation>
    </message>
    <message>
        <source>删除模板</source>
        <translation>Delete template</translation>
    </message>
    <message>
        <source>删除选中的模板</source>
        <translation>Delete the selected template</translation>
    </message>
    <message>
        <source>短信内容</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>签名：</source>
        <translation>Signature:</translation>
    </message>
    <message>
        <source>【公司名】</source>
        <translation>【Company】</translation>
    </message>
    <message>
        <source>签名，例如【茧米科技】，会加在每条短信的末尾（内容里已有【…】时不再添加）；没有签名，平台会拒绝发送</source>
        <translation>The signature, e.g. 【茧米科技】, added at the end of every SMS (not when the text already has 【…】); the platform refuses messages without one</translation>
    </message>
    <message>
        <source>在这里输入短信内容。点下面的列名按钮可以插入变量，例如 {姓名}。</source>
        <translation>Type the message here. The column buttons below insert variables, e.g. {姓名}.</translation>
    </message>
    <message>
        <source>短信正文；标红的字符发不出去，标黄的词可能被拦截</source>
        <translation>The message; characters in red cannot be sent, words in yellow may be blocked</translation>
    </message>
    <message>
        <source>预览第</source>
        <translation>Preview recipient</translation>
    </message>
    <message>
        <source>看看第几位收件人会收到什么</source>
        <translation>See what a given recipient will receive</translation>
    </message>
    <message>
        <source>位收件人：</source>
        <translation>:</translation>
    </message>
    <message>
        <source>检查结果：</source>
        <translation>Checks:</translation>
    </message>
    <message>
        <source>红色：必须改正才能发送；黄色：请确认；灰色：建议</source>
        <translation>Red: must be fixed before sending; yellow: please confirm; grey: suggestion</translation>
    </message>
    <message>
        <source>插入变量：</source>
        <translation>Insert variable:</translation>
    </message>
    <message>
        <source>在光标处插入“{name}”列的内容，每位收件人不同</source>
        <translation>Insert the “{name}” column at the cursor; it differs for each recipient</translation>
    </message>
    <message>
        <source>英文短信：160 个字符 1 条，超过时每 153 个字符 1 条</source>
        <translation>Latin-only SMS: 160 characters a unit, or 153 each when longer</translation>
    </message>
    <message>
        <source>70 个字 1 条，超过时每 67 个字 1 条</source>
        <translation>70 characters a unit, or 67 each when longer</translation>
    </message>
    <message numerus="yes">
        <source>共 {n} 个字（含签名），每位收件人 %n 条</source>
        <translation>
            <numerusform>{n} characters (with signature), %n unit per recipient</numerusform>
            <numerusform>{n} characters (with signature), %n units per recipient</numerusform>
        </translation>
    </message>
    <message>
        <source>共 {n} 个字（含签名），变量不同，每位收件人 {low}–{high} 条</source>
        <translation>{n} characters (with signature); with the variables, {low}–{high} units per recipient</translation>
    </message>
    <message>
        <source>不能发送：</source>
        <translation>Cannot send:</translation>
    </message>
    <message>
        <source>请注意：</source>
        <translation>Please check:</translation>
    </message>
    <message>
        <source>建议：</source>
        <translation>Suggestions:</translation>
    </message>
    <message>
        <source>没有发现问题</source>
        <translation>No problems found</translation>
    </message>
    <message>
        <source>（还没有内容）</source>
        <translation>(no text yet)</translation>
    </message>
    <message>
        <source>（无法预览：{reason}）</source>
        <translation>(no preview: {reason})</translation>
    </message>
    <message>
        <source>（选择模板）</source>
        <translation>(choose a template)</translation>
    </message>
    <message>
        <source>存为模板</source>
        <translation>Save as template</translation>
    </message>
    <message>
        <source>模板名称：</source>
        <translation>Template name:</translation>
    </message>
    <message>
        <source>删除模板“{name}”吗？</source>
        <translation>Delete the template “{name}”?</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>ConsoleCommands</name>
    <message>
        <source>SDK 接口（短信、语音）</source>
        <translation>SDK endpoint (SMS, voice)</translation>
    </message>
    <message>
        <source>ClientApi 接口（彩信、回调）</source>
        <translation>ClientApi endpoint (MMS, callbacks)</translation>
    </message>
    <message>
        <source>国际短信接口</source>
        <translation>International SMS endpoint</translation>
    </message>
    <message>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>密码的 MD5（32 位）。留空则用设置里的密码自动计算；要试别的密码，在此输入明文</source>
        <translation>MD5 of the password (32 characters). Leave blank to compute it from the password in Settings; to try another password, type it here in plain text</translation>
    </message>
    <message>
        <source>密码的 MD5（32 位，不区分大小写）。留空则用设置里的密码自动计算</source>
        <translation>MD5 of the password (32 characters, any case). Leave blank to compute it from the password in Settings</translation>
    </message>
    <message>
        <source>验证 KEY：cmd + timestamp + apiKey 的 MD5（发送时计算）</source>
        <translation>Check KEY: MD5 of cmd + timestamp + apiKey (computed when sent)</translation>
    </message>
    <message>
        <source>时间戳，格式 yyyyMMddHHmmss（发送时取北京时间）</source>
        <translation>Timestamp, format yyyyMMddHHmmss (Beijing time, taken when sent)</translation>
    </message>
    <message>
        <source>手机号码，多个号码用逗号隔开，最多 500 个号码，建议 100 个提交一次</source>
        <translation>Mobile numbers separated by commas, at most 500; 100 a request is recommended</translation>
    </message>
    <message>
        <source>消息编号，客户端生成，每提交一次都要不同（留空则自动生成）</source>
        <translation>Message ID chosen by the client, different for every request (generated when left blank)</translation>
    </message>
    <message>
        <source>语音文件序号（上传时返回的），发文字时留空</source>
        <translation>Voice file serial number (returned by the upload); leave blank when sending text</translation>
    </message>
    <message>
        <source>语音内容（文字），GBK 编码，180 字一条；与 filename 二选一</source>
        <translation>Voice content (text), GBK, 180 characters a unit; use either this or filename</translation>
    </message>
    <message>
        <source>发送日期，格式 YYYY-MM-DD</source>
        <translation>Send date, format YYYY-MM-DD</translation>
    </message>
    <message>
        <source>发送时间，格式 hh:mm:ss</source>
        <translation>Send time, format hh:mm:ss</translation>
    </message>
    <message>
        <source>命令字</source>
        <translation>Command word</translation>
    </message>
    <message>
        <source>查询余额</source>
        <translation>Read balance</translation>
    </message>
    <message>
        <source>查询账户已发送条数与还可发送条数</source>
        <translation>Read how many units the account has sent and how many it can still send</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>修改账户的密码；成功后旧密码就不能用了</source>
        <translation>Change the account&apos;s password; once done, the old password no longer works</translation>
    </message>
    <message>
        <source>新密码，不需要 MD5 加密，长度 6 到 32 位</source>
        <translation>The new password in plain text (no MD5), 6 to 32 characters</translation>
    </message>
    <message>
        <source>发送短信</source>
        <translation>Send SMS</translation>
    </message>
    <message>
        <source>向手机下发短信；只表示提交是否成功，状态报告稍后推送</source>
        <translation>Send an SMS to phones; the answer only says whether it was accepted, delivery reports come later</translation>
    </message>
    <message>
        <source>扩展号（最多 3 位数字）</source>
        <translation>Extension number (up to 3 digits)</translation>
    </message>
    <message>
        <source>消息内容，GBK 编码；开头或结尾要加签名，签名写在【】里</source>
        <translation>Message text, GBK; it needs a signature in 【】 at the start or the end</translation>
    </message>
    <message>
        <source>上传语音文件</source>
        <translation>Upload voice file</translation>
    </message>
    <message>
        <source>上传 mp3 语音文件，返回的序号用于发送语音</source>
        <translation>Upload an mp3 voice file; the serial number returned is used to send voice</translation>
    </message>
    <message>
        <source>语音文件流，格式 mp3，大小 5M 以内</source>
        <translation>The voice file, mp3, up to 5 MB</translation>
    </message>
    <message>
        <source>语音外呼（转人工）</source>
        <translation>Voice call (to an agent)</translation>
    </message>
    <message>
        <source>向手机下发语音，播完自动转接人工座席</source>
        <translation>Call phones with a voice message, then transfer to a live agent</translation>
    </message>
    <message>
        <source>发送天限制：0 不限制，1 周一至周五，2 周一至周六</source>
        <translation>Days: 0 any day, 1 Monday to Friday, 2 Monday to Saturday</translation>
    </message>
    <message>
        <source>发送时间限制：0 不限制，1 工作时间（9-12、14-18）</source>
        <translation>Hours: 0 any time, 1 office hours (9–12, 14–18)</translation>
    </message>
    <message>
        <source>呼叫类型，默认 1</source>
        <translation>Call type, default 1</translation>
    </message>
    <message>
        <source>发送速度，1-1200 条/分钟，默认 60</source>
        <translation>Speed, 1–1200 calls a minute, default 60</translation>
    </message>
    <message>
        <source>批次号</source>
        <translation>Batch number</translation>
    </message>
    <message>
        <source>语音通知</source>
        <translation>Voice notice</translation>
    </message>
    <message>
        <source>下发语音（验证码等及时语音）；填了日期和时间就定时发送</source>
        <translation>Send a voice message (codes and other urgent notices); with a date and time it is scheduled</translation>
    </message>
    <message>
        <source>发送日期，格式 YYYY-MM-DD（定时才填）</source>
        <translation>Send date, format YYYY-MM-DD (only when scheduled)</translation>
    </message>
    <message>
        <source>发送时间，格式 hh:mm:ss（定时才填）</source>
        <translation>Send time, format hh:mm:ss (only when scheduled)</translation>
    </message>
    <message>
        <source>定时语音</source>
        <translation>Scheduled voice</translation>
    </message>
    <message>
        <source>在指定的日期和时间下发语音</source>
        <translation>Send a voice message at the given date and time</translation>
    </message>
    <message>
        <source>添加彩信内容</source>
        <translation>Add MMS content</translation>
    </message>
    <message>
        <source>保存彩信内容（XML），返回 taskId 供发送时使用</source>
        <translation>Store MMS content (XML); returns the taskId to send it with</translation>
    </message>
    <message>
        <source>彩信内容，XML 格式（&lt;mms&gt;…&lt;/mms&gt;）</source>
        <translation>MMS content as XML (&lt;mms&gt;…&lt;/mms&gt;)</translation>
    </message>
    <message>
        <source>发送彩信</source>
        <translation>Send MMS</translation>
    </message>
    <message>
        <source>把已添加的彩信内容发给号码</source>
        <translation>Send content added before to numbers</translation>
    </message>
    <message>
        <source>接收号码，多个号码用逗号分隔</source>
        <translation>Recipient numbers, separated by commas</translation>
    </message>
    <message>
        <source>内容资源 ID，添加彩信内容时返回</source>
        <translation>Content ID, returned when the MMS content was added</translation>
    </message>
    <message>
        <source>设置状态回调地址</source>
        <translation>Set status URL</translation>
    </message>
    <message>
        <source>设置接收语音、彩信发送状态的地址</source>
        <translation>Set the address that receives voice and MMS status</translation>
    </message>
    <message>
        <source>回调地址，可带自定义参数</source>
        <translation>Callback URL, may carry your own parameters</translation>
    </message>
    <message>
        <source>发送国际短信</source>
        <translation>Send international SMS</translation>
    </message>
    <message>
        <source>向境外手机下发短信</source>
        <translation>Send an SMS to phones outside mainland China</translation>
    </message>
    <message>
        <source>消息内容，GBK 编码；结尾要加签名，签名写在【】里</source>
        <translation>Message text, GBK; it needs a signature in 【】 at the end</translation>
    </message>
    <message>
        <source>号码：国家代码加号码的数字，不带 + 或 00；多个用逗号隔开，最多 500 个</source>
        <translation>Numbers: country code and number as digits, without + or 00; separated by commas, at most 500</translation>
    </message>
    <message>
        <source>定时发送时间，格式 YYYY-MM-DD hh:mm:ss；立即发送不填</source>
        <translation>Scheduled time, format YYYY-MM-DD hh:mm:ss; leave blank to send now</translation>
    </message>
    <message>
        <source>不用做什么。发送类的命令只表示平台已接受，送达情况稍后由状态报告推送过来。</source>
        <translation>Nothing to do. For sending commands this only means the platform accepted the request; delivery reports follow later.</translation>
    </message>
    <message>
        <source>平台没有执行这次请求。请检查各个参数，改正后再试。</source>
        <translation>The platform did not carry out this request. Check the parameters, correct them and try again.</translation>
    </message>
    <message>
        <source>请检查账号和密码（设置里），ClientApi 还要检查 apiKey 和电脑的时间是否准确。</source>
        <translation>Check the account and password (in Settings); for ClientApi also check the apiKey and that this computer&apos;s clock is right.</translation>
    </message>
    <message>
        <source>这一批一个也没有发出。请检查号码：11 位手机号，用英文逗号隔开。</source>
        <translation>None of this batch was sent. Check the numbers: 11-digit mobile numbers separated by commas.</translation>
    </message>
    <message>
        <source>请检查内容：开头或结尾要有【签名】，不要有敏感词和无法识别的字符。</source>
        <translation>Check the text: it needs a 【signature】 at the start or end, and no sensitive words or characters the platform cannot read.</translation>
    </message>
    <message>
        <source>请求没有执行。稍等一秒再试即可。</source>
        <translation>The request was not carried out. Wait a second and try again.</translation>
    </message>
    <message>
        <source>余额不足，请先充值，再查询余额确认。</source>
        <translation>Not enough balance. Top up first, then read the balance to confirm.</translation>
    </message>
    <message>
        <source>请对照上面的参数表检查必填参数（带 * 的）是否都填了。</source>
        <translation>Check against the parameters above that every required one (marked *) is filled in.</translation>
    </message>
    <message>
        <source>请换一个更复杂的新密码：字母和数字都要有。</source>
        <translation>Choose a stronger new password, with both letters and digits.</translation>
    </message>
    <message>
        <source>（请求没有发出）</source>
        <extracomment>shell placeholders the curl copy uses instead of secrets</extracomment>
        <translation>(the request was not sent)</translation>
    </message>
    <message>
        <source># 参数（解码后）</source>
        <translation># parameters (decoded)</translation>
    </message>
    <message>
        <source>平台的服务器回答了 HTTP {status}，请求没有被执行。请检查接口地址（设置里）。</source>
        <translation>The platform&apos;s server answered HTTP {status}; the request was not carried out. Check the endpoint address (in Settings).</translation>
    </message>
    <message>
        <source>平台返回了无法识别的内容，可能是接口地址不对。</source>
        <translation>The platform answered something unreadable; the endpoint address may be wrong.</translation>
    </message>
    <message>
        <source>。已发送 {sent} 条，还可发送 {left} 条。</source>
        <translation>. {sent} units sent, {left} left.</translation>
    </message>
    <message>
        <source>结果 {code}：</source>
        <translation>Result {code}: </translation>
    </message>
    <message>
        <source>怎么办：</source>
        <translation>What to do: </translation>
    </message>
    <message>
        <source>共 {n} 个字符，GBK 编码后 {b} 字节。</source>
        <translation>{n} characters, {b} bytes in GBK.</translation>
    </message>
    <message>
        <source>第 {pos} 个字符“{ch}”({cp}) 无法用 GBK 编码</source>
        <translation>Character {pos} “{ch}” ({cp}) has no GBK encoding</translation>
    </message>
    <message>
        <source>有无法发送的字符：</source>
        <translation>Characters that cannot be sent:</translation>
    </message>
</context>
<context>
    <name>ConsoleTab</name>
    <message>
        <source>接口调试台</source>
        <translation>API Console</translation>
    </message>
    <message>
        <source>能力类型：平台的三个接口地址</source>
        <translation>Endpoint: the platform&apos;s three API addresses</translation>
    </message>
    <message>
        <source>API 名称：要调用的命令</source>
        <translation>API name: the command to call</translation>
    </message>
    <message>
        <source>接口(&amp;E)：</source>
        <translation>&amp;Endpoint:</translation>
    </message>
    <message>
        <source>命令(&amp;C)：</source>
        <translation>&amp;Command:</translation>
    </message>
    <message>
        <source>方法参数（* 为必填）</source>
        <translation>Parameters (* = required)</translation>
    </message>
    <message>
        <source>原样发送(&amp;W)</source>
        <translation>Send ra&amp;w</translation>
    </message>
    <message>
        <source>不检查参数，按填写的样子发送（空着的参数不发送），用来试平台怎么回答错误的参数</source>
        <translation>Send the parameters exactly as typed, without checks (blank ones are left out), to see how the platform answers wrong parameters</translation>
    </message>
    <message>
        <source>复制为 curl(&amp;Y)</source>
        <translation>Cop&amp;y as curl</translation>
    </message>
    <message>
        <source>把显示的请求复制成 curl 命令；密码和密钥换成 $JIANMI_PSW_MD5 等变量，不会复制出去</source>
        <translation>Copy the request shown as a curl command; the password and key become variables such as $JIANMI_PSW_MD5 and are never copied</translation>
    </message>
    <message>
        <source>调用接口(&amp;R)</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <source>把请求发给平台一次（Ctrl+Enter）</source>
        <translation>Send the request to the platform once (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>点一条记录，再看一次它的请求和返回</source>
        <translation>Click a call to see its request and answer again</translation>
    </message>
    <message>
        <source>本次调用记录(&amp;H)：</source>
        <translation>Call l&amp;og:</translation>
    </message>
    <message>
        <source>发出去的请求：方法、地址和表单；密码和密钥显示为 ******</source>
        <translation>The request sent: method, URL and form; the password and key show as ******</translation>
    </message>
    <message>
        <source>按“调用接口”后，这里显示发出的请求</source>
        <translation>Press “Run” to see the request sent here</translation>
    </message>
    <message>
        <source>平台原样返回的内容</source>
        <translation>The platform&apos;s answer, as it came</translation>
    </message>
    <message>
        <source>这里显示平台原样返回的内容</source>
        <translation>The platform&apos;s raw answer appears here</translation>
    </message>
    <message>
        <source>请求内容</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>返回内容</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>这个结果的意思</source>
        <translation>What the result means</translation>
    </message>
    <message>
        <source>每个字符和它的 GBK 字节；红色的字符无法用 GBK 编码，不能发送</source>
        <translation>Each character with its GBK bytes; characters in red have no GBK encoding and cannot be sent</translation>
    </message>
    <message>
        <source>内容（msg）的 GBK 编码</source>
        <translation>GBK encoding of the content (msg)</translation>
    </message>
    <message>
        <source>（{type}，最长 {n} 个字符）</source>
        <translation> ({type}, at most {n} characters)</translation>
    </message>
    <message>
        <source>还没有选择文件</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <source>选择文件(&amp;F)…</source>
        <translation>Choose &amp;mp3 file…</translation>
    </message>
    <message>
        <source>选择要上传的 mp3 文件（5M 以内）</source>
        <translation>Choose the mp3 file to upload (up to 5 MB)</translation>
    </message>
    <message>
        <source>●●●●●●●● 用设置里的密码</source>
        <translation>●●●●●●●● password from Settings</translation>
    </message>
    <message>
        <source>●●●●●●●● 发送时自动计算</source>
        <translation>●●●●●●●● computed when sent</translation>
    </message>
    <message>
        <source>留空则自动生成</source>
        <translation>Leave blank to generate one</translation>
    </message>
    <message>
        <source>选择 mp3 语音文件</source>
        <translation>Choose an mp3 voice file</translation>
    </message>
    <message>
        <source>mp3 语音文件 (*.mp3);;所有文件 (*)</source>
        <translation>mp3 voice files (*.mp3);;All files (*)</translation>
    </message>
    <message>
        <source>程序还在启动，请稍等再试。</source>
        <translation>The program is still starting; please try again in a moment.</translation>
    </message>
    <message>
        <source>正在准备请求…</source>
        <translation>Preparing the request…</translation>
    </message>
    <message>
        <source>没有发送：语音文件太大，{size} 字节，最多 {most} 字节（5M）</source>
        <translation>Not sent: the voice file is too large, {size} bytes; at most {most} bytes (5 MB)</translation>
    </message>
    <message>
        <source>没有发送：{reason}</source>
        <translation>Not sent: {reason}</translation>
    </message>
    <message>
        <source>确认调用</source>
        <translation>Confirm call</translation>
    </message>
    <message>
        <source>现在是正式模式：{cmd} 会真的执行（可能扣费或修改账户）。确定要调用吗？</source>
        <translation>This is production mode: {cmd} will really run (it may cost money or change the account). Call it?</translation>
    </message>
    <message>
        <source>调用(&amp;Y)</source>
        <translation>&amp;Yes, call</translation>
    </message>
    <message>
        <source>已取消，没有发送。</source>
        <translation>Cancelled; nothing was sent.</translation>
    </message>
    <message>
        <source>正在调用 {cmd}…</source>
        <translation>Calling {cmd}…</translation>
    </message>
    <message>
        <source>等待平台回答…</source>
        <translation>Waiting for the platform&apos;s answer…</translation>
    </message>
    <message>
        <source>密码已改成新密码，本次运行接下来都用新密码。请到“设置”里把密码也改成新密码。</source>
        <translation>The password was changed; this session now uses the new one. Please enter it in Settings too.</translation>
    </message>
    <message>
        <source>无回答</source>
        <translation>no answer</translation>
    </message>
    <message>
        <source>{when}  {cmd} → {outcome}（{ms:.0f} 毫秒）</source>
        <translation>{when}  {cmd} → {outcome} ({ms:.0f} ms)</translation>
    </message>
    <message>
        <source>HTTP {status} · 用时 {ms:.0f} 毫秒</source>
        <translation>HTTP {status} · took {ms:.0f} ms</translation>
    </message>
    <message>
        <source>没有收到 HTTP 回答 · 用时 {ms:.0f} 毫秒</source>
        <translation>No HTTP answer · after {ms:.0f} ms</translation>
    </message>
    <message>
        <source>已复制 curl 命令（密码和密钥用 $JIANMI_PSW_MD5、$KEY 等变量代替）。</source>
        <translation>curl command copied (the password and key are variables such as $JIANMI_PSW_MD5 and $KEY).</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>系统错误：{reason}</source>
        <translation>System error: {reason}</translation>
    </message>
    <message>
        <source>程序内部错误：{error}（详情已写入日志）</source>
        <translation>Internal error: {error} (details are in the log)</translation>
    </message>
</context>
<context>
    <name>CountWords</name>
    <message numerus="yes">
        <source>发送{name}：%Ln 个号码还没有发出。</source>
        <extracomment>campaigns &quot;发送此任务…&quot; sends: written down and not sent (a follow-up), paused or stopped</extracomment>
        <translation>
            <numerusform>Send {name}: %Ln number has not gone out yet.</numerusform>
            <numerusform>Send {name}: %Ln numbers have not gone out yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>计费：共约 %Ln 条。</source>
        <translation>
            <numerusform>Billing: about %Ln message in all.</numerusform>
            <numerusform>Billing: about %Ln messages in all.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name} 有 %Ln 个号码结果不确定：请求已经发出，但没有收到平台的答复。</source>
        <translation>
            <numerusform>{name} has %Ln uncertain number: the request left, but the platform&apos;s answer never came.</numerusform>
            <numerusform>{name} has %Ln uncertain numbers: the request left, but the platform&apos;s answer never came.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>这个任务还有 %Ln 个号码没有发出，也会一起发送。</source>
        <translation>
            <numerusform>%Ln number of this campaign has not been sent yet; it is sent too.</numerusform>
            <numerusform>%Ln numbers of this campaign have not been sent yet; they are sent too.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>确定要把这 %Ln 个号码重新发送一次吗？</source>
        <translation>
            <numerusform>Resend to the uncertain number (%Ln)?</numerusform>
            <numerusform>Resend to the uncertain numbers (%Ln in all)?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>重新发送完成：已提交 %Ln 个号码</source>
        <translation>
            <numerusform>Resend finished: %Ln number submitted</numerusform>
            <numerusform>Resend finished: %Ln numbers submitted</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Drafts</name>
    <message>
        <source>（还没有最近的草稿）</source>
        <translation>(no recent drafts yet)</translation>
    </message>
    <message>
        <source>清除列表</source>
        <translation>Clear list</translation>
    </message>
    <message>
        <source>打开彩信草稿</source>
        <translation>Open MMS draft</translation>
    </message>
    <message>
        <source>彩信草稿 (*{suffix})</source>
        <translation>MMS drafts (*{suffix})</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>打开草稿</source>
        <translation>Open draft</translation>
    </message>
    <message>
        <source>保存彩信草稿</source>
        <translation>Save MMS draft</translation>
    </message>
    <message>
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>计算中…</source>
        <translation>calculating…</translation>
    </message>
    <message>
        <source>几秒钟</source>
        <translation>a few seconds</translation>
    </message>
    <message>
        <source>约 {s} 秒</source>
        <translation>about {s} s</translation>
    </message>
    <message>
        <source>约 {m} 分钟</source>
        <translation>about {m} min</translation>
    </message>
    <message>
        <source>约 {h} 小时</source>
        <translation>about {h} h</translation>
    </message>
    <message>
        <source>约 {h} 小时 {m} 分钟</source>
        <translation>about {h} h {m} min</translation>
    </message>
</context>
<context>
    <name>FrameEditor</name>
    <message>
        <source>这一帧显示的文字（可以不填，但每一帧要有图片或文字）</source>
        <translation>Text shown in this frame (optional, but every frame needs a picture or text)</translation>
    </message>
    <message>
        <source>文字：</source>
        <translation>Text:</translation>
    </message>
    <message>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <source>这一帧在手机上显示多长时间（1 到 60 秒）</source>
        <translation>How long this frame shows on the phone (1 to 60 seconds)</translation>
    </message>
    <message>
        <source>显示时间：</source>
        <translation>Show for:</translation>
    </message>
    <message>
        <source>图片大小占每帧 80,000 字节上限的比例</source>
        <translation>The picture&apos;s size against the 80,000-byte limit per frame</translation>
    </message>
    <message>
        <source>图片大小：</source>
        <translation>Picture size:</translation>
    </message>
    <message>
        <source>选择图片…</source>
        <translation>Choose picture…</translation>
    </message>
    <message>
        <source>为这一帧选择一张图片（替换原来的图片）</source>
        <translation>Choose a picture for this frame (replaces the current one)</translation>
    </message>
    <message>
        <source>去掉图片</source>
        <translation>Remove picture</translation>
    </message>
    <message>
        <source>这一帧只留文字</source>
        <translation>Keep only the text in this frame</translation>
    </message>
    <message>
        <source>第 {n} 帧</source>
        <translation>Frame {n}</translation>
    </message>
    <message>
        <source>没有选中的帧</source>
        <translation>No frame selected</translation>
    </message>
    <message>
        <source>{n} 个字</source>
        <translation>{n} characters</translation>
    </message>
    <message>
        <source>；有 {n} 个字符无法发送（例如“{c}”）</source>
        <translation>; {n} characters cannot be sent (for example “{c}”)</translation>
    </message>
    <message>
        <source>；超过 {max} 个字</source>
        <translation>; over {max} characters</translation>
    </message>
    <message>
        <source>没有图片</source>
        <translation>No picture</translation>
    </message>
    <message>
        <source>没有图片：把图片拖到上面的缩略图上，或点“选择图片…”</source>
        <translation>No picture: drop one on the thumbnail above, or click “Choose picture…”</translation>
    </message>
    <message>
        <source>{size} / 80,000 字节</source>
        <translation>{size} / 80,000 bytes</translation>
    </message>
    <message>
        <source>JPEG 质量 {q}</source>
        <translation>JPEG quality {q}</translation>
    </message>
    <message>
        <source>{name}：{w}×{h} 像素，{quality}，{kb} KB</source>
        <translation>{name}: {w}×{h} pixels, {quality}, {kb} KB</translation>
    </message>
    <message>
        <source>图片</source>
        <translation>Picture</translation>
    </message>
</context>
<context>
    <name>FrameStrip</name>
    <message>
        <source>把图片文件拖到这里，每张图片成为一帧；拖到某一帧上则替换它的图片。拖动缩略图可以调整顺序。</source>
        <translation>Drop picture files here, one frame each; drop one on a frame to replace its picture. Drag the thumbnails to reorder.</translation>
    </message>
    <message>
        <source>{kb} KB</source>
        <translation>{kb} KB</translation>
    </message>
    <message>
        <source>文字</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>第 {n} 帧 · {s} 秒</source>
        <translation>Frame {n} · {s} s</translation>
    </message>
    <message>
        <source>第 {n} 帧，显示 {s} 秒</source>
        <translation>Frame {n}, shows {s} s</translation>
    </message>
    <message>
        <source>图片：{name}（{w}×{h}，{size} 字节）</source>
        <translation>Picture: {name} ({w}×{h}, {size} bytes)</translation>
    </message>
    <message>
        <source>文字：{text}</source>
        <translation>Text: {text}</translation>
    </message>
    <message>
        <source>（空白帧）</source>
        <translation>(empty frame)</translation>
    </message>
    <message>
        <source>把图片文件拖到这里（可以一次拖多张），或点“添加帧”、粘贴图片（Ctrl+V）</source>
        <translation>Drop picture files here (several at once), or click “Add frame”, or paste a picture (Ctrl+V)</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>发送记录</source>
        <extracomment>the recipient states the filter offers, in the order of a recipient&apos;s way</extracomment>
        <translation>History</translation>
    </message>
    <message>
        <source>发送任务（选中一个任务，下方只显示它的号码）</source>
        <translation>Campaigns (select one to see only its numbers below)</translation>
    </message>
    <message>
        <source>等待状态报告</source>
        <translation>Wait for reports</translation>
    </message>
    <message>
        <source>什么也不发送：状态报告到达后，不确定的号码会自动变为已送达或未送达</source>
        <translation>Sends nothing: when the delivery reports arrive, uncertain numbers become delivered or undelivered by themselves</translation>
    </message>
    <message>
        <source>重新发送…</source>
        <translation>Resend…</translation>
    </message>
    <message>
        <source>把结果不确定的号码再发一次（会先请您确认：对方可能收到两次）</source>
        <translation>Send the uncertain numbers once more (you are asked first: people may get the message twice)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>重新读取任务和号码的状态（F5）</source>
        <translation>Read the campaigns and numbers again (F5)</translation>
    </message>
    <message>
        <source>发送此任务…</source>
        <translation>Send this campaign…</translation>
    </message>
    <message>
        <source>任务报告(&amp;B)…</source>
        <translation>Campaign re&amp;port…</translation>
    </message>
    <message>
        <source>所选任务的送达情况、图表和未送达的原因；可给未送达的号码重发（也可双击任务）</source>
        <translation>Delivery of the selected campaign, with a chart and the reasons for undelivered numbers; you can resend to those (or double-click a campaign)</translation>
    </message>
    <message>
        <source>号码：</source>
        <translation>Number:</translation>
    </message>
    <message>
        <source>输入号码或其中几位（Ctrl+F）</source>
        <translation>Type a number or part of it (Ctrl+F)</translation>
    </message>
    <message>
        <source>按号码查找（Ctrl+F）</source>
        <translation>Find by number (Ctrl+F)</translation>
    </message>
    <message>
        <source>开头是</source>
        <translation>starts with</translation>
    </message>
    <message>
        <source>包含</source>
        <translation>contains</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>只显示这个状态的号码</source>
        <translation>Show only numbers in this state</translation>
    </message>
    <message>
        <source>创建日期</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>只显示在这段日期里创建的任务的号码</source>
        <translation>Show only numbers of campaigns created between these dates</translation>
    </message>
    <message>
        <source>从这一天创建的任务起</source>
        <translation>Campaigns created from this day</translation>
    </message>
    <message>
        <source>到这一天创建的任务止</source>
        <translation>Campaigns created up to this day</translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>显示所选任务的全部号码</source>
        <translation>Show all numbers of the selected campaign</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>停止导出</source>
        <translation>Stop export</translation>
    </message>
    <message>
        <source>导出 CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>把当前筛选出的全部号码存为 CSV 文件（UTF-8，Excel 可直接打开）</source>
        <translation>Save every number the filter shows as a CSV file (UTF-8; Excel opens it directly)</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>把当前筛选出的全部号码存为 Excel 工作簿（.xlsx），长数字不会变形</source>
        <translation>Save every number the filter shows as an Excel workbook (.xlsx); long numbers stay intact</translation>
    </message>
    <message numerus="yes">
        <source>这个任务有 %Ln 个号码结果不确定：请求已经发出，但没有收到平台的答复，不知道是否发出了。您可以等待状态报告，或者重新发送（对方可能收到两次）。</source>
        <translation>
            <numerusform>%Ln number in this campaign is uncertain: the request left but the platform&apos;s answer never came, so it is not known whether it was sent. You can wait for the delivery reports, or resend (the recipient may get it twice).</numerusform>
            <numerusform>%Ln numbers in this campaign are uncertain: the request left but the platform&apos;s answer never came, so it is not known whether they were sent. You can wait for the delivery reports, or resend (the recipients may get it twice).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>已显示 %Ln 个号码</source>
        <translation>
            <numerusform>Showing %Ln number</numerusform>
            <numerusform>Showing %Ln numbers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>，共 %Ln 个</source>
        <translation>
            <numerusform> of %Ln</numerusform>
            <numerusform> of %Ln</numerusform>
        </translation>
    </message>
    <message>
        <source>（向下滚动显示更多）</source>
        <translation> (scroll down for more)</translation>
    </message>
    <message numerus="yes">
        <source>共 %Ln 个号码</source>
        <translation>
            <numerusform>%Ln number</numerusform>
            <numerusform>%Ln numbers</numerusform>
        </translation>
    </message>
    <message>
        <source>发送此任务</source>
        <translation>Send this campaign</translation>
    </message>
    <message>
        <source>{name} 是在另一个账号或沙箱（{account}）下建的，不能用现在的账号（{current}）发送。

请切换回那个账号后再发送。</source>
        <translation>{name} was made under another account or the sandbox ({account}) and cannot be sent with the current account ({current}).

Switch back to that account to send it.</translation>
    </message>
    <message>
        <source>{name} 已经没有需要发送的号码了。</source>
        <translation>{name} has no numbers left to send.</translation>
    </message>
    <message>
        <source>这是{source} 的重发任务。</source>
        <translation>It resends numbers of {source}.</translation>
    </message>
    <message>
        <source>正在发送{name}，这个任务会在它结束后开始。</source>
        <translation>{name} is being sent; this one starts when it ends.</translation>
    </message>
    <message>
        <source>内容：</source>
        <translation>Text:</translation>
    </message>
    <message>
        <source>确定现在发送吗？</source>
        <translation>Send it now?</translation>
    </message>
    <message>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>{name} 已开始发送，进度在“{tab}”页显示。</source>
        <translation>{name} is being sent; its progress shows on the “{tab}” tab.</translation>
    </message>
    <message>
        <source>这次什么也不会发送。

平台收到短信后会发回状态报告。报告到达时，结果不确定的号码会自动变为“已送达”或“未送达”，这里的数字也会随之更新。

如果过了很久（例如一天）仍然不确定，说明平台很可能没有收到，这时再考虑重新发送。</source>
        <translation>Nothing is sent this time.

The platform sends back a delivery report for each message it received. When a report arrives, the uncertain number becomes “Delivered” or “Undelivered” and the counts here update.

If a number is still uncertain after a long time (a day, say), the platform most likely never received it; only then consider resending.</translation>
    </message>
    <message>
        <source>重新发送</source>
        <translation>Resend</translation>
    </message>
    <message>
        <source>这个任务正在发送，请等它结束后再重新发送。</source>
        <translation>This campaign is still sending; please wait until it ends before resending.</translation>
    </message>
    <message>
        <source>平台可能已经收到并发出了它们。重新发送后，同一个人可能会收到两次同样的内容，费用也可能扣两次。

如果不着急，建议先等待状态报告：报告到达后，这些号码会自动变为已送达或未送达。</source>
        <translation>The platform may have received and sent them. If they are resent, the same person may get the same content twice, and it may be charged twice.

If it is not urgent, wait for the delivery reports first: when they arrive, these numbers become delivered or undelivered by themselves.</translation>
    </message>
    <message>
        <source>，失败 {failed} 个，仍不确定 {unsure} 个。</source>
        <translation>, {failed} failed, {unsure} still uncertain.</translation>
    </message>
    <message>
        <source>正在重新发送{name} 中结果不确定的号码…</source>
        <translation>Resending the uncertain numbers of {name}…</translation>
    </message>
    <message>
        <source>重新发送结果不确定的号码</source>
        <translation>Resend uncertain numbers</translation>
    </message>
    <message>
        <source>先不发</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>把所选任务里还没有发出的号码发出去（例如“给未送达的号码重发”建的新任务，或暂停、停止的任务）；进度在任务所属的那一页显示</source>
        <translation>Send the numbers of the selected campaign that have not gone out yet (for example a campaign made by “Resend to undelivered”, or a paused or stopped one); the progress shows on the tab of its kind</translation>
    </message>
    <message>
        <source>只显示这个号码；可以只输入开头几位，或选“尾号是”“包含”后输入几位</source>
        <translation>Show only this number; type its first digits, or choose “ends with” or “contains” and type a few digits</translation>
    </message>
    <message>
        <source>尾号是</source>
        <translation>ends with</translation>
    </message>
    <message>
        <source>“开头是”“尾号是”都很快；“包含”查号码中间任意几位</source>
        <translation>“starts with” and “ends with” are fast; “contains” finds digits anywhere in the number</translation>
    </message>
    <message>
        <source>短信</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>已经发出的号码不会再发。发送进度在“{tab}”页显示，可以在那里暂停或取消。</source>
        <translation>Numbers already sent are not sent again. The progress shows on the {tab} tab, where you can pause or cancel the send.</translation>
    </message>
    <message>
        <source>发送停止了：{reason}</source>
        <translation>Sending stopped: {reason}</translation>
    </message>
    <message>
        <source>发送记录-{date}.{ext}</source>
        <translation>history-{date}.{ext}</translation>
    </message>
    <message>
        <source>导出发送记录</source>
        <translation>Export history</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>已导出 {n} 个号码到 {path}</source>
        <translation>Exported to {path}: {n} in all</translation>
    </message>
    <message>
        <source>导出已停止，没有留下不完整的文件。</source>
        <translation>Export stopped; no partial file was left behind.</translation>
    </message>
    <message>
        <source>文件写不进去：{reason}</source>
        <translation>Could not write the file: {reason}</translation>
    </message>
</context>
<context>
    <name>InboxTab</name>
    <message>
        <source>收件箱</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>收到的回复（上行短信）</source>
        <translation>Replies received (inbound SMS)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>重新读取全部回复（F5）</source>
        <translation>Read all replies again (F5)</translation>
    </message>
    <message>
        <source>查找号码、内容或任务（Ctrl+F）</source>
        <translation>Find a number, text or campaign (Ctrl+F)</translation>
    </message>
    <message>
        <source>只显示含有这些字的回复；多个词用空格隔开，要全部含有</source>
        <translation>Show only replies containing these words; separate words with spaces, all must match</translation>
    </message>
    <message>
        <source>只看退订(&amp;T)</source>
        <translation>Opt-ou&amp;ts only</translation>
    </message>
    <message>
        <source>只显示要求退订的回复（T、TD、N、R、退订、取消、拒收）</source>
        <translation>Show only replies asking to opt out (T, TD, N, R, 退订, 取消, 拒收)</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>把所选号码加入退订名单(&amp;O)</source>
        <translation>Add selected to &amp;opt-out list</translation>
    </message>
    <message>
        <source>对方的回复不是退订词、但意思是不想再收到（例如“别再发了”）时，手动加入退订名单</source>
        <translation>Add to the opt-out list by hand when a reply means “stop” without using an opt-out word</translation>
    </message>
    <message>
        <source>还没有收到回复。对方回复短信后，会自动出现在这里。</source>
        <translation>No replies yet. Replies to your SMS appear here by themselves.</translation>
    </message>
    <message numerus="yes">
        <source>共 %Ln 条回复</source>
        <translation>
            <numerusform>%Ln reply</numerusform>
            <numerusform>%Ln replies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>，其中 %Ln 条是退订</source>
        <translation>
            <numerusform>, %Ln of them an opt-out</numerusform>
            <numerusform>, %Ln of them opt-outs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>显示 %Ln 条，</source>
        <translation>
            <numerusform>Showing %Ln of </numerusform>
            <numerusform>Showing %Ln of </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>（其中 %Ln 条是退订）</source>
        <translation>
            <numerusform> (%Ln opt-out)</numerusform>
            <numerusform> (%Ln opt-outs)</numerusform>
        </translation>
    </message>
    <message>
        <source>；只显示最近的 {limit} 条</source>
        <translation>; only the latest {limit} are shown</translation>
    </message>
</context>
<context>
    <name>InvalidModel</name>
    <message>
        <source>行号</source>
        <extracomment>the groups in English (the reasons come in both languages; the grouping is done on the Chinese)</extracomment>
        <translation>Line</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>茧米桌面</source>
        <translation>Jianmi Desktop</translation>
    </message>
    <message>
        <source>正在启动…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>设置(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>工具(&amp;T)</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>接口调试台(&amp;D)…</source>
        <translation>API &amp;Console…</translation>
    </message>
    <message>
        <source>直接调用平台的接口（给技术人员排查问题用）</source>
        <translation>Call the platform&apos;s API directly (for technical staff tracking down a problem)</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>使用说明(&amp;G)</source>
        <translation>User &amp;guide</translation>
    </message>
    <message>
        <source>欢迎页(&amp;W)</source>
        <translation>&amp;Welcome</translation>
    </message>
    <message>
        <source>打开日志文件夹(&amp;L)</source>
        <translation>Open &amp;Log Folder</translation>
    </message>
    <message>
        <source>关于茧米桌面(&amp;A)</source>
        <translation>&amp;About Jianmi Desktop</translation>
    </message>
    <message>
        <source>接口调试台 — 茧米桌面</source>
        <translation>API Console — Jianmi Desktop</translation>
    </message>
    <message>
        <source>找不到使用说明文件：{path}。请重新安装程序。</source>
        <translation>The user guide is missing: {path}. Please install the program again.</translation>
    </message>
    <message>
        <source>关于茧米桌面</source>
        <translation>About Jianmi Desktop</translation>
    </message>
    <message>
        <source>茧米桌面 {version}
茧米云通讯平台的桌面程序：短信、语音、彩信。
数据文件夹：{folder}</source>
        <translation>Jianmi Desktop {version}
The desktop program for the Jianmi cloud communications platform: SMS, voice and MMS.
Data folder: {folder}</translation>
    </message>
    <message>
        <source>沙箱模式（本机模拟）</source>
        <translation>Sandbox mode (simulated on this computer)</translation>
    </message>
    <message>
        <source>正式模式：{url}</source>
        <translation>Production mode: {url}</translation>
    </message>
    <message>
        <source>没能把状态回调地址告诉平台（{error}），语音和彩信的状态可能收不到。程序下次启动时会再试。</source>
        <translation>Could not give the platform the status callback address ({error}); voice and MMS status may not arrive. The program tries again at its next start.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>MmsSending</name>
    <message>
        <source>发送彩信…</source>
        <translation>Send MMS…</translation>
    </message>
    <message>
        <source>显示确认信息，确认后发送（Ctrl+Enter）</source>
        <translation>Shows a confirmation; sends after you confirm (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>彩信标题：{title}</source>
        <translation>MMS title: {title}</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 帧</source>
        <translation>
            <numerusform>%n frame</numerusform>
            <numerusform>%n frames</numerusform>
        </translation>
    </message>
    <message>
        <source>，约 {kb} KB，播放 {seconds} 秒</source>
        <translation>, about {kb} KB, plays {seconds} s</translation>
    </message>
    <message numerus="yes">
        <source>预计用时：约 {time}（%Ln 次请求）</source>
        <translation>
            <numerusform>Estimated time: about {time} (%Ln request)</numerusform>
            <numerusform>Estimated time: about {time} (%Ln requests)</numerusform>
        </translation>
    </message>
    <message>
        <source>收件人：{n} 位</source>
        <translation>Recipients: {n}</translation>
    </message>
    <message>
        <source>计费：每位 1 条彩信，共 {n} 条</source>
        <translation>Billing: 1 MMS per recipient, {n} in all</translation>
    </message>
    <message>
        <source>确认发送彩信</source>
        <translation>Confirm MMS send</translation>
    </message>
    <message>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>发送彩信</source>
        <translation>Send MMS</translation>
    </message>
</context>
<context>
    <name>MmsTab</name>
    <message>
        <source>彩信</source>
        <translation>MMS</translation>
    </message>
    <message>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>彩信标题，收件人在手机上首先看到它</source>
        <translation>MMS title: the first thing recipients see on the phone</translation>
    </message>
    <message>
        <source>打开草稿…</source>
        <translation>Open draft…</translation>
    </message>
    <message>
        <source>打开保存过的彩信草稿（Ctrl+O）</source>
        <translation>Open a saved MMS draft (Ctrl+O)</translation>
    </message>
    <message>
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>把标题、各帧的图片和文字保存成一个文件（Ctrl+S）</source>
        <translation>Save the title and every frame&apos;s picture and text in one file (Ctrl+S)</translation>
    </message>
    <message>
        <source>最近的草稿</source>
        <translation>Recent drafts</translation>
    </message>
    <message>
        <source>最近打开或保存过的草稿</source>
        <translation>Drafts opened or saved recently</translation>
    </message>
    <message>
        <source>添加帧</source>
        <translation>Add frame</translation>
    </message>
    <message>
        <source>在当前帧后面加一个空白帧</source>
        <translation>Add an empty frame after the current one</translation>
    </message>
    <message>
        <source>添加图片…</source>
        <translation>Add pictures…</translation>
    </message>
    <message>
        <source>选择图片文件，每张图片成为一帧</source>
        <translation>Choose picture files, one frame each</translation>
    </message>
    <message>
        <source>粘贴图片</source>
        <translation>Paste picture</translation>
    </message>
    <message>
        <source>把剪贴板里的图片或图片文件加为新的一帧（Ctrl+V）</source>
        <translation>Add the picture or picture files on the clipboard as new frames (Ctrl+V)</translation>
    </message>
    <message>
        <source>复制帧</source>
        <translation>Duplicate frame</translation>
    </message>
    <message>
        <source>复制当前帧，放在它后面</source>
        <translation>Copy the current frame and put the copy after it</translation>
    </message>
    <message>
        <source>删除帧</source>
        <translation>Delete frame</translation>
    </message>
    <message>
        <source>删除当前帧（Delete）</source>
        <translation>Delete the current frame (Delete)</translation>
    </message>
    <message>
        <source>把当前帧往前移一位</source>
        <translation>Move the current frame one place earlier</translation>
    </message>
    <message>
        <source>把当前帧往后移一位</source>
        <translation>Move the current frame one place later</translation>
    </message>
    <message>
        <source>后移</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>撤销上一步（Ctrl+Z）</source>
        <translation>Undo the last step (Ctrl+Z)</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>重做撤销的一步（Ctrl+Shift+Z）</source>
        <translation>Redo the undone step (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>正在读写草稿…</source>
        <translation>Reading or writing the draft…</translation>
    </message>
    <message>
        <source>未保存的草稿</source>
        <translation>Unsaved draft</translation>
    </message>
    <message>
        <source>（有改动未保存）</source>
        <translation> (unsaved changes)</translation>
    </message>
    <message>
        <source>修改标题</source>
        <translation>Change title</translation>
    </message>
    <message>
        <source>修改文字</source>
        <translation>Change text</translation>
    </message>
    <message>
        <source>修改显示时间</source>
        <translation>Change time shown</translation>
    </message>
    <message>
        <source>调整顺序</source>
        <translation>Reorder</translation>
    </message>
    <message>
        <source>去掉图片</source>
        <translation>Remove picture</translation>
    </message>
    <message numerus="yes">
        <source>正在处理 %n 张图片…</source>
        <translation>
            <numerusform>Processing %n picture…</numerusform>
            <numerusform>Processing %n pictures…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n 张图片没有加入：</source>
        <translation>
            <numerusform>%n picture was not added:</numerusform>
            <numerusform>%n pictures were not added:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>添加 %n 帧</source>
        <translation>
            <numerusform>Add %n frame</numerusform>
            <numerusform>Add %n frames</numerusform>
        </translation>
    </message>
    <message>
        <source>添加图片</source>
        <translation>Add pictures</translation>
    </message>
    <message>
        <source>前移</source>
        <translation>Earlier</translation>
    </message>
    <message numerus="yes">
        <source>{name}{changed} · 共 %n 帧 · 约 {kb} KB · 播放 {s} 秒</source>
        <translation>
            <numerusform>{name}{changed} · %n frame · about {kb} KB · plays {s} s</numerusform>
            <numerusform>{name}{changed} · %n frames · about {kb} KB · plays {s} s</numerusform>
        </translation>
    </message>
    <message>
        <source>这张图片没有加入：</source>
        <translation>This picture was not added:</translation>
    </message>
    <message>
        <source>替换图片</source>
        <translation>Replace picture</translation>
    </message>
    <message>
        <source>剪贴板里没有图片。请先在别的程序里复制一张图片或图片文件。</source>
        <translation>There is no picture on the clipboard. Copy a picture or a picture file in another program first.</translation>
    </message>
    <message>
        <source>粘贴的图片</source>
        <translation>pasted picture</translation>
    </message>
    <message>
        <source>正在处理粘贴的图片…</source>
        <translation>Processing the pasted picture…</translation>
    </message>
    <message>
        <source>选择图片</source>
        <translation>Choose pictures</translation>
    </message>
    <message>
        <source>图片 ({patterns})</source>
        <translation>Pictures ({patterns})</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>自动保存的草稿</source>
        <translation>the autosaved draft</translation>
    </message>
    <message>
        <source>打开草稿 {name}</source>
        <translation>Open draft {name}</translation>
    </message>
</context>
<context>
    <name>OptOutModel</name>
    <message>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>加入时间</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>对方回复退订</source>
        <translation>Replied to opt out</translation>
    </message>
    <message>
        <source>手动添加</source>
        <translation>Added by hand</translation>
    </message>
    <message>
        <source>从文件导入</source>
        <translation>Imported from a file</translation>
    </message>
    <message>
        <source>对方回复了 T、TD、N、R、退订、取消或拒收，程序自动加入</source>
        <translation>The person replied T, TD, N, R, 退订, 取消 or 拒收, and the program added the number</translation>
    </message>
</context>
<context>
    <name>OptOutPanel</name>
    <message>
        <source>退订名单</source>
        <translation>Opt-out list</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>名单里的号码不会再收到任何任务的短信。</source>
        <translation>Numbers on this list get no more SMS from any campaign.</translation>
    </message>
    <message>
        <source>查找号码或来源</source>
        <translation>Find a number or source</translation>
    </message>
    <message>
        <source>只显示含有这些字的号码</source>
        <translation>Show only numbers containing this</translation>
    </message>
    <message>
        <source>输入号码，多个号码用逗号隔开</source>
        <translation>Type numbers, separated by commas</translation>
    </message>
    <message>
        <source>输入要加入退订名单的手机号，按回车添加</source>
        <translation>Type mobile numbers to add to the opt-out list and press Enter</translation>
    </message>
    <message>
        <source>添加(&amp;A)</source>
        <translation>Add to &amp;list</translation>
    </message>
    <message>
        <source>把输入的号码加入退订名单（会先检查号码是否正确）</source>
        <translation>Add the numbers typed to the opt-out list (they are checked first)</translation>
    </message>
    <message>
        <source>移出所选(&amp;D)…</source>
        <translation>Remove selecte&amp;d…</translation>
    </message>
    <message>
        <source>把选中的号码移出退订名单，以后的任务又会发给它们（Delete 键）</source>
        <translation>Take the selected numbers off the list; later campaigns will send to them again (Delete key)</translation>
    </message>
    <message>
        <source>导入(&amp;I)…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>从文本文件（每行一个号码）、CSV 或 Excel 文件加入号码</source>
        <translation>Add numbers from a text file (one a line), a CSV or an Excel file</translation>
    </message>
    <message>
        <source>导出 CSV(&amp;E)…</source>
        <translation>&amp;Export CSV…</translation>
    </message>
    <message>
        <source>把整个退订名单存为 CSV 文件（Excel 可直接打开）</source>
        <translation>Save the whole opt-out list as a CSV file (Excel opens it directly)</translation>
    </message>
    <message>
        <source>这些号码不对，没有加入：
{reasons}</source>
        <translation>These numbers are wrong and were not added:
{reasons}</translation>
    </message>
    <message>
        <source>号码不对</source>
        <translation>Wrong numbers</translation>
    </message>
    <message>
        <source>已加入 {added} 个号码（{same} 个本来就在名单里）。</source>
        <translation>Added {added} numbers ({same} were already on the list).</translation>
    </message>
    <message>
        <source>移出退订名单</source>
        <translation>Remove from opt-out list</translation>
    </message>
    <message>
        <source>移出</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>不移出</source>
        <translation>Keep</translation>
    </message>
    <message numerus="yes">
        <source>已移出 %Ln 个号码。</source>
        <translation>
            <numerusform>Removed %Ln number.</numerusform>
            <numerusform>Removed %Ln numbers.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>从 {name} 加入了 %Ln 个号码</source>
        <translation>
            <numerusform>Added %Ln number from {name}</numerusform>
            <numerusform>Added %Ln numbers from {name}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>已把 %Ln 个号码导出到 {path}</source>
        <translation>
            <numerusform>Exported %Ln number to {path}</numerusform>
            <numerusform>Exported %Ln numbers to {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>导入退订号码</source>
        <translation>Import opt-out numbers</translation>
    </message>
    <message numerus="yes">
        <source>共 %Ln 个号码</source>
        <translation>
            <numerusform>%Ln number</numerusform>
            <numerusform>%Ln numbers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>（其中 %Ln 个是对方回复退订）</source>
        <translation>
            <numerusform> (%Ln opted out by reply)</numerusform>
            <numerusform> (%Ln opted out by reply)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>确定要把这 %Ln 个号码移出退订名单吗？

{numbers}

移出后，以后的任务又会发给它们。如果对方曾回复退订，再发送可能引起投诉。</source>
        <translation>
            <numerusform>Take %Ln number off the opt-out list?

{numbers}

Later campaigns will send to it again. If it replied to opt out, sending again may cause a complaint.</numerusform>
            <numerusform>Take these %Ln numbers off the opt-out list?

{numbers}

Later campaigns will send to them again. If they replied to opt out, sending again may cause complaints.</numerusform>
        </translation>
    </message>
    <message>
        <source>号码文件 (*.txt *.csv *.xlsx *.xls)</source>
        <translation>Number files (*.txt *.csv *.xlsx *.xls)</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>正在读取 {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <source>{n} 个本来就在名单里</source>
        <translation>{n} already on the list</translation>
    </message>
    <message>
        <source>{n} 个在文件里重复</source>
        <translation>{n} repeated in the file</translation>
    </message>
    <message>
        <source>{n} 个号码不对，没有加入</source>
        <translation>{n} wrong numbers not added</translation>
    </message>
    <message>
        <source>（{details}）</source>
        <translation> ({details})</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>。</source>
        <translation>.</translation>
    </message>
    <message>
        <source>退订名单-{date}.csv</source>
        <translation>opt-out-list-{date}.csv</translation>
    </message>
    <message>
        <source>导出退订名单</source>
        <translation>Export opt-out list</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>PasswordTab</name>
    <message>
        <source>修改茧米平台账号的密码。改好以后，本程序会马上改用新密码，并把它保存在系统钥匙串里。</source>
        <translation>Change the password of your Jianmi account. Once changed, this program uses the new password at once and keeps it in the system keychain.</translation>
    </message>
    <message>
        <source>现在使用的密码</source>
        <translation>The password in use now</translation>
    </message>
    <message>
        <source>6 到 32 个字符，字母和数字都要有</source>
        <translation>6 to 32 characters, with both letters and digits</translation>
    </message>
    <message>
        <source>把新密码再输入一次</source>
        <translation>Type the new password again</translation>
    </message>
    <message>
        <source>旧密码(&amp;O)：</source>
        <translation>&amp;Old password:</translation>
    </message>
    <message>
        <source>新密码(&amp;N)：</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <source>确认新密码(&amp;C)：</source>
        <translation>&amp;Confirm new password:</translation>
    </message>
    <message>
        <source>显示密码(&amp;S)</source>
        <translation>&amp;Show passwords</translation>
    </message>
    <message>
        <source>显示输入的密码，方便检查有没有打错；注意身边有没有人</source>
        <translation>Show what you typed to check for mistakes; mind who is looking</translation>
    </message>
    <message>
        <source>修改密码(&amp;M)</source>
        <translation>Change &amp;password</translation>
    </message>
    <message>
        <source>把新密码提交给平台</source>
        <translation>Send the new password to the platform</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>沙箱模式：这里改的是本机模拟账号的密码（它的初始密码是 demo1234），不会影响真实账号。</source>
        <translation>Sandbox mode: this changes the password of the simulated account on this computer (its first password is demo1234); no real account is affected.</translation>
    </message>
    <message>
        <source>新密码和旧密码一样，请换一个。</source>
        <translation>The new password is the same as the old one; please choose another.</translation>
    </message>
    <message>
        <source>✓ 密码强度符合平台要求。</source>
        <translation>✓ The password meets the platform&apos;s rules.</translation>
    </message>
    <message>
        <source>6 到 32 个字符；不能全是数字、全是字母，也不能是同一个字符重复。</source>
        <translation>6 to 32 characters; not all digits, not all letters, and not one character repeated.</translation>
    </message>
    <message>
        <source>太短了：至少要 6 个字符（现在 {n} 个）。</source>
        <translation>Too short: at least 6 characters (now {n}).</translation>
    </message>
    <message>
        <source>太长了：最多 32 个字符（现在 {n} 个）。</source>
        <translation>Too long: at most 32 characters (now {n}).</translation>
    </message>
    <message>
        <source>太简单：不能全是同一个字符。</source>
        <translation>Too simple: it cannot be one character repeated.</translation>
    </message>
    <message>
        <source>太简单：不能全是数字，请加上字母或符号。</source>
        <translation>Too simple: not all digits, please add letters or symbols.</translation>
    </message>
    <message>
        <source>太简单：不能全是字母（或汉字），请加上数字或符号。</source>
        <translation>Too simple: not all letters (or Chinese characters), please add digits or symbols.</translation>
    </message>
    <message>
        <source>第 {pos} 个字符“{char}”平台无法接收，请换掉它。</source>
        <translation>The platform cannot accept character {pos} (“{char}”); please replace it.</translation>
    </message>
    <message>
        <source>旧密码不对：和本程序现在使用的密码不一样。</source>
        <translation>Wrong old password: it is not the one this program uses now.</translation>
    </message>
    <message>
        <source>两次输入的新密码不一样。</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <source>✓ 两次输入一致。</source>
        <translation>✓ Both entries match.</translation>
    </message>
    <message>
        <source>程序还在启动，请稍等</source>
        <translation>The program is still starting, please wait</translation>
    </message>
    <message>
        <source>正在修改密码…</source>
        <translation>Changing the password…</translation>
    </message>
    <message>
        <source>密码已经改好。从现在起本程序使用新密码。</source>
        <translation>Password changed. This program uses the new password from now on.</translation>
    </message>
    <message>
        <source>（沙箱模式：模拟账号的新密码下次启动时仍然有效。）</source>
        <translation>(Sandbox mode: the simulated account keeps the new password next time too.)</translation>
    </message>
    <message>
        <source>新密码已保存在系统钥匙串里。</source>
        <translation>The new password is saved in the system keychain.</translation>
    </message>
    <message>
        <source>注意：密码是从环境变量 JIANMI_PASSWORD 读来的，下次启动前请把它也改成新密码。</source>
        <translation>Note: the password came from the JIANMI_PASSWORD environment variable; change it there too before the next start.</translation>
    </message>
    <message>
        <source>密码没有改成：{reason}</source>
        <translation>The password was not changed: {reason}</translation>
    </message>
    <message>
        <source>平台没有接受新密码（101）。新密码要有 6 到 32 个字符；长度没问题的话，可能是平台暂时不能修改密码，请稍后再试。</source>
        <translation>The platform did not accept the new password (101). It must be 6 to 32 characters long; if the length is fine, the platform may be unable to change passwords just now. Please try again later.</translation>
    </message>
    <message>
        <source>旧密码不对，平台拒绝了修改（102）。如果密码已经在别处改过，请在“设置”里填写现在的密码。</source>
        <translation>The old password is wrong, so the platform refused (102). If the password was changed elsewhere, enter the current one in Settings.</translation>
    </message>
    <message>
        <source>新密码太简单，平台拒绝了（108）。请同时使用字母和数字（也可以加符号）：不要全是数字、全是字母，也不要重复同一个字符。</source>
        <translation>The platform refused the new password as too simple (108). Use both letters and digits (symbols are fine too): not all digits, not all letters, and not one character repeated.</translation>
    </message>
    <message>
        <source>平台拒绝了修改：{reason}</source>
        <translation>The platform refused the change: {reason}</translation>
    </message>
</context>
<context>
    <name>PhonePreview</name>
    <message>
        <source>&lt;b&gt;手机预览&lt;/b&gt;</source>
        <translation>&lt;b&gt;Phone preview&lt;/b&gt;</translation>
    </message>
    <message>
        <source>播放</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>停止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>按每一帧的显示时间依次播放</source>
        <translation>Play the frames, each for its time</translation>
    </message>
</context>
<context>
    <name>PhoneScreen</name>
    <message>
        <source>（无标题）</source>
        <translation>(no title)</translation>
    </message>
    <message>
        <source>{i}/{n} · {s} 秒</source>
        <translation>{i}/{n} · {s} s</translation>
    </message>
    <message>
        <source>还没有帧</source>
        <translation>No frames yet</translation>
    </message>
</context>
<context>
    <name>RecipientModel</name>
    <message>
        <source>读取数据库出错：{reason}</source>
        <translation>Could not read the database: {reason}</translation>
    </message>
    <message>
        <source>读取发送记录时出了意外的问题（详情已写入日志）。</source>
        <translation>Reading the history failed unexpectedly (the details are in the log).</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>更新时间</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>消息编号 (msgid)</source>
        <translation>Message ID (msgid)</translation>
    </message>
    <message>
        <source>状态码</source>
        <translation>Status code</translation>
    </message>
    <message>
        <source>等待发送</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>发送中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>已送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>未送达</source>
        <translation>Undelivered</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>不确定</source>
        <translation>Uncertain</translation>
    </message>
    <message>
        <source>还没有发出</source>
        <translation>Not sent yet</translation>
    </message>
    <message>
        <source>正在发出</source>
        <translation>Being sent</translation>
    </message>
    <message>
        <source>平台已接收，正在等待对方手机的状态报告</source>
        <translation>Accepted by the platform; waiting for the phone&apos;s delivery report</translation>
    </message>
    <message>
        <source>对方手机已收到</source>
        <translation>Received by the phone</translation>
    </message>
    <message>
        <source>没有送达对方手机（原因见右边）</source>
        <translation>Not delivered to the phone (the reason is on the right)</translation>
    </message>
    <message>
        <source>运营商状态码：{code}
消息编号：{msgid}</source>
        <translation>Carrier status code: {code}
Message id: {msgid}</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>平台拒绝了这一批，没有发出</source>
        <translation>The platform refused this batch; not sent</translation>
    </message>
    <message>
        <source>请求已发出，但没有收到平台的答复：可能已发出，也可能没有。可以等待状态报告，或重新发送（对方可能收到两次）。</source>
        <translation>The request left but the platform&apos;s answer never came: it may or may not have been sent. Wait for the delivery report, or resend (the person may get it twice).</translation>
    </message>
</context>
<context>
    <name>RecipientsPanel</name>
    <message>
        <source>打开文件(&amp;O)…</source>
        <translation>&amp;Open file…</translation>
    </message>
    <message>
        <source>选择号码文件：文本（每行一个号码）、CSV 或 Excel（Ctrl+O）</source>
        <translation>Choose a file of numbers: text (one a line), CSV or Excel (Ctrl+O)</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>清除全部号码和已导入的文件</source>
        <translation>Clear all numbers and the imported file</translation>
    </message>
    <message>
        <source>收件人</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>号码列：</source>
        <translation>Number column:</translation>
    </message>
    <message>
        <source>哪一列是手机号码；其他列可以作为变量插入短信</source>
        <translation>Which column holds the mobile numbers; other columns can be inserted as variables</translation>
    </message>
    <message>
        <source>移除文件</source>
        <translation>Remove file</translation>
    </message>
    <message>
        <source>不用这个文件，改为粘贴号码</source>
        <translation>Drop this file and paste numbers instead</translation>
    </message>
    <message>
        <source>在这里粘贴手机号码：每行一个，或用逗号、空格隔开。
也可以把 TXT、CSV、Excel 文件拖到这里。</source>
        <translation>Paste mobile numbers here: one a line, or separated by commas or spaces.
You can also drop a TXT, CSV or Excel file here.</translation>
    </message>
    <message>
        <source>粘贴号码（Ctrl+V），或把号码文件拖进来</source>
        <translation>Paste numbers (Ctrl+V), or drop a file of numbers here</translation>
    </message>
    <message>
        <source>还没有号码</source>
        <translation>No numbers yet</translation>
    </message>
    <message>
        <source>这些号码不会发送</source>
        <translation>These numbers will not be sent to</translation>
    </message>
    <message>
        <source>导出无效号码…</source>
        <translation>Export invalid numbers…</translation>
    </message>
    <message>
        <source>把无效号码和原因存为 CSV 文件，改好后可以再导入</source>
        <translation>Save the invalid numbers and reasons as CSV; fix them and import again</translation>
    </message>
    <message>
        <source>跳过无效号码</source>
        <translation>Skip invalid numbers</translation>
    </message>
    <message>
        <source>只发给有效的号码；不勾选时，有无效号码就不能发送</source>
        <translation>Send to the valid numbers only; unchecked, any invalid number stops the send</translation>
    </message>
    <message>
        <source>还没有有效的号码</source>
        <translation>No valid numbers yet</translation>
    </message>
    <message numerus="yes">
        <source>有 %Ln 个无效号码：改正它们，或勾选“跳过无效号码”</source>
        <translation>
            <numerusform>%Ln invalid number: correct it, or tick “Skip invalid numbers”</numerusform>
            <numerusform>%Ln invalid numbers: correct them, or tick “Skip invalid numbers”</numerusform>
        </translation>
    </message>
    <message>
        <source>一次只能导入一个文件，这次用的是“{name}”。</source>
        <translation>Only one file can be imported at a time; using “{name}”.</translation>
    </message>
    <message>
        <source>导入号码</source>
        <translation>Import numbers</translation>
    </message>
    <message>
        <source>选择号码文件</source>
        <translation>Choose a file of numbers</translation>
    </message>
    <message>
        <source>号码文件 (*.txt *.csv *.xlsx *.xls *.xlsm *.xlsb *.ods)</source>
        <translation>Number files (*.txt *.csv *.xlsx *.xls *.xlsm *.xlsb *.ods)</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>正在读取“{name}”…</source>
        <translation>Reading “{name}”…</translation>
    </message>
    <message>
        <source>无法导入“{name}”</source>
        <translation>Cannot import “{name}”</translation>
    </message>
    <message>
        <source>文本文件</source>
        <translation>Text file</translation>
    </message>
    <message>
        <source>CSV 文件</source>
        <translation>CSV file</translation>
    </message>
    <message>
        <source>Excel 文件</source>
        <translation>Excel file</translation>
    </message>
    <message numerus="yes">
        <source>{kind}“{name}”：%Ln 行</source>
        <translation>
            <numerusform>{kind} “{name}”: %Ln row</numerusform>
            <numerusform>{kind} “{name}”: %Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>，跳过 %Ln 个空行</source>
        <translation>
            <numerusform>, %Ln empty row skipped</numerusform>
            <numerusform>, %Ln empty rows skipped</numerusform>
        </translation>
    </message>
    <message>
        <source>（工作表“{sheet}”）</source>
        <translation> (sheet “{sheet}”)</translation>
    </message>
    <message>
        <source>第 {n} 列</source>
        <translation>Column {n}</translation>
    </message>
    <message>
        <source>正在检查号码…</source>
        <translation>Checking the numbers…</translation>
    </message>
    <message>
        <source>检查号码</source>
        <translation>Check numbers</translation>
    </message>
    <message>
        <source>原来的号码列表没有改变。</source>
        <translation>The list of numbers is unchanged.</translation>
    </message>
    <message>
        <source>有效 &lt;b&gt;{n}&lt;/b&gt;</source>
        <translation>Valid &lt;b&gt;{n}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;无效 &lt;b&gt;{n}&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;Invalid &lt;b&gt;{n}&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>重复 &lt;b&gt;{n}&lt;/b&gt;</source>
        <translation>Duplicates &lt;b&gt;{n}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>已退订 &lt;b&gt;{n}&lt;/b&gt;</source>
        <translation>Opted out &lt;b&gt;{n}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{reason} {n}</source>
        <translation>{reason} {n}</translation>
    </message>
    <message>
        <source>其他 {n}</source>
        <translation>other {n}</translation>
    </message>
    <message>
        <source>无效原因：{groups}</source>
        <translation>Why invalid: {groups}</translation>
    </message>
    <message>
        <source>可以作为变量的列：{names}</source>
        <translation>Columns usable as variables: {names}</translation>
    </message>
    <message>
        <source>导出无效号码</source>
        <translation>Export invalid numbers</translation>
    </message>
    <message>
        <source>无效号码.csv</source>
        <translation>invalid-numbers.csv</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>已导出 {n} 个无效号码到 {path}</source>
        <translation>Exported {n} invalid numbers to {path}</translation>
    </message>
</context>
<context>
    <name>RelayLight</name>
    <message>
        <source>中继：正在连接…</source>
        <translation>Relay: connecting…</translation>
    </message>
    <message>
        <source>中继：已连接</source>
        <translation>Relay: connected</translation>
    </message>
    <message>
        <source>中继：正在追赶，已取回 {count} 条</source>
        <translation>Relay: catching up, {count} fetched</translation>
    </message>
    <message>
        <source>中继：自 {time} 起无法连接，正在重试</source>
        <translation>Relay: unreachable since {time}, retrying</translation>
    </message>
    <message>
        <source>中继：令牌被拒绝</source>
        <translation>Relay: token refused</translation>
    </message>
    <message>
        <source>回执来源：中继服务器 {url}</source>
        <translation>Report source: relay server {url}</translation>
    </message>
    <message>
        <source>请在“设置 → 回执来源”里填写管理员给的新令牌。</source>
        <translation>Enter the new token from your administrator in Settings → Report source.</translation>
    </message>
</context>
<context>
    <name>ReplyModel</name>
    <message>
        <source>收到时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>回复的任务</source>
        <translation>Campaign replied to</translation>
    </message>
    <message>
        <source>退订：已加入退订名单</source>
        <translation>Opt-out: added to the opt-out list</translation>
    </message>
    <message>
        <source>（找不到对应的任务）</source>
        <translation>(no matching campaign)</translation>
    </message>
    <message>
        <source>对方回复了退订词（T、TD、N、R、退订、取消、拒收），收到时这个号码已自动加入退订名单，以后的任务不会再发给它</source>
        <translation>The reply is an opt-out word (T, TD, N, R, 退订, 取消, 拒收); the number was added to the opt-out list when it arrived, and later campaigns skip it</translation>
    </message>
    <message>
        <source>这条回复的消息编号对不上任何任务（可能是对方主动发来的短信）</source>
        <translation>This reply&apos;s message ID matches no campaign (perhaps the person wrote first)</translation>
    </message>
    <message>
        <source>回复的是{name}：{text}</source>
        <translation>A reply to {name}: {text}</translation>
    </message>
</context>
<context>
    <name>SandboxBanner</name>
    <message>
        <source>沙箱模式 — 不会发送真实的短信、语音和彩信，一切都在本机模拟。</source>
        <translation>Sandbox mode — no real SMS, voice or MMS is sent; everything is simulated on this computer.</translation>
    </message>
    <message>
        <source>填写真实账号(&amp;A)…</source>
        <translation>Enter a real &amp;account…</translation>
    </message>
    <message>
        <source>填写茧米平台的账号、密码和接口密钥，然后切换到正式模式</source>
        <translation>Enter your Jianmi account, password and API key, then switch to production mode</translation>
    </message>
</context>
<context>
    <name>SendPanel</name>
    <message>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>正在读取号码…</source>
        <translation>Reading the numbers…</translation>
    </message>
    <message>
        <source>正在发送{name}；发完、暂停或取消后才能开始新的发送</source>
        <translation>{name} is being sent; a new send can start when it is done, paused or cancelled</translation>
    </message>
    <message numerus="yes">
        <source>（还有 %n 个问题）</source>
        <translation>
            <numerusform> (and %n more problem)</numerusform>
            <numerusform> (and %n more problems)</numerusform>
        </translation>
    </message>
    <message>
        <source>不发送：无效 {i}，重复 {d}，已退订 {o}</source>
        <translation>Not sent: {i} invalid, {d} duplicates, {o} opted out</translation>
    </message>
    <message>
        <source>请确认以下情况：</source>
        <translation>Please confirm the following:</translation>
    </message>
    <message>
        <source>已确认，{action}</source>
        <translation>Confirmed — {action}</translation>
    </message>
    <message>
        <source>再看看</source>
        <translation>Not yet</translation>
    </message>
</context>
<context>
    <name>SendProgress</name>
    <message>
        <source>手机收到后，平台会发回状态报告；这里的数字随报告更新</source>
        <extracomment>what the window calls a campaign (&quot;短信 #3&quot;); the binding gives the sending service&apos;s</extracomment>
        <translation>The platform sends a delivery report once a phone has the message; these figures follow the reports</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>发完正在发送的几批后停下，稍后可以继续</source>
        <translation>Stop after the batches under way; you can continue later</translation>
    </message>
    <message>
        <source>继续</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>从停下的地方接着发送，已发出的号码不会再发</source>
        <translation>Continue where it stopped; numbers already sent are not sent again</translation>
    </message>
    <message>
        <source>取消发送</source>
        <translation>Cancel sending</translation>
    </message>
    <message>
        <source>不再发送剩下的号码（已发出的无法撤回）</source>
        <translation>Send none of the rest (what has gone out cannot be recalled)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>收起这个面板；发送记录里可以随时查看</source>
        <translation>Hide this panel; History shows it any time</translation>
    </message>
    <message>
        <source>速度：计算中…</source>
        <translation>Speed: calculating…</translation>
    </message>
    <message>
        <source>正在发送{name}…</source>
        <translation>Sending {name}…</translation>
    </message>
    <message>
        <source>正在暂停{name}（等正在发送的几批发完）…</source>
        <translation>Pausing {name} (the batches on their way finish first)…</translation>
    </message>
    <message>
        <source>{name} 已暂停</source>
        <translation>{name} is paused</translation>
    </message>
    <message>
        <source>正在取消{name}…</source>
        <translation>Cancelling {name}…</translation>
    </message>
    <message>
        <source>{name} 已全部提交</source>
        <translation>{name}: all submitted</translation>
    </message>
    <message>
        <source>{name} 停止了</source>
        <translation>{name} stopped</translation>
    </message>
    <message>
        <source>{name} 已取消</source>
        <translation>{name} is cancelled</translation>
    </message>
    <message>
        <source>{name} 在排队：正在发送的任务结束后开始</source>
        <translation>{name} is queued: it starts when the one being sent ends</translation>
    </message>
    <message>
        <source>{name} 将在 {at}（中国时间）发出，还有 {left}</source>
        <translation>{name} goes out at {at} (China time), in {left}</translation>
    </message>
    <message>
        <source>还需：计算中…</source>
        <translation>Time left: calculating…</translation>
    </message>
    <message numerus="yes">
        <source>{done} / %Ln 批（%p%）</source>
        <translation>
            <numerusform>{done} / %Ln batch (%p%)</numerusform>
            <numerusform>{done} / %Ln batches (%p%)</numerusform>
        </translation>
    </message>
    <message>
        <source>速度：约 {numbers} 个号码/秒</source>
        <translation>Speed: about {numbers} numbers a second</translation>
    </message>
    <message>
        <source>每秒 {batches:.1f} 次请求，每次最多 {size} 个号码</source>
        <translation>{batches:.1f} requests a second, up to {size} numbers each</translation>
    </message>
    <message>
        <source>还需{eta}</source>
        <translation>Time left: {eta}</translation>
    </message>
    <message>
        <source>已提交 {submitted} / {total}，失败 {failed}，不确定 {uncertain}</source>
        <translation>Submitted {submitted} / {total}, failed {failed}, uncertain {uncertain}</translation>
    </message>
    <message>
        <source>状态报告：已送达 &lt;b&gt;{delivered}&lt;/b&gt; · 未送达 &lt;b&gt;{undelivered}&lt;/b&gt; · 等待报告 &lt;b&gt;{waiting}&lt;/b&gt;</source>
        <translation>Reports: delivered &lt;b&gt;{delivered}&lt;/b&gt; · undelivered &lt;b&gt;{undelivered}&lt;/b&gt; · waiting &lt;b&gt;{waiting}&lt;/b&gt;</translation>
    </message>
    <message numerus="yes">
        <source>还有 %n 次定时发送</source>
        <translation>
            <numerusform>%n more scheduled send</numerusform>
            <numerusform>%n more scheduled sends</numerusform>
        </translation>
    </message>
    <message>
        <source>定时发送</source>
        <translation>Scheduled send</translation>
    </message>
    <message>
        <source>请让程序开着（关闭窗口时可以留在系统托盘里），到时会自动发送。</source>
        <translation>Keep the program running (it can stay in the system tray when the window closes); it sends at the time.</translation>
    </message>
</context>
<context>
    <name>SenderBinding</name>
    <message>
        <source>取消发送</source>
        <translation>Cancel sending</translation>
    </message>
    <message>
        <source>不再发送{name} 剩下的号码吗？已经发出的无法撤回。</source>
        <translation>Send nothing more of {name}? What was sent cannot be taken back.</translation>
    </message>
    <message>
        <source>继续发送</source>
        <translation>Keep sending</translation>
    </message>
</context>
<context>
    <name>SendingSignals</name>
    <message>
        <source>发送停止了：{reason}</source>
        <translation>Sending stopped: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>有 %Ln 个号码结果不确定（请求已发出但没有收到回答），它们不会自动重发；请等待状态报告，或到“发送记录”里决定是否重发。</source>
        <translation>
            <numerusform>%Ln number is uncertain (the request left but no answer came); it is not resent by itself. Wait for the delivery reports, or decide in History whether to resend.</numerusform>
            <numerusform>%Ln numbers are uncertain (the request left but no answer came); they are not resent by themselves. Wait for the delivery reports, or decide in History whether to resend.</numerusform>
        </translation>
    </message>
    <message>
        <source>启动时检查未完成的发送出错了：{reason}</source>
        <translation>Checking for unfinished sends at start failed: {reason}</translation>
    </message>
</context>
<context>
    <name>SendingTab</name>
    <message>
        <source>发送…</source>
        <translation>Send…</translation>
    </message>
    <message>
        <source>检查后显示确认信息，确认后发送（Ctrl+Enter）</source>
        <translation>Checks, then asks you to confirm before sending (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>发送前检查</source>
        <translation>Checks before sending</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <extracomment>settings whose change needs the services restarted</extracomment>
        <translation>Settings</translation>
    </message>
    <message>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>发送</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>回执来源</source>
        <translation>Report source</translation>
    </message>
    <message>
        <source>高级</source>
        <translation>Advanced</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>运行模式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>沙箱模式(&amp;X)：在本机模拟，不发送真实消息</source>
        <translation>Sandbo&amp;x: simulated on this computer, nothing real is sent</translation>
    </message>
    <message>
        <source>正式模式(&amp;P)：使用真实账号发送</source>
        <translation>&amp;Production: send with a real account</translation>
    </message>
    <message>
        <source>用内置的模拟平台试用全部功能，不花钱，也不会真的发出短信</source>
        <translation>Try everything on the built-in simulated platform: free, and no message really goes out</translation>
    </message>
    <message>
        <source>连接茧米平台，用下面填写的账号发送真实的短信、语音和彩信</source>
        <translation>Connect to the Jianmi platform and send real SMS, voice and MMS with the account below</translation>
    </message>
    <message>
        <source>可不填：和上面的账号相同</source>
        <translation>Optional: same as the account above</translation>
    </message>
    <message>
        <source>账号(&amp;U)：</source>
        <translation>&amp;User ID:</translation>
    </message>
    <message>
        <source>茧米平台给您的账号（uid）</source>
        <translation>The account the Jianmi platform gave you (uid)</translation>
    </message>
    <message>
        <source>密码(&amp;W)：</source>
        <translation>Pass&amp;word:</translation>
    </message>
    <message>
        <source>账号的密码。保存在系统钥匙串里，不会写进任何文件</source>
        <translation>The account&apos;s password. Kept in the system keychain, never written to any file</translation>
    </message>
    <message>
        <source>接口密钥(&amp;K)：</source>
        <translation>API &amp;key:</translation>
    </message>
    <message>
        <source>发送彩信、设置状态地址时用的接口密钥（apiKey），平台开户时提供</source>
        <translation>The API key (apiKey) used for MMS and the status URL, given when the account was opened</translation>
    </message>
    <message>
        <source>彩信接口账号(&amp;L)：</source>
        <translation>MMS account (C&amp;lientApi):</translation>
    </message>
    <message>
        <source>只有平台给了单独的彩信（ClientApi）账号时才需要填写</source>
        <translation>Needed only if the platform gave you a separate MMS (ClientApi) account</translation>
    </message>
    <message>
        <source>显示密码和密钥(&amp;H)</source>
        <translation>S&amp;how password and key</translation>
    </message>
    <message>
        <source>测试连接(&amp;T)</source>
        <translation>&amp;Test connection</translation>
    </message>
    <message>
        <source>用上面的账号和“接口地址”页的地址查询一次余额，看能不能连上</source>
        <translation>Read the balance once with the account above and the addresses on the Endpoints page, to see whether they work</translation>
    </message>
    <message>
        <source>短信接口(&amp;S)：</source>
        <translation>&amp;SMS endpoint:</translation>
    </message>
    <message>
        <source>余额、短信、语音、改密码用的地址。默认：{url}</source>
        <translation>Used for balance, SMS, voice and password changes. Default: {url}</translation>
    </message>
    <message>
        <source>彩信接口(&amp;C)：</source>
        <translation>MMS endpoint (&amp;ClientApi):</translation>
    </message>
    <message>
        <source>彩信和状态地址用的地址。默认：{url}</source>
        <translation>Used for MMS and the status URL. Default: {url}</translation>
    </message>
    <message>
        <source>国际短信接口(&amp;I)：</source>
        <translation>&amp;International SMS endpoint:</translation>
    </message>
    <message>
        <source>国际短信用的地址。默认：{url}</source>
        <translation>Used for international SMS. Default: {url}</translation>
    </message>
    <message>
        <source>恢复默认(&amp;D)</source>
        <translation>Restore &amp;defaults</translation>
    </message>
    <message>
        <source>把三个地址改回茧米平台的正式地址</source>
        <translation>Set the three addresses back to the Jianmi platform&apos;s own</translation>
    </message>
    <message>
        <source>只有代理商给了别的地址时才需要修改。沙箱模式下不使用这些地址。</source>
        <translation>Change these only if your reseller gave you other addresses. Sandbox mode does not use them.</translation>
    </message>
    <message>
        <source>例如：【茧米科技】</source>
        <translation>e.g. 【茧米科技】</translation>
    </message>
    <message>
        <source> 点</source>
        <translation>:00</translation>
    </message>
    <message>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <source>没有保存，设置和原来一样。{reason}</source>
        <translation>Not saved; the settings are as they were. {reason}</translation>
    </message>
    <message>
        <source>每秒请求数(&amp;R)：</source>
        <translation>&amp;Requests per second:</translation>
    </message>
    <message>
        <source>平台每秒最多接受 10 次请求；超过会被拒绝（105）。一般不用改</source>
        <translation>The platform accepts at most 10 requests a second; more are refused (105). Usually left as is</translation>
    </message>
    <message>
        <source>每批号码数(&amp;B)：</source>
        <translation>Numbers per &amp;batch:</translation>
    </message>
    <message>
        <source>一次请求带多少个号码，1 到 500；平台建议 100</source>
        <translation>How many numbers one request carries, 1 to 500; the platform suggests 100</translation>
    </message>
    <message>
        <source>同时进行的请求(&amp;F)：</source>
        <translation>Requests in &amp;flight:</translation>
    </message>
    <message>
        <source>同时在路上的请求数；网络慢时多几个能保持发送速度</source>
        <translation>Requests under way at once; a few more keep the pace up on a slow network</translation>
    </message>
    <message>
        <source>默认签名(&amp;G)：</source>
        <translation>Default si&amp;gnature:</translation>
    </message>
    <message>
        <source>每条短信都必须带签名，写在【】里，例如【茧米科技】。可以不填</source>
        <translation>Every SMS must carry a signature in 【】, e.g. 【茧米科技】. Optional here</translation>
    </message>
    <message>
        <source>余额提醒线(&amp;Y)：</source>
        <translation>Re&amp;mind below balance:</translation>
    </message>
    <message>
        <source>剩余条数低于这个数时，“余额”页会提醒您充值</source>
        <translation>When the units left fall below this, the Balance tab reminds you to top up</translation>
    </message>
    <message>
        <source>夜间时段(&amp;N)：</source>
        <translation>&amp;Night hours:</translation>
    </message>
    <message>
        <source>在这段时间（中国时间）发送前会提醒您：夜里收到短信容易被投诉。两个时间相同就不提醒</source>
        <translation>A send in these hours (China time) asks once more: messages at night draw complaints. The same hour twice turns the warning off</translation>
    </message>
    <message>
        <source>例如：http://203.0.113.5:17801</source>
        <translation>e.g. http://203.0.113.5:17801</translation>
    </message>
    <message>
        <source>跟随系统</source>
        <translation>Same as the system</translation>
    </message>
    <message>
        <source>接收端口(&amp;O)：</source>
        <translation>Receiver p&amp;ort:</translation>
    </message>
    <message>
        <source>接收平台推送的状态报告和回复短信的端口（正式模式）</source>
        <translation>The port that receives the platform&apos;s delivery reports and replies (production mode)</translation>
    </message>
    <message>
        <source>监听地址(&amp;A)：</source>
        <translation>Listen &amp;address:</translation>
    </message>
    <message>
        <source>127.0.0.1 只接收本机的连接；0.0.0.0 接收所有网卡的连接</source>
        <translation>127.0.0.1 accepts connections from this computer only; 0.0.0.0 from every network interface</translation>
    </message>
    <message>
        <source>公网回调地址(&amp;E)：</source>
        <translation>&amp;External callback URL:</translation>
    </message>
    <message>
        <source>平台从外面访问这台电脑的地址，要在平台上登记。不知道的话请问网络管理员</source>
        <translation>The address where the platform reaches this computer from outside; register it with the platform. Ask your network administrator if unsure</translation>
    </message>
    <message>
        <source>界面语言(&amp;N)：</source>
        <translation>Display la&amp;nguage:</translation>
    </message>
    <message>
        <source>界面使用的语言</source>
        <translation>The language of the program&apos;s windows</translation>
    </message>
    <message>
        <source>更改语言后，重新启动程序才会生效。</source>
        <translation>A new language takes effect when the program is restarted.</translation>
    </message>
    <message>
        <source>本机接收(&amp;M)：只适用于平台能直接访问到的电脑</source>
        <translation>This &amp;computer: only if the platform can reach it directly</translation>
    </message>
    <message>
        <source>中继服务器(&amp;J)：电脑在路由器后面、平台访问不到时使用</source>
        <translation>Rela&amp;y server: for a computer behind a router the platform cannot reach</translation>
    </message>
    <message>
        <source>平台把状态报告和回复直接推送到这台电脑（“接收与语言”页的端口和公网回调地址）。办公室里的电脑一般收不到</source>
        <translation>The platform pushes reports and replies straight to this computer (the port and public callback address on the “Receiving and language” page). Office computers usually cannot receive them</translation>
    </message>
    <message>
        <source>平台推送到公司的中继服务器，这台电脑从那里取回状态报告、回复和退订。中继服务器由网络管理员架设，他会给您地址和令牌</source>
        <translation>The platform pushes to your company’s relay server and this computer fetches reports, replies and opt-outs from it. Your network administrator sets up the relay and gives you its address and a token</translation>
    </message>
    <message>
        <source>例如：https://relay.example.com/api/v1</source>
        <translation>e.g. https://relay.example.com/api/v1</translation>
    </message>
    <message>
        <source>中继地址(&amp;V)：</source>
        <translation>Relay &amp;address:</translation>
    </message>
    <message>
        <source>中继服务器给这台电脑用的地址（api_url），由管理员提供</source>
        <translation>The address of the relay for this computer (api_url), from your administrator</translation>
    </message>
    <message>
        <source>令牌(&amp;Q)：</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>管理员用“relay token add”为这台电脑生成的令牌。保存在系统钥匙串里</source>
        <translation>The token your administrator made for this computer with “relay token add”. Kept in the system keychain</translation>
    </message>
    <message>
        <source>测试中继(&amp;Z)</source>
        <translation>Test rela&amp;y</translation>
    </message>
    <message>
        <source>用上面的地址和令牌连一次中继服务器，并显示要在平台上登记的地址</source>
        <translation>Connect once to the relay with the address and token above, and show the addresses to register with the platform</translation>
    </message>
    <message>
        <source>把状态地址登记到平台</source>
        <translation>Register the status address with the platform</translation>
    </message>
    <message>
        <source>让平台把语音和彩信的状态发到中继服务器（setStatusUrl）。只在正式模式下可用</source>
        <translation>Have the platform send voice and MMS status to the relay (setStatusUrl). Only in production mode</translation>
    </message>
    <message>
        <source>中继地址要以 http:// 或 https:// 开头，例如 https://relay.example.com/api/v1</source>
        <translation>The relay address must start with http:// or https://, e.g. https://relay.example.com/api/v1</translation>
    </message>
    <message>
        <source>请先填写令牌。</source>
        <translation>Enter the token first.</translation>
    </message>
    <message>
        <source>连接成功：中继服务器认识这台电脑（名字：{name}）。</source>
        <translation>Connected: the relay knows this computer (name: {name}).</translation>
    </message>
    <message>
        <source>请在茧米平台上登记下面两个地址：
短信状态报告和回复（推送地址）：{push}
语音和彩信的状态（状态地址）：{status}</source>
        <translation>Register these two addresses with the Jianmi platform:
SMS reports and replies (push address): {push}
Voice and MMS status (status address): {status}</translation>
    </message>
    <message>
        <source>沙箱模式下不向平台登记。请先切换到正式模式并保存，再来登记。</source>
        <translation>Nothing is registered in sandbox mode. Switch to production mode and save first, then register.</translation>
    </message>
    <message>
        <source>已登记：平台会把语音和彩信的状态发到中继服务器。</source>
        <translation>Registered: the platform will send voice and MMS status to the relay.</translation>
    </message>
    <message>
        <source>正在登记…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <source>&lt;令牌&gt;</source>
        <translation>&lt;token&gt;</translation>
    </message>
    <message>
        <source>语音和彩信的状态报告发到这个地址。正式模式启动时，程序会把它告诉平台（setStatusUrl），平台会调用：{url}</source>
        <translation>Voice and MMS status reports are sent to this address. When production mode starts, the program gives it to the platform (setStatusUrl); the platform will call: {url}</translation>
    </message>
    <message>
        <source>不填时，正式模式下平台不知道把语音和彩信的状态报告发到哪里，这些发送的结果就收不到。</source>
        <translation>If left empty, in production mode the platform does not know where to send voice and MMS status reports, and the results of those sends will not arrive.</translation>
    </message>
    <message>
        <source>短信接口</source>
        <translation>SMS endpoint</translation>
    </message>
    <message>
        <source>彩信接口</source>
        <translation>MMS endpoint</translation>
    </message>
    <message>
        <source>国际短信接口</source>
        <translation>International SMS endpoint</translation>
    </message>
    <message>
        <source>{name}的地址不对：要以 http:// 或 https:// 开头，例如 {url}</source>
        <translation>The {name} address is wrong: it must start with http:// or https://, e.g. {url}</translation>
    </message>
    <message>
        <source>默认签名要写成【签名】的样子，例如【茧米科技】（用中文的方括号【】，中间 1 到 20 个字）。</source>
        <translation>Write the default signature as 【signature】, e.g. 【茧米科技】 (Chinese brackets 【】 around 1 to 20 characters).</translation>
    </message>
    <message>
        <source>默认签名里有平台无法接收的字符“{char}”。</source>
        <translation>The default signature has a character the platform cannot accept: “{char}”.</translation>
    </message>
    <message>
        <source>请填写监听地址，例如 127.0.0.1。</source>
        <translation>Please enter a listen address, e.g. 127.0.0.1.</translation>
    </message>
    <message>
        <source>公网回调地址要以 http:// 或 https:// 开头。</source>
        <translation>The external callback URL must start with http:// or https://.</translation>
    </message>
    <message>
        <source>请填写中继服务器的令牌（向管理员要）。</source>
        <translation>Enter the relay’s token (ask your administrator).</translation>
    </message>
    <message>
        <source>要切换到正式模式，请先填写账号和密码。没有账号时可以继续使用沙箱模式。</source>
        <translation>To switch to production mode, enter the account and password first. Without an account you can keep using sandbox mode.</translation>
    </message>
    <message>
        <source>要切换到正式模式，请先填写密码。</source>
        <translation>To switch to production mode, enter the password first.</translation>
    </message>
    <message>
        <source>请先填写账号和密码。</source>
        <translation>Please enter the account and password first.</translation>
    </message>
    <message>
        <source>短信接口的地址要以 http:// 或 https:// 开头。</source>
        <translation>The SMS endpoint must start with http:// or https://.</translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>连接成功：账号和密码正确，剩余 {remaining} 条。</source>
        <translation>Connected: the account and password are right; {remaining} units left.</translation>
    </message>
    <message>
        <source>连上了平台，但账号或密码不对（102）。请检查账号和密码，注意大小写。</source>
        <translation>Reached the platform, but the account or password is wrong (102). Check both, and mind upper and lower case.</translation>
    </message>
    <message>
        <source>连上了平台，但平台拒绝了：{reason}</source>
        <translation>Reached the platform, but it refused: {reason}</translation>
    </message>
    <message>
        <source>接口地址写得不对：要以 http:// 或 https:// 开头，例如 {url}</source>
        <translation>The endpoint address is wrong: it must start with http:// or https://, e.g. {url}</translation>
    </message>
    <message>
        <source>连接 {host} 超时：网络不通，或者服务器没有响应。请检查网络和地址。</source>
        <translation>Connecting to {host} timed out: the network is down or the server does not respond. Check the network and the address.</translation>
    </message>
    <message>
        <source>找不到服务器 {host}：地址可能写错了，或者这台电脑没有连上网络。</source>
        <translation>Server {host} not found: the address may be mistyped, or this computer is not online.</translation>
    </message>
    <message>
        <source>连不上 {host}：那里没有服务在回应。请检查接口地址和端口有没有写错、网络是否通畅。</source>
        <translation>Cannot connect to {host}: nothing answers there. Check the endpoint address and port, and the network.</translation>
    </message>
    <message>
        <source>{host} 在 {seconds} 秒内没有回答。服务器可能太忙或地址不对，请稍后再试。</source>
        <translation>{host} did not answer within {seconds} seconds. The server may be busy or the address wrong; please try again later.</translation>
    </message>
    <message>
        <source>{url} 回答的内容看不懂，它可能不是茧米平台的接口地址。请检查地址。</source>
        <translation>The answer from {url} makes no sense; it may not be a Jianmi platform endpoint. Please check the address.</translation>
    </message>
    <message>
        <source>密码只保存到本次关闭程序</source>
        <translation>Password kept only until the program closes</translation>
    </message>
    <message>
        <source>设置没有全部生效：{reason}</source>
        <translation>Not all settings took effect: {reason}</translation>
    </message>
</context>
<context>
    <name>SmsTab</name>
    <message>
        <source>短信</source>
        <extracomment>(module, class[, title]) of each tab, in order; later issues add voice and MMS here. The title is the text the tab&apos;s own ``title()`` translates, in the tab&apos;s context: with it the window can show the tab before importing its module (``defer_tabs``); a tab without one is always built at once.</extracomment>
        <translation>SMS</translation>
    </message>
    <message>
        <source>国际短信</source>
        <translation>International SMS</translation>
    </message>
    <message>
        <source>发往中国大陆以外的号码：号码要带国家区号（例如 +44…），按国际短信计费</source>
        <translation>For numbers outside mainland China: include the country code (e.g. +44…); billed as international SMS</translation>
    </message>
    <message>
        <source>定时发送：</source>
        <translation>Send at:</translation>
    </message>
    <message>
        <source>到了指定的时间再发送（中国时间）</source>
        <translation>Send at a given time (China time)</translation>
    </message>
    <message>
        <source>发送时间（中国时间）。国内短信由本程序在那时发出，请让程序开着</source>
        <translation>Send time (China time). Domestic SMS are sent by this program at that time; keep it running</translation>
    </message>
    <message>
        <source>（中国时间）</source>
        <translation>(China time)</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>New</translation>
    </message>
    <message>
        <source>清空号码和内容，写一条新短信（Ctrl+N）；可以撤销</source>
        <translation>Clear the numbers and the text to write a new message (Ctrl+N); it can be undone</translation>
    </message>
    <message>
        <source>撤销新建</source>
        <translation>Undo new</translation>
    </message>
    <message>
        <source>找回新建之前的号码和内容</source>
        <translation>Bring back the numbers and the text from before “New”</translation>
    </message>
    <message>
        <source>发送…</source>
        <translation>Send…</translation>
    </message>
    <message>
        <source>发送时间（中国时间），由平台在那时发出</source>
        <translation>Send time (China time); the platform sends it then</translation>
    </message>
    <message>
        <source>还没有短信内容</source>
        <translation>No message text yet</translation>
    </message>
    <message>
        <source>检查后显示确认信息，确认后发送（Ctrl+Enter）</source>
        <translation>Checks, shows a summary to confirm, then sends (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>定时发送…</source>
        <translation>Schedule…</translation>
    </message>
    <message>
        <source>发送时间</source>
        <translation>Send time</translation>
    </message>
    <message>
        <source>发送前检查</source>
        <translation>Check before sending</translation>
    </message>
    <message>
        <source>这次不能发送：</source>
        <translation>This cannot be sent:</translation>
    </message>
    <message>
        <source>每位 {a}–{b} 条</source>
        <translation>{a}–{b} units each</translation>
    </message>
    <message>
        <source>收件人：{n} 位{kind}</source>
        <translation>Recipients: {n}{kind}</translation>
    </message>
    <message>
        <source>（国际）</source>
        <translation> (international)</translation>
    </message>
    <message>
        <source>计费：{units}，共约 {total} 条（账户余额 {balance} 条）</source>
        <translation>Billing: {units}, about {total} in all (balance {balance})</translation>
    </message>
    <message>
        <source>预计用时：约 {time}（{requests} 次请求）</source>
        <translation>Estimated time: about {time} ({requests} requests)</translation>
    </message>
    <message>
        <source>发送时间：{at}（中国时间）</source>
        <translation>Send time: {at} (China time)</translation>
    </message>
    <message>
        <source>短信内容（第 1 位收件人）：</source>
        <translation>Message (first recipient):</translation>
    </message>
    <message>
        <source>定时发送</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>确认发送</source>
        <translation>Confirm sending</translation>
    </message>
    <message numerus="yes">
        <source>每位 %n 条</source>
        <translation>
            <numerusform>%n unit each</numerusform>
            <numerusform>%n units each</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>上次发送中断时有 %n 批已发出但没有收到回答，已标为“不确定”，不会自动重发。</source>
        <translation>
            <numerusform>When the last send was interrupted, %n batch had left without an answer; it is marked “uncertain” and is not resent by itself.</numerusform>
            <numerusform>When the last send was interrupted, %n batches had left without an answer; they are marked “uncertain” and are not resent by themselves.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>有 %n 次发送没有完成（{ids}）。要继续发送剩下的号码吗？
已经发出的号码不会再发。</source>
        <translation>
            <numerusform>%n send did not finish ({ids}). Continue with the remaining numbers?
Numbers already sent are not sent again.</numerusform>
            <numerusform>%n sends did not finish ({ids}). Continue with the remaining numbers?
Numbers already sent are not sent again.</numerusform>
        </translation>
    </message>
    <message>
        <source>继续发送</source>
        <translation>Keep sending</translation>
    </message>
    <message>
        <source>上次的发送</source>
        <translation>Last send</translation>
    </message>
    <message>
        <source>已保存{name}，将在 {at}（中国时间）发出。
请让程序开着；关闭窗口时可以让它留在系统托盘里。</source>
        <translation>{name} is saved and goes out at {at} (China time).
Keep the program running; when you close the window it can stay in the system tray.</translation>
    </message>
    <message>
        <source>继续上次的发送</source>
        <translation>Continue the last send</translation>
    </message>
    <message>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>错过的定时发送</source>
        <translation>Missed scheduled send</translation>
    </message>
    <message>
        <source>定时发送 {ids} 的时间已经过了（那时程序没有运行），还没有发出。现在发送吗？</source>
        <translation>The time of scheduled send {ids} has passed (the program was not running) and it has not gone out. Send now?</translation>
    </message>
    <message>
        <source>现在发送</source>
        <translation>Send now</translation>
    </message>
    <message>
        <source>取消这些发送</source>
        <translation>Cancel these sends</translation>
    </message>
</context>
<context>
    <name>VoiceFiles</name>
    <message>
        <source>选择 MP3 文件…</source>
        <translation>Choose MP3 file…</translation>
    </message>
    <message>
        <source>选择要播放给对方听的录音（MP3，最大 5 MB）；也可以把文件拖到这里</source>
        <translation>Choose the recording to play to the called person (MP3, at most 5 MB); you can also drop the file here</translation>
    </message>
    <message>
        <source>上传</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>把检查过的录音上传到平台；同一个文件只上传一次</source>
        <translation>Upload the checked recording to the platform; the same file is uploaded only once</translation>
    </message>
    <message>
        <source>把 MP3 文件拖到这里，或点“选择 MP3 文件…”。</source>
        <translation>Drop an MP3 file here, or click “Choose MP3 file…”.</translation>
    </message>
    <message>
        <source>已上传的录音（选一个用于这次发送）：</source>
        <translation>Uploaded recordings (pick one for this send):</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>平台编号</source>
        <translation>Platform serial</translation>
    </message>
    <message>
        <source>时长</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>上传时间</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <source>正在处理录音文件…</source>
        <translation>Working on the recording…</translation>
    </message>
    <message>
        <source>录音“{name}”还没有上传：请点“上传”</source>
        <translation>The recording “{name}” is not uploaded yet: click “Upload”</translation>
    </message>
    <message>
        <source>还没有选录音文件：选择或拖入 MP3，上传后使用，或从已上传的录音里选一个</source>
        <translation>No recording chosen: choose or drop an MP3 and upload it, or pick one of the uploaded recordings</translation>
    </message>
    <message>
        <source>一次只能选一个录音文件，这次用的是“{name}”。</source>
        <translation>Only one recording at a time; “{name}” is used.</translation>
    </message>
    <message>
        <source>录音文件</source>
        <translation>Recording</translation>
    </message>
    <message>
        <source>选择录音文件</source>
        <translation>Choose a recording</translation>
    </message>
    <message>
        <source>MP3 录音 (*.mp3)</source>
        <translation>MP3 recordings (*.mp3)</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>正在检查“{name}”…</source>
        <translation>Checking “{name}”…</translation>
    </message>
    <message>
        <source>“{name}”：{size}，时长 {duration:.1f} 秒，码率 {kbps} kbps，采样率 {rate} Hz</source>
        <translation>“{name}”: {size}, {duration:.1f} s long, {kbps} kbps, {rate} Hz</translation>
    </message>
    <message>
        <source>这个文件以前上传过（编号 {serial}），不用再上传，已选中。</source>
        <translation>This file was uploaded before (serial {serial}); it is not uploaded again and is now selected.</translation>
    </message>
    <message>
        <source>检查通过，请点“上传”。</source>
        <translation>The check passed; click “Upload”.</translation>
    </message>
    <message>
        <source>不能使用“{name}”：{reason}</source>
        <translation>“{name}” cannot be used: {reason}</translation>
    </message>
    <message>
        <source>录音文件不能上传</source>
        <translation>The recording cannot be uploaded</translation>
    </message>
    <message>
        <source>正在上传“{name}”…</source>
        <translation>Uploading “{name}”…</translation>
    </message>
    <message>
        <source>上传录音</source>
        <translation>Upload recording</translation>
    </message>
    <message>
        <source>“{name}”已上传，平台编号 {serial}。</source>
        <translation>“{name}” is uploaded, platform serial {serial}.</translation>
    </message>
    <message>
        <source>{s:.1f} 秒</source>
        <translation>{s:.1f} s</translation>
    </message>
    <message>
        <source>{name}
编号 {serial}
上传于 {time}</source>
        <translation>{name}
serial {serial}
uploaded {time}</translation>
    </message>
    <message>
        <source>这次发送使用：&lt;b&gt;{name}&lt;/b&gt;（编号 {serial}{duration}）</source>
        <translation>This send plays: &lt;b&gt;{name}&lt;/b&gt; (serial {serial}{duration})</translation>
    </message>
    <message>
        <source>，{s:.1f} 秒</source>
        <translation>, {s:.1f} s</translation>
    </message>
    <message>
        <source>还没有选用录音</source>
        <translation>No recording chosen yet</translation>
    </message>
</context>
<context>
    <name>VoiceOptions</name>
    <message>
        <source>任何一天</source>
        <translation>Any day</translation>
    </message>
    <message>
        <source>周一至周五</source>
        <translation>Monday to Friday</translation>
    </message>
    <message>
        <source>周一至周六</source>
        <translation>Monday to Saturday</translation>
    </message>
    <message>
        <source>任何时间</source>
        <translation>Any time</translation>
    </message>
    <message>
        <source>工作时间（9–12 点、14–18 点）</source>
        <translation>Working hours (9–12 and 14–18)</translation>
    </message>
    <message>
        <source>不到 1 分钟</source>
        <translation>under 1 minute</translation>
    </message>
    <message>
        <source>约 {m} 分钟</source>
        <translation>about {m} min</translation>
    </message>
    <message>
        <source>约 {h} 小时 {m} 分钟</source>
        <translation>about {h} h {m} min</translation>
    </message>
    <message>
        <source>录音文件</source>
        <translation>Recording</translation>
    </message>
    <message>
        <source>播放左边选中的已上传录音</source>
        <translation>Play the uploaded recording selected on the left</translation>
    </message>
    <message>
        <source>文字转语音</source>
        <translation>Text to speech</translation>
    </message>
    <message>
        <source>平台把下面的文字读给对方听</source>
        <translation>The platform reads the text below aloud</translation>
    </message>
    <message>
        <source>平台朗读的文字，例如：您的验证码是 1234，五分钟内有效。</source>
        <translation>The text the platform reads aloud, e.g. 您的验证码是 1234，五分钟内有效。</translation>
    </message>
    <message>
        <source>语音按 180 个字 1 条计费</source>
        <translation>Voice is billed at 1 unit per 180 characters</translation>
    </message>
    <message>
        <source>播放内容</source>
        <translation>What is played</translation>
    </message>
    <message>
        <source>发送方式</source>
        <translation>How it is sent</translation>
    </message>
    <message>
        <source>语音通知</source>
        <translation>Voice notification</translation>
    </message>
    <message>
        <source>拨通后播放内容，适合验证码、提醒；可以立即或定时</source>
        <translation>Plays the content when answered: for codes and reminders; now or at a set time</translation>
    </message>
    <message>
        <source>外呼转人工</source>
        <translation>Call with transfer to an agent</translation>
    </message>
    <message>
        <source>拨通后播放内容，对方可以转接人工坐席</source>
        <translation>Plays the content when answered; the person can be transferred to an agent</translation>
    </message>
    <message>
        <source>定时拨出：</source>
        <translation>Call at:</translation>
    </message>
    <message>
        <source>由平台在指定的时间拨出（中国时间）；程序不必开着</source>
        <translation>The platform calls at the given time (China time); the program need not be running</translation>
    </message>
    <message>
        <source>（中国时间）</source>
        <translation>(China time)</translation>
    </message>
    <message>
        <source>作为预约语音发送</source>
        <translation>Send as a booked voice message</translation>
    </message>
    <message>
        <source>平台提供的另一种提交方式，效果与定时语音通知相同；只在平台要求时勾选</source>
        <translation>Another way the platform accepts the same scheduled voice notification; tick it only if the platform asks you to</translation>
    </message>
    <message>
        <source> 个/分钟</source>
        <translation> a minute</translation>
    </message>
    <message>
        <source>平台每分钟拨出多少个电话（1–1200）；坐席少时请调低</source>
        <translation>How many calls the platform places a minute (1–1200); lower it when few agents are available</translation>
    </message>
    <message>
        <source>可不填（自动用任务编号）</source>
        <translation>Optional (the task number is used)</translation>
    </message>
    <message>
        <source>自己的批次编号，只能是数字，最多 19 位</source>
        <translation>Your own batch number: digits only, at most 19</translation>
    </message>
    <message>
        <source>哪几天拨打：</source>
        <translation>Days:</translation>
    </message>
    <message>
        <source>几点拨打：</source>
        <translation>Hours:</translation>
    </message>
    <message>
        <source>拨打速度：</source>
        <translation>Speed:</translation>
    </message>
    <message>
        <source>批次号：</source>
        <translation>Batch number:</translation>
    </message>
    <message>
        <source>还没有要朗读的文字</source>
        <translation>No text to read aloud yet</translation>
    </message>
    <message>
        <source>文字有 {n} 个字，超过平台上限 {limit} 个字</source>
        <translation>The text has {n} characters, over the platform’s limit of {limit}</translation>
    </message>
    <message>
        <source>拨打速度 {n} 个/分钟不行：必须在 1 到 1200 之间</source>
        <translation>A speed of {n} calls a minute is not possible: it must be between 1 and 1200</translation>
    </message>
    <message>
        <source>批次号“{b}”只能是数字，最多 19 位</source>
        <translation>The batch number “{b}” must be digits only, at most 19</translation>
    </message>
    <message numerus="yes">
        <source>共 {n} 个字，每位收件人 %n 条（180 个字 1 条）</source>
        <translation>
            <numerusform>{n} characters, %n unit per recipient (180 characters a unit)</numerusform>
            <numerusform>{n} characters, %n units per recipient (180 characters a unit)</numerusform>
        </translation>
    </message>
    <message>
        <source>确认后立即拨出。</source>
        <translation>Calls go out as soon as you confirm.</translation>
    </message>
    <message>
        <source>定时 {at}（中国时间）已经过去了，请改成以后的时间。</source>
        <translation>The time {at} (China time) has already passed; choose a later time.</translation>
    </message>
    <message>
        <source>将在 {at}（中国时间）由平台拨出，距现在{left}。</source>
        <translation>The platform calls at {at} (China time), {left} from now.</translation>
    </message>
    <message>
        <source>确认后交给平台：{days}、{hours}拨打，每分钟 {speed} 个。</source>
        <translation>After you confirm, the platform calls: {days}, {hours}, {speed} a minute.</translation>
    </message>
    <message>
        <source>{n} 个号码全部拨完{time}（不含不在拨打时间内的等待）。</source>
        <translation>All {n} numbers take {time} (not counting waits outside the calling hours).</translation>
    </message>
</context>
<context>
    <name>VoicePlayer</name>
    <message>
        <source>试听</source>
        <translation>Listen</translation>
    </message>
    <message>
        <source>在电脑上播放这段录音，确认内容无误</source>
        <translation>Play the recording on this computer to check it</translation>
    </message>
    <message>
        <source>（选好本机的 MP3 文件后可以试听）</source>
        <translation>(choose an MP3 file on this computer to listen to it)</translation>
    </message>
    <message>
        <source>正在播放“{name}”…</source>
        <translation>Playing “{name}”…</translation>
    </message>
    <message>
        <source>停止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>无法播放</source>
        <translation>Cannot play</translation>
    </message>
    <message>
        <source>无法播放：{reason}（不影响上传和发送）</source>
        <translation>Cannot play: {reason} (uploading and sending still work)</translation>
    </message>
    <message>
        <source>这台电脑没有可用的声音设备</source>
        <translation>this computer has no sound device</translation>
    </message>
</context>
<context>
    <name>VoiceTab</name>
    <message>
        <source>语音</source>
        <translation>Voice</translation>
    </message>
    <message>
        <source>发送…</source>
        <translation>Send…</translation>
    </message>
    <message>
        <source>检查后显示确认信息，确认后发送（Ctrl+Enter）</source>
        <translation>Checks, then asks you to confirm before sending (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>开始外呼…</source>
        <extracomment>(campaign, its name, &apos;YYYY-MM-DD hh:mm:ss&apos;, numbers)</extracomment>
        <translation>Start calls…</translation>
    </message>
    <message>
        <source>定时发送…</source>
        <translation>Schedule…</translation>
    </message>
    <message>
        <source>不能发送</source>
        <translation>Cannot send</translation>
    </message>
    <message>
        <source>拨出时间</source>
        <translation>Call time</translation>
    </message>
    <message>
        <source>朗读文字：{text}</source>
        <translation>Text read aloud: {text}</translation>
    </message>
    <message>
        <source>播放录音：{name}（编号 {serial}）</source>
        <translation>Recording played: {name} (serial {serial})</translation>
    </message>
    <message>
        <source>发送前检查</source>
        <translation>Checks before sending</translation>
    </message>
    <message>
        <source>余额不足：这次需要约 {need} 条，账户只剩 {left} 条。</source>
        <translation>Not enough balance: this send needs about {need} units, the account has {left} left.</translation>
    </message>
    <message>
        <source>收件人：{n} 位</source>
        <translation>Recipients: {n}</translation>
    </message>
    <message numerus="yes">
        <source>计费：每位 %n 条，共约 {total} 条（账户余额 {balance} 条）</source>
        <translation>
            <numerusform>Billing: %n unit each, about {total} in all (balance {balance})</numerusform>
            <numerusform>Billing: %n units each, about {total} in all (balance {balance})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>提交给平台：%Ln 次请求</source>
        <translation>
            <numerusform>Submitted to the platform in %Ln request</numerusform>
            <numerusform>Submitted to the platform in %Ln requests</numerusform>
        </translation>
    </message>
    <message>
        <source>语音通知：将在 {at}（中国时间）由平台拨出。</source>
        <translation>Voice notification: the platform calls at {at} (China time).</translation>
    </message>
    <message>
        <source>语音通知：确认后立即拨出。</source>
        <translation>Voice notification: calls go out as soon as you confirm.</translation>
    </message>
    <message>
        <source>以“预约语音”方式提交。</source>
        <translation>Submitted as a scheduled voice notification.</translation>
    </message>
    <message>
        <source>外呼转人工：{days}，{hours}，每分钟 {speed} 个。</source>
        <translation>Calls with transfer to an agent: {days}, {hours}, {speed} a minute.</translation>
    </message>
    <message>
        <source>全部拨完{time}（不含不在拨打时间内的等待）。</source>
        <translation>All calls take {time} (not counting waits outside the calling hours).</translation>
    </message>
    <message>
        <source>开始外呼</source>
        <translation>Start calls</translation>
    </message>
    <message>
        <source>定时发送</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>确认发送</source>
        <translation>Confirm the send</translation>
    </message>
    <message numerus="yes">
        <source>{name}：{at}（中国时间）拨出，%Ln 个号码</source>
        <translation>
            <numerusform>{name}: calls at {at} (China time), %Ln number</numerusform>
            <numerusform>{name}: calls at {at} (China time), %Ln numbers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>还有 %n 次定时语音</source>
        <translation>
            <numerusform>%n more scheduled voice send</numerusform>
            <numerusform>%n more scheduled voice sends</numerusform>
        </translation>
    </message>
    <message>
        <source>已交给平台的定时语音：</source>
        <translation>Scheduled voice sends held by the platform:</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>欢迎使用茧米桌面</source>
        <translation>Welcome to Jianmi Desktop</translation>
    </message>
    <message>
        <source>&lt;h3&gt;欢迎使用茧米桌面&lt;/h3&gt;&lt;p&gt;现在是&lt;b&gt;沙箱模式&lt;/b&gt;：程序在这台电脑上模拟茧米平台，什么都不会真的发出去，也不花钱。可以放心地试：&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;短信&lt;/b&gt;页：粘贴几个手机号，写一句话（带上【签名】），点“发送…”；几秒后到&lt;b&gt;发送记录&lt;/b&gt;里看每个号码是否已送达。&lt;/li&gt;&lt;li&gt;&lt;b&gt;彩信&lt;/b&gt;页：把几张图片拖进来，每张是一帧，右边的手机里可以预览。&lt;/li&gt;&lt;li&gt;&lt;b&gt;语音&lt;/b&gt;页：选一个 MP3 或写一段文字，发一条语音通知。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;准备好真的发送时，点“填写真实账号…”，输入茧米平台给您的账号和密码。账号和密码只保存在系统钥匙串里。&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Welcome to Jianmi Desktop&lt;/h3&gt;&lt;p&gt;This is &lt;b&gt;sandbox mode&lt;/b&gt;: the program imitates the Jianmi platform on this computer. Nothing is really sent and nothing costs money, so try anything:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;SMS&lt;/b&gt; tab: paste a few mobile numbers, write a sentence (with its 【signature】) and click “Send…”; a few seconds later, see in &lt;b&gt;History&lt;/b&gt; whether each number got it.&lt;/li&gt;&lt;li&gt;&lt;b&gt;MMS&lt;/b&gt; tab: drag a few pictures in, one frame each, and preview them on the phone at the right.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Voice&lt;/b&gt; tab: choose an MP3 or write a text, and send a voice notification.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;When you are ready to send for real, click “Enter the real account…” and type the account and password the Jianmi platform gave you. They are kept in the system keychain only.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>填写真实账号(&amp;A)…</source>
        <translation>Enter the real &amp;account…</translation>
    </message>
    <message>
        <source>开始试用(&amp;S)</source>
        <translation>&amp;Start trying</translation>
    </message>
</context>
</TS>
