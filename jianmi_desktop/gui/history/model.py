"""Qt models of the history: campaigns with their counts, and recipients fetched lazily.

SQLite is read on worker threads only (each ``Worker`` owns one thread and one read-only
``HistoryReader``); results come back to the GUI thread through a queued Qt signal. The
recipient model fetches pages on demand (``canFetchMore``/``fetchMore``) with keyset
pagination and keeps loaded rows in compact columns, so a million rows stay cheap.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from jianmi_desktop.gui.history.worker import Reload, Worker, error_text  # noqa: F401 - offered here too
from jianmi_desktop.gui.widgets.names import campaign_name
from jianmi_desktop.gui.widgets.status_words import explain_code
from jianmi_desktop.gui.widgets.table_model import TableModel
from jianmi_desktop.gui.widgets.times import shown_time
from jianmi_desktop.states import CampaignState, Kind, RecipientState
from jianmi_desktop.store.reader import RecipientFilter
from jianmi_desktop.store.rows import CampaignRow, RecipientRow, recipient_state

UNCERTAIN_BG, UNCERTAIN_FG = QColor("#ffe8a3"), QColor("#6b4300")
FAILED_BG, UNDELIVERED_FG = QColor("#fde3e1"), QColor("#a4262c")


class _Texts:
    """Strings shared by many rows are stored once; rows keep an index."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.values)
            self.values.append(text)
        return found


@dataclass(frozen=True, slots=True)
class CampaignLine:
    """A line of the campaign table: a campaign and its figures, or (``campaign`` None) all of them added up."""

    summary: dict[str, int]  # ``summarize_counts`` of its recipients
    campaign: CampaignRow | None = None

    @property
    def id(self) -> int | None:
        return None if self.campaign is None else self.campaign.id


class ReadingModel(TableModel):
    """A table read from the store by a thread of its own (``Worker``), opened when the store is."""

    THREAD = "jianmi-history"
    worker: Worker | None = None

    def open(self, db_path: Path) -> None:
        """Read ``db_path`` from now on (another file when the account changed)."""
        if self.worker is not None and self.worker.reader.path != Path(db_path):
            self.close()
        if self.worker is None:
            self.worker = Worker(db_path, self.THREAD, self)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None


