"""The office's people (Cài đặt → "Cán bộ, công chức…"): the list, and adding, editing,
retiring, restoring and deleting a person.

An administrator's work once the office has an administrator (`Desk.require_admin`). A retired
person stays in the list, greyed, when "Show retired people" is ticked, and stays named in the
history of the dossiers they touched; a person the history names can only be retired.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.people import ROLES, Person, PersonInput
from onestop_desktop.operations import Desk
from onestop_desktop.ui import i18n
from onestop_desktop.ui.dialogs import known_error_message, show_error
from onestop_desktop.ui.intake import STYLE, message_label, set_invalid
from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QBrush,
    QCheckBox,
    QColor,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPushButton,
    QRegularExpression,
    QRegularExpressionValidator,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.sizing import ColumnPlan, fit_columns, fit_to_screen

AnyIndex = QModelIndex | QPersistentModelIndex
ShowError = Callable[[QWidget | None, str], None]
Confirm = Callable[[QWidget, str], bool]
COLUMNS = 7


def role_text(role: str) -> str:
    vi, en = ROLES.get(role, (role, role))
    return vi if i18n.current_language() == "vi" else en


def _ask_yes_no(parent: QWidget, question: str) -> bool:
    title = i18n.translate("PeopleDialog", "Delete a person")
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def catalogue_fields(desk: Desk) -> list[tuple[str, str]]:
    """The catalogue's fields of procedures, (code, name), in catalogue order."""
    seen: dict[str, str] = {}
    for procedure in desk.catalogue.procedures:
        seen.setdefault(procedure.field_code, procedure.field)
    return list(seen.items())


class PeopleModel(QAbstractTableModel):
    """The people as a table: name, title, unit, roles, fields, PIN, retired."""

    def __init__(self, field_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.people: list[Person] = []
        self.field_names = field_names

    def set_people(self, people: list[Person]) -> None:
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.people[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if person.active else QBrush(QColor("#8a8a8a"))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        yes, no = i18n.translate("PeopleDialog", "yes"), i18n.translate("PeopleDialog", "no")
        column = index.column()
        if column == 0:
            return person.name
        if column == 1:
            return person.title
        if column == 2:
            return person.unit
        if column == 3:
            return ", ".join(role_text(r) for r in person.roles)
        if column == 4:
            return ", ".join(self.field_names.get(f, f) for f in person.fields)
        if column == 5:
            return yes if person.has_pin else no
        if person.retired_at is None:
            return ""
        return i18n.translate("PeopleDialog", "retired {day}").format(
            day=person.retired_at.strftime("%d/%m/%Y")
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            i18n.translate("PeopleDialog", "Name"),
            i18n.translate("PeopleDialog", "Title"),
            i18n.translate("PeopleDialog", "Unit"),
            i18n.translate("PeopleDialog", "Roles"),
            i18n.translate("PeopleDialog", "Fields"),
            i18n.translate("PeopleDialog", "PIN"),
            i18n.translate("PeopleDialog", "Retired"),
        )[section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self.people:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.people) - 1, COLUMNS - 1))


