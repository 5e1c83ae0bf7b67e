"""Cài đặt → "Thông tin đơn vị": the office's settings and the year's days off, for an
administrator.

Three tabs: the office (codes, names, office type, place name, look-up address, hotline), forms
and signing (profile, paper, copies, head of the agency, a deputy signing on behalf; below them
this PC's own printer and copies, `printer_choice`, remembered at once on this PC), office
hours and days off (the calendar overrides, each added, changed or removed at once). Every field
is checked as it is typed, with its message beside it; Save stays disabled while any is wrong and
saves every field together or none. A new agency code or station on a desk that has exported is
a new desk identity: the window asks, and shows the new key's fingerprint to register upstream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.dossier import MAX_STATION, FieldError, InvalidInput
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.settings import (
    FIELD_BY_KEY,
    FORM_PROFILES,
    OFFICE_KINDS,
    OFFICE_TYPES,
    PAPERS,
    settings_from_values,
    settings_to_values,
)
from onestop_desktop.operations import Desk
from onestop_desktop.operations.base import NotAllowed
from onestop_desktop.ui import i18n
from onestop_desktop.ui.intake import STYLE, message_label, set_invalid
from onestop_desktop.ui.printer_choice import (
    PrinterChoiceWidget,
    load_printer_choice,
    save_printer_choice,
)
from onestop_desktop.ui.printing import installed_printers
from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QColor,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.sizing import fit_to_screen

#: the text fields of each tab, in order; the choices and numbers are placed among them
OFFICE_KEYS = (
    "agency_code",
    "agency_name",
    "station",
    "parent_agency",
    "office_type",
    "office_name",
    "place_name",
    "lookup_url",
    "hotline",
)
FORMS_KEYS = (
    "form_profile",
    "paper",
    "copies",
    "head_of_agency",
    "head_title",
    "deputy_name",
    "deputy_title",
    "clerk_name",
)
HOURS_KEYS = ("office_hours",)
_CHOICES: dict[str, tuple[str, ...]] = {
    "office_type": OFFICE_TYPES,
    "form_profile": FORM_PROFILES,
    "paper": PAPERS,
}
_NUMBERS = {"station": (0, MAX_STATION), "copies": (1, 2)}
_STANDARD_NAMES = frozenset(kind.header for kind in OFFICE_KINDS.values())

Confirm = Callable[[QWidget, str], bool]
Inform = Callable[[QWidget, str], None]


def ask_yes_no(parent: QWidget, message: str) -> bool:
    answer = QMessageBox.question(
        parent,
        i18n.translate("SettingsDialog", "OneStop – New desk identity"),
        message,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell(parent: QWidget, message: str) -> None:
    QMessageBox.information(parent, i18n.translate("SettingsDialog", "OneStop – Settings"), message)


@dataclass
class SettingsHooks:
    """How the window asks and tells (tests answer without a modal box)."""

    confirm_identity: Confirm = ask_yes_no
    inform: Inform = tell
    # the printers installed on this PC
    printers: Callable[[], list[str]] = installed_printers


def _label(key: str) -> str:
    spec = FIELD_BY_KEY[key]
    return spec.label_vi if i18n.current_language() == "vi" else spec.label_en


class SettingsDialog(QDialog):
    """The office's settings and days off; saves all fields together or none."""

    saved = Signal(object)  # the SettingsChange
    days_changed = Signal()

    def __init__(
        self, desk: Desk, parent: QWidget | None = None, hooks: SettingsHooks | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setStyleSheet(STYLE)
        self.desk = desk
        self.hooks = hooks or SettingsHooks()
        self.refusal = message_label("error")
        self.tabs = QTabWidget()
        self.labels: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.field_errors: dict[str, FieldError] = {}
        self.office_tab = self._form_tab(OFFICE_KEYS)
        self.forms_tab = self._form_tab(FORMS_KEYS)
        self._build_printer_box()
        self.hours_tab = QWidget()
        self._build_hours_tab()
        self.tabs.addTab(self.office_tab, "")
        self.tabs.addTab(self.forms_tab, "")
        self.tabs.addTab(self.hours_tab, "")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.status = message_label("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.refusal)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.load()
        self.allowed = self._check_admin()
        self.retranslate()
        fit_to_screen(self, 900, 640)

    # -- building ----------------------------------------------------------------------------

    def _editor(self, key: str) -> QWidget:
        if key in _CHOICES:
            combo = QComboBox()
            for value in _CHOICES[key]:
                combo.addItem(value, value)
            combo.currentIndexChanged.connect(lambda _i: self.validate())
            return combo
        if key in _NUMBERS:
            spin = QSpinBox()
            spin.setRange(*_NUMBERS[key])
            spin.valueChanged.connect(lambda _v: self.validate())
            return spin
        edit = QLineEdit()
        edit.textChanged.connect(lambda _t: self.validate())
        return edit

    def _build_printer_box(self) -> None:
        """This PC's printer and copies, remembered on this PC with their own button."""
        self.printer_box = QGroupBox()
        self.printer_choice = PrinterChoiceWidget(self.hooks.printers(), load_printer_choice())
        self.printer_save = QPushButton()
        self.printer_save.setObjectName("savePrinter")
        self.printer_save.clicked.connect(self.save_printer)
        self.printer_save.setEnabled(self.printer_choice.choice() is not None)
        box = QVBoxLayout(self.printer_box)
        box.addWidget(self.printer_choice)
        box.addWidget(self.printer_save, 0, Qt.AlignmentFlag.AlignLeft)
        form = self.forms_tab.layout()
        assert isinstance(form, QFormLayout)
        form.addRow(self.printer_box)

    def save_printer(self) -> None:
        """Remember the printer and copies chosen for this PC's next prints."""
        choice = self.printer_choice.choice()
        if choice is None:
            return
        try:
            save_printer_choice(choice)
        except OSError as error:
            self._say(self.tr("Could not remember the printer: {reason}").format(reason=error))
            return
        self._say(self.tr("This PC will print on “{printer}”.").format(printer=choice.printer))

    def _form_tab(self, keys: tuple[str, ...]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in keys:
            self._add_row(form, key)
        return page

    def _add_row(self, form: QFormLayout, key: str) -> None:
        label = QLabel()
        editor = self._editor(key)
        editor.setObjectName(f"setting_{key}")
        label.setBuddy(editor)
        error = message_label("error")
        self.labels[key], self.editors[key], self.errors[key] = label, editor, error
        form.addRow(label, editor)
        form.addRow("", error)

    def _build_hours_tab(self) -> None:
        form = QFormLayout()
        for key in HOURS_KEYS:
            self._add_row(form, key)
        self.days_heading = QLabel()
        self.days_heading.setWordWrap(True)
        self.days_table = QTableWidget(0, 3)
        self.days_table.setObjectName("daysTable")
        self.days_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.days_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.days_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.days_table.horizontalHeader().setStretchLastSection(True)
        self.days_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.days_table.verticalHeader().setVisible(False)
        self.days_table.itemSelectionChanged.connect(self._day_selected)
        self.day_edit = QDateEdit()
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("dd/MM/yyyy")
        today = self.desk.clock.now().astimezone(VN_TZ).date()
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.day_kind = QComboBox()
        self.day_kind.addItem("", False)
        self.day_kind.addItem("", True)
        self.day_note = QLineEdit()
        self.add_day_button = QPushButton()
        self.edit_day_button = QPushButton()
        self.remove_day_button = QPushButton()
        self.add_day_button.clicked.connect(self.add_day)
        self.edit_day_button.clicked.connect(self.edit_day)
        self.remove_day_button.clicked.connect(self.remove_day)
        self.day_error = message_label("error")
        row = QHBoxLayout()
        row.addWidget(self.day_edit)
        row.addWidget(self.day_kind)
        row.addWidget(self.day_note, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_day_button)
        buttons.addWidget(self.edit_day_button)
        buttons.addWidget(self.remove_day_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.hours_tab)
        layout.addLayout(form)
        layout.addWidget(self.days_heading)
        layout.addWidget(self.days_table, 1)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.day_error)

    # -- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("OneStop – Office settings"))
        self.tabs.setTabText(0, self.tr("Office"))
        self.tabs.setTabText(1, self.tr("Forms and signing"))
        self.tabs.setTabText(2, self.tr("Office hours and days off"))
        self.printer_box.setTitle(self.tr("This PC's printer"))
        self.printer_save.setText(self.tr("Remember this printer"))
        if self.printer_choice.choice() is None:
            self.printer_save.setToolTip(self.tr("No printer is installed on this computer."))
        for key, label in self.labels.items():
            label.setText(_label(key) + ":")
        office_type = self.editors["office_type"]
        assert isinstance(office_type, QComboBox)
        for index, kind in enumerate(OFFICE_TYPES):
            spec = OFFICE_KINDS[kind]
            office_type.setItemText(
                index, spec.label_vi if i18n.current_language() == "vi" else spec.label_en
            )
        self._placeholder("office_name", self.tr("empty: the office type's own name"))
        self._placeholder("parent_agency", self.tr("empty: the agency name in capitals"))
        self._placeholder("place_name", self.tr("e.g. Tân Hưng"))
        self._placeholder("lookup_url", self.tr("e.g. https://dichvucong.example.gov.vn/tra-cuu"))
        self._placeholder("head_title", self.tr("e.g. CHỦ TỊCH"))
        self._placeholder("deputy_title", self.tr("e.g. PHÓ CHỦ TỊCH (empty: no deputy)"))
        self._placeholder("office_hours", self.tr("e.g. 07:00-11:30,13:30-17:00"))
        self.days_heading.setText(
            self.tr(
                "Days off and swapped working days announced for the year. New due dates count "
                "with them at once; due dates already printed on slips do not move."
            )
        )
        self.days_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Day"), self.tr("Note")]
        )
        self.day_kind.setItemText(0, self.tr("Day off"))
        self.day_kind.setItemText(1, self.tr("Working day"))
        self.day_note.setPlaceholderText(self.tr("Note, e.g. the notice announcing it"))
        self.add_day_button.setText(self.tr("&Add day"))
        self.edit_day_button.setText(self.tr("&Change day"))
        self.remove_day_button.setText(self.tr("&Remove day"))
        if not self.allowed:
            self._check_admin()
        self.fill_days()
        self.validate()

    def _placeholder(self, key: str, text: str) -> None:
        editor = self.editors[key]
        if isinstance(editor, QLineEdit):
            editor.setPlaceholderText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- values ------------------------------------------------------------------------------

    def _check_admin(self) -> bool:
        """Only an administrator changes the settings when the office has one."""
        self._refusal_text = ""
        try:
            self.desk.require_admin()
        except NotAllowed as error:
            self._refusal_text = error.text(i18n.current_language())
            self.refusal.setText(self._refusal_text)
            self.refusal.setVisible(True)
            for editor in self.editors.values():
                editor.setEnabled(False)
            for button in (self.add_day_button, self.edit_day_button, self.remove_day_button):
                button.setEnabled(False)
            self.save_button.setEnabled(False)
            return False
        return True

    def load(self) -> None:
        """Show the desk's current settings."""
        values = settings_to_values(self.desk.settings)
        if values["office_name"] in _STANDARD_NAMES:
            values["office_name"] = ""  # the office type's own name, shown as the placeholder
        for key, editor in self.editors.items():
            value = values[key]
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findData(value), 0))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value))
            editor.blockSignals(False)

    def values(self) -> dict[str, Any]:
        """The fields as typed."""
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                out[key] = editor.currentData()
            elif isinstance(editor, QSpinBox):
                out[key] = editor.value()
            elif isinstance(editor, QLineEdit):
                out[key] = editor.text()
        return out

    def validate(self) -> bool:
        """Check every field; show each error beside its field; Save only when all are right."""
        merged = {**settings_to_values(self.desk.settings), **self.values()}
        try:
            settings_from_values(merged)
            self.field_errors = {}
        except InvalidInput as error:
            self.field_errors = {e.field: e for e in error.errors}
        for key, label in self.errors.items():
            problem = self.field_errors.get(key)
            text = i18n.error_text(problem) if problem else ""
            label.setText(text)
            label.setVisible(bool(text))
            set_invalid(self.editors[key], bool(text))
        for tab, keys in (
            (0, OFFICE_KEYS),
            (1, FORMS_KEYS),
            (2, HOURS_KEYS),
        ):
            wrong = any(k in self.field_errors for k in keys)
            self.tabs.tabBar().setTabTextColor(tab, _red() if wrong else self._tab_color())
        ok = not self.field_errors
        self.save_button.setEnabled(ok and getattr(self, "allowed", True))
        return ok

    def _tab_color(self) -> QColor:
        return self.palette().windowText().color()

    def changes(self) -> dict[str, Any]:
        current = settings_to_values(self.desk.settings)
        typed = self.values()
        if typed["office_name"] == "" and current["office_name"] in _STANDARD_NAMES:
            # shown empty, printed the same either way (the office type's own name)
            typed["office_name"] = current["office_name"]
        return {k: v for k, v in typed.items() if current.get(k) != v}

    def save(self) -> None:
        """Save every changed field together, or nothing when any is wrong."""
        if not self.allowed or not self.validate():
            return
        changes = self.changes()
        if not changes:
            self._say(self.tr("Nothing to save: no field was changed."))
            return
        new_identity = False
        if ("agency_code" in changes or "station" in changes) and self.desk.has_exported():
            new_identity = self.hooks.confirm_identity(
                self,
                self.tr(
                    "This desk has already exported to upstream. A new agency code or desk "
                    "number makes a new desk identity with a new signing key, which must be "
                    "registered upstream before its exports are accepted. Make a new identity?"
                ),
            )
            if not new_identity:
                self._say(self.tr("Not saved: the desk keeps its identity."))
                return
        try:
            change = self.desk.change_settings(changes, new_identity=new_identity)
        except InvalidInput as error:
            self.field_errors = {e.field: e for e in error.errors}
            for e in error.errors:
                if e.field in self.errors:
                    self.errors[e.field].setText(i18n.error_text(e))
                    self.errors[e.field].setVisible(True)
            self._say(self.tr("Not saved: correct the fields marked in red."))
            return
        except KnownError as error:
            self._say(error.text(i18n.current_language()))
            return
        self.load()
        self.validate()
        self._say(self.tr("Saved."))
        if change.new_fingerprint:
            self.hooks.inform(
                self,
                self.tr(
                    "New desk identity {desk}. Register its public key upstream:\n{key}\n"
                    "Fingerprint: {fingerprint}"
                ).format(
                    desk=change.settings.desk_id,
                    key=change.new_public_key,
                    fingerprint=change.new_fingerprint,
                ),
            )
        self.saved.emit(change)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- days off ----------------------------------------------------------------------------

    def fill_days(self) -> None:
        days = self.desk.calendar_days()
        self.days_table.setRowCount(len(days))
        for row, day in enumerate(days):
            when = QTableWidgetItem(day.day.strftime("%d/%m/%Y"))
            when.setData(Qt.ItemDataRole.UserRole, day.day.isoformat())
            kind = QTableWidgetItem(self.tr("Working day") if day.working else self.tr("Day off"))
            self.days_table.setItem(row, 0, when)
            self.days_table.setItem(row, 1, kind)
            self.days_table.setItem(row, 2, QTableWidgetItem(day.note))
        self.edit_day_button.setEnabled(self.allowed_days and self._selected_day() is not None)
        self.remove_day_button.setEnabled(self.allowed_days and self._selected_day() is not None)

    @property
    def allowed_days(self) -> bool:
        return getattr(self, "allowed", True)

    def _selected_day(self) -> date | None:
        rows = self.days_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.days_table.item(rows[0].row(), 0)
        return (
            date.fromisoformat(str(item.data(Qt.ItemDataRole.UserRole)))
            if item is not None
            else None
        )

    def _day_selected(self) -> None:
        day = self._selected_day()
        self.edit_day_button.setEnabled(self.allowed_days and day is not None)
        self.remove_day_button.setEnabled(self.allowed_days and day is not None)
        if day is None:
            return
        listed = next(d for d in self.desk.calendar_days() if d.day == day)
        self.day_edit.setDate(QDate(day.year, day.month, day.day))
        self.day_kind.setCurrentIndex(1 if listed.working else 0)
        self.day_note.setText(listed.note)

    def _typed_day(self) -> date:
        q = self.day_edit.date()
        return date(q.year(), q.month(), q.day())

    def _day_action(self, action: Callable[[], object], done: str) -> None:
        try:
            action()
        except InvalidInput as error:
            self.day_error.setText("\n".join(i18n.error_text(e) for e in error.errors))
            self.day_error.setVisible(True)
            return
        except KnownError as error:
            self.day_error.setText(error.text(i18n.current_language()))
            self.day_error.setVisible(True)
            return
        self.day_error.setVisible(False)
        self.fill_days()
        self._say(done)
        self.days_changed.emit()

    def add_day(self) -> None:
        day, working, note = (
            self._typed_day(),
            bool(self.day_kind.currentData()),
            self.day_note.text(),
        )
        self._day_action(
            lambda: self.desk.add_day(day, working, note), self.tr("The day was added.")
        )

    def edit_day(self) -> None:
        day = self._selected_day()
        if day is None:
            return
        working, note = bool(self.day_kind.currentData()), self.day_note.text()
        self._day_action(
            lambda: self.desk.edit_day(day, working, note), self.tr("The day was changed.")
        )

    def remove_day(self) -> None:
        day = self._selected_day()
        if day is None:
            return
        self._day_action(lambda: self.desk.remove_day(day), self.tr("The day was removed."))


def _red() -> QColor:
    return QColor("#b71c1c")
