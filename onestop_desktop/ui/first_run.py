"""The first start on a new database: who the office is and which desk this is.

The agency code is the office's electronic identifier (QĐ 20/2020/QĐ-TTg Art. 4: A–Z, 0–9 and
'.', at most 35 characters); it starts every dossier code. Desks of one office get stations 1–9 so
their codes never collide; a lone desk is station 0.
"""

from __future__ import annotations

from onestop_desktop.domain.dossier import (
    MAX_STATION,
    FieldError,
    InvalidInput,
    validate_agency_code,
    validate_station,
)
from onestop_desktop.ui import i18n
from onestop_desktop.ui.intake import STYLE, message_label, set_invalid
from onestop_desktop.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

AGENCY_NAME_LIMIT = 200


class FirstRunDialog(QDialog):
    """Asks the agency code, the agency's name and the desk's station, checked as typed."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.setStyleSheet(STYLE)
        self.database = database
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.code_label = QLabel()
        self.code_edit = QLineEdit()
        self.name_label = QLabel()
        self.name_edit = QLineEdit()
        self.station_label = QLabel()
        self.station_spin = QSpinBox()
        self.station_spin.setRange(0, MAX_STATION)
        self.station_hint = QLabel()
        self.station_hint.setWordWrap(True)
        self.station_hint.setProperty("role", "muted")
        self.errors = {name: message_label("error") for name in ("agency_code", "agency_name")}
        self.field_errors: dict[str, FieldError | str] = {}
        for label, widget in (
            (self.code_label, self.code_edit),
            (self.name_label, self.name_edit),
            (self.station_label, self.station_spin),
        ):
            label.setBuddy(widget)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.code_label, self.code_edit)
        form.addRow("", self.errors["agency_code"])
        form.addRow(self.name_label, self.name_edit)
        form.addRow("", self.errors["agency_name"])
        form.addRow(self.station_label, self.station_spin)
        form.addRow("", self.station_hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.code_edit.editingFinished.connect(lambda: self.check("agency_code"))
        self.name_edit.editingFinished.connect(lambda: self.check("agency_name"))
        self.setMinimumWidth(640)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("OneStop – Set up this desk"))
        self.intro.setText(
            self.tr(
                "The database {path} is new. Enter the office this desk belongs to; it "
                "appears on every printed form and starts every dossier code."
            ).format(path=self.database)
        )
        self.code_label.setText(self.tr("&Agency code:"))
        self.code_edit.setPlaceholderText(self.tr("e.g. 000.00.01.H56"))
        self.name_label.setText(self.tr("Agency &name:"))
        self.name_edit.setPlaceholderText(self.tr("e.g. UBND xã Tân Hưng"))
        self.station_label.setText(self.tr("&Desk number:"))
        self.station_hint.setText(
            self.tr(
                "0 if this is the office's only desk; 1–9 when several desks receive "
                "dossiers, a different number on each."
            )
        )
        self._show_errors()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _problem(self, name: str) -> FieldError | str | None:
        if name == "agency_code":
            try:
                validate_agency_code(self.code_edit.text())
            except InvalidInput as error:
                return error.errors[0]
            return None
        text = " ".join(self.name_edit.text().split())
        if not text:
            return "empty"
        if len(text) > AGENCY_NAME_LIMIT:
            return "long"
        return None

    def check(self, name: str) -> bool:
        problem = self._problem(name)
        if problem is None:
            self.field_errors.pop(name, None)
        else:
            self.field_errors[name] = problem
        self._show_errors()
        return problem is None

    def _show_errors(self) -> None:
        widgets = {"agency_code": self.code_edit, "agency_name": self.name_edit}
        for name, label in self.errors.items():
            problem = self.field_errors.get(name)
            if isinstance(problem, FieldError):
                text = i18n.error_text(problem)
            elif problem == "empty":
                text = self.tr("Enter the agency's name, e.g. UBND xã Tân Hưng.")
            elif problem == "long":
                text = self.tr("The agency's name is longer than 200 characters.")
            else:
                text = ""
            label.setText(text)
            label.setVisible(bool(text))
            set_invalid(widgets[name], bool(text))
        # Grow (or shrink) to fit the messages now shown.
        self.adjustSize()

    def values(self) -> tuple[str, str, int]:
        """The agency code (normalised), name and station, once accepted."""
        return (
            validate_agency_code(self.code_edit.text()),
            " ".join(self.name_edit.text().split()),
            validate_station(self.station_spin.value()),
        )

    def accept(self) -> None:
        valid = [self.check(name) for name in ("agency_code", "agency_name")]
        if all(valid):
            super().accept()
            return
        (self.code_edit if not valid[0] else self.name_edit).setFocus()