class PersonForm(QDialog):
    """Adding or editing one person; errors are shown beside the field they concern."""

    def __init__(self, desk: Desk, person: Person | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.person = person
        self.saved: Person | None = None
        self.show_error: ShowError = show_error
        self.setObjectName("personForm")
        self.setStyleSheet(STYLE)
        self.name_edit = QLineEdit(person.name if person else "")
        self.name_edit.setObjectName("personName")
        self.title_edit = QLineEdit(person.title if person else "")
        self.title_edit.setObjectName("personTitle")
        self.unit_edit = QLineEdit(person.unit if person else "")
        self.unit_edit.setObjectName("personUnit")
        self.role_boxes: dict[str, QCheckBox] = {}
        roles = person.roles if person else ("clerk",)
        self.roles_box = QGroupBox()
        roles_layout = QVBoxLayout(self.roles_box)
        for role in ROLES:
            box = QCheckBox()
            box.setObjectName(f"role_{role}")
            box.setChecked(role in roles)
            self.role_boxes[role] = box
            roles_layout.addWidget(box)
        self.fields_box = QGroupBox()
        fields_layout = QGridLayout(self.fields_box)
        self.field_boxes: dict[str, QCheckBox] = {}
        for i, (code, name) in enumerate(catalogue_fields(desk)):
            box = QCheckBox(name)
            box.setObjectName(f"field_{code}")
            box.setChecked(person is not None and code in person.fields)
            self.field_boxes[code] = box
            fields_layout.addWidget(box, i // 2, i % 2)
        self.fields_hint = QLabel()
        self.fields_hint.setProperty("role", "muted")
        self.fields_hint.setWordWrap(True)
        fields_layout.addWidget(self.fields_hint, (len(self.field_boxes) + 1) // 2, 0, 1, 2)
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("personPin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.pin_edit)
        )
        self.clear_pin_box = QCheckBox()
        self.clear_pin_box.setObjectName("clearPin")
        self.clear_pin_box.setVisible(person is not None and person.has_pin)
        self.clear_pin_box.toggled.connect(lambda on: self.pin_edit.setEnabled(not on))
        self.errors = {
            name: message_label("error") for name in ("name", "title", "unit", "roles", "fields")
        }
        self.errors["pin"] = message_label("error")
        self.labels = {name: QLabel() for name in ("name", "title", "unit", "pin")}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, widget in (
            ("name", self.name_edit),
            ("title", self.title_edit),
            ("unit", self.unit_edit),
        ):
            self.labels[name].setBuddy(widget)
            form.addRow(self.labels[name], widget)
            form.addRow("", self.errors[name])
        self.labels["pin"].setBuddy(self.pin_edit)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.pin_edit, 1)
        pin_row.addWidget(self.clear_pin_box)
        form.addRow(self.labels["pin"], pin_row)
        form.addRow("", self.errors["pin"])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        choices = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.roles_box)
        left.addWidget(self.errors["roles"])
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.fields_box)
        right.addWidget(self.errors["fields"])
        right.addStretch(1)
        choices.addLayout(left, 1)
        choices.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(choices)
        layout.addWidget(self.buttons)
        self.retranslate()
        fit_to_screen(self, 640, 520)

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Edit a person") if self.person is not None else self.tr("Add a person")
        )
        self.labels["name"].setText(self.tr("&Full name:"))
        self.labels["title"].setText(self.tr("&Title:"))
        self.labels["unit"].setText(self.tr("&Unit:"))
        self.labels["pin"].setText(self.tr("&PIN (4–8 digits):"))
        has_pin = self.person is not None and self.person.has_pin
        self.pin_edit.setPlaceholderText(
            self.tr("leave empty to keep the PIN")
            if has_pin
            else self.tr("optional; leave empty for none")
        )
        self.clear_pin_box.setText(self.tr("&Remove the PIN"))
        self.roles_box.setTitle(self.tr("Roles"))
        for role, box in self.role_boxes.items():
            box.setText(role_text(role))
        self.fields_box.setTitle(self.tr("Fields handled (officers)"))
        self.fields_hint.setText(self.tr("None ticked: an officer handles every field."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def values(self) -> PersonInput:
        pin: str | None = self.pin_edit.text() or None
        if self.clear_pin_box.isVisible() and self.clear_pin_box.isChecked():
            pin = ""
        return PersonInput(
            name=self.name_edit.text(),
            title=self.title_edit.text(),
            unit=self.unit_edit.text(),
            roles=tuple(r for r, box in self.role_boxes.items() if box.isChecked()),
            fields=tuple(f for f, box in self.field_boxes.items() if box.isChecked()),
            pin=pin,
        )

    def save(self) -> None:
        for label in self.errors.values():
            label.setVisible(False)
        for widget in (self.name_edit, self.title_edit, self.unit_edit, self.pin_edit):
            set_invalid(widget, False)
        try:
            if self.person is None:
                self.saved = self.desk.add_person(self.values())
            else:
                self.saved = self.desk.edit_person(self.person.id, self.values())
        except InvalidInput as error:
            self.show_errors(error.errors)
            return
        except Exception as error:
            message = known_error_message(error)
            if message is None:
                raise
            self.show_error(self, message)
            return
        self.accept()

    def show_errors(self, errors: list[FieldError]) -> None:
        widgets = {
            "name": self.name_edit,
            "title": self.title_edit,
            "unit": self.unit_edit,
            "pin": self.pin_edit,
        }
        first: QWidget | None = None
        for error in errors:
            label = self.errors.get(error.field)
            if label is None:
                continue
            text = i18n.error_text(error)
            label.setText(text[:1].upper() + text[1:])
            label.setVisible(True)
            widget = widgets.get(error.field)
            if widget is not None:
                set_invalid(widget, True)
                first = first or widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)


class PeopleDialog(QDialog):
    """The office's people, with Add / Edit / Retire / Restore / Delete."""

    # something changed: the status bar shows the person at the desk again
    changed = Signal()
    # a person form opened (tests drive it)
    form_opened = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("peopleDialog")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.model = PeopleModel(dict(catalogue_fields(desk)), self)
        self.table = QTableView()
        self.table.setObjectName("peopleTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        # the columns share the table's width, however narrow the screen; a long cell shows
        # whole in its tooltip (sizing.py)
        fit_columns(
            self.table,
            self.table.horizontalHeader(),
            ColumnPlan(
                preferred=dict(enumerate((150, 190, 120, 170, 130, 60, 80))),
                minimum=dict(enumerate((120, 90, 80, 100, 80, 50, 60))),
                stretch=(1,),
            ),
        )
        self.show_retired = QCheckBox()
        self.show_retired.setObjectName("showRetired")
        self.show_retired.toggled.connect(lambda _on: self.reload())
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.retire_button = QPushButton()
        self.restore_button = QPushButton()
        self.delete_button = QPushButton()
        self.close_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(lambda: self.open_form(self.selected()))
        self.retire_button.clicked.connect(lambda: self.retire(True))
        self.restore_button.clicked.connect(lambda: self.retire(False))
        self.delete_button.clicked.connect(self.delete)
        self.close_button.clicked.connect(self.accept)
        self.table.doubleClicked.connect(lambda _index: self.open_form(self.selected()))
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.retire_button,
            self.restore_button,
            self.delete_button,
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_retired)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        # how a refusal is shown and a deletion confirmed (tests answer without a modal box)
        self.show_error: ShowError = show_error
        self.confirm: Confirm = _ask_yes_no
        self.retranslate()
        self.reload()
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        fit_to_screen(self, 980, 520)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Staff and officers"))
        self.intro.setText(
            self.tr(
                "Clerks at the one-stop desk, officers who process dossiers and signers. "
                "A person named in a dossier's history can be retired, not deleted: they stay "
                "in that history."
            )
        )
        self.add_button.setText(self.tr("&Add…"))
        self.edit_button.setText(self.tr("&Edit…"))
        self.retire_button.setText(self.tr("Re&tire"))
        self.restore_button.setText(self.tr("Re&store"))
        self.delete_button.setText(self.tr("&Delete"))
        self.close_button.setText(self.tr("&Close"))
        self.show_retired.setText(self.tr("Show re&tired people"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reload(self, select: int | None = None) -> None:
        current = self.selected()
        wanted = select if select is not None else (current.id if current else None)
        self.model.set_people(self.desk.people(include_retired=self.show_retired.isChecked()))
        row = next((i for i, p in enumerate(self.model.people) if p.id == wanted), 0)
        if self.model.people:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> Person | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.people):
            return None
        return self.model.people[index.row()]

    def _update_buttons(self) -> None:
        person = self.selected()
        self.edit_button.setEnabled(person is not None)
        self.delete_button.setEnabled(person is not None)
        self.retire_button.setEnabled(person is not None and person.active)
        self.restore_button.setEnabled(person is not None and not person.active)

    def _run(self, work: Any) -> bool:
        """Run a change; a refusal (not allowed, named in the history) is shown."""
        try:
            work()
        except Exception as error:
            message = (
                "\n".join(i18n.error_text(e) for e in error.errors)
                if isinstance(error, InvalidInput)
                else known_error_message(error)
            )
            if message is None:
                raise
            self.show_error(self, message)
            return False
        self.changed.emit()
        return True

    def open_form(self, person: Person | None) -> PersonForm:
        form = PersonForm(self.desk, person, self)
        form.show_error = self.show_error
        form.setModal(True)
        form.accepted.connect(lambda: self._saved(form))
        form.show()
        self.form_opened.emit(form)
        return form

    def _saved(self, form: PersonForm) -> None:
        self.reload(form.saved.id if form.saved else None)
        self.changed.emit()

    def retire(self, retired: bool) -> None:
        person = self.selected()
        if person is None:
            return
        if self._run(lambda: self.desk.retire_person(person.id, retired)):
            if retired and not self.show_retired.isChecked():
                self.reload()
            else:
                self.reload(person.id)

    def delete(self) -> None:
        person = self.selected()
        if person is None:
            return
        question = self.tr(
            "Delete {name}? Only someone added by mistake should be deleted."
        ).format(name=person.name)
        if not self.confirm(self, question):
            return
        if self._run(lambda: self.desk.delete_person(person.id)):
            self.reload()
