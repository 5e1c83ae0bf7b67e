"""The first start on a PC with no desk: a short wizard, one step a page, that sets up the office,
this desk and its first clerk, the printer and paper, where backups and exports go, and then
shows the desk's key to register upstream and offers a demo office to practise on.

Every step can go back; Next checks the page and says under each field what is wrong. Nothing is
written until Finish (`operations.first_start`): cancelling at any step leaves no file.

The agency code is the office's electronic identifier (QĐ 20/2020/QĐ-TTg Art. 4: A–Z, 0–9 and
'.', at most 35 characters); it starts every dossier code. Desks of one office get stations 1–9
so their codes never collide; a lone desk is station 0 (people call it desk 1).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from onestop_desktop.domain.dossier import MAX_STATION, FieldError, InvalidInput
from onestop_desktop.domain.people import PersonInput, check_person
from onestop_desktop.domain.provinces import Divisions, bare_name, load_divisions
from onestop_desktop.domain.settings import OFFICE_KINDS, PAPERS, settings_from_values
from onestop_desktop.domain.text import fold
from onestop_desktop.operations import Desk
from onestop_desktop.operations import first_start as fs
from onestop_desktop.sync import keys
from onestop_desktop.ui import i18n
from onestop_desktop.ui.dialogs import show_exception
from onestop_desktop.ui.intake import STYLE, message_label, set_invalid
from onestop_desktop.ui.printer_choice import (
    PrinterChoice,
    PrinterChoiceWidget,
    load_printer_choice,
    save_printer_choice,
)
from onestop_desktop.ui.qt import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QEvent,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPushButton,
    QSortFilterProxyModel,
    QSpinBox,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
)
from onestop_desktop.ui.sizing import fit_to_screen, scrollable

PAGES = ("office", "desk", "printer", "folders", "finish")
#: the fields of each page, in order: Next checks them, a late error takes the clerk back there
PAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "office": (
        "agency_code",
        "agency_name",
        "province_code",
        "commune_code",
        "place_name",
        "office_type",
        "head_of_agency",
        "head_title",
    ),
    "desk": ("station", "clerk_name", "clerk_title", "pin", "pin_again"),
    "printer": ("paper",),
    "folders": ("backup_dir", "export_dir"),
    "finish": (),
}
#: the person's fields as `check_person` names them → the wizard's
PERSON_FIELDS = {"name": "clerk_name", "title": "clerk_title", "pin": "pin"}
DEFAULT_HEAD_TITLE = "CHỦ TỊCH"


class FoldedFilter(QSortFilterProxyModel):
    """Rows whose text holds what was typed, with or without accents and in any case
    ("quang ninh" finds "Tỉnh Quảng Ninh", as clerks often type without diacritics)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self.needle = fold(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        return model is not None and self.needle in fold(str(model.index(row, 0, parent).data()))


def searchable(combo: QComboBox) -> None:
    """Type to find among thousands of items: any part of the name, any case, accents or not."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    found = FoldedFilter(combo)
    found.setSourceModel(combo.model())
    completer = QCompleter(found, combo)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    combo.setCompleter(completer)
    edit = combo.lineEdit()
    if edit is not None:

        def typed(text: str) -> None:
            found.set_needle(text)
            if text.strip() and found.rowCount():
                completer.complete()
            elif (popup := completer.popup()) is not None:
                popup.hide()

        edit.textEdited.connect(typed)


def chosen_code(combo: QComboBox) -> str:
    """The code of the item whose name is typed or chosen; "" if the text names none."""
    text = combo.currentText().strip()
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if index < 0 and text:  # typed whole without accents: "tinh tuyen quang"
        same = [i for i in range(combo.count()) if fold(combo.itemText(i)) == fold(text)]
        index = same[0] if len(same) == 1 else -1
    return str(combo.itemData(index) or "") if index >= 0 else ""


def agency_name_for(commune_name: str) -> str:
    """The people's committee of a commune, as forms name it ("Xã Tân Hưng" → "UBND xã Tân
    Hưng")."""
    kind = commune_name[: len(commune_name) - len(bare_name(commune_name))]
    return f"UBND {kind.lower()}{bare_name(commune_name)}"


class FirstRunWizard(QDialog):
    """Sets up a new desk in five steps; `desk` is the desk opened once Finish has written it."""

    def __init__(
        self,
        database: Path,
        parent: QWidget | None = None,
        printers: Callable[[], list[str]] | None = None,
        divisions: Divisions | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.setStyleSheet(STYLE)
        self.database = database
        self.divisions = divisions or load_divisions()
        self.key = fs.new_key()  # made now to be shown; saved only at Finish
        self.desk: Desk | None = None
        self.demo_path: Path | None = None
        self.field_errors: dict[str, str] = {}
        self.auto_filled: dict[str, str] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.hints: dict[str, QLabel] = {}
        if printers is None:
            from onestop_desktop.ui.printing import installed_printers

            printers = installed_printers
        self.printer_names = printers()

        self.heading = QLabel()
        self.heading.setObjectName("firstRunHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.step_label = QLabel()
        self.step_label.setProperty("role", "muted")
        self.language_combo = QComboBox()
        self.language_combo.addItem("Tiếng Việt", "vi")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(0 if i18n.current_language() == "vi" else 1)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self._build_office()
        self._build_desk()
        self._build_printer()
        self._build_folders()
        self._build_finish()
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.step_label)
        top.addLayout(titles, 1)
        top.addWidget(self.language_combo, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.intro)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self.show_page(0)
        fit_to_screen(self, 780, 680)

    # -- building the pages -------------------------------------------------------------------
    def _page(self, name: str) -> QFormLayout:
        page = QWidget()
        page.setObjectName(f"page_{name}")
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.pages[name] = page
        self.stack.addWidget(scrollable(page))  # a page taller than a small screen scrolls
        return form

    def _row(self, form: QFormLayout, name: str, widget: QWidget, hint: bool = False) -> None:
        label = QLabel()
        label.setBuddy(widget.focusProxy() or widget)
        self.labels[name] = label
        self.errors[name] = message_label("error")
        form.addRow(label, widget)
        if hint:
            self.hints[name] = QLabel()
            self.hints[name].setWordWrap(True)
            self.hints[name].setProperty("role", "muted")
            form.addRow("", self.hints[name])
        form.addRow("", self.errors[name])

    def _build_office(self) -> None:
        form = self._page("office")
        self.code_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.province_combo = QComboBox()
        for province in self.divisions.provinces:
            self.province_combo.addItem(province.name, province.code)
        searchable(self.province_combo)
        self.province_combo.setCurrentIndex(-1)
        self.commune_combo = QComboBox()
        searchable(self.commune_combo)
        self.place_edit = QLineEdit()
        self.type_combo = QComboBox()
        for key in OFFICE_KINDS:
            self.type_combo.addItem("", key)
        self.head_edit = QLineEdit()
        self.head_title_edit = QLineEdit(DEFAULT_HEAD_TITLE)
        self._row(form, "agency_code", self.code_edit, hint=True)
        self._row(form, "agency_name", self.name_edit)
        self._row(form, "province_code", self.province_combo)
        self._row(form, "commune_code", self.commune_combo)
        self._row(form, "place_name", self.place_edit, hint=True)
        self._row(form, "office_type", self.type_combo)
        self._row(form, "head_of_agency", self.head_edit)
        self._row(form, "head_title", self.head_title_edit)
        self.province_combo.currentIndexChanged.connect(self._province_chosen)
        self.commune_combo.currentIndexChanged.connect(self._commune_chosen)

    def _build_desk(self) -> None:
        form = self._page("desk")
        self.only_desk_check = QCheckBox()
        self.only_desk_check.setChecked(True)
        self.desk_spin = QSpinBox()
        self.desk_spin.setRange(1, MAX_STATION)
        self.desk_spin.setEnabled(False)
        self.only_desk_check.toggled.connect(lambda only: self.desk_spin.setEnabled(not only))
        self.clerk_edit = QLineEdit()
        self.clerk_title_edit = QLineEdit()
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again_edit = QLineEdit()
        self.pin_again_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("", self.only_desk_check)
        self._row(form, "station", self.desk_spin, hint=True)
        self.clerk_heading = QLabel()
        self.clerk_heading.setStyleSheet("font-weight: bold; margin-top: 8px;")
        form.addRow(self.clerk_heading)
        self._row(form, "clerk_name", self.clerk_edit)
        self._row(form, "clerk_title", self.clerk_title_edit)
        self._row(form, "pin", self.pin_edit, hint=True)
        self._row(form, "pin_again", self.pin_again_edit)

    def _build_printer(self) -> None:
        form = self._page("printer")
        # This PC's printer and copies (kept per PC, saved at Finish); the paper is the desk's.
        self.printer_choice = PrinterChoiceWidget(self.printer_names, load_printer_choice())
        self.printer_hint = QLabel()
        self.printer_hint.setWordWrap(True)
        self.printer_hint.setProperty("role", "muted")
        self.paper_combo = QComboBox()
        for paper in PAPERS:
            self.paper_combo.addItem("", paper)
        form.addRow(self.printer_choice)
        # The paper joins the printer's own form so the three fields line up.
        choice_form = self.printer_choice.layout()
        self._row(
            choice_form if isinstance(choice_form, QFormLayout) else form, "paper", self.paper_combo
        )
        form.addRow(self.printer_hint)

    def _build_folders(self) -> None:
        form = self._page("folders")
        backup_default, export_default = fs.default_folders(self.database)
        self.folder_edits: dict[str, QLineEdit] = {}
        self.folder_buttons: dict[str, QPushButton] = {}
        for name, default in (("backup_dir", backup_default), ("export_dir", export_default)):
            edit = QLineEdit(str(default))
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, n=name: self.choose_folder(n))
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(edit, 1)
            box.addWidget(button)
            row.setFocusProxy(edit)
            self.folder_edits[name] = edit
            self.folder_buttons[name] = button
            self._row(form, name, row, hint=True)

    def _build_finish(self) -> None:
        form = self._page("finish")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.summary)
        self.key_heading = QLabel()
        self.key_heading.setStyleSheet("font-weight: bold; margin-top: 8px;")
        form.addRow(self.key_heading)
        self.fingerprint_label = QLabel(keys.grouped(keys.fingerprint(self.key)))
        self.fingerprint_label.setObjectName("fingerprint")
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setStyleSheet("font-family: monospace; font-size: 11pt;")
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.public_key_edit = QLineEdit(keys.public_text(self.key))
        self.public_key_edit.setReadOnly(True)
        self.desk_id_label = QLabel()
        self._row(form, "desk_id", self.desk_id_label)
        self._row(form, "fingerprint", self.fingerprint_label)
        self._row(form, "public_key", self.public_key_edit, hint=True)
        self.demo_check = QCheckBox()
        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setProperty("role", "muted")
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.demo_check)
        form.addRow(self.demo_hint)
        self.finish_error = message_label("error")
        form.addRow(self.finish_error)

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("OneStop – Set up this desk"))
        self.back_button.setText(self.tr("< &Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        label = self.labels
        label["agency_code"].setText(self.tr("&Agency code:"))
        self.code_edit.setPlaceholderText(self.tr("e.g. 000.00.01.H56"))
        self.hints["agency_code"].setText(
            self.tr(
                "The office's electronic identifier given by the province; it starts every "
                "dossier code."
            )
        )
        label["agency_name"].setText(self.tr("Agency &name:"))
        self.name_edit.setPlaceholderText(self.tr("e.g. UBND xã Tân Hưng"))
        label["province_code"].setText(self.tr("&Province:"))
        for combo in (self.province_combo, self.commune_combo):
            search_edit = combo.lineEdit()
            if search_edit is not None:
                search_edit.setPlaceholderText(self.tr("Type to search…"))
        label["commune_code"].setText(self.tr("&Commune or ward:"))
        label["place_name"].setText(self.tr("P&lace name on forms:"))
        self.hints["place_name"].setText(
            self.tr("Printed before the date, e.g. “Tân Hưng, ngày 25 tháng 11 năm 2026”.")
        )
        label["office_type"].setText(self.tr("Office &type:"))
        for i in range(self.type_combo.count()):
            kind = OFFICE_KINDS[str(self.type_combo.itemData(i))]
            self.type_combo.setItemText(
                i, kind.label_vi if i18n.current_language() == "vi" else kind.label_en
            )
        label["head_of_agency"].setText(self.tr("&Head of the agency:"))
        self.head_edit.setPlaceholderText(self.tr("e.g. Nguyễn Văn Hùng"))
        label["head_title"].setText(self.tr("Head's &title (signature):"))

        self.only_desk_check.setText(self.tr("This is the office's only desk"))
        label["station"].setText(self.tr("&Desk number:"))
        self.hints["station"].setText(
            self.tr(
                "Desks are numbered from 1. When several desks receive dossiers, give each its "
                "own number: their dossier codes never collide."
            )
        )
        self.clerk_heading.setText(self.tr("The first clerk (also the desk's administrator)"))
        label["clerk_name"].setText(self.tr("Full na&me:"))
        label["clerk_title"].setText(self.tr("T&itle:"))
        self.clerk_title_edit.setPlaceholderText(self.tr("e.g. Công chức Văn phòng - Thống kê"))
        label["pin"].setText(self.tr("&PIN (optional):"))
        self.hints["pin"].setText(
            self.tr("4 to 8 digits, asked when signing in at the desk. Leave empty for none.")
        )
        label["pin_again"].setText(self.tr("PIN a&gain:"))

        self.printer_hint.setText(
            self.tr(
                "The printer and copies are remembered on this PC; they can be changed later "
                "in Settings or when printing."
            )
            if self.printer_names
            else self.tr(
                "No printer is installed on this computer: slips are saved as PDF files until "
                "one is."
            )
        )
        # printq's widget sets its labels once; the wizard switches language on the spot.
        choice_form = self.printer_choice.layout()
        if isinstance(choice_form, QFormLayout):
            for field, text in (
                (self.printer_choice.printer_box, "Printer:"),
                (self.printer_choice.copies_box, "Copies:"),
            ):
                field_label = choice_form.labelForField(field)
                if isinstance(field_label, QLabel):
                    field_label.setText(i18n.translate("PrinterChoiceWidget", text))
        label["paper"].setText(self.tr("Pape&r:"))
        for i in range(self.paper_combo.count()):
            paper = str(self.paper_combo.itemData(i))
            self.paper_combo.setItemText(
                i,
                self.tr("A5 (half a sheet, usual for slips)")
                if paper == "A5"
                else self.tr("A4 (whole sheet)"),
            )

        label["backup_dir"].setText(self.tr("&Backups:"))
        label["export_dir"].setText(self.tr("&Files to send upstream:"))
        backup_default, export_default = fs.default_folders(self.database)
        self.hints["backup_dir"].setText(self.tr("Default: {folder}").format(folder=backup_default))
        self.hints["export_dir"].setText(self.tr("Default: {folder}").format(folder=export_default))
        for button in self.folder_buttons.values():
            button.setText(self.tr("Choose…"))

        self.key_heading.setText(self.tr("This desk's key, to register upstream"))
        label["desk_id"].setText(self.tr("Desk:"))
        label["fingerprint"].setText(self.tr("Key fingerprint:"))
        label["public_key"].setText(self.tr("Public key:"))
        self.hints["public_key"].setText(
            self.tr(
                "Send the desk and its public key to the provincial system's administrator; "
                "compare the fingerprint on the phone. Until it is registered, upstream refuses "
                "this desk's files."
            )
        )
        self.demo_check.setText(self.tr("Also make a demo office to practise on"))
        self.demo_hint.setText(
            self.tr(
                "A made-up office with sample dossiers, in its own folder {folder}: nothing done "
                "there touches the real desk. Open it from the Start menu (“OneStop Desktop - "
                "practice office”) or by starting the program with --demo."
            ).format(folder=fs.demo_db_path(self.database).parent)
        )
        self._show_page_texts()
        self._recheck_shown()
        self._show_errors()

    def _recheck_shown(self) -> None:
        """Messages already shown, said again in the language now chosen."""
        for page in PAGES:
            if any(n in self.field_errors for n in PAGE_FIELDS[page]):
                for name in PAGE_FIELDS[page]:
                    self.field_errors.pop(name, None)
                self.field_errors.update(self.problems(page))

    def _show_page_texts(self) -> None:
        index = self.stack.currentIndex()
        name = PAGES[index]
        headings = {
            "office": self.tr("The office"),
            "desk": self.tr("This desk and its first clerk"),
            "printer": self.tr("Printer and paper"),
            "folders": self.tr("Where backups and exports go"),
            "finish": self.tr("Register the desk upstream"),
        }
        intros = {
            "office": self.tr(
                "This computer has no desk yet. Enter the office this desk belongs to; it "
                "appears on every printed form."
            ),
            "desk": self.tr("Which desk this is, and who works at it first."),
            "printer": self.tr("Where slips are printed, and on which paper."),
            "folders": self.tr(
                "Backups are made every day; the files for the provincial system are written "
                "at the end of the day. Both folders must be writable."
            ),
            "finish": self.tr(
                "Nothing has been saved yet. Check the summary, then press Finish to set the "
                "desk up."
            ),
        }
        self.heading.setText(headings[name])
        self.intro.setText(intros[name])
        self.step_label.setText(
            self.tr("Step {n} of {total}").format(n=index + 1, total=len(PAGES))
        )
        last = index == len(PAGES) - 1
        self.next_button.setText(self.tr("&Finish") if last else self.tr("&Next >"))
        self.back_button.setEnabled(index > 0)
        if last:
            self.summary.setText(self._summary_text())
            self.desk_id_label.setText(self._desk_id())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _language_chosen(self) -> None:
        i18n.set_language(str(self.language_combo.currentData()))

    # -- filling in for the clerk -------------------------------------------------------------
    def _province_chosen(self) -> None:
        province = self.divisions.province(chosen_code(self.province_combo))
        self.commune_combo.blockSignals(True)
        self.commune_combo.clear()
        if province is not None:
            for commune in province.communes:
                self.commune_combo.addItem(commune.name, commune.code)
        self.commune_combo.setCurrentIndex(-1)
        self.commune_combo.blockSignals(False)

    def _commune_chosen(self) -> None:
        commune = self.divisions.commune(chosen_code(self.commune_combo))
        if commune is None:
            return
        # Filled in from the commune unless the clerk typed their own.
        for edit, key, value in (
            (self.name_edit, "agency_name", agency_name_for(commune.name)),
            (self.place_edit, "place_name", commune.place_name),
        ):
            if not edit.text().strip() or edit.text() == self.auto_filled.get(key):
                edit.setText(value)
                self.auto_filled[key] = value

    def choose_folder(self, name: str) -> None:
        edit = self.folder_edits[name]
        folder = QFileDialog.getExistingDirectory(self, self.labels[name].text(), edit.text())
        if folder:
            edit.setText(folder)

    # -- the answers --------------------------------------------------------------------------
    def station(self) -> int:
        return 0 if self.only_desk_check.isChecked() else self.desk_spin.value()

    def _desk_id(self) -> str:
        code = self.code_edit.text().strip().upper()
        return f"{code}#{self.station()}"

    def office_values(self) -> dict[str, Any]:
        """The settings as typed (the domain cleans and checks them)."""
        return {
            "agency_code": self.code_edit.text(),
            "agency_name": " ".join(self.name_edit.text().split()),
            "station": self.station(),
            "province_code": chosen_code(self.province_combo),
            "commune_code": chosen_code(self.commune_combo),
            "place_name": self.place_edit.text().strip(),
            "office_type": str(self.type_combo.currentData()),
            "head_of_agency": " ".join(self.head_edit.text().split()),
            "head_title": self.head_title_edit.text().strip(),
            "paper": str(self.paper_combo.currentData()),
            "language": i18n.current_language(),
            "backup_dir": self.folder_edits["backup_dir"].text().strip(),
            "export_dir": self.folder_edits["export_dir"].text().strip(),
        }

    def clerk(self) -> PersonInput:
        return PersonInput(
            self.clerk_edit.text(),
            title=self.clerk_title_edit.text(),
            roles=("clerk", "admin"),
            pin=self.pin_edit.text().strip() or None,
        )

    def printer(self) -> PrinterChoice | None:
        """This PC's printer and copies; None when no printer is installed (slips as PDF)."""
        return self.printer_choice.choice()

    def _summary_text(self) -> str:
        v = self.office_values()
        province = self.province_combo.currentText()
        commune = self.commune_combo.currentText()
        choice = self.printer()
        return self.tr(
            "{agency} ({code}), {commune}, {province}. Desk {desk}; first clerk: {clerk}. "
            "Printer: {printer}, paper {paper}."
        ).format(
            agency=v["agency_name"],
            code=v["agency_code"].strip().upper(),
            commune=commune,
            province=province,
            desk=self.station() or 1,
            clerk=" ".join(self.clerk_edit.text().split()),
            printer=choice.printer if choice else self.tr("No printer: save slips as PDF"),
            paper=v["paper"],
        )

    # -- checking -----------------------------------------------------------------------------
    def problems(self, page: str) -> dict[str, str]:
        """What is wrong on a page, field by field, in the interface language."""
        found: dict[str, str] = {}
        if page == "office":
            values = self.office_values()
            office = {k: values[k] for k in PAGE_FIELDS["office"]}
            # An empty name gets its own message below; the domain would stop at it and say
            # nothing of the other fields.
            office["agency_name"] = office["agency_name"] or "-"
            try:
                settings_from_values(office)
            except InvalidInput as error:
                for e in error.errors:
                    found.setdefault(e.field, i18n.error_text(e))
            if not values["province_code"]:
                found["province_code"] = self.tr(
                    "Choose the province from the list (type part of its name to search)."
                )
            if not values["commune_code"]:
                found["commune_code"] = self.tr(
                    "Choose the commune or ward from the list of the province chosen."
                )
            if not values["place_name"] and "place_name" not in found:
                found["place_name"] = self.tr(
                    "Enter the place name printed before the date, e.g. Tân Hưng."
                )
            if not values["agency_name"]:
                found["agency_name"] = self.tr("Enter the agency's name, e.g. UBND xã Tân Hưng.")
        elif page == "desk":
            try:
                check_person(self.clerk())
            except InvalidInput as error:
                for e in error.errors:
                    found.setdefault(PERSON_FIELDS.get(e.field, e.field), i18n.error_text(e))
            if self.pin_edit.text().strip() != self.pin_again_edit.text().strip():
                found["pin_again"] = self.tr("The two PINs differ: type the same PIN twice.")
        elif page == "folders":
            for name, edit in self.folder_edits.items():
                problem = fs.folder_problem(edit.text(), name)
                if problem is not None:
                    found[name] = i18n.error_text(problem)
            if (
                "backup_dir" not in found
                and "export_dir" not in found
                and Path(self.folder_edits["backup_dir"].text().strip())
                == Path(self.folder_edits["export_dir"].text().strip())
            ):
                found["export_dir"] = self.tr(
                    "Choose another folder than the backups': the files to send upstream are "
                    "handed on, the backups stay."
                )
        return found

    def check(self, page: str) -> bool:
        """Check a page and show its messages; True when it has none."""
        for name in PAGE_FIELDS[page]:
            self.field_errors.pop(name, None)
        found = self.problems(page)
        self.field_errors.update(found)
        self._show_errors()
        if found:
            first = next(n for n in PAGE_FIELDS[page] if n in found)
            widget = self.labels[first].buddy()
            if widget is not None:
                widget.setFocus()
        return not found

    def _show_errors(self) -> None:
        for name, label in self.errors.items():
            text = self.field_errors.get(name, "")
            label.setText(text)
            label.setVisible(bool(text))
            buddy = self.labels[name].buddy()
            if buddy is not None:
                set_invalid(buddy, bool(text))

    # -- moving -------------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self._show_page_texts()
        first = PAGE_FIELDS[PAGES[index]]
        if PAGES[index] == "printer":  # the printer comes first, in the shared widget
            self.printer_choice.printer_box.setFocus()
        elif first:
            buddy = self.labels[first[0]].buddy()
            if buddy is not None:
                buddy.setFocus()

    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()]

    def back(self) -> None:
        if self.stack.currentIndex() > 0:
            self.show_page(self.stack.currentIndex() - 1)

    def next(self) -> None:
        index = self.stack.currentIndex()
        if not self.check(PAGES[index]):
            return
        if index < len(PAGES) - 1:
            self.show_page(index + 1)
        else:
            self.finish()

    def finish(self) -> None:
        """Write everything (the first time anything is written), then close."""
        for page in PAGES[:-1]:  # a page left by Back with a change is checked again
            if not self.check(page):
                self.show_page(PAGES.index(page))
                self.check(page)
                return
        try:
            plan = fs.plan_desk(self.office_values(), self.clerk(), self.key)
        except InvalidInput as error:
            self._late_errors(error.errors)
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.desk = fs.set_up_desk(self.database, plan)
            choice = self.printer()
            if choice is not None:
                save_printer_choice(choice)
            if self.demo_check.isChecked():
                self.demo_path = fs.make_demo_office(self.database)
        except Exception as error:
            QApplication.restoreOverrideCursor()
            if self.desk is None:
                show_exception(self, error)
                return
            show_exception(self, error)  # the desk stands; only the extras failed
        else:
            QApplication.restoreOverrideCursor()
        self.accept()

    def _late_errors(self, errors: list[FieldError]) -> None:
        for e in errors:
            self.field_errors[PERSON_FIELDS.get(e.field, e.field)] = i18n.error_text(e)
        self._show_errors()
        for page in PAGES:
            if any(n in self.field_errors for n in PAGE_FIELDS[page]):
                self.show_page(PAGES.index(page))
                return
