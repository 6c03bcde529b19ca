"""The report of one campaign: what became of its numbers, a chart, why some were not delivered,
and "send again to the undelivered" (a follow-up campaign, not sent by itself).

Reads run on a worker thread of their own (``Worker`` with a read-only connection); the
figures follow the delivery reports as they are stored (``controller.stored``, debounced).
QtCharts is imported when the first chart is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.history.model import Worker, error_text
from jianmi_desktop.gui.history.worker import Reload
from jianmi_desktop.gui.widgets.icons import with_icon
from jianmi_desktop.gui.widgets.messages import confirm, show_error, show_message
from jianmi_desktop.gui.widgets.names import campaign_name
from jianmi_desktop.gui.widgets.status_words import explain_code
from jianmi_desktop.gui.widgets.table_model import fill, read_only
from jianmi_desktop.gui.widgets.times import shown_time
from jianmi_desktop.states import Kind, RecipientState
from jianmi_desktop.store import report_queries
from jianmi_desktop.store.rows import CampaignReport

if TYPE_CHECKING:
    from PySide6.QtCharts import QChartView  # imported when the first chart is drawn

#: the figures shown, in order: (key, colour)
FIGURES = (("delivered", "#2e7d32"), ("undelivered", "#c62828"), ("waiting", "#1565c0"),
           ("not_sent", "#9e9e9e"), ("failed", "#6a1b9a"), ("uncertain", "#f9a825"))


def figures_of(counts: dict[str, int]) -> dict[str, int]:
    """Recipients per state → the figures of the report (they add up to the total)."""
    return {"delivered": counts.get(RecipientState.DELIVERED, 0),
            "undelivered": counts.get(RecipientState.UNDELIVERED, 0),
            "waiting": counts.get(RecipientState.SUBMITTED, 0),
            "not_sent": counts.get(RecipientState.PENDING, 0) + counts.get(RecipientState.SENDING, 0),
            "failed": counts.get(RecipientState.FAILED, 0), "uncertain": counts.get(RecipientState.UNCERTAIN, 0),
            "total": counts.get("recipients", 0)}


def load_report(reader, cid: int) -> CampaignReport | None:
    """Everything the panel shows (runs on the worker thread)."""
    conn = reader.conn
    conn.execute("BEGIN")  # one snapshot: the figures and the groups agree
    try:
        return report_queries.campaign_report(conn, cid)
    finally:
        conn.execute("COMMIT")



class CampaignReportPanel(QWidget):
    followup_created = Signal(int)  # id of the new campaign
    named = Signal(str)  # what the window calls the campaign shown ("短信 #3"), once read

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignReport")
        self.controller = controller
        self.worker: Worker | None = None
        self.campaign_id: int | None = None
        self.item: CampaignReport | None = None
        self.figures: dict[str, int] = {}
        self._reading = Reload(self._read)
        self._creating = False
        self._chart_view: QChartView | None = None
        self.labels = {"delivered": self.tr("已送达"), "undelivered": self.tr("未送达"),
                       "waiting": self.tr("等待状态报告"), "not_sent": self.tr("尚未发出"),
                       "failed": self.tr("失败"), "uncertain": self.tr("不确定")}
        self.tips = {"delivered": self.tr("对方手机已经收到"),
                     "undelivered": self.tr("运营商报告没有送到对方手机，原因见下方"),
                     "waiting": self.tr("平台已接收，正在等待运营商的状态报告（通常几秒到几分钟）"),
                     "not_sent": self.tr("还没有发出或正在发出"),
                     "failed": self.tr("平台拒绝了这一批，没有发出，也没有扣费"),
                     "uncertain": self.tr("请求已发出但没有收到平台的答复：可能已发出，也可能没有")}
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=500)  # at most twice a second
        self._timer.timeout.connect(self.refresh)
        controller.stored.connect(self._on_stored)

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("reportHeading")
        self.heading.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.excerpt = QLabel(self)
        self.excerpt.setWordWrap(True)
        self.excerpt.setStyleSheet("color: #555;")
        layout.addWidget(self.heading)
        layout.addWidget(self.excerpt)

        top = QHBoxLayout()
        grid_box = QFrame(self)
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        self.count_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (key, colour) in enumerate(FIGURES):
            swatch = QLabel(grid_box)
            swatch.setFixedSize(14, 14)
            swatch.setStyleSheet(f"background: {colour}; border-radius: 3px;")
            name = QLabel(self.labels[key], grid_box)
            number, share = QLabel("0", grid_box), QLabel("", grid_box)
            for widget in (swatch, name, number, share):
                widget.setToolTip(self.tips[key])
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            share.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, widget in enumerate((swatch, name, number, share)):
                grid.addWidget(widget, row, column)
            self.count_labels[key] = (number, share)
        total_name = QLabel(self.tr("合计"), grid_box)
        total_name.setStyleSheet("font-weight: bold;")
        self.total_label = QLabel("0", grid_box)
        self.total_label.setStyleSheet("font-weight: bold;")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(total_name, len(FIGURES), 1)
        grid.addWidget(self.total_label, len(FIGURES), 2)
        grid.setRowStretch(len(FIGURES) + 1, 1)
        top.addWidget(grid_box)
        self.chart_holder = QVBoxLayout()
        top.addLayout(self.chart_holder, 1)
        layout.addLayout(top)

        self.reasons_title = QLabel(self.tr("没有送到的原因"), self)
        self.reasons_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.reasons_title)
        self.reasons = QTableWidget(0, 3, self)
        self.reasons.setObjectName("undeliveredReasons")
        self.reasons.setHorizontalHeaderLabels([self.tr("状态码"), self.tr("号码数"), self.tr("说明")])
        code_header = self.reasons.horizontalHeaderItem(0)
        assert code_header is not None  # made by setHorizontalHeaderLabels
        code_header.setToolTip(self.tr("运营商在状态报告里给出的代码"))
        read_only(self.reasons, row_height=None, wrap=True, columns=("fit", "fit", "stretch"))
        self.reasons.setToolTip(self.tr("未送达的号码按运营商的状态码分组，并说明可能的原因"))
        layout.addWidget(self.reasons, 1)

        foot = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        foot.addWidget(self.status, 1)
        self.refresh_button = with_icon(QPushButton(self.tr("刷新(&R)"), self), "refresh")
        self.refresh_button.setToolTip(self.tr("重新读取这个任务的数字（F5）"))
        self.refresh_button.clicked.connect(self.refresh)
        self.followup_button = with_icon(QPushButton(self.tr("给未送达的号码重发(&S)…"), self), "repeat")
        self.followup_button.setToolTip(self.tr(
            "把未送达的号码建成一个新任务（内容相同）。新任务不会自动发送，要您再确认发送"))
        self.followup_button.clicked.connect(self.ask_followup)
        foot.addWidget(self.refresh_button)
        foot.addWidget(self.followup_button)
        layout.addLayout(foot)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_button()

    # --- explanations ------------------------------------------------------------------------
    def explain(self, code: str) -> str:
        """What a carrier's status code means, in plain words."""
        return explain_code(code, self.item.kind if self.item is not None else Kind.SMS)

    # --- loading -----------------------------------------------------------------------------
    def show_campaign(self, cid: int | None) -> None:
        if cid != self.campaign_id:
            self.campaign_id, self.item, self.figures = cid, None, {}
            self.heading.setText(campaign_name(None, None, cid) if cid else self.tr("没有选中任务"))
            self.excerpt.clear()
            self.status.setText(self.tr("正在读取…") if cid else "")
            self._update_button()
        self.refresh()

    def refresh(self) -> None:
        if self.campaign_id is None:
            return
        if self.worker is None:
            store = getattr(self.controller, "store", None)
            if store is None:
                return
            self.worker = Worker(Path(store.path), "jianmi-report", self)
            self.destroyed.connect(lambda *_, w=self.worker: w.close())
        self._reading()

    def _read(self) -> None:
        cid = self.campaign_id
        if self.worker is None or cid is None:   # closed meanwhile
            self._reading.done()
            return
        self.worker.submit(load_report, cid, on_done=lambda item: self._arrived(cid, item),
                           on_error=self._failed)

    def _on_stored(self, *_args) -> None:
        if self.campaign_id is not None and self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def _failed(self, exc: BaseException) -> None:
        self._reading.done()
        self.status.setText(error_text(exc))

    def _arrived(self, cid: int, item: CampaignReport | None) -> None:
        self._reading.done()
        if cid != self.campaign_id:
            return
        if item is None:
            self.status.setText(self.tr("任务 #{id} 不存在。").format(id=cid))
            return
        self.item = item
        self.figures = figures_of(item.counts)
        self._show()

    def _show(self) -> None:
        item, figures = self.item, self.figures
        assert item is not None  # _arrived set it
        kinds = {Kind.SMS: self.tr("短信"), Kind.INTL: self.tr("国际短信"), Kind.VOICE: self.tr("语音通知"),
                 Kind.VOICECALL: self.tr("语音外呼"), Kind.MMS: self.tr("彩信")}
        created = shown_time(item.created, seconds=False)
        name = campaign_name(item.kind, item.number, item.id)
        self.heading.setText(self.tr("{name} · {kind} · {created}").format(
            name=name, kind=kinds.get(item.kind, item.kind), created=created))
        self.heading.setToolTip(self.tr("命令行里的任务编号：{id}").format(id=item.id))
        self.named.emit(name)
        text = item.text.replace("\n", " ")
        self.excerpt.setText(text if len(text) <= 120 else text[:119] + "…")
        self.excerpt.setToolTip(item.text)
        total = figures["total"]
        for key, _colour in FIGURES:
            number, share = self.count_labels[key]
            number.setText(f"{figures[key]:,}")
            share.setText(f"{figures[key] * 100 / total:.1f}%" if total else "")
        self.total_label.setText(f"{total:,}")
        self._draw_chart()
        self._fill_reasons()
        settled = figures["delivered"] + figures["undelivered"]
        if figures["waiting"] or figures["not_sent"]:
            self.status.setText(self.tr("还有 %Ln 个号码没有结果，状态报告到达后这里会自动更新。", "",
                                        figures["waiting"] + figures["not_sent"]))
        elif total:
            self.status.setText(self.tr("%Ln 个号码已有结果。", "", settled))
        else:
            self.status.setText(self.tr("这个任务没有号码。"))
        self._update_button()

    def _draw_chart(self) -> None:
        from PySide6.QtCharts import QChart, QChartView, QPieSeries

        if self._chart_view is None:
            chart = QChart()
            chart.legend().hide()
            chart.setBackgroundVisible(False)
            chart.setMargins(QMargins(0, 0, 0, 0))
            view = self._chart_view = QChartView(chart, self)
            view.setObjectName("reportChart")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(220, 180)
            view.setToolTip(self.tr("各种结果所占的比例"))
            self.chart_holder.addWidget(view)
        chart = self._chart_view.chart()
        chart.removeAllSeries()
        series = QPieSeries()
        series.setPieSize(0.8)
        for key, colour in FIGURES:
            value = self.figures.get(key, 0)
            if value:
                piece = series.append(f"{self.labels[key]} {value:,}", value)
                piece.setColor(QColor(colour))
                piece.setBorderColor(QColor("white"))
        chart.addSeries(series)

    def _fill_reasons(self) -> None:
        item = self.item
        assert item is not None  # _show's
        rows = [(c.code or self.tr("（无）"), c.recipients, self.explain(c.code)) for c in item.codes]
        for b in item.batch_errors:
            label = self.tr("平台拒绝 {code}").format(code=b.code) if b.code is not None else self.tr("平台拒绝")
            rows.append((label, b.recipients, b.error or self.tr("平台拒绝了这一批，没有发出")))
        fill(self.reasons, [(code, f"{n:,}", text) for code, n, text in rows], right=(1,),
             tip=lambda r, c: rows[r][2] if c == 2 else None)
        self.reasons.resizeRowsToContents()
        self.reasons_title.setText(self.tr("没有送到的原因") if rows else self.tr("没有送到的原因：无"))

    # --- follow-up ---------------------------------------------------------------------------
    def _update_button(self) -> None:
        undelivered = self.figures.get("undelivered", 0)
        self.followup_button.setEnabled(bool(undelivered) and not self._creating)

    def ask_followup(self) -> None:
        undelivered = self.figures.get("undelivered", 0)
        if not undelivered or self.campaign_id is None or self._creating:
            return
        cid = self.campaign_id
        text = self.tr(
            "把{name} 中 %Ln 个未送达的号码建成一个新任务，内容和原任务相同。\n\n"
            "新任务建好后不会自动发送：请到“短信”页或“发送记录”里找到它，检查后再发送。\n"
            "已在退订名单里的号码不会再发。\n\n确定要建这个新任务吗？", "", undelivered).format(name=self._name())
        confirm(self, self.tr("给未送达的号码重发"), text, lambda: self.create_followup(cid),
                yes_text=self.tr("建新任务"), no_text=self.tr("先不建"))

    def create_followup(self, cid: int) -> None:
        self._creating = True
        self._update_button()
        self.status.setText(self.tr("正在建新任务…"))
        self.controller.spawn(self.controller.sending.create_followup(cid, (RecipientState.UNDELIVERED,)),
                              on_done=lambda new_id: self._created(cid, new_id), on_error=self._create_failed)

    def _created(self, cid: int, new_id: int) -> None:
        self._creating = False
        self._update_button()
        new = self.controller.sending.name_of(new_id)
        self.status.setText(self.tr("已建好新任务{new}（还没有发送）。").format(new=new))
        self.followup_created.emit(new_id)
        show_message(self, self.tr("新任务已建好"), self.tr(
            "已把{name} 中未送达的号码建成新任务{new}。\n\n它还没有发送。请到“短信”页或“发送记录”里"
            "找到{new}，检查后再发送。").format(name=self._name(), new=new))

    def _name(self) -> str:
        """What the window calls the campaign shown ("短信 #3")."""
        item, cid = self.item, self.campaign_id
        if item is not None:
            return campaign_name(item.kind, item.number, item.id)
        return campaign_name(None, None, cid or 0)

    def _create_failed(self, message: str) -> None:
        self._creating = False
        self._update_button()
        self.status.setText("")
        show_error(self, message)


class CampaignReportDialog(QDialog):
    """The panel in a window of its own (not modal: the history stays usable beside it)."""

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignReportDialog")
        self.setWindowTitle(self.tr("任务报告"))
        self.setModal(False)
        self.panel = CampaignReportPanel(controller, self)
        self.panel.named.connect(self.set_title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def show_campaign(self, cid: int) -> None:
        self.panel.show_campaign(cid)
        self.set_title(campaign_name(None, None, cid))
        self.show()
        self.raise_()
        self.activateWindow()

    def follow(self, cid: int | None) -> None:
        """The selection moved: show that campaign if the window is open."""
        if cid is not None and self.isVisible():
            self.panel.show_campaign(cid)
            self.set_title(campaign_name(None, None, cid))

    def set_title(self, name: str) -> None:
        self.setWindowTitle(self.tr("{name} 的报告").format(name=name))
