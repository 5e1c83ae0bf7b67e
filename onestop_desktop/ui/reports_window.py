"""The Reports window (Báo cáo, issue 12): a period and a grouping, Biểu 06's table (each field
expandable to its procedures) with a total row and the two graded rates, the charts of the last
12 months, and the report saved as PDF, .xlsx or CSV.

Counting and writing run on the desk's worker (`DeskOp`) with a progress bar and Cancel:
cancelling interrupts the query, and a file is renamed into place only when it was not cancelled.
The charts use pyqtgraph (small; QtCharts would need the PySide6-Addons wheel of hundreds of MB),
imported when this window opens, never at start-up.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from onestop_desktop.documents.report import COLUMNS, RATE_KEYS
from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.reports import Counts, Period
from onestop_desktop.operations import Desk
from onestop_desktop.operations.reports import (
    Cancelled,
    MonthPoint,
    PeriodReport,
    ReportRow,
    fields_with_procedures,
)
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.dialogs import ERROR_STYLE, known_error_message
from onestop_desktop.ui.qt import (
    QAbstractItemModel,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QEvent,
    QFileDialog,
    QFont,
    QHBoxLayout,
    QHideEvent,
    QLabel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QProgressBar,
    QPushButton,
    QSpinBox,
    Qt,
    QTreeView,
    QVBoxLayout,
    QWidget,
    Signal,
)

AnyIndex = QModelIndex | QPersistentModelIndex
#: the period picker's kinds, in the order shown
PERIOD_KINDS = ("month", "quarter", "half", "year", "days")
#: the groupings offered ("field": each field expandable to its procedures)
GROUPINGS = ("field", "procedure", "officer")
#: the series' colours, as in the PDF (documents/report.py)
GREEN, AMBER, BLUE, GREY = "#2e7d32", "#f9a825", "#1565c0", "#9e9e9e"


def rate_text(value: float | None) -> str:
    """A rate (a percentage with two decimals) in the interface's locale, "–" when none."""
    return "–" if value is None else QLocale().toString(value, "f", 2) + " %"


@dataclass
class _Node:
    """A row of the tree: a group (or the total), and its procedures under a field."""

    row: ReportRow
    children: list[_Node] = field(default_factory=list)
    total: bool = False


class ReportTreeModel(QAbstractItemModel):
    """The report's rows (fields with their procedures, procedures, or officers), then a total
    row; columns: code, name, then the report's columns (documents.report COLUMNS)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.nodes: list[_Node] = []
        self.by = "field"

    def set_rows(self, by: str, nodes: list[_Node], total: Counts) -> None:
        self.beginResetModel()
        self.by = by
        self.nodes = [*nodes, _Node(ReportRow("", "", total), total=True)]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.nodes = []
        self.endResetModel()

    # -- the tree: top rows have internal id 0, a child of top row i has i + 1 ------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, 0)

    def node(self, index: AnyIndex) -> _Node:
        if index.internalId() == 0:
            return self.nodes[index.row()]
        return self.nodes[int(index.internalId()) - 1].children[index.row()]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.nodes)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.nodes[parent.row()].children)
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 2 + len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return node.row.key
            if column == 1:
                return self.tr("Total") if node.total else (node.row.name or "—")
            key = COLUMNS[column - 2][0]
            value = node.row.counts.as_json()[key]
            return rate_text(value) if key in RATE_KEYS else i18n.number(int(value))
        if role == Qt.ItemDataRole.UserRole and column >= 2:
            return node.row.counts.as_json()[COLUMNS[column - 2][0]]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and node.total:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return self.tr("Code")
            if section == 1:
                return grouping_name(self.by)
            _, vi, en = COLUMNS[section - 2]
            return two_lines(vi if i18n.current_language() == "vi" else en)
        if role == Qt.ItemDataRole.ToolTipRole and section >= 2:
            return COLUMNS[section - 2][0]  # the key in `report --json`
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.nodes:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.nodes) - 1, 1))


def two_lines(text: str) -> str:
    """A column's heading on two lines, broken at the space nearest its middle, so the
    report's many columns fit a 1024-pixel screen."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if len(text) < 10 or not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "\n" + text[cut + 1 :]


def grouping_name(by: str) -> str:
    return {
        "field": i18n.translate("ReportsWindow", "Field"),
        "procedure": i18n.translate("ReportsWindow", "Procedure"),
        "officer": i18n.translate("ReportsWindow", "Officer"),
    }[by]


