"""The board's per-officer tab (Theo cán bộ): what each processing officer holds, how much of it
is overdue and how much is due by the close of the next working day, worst first, with the
dossiers still at the desk on the last row. Enter or a double-click on an officer lists their
dossiers below; Enter on a dossier opens it; Print writes the one-page PDF for the weekly
meeting (`Desk.render_officer_view`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from onestop_desktop.domain.handover import OfficerLoad
from onestop_desktop.domain.lifecycle import PAUSED
from onestop_desktop.operations import Desk
from onestop_desktop.operations.handover import DESK_EN, DESK_VI, HeldDossier, OfficerView
from onestop_desktop.ui import i18n
from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPushButton,
    QStandardItemModel,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.texts import format_time, status_text

OVERDUE_BRUSH = QBrush(QColor("#b42318"))


def _table(model: QStandardItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    return view


def ask_pdf_path(parent: QWidget | None, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "", suggested, "PDF (*.pdf)")
    return Path(name) if name else None


class OfficerTab(QWidget):
    """The per-officer view with the list of the chosen officer's dossiers."""

    open_requested = Signal(str)
    printed = Signal(str)  # the PDF written

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officerTab")
        self.desk = desk
        self.view_data: OfficerView | None = None
        self.rows: list[OfficerLoad] = []
        self.chosen: OfficerLoad | None = None
        self.codes: list[str] = []
        self.held: list[HeldDossier] = []
        self.held_at = desk.clock.now()
        #: where the PDF goes (tests replace it)
        self.ask_path: Callable[[QWidget | None, str], Path | None] = ask_pdf_path
        self.moment_label = QLabel()
        self.moment_label.setProperty("role", "muted")
        self.moment_label.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printOfficers")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_pdf)
        self.model = QStandardItemModel(0, 5, self)
        self.table = _table(self.model)
        self.table.setObjectName("officerTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._officer_activated)
        self.list_label = QLabel()
        self.dossier_model = QStandardItemModel(0, 5, self)
        self.dossier_view = _table(self.dossier_model)
        self.dossier_view.setObjectName("officerDossiers")
        self.dossier_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.dossier_view.activated.connect(self._dossier_activated)
        top = QHBoxLayout()
        top.addWidget(self.moment_label, 1)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.list_label)
        layout.addWidget(self.dossier_view, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.print_button.setText(self.tr("Print for the weekly meeting…"))
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Officer"),
                self.tr("Title, unit"),
                self.tr("Held"),
                self.tr("Overdue"),
                self.tr("Due by the next working day"),
            ]
        )
        self.dossier_model.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Applicant"),
                self.tr("Procedure"),
                self.tr("Status"),
                self.tr("Due"),
            ]
        )
        for column, width in enumerate((215, 180, 0, 190, 130)):
            if width:  # after the labels: setting them sizes the columns again
                self.dossier_view.setColumnWidth(column, width)
        self._show()
        self._show_held()  # the statuses in the new language (no database read here)

    def refresh(self) -> None:
        """Count again (after any change, and when the board is drawn again)."""
        self.view_data = self.desk.officer_view()
        self._show()
        if self.chosen is not None:
            self.show_dossiers(self.chosen.person_id)

    def title(self) -> str:
        overdue = self.view_data.totals[1] if self.view_data is not None else 0
        return self.tr("By officer ({overdue} overdue)").format(overdue=overdue)

    def _name(self, load: OfficerLoad) -> str:
        if load.person_id is None:
            return DESK_VI if i18n.current_language() == "vi" else DESK_EN
        return load.name

    def _show(self) -> None:
        view = self.view_data
        if view is None:
            return
        self.moment_label.setText(
            self.tr(
                "Counted at {moment}; “due” runs to the close of the next working day, {until}. "
                "Enter or double-click an officer to list their dossiers."
            ).format(moment=format_time(view.moment), until=format_time(view.soon_until))
        )
        self.rows = [*view.officers, view.desk]
        current = self.table.currentIndex().row()
        self.model.setRowCount(0)
        for load in self.rows:
            items = [
                self._name(load),
                ", ".join(p for p in (load.title, load.unit) if p),
                str(load.held),
                str(load.overdue),
                str(load.due_soon),
            ]
            self.model.appendRow([])
            row = self.model.rowCount() - 1
            for column, text in enumerate(items):
                self.model.setData(self.model.index(row, column), text)
                if column >= 2:
                    self.model.setData(
                        self.model.index(row, column),
                        int(Qt.AlignmentFlag.AlignCenter),
                        Qt.ItemDataRole.TextAlignmentRole,
                    )
            if load.overdue:
                self.model.setData(
                    self.model.index(row, 3), OVERDUE_BRUSH, Qt.ItemDataRole.ForegroundRole
                )
        if self.rows:
            self.table.setCurrentIndex(
                self.model.index(current if 0 <= current < len(self.rows) else 0, 0)
            )
        self._show_list_label()

    def _show_list_label(self) -> None:
        if self.chosen is None:
            self.list_label.setText(self.tr("Choose an officer to list their dossiers."))
        else:
            self.list_label.setText(
                self.tr("Dossiers of {name} ({count}), the earliest due first:").format(
                    name=self._name(self.chosen), count=len(self.codes)
                )
            )

    def _officer_activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.rows):
            self.show_dossiers(self.rows[index.row()].person_id)

    def show_dossiers(self, person_id: int | None) -> None:
        """List the dossiers an officer holds (None: those still at the desk)."""
        self.chosen = next((r for r in self.rows if r.person_id == person_id), None)
        self.held = self.desk.officer_dossiers(person_id)
        self.codes = [d.code for d in self.held]
        self.held_at = self.desk.clock.now()
        self._show_held()

    def _show_held(self) -> None:
        now = self.held_at
        self.dossier_model.setRowCount(0)
        for d in self.held:
            self.dossier_model.appendRow([])
            row = self.dossier_model.rowCount() - 1
            due = format_time(d.due_at) if d.due_at else "—"
            texts = [d.code, d.applicant_name, d.procedure_name, status_text(d.status), due]
            for column, text in enumerate(texts):
                self.dossier_model.setData(self.dossier_model.index(row, column), text)
            # waiting for papers: the clock is stopped, so never overdue
            if d.due_at is not None and d.due_at < now and d.status not in PAUSED:
                self.dossier_model.setData(
                    self.dossier_model.index(row, 4), OVERDUE_BRUSH, Qt.ItemDataRole.ForegroundRole
                )
        if self.codes:
            self.dossier_view.setCurrentIndex(self.dossier_model.index(0, 0))
        self._show_list_label()

    def _dossier_activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.codes):
            self.open_requested.emit(self.codes[index.row()])

    def print_pdf(self) -> Path | None:
        """Ask where, then write the one-page PDF of the view as it is now."""
        day = self.desk.clock.now().date()
        path = self.ask_path(self, f"theo-can-bo-{day:%Y%m%d}.pdf")
        if path is None:
            return None
        try:
            self.desk.render_officer_view(path)
        except OSError as error:
            from onestop_desktop.ui.dialogs import show_error

            show_error(self, self.tr("The PDF could not be written: {error}").format(error=error))
            return None
        self.printed.emit(str(path))
        return path
