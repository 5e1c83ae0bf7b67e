"""The audit log in the window: the desk-wide log (filters by person, day and dossier, newest
first, loaded a page at a time as it scrolls) and the check of its hash chain, run off the UI
thread with its progress."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from onestop_desktop.domain.audit import ChainReport
from onestop_desktop.domain.clock import parse_time
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk
from onestop_desktop.operations.audit import action_name
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QCheckBox,
    QComboBox,
    QDate,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QProgressBar,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.sizing import ColumnPlan, fit_columns, fit_to_screen
from onestop_desktop.ui.texts import format_time, status_text

AnyIndex = QModelIndex | QPersistentModelIndex
#: entries read at a time; the next page loads when the table is scrolled to its end
PAGE = 200


def _details(data: dict[str, Any]) -> str:
    """An entry's data as one short line: key: value, …"""
    parts = []
    for key, value in sorted(data.items()):
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)


def _when(at: str) -> str:
    try:
        return format_time(parse_time(at))
    except ValueError:
        return at


class AuditLogModel(QAbstractTableModel):
    """Log entries newest first, for one filter; more are read as the view asks for them."""

    COLUMNS = 5

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.entries: list[dict[str, Any]] = []
        self.filters: dict[str, Any] = {}
        self.more = False

    def set_filters(
        self, *, entity: str | None = None, person_id: int | None = None, day: date | None = None
    ) -> None:
        """Show the newest page of the entries that match."""
        self.beginResetModel()
        self.filters = {"entity": entity, "person_id": person_id, "day": day}
        self.entries = self.desk.audit_log(limit=PAGE, **self.filters)
        self.more = len(self.entries) == PAGE
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.more or not self.entries:
            return
        page = self.desk.audit_log(
            limit=PAGE, before_id=int(self.entries[-1]["id"]), **self.filters
        )
        self.more = len(page) == PAGE
        if page:
            first = len(self.entries)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.entries.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if column == 0:
            return _when(str(entry["at"]))
        if column == 1:
            return self._action(entry) if role == Qt.ItemDataRole.DisplayRole else entry["action"]
        if column == 2:
            return str(entry["entity"])
        if column == 3:
            return str(entry["actor"])
        return _details(entry["data"])

    @staticmethod
    def _action(entry: dict[str, Any]) -> str:
        """The action's readable name; a move says the status it led to."""
        name = action_name(str(entry["action"]), i18n.current_language() == "en")
        target = entry["data"].get("to") if entry["action"] == "dossier.transition" else None
        if isinstance(target, int) and target in set(Status):
            return f"{name} → {status_text(Status(target))}"
        return name

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            i18n.translate("AuditLogWindow", "Time"),
            i18n.translate("AuditLogWindow", "Change"),
            i18n.translate("AuditLogWindow", "Concerns"),
            i18n.translate("AuditLogWindow", "By"),
            i18n.translate("AuditLogWindow", "Details"),
        )[section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self.entries:
            last = len(self.entries) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last, self.COLUMNS - 1))