class MonthCharts(QWidget):
    """The 12 months' charts: both graded rates as lines, and received / resolved / pending as
    bars. pyqtgraph is imported here, when the first Reports window is made."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
        import pyqtgraph

        self.pg: Any = pyqtgraph
        self.rates: Any = pyqtgraph.PlotWidget(background="w")
        self.volumes: Any = pyqtgraph.PlotWidget(background="w")
        self.rates.setObjectName("ratesChart")
        self.volumes.setObjectName("volumesChart")
        for plot in (self.rates, self.volumes):
            plot.setMouseEnabled(x=False, y=False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.showGrid(y=True, alpha=0.25)
            plot.setMinimumHeight(180)
        self.months: list[MonthPoint] = []
        #: what is drawn, by series name: the values (None: a month with nothing to grade)
        self.drawn: dict[str, list[float | None]] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rates, 1)
        layout.addWidget(self.volumes, 1)

    def show_months(self, months: Sequence[MonthPoint]) -> None:
        self.months = list(months)
        self._draw()

    def _draw(self) -> None:
        pg = self.pg
        months = self.months
        x = list(range(len(months)))
        # the month's number, with the year at the first month and at each January
        ticks = [
            [
                (
                    i,
                    f"{p.month.month}/{p.month:%y}"
                    if i == 0 or p.month.month == 1
                    else str(p.month.month),
                )
                for i, p in enumerate(months)
            ]
        ]
        self.drawn = {
            "on_time_rate": [p.counts.on_time_rate for p in months],
            "apology_rate": [p.counts.apology_rate for p in months],
            "received": [float(p.counts.received) for p in months],
            "resolved": [float(p.counts.resolved) for p in months],
            "pending": [float(p.counts.pending) for p in months],
        }
        rates = self.rates.getPlotItem()
        rates.clear()
        if rates.legend is None:
            rates.addLegend(offset=(5, 5), labelTextSize="8pt", labelTextColor="#333333")
        rates.legend.clear()
        rates.setTitle(self.tr("On-time rate and apology rate by month (%)"), size="9pt")
        for key, colour, symbol, name in (
            ("on_time_rate", GREEN, "o", self.tr("On-time rate")),
            ("apology_rate", AMBER, "s", self.tr("Late dossiers apologised in time")),
        ):
            values = [float("nan") if v is None else v for v in self.drawn[key]]
            rates.plot(
                x,
                values,
                pen=pg.mkPen(colour, width=2),
                symbol=symbol,
                symbolSize=6,
                symbolBrush=colour,
                symbolPen=colour,
                connect="finite",
                name=name,
            )
        rates.setYRange(0, 105, padding=0)
        rates.getAxis("bottom").setTicks(ticks)
        volumes = self.volumes.getPlotItem()
        volumes.clear()
        if volumes.legend is None:
            volumes.addLegend(offset=(5, 5), labelTextSize="8pt", labelTextColor="#333333")
        volumes.legend.clear()
        volumes.setTitle(self.tr("Received, resolved and pending by month"), size="9pt")
        width = 0.26
        for shift, key, colour, name in (
            (-width, "received", BLUE, self.tr("Received")),
            (0.0, "resolved", GREEN, self.tr("Resolved")),
            (width, "pending", GREY, self.tr("Pending at the month's end")),
        ):
            bars = pg.BarGraphItem(
                x=[i + shift for i in x],
                height=self.drawn[key],
                width=width,
                brush=colour,
                pen=pg.mkPen(None),
                name=name,
            )
            volumes.addItem(bars)  # named: the legend lists it
        highest = max(
            [1, *(max(p.counts.received, p.counts.resolved, p.counts.pending) for p in months)]
        )
        volumes.setYRange(0, highest * 1.25, padding=0)
        volumes.setXRange(-0.6, max(0, len(x) - 1) + 0.6, padding=0)
        volumes.getAxis("bottom").setTicks(ticks)

    def retranslate(self) -> None:
        if self.months:
            self._draw()


class ReportsWindow(QDialog):
    """Báo cáo: pick a period and a grouping, see the report and the months' charts, save it."""

    #: a report was shown (the PeriodReport), or could not be (the error, Cancelled included)
    loaded = Signal(object)
    #: a file was written (its Path), or was not (the error, Cancelled included)
    saved = Signal(object)
    #: from the worker: the step reached (1 counting the report, 2 the months), queued here
    progressed = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("reportsWindow")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.report: PeriodReport | None = None
        self.months: list[MonthPoint] = []
        self.cancel_event: threading.Event | None = None
        self.busy_text = ""
        #: where a report is saved: asks the clerk (tests replace it); None when they cancel
        self.choose_file: Callable[[str], Path | None] = self._ask_file
        self._build()
        self.retranslate()
        self.resize(1280, 720)

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        today = self.desk.clock.now().date()
        self.period_label = QLabel()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("periodKind")
        for kind in PERIOD_KINDS:
            self.kind_combo.addItem("", kind)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.part_combo = QComboBox()
        self.part_combo.setObjectName("periodPart")
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.from_edit.setDate(QDate(today.year, today.month, 1))
        self.to_edit.setDate(QDate(today.year, today.month, today.day))
        self.from_label = QLabel()
        self.to_label = QLabel()
        self.cutoff_check = QCheckBox()
        self.by_label = QLabel()
        self.by_combo = QComboBox()
        self.by_combo.setObjectName("reportBy")
        for by in GROUPINGS:
            self.by_combo.addItem("", by)
        self.show_button = QPushButton()
        self.show_button.setObjectName("showReport")
        self.show_button.setDefault(True)

        picker = QHBoxLayout()
        for widget in (
            self.period_label,
            self.kind_combo,
            self.year_spin,
            self.part_combo,
            self.from_label,
            self.from_edit,
            self.to_label,
            self.to_edit,
            self.cutoff_check,
        ):
            picker.addWidget(widget)
        picker.addStretch(1)
        grouping = QHBoxLayout()
        grouping.addWidget(self.by_label)
        grouping.addWidget(self.by_combo)
        grouping.addWidget(self.show_button)
        grouping.addStretch(1)

        self.message = QLabel()
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.model = ReportTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("reportTree")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setDefaultSectionSize(82)
        self.tree.setColumnWidth(0, 135)
        self.tree.setColumnWidth(1, 230)
        self.rates_label = QLabel()
        self.rates_label.setObjectName("reportRates")
        self.rates_label.setWordWrap(True)
        self.charts = MonthCharts(self)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(220)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelReport")
        busy = QHBoxLayout()
        busy.addWidget(self.progress)
        busy.addWidget(self.progress_label, 1)
        busy.addWidget(self.cancel_button)
        self.busy_row = QWidget()
        self.busy_row.setLayout(busy)
        busy.setContentsMargins(0, 0, 0, 0)
        self.busy_row.setVisible(False)

        self.pdf_button = QPushButton()
        self.xlsx_button = QPushButton()
        self.csv_button = QPushButton()
        self.close_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy_row, 1)
        buttons.addStretch(1)
        for button in (self.pdf_button, self.xlsx_button, self.csv_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addLayout(grouping)
        layout.addWidget(self.message)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.rates_label)
        layout.addWidget(self.charts, 2)
        layout.addLayout(buttons)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.show_button.clicked.connect(lambda: self.load())
        self.cancel_button.clicked.connect(self.cancel)
        self.pdf_button.clicked.connect(lambda: self.save(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save(".xlsx"))
        self.csv_button.clicked.connect(lambda: self.save(".csv"))
        self.close_button.clicked.connect(self.close)
        self.progressed.connect(self._on_progress)
        self._fill_parts()
        self._kind_changed()
        self._set_busy("")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Reports"))
        self.period_label.setText(self.tr("Period:"))
        names = {
            "month": self.tr("Month"),
            "quarter": self.tr("Quarter"),
            "half": self.tr("Six months"),
            "year": self.tr("Year"),
            "days": self.tr("From day to day"),
        }
        for i, kind in enumerate(PERIOD_KINDS):
            self.kind_combo.setItemText(i, names[kind])
        self._fill_parts()
        self.from_label.setText(self.tr("from"))
        self.to_label.setText(self.tr("to"))
        self.cutoff_check.setText(self.tr("Official cut-off (15th to 14th)"))
        self.cutoff_check.setToolTip(
            self.tr(
                "The official data cut-off: from the 15th of the last month of the previous "
                "period to the 14th of the last month of this one."
            )
        )
        self.by_label.setText(self.tr("Group by:"))
        groups = {
            "field": self.tr("Field (open a field for its procedures)"),
            "procedure": self.tr("Procedure"),
            "officer": self.tr("Officer"),
        }
        for i, by in enumerate(GROUPINGS):
            self.by_combo.setItemText(i, groups[by])
        self.show_button.setText(self.tr("Show the report"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.pdf_button.setText(self.tr("Save as PDF…"))
        self.xlsx_button.setText(self.tr("Save as Excel (.xlsx)…"))
        self.csv_button.setText(self.tr("Save as CSV…"))
        self.close_button.setText(self.tr("Close"))
        self.model.retranslate()
        self.charts.retranslate()
        self._show_rates()
        if self.busy_text:
            self._on_progress(0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # closed while counting or saving: nobody is waiting for it any more
        if self.busy_text:
            self.cancel()
        super().hideEvent(event)

    def _fill_parts(self) -> None:
        """The second box: a month, a quarter or a half-year of the year (kept when refilled)."""
        kind = self.kind_combo.currentData()
        keep = self.part_combo.currentIndex()
        self.part_combo.blockSignals(True)
        self.part_combo.clear()
        if kind == "month":
            for m in range(1, 13):
                self.part_combo.addItem(self.tr("Month {n}").format(n=m), m)
            if keep < 0:
                keep = self.desk.clock.now().month - 1
        elif kind == "quarter":
            for q, roman in enumerate(("I", "II", "III", "IV"), start=1):
                self.part_combo.addItem(self.tr("Quarter {n}").format(n=roman), q)
        elif kind == "half":
            self.part_combo.addItem(self.tr("First six months"), 1)
            self.part_combo.addItem(self.tr("Last six months"), 2)
        self.part_combo.setCurrentIndex(min(max(keep, 0), self.part_combo.count() - 1))
        self.part_combo.blockSignals(False)

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.part_combo.setCurrentIndex(-1)
        self._fill_parts()
        self.year_spin.setVisible(kind != "days")
        self.part_combo.setVisible(kind in ("month", "quarter", "half"))
        for widget in (self.from_label, self.from_edit, self.to_label, self.to_edit):
            widget.setVisible(kind == "days")

    # -- the period and the report -------------------------------------------------------------
    def set_period(self, kind: str, year: int = 0, part: int = 0) -> None:
        """Pick a period as the clerk would (tests and the main window's shortcuts)."""
        self.kind_combo.setCurrentIndex(PERIOD_KINDS.index(kind))
        if year:
            self.year_spin.setValue(year)
        if part:
            self.part_combo.setCurrentIndex(self.part_combo.findData(part))

    def set_days(self, first: date, last: date) -> None:
        self.set_period("days")
        self.from_edit.setDate(QDate(first.year, first.month, first.day))
        self.to_edit.setDate(QDate(last.year, last.month, last.day))

    def period(self) -> Period:
        """The period picked (InvalidInput, with what is expected, when it is not one)."""
        kind = self.kind_combo.currentData()
        year = self.year_spin.value()
        part = int(self.part_combo.currentData() or 1)
        if kind == "month":
            return Period.month(year, part)
        if kind == "quarter":
            return Period.quarter(year, part)
        if kind == "half":
            return Period.half_year(year, part)
        if kind == "year":
            return Period.year(year)
        first, last = self.from_edit.date(), self.to_edit.date()
        return Period(
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
        )

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setVisible(bool(text))

    def load(self) -> bool:
        """Count the report of the period picked, and its 12 months, on the desk's worker;
        False (with the message shown) when the period is not one."""
        try:
            period = self.period()
        except InvalidInput as bad:
            self._show_message("\n".join(i18n.error_text(e) for e in bad.errors), error=True)
            self.loaded.emit(bad)
            return False
        if self.busy_text:
            return False
        self._show_message("")
        by = str(self.by_combo.currentData())
        cutoff = self.cutoff_check.isChecked()
        today = self.desk.clock.now().date()
        cancel = threading.Event()
        emit = self.progressed.emit

        def work(desk: Desk) -> tuple[PeriodReport, list[_Node], list[MonthPoint]]:
            with desk.interruptible(cancel.is_set):
                emit(1)
                if by == "field":
                    report, tree = fields_with_procedures(
                        desk.period_report(period, "field_procedure", cutoff)
                    )
                    nodes = [_Node(n.row, [_Node(p) for p in n.procedures]) for n in tree]
                else:
                    report = desk.period_report(period, by, cutoff)
                    nodes = [_Node(row) for row in report.rows]
                emit(2)
                months = desk.monthly_series(min(report.period.end, today))
            return report, nodes, months

        self.cancel_event = cancel
        self._set_busy(self.tr("Counting the report…"))
        DeskOp(self, self.desk, work, success=self._loaded, failure=self._load_failed)
        return True

    def _loaded(self, result: tuple[PeriodReport, list[_Node], list[MonthPoint]]) -> None:
        report, nodes, months = result
        self.report, self.months = report, months
        self._set_busy("")
        self.model.set_rows(report.by, nodes, report.total)
        self.charts.show_months(months)
        self._show_rates()
        self.loaded.emit(report)

    def _load_failed(self, error: BaseException) -> None:
        self._set_busy("")
        if isinstance(error, Cancelled):
            self._show_message(self.tr("Cancelled: the report was not counted."))
        else:
            self._show_message(known_error_message(error) or str(error), error=True)
        self.loaded.emit(error)

    def _show_rates(self) -> None:
        report = self.report
        if report is None:
            self.rates_label.setText(self.tr("Pick a period and show the report."))
            return
        total = report.total
        period = f"{report.period.start:%d/%m/%Y} – {report.period.end:%d/%m/%Y}"
        if report.official_cutoff:
            period += " " + self.tr("(official cut-off)")
        self.rates_label.setText(
            self.tr(
                "{period}: on-time rate {on_time} ({finished} of {due} due finished by the due "
                "date) · apology rate {apology} ({apologised} of {late} late dossiers apologised "
                "in time; {any} apologised at all)"
            ).format(
                period=period,
                on_time=rate_text(total.on_time_rate),
                finished=i18n.number(total.finished_by_due),
                due=i18n.number(total.due_in_period),
                apology=rate_text(total.apology_rate),
                apologised=i18n.number(total.apologised_in_time),
                late=i18n.number(total.late_in_period),
                any=rate_text(total.apology_any_rate),
            )
        )

    # -- saving --------------------------------------------------------------------------------
    def _ask_file(self, suffix: str) -> Path | None:
        kinds = {
            ".pdf": self.tr("PDF document (*.pdf)"),
            ".xlsx": self.tr("Excel workbook (*.xlsx)"),
            ".csv": self.tr("CSV file (*.csv)"),
        }
        report = self.report
        assert report is not None
        name = f"bao-cao-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report"), str(Path.home() / name), kinds[suffix]
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def save(self, suffix: str) -> bool:
        """Write the report shown as `suffix` says, on the desk's worker (False: nothing to
        save, busy, or the clerk did not choose a file)."""
        report = self.report
        if report is None or self.busy_text:
            return False
        out = self.choose_file(suffix)
        if out is None:
            return False
        cancel = threading.Event()
        months = self.months

        def work(desk: Desk) -> Path:
            desk.write_period_report(report, out, months, cancelled=cancel.is_set)
            return out

        self.cancel_event = cancel
        self._set_busy(self.tr("Writing {name}…").format(name=out.name))
        DeskOp(self, self.desk, work, success=self._saved, failure=self._save_failed)
        return True

    def _saved(self, out: Path) -> None:
        self._set_busy("")
        self._show_message(self.tr("Saved: {path}").format(path=str(out)))
        self.saved.emit(out)

    def _save_failed(self, error: BaseException) -> None:
        self._set_busy("")
        if isinstance(error, Cancelled):
            self._show_message(self.tr("Cancelled: no file was written."))
        else:
            self._show_message(known_error_message(error) or str(error), error=True)
        self.saved.emit(error)

    # -- progress and Cancel -------------------------------------------------------------------
    def _set_busy(self, text: str) -> None:
        self.busy_text = text
        self.busy_row.setVisible(bool(text))
        self.progress.setRange(0, 0)
        self.progress_label.setText(text)
        self.cancel_button.setEnabled(bool(text))
        for widget in (self.show_button, self.pdf_button, self.xlsx_button, self.csv_button):
            widget.setEnabled(not text and (widget is self.show_button or self.report is not None))

    def _on_progress(self, step: int) -> None:
        if not self.busy_text:
            return
        if step == 2:
            self.busy_text = self.tr("Counting the last 12 months for the charts…")
        elif step == 1:
            self.busy_text = self.tr("Counting the report…")
        self.progress_label.setText(self.busy_text)

    def cancel(self) -> None:
        """Stop the counting or the writing under way; nothing of it is kept."""
        if self.cancel_event is not None:
            self.cancel_event.set()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(self.tr("Cancelling…"))
