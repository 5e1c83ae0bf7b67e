"""The daily board (bảng theo dõi hằng ngày): the main screen of the counter.

One tab per section of `Desk.board` (overdue, due today, due by the next working day, waiting for
papers, resolved and waiting for pickup) plus every dossier, each with its count in the tab's
title and its counts per field of procedures; this month's on-time rate and the share of late
dossiers that got an apology; a search box that finds dossiers as the clerk types.

Each section's table is a windowed model: `rowCount` is the section's count, and rows are fetched
a page at a time through `Desk.board_page` into a small least-recently-used cache, so a section of
a million dossiers costs a few pages of memory and jumping to its last row costs one page read.

The "due by the next working day" rows stand out: an apology with a new date must reach the
citizen at least one day before the due date (Decree 61/2018 Art. 19, DOMAIN.md §1.6), so today
is the last day to send it for them.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime
from typing import Any

from onestop_desktop.domain.apology import can_apologise
from onestop_desktop.domain.handover import HANDABLE
from onestop_desktop.domain.lifecycle import ALLOWED
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Board, BoardRow, BoardSection, Desk
from onestop_desktop.operations.board import BoardSort, MonthFigures, sort_rows
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.month_trend import MonthTrend
from onestop_desktop.ui.officer_view import OfficerTab
from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QBrush,
    QColor,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QHideEvent,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QLocale,
    QMenu,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPushButton,
    QShowEvent,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTableView,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.sizing import ColumnPlan, FlowLayout, fit_columns
from onestop_desktop.ui.texts import format_time, late_text, status_text

#: rows fetched at once, and how many such pages a section keeps in memory
PAGE_SIZE = 100
CACHE_PAGES = 6
#: the section keys in tab order; "all" is every dossier, newest first
SECTION_KEYS = ("overdue", "due_today", "due_soon", "waiting_papers", "ready_for_pickup", "all")
#: the section whose dossiers need their apology today
APOLOGY_SECTION = "due_soon"
#: how long the search waits after the last key before it asks the database
SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 50
#: how often the board checks whether the day has changed while the program is open
DAY_CHECK_MS = 60_000

COLUMN_KEYS = (
    "code",
    "applicant",
    "procedure",
    "received",
    "due",
    "days_late",
    "original_due",
    "status",
)
COLUMN_WIDTHS = (235, 190, 0, 130, 130, 120, 130, 190)  # 0: the column that stretches
#: the columns a click on the header sorts by (in SQL: see `Desk.board_page`), and the order a
#: first click gives; the others keep the section's own order
SORTABLE = {"code": False, "received": False, "due": False, "days_late": True}

SOON_BACKGROUND = QColor("#fff3cd")
OVERDUE_FOREGROUND = QColor("#b71c1c")
#: the "Overdue (N)" tab stands out while it holds anything
OVERDUE_TAB_STYLE = "QTabBar::tab:first { color: #b71c1c; font-weight: bold; }"

AnyIndex = QModelIndex | QPersistentModelIndex

STYLE = """
QLabel#boardTitle { font-size: 13pt; font-weight: bold; }
QLabel[role="muted"] { color: #555555; }
QLabel#monthFigures { color: #0d47a1; }
QLabel#apologyHint {
    background: #fff3cd; border: 1px solid #e0b100; border-radius: 3px; padding: 4px 6px;
}
"""


# -- texts ---------------------------------------------------------------------------------------
def percent(rate: float | None) -> str:
    """A rate as a percentage in the interface's locale, or "—" when there is nothing to rate."""
    if rate is None:
        return "—"
    return QLocale().toString(rate * 100, "f", 1) + " %"


def column_titles() -> tuple[str, ...]:
    return (
        i18n.translate("BoardTable", "Dossier code"),
        i18n.translate("BoardTable", "Applicant"),
        i18n.translate("BoardTable", "Procedure"),
        i18n.translate("BoardTable", "Received"),
        i18n.translate("BoardTable", "Due"),
        i18n.translate("BoardTable", "Days late"),
        i18n.translate("BoardTable", "First due date"),
        i18n.translate("BoardTable", "Status"),
    )