class AuditLogWindow(QDialog):
    """Trợ giúp → "Nhật ký thay đổi…": every change at the desk, who made it and when; or one
    dossier's, opened from its page."""

    # the table was filled for a new filter: the number of entries shown
    loaded = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None, dossier: str = "") -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("auditLogWindow")
        self.model = AuditLogModel(desk, self)

        self.dossier_label = QLabel()
        self.dossier_edit = QLineEdit(dossier)
        self.dossier_edit.setClearButtonEnabled(True)
        self.dossier_edit.editingFinished.connect(self.refresh)
        self.person_label = QLabel()
        self.person_combo = QComboBox()
        self.person_combo.addItem("", None)
        # read once: a language change must not reach into the database
        self.people = desk.people(include_retired=True)
        for person in self.people:
            self.person_combo.addItem(person.name, person.id)
        self.person_combo.currentIndexChanged.connect(self.refresh)
        self.day_check = QCheckBox()
        self.day_edit = QDateTimeEdit()
        self.day_edit.setDisplayFormat("dd/MM/yyyy")
        self.day_edit.setCalendarPopup(True)
        today = desk.clock.now().date()
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.day_edit.setEnabled(False)
        self.day_check.toggled.connect(self.day_edit.setEnabled)
        self.day_check.toggled.connect(self.refresh)
        self.day_edit.dateChanged.connect(lambda _day: self.refresh())
        filters = QHBoxLayout()
        filters.addWidget(self.dossier_label)
        filters.addWidget(self.dossier_edit, 2)
        filters.addSpacing(12)
        filters.addWidget(self.person_label)
        filters.addWidget(self.person_combo, 2)
        filters.addSpacing(12)
        filters.addWidget(self.day_check)
        filters.addWidget(self.day_edit)

        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        # the columns share the table's width; a long cell shows whole in its tooltip
        metrics = self.table.fontMetrics()
        time_width = metrics.horizontalAdvance("00/00/0000 00:00") + 16
        code_width = metrics.horizontalAdvance("000.00.00.H00-000000-0000") + 12
        fit_columns(
            self.table,
            self.table.horizontalHeader(),
            ColumnPlan(
                preferred=dict(enumerate((time_width, 210, max(210, code_width), 170, 200))),
                minimum=dict(enumerate((time_width, 100, code_width, 90, 100))),
                stretch=(4,),
            ),
        )
        self.count_label = QLabel()
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.model.rowsInserted.connect(lambda *_: self._show_count())
        self.retranslate()
        fit_to_screen(self, 1100, 600)
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Audit log"))
        self.dossier_label.setText(self.tr("Dossier:"))
        self.dossier_edit.setPlaceholderText(self.tr("all dossiers (type a code)"))
        self.person_label.setText(self.tr("Person:"))
        self.person_combo.setItemText(0, self.tr("Everyone"))
        for i, person in enumerate(self.people, 1):
            name = person.name if person.active else self.tr("{name} (retired)")
            self.person_combo.setItemText(i, name.format(name=person.name))
        self.day_check.setText(self.tr("Only the day"))
        self.model.retranslate()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def filters(self) -> dict[str, Any]:
        """What the filters ask for, as `Desk.audit_log` takes it."""
        day: date | None = None
        if self.day_check.isChecked():
            picked = self.day_edit.date()
            day = date(picked.year(), picked.month(), picked.day())
        person = self.person_combo.currentData()
        return {
            "entity": self.dossier_code(),
            "person_id": int(person) if person is not None else None,
            "day": day,
        }

    def dossier_code(self) -> str | None:
        """The dossier typed or scanned, as its code is stored (None: every dossier)."""
        text = self.dossier_edit.text().strip()
        if not text:
            return None
        try:
            return self.desk.get(text).code
        except LookupError:
            return text  # no such dossier: the filter simply finds nothing

    def refresh(self) -> None:
        """Fill the table again for the filters, newest first."""
        self.model.set_filters(**self.filters())
        self._show_count()
        self.loaded.emit(self.model.rowCount())

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        if self.model.more:
            text = self.tr("The newest {count} entries; scroll down for older ones.")
        else:
            text = self.tr("{count} entries.")
        self.count_label.setText(text.format(count=shown))


class AuditCheckDialog(QDialog):
    """Trợ giúp → "Kiểm tra nhật ký thay đổi": walk the hash chain off the UI thread and say
    whether it holds, or name its first break."""

    # the check is over: the ChainReport (or the error that stopped it)
    checked = Signal(object)
    # from the worker thread: entries read so far (queued to the UI thread)
    progressed = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("auditCheckDialog")
        self.report: ChainReport | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(480)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until the first figures arrive
        self.progress.setTextVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.progressed.connect(self._on_progress)
        self.retranslate()

    def start(self) -> None:
        """Start the check on the desk's worker thread."""
        emit = self.progressed.emit
        DeskOp(
            self,
            self.desk,
            lambda desk: desk.verify_audit(progress=emit),
            success=self._done,
            failure=self._failed,
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Check the audit log"))
        self.message.setText(self._text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_progress(self, done: int) -> None:
        self.message.setText(
            self.tr("Checking the audit log… {count} entries checked.").format(
                count=i18n.number(done)
            )
        )

    def _kind(self, kind: str) -> str:
        return {
            "altered": self.tr("altered"),
            "removed": self.tr("removed"),
            "inserted": self.tr("inserted"),
            "truncated": self.tr("removed from the end"),
        }.get(kind, kind)

    def _text(self) -> str:
        report = self.report
        if report is None:
            return self.tr("Checking the audit log…")
        if report.broken is None:
            return self.tr(
                "The audit log is intact: {count} entries checked, none altered, removed or "
                "inserted."
            ).format(count=report.entries)
        b = report.broken
        return self.tr(
            "The audit log was changed outside the program. First break: entry {entry} "
            "({kind}).\n{message}\n\nRestore a backup made before it, or report it to the "
            "administrator."
        ).format(
            entry=b.entry_id,
            kind=self._kind(b.kind),
            message=b.en if i18n.current_language() == "en" else b.vi,
        )

    def _done(self, report: ChainReport) -> None:
        self.report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setVisible(False)
        self.message.setText(self._text())
        if not report.ok:
            self.message.setStyleSheet("color: #b00020;")
        self.checked.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.progress.setVisible(False)
        self.message.setText(
            self.tr("The audit log could not be checked: {error}").format(error=str(error))
        )
        self.checked.emit(error)