class RecipientModel(ReadingModel):
    """Recipients of the filter, in id order, one page at a time."""

    THREAD = "jianmi-history-page"
    COL_CAMPAIGN, COL_MOBILE, COL_STATE, COL_CODE, COL_UPDATED, COL_MSGID = range(6)
    PAGE = 200

    page_loaded = Signal()  # rows arrived (or the filter turned out empty)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = None
        self.filter = RecipientFilter()
        self.finished = False  # every row of the filter is loaded
        self.headers = [self.tr("任务"), self.tr("号码"), self.tr("状态"), self.tr("原因"),
                        self.tr("更新时间"), self.tr("消息编号 (msgid)")]
        # an export keeps the carrier's code beside the plain reason (for whoever analyses it)
        self.export_headers = [*self.headers[:4], self.tr("状态码"), *self.headers[4:]]
        self.kinds: dict[int, Kind] = {}  # campaign → its kind, for the reasons
        self.names: dict[int, str] = {}   # campaign → what the window calls it ("短信 #3")
        self.state_labels: dict[str, str] = {
            RecipientState.PENDING: self.tr("等待发送"), RecipientState.SENDING: self.tr("发送中"),
            RecipientState.SUBMITTED: self.tr("已提交"), RecipientState.DELIVERED: self.tr("已送达"),
            RecipientState.UNDELIVERED: self.tr("未送达"), RecipientState.FAILED: self.tr("失败"),
            RecipientState.UNCERTAIN: self.tr("不确定"),
        }
        self.state_tips: dict[str, str] = {
            RecipientState.PENDING: self.tr("还没有发出"),
            RecipientState.SENDING: self.tr("正在发出"),
            RecipientState.SUBMITTED: self.tr("平台已接收，正在等待对方手机的状态报告"),
            RecipientState.DELIVERED: self.tr("对方手机已收到"),
            RecipientState.UNDELIVERED: self.tr("没有送达对方手机（原因见右边）"),
            RecipientState.FAILED: self.tr("平台拒绝了这一批，没有发出"),
            RecipientState.UNCERTAIN: self.tr("请求已发出，但没有收到平台的答复：可能已发出，也可能没有。"
                                 "可以等待状态报告，或重新发送（对方可能收到两次）。"),
        }
        style = QApplication.style()
        self.icons: dict[str, QIcon] = {
            RecipientState.UNCERTAIN: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            RecipientState.FAILED: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)}
        self._bold = QFont()
        self._bold.setBold(True)
        self._generation = 0
        self._plan = None
        self._cursor = 0
        self._busy = False
        self._clear()

    # --- storage ---------------------------------------------------------------------------
    def _clear(self) -> None:
        self._ids = array("q")
        self._campaigns = array("q")
        self._mobiles: list[str] = []
        self._states = array("i")
        self._codes = array("i")
        self._updated = array("i")
        self._msgids = array("i")
        self._texts = _Texts()

    def _append(self, row: RecipientRow) -> None:
        add = self._texts.add
        self._ids.append(row.id)
        self._campaigns.append(row.campaign_id)
        self._mobiles.append(row.mobile)
        self._states.append(add(row.state))
        self._codes.append(add(row.status_code))
        self._updated.append(add(row.updated))
        self._msgids.append(add(row.msgid))

    def row_values(self, row: int) -> RecipientRow:
        """A loaded row, as the reader gave it."""
        t = self._texts.values
        return RecipientRow(self._ids[row], self._campaigns[row], self._mobiles[row], self.state_at(row),
                            t[self._codes[row]], t[self._updated[row]], t[self._msgids[row]])

    def state_at(self, row: int) -> RecipientState:
        return recipient_state(self._texts.values[self._states[row]])

    # --- loading ---------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._busy

    def set_filter(self, flt: RecipientFilter) -> None:
        """Show this filter's rows from the start (the first page is asked for at once)."""
        self.beginResetModel()
        self.filter = flt
        self._generation += 1
        self._clear()
        self._plan, self._cursor, self.finished, self._busy = None, 0, False, False
        self.endResetModel()
        self._request(self.PAGE)

    def refresh(self) -> None:
        self.set_filter(self.filter)

    def more_may_exist(self) -> None:
        """New rows may have been written (a new campaign): let the view fetch again."""
        if self.finished and self._plan is not None:
            self.finished = False
            if not self._busy:
                self._request(self.PAGE)

    def _request(self, want: int) -> None:
        if self.worker is None or self._busy:
            return
        self._busy = True
        generation, plan, cursor = self._generation, self._plan, self._cursor
        if plan is None:
            def job(reader, flt=self.filter):
                plan = reader.plan(flt)
                return (plan, *reader.fetch(plan, 0, want))
        else:
            def job(reader):
                return (plan, *reader.fetch(plan, cursor, want))
        self.worker.submit(job, on_done=lambda r: self._arrived(generation, want, r),
                           on_error=lambda e: self._failed(generation, e))

    def _arrived(self, generation: int, want: int, result) -> None:
        if generation != self._generation:
            return  # an answer for a filter no longer shown
        self._busy = False
        plan, rows, cursor, finished = result
        self._plan, self._cursor = plan, cursor
        if rows:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            for row in rows:
                self._append(row)
            self.endInsertRows()
        self.finished = finished
        if not finished and len(rows) < want:
            self._request(want - len(rows))  # a sparse filter: keep looking
        else:
            self.page_loaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._busy = False
            self.finished = True
            self.failed.emit(error_text(exc))
            self.page_loaded.emit()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and not self.finished and self.worker is not None

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not parent.isValid():
            self._request(self.PAGE)

    def refresh_rows(self, first: int, last: int) -> None:
        """Read these loaded rows again (their state may have changed)."""
        if self.worker is None or not len(self._ids):
            return
        first, last = max(0, first), min(last, len(self._ids) - 1)
        if first > last:
            return
        generation = self._generation
        ids = list(self._ids[first:last + 1])
        self.worker.submit(lambda reader: reader.rows_by_id(ids),
                           on_done=lambda rows: self._updated_rows(generation, first, last, rows))

    def _updated_rows(self, generation: int, first: int, last: int, rows: list[RecipientRow]) -> None:
        if generation != self._generation:
            return
        fresh = {row.id: row for row in rows}
        add = self._texts.add
        for i in range(first, last + 1):
            row = fresh.get(self._ids[i])
            if row is not None:
                self._states[i], self._codes[i], self._updated[i], self._msgids[i] = (
                    add(row.state), add(row.status_code), add(row.updated), add(row.msgid))
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.headers) - 1))

    # --- Qt model ----------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._ids)

    def display(self, row: int, column: int) -> str:
        t = self._texts.values
        if column == self.COL_CAMPAIGN:
            cid = self._campaigns[row]
            return self.names.get(cid) or campaign_name(None, None, cid)
        if column == self.COL_MOBILE:
            return self._mobiles[row]
        if column == self.COL_STATE:
            state = self.state_at(row)
            return self.state_labels.get(state, state)
        if column == self.COL_CODE:
            # plain words; the carrier's own code is in the tooltip (a detail for the curious)
            if self.state_at(row) != RecipientState.UNDELIVERED:
                return ""
            return explain_code(t[self._codes[row]], self.kinds.get(self._campaigns[row], Kind.SMS))
        if column == self.COL_UPDATED:
            return shown_time(t[self._updated[row]])
        return t[self._msgids[row]]

    def cell(self, row: int, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        state = self.state_at(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            return (UNCERTAIN_BG if state == RecipientState.UNCERTAIN
                    else FAILED_BG if state == RecipientState.FAILED else None)
        if role == Qt.ItemDataRole.ForegroundRole:
            return (UNCERTAIN_FG if state == RecipientState.UNCERTAIN
                    else UNDELIVERED_FG if state in (RecipientState.UNDELIVERED, RecipientState.FAILED) else None)
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_STATE:
            return self.icons.get(state)
        if role == Qt.ItemDataRole.FontRole and state == RecipientState.UNCERTAIN:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_STATE:
            return self.state_tips.get(state)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CODE:
            t = self._texts.values
            code, msgid = t[self._codes[row]], t[self._msgids[row]]
            return self.tr("运营商状态码：{code}\n消息编号：{msgid}").format(code=code or self.tr("（无）"), msgid=msgid)
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[row]
        return None


class CampaignModel(ReadingModel):
    """Every campaign (newest first) under a first row adding them all up."""

    THREAD = "jianmi-history-counts"
    COUNT_KEYS = ("recipients", "submitted", "delivered", "undelivered", "pending", "failed", "uncertain")
    COL_UNCERTAIN = 11
    LIMIT = 1000

    refreshed = Signal()
    changed = Signal()  # the database changed since the last look (see ``poll``)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = None
        self.headers = [self.tr("任务"), self.tr("类型"), self.tr("创建时间"), self.tr("内容"), self.tr("状态"),
                        self.tr("号码数"), self.tr("已提交"), self.tr("已送达"), self.tr("未送达"),
                        self.tr("等待"), self.tr("失败"), self.tr("不确定")]
        self.header_tips = [None, None, None, None, None, self.tr("这个任务的号码总数"),
                            self.tr("平台已接收的号码（包括已有状态报告的）"), self.tr("对方手机已收到"),
                            self.tr("没有送达对方手机"), self.tr("还没有发出或正在发出"),
                            self.tr("平台拒绝了，没有发出"),
                            self.tr("请求已发出但没有收到答复，不知道是否发出")]
        self.kinds = {Kind.SMS: self.tr("短信"), Kind.INTL: self.tr("国际短信"), Kind.VOICE: self.tr("语音通知"),
                      Kind.VOICECALL: self.tr("语音外呼"), Kind.MMS: self.tr("彩信")}
        self.states = {CampaignState.SCHEDULED: self.tr("定时待发"), CampaignState.PENDING: self.tr("未开始"),
                       CampaignState.RUNNING: self.tr("发送中"), CampaignState.PAUSED: self.tr("已暂停"),
                       CampaignState.DONE: self.tr("已完成"), CampaignState.STOPPED: self.tr("已停止"),
                       CampaignState.CANCELLED: self.tr("已取消")}
        self.icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.rows: list[CampaignLine] = []
        self._reading = Reload(self._read)
        self._version: int | None = None
        self._polling = False


    def poll(self) -> None:
        """Emit ``changed`` if anything was written since the last poll."""
        if self.worker is None or self._polling:
            return
        self._polling = True
        self.worker.submit(lambda reader: reader.data_version(), on_done=self._polled,
                           on_error=lambda _exc: setattr(self, "_polling", False))

    def _polled(self, version: int) -> None:
        self._polling = False
        if self._version is not None and version != self._version:
            self.changed.emit()
        self._version = version

    def refresh(self) -> None:
        if self.worker is not None:
            self._reading()

    def _read(self) -> None:
        assert self.worker is not None
        self.worker.submit(lambda reader: reader.campaigns(self.LIMIT), on_done=self._arrived,
                           on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._reading.done()
        self.refreshed.emit()

    def _arrived(self, campaigns: list[CampaignRow]) -> None:
        from jianmi_desktop.campaign.planning import summarize_counts  # here: it imports phonenumbers

        lines = [CampaignLine(summarize_counts(c.counts), c) for c in campaigns]
        total = CampaignLine({k: sum(line.summary[k] for line in lines) for k in self.COUNT_KEYS})
        rows = [total, *lines]
        if [r.id for r in rows] == [r.id for r in self.rows]:
            self.rows = rows  # same campaigns: update in place, the selection stays
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.headers) - 1))
        else:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
        self.refreshed.emit()
        self._reading.done()

    def campaign(self, row: int) -> CampaignLine | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, cid: int | None) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == cid), -1)

    def name_of(self, cid: int) -> str:
        """What the window calls the campaign ("短信 #3"), from the lines read."""
        row = self.row_of(cid)
        campaign = self.rows[row].campaign if row >= 0 else None
        return campaign_name(campaign.kind, campaign.number, cid) if campaign else campaign_name(None, None, cid)

    def cell(self, row: int, column: int, role: int):
        line = self.rows[row]
        item = line.campaign
        uncertain = line.summary["uncertain"]
        if item is None:  # the first line: every campaign added up
            if role == Qt.ItemDataRole.DisplayRole:
                return (self.tr("全部任务") if column == 3
                        else f"{line.summary[self.COUNT_KEYS[column - 5]]:,}" if column >= 5 else "")
            if role == Qt.ItemDataRole.ToolTipRole and column == 3:
                return self.tr("全部任务")
        elif role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return campaign_name(item.kind, item.number, item.id)
            if column == 1:
                return self.kinds.get(item.kind, item.kind)
            if column == 2:
                return shown_time(item.created, seconds=False)
            if column == 3:
                return item.excerpt.replace("\n", " ")
            if column == 4:
                state = self.states.get(item.state, item.state)
                at = item.rings_at()
                return f"{state} · " + self.tr("定时 {at} 拨打").format(at=at) if at else state
            return f"{line.summary[self.COUNT_KEYS[column - 5]]:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if uncertain and column == self.COL_UNCERTAIN:
            if role == Qt.ItemDataRole.BackgroundRole:
                return UNCERTAIN_BG
            if role == Qt.ItemDataRole.ForegroundRole:
                return UNCERTAIN_FG
            if role == Qt.ItemDataRole.DecorationRole:
                return self.icon
        if role == Qt.ItemDataRole.ToolTipRole and item is not None:
            at = item.rings_at()
            if column == 4 and (item.error or at):
                tips = [self.tr("定时语音：平台将在 {at}（中国时间）拨打").format(at=at)] if at else []
                return "\n".join(tips + ([item.error] if item.error else []))
            if column == 3 and item.excerpt:
                return item.excerpt
        if role == Qt.ItemDataRole.FontRole and item is None:
            font = QFont()
            font.setBold(True)
            return font
        return None