def moved(row: BoardRow) -> bool:
    """The due date was moved (an apology, or time paused waiting for papers)."""
    return row.original_due_at is not None and row.original_due_at != row.due_at


def can_return(status: Status) -> bool:
    """Whether the result can be handed back now (the lifecycle's rule, not a copy of it)."""
    return Status.RETURNED in ALLOWED[status]


def cell(row: BoardRow, column: int, role: int, section: str = "") -> Any:
    """What a board table shows of one row in one column, for one role, in a section."""
    key = COLUMN_KEYS[column]
    if role == Qt.ItemDataRole.DisplayRole:
        if key == "code":
            return row.code
        if key == "applicant":
            return row.applicant_name
        if key == "procedure":
            return row.procedure_name
        if key == "received":
            return format_time(row.received_at)
        if key == "due":
            return format_time(row.due_at)
        if key == "days_late":
            return "" if row.days_late is None else i18n.number(row.days_late)
        if key == "original_due":
            return format_time(row.original_due_at) if moved(row) else ""
        return status_text(row.status)
    # The rows whose apology must go out today, unless it went out already.
    needs_apology = section == APOLOGY_SECTION and row.apology_count == 0
    if role == Qt.ItemDataRole.BackgroundRole and needs_apology:
        return QBrush(SOON_BACKGROUND)
    # Red only for what is in fact late or due before the day ends.
    urgent = row.days_late is not None or (key == "due" and row.due_today)
    if role == Qt.ItemDataRole.ForegroundRole and key in ("due", "days_late") and urgent:
        return QBrush(OVERDUE_FOREGROUND)
    if role == Qt.ItemDataRole.TextAlignmentRole and key == "days_late":
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if role == Qt.ItemDataRole.ToolTipRole:
        if row.days_late is not None and key in ("due", "days_late"):
            return late_text(row.days_late)
        if needs_apology:
            return i18n.translate(
                "BoardTable",
                "Due by the next working day: if it cannot be ready in time, send the apology "
                "with a new date today.",
            )
        if key == "procedure":
            return f"{row.procedure_code} – {row.procedure_name} ({row.field_name})"
    return None


_DATA_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)


