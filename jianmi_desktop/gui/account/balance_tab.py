"""The balance tab: units left and sent, a refresh, a low-balance warning and a chart over time.

Each reading is recorded in the store (``record_balance``) and the chart shows
``balance_history``. QtCharts is imported only when the first chart is drawn, so the
window's start-up does not pay for it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.base_tab import BaseTab
from jianmi_desktop.gui.widgets.icons import with_icon

if TYPE_CHECKING:
    from PySide6.QtCharts import QChartView, QLineSeries  # imported when the first chart is drawn

    from jianmi_desktop.platform.models import Balance
    from jianmi_desktop.store.rows import BalanceReading

#: automatic refresh every five minutes
AUTO_REFRESH_MS = 5 * 60 * 1000
#: readings shown on the chart
CHART_POINTS = 500


class BalanceTab(BaseTab):
    shown = Signal(bool)  # the balance was read and shown (True), or why not (False)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setObjectName("balanceTab")
        self.balance: Balance | None = None  # the last one read
        self.updated: datetime | None = None
        self.busy = False
        self._generation = 0  # bumped when the account changes: late answers are dropped
        self.chart_view: QChartView | None = None
        self._chart_series: QLineSeries | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)

        figures = QGridLayout()
        figures.setHorizontalSpacing(48)
        self.remaining_caption = QLabel(self.tr("剩余条数"))
        self.sent_caption = QLabel(self.tr("已发送条数"))
        self.remaining_label = self._figure_label("remainingFigure")
        self.sent_label = self._figure_label("sentFigure")
        self.remaining_label.setToolTip(self.tr("账户里还能发送的条数（短信按条计费）"))
        self.sent_label.setToolTip(self.tr("这个账户累计已经发送的条数"))
        figures.addWidget(self.remaining_caption, 0, 0)
        figures.addWidget(self.sent_caption, 0, 1)
        figures.addWidget(self.remaining_label, 1, 0)
        figures.addWidget(self.sent_label, 1, 1)
        figures.setColumnStretch(2, 1)
        layout.addLayout(figures)

        row = QHBoxLayout()
        self.refresh_button = with_icon(QPushButton(self.tr("刷新(&R)")), "refresh")
        self.refresh_button.setObjectName("refreshBalance")
        self.refresh_button.setToolTip(self.tr("立即向平台查询余额（F5）。每 5 分钟也会自动刷新。"))
        self.refresh_button.clicked.connect(self.refresh)
        self.updated_label = QLabel(self.tr("还没有读取余额"))
        self.updated_label.setObjectName("balanceUpdated")
        row.addWidget(self.refresh_button)
        row.addWidget(self.updated_label, 1)
        layout.addLayout(row)

        self.warning_label = QLabel()
        self.warning_label.setObjectName("lowBalanceWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(
            "#lowBalanceWarning { background: #fff4ce; color: #5c4400; border: 1px solid #e0c060;"
            " border-radius: 4px; padding: 8px; }")
        self.warning_label.hide()
        layout.addWidget(self.warning_label)

        self.error_label = QLabel()
        self.error_label.setObjectName("balanceError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(
            "#balanceError { background: #fde7e9; color: #8a1f11; border: 1px solid #e8a3a8;"
            " border-radius: 4px; padding: 8px; }")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.chart_caption = QLabel(self.tr("剩余条数的变化"))
        layout.addWidget(self.chart_caption)
        self.chart_holder = QFrame()
        self.chart_holder.setMinimumHeight(220)
        self.chart_holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_empty = QLabel(self.tr("每次刷新都会记下余额，这里会画出它的变化。"))
        self.chart_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_empty)
        layout.addWidget(self.chart_holder, 1)

        self.shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.shortcut.activated.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        controller.settings_changed.connect(self._show_warning)
        self._show_figures()

    def _figure_label(self, name: str) -> QLabel:
        label = QLabel("—")
        label.setObjectName(name)
        font = QFont(self.font())
        font.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 3)
        font.setBold(True)
        label.setFont(font)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def title(self) -> str:
        return self.tr("余额")

    # --- life cycle -----------------------------------------------------------------------
    def on_started(self, status) -> None:
        self.timer.start()
        self.refresh()
        self.load_chart()

    def on_account_changed(self) -> None:
        self._generation += 1
        self.busy = False
        self.balance = None
        self.updated = None
        self._show_figures()
        self.on_started(self.controller.status)

    # --- reading the balance --------------------------------------------------------------
    def refresh(self) -> None:
        client, store = self.controller.client, self.controller.store
        if self.busy or client is None:
            return
        self.busy = True
        self.refresh_button.setEnabled(False)
        self.updated_label.setText(self.tr("正在查询余额…"))
        generation = self._generation

        self.controller.spawn(client.getnum(), on_done=lambda b: self._got(generation, b, store),
                              on_error=lambda text: self._failed(generation, text))

    def _got(self, generation: int, balance, store) -> None:
        """The figures as soon as the platform gave them; then the reading is kept (a write that
        waits for the disk) and the chart redrawn with it."""
        if generation != self._generation:
            return
        self.busy = False
        self.balance = balance
        self.updated = datetime.now()
        self.error_label.hide()
        self._show_figures()
        self.shown.emit(True)
        if store is None:
            return

        def not_kept(text: str) -> None:
            if generation == self._generation:
                self.error_label.setText(self.tr("余额已读到，但没能记进本机的余额记录：{reason}").format(reason=text))
                self.error_label.show()

        self.controller.spawn(store.record_balance(balance.sent, balance.remaining),
                              on_done=lambda _: self.load_chart() if generation == self._generation else None,
                              on_error=not_kept, owner=self)

    def _failed(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        self.busy = False
        self.error_label.setText(self.tr("没能读取余额：{reason}").format(reason=text))
        self.error_label.show()
        self._show_figures()
        self.shown.emit(False)

    def _show_figures(self) -> None:
        self.refresh_button.setEnabled(not self.busy and self.controller.client is not None)
        locale = QLocale()
        if self.balance is None:
            self.remaining_label.setText("—")
            self.sent_label.setText("—")
        else:
            self.remaining_label.setText(locale.toString(self.balance.remaining))
            self.sent_label.setText(locale.toString(self.balance.sent))
        if self.updated is not None:
            self.updated_label.setText(self.tr("更新于 {time}").format(
                time=self.updated.strftime("%Y-%m-%d %H:%M:%S")))
        elif not self.busy:
            self.updated_label.setText(self.tr("还没有读取余额"))
        self._show_warning()

    def _show_warning(self) -> None:
        threshold = self.controller.settings.low_balance
        balance = self.balance
        low = balance is not None and balance.remaining < threshold
        if low and balance is not None:
            self.warning_label.setText(self.tr(
                "余额不多了：只剩 {remaining} 条，低于提醒线 {threshold} 条。请及时充值，"
                "余额不足时平台会拒绝发送。").format(remaining=QLocale().toString(balance.remaining),
                                                threshold=QLocale().toString(threshold)))
        self.warning_label.setVisible(low)

    # --- the chart ------------------------------------------------------------------------
    def load_chart(self) -> None:
        store = self.controller.store
        if store is None:
            return
        generation = self._generation

        def done(rows: list[BalanceReading]) -> None:
            if generation == self._generation:
                self._draw(rows)

        self.controller.spawn(store.balance_history(CHART_POINTS), on_done=done, on_error=lambda text: None)

    def _draw(self, rows: list[BalanceReading]) -> None:
        points = []
        for row in rows:
            try:
                points.append((datetime.fromisoformat(row.at).timestamp() * 1000, row.remaining))
            except (TypeError, ValueError):
                continue
        if not points:
            return
        if self.chart_view is None:
            self._make_chart()
        from PySide6.QtCore import QPointF

        assert self._chart_series is not None  # made with the chart view
        self._chart_series.replace([QPointF(x, y) for x, y in points])
        low_x, high_x = points[0][0], points[-1][0]
        if high_x - low_x < 60_000:  # one reading, or a few within a minute: show an hour around them
            low_x, high_x = low_x - 30 * 60_000, high_x + 30 * 60_000
        self._axis_x.setRange(QDateTime.fromMSecsSinceEpoch(int(low_x)), QDateTime.fromMSecsSinceEpoch(int(high_x)))
        self._axis_x.setFormat("MM-dd HH:mm" if high_x - low_x < 3 * 86_400_000 else "yyyy-MM-dd")
        # from zero: a few messages out of 100,000 are a flat line, as they should look, not a cliff
        self._axis_y.setRange(0, max(10, max(y for _x, y in points) * 1.1))
        self._axis_y.applyNiceNumbers()

    def _make_chart(self) -> None:
        from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
        from PySide6.QtCore import QMargins
        from PySide6.QtGui import QPainter

        chart = QChart()
        chart.legend().hide()
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.setBackgroundRoundness(0)
        series = QLineSeries()
        series.setName(self.tr("剩余条数"))
        series.setPointsVisible(True)
        chart.addSeries(series)
        axis_x = QDateTimeAxis()
        axis_x.setTickCount(5)
        axis_x.setTitleText(self.tr("读取时间"))
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        axis_y.setTickCount(5)
        axis_y.setTitleText(self.tr("剩余（条）"))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        view = QChartView(chart)
        view.setObjectName("balanceChart")
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setToolTip(self.tr("每次读取余额时记下的剩余条数"))
        self.chart_empty.hide()
        self.chart_layout.addWidget(view)
        self.chart_view, self._chart_series, self._axis_x, self._axis_y = view, series, axis_x, axis_y