# -- models --------------------------------------------------------------------------------------
class _BoardRowsModel(QAbstractTableModel):
    """What every table of board rows shares: the columns, their titles, the cells."""

    #: the section the rows belong to (it decides colours and hints); "" for search results
    key = ""
    #: the order asked for by a click on a column's header; None: the section's own
    sorting: BoardSort | None = None

    def row_at(self, row: int) -> BoardRow | None:
        raise NotImplementedError

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_KEYS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _DATA_ROLES or not index.isValid():
            return None
        row = self.row_at(index.row())
        return None if row is None else cell(row, index.column(), role, self.key)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_titles()[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if COLUMN_KEYS[section] == "days_late":
                return i18n.translate(
                    "BoardTable", "Working days past the due date (0: the due time passed today)"
                )
            if COLUMN_KEYS[section] in SORTABLE:
                return i18n.translate("BoardTable", "Click to sort by this column")
        return None

    def sort_by(self, sort: BoardSort | None) -> None:
        """Show the rows in another order: one of `SORTABLE`, or the section's own (None)."""
        raise NotImplementedError

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMN_KEYS) - 1)
        if self.row_total():
            last = self.index(self.row_total() - 1, len(COLUMN_KEYS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)


class SectionModel(_BoardRowsModel):
    """One board section as a windowed table: its count of rows, fetched in pages on demand."""

    def __init__(
        self,
        desk: Desk,
        key: str,
        page_size: int = PAGE_SIZE,
        cache_pages: int = CACHE_PAGES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.key = key
        self.page_size = page_size
        self.cache_pages = cache_pages
        self.total = 0
        self.moment: datetime | None = None
        self.pages: OrderedDict[int, list[BoardRow]] = OrderedDict()
        #: how many pages were read from the database since the last reset (tests watch it)
        self.fetches = 0
        self.sorting: BoardSort | None = None

    def sort_by(self, sort: BoardSort | None) -> None:
        self.beginResetModel()
        self.sorting = sort
        self.pages.clear()
        self.endResetModel()

    def reset(self, moment: datetime, total: int, first_rows: list[BoardRow] | None = None) -> None:
        """Show the section as it is at `moment`; `first_rows` (from the board) fill page 0."""
        self.beginResetModel()
        self.moment = moment
        self.total = total
        self.pages.clear()
        self.fetches = 0
        # the board's first rows are in the section's own order
        if (
            self.sorting is None
            and first_rows is not None
            and len(first_rows) == min(self.page_size, total)
        ):
            self.pages[0] = list(first_rows)
        self.endResetModel()

    def row_at(self, row: int) -> BoardRow | None:
        """The dossier on a row, reading its page if it is not in the cache."""
        if not 0 <= row < self.total or self.moment is None:
            return None
        number = row // self.page_size
        page = self.pages.get(number)
        if page is None:
            page = self.desk.board_page(
                self.key,
                number * self.page_size,
                self.page_size,
                self.total,
                self.moment,
                self.sorting,
            )
            self.fetches += 1
            self.pages[number] = page
            while len(self.pages) > self.cache_pages:
                self.pages.popitem(last=False)
        else:
            self.pages.move_to_end(number)
        offset = row - number * self.page_size
        return page[offset] if offset < len(page) else None

    def row_total(self) -> int:
        return self.total


class RowsModel(_BoardRowsModel):
    """A short list of board rows held whole (search results)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BoardRow] = []
        self.found: list[BoardRow] = []  # in the search's own order, newest first
        self.sorting: BoardSort | None = None

    def set_rows(self, rows: list[BoardRow]) -> None:
        self.beginResetModel()
        self.found = list(rows)
        self.rows = sort_rows(self.found, self.sorting) if self.sorting else list(self.found)
        self.endResetModel()

    def sort_by(self, sort: BoardSort | None) -> None:
        self.sorting = sort
        self.set_rows(self.found)

    def row_at(self, row: int) -> BoardRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_total(self) -> int:
        return len(self.rows)


def board_column_plan(view: QTableView) -> ColumnPlan:
    """Board columns at their preferred widths when there is room; when there is not, the
    names shrink (their whole text is a tooltip), then "First due date" and "Received" go."""
    metrics = view.fontMetrics()
    time_width = metrics.horizontalAdvance("00/00/0000 00:00") + 16
    minimum = {
        i: time_width
        for i, key in enumerate(COLUMN_KEYS)
        if key in ("received", "due", "original_due")
    }
    minimum[COLUMN_KEYS.index("code")] = metrics.horizontalAdvance("000.00.00.H00-000000-0000") + 12
    minimum[COLUMN_KEYS.index("applicant")] = 110
    minimum[COLUMN_KEYS.index("procedure")] = 90
    minimum[COLUMN_KEYS.index("status")] = 110
    preferred = {i: width or 260 for i, width in enumerate(COLUMN_WIDTHS)}
    stretch = tuple(i for i, width in enumerate(COLUMN_WIDTHS) if not width)
    drop = tuple(COLUMN_KEYS.index(key) for key in ("original_due", "received"))
    return ColumnPlan(preferred=preferred, minimum=minimum, stretch=stretch, drop=drop)


def board_table(model: QAbstractTableModel) -> QTableView:
    """A table for board rows that never asks for more rows than it shows."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    # several rows at once (Shift/Ctrl): they are handed to an officer together
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    # Fixed row heights and no contents-sized columns: sizing would read every row.
    rows = view.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionsClickable(True)
    header.setSortIndicatorShown(False)  # until the clerk sorts: the section's own order
    header.sectionClicked.connect(lambda column: sort_clicked(view, column))
    for column, width in enumerate(COLUMN_WIDTHS):
        if width:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(column, width)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    # The columns share the table's width: the status stays in sight at 1024 pixels (sizing.py).
    fit_columns(view, header, board_column_plan(view))
    return view


def sort_clicked(view: QTableView, column: int) -> None:
    """A click on a column's header: sort by it (a second click turns the order round); a
    column that cannot be sorted leaves the order as it is."""
    model = view.model()
    key = COLUMN_KEYS[column]
    if key not in SORTABLE or not isinstance(model, _BoardRowsModel):
        header = view.horizontalHeader()
        if isinstance(model, _BoardRowsModel) and model.sorting is not None:
            header.setSortIndicator(
                COLUMN_KEYS.index(model.sorting[0]), sort_order(model.sorting[1])
            )
        return
    current = model.sorting
    descending = not current[1] if current and current[0] == key else SORTABLE[key]
    header = view.horizontalHeader()
    header.setSortIndicator(column, sort_order(descending))
    header.setSortIndicatorShown(True)
    model.sort_by((key, descending))
    if model.rowCount():
        view.setCurrentIndex(model.index(0, 0))
        view.scrollToTop()


def sort_order(descending: bool) -> Qt.SortOrder:
    return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder


class SectionTab(QWidget):
    """One tab of the board: the section's counts per field, a hint, and its table."""

    def __init__(self, desk: Desk, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.model = SectionModel(desk, key, parent=self)
        self.view = board_table(self.model)
        self.view.setObjectName(f"section_{key}")
        self.fields = QLabel()
        self.fields.setProperty("role", "muted")
        self.fields.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("apologyHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(key == APOLOGY_SECTION)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.fields)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)


class BoardPage(QWidget):
    """The daily board: sections with counts, this month's rates, search, and row actions."""

    open_requested = Signal(str)  # a dossier code to open
    apology_requested = Signal(str)
    return_requested = Signal(str)
    handover_requested = Signal(list)  # the codes of the selected rows
    new_requested = Signal()
    refreshed = Signal()  # the board was drawn again (tests wait for it)
    month_shown = Signal()  # this month's rates were counted and shown (after each refresh)
    searched = Signal(int)  # search results were shown: how many

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        # a desk opened read-only: nothing here that writes is offered (`set_read_only`)
        self.read_only = False
        self.setObjectName("boardPage")
        self.setStyleSheet(STYLE)
        self.board: Board | None = None
        self.month: MonthFigures | None = None  # this month's rates, counted apart
        self.all_count = 0
        self.last_search = ""
        self._build()
        self._connect()
        self.retranslate()
        self.refresh()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("boardTitle")
        self.month_label = QLabel()
        self.month_label.setObjectName("monthFigures")
        self.month_label.setWordWrap(True)
        self.trend = MonthTrend(self.desk)  # the last months' rates, counted after first paint
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("boardSearch")
        self.search_edit.setClearButtonEnabled(True)
        # wide on a large screen, narrower on a small one (the title beside it must fit)
        self.search_edit.setMinimumWidth(260)
        self.search_edit.setMaximumWidth(560)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_edit.installEventFilter(self)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(DAY_CHECK_MS)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # tabs that do not fit scroll with arrows; their counts are never cut short
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.sections: dict[str, SectionTab] = {}
        for key in SECTION_KEYS:
            tab = SectionTab(self.desk, key)
            self.sections[key] = tab
            self.tabs.addTab(tab, "")
        self.officer_tab = OfficerTab(self.desk)
        self.tabs.addTab(self.officer_tab, "")

        self.results_model = RowsModel(self)
        self.results_view = board_table(self.results_model)
        self.results_view.setObjectName("searchResults")
        self.results_label = QLabel()
        self.results_label.setProperty("role", "muted")
        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(4, 4, 4, 4)
        results_layout.addWidget(self.results_label)
        results_layout.addWidget(self.results_view, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(results)

        self.open_button = QPushButton()
        self.apology_button = QPushButton()
        self.return_button = QPushButton()
        self.handover_button = QPushButton()
        self.handover_button.setObjectName("boardHandOver")
        self.new_button = QPushButton()
        for button in (
            self.open_button,
            self.apology_button,
            self.return_button,
            self.handover_button,
            self.new_button,
        ):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.search_edit)
        # the row buttons wrap onto a second line in a narrow window (sizing.py)
        row_actions = FlowLayout()
        row_actions.addWidget(self.open_button)
        row_actions.addWidget(self.apology_button)
        row_actions.addWidget(self.return_button)
        row_actions.addWidget(self.handover_button)
        actions = QHBoxLayout()
        actions.addLayout(row_actions, 1)
        actions.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.month_label)
        layout.addWidget(self.trend)
        layout.addWidget(self.stack, 1)
        layout.addLayout(actions)

    def views(self) -> list[QTableView]:
        return [tab.view for tab in self.sections.values()] + [self.results_view]

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self._search_edited)
        self.search_edit.returnPressed.connect(self._search_entered)
        self.search_timer.timeout.connect(self.run_search)
        self.day_timer.timeout.connect(self.check_day)
        self.tabs.currentChanged.connect(lambda _index: self._update_buttons())
        for view in self.views():
            view.activated.connect(self._activated)
            view.customContextMenuRequested.connect(
                lambda point, view=view: self._context_menu(view, point)
            )
            view.selectionModel().currentChanged.connect(lambda *_args: self._update_buttons())
        self.open_button.clicked.connect(lambda: self._emit_for_current(self.open_requested))
        self.apology_button.clicked.connect(lambda: self._emit_for_current(self.apology_requested))
        self.return_button.clicked.connect(lambda: self._emit_for_current(self.return_requested))
        self.handover_button.clicked.connect(self._request_handover)
        self.officer_tab.open_requested.connect(self.open_requested)
        self.new_button.clicked.connect(self.new_requested)

    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(
            self.tr("Find: dossier code, name (accents optional), ID number, phone – Ctrl+F")
        )
        self.open_button.setText(self.tr("Open the dossier (Enter)"))
        self.apology_button.setText(self.tr("Apologise with a new date…"))
        self.return_button.setText(self.tr("Hand back the result…"))
        self.new_button.setText(self.tr("Receive a new dossier (Ctrl+N)"))
        self.handover_button.setText(self.tr("Hand over to an officer…"))
        self.sections[APOLOGY_SECTION].hint.setText(
            self.tr(
                "These dossiers are due by the next working day. The apology with a new date "
                "must reach the citizen at least one day before the due date: if one cannot be "
                "ready in time, send its apology today."
            )
        )
        for tab in self.sections.values():
            tab.model.retranslate()
        self.officer_tab.retranslate()
        self.results_model.retranslate()
        self._show_board()
        self._show_results()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Back on the board: a day that changed meanwhile, a search typed just before leaving.
        self.day_timer.start()
        self.check_day()
        self.trend.load_soon()
        if self.search_edit.text().strip() and self.search_edit.text() != self.last_search:
            self.search_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Hidden (another page, or the window closing): no database work behind the clerk's back.
        self.day_timer.stop()
        self.search_timer.stop()
        super().hideEvent(event)

    # -- the board -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw the board again as it is now (after any change, and when the day changes)."""
        board = self.desk.board(page_size=PAGE_SIZE, month=False)
        self.board = board
        self._load_month(board.moment)
        self.all_count = self.desk.board_count("all", board.moment)
        for key, tab in self.sections.items():
            current = tab.view.currentIndex().row()
            if key == "all":
                tab.model.reset(board.moment, self.all_count)
            else:
                section = board.section(key)
                tab.model.reset(board.moment, section.count, section.rows)
            if tab.model.total:
                # The row the clerk was on, or the first: Enter and the buttons work at once.
                row = current if 0 <= current < tab.model.total else 0
                tab.view.setCurrentIndex(tab.model.index(row, 0))
        self.officer_tab.refresh()
        self._show_board()
        if self.search_edit.text().strip():
            self.run_search()
        self._update_buttons()
        self.refreshed.emit()

    def board_day(self) -> date | None:
        return self.board.moment.date() if self.board is not None else None

    def check_day(self) -> None:
        """Redraw the board when the day has changed since it was drawn (the program stays open
        overnight, or over a weekend)."""
        if self.desk.clock.now().date() != self.board_day():
            self.refresh()
            self.trend.load_soon()

    def section_title(self, key: str) -> str:
        if key == "all":
            return self.tr("All dossiers ({count})").format(count=self._count("all"))
        section = self._section(key)
        name = section.title_vi if i18n.current_language() == "vi" else section.title_en
        return f"{name} ({self._count(key)})"

    def _section(self, key: str) -> BoardSection:
        assert self.board is not None
        return self.board.section(key)

    def _count(self, key: str) -> str:
        count = self.all_count if key == "all" else self._section(key).count
        return i18n.number(count)

    def _show_board(self) -> None:
        board = self.board
        if board is None:
            return
        self.title.setText(
            self.tr("Daily board – {weekday} {date}").format(
                weekday=i18n.weekday_name(board.moment.date()), date=f"{board.moment:%d/%m/%Y}"
            )
        )
        for index, key in enumerate(SECTION_KEYS):
            self.tabs.setTabText(index, self.section_title(key))
            tab = self.sections[key]
            if key == "all":
                tab.fields.setText(self.tr("Every dossier of this desk, the newest first."))
                continue
            section = self._section(key)
            if section.by_field:
                fields = " · ".join(
                    f"{name} {i18n.number(n)}"
                    for name, n in sorted(section.by_field.items(), key=lambda kv: (-kv[1], kv[0]))
                )
                tab.fields.setText(self.tr("By field: {fields}").format(fields=fields))
            else:
                tab.fields.setText(self.tr("No dossier in this section."))
        self.tabs.setTabText(len(SECTION_KEYS), self.officer_tab.title())
        overdue = bool(self._section("overdue").count)
        self.tabs.tabBar().setStyleSheet(OVERDUE_TAB_STYLE if overdue else "")
        soon = SECTION_KEYS.index(APOLOGY_SECTION)
        self.tabs.tabBar().setTabTextColor(
            soon, QColor("#9a6700") if self._section(APOLOGY_SECTION).count else QColor()
        )
        self._show_month()

    def _load_month(self, moment: datetime) -> None:
        """Count this month's rates on the desk's worker: the sections are drawn and the
        keyboard is the clerk's first (tens of milliseconds on a large desk, at every refresh)."""
        DeskOp(self, self.desk, lambda desk: desk.board_month(moment), success=self._month_counted)

    def _month_counted(self, month: MonthFigures) -> None:
        self.month = month
        self._show_month()
        self.month_shown.emit()

    def _show_month(self) -> None:
        month = self.month
        if month is None:
            return  # being counted: the line appears in a moment
        self.month_label.setText(
            self.tr(
                "This month ({month}) so far: finished by the due date {on_time} ({finished} of "
                "{due} due) · late dossiers apologised in time {apology} ({apologised} of {late})"
            ).format(
                month=f"{month.start:%m/%Y}",
                on_time=percent(month.on_time_rate),
                finished=i18n.number(month.finished_by_due),
                due=i18n.number(month.due),
                apology=percent(month.apology_rate),
                apologised=i18n.number(month.late_apologised),
                late=i18n.number(month.late_total),
            )
        )

    # -- rows and actions ----------------------------------------------------------------------
    def current_view(self) -> QTableView:
        if self.stack.currentIndex() == 1:
            return self.results_view
        tab = self.tabs.currentWidget()
        if isinstance(tab, OfficerTab):
            return tab.dossier_view
        assert isinstance(tab, SectionTab)
        return tab.view

    def show_section(self, key: str) -> SectionTab:
        """Show a section's tab (and leave the search results)."""
        if self.search_edit.text():
            self.search_edit.clear()
        self.tabs.setCurrentIndex(SECTION_KEYS.index(key))
        return self.sections[key]

    def current_row(self) -> BoardRow | None:
        view = self.current_view()
        model = view.model()
        index = view.currentIndex()
        if not index.isValid() or not isinstance(model, SectionModel | RowsModel):
            return None
        return model.row_at(index.row())

    def _emit_for_current(self, signal: Any) -> None:
        row = self.current_row()
        if row is not None:
            signal.emit(row.code)

    def selected_rows(self) -> list[BoardRow]:
        """The rows selected in the table shown (at least the current one), in table order."""
        view = self.current_view()
        model = view.model()
        if not isinstance(model, SectionModel | RowsModel):
            return []
        numbers = sorted({i.row() for i in view.selectionModel().selectedRows()})
        if not numbers and view.currentIndex().isValid():
            numbers = [view.currentIndex().row()]
        rows = [model.row_at(n) for n in numbers]
        return [r for r in rows if r is not None]

    def _request_handover(self) -> None:
        codes = [r.code for r in self.selected_rows() if r.status in HANDABLE]
        if codes:
            self.handover_requested.emit(codes)

    def _activated(self, index: QModelIndex) -> None:
        model = index.model()
        if isinstance(model, SectionModel | RowsModel):
            row = model.row_at(index.row())
            if row is not None:
                self.open_requested.emit(row.code)

    def set_read_only(self, read_only: bool) -> None:
        """A desk opened read-only: the buttons and menu entries that write are turned off
        (opening, searching and printing stay)."""
        self.read_only = read_only
        self.new_button.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current_row()
        writes = not self.read_only
        self.open_button.setEnabled(row is not None)
        self.apology_button.setEnabled(
            writes and row is not None and can_apologise(row.status, row.due_at)
        )
        self.return_button.setEnabled(writes and row is not None and can_return(row.status))
        self.handover_button.setEnabled(writes and row is not None and row.status in HANDABLE)

    def row_menu(self, row: BoardRow) -> QMenu:
        """The context menu of a row: open, apologise, hand back the result."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open the dossier"), lambda: self.open_requested.emit(row.code))
        apology = menu.addAction(
            self.tr("Apologise with a new date…"), lambda: self.apology_requested.emit(row.code)
        )
        writes = not self.read_only
        apology.setEnabled(writes and can_apologise(row.status, row.due_at))
        handback = menu.addAction(
            self.tr("Hand back the result…"), lambda: self.return_requested.emit(row.code)
        )
        handback.setEnabled(writes and can_return(row.status))
        return menu

    def _context_menu(self, view: QTableView, point: QPoint) -> None:
        index = view.indexAt(point)
        model = view.model()
        if not index.isValid() or not isinstance(model, SectionModel | RowsModel):
            return
        view.setCurrentIndex(index)
        row = model.row_at(index.row())
        if row is not None:
            menu = self.row_menu(row)
            menu.exec(view.viewport().mapToGlobal(point))
            menu.deleteLater()

    # -- search --------------------------------------------------------------------------------
    def show_tabs(self) -> None:
        """The board's sections, not the last search's results (Ctrl+B)."""
        if self.search_edit.text():
            self.search_edit.clear()  # _search_edited puts the sections back
        self.search_timer.stop()
        self.stack.setCurrentIndex(0)
        self._update_buttons()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _search_edited(self, text: str) -> None:
        if text.strip():
            self.search_timer.start()
        else:
            self.search_timer.stop()
            self.last_search = ""
            self.results_model.set_rows([])
            self.stack.setCurrentIndex(0)
            self._update_buttons()

    def run_search(self) -> None:
        """Search now for what the box holds (the debounce timer's slot)."""
        self.search_timer.stop()
        text = self.search_edit.text()
        if not text.strip():
            return
        self.last_search = text
        self.results_model.set_rows(self.desk.search(text, SEARCH_LIMIT))
        if self.results_model.rows:
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        self.stack.setCurrentIndex(1)
        self._show_results()
        self._update_buttons()
        self.searched.emit(len(self.results_model.rows))

    def _show_results(self) -> None:
        count = len(self.results_model.rows)
        if not self.last_search:
            self.results_label.setText("")
        elif count == 0:
            self.results_label.setText(
                self.tr("No dossier matches “{text}”.").format(text=self.last_search.strip())
            )
        elif count >= SEARCH_LIMIT:
            self.results_label.setText(
                self.tr("The {count} newest matching dossiers; type more to narrow down.").format(
                    count=i18n.number(count)
                )
            )
        else:
            self.results_label.setText(
                self.tr("{count} matching dossier(s), the newest first.").format(
                    count=i18n.number(count)
                )
            )

    def _search_entered(self) -> None:
        """Enter in the search box opens the chosen result (searching first if still waiting)."""
        if self.search_timer.isActive() or self.search_edit.text() != self.last_search:
            self.run_search()
        row = self.results_model.row_at(max(0, self.results_view.currentIndex().row()))
        if row is not None:
            self.open_requested.emit(row.code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
            if event.key() == Qt.Key.Key_Down:
                if self.search_timer.isActive():
                    self.run_search()
                view = self.current_view()
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                if not view.currentIndex().isValid() and view.model().rowCount() > 0:
                    view.setCurrentIndex(view.model().index(0, 0))
                return True
        return super().eventFilter(watched, event)
