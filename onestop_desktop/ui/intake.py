"""The intake screen: receiving a citizen's dossier at the counter, keyboard first.

Designed for a queue: the procedure field finds a procedure from a few letters (code or name,
accents optional), the due date shows as soon as one is picked, a returning citizen's details come
back from the personal ID number, every field says in place what is wrong with it, and one
shortcut (Ctrl+Enter, or F9) saves and prints the appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả
kết quả, Mẫu số 01). Nothing is saved until every field is right.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable
from datetime import datetime

from onestop_desktop.domain.clock import VN_TZ, to_vn
from onestop_desktop.domain.dossier import (
    Applicant,
    Channel,
    Dossier,
    FieldError,
    HandedDocument,
    InvalidInput,
    ReturnMethod,
    birth_year,
    validate_applicant,
)
from onestop_desktop.domain.procedures import Catalogue, Procedure
from onestop_desktop.operations import Desk, ReceiveRequest, drafts
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDate,
    QDateTime,
    QDateTimeEdit,
    QEvent,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QMouseEvent,
    QObject,
    QPoint,
    QPushButton,
    QRegularExpression,
    QRegularExpressionValidator,
    QResizeEvent,
    QScrollArea,
    QShortcut,
    QShowEvent,
    QSizePolicy,
    QSpinBox,
    QStandardItemModel,
    Qt,
    QTime,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("onestop_desktop.ui.intake")

# the order fields are visited in; the first invalid one in this order gets the focus
FIELD_ORDER = (
    "procedure",
    "name",
    "id_number",
    "phone",
    "email",
    "address",
    "channel",
    "return_method",
    "sets_count",
    "documents",
    "received_at",
)
APPLICANT_FIELDS = ("name", "id_number", "phone", "email", "address")
# how often an untouched receiving time follows the clock
CLOCK_REFRESH_MS = 30_000
LIST_MAX_ROWS = 10
# after the window shows, so the work does not slow the first paint
WARM_UP_DELAY_MS = 500
#: how long after the last keystroke the half-typed intake is written to its draft file
DRAFT_DELAY_MS = 400

STYLE = """
QLineEdit[invalid="true"], QDateTimeEdit[invalid="true"], QSpinBox[invalid="true"],
QScrollArea[invalid="true"] {
    border: 2px solid #c62828; border-radius: 3px; background: #fff6f6;
}
QLabel[role="error"] { color: #b71c1c; }
QLabel[role="hint"] { color: #1b5e20; }
QLabel[role="due"] { font-weight: bold; color: #0d47a1; }
QLabel[role="muted"] { color: #555555; }
QFrame#banner { background: #e8f5e9; border: 1px solid #81c784; border-radius: 4px; }
QLabel#bannerCode { font-size: 18pt; font-weight: bold; color: #1b5e20; }
QListWidget#procedureMatches { border: 1px solid #1565c0; background: #ffffff; }
QListWidget#procedureMatches::item { padding: 2px 4px; }
"""


def to_qdatetime(moment: datetime) -> QDateTime:
    """A Vietnam-time moment as the wall-clock QDateTime the receiving-time field shows."""
    local = to_vn(moment)
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
    )


def from_qdatetime(value: QDateTime) -> datetime:
    """The receiving-time field's wall-clock value as a Vietnam-time moment."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=VN_TZ)


def _ignore(_error: BaseException) -> None:
    """A warm-up that failed costs nothing: the real call will report the problem."""


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field red (the `invalid` property the style sheet matches) or clear the mark."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def message_label(role: str) -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class ProcedurePicker(QWidget):
    """A line edit that finds procedures as you type (code or name, accents optional)."""

    picked = Signal(object)  # the chosen Procedure, or None when the choice is cleared

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.procedure: Procedure | None = None
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.edit.setObjectName("procedureEdit")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        # A child of the window shown over the form, not a popup: the line edit keeps the
        # keyboard, and arrows / Enter are forwarded to the list.
        self.matches = QListWidget()
        self.matches.setObjectName("procedureMatches")
        self.matches.setStyleSheet(STYLE)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matches.setFrameShape(QFrame.Shape.Box)
        self.matches.hide()
        self.matches.itemClicked.connect(self._pick_item)
        self.edit.textEdited.connect(self._text_edited)
        self.edit.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Type a procedure code or name, e.g. khai sinh"))
        if self.procedure is None and self.matches.isVisible():
            self._fill(self.edit.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the list of matches -----------------------------------------------------------------
    def _text_edited(self, text: str) -> None:
        if self.procedure is not None:
            self.procedure = None
            self.picked.emit(None)
        if text.strip():
            self._fill(text)
        else:
            self.hide_matches()

    def _fill(self, text: str) -> None:
        self.matches.clear()
        found = self.catalogue.search(text)
        for procedure in found:
            item = QListWidgetItem(f"{procedure.code}   {procedure.name}   · {procedure.field}")
            item.setData(Qt.ItemDataRole.UserRole, procedure.code)
            item.setToolTip(procedure.name)
            self.matches.addItem(item)
        if not found:
            item = QListWidgetItem(self.tr("No procedure matches “{text}”").format(text=text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.matches.addItem(item)
        else:
            self.matches.setCurrentRow(0)
        self._place_matches()

    def _place_matches(self) -> None:
        window = self.window()
        if self.matches.parent() is not window:
            self.matches.setParent(window)
        origin = self.edit.mapTo(window, QPoint(0, self.edit.height()))
        rows = min(self.matches.count(), LIST_MAX_ROWS)
        row_height = max(self.matches.sizeHintForRow(0), self.fontMetrics().height() + 4)
        height = rows * row_height + 2 * self.matches.frameWidth() + 2
        height = min(height, max(window.height() - origin.y() - 4, row_height * 3))
        self.matches.setGeometry(origin.x(), origin.y(), self.edit.width(), height)
        self.matches.show()
        self.matches.raise_()

    def hide_matches(self) -> None:
        self.matches.hide()

    def show_all(self) -> None:
        """List the whole catalogue (Down or F4 on an empty field)."""
        self._fill(self.edit.text() if self.procedure is None else "")

    def _pick_item(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        if code:
            self.set_procedure(self.catalogue.get(str(code)))
            self.edit.setFocus()

    def set_procedure(self, procedure: Procedure | None) -> None:
        """Choose a procedure (or none) as if the clerk had picked it."""
        self.hide_matches()
        self.procedure = procedure
        self.edit.setText("" if procedure is None else f"{procedure.code} – {procedure.name}")
        self.edit.setCursorPosition(0)
        # a long name does not fit in the field: the whole of it on hovering
        self.edit.setToolTip(self.edit.text())
        self.picked.emit(procedure)

    def clear(self) -> None:
        self.set_procedure(None)

    def scan_restore_point(self) -> Callable[[], None]:
        """How to put the field back after a barcode was scanned into it (ui/scan.py): the
        scan's first key cleared the chosen procedure; the choice comes back with the text."""
        procedure, text, cursor = self.procedure, self.edit.text(), self.edit.cursorPosition()

        def restore() -> None:
            if self.procedure is not procedure:
                self.set_procedure(procedure)
            if self.edit.text() != text:
                self.edit.setText(text)
            self.edit.setCursorPosition(cursor)
            self.hide_matches()  # listed for the scanned code; the next key lists them again

        return restore

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(event)
            if event.type() == QEvent.Type.FocusOut:
                self.hide_matches()
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        visible = self.matches.isVisible()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_F4) and not visible and plain:
            self.show_all()
            return True
        if visible and key in (
            Qt.Key.Key_Down,
            Qt.Key.Key_Up,
            Qt.Key.Key_PageDown,
            Qt.Key.Key_PageUp,
        ):
            step = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: LIST_MAX_ROWS - 1,
                Qt.Key.Key_PageUp: 1 - LIST_MAX_ROWS,
            }[Qt.Key(key)]
            row = max(0, min(self.matches.count() - 1, self.matches.currentRow() + step))
            self.matches.setCurrentRow(row)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            if visible:
                item = self.matches.currentItem()
                if item is not None:
                    self._pick_item(item)
                return True
            if self.procedure is not None:
                self.focusNextChild()
                return True
        if key == Qt.Key.Key_Escape and visible:
            self.hide_matches()
            return True
        return False


class ClickableLabel(QLabel):
    """A label that reports a mouse click (a check box's wrapped text)."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class DocumentRow:
    """One paper of the checklist: a check box and its counts of each kind of copy."""

    def __init__(self, name: str, originals: int, certified: int, photocopies: int) -> None:
        self.name = name
        self.check = QCheckBox()
        self.check.setAccessibleName(name)
        self.label = ClickableLabel(name)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.check)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.spins = [self._spin(originals), self._spin(certified), self._spin(photocopies)]
        self.check.toggled.connect(self._toggled)
        # Clicking the (wrapped) name toggles the row, like a check box's own text would.
        self.label.clicked.connect(self.check.toggle)

    @staticmethod
    def _spin(value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 99)
        spin.setValue(value)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setFixedWidth(56)
        return spin

    def _toggled(self, checked: bool) -> None:
        for spin in self.spins:
            spin.setEnabled(checked)

    def handed(self) -> HandedDocument:
        originals, certified, photocopies = self.handed_counts()
        return HandedDocument(self.name, originals, certified, photocopies)

    def handed_counts(self) -> list[int]:
        return [spin.value() for spin in self.spins]


class DocumentChecklist(QWidget):
    """The procedure's papers: check what was handed in and how many of each copy."""

    changed = Signal()  # a paper ticked or a count changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DocumentRow] = []
        self.procedure: Procedure | None = None
        #: what was ticked and counted for each procedure shown since `forget` (a choice
        #: cleared and made again, or a barcode scanned into the procedure field, loses nothing)
        self._kept: dict[str, list[tuple[bool, list[int]]]] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        self.headers = [QLabel() for _ in range(4)]
        for column, header in enumerate(self.headers):
            header.setProperty("role", "muted")
            header.setWordWrap(True)
            header.setAlignment(
                Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignCenter
            )
            self.grid.addWidget(header, 0, column + 1 if column else 0, 1, 2 if not column else 1)
        self.empty = QLabel()
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)
        self.grid.addWidget(self.empty, 1, 0, 1, 5)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(99, 1)
        self.retranslate()

    def retranslate(self) -> None:
        texts = (
            self.tr("Paper"),
            self.tr("Originals"),
            self.tr("Certified copies"),
            self.tr("Photocopies"),
        )
        for header, text in zip(self.headers, texts, strict=True):
            header.setText(text)
        self.empty.setText(self.tr("Choose a procedure to list its papers."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_procedure(self, procedure: Procedure | None) -> None:
        if self.procedure is not None and self.rows:
            self._kept[self.procedure.code] = [
                (row.check.isChecked(), [spin.value() for spin in row.spins]) for row in self.rows
            ]
        for row in self.rows:
            for widget in (row.check, row.label, *row.spins):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        self.procedure = procedure
        documents = procedure.documents if procedure is not None else ()
        self.empty.setVisible(not documents)
        for index, doc in enumerate(documents, start=1):
            row = DocumentRow(doc.name, doc.originals, doc.certified_copies, doc.photocopies)
            row.check.setChecked(doc.required)
            row._toggled(doc.required)
            self.grid.addWidget(row.check, index, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(row.label, index, 1)
            for column, spin in enumerate(row.spins, start=2):
                self.grid.addWidget(spin, index, column, Qt.AlignmentFlag.AlignTop)
            # Shown now, not on the layout's queued show: Tab must reach them at once.
            for widget in (row.check, row.label, *row.spins):
                widget.show()
            row.check.toggled.connect(lambda _checked: self.changed.emit())
            for spin in row.spins:
                spin.valueChanged.connect(lambda _value: self.changed.emit())
            self.rows.append(row)
        kept = self._kept.get(procedure.code) if procedure is not None else None
        if kept is not None and len(kept) == len(self.rows):
            for row, (checked, values) in zip(self.rows, kept, strict=True):
                for spin, value in zip(row.spins, values, strict=True):
                    spin.setValue(value)
                row.check.setChecked(checked)
                row._toggled(checked)

    def forget(self) -> None:
        """Forget what was ticked for earlier procedures (the next citizen's dossier)."""
        self._kept.clear()

    def state(self) -> list[dict[str, object]]:
        """Each paper's tick and counts, by name (what a draft keeps)."""
        return [
            {"name": row.name, "checked": row.check.isChecked(), "counts": row.handed_counts()}
            for row in self.rows
        ]

    def set_state(self, state: list[dict[str, object]]) -> None:
        """Tick and count the papers as a draft kept them; papers no longer listed are left."""
        by_name = {str(entry.get("name")): entry for entry in state if isinstance(entry, dict)}
        for row in self.rows:
            entry = by_name.get(row.name)
            if entry is None:
                continue
            counts = entry.get("counts")
            if isinstance(counts, list) and len(counts) == 3:
                for spin, value in zip(row.spins, counts, strict=True):
                    if isinstance(value, int):
                        spin.setValue(value)
            checked = bool(entry.get("checked"))
            row.check.setChecked(checked)
            row._toggled(checked)

    def handed(self) -> list[HandedDocument]:
        """The papers checked as handed in, with their counts (only these are recorded)."""
        return [row.handed() for row in self.rows if row.check.isChecked()]

    def focus_widgets(self) -> list[QWidget]:
        """The row widgets in the order Tab visits them."""
        return [w for row in self.rows for w in (row.check, *row.spins)]


class Banner(QFrame):
    """The confirmation after saving: the dossier code, large and selectable, and the due time."""

    print_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.dossier: Dossier | None = None
        self.title = QLabel()
        # a long procedure name wraps between words, it does not widen the window
        self.title.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("bannerCode")
        self.code.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.code.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.due = QLabel()
        self.due.setProperty("role", "due")
        self.print_button = QPushButton()
        self.print_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.print_button.clicked.connect(self._print)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.code)
        text.addWidget(self.due)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(text, 1)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()
        self.retranslate()

    def show_dossier(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.retranslate()
        self.show()

    def _print(self) -> None:
        if self.dossier is not None:
            self.print_requested.emit(self.dossier.code)

    def retranslate(self) -> None:
        self.print_button.setText(self.tr("Print the slip again"))
        if self.dossier is None:
            return
        self.title.setText(
            self.tr("Dossier received from {name} – {procedure}").format(
                name=self.dossier.applicant.name, procedure=self.dossier.procedure_name
            )
        )
        self.code.setText(self.dossier.code)
        self.due.setText(i18n.due_text(self.dossier.due_at))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class IntakePage(QWidget):
    """Receive a dossier: procedure, applicant, papers; save, or save and print the slip."""

    saved = Signal(object)  # the Dossier just received
    print_requested = Signal(str)  # a dossier code whose appointment slip should be printed

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("intakePage")
        self.setStyleSheet(STYLE)
        # the errors shown, as functions giving their text in the current language
        self.errors: dict[str, Callable[[], str]] = {}
        self._time_edited = False
        self._setting_time = False
        self._warmed = False
        #: set while the form is filled by the program (a draft restored, the form cleared):
        #: those changes are not the clerk's typing and write no draft
        self._filling = False
        #: asks the clerk before a half-typed intake is thrown away (tests answer for them)
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        #: asks before an ID number known under another name is saved with this one
        self.confirm_id_owner: Callable[[str, str], bool] = self._ask_id_owner
        #: the earlier applicants offered for the phone or name typed
        self._earlier: list[Applicant] = []
        self._build()
        self._connect()
        self.retranslate()
        self.clear_form()
        #: whether the form holds a draft an earlier session (or a crash) left
        self.restored_draft = self._restore_saved_draft()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = Banner()
        # a half-typed intake being continued: say so, and offer to start afresh
        self.draft_bar = QFrame()
        self.draft_bar.setObjectName("draftBar")
        self.draft_label = QLabel()
        self.draft_label.setWordWrap(True)
        self.draft_discard_button = QPushButton()
        self.draft_discard_button.setAutoDefault(False)
        bar = QHBoxLayout(self.draft_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.draft_label, 1)
        bar.addWidget(self.draft_discard_button)
        self.draft_bar.setVisible(False)
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)

        # procedure, receiving time, due date
        self.procedure_box = QGroupBox()
        self.procedure_label = QLabel()
        self.picker = ProcedurePicker(self.desk.catalogue)
        self.procedure_label.setBuddy(self.picker.edit)
        self.procedure_info = QLabel()
        self.procedure_info.setWordWrap(True)
        self.procedure_info.setProperty("role", "muted")
        self.procedure_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.received_label = QLabel()
        self.received_edit = QDateTimeEdit()
        self.received_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.received_edit.setCalendarPopup(True)
        self.received_label.setBuddy(self.received_edit)
        self.due_label = QLabel()
        self.due_label.setProperty("role", "due")
        self.due_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self.procedure_box)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.procedure_label, 0, 0)
        grid.addWidget(self.picker, 0, 1, 1, 3)
        self.error_labels: dict[str, QLabel] = {
            name: message_label("error") for name in FIELD_ORDER
        }
        grid.addWidget(self.error_labels["procedure"], 1, 1, 1, 3)
        grid.addWidget(self.procedure_info, 2, 1, 1, 3)
        grid.addWidget(self.received_label, 3, 0)
        grid.addWidget(self.received_edit, 3, 1)
        grid.addWidget(self.due_label, 3, 2, 1, 2)
        grid.addWidget(self.error_labels["received_at"], 4, 1, 1, 3)
        grid.setColumnStretch(2, 1)

        # the applicant
        self.applicant_box = QGroupBox()
        self.name_edit = QLineEdit()
        self.id_edit = QLineEdit()
        self.id_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9 ]{0,15}"), self.id_edit)
        )
        self.phone_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.channel_combo = QComboBox()
        for channel in Channel:
            self.channel_combo.addItem("", int(channel))
        self.return_combo = QComboBox()
        for method in ReturnMethod:
            self.return_combo.addItem("", int(method))
        self.sets_spin = QSpinBox()
        self.sets_spin.setRange(1, 99)
        self.sets_spin.setFixedWidth(70)
        self.returning_hint = message_label("hint")
        # earlier applicants with the phone or the name typed: the clerk picks one to fill in
        self.earlier_label = message_label("hint")
        self.earlier_list = QListWidget()
        self.earlier_list.setObjectName("earlierApplicants")
        self.earlier_list.setMaximumHeight(88)
        self.earlier_list.setVisible(False)
        self.earlier_label.setVisible(False)
        self.earlier_label.setBuddy(self.earlier_list)
        self.inputs: dict[str, QWidget] = {
            "name": self.name_edit,
            "id_number": self.id_edit,
            "phone": self.phone_edit,
            "email": self.email_edit,
            "address": self.address_edit,
            "channel": self.channel_combo,
            "return_method": self.return_combo,
            "sets_count": self.sets_spin,
        }
        self.field_labels: dict[str, QLabel] = {name: QLabel() for name in self.inputs}
        applicant = QGridLayout(self.applicant_box)
        applicant.setVerticalSpacing(3)
        row = 0
        for name, widget in self.inputs.items():
            label = self.field_labels[name]
            label.setBuddy(widget)
            applicant.addWidget(label, row, 0)
            applicant.addWidget(widget, row, 1)
            row += 1
            applicant.addWidget(self.error_labels[name], row, 1)
            row += 1
            if name == "id_number":
                applicant.addWidget(self.returning_hint, row, 1)
                row += 1
            if name == "phone":
                applicant.addWidget(self.earlier_label, row, 1)
                row += 1
                applicant.addWidget(self.earlier_list, row, 1)
                row += 1
        applicant.setColumnStretch(1, 1)
        applicant.setRowStretch(row, 1)

        # the papers handed in
        self.documents_box = QGroupBox()
        self.checklist = DocumentChecklist()
        self.documents_scroll = QScrollArea()
        self.documents_scroll.setWidget(self.checklist)
        self.documents_scroll.setWidgetResizable(True)
        self.documents_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.documents_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        documents = QVBoxLayout(self.documents_box)
        documents.addWidget(self.documents_scroll, 1)
        documents.addWidget(self.error_labels["documents"])

        # actions
        self.shortcut_hint = QLabel()
        self.shortcut_hint.setProperty("role", "muted")
        self.shortcut_hint.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_print_button = QPushButton()
        self.save_print_button.setDefault(False)
        self.save_print_button.setAutoDefault(False)
        self.save_button.setAutoDefault(False)
        actions = QHBoxLayout()
        actions.addWidget(self.shortcut_hint, 1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.save_print_button)

        middle = QHBoxLayout()
        middle.addWidget(self.applicant_box, 5)
        middle.addWidget(self.documents_box, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.draft_bar)
        layout.addWidget(self.procedure_box)
        layout.addLayout(middle, 1)
        layout.addLayout(actions)

        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(CLOCK_REFRESH_MS)
        self.clock_timer.start()

    def _connect(self) -> None:
        self.picker.picked.connect(self._procedure_picked)
        self.received_edit.dateTimeChanged.connect(self._received_changed)
        self.clock_timer.timeout.connect(self._follow_clock)
        for name in APPLICANT_FIELDS:
            edit = self.inputs[name]
            assert isinstance(edit, QLineEdit)
            edit.editingFinished.connect(lambda name=name: self.check_field(name))
            edit.textEdited.connect(lambda _text, name=name: self._edited(name))
        self.id_edit.textEdited.connect(self._id_edited)
        self.name_edit.editingFinished.connect(lambda: self._offer_earlier(name=self._text("name")))
        self.phone_edit.editingFinished.connect(
            lambda: self._offer_earlier(phone=self._text("phone"))
        )
        self.earlier_list.itemActivated.connect(self._earlier_chosen)
        self.channel_combo.currentIndexChanged.connect(lambda _i: self._recheck_address())
        self.return_combo.currentIndexChanged.connect(lambda _i: self._recheck_address())
        self.save_button.clicked.connect(lambda: self.save(print_after=False))
        self.save_print_button.clicked.connect(lambda: self.save(print_after=True))
        self.banner.print_requested.connect(self.print_requested)
        # every change the clerk makes is kept in the draft file shortly after
        self.draft_timer.timeout.connect(self.flush_draft)
        self.draft_discard_button.clicked.connect(self.start_afresh)
        self.picker.picked.connect(lambda _p: self._draft_changed())
        self.checklist.changed.connect(self._draft_changed)
        for name in APPLICANT_FIELDS:
            edit = self.inputs[name]
            assert isinstance(edit, QLineEdit)
            edit.textChanged.connect(lambda _text: self._draft_changed())
        self.channel_combo.currentIndexChanged.connect(lambda _i: self._draft_changed())
        self.return_combo.currentIndexChanged.connect(lambda _i: self._draft_changed())
        self.sets_spin.valueChanged.connect(lambda _v: self._draft_changed())
        self.received_edit.dateTimeChanged.connect(lambda _v: self._draft_changed())
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.shortcuts = []
        for keys, print_after in (
            ("Ctrl+Return", True),
            ("Ctrl+Enter", True),
            ("F9", True),
            ("Ctrl+S", False),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(lambda p=print_after: self.save(print_after=p))
            self.shortcuts.append(shortcut)

    def retranslate(self) -> None:
        self.procedure_box.setTitle(self.tr("Administrative procedure"))
        self.procedure_label.setText(self.tr("&Procedure:"))
        self.received_label.setText(self.tr("Received a&t:"))
        self.applicant_box.setTitle(self.tr("Applicant"))
        self.documents_box.setTitle(self.tr("Chec&klist of papers"))
        labels = {
            "name": self.tr("&Full name:"),
            "id_number": self.tr("Personal &ID number:"),
            "phone": self.tr("Ph&one:"),
            "email": self.tr("&Email:"),
            "address": self.tr("&Address:"),
            "channel": self.tr("Submitted &via:"),
            "return_method": self.tr("&Result returned:"),
            "sets_count": self.tr("&Number of sets:"),
        }
        for name, text in labels.items():
            self.field_labels[name].setText(text)
        self.name_edit.setPlaceholderText(self.tr("e.g. Nguyễn Thị Ánh"))
        self.id_edit.setPlaceholderText(self.tr("12 digits"))
        self.phone_edit.setPlaceholderText(self.tr("e.g. 0912 345 678"))
        self.email_edit.setPlaceholderText(self.tr("optional"))
        self.address_edit.setPlaceholderText(self.tr("house number, street, village, commune"))
        channel_names = {
            Channel.DIRECT: self.tr("In person"),
            Channel.ONLINE: self.tr("Online"),
            Channel.POSTAL: self.tr("By post"),
        }
        for index in range(self.channel_combo.count()):
            channel = Channel(self.channel_combo.itemData(index))
            self.channel_combo.setItemText(index, channel_names[channel])
        return_names = {
            ReturnMethod.COUNTER: self.tr("At the one-stop office"),
            ReturnMethod.POST: self.tr("By post"),
        }
        for index in range(self.return_combo.count()):
            method = ReturnMethod(self.return_combo.itemData(index))
            self.return_combo.setItemText(index, return_names[method])
        self.sets_spin.setSuffix(self.tr(" set(s)"))
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.save_print_button.setText(self.tr("Save and print (Ctrl+Enter)"))
        self.shortcut_hint.setText(
            self.tr("Ctrl+Enter or F9: save and print the slip · Ctrl+S: save only · Ctrl+N: new")
        )
        self.returning_hint.setText(self.tr("Filled in from an earlier dossier"))
        self.earlier_label.setText(
            self.tr("Applied before? Choose to fill in (Enter or double-click):")
        )
        self._show_earlier(self._earlier)
        self.draft_label.setText(
            self.tr(
                "Continuing the dossier being typed: nothing typed was lost. "
                "It is kept until it is saved or you start a new one."
            )
        )
        self.draft_discard_button.setText(self.tr("Discard it and start a &new dossier"))
        self._show_procedure(self.picker.procedure)
        for name, label in self.error_labels.items():
            message = self.errors.get(name)
            label.setText(message() if message else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the form (the board, a scan, a dossier): the draft is written now.
        self.flush_draft()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The list of matches floats over the form at a fixed place: it would be left behind.
        self.picker.hide_matches()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._warmed:
            self._warmed = True
            QTimer.singleShot(WARM_UP_DELAY_MS, self._warm_up)

    def _warm_up(self) -> None:
        """Load the year's holidays off the UI thread before the first procedure is picked.

        The first due date of a session costs about 350 ms (the `holidays` package builds the
        year); after that one costs a fraction of a millisecond. The work touches no widget, only
        the calendar's own cache; on the way it opens the desk worker's connection, so the first
        print or export does not wait for that either.
        """
        procedures = self.desk.catalogue.procedures
        if procedures:
            code = procedures[0].code
            DeskOp(
                None, self.desk, lambda desk: desk.due(code), failure=_ignore, handles=(Exception,)
            )

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.picker.edit,
            self.name_edit,
            self.id_edit,
            self.phone_edit,
            self.email_edit,
            self.address_edit,
            self.channel_combo,
            self.return_combo,
            self.sets_spin,
            *self.checklist.focus_widgets(),
            self.received_edit,
            self.save_button,
            self.save_print_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- procedure and due date ----------------------------------------------------------------
    def _procedure_picked(self, procedure: Procedure | None) -> None:
        self._show_procedure(procedure)
        self.checklist.set_procedure(procedure)
        self._update_tab_order()
        if procedure is not None:
            self._clear_error("procedure")
            self._clear_error("documents")
            post = self.return_combo.findData(int(ReturnMethod.POST))
            # A QComboBox's own model is a QStandardItemModel; the post option is there unless
            # the list of return methods changes, and then there is nothing to switch.
            model = self.return_combo.model()
            item = model.item(post) if isinstance(model, QStandardItemModel) else None
            if item is not None:
                item.setEnabled(procedure.postal_return)
            if not procedure.postal_return and self.return_combo.currentIndex() == post:
                self.return_combo.setCurrentIndex(self.return_combo.findData(0))

    def _show_procedure(self, procedure: Procedure | None) -> None:
        if procedure is None:
            self.procedure_info.setText(self.tr("No procedure chosen yet."))
            self.due_label.setText("")
            return
        self.procedure_info.setText(
            self.tr("Code {code} · Field: {field}\nStatutory time: {deadline}\nFee: {fee}").format(
                code=procedure.code,
                field=procedure.field,
                deadline=i18n.deadline_text(procedure.deadline),
                fee=procedure.fee or self.tr("none"),
            )
        )
        self._show_due()

    def received_at(self) -> datetime:
        return from_qdatetime(self.received_edit.dateTime())

    def _show_due(self) -> None:
        procedure = self.picker.procedure
        if procedure is None:
            self.due_label.setText("")
            return
        due = self.desk.due(procedure.code, self.received_at())
        self.due_label.setText(i18n.due_text(due))

    def _set_received(self, moment: datetime) -> None:
        self._setting_time = True
        try:
            self.received_edit.setDateTime(to_qdatetime(moment))
        finally:
            self._setting_time = False

    def _received_changed(self, _value: QDateTime) -> None:
        if not self._setting_time:
            self._time_edited = True
            self._clear_error("received_at")
        self._show_due()

    def _follow_clock(self) -> None:
        """Keep an untouched receiving time at "now" while the form waits for a citizen."""
        if not self._time_edited:
            self._set_received(self.desk.clock.now())

    # -- the applicant -------------------------------------------------------------------------
    def _text(self, name: str) -> str:
        widget = self.inputs[name]
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def check_field(self, name: str) -> None:
        """Validate one applicant field as the clerk leaves it; an empty field waits for save."""
        if not self._text(name).strip():
            if name != "address":
                self._clear_error(name)
            return
        try:
            validate_applicant(*(self._text(n) for n in APPLICANT_FIELDS))
        except InvalidInput as error:
            found = error.for_field(name)
            if found is not None:
                self._set_error(name, functools.partial(i18n.error_text, found))
                return
        self._clear_error(name)
        if name == "address":
            self._recheck_address()

    def _edited(self, name: str) -> None:
        """Once a marked field is being corrected, re-check it as it is typed."""
        if name in self.errors:
            self.check_field(name)

    def _recheck_address(self) -> None:
        if "address" in self.errors and self._text("address").strip():
            self._clear_error("address")

    def _id_edited(self, text: str) -> None:
        self.returning_hint.setVisible(False)
        digits = "".join(text.split())
        if len(digits) != 12 or not digits.isdigit():
            return
        known = self.desk.find_applicant(digits)
        if known is None:
            return
        filled = False
        for name, value in (
            ("name", known.name),
            ("phone", known.phone),
            ("email", known.email),
            ("address", known.address),
        ):
            edit = self.inputs[name]
            assert isinstance(edit, QLineEdit)
            if value and not edit.text().strip():
                edit.setText(value)
                self._clear_error(name)
                filled = True
        self.returning_hint.setVisible(filled)

    # -- errors --------------------------------------------------------------------------------
    def _field_widget(self, name: str) -> QWidget:
        if name == "procedure":
            return self.picker.edit
        if name == "received_at":
            return self.received_edit
        if name == "documents":
            return self.documents_scroll
        return self.inputs[name]

    def _set_error(self, name: str, text: Callable[[], str]) -> None:
        self.errors[name] = text
        label = self.error_labels[name]
        label.setText(text())
        label.setVisible(True)
        set_invalid(self._field_widget(name), True)

    def _clear_error(self, name: str) -> None:
        self.errors.pop(name, None)
        label = self.error_labels[name]
        label.setText("")
        label.setVisible(False)
        set_invalid(self._field_widget(name), False)

    def _clear_errors(self) -> None:
        for name in FIELD_ORDER:
            self._clear_error(name)

    def show_errors(self, errors: list[FieldError]) -> None:
        """Mark each invalid field in place and move the focus to the first one."""
        for error in errors:
            name = error.field if error.field in self.error_labels else "procedure"
            if name in self.errors:  # keep the first message of a field
                continue
            self._set_error(name, functools.partial(i18n.error_text, error))
        first = next((name for name in FIELD_ORDER if name in self.errors), None)
        if first is not None:
            target = self._field_widget(first)
            if first == "documents" and self.checklist.rows:
                target = self.checklist.rows[0].check
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving --------------------------------------------------------------------------------
    def request(self) -> ReceiveRequest:
        """What the form holds, as the service receives it."""
        procedure = self.picker.procedure
        return ReceiveRequest(
            procedure_code=procedure.code if procedure is not None else "",
            name=self._text("name"),
            id_number=self._text("id_number"),
            phone=self._text("phone"),
            email=self._text("email"),
            address=self._text("address"),
            channel=Channel(self.channel_combo.currentData()),
            return_method=ReturnMethod(self.return_combo.currentData()),
            documents=self.checklist.handed() if procedure is not None else None,
            sets_count=self.sets_spin.value(),
            received_at=self.received_at() if self._time_edited else None,
        )

    def save(self, print_after: bool = True) -> Dossier | None:
        """Receive the dossier if every field is right; otherwise mark what is wrong."""
        self.picker.hide_matches()
        self._clear_errors()
        if self.picker.procedure is None:
            # Clearer than the service's "no procedure has the code ''"; the service still
            # checks everything else, so all the errors show at once.
            self._set_error(
                "procedure",
                lambda: self.tr("Choose a procedure from the list (type its code or name)."),
            )
        request = self.request()
        if not self.errors and request.id_number.strip():
            other = self.desk.id_number_owner("".join(request.id_number.split()), request.name)
            if other is not None and not self.confirm_id_owner(other, request.name.strip()):
                self.id_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return None
        try:
            dossier = self.desk.receive(request)
        except InvalidInput as error:
            self.show_errors(
                [e for e in error.errors if not (e.field == "procedure" and self.errors)]
            )
            return None
        self.banner.show_dossier(dossier)
        self.clear_form()
        self.discard_draft()
        self.saved.emit(dossier)
        if print_after:
            self.print_requested.emit(dossier.code)
        return dossier

    def clear_form(self) -> None:
        """Empty the form for the next citizen and put the cursor in the procedure field."""
        self._filling = True
        try:
            self._clear_form()
        finally:
            self._filling = False
        self.draft_bar.setVisible(False)

    def _clear_form(self) -> None:
        self._clear_errors()
        for name in APPLICANT_FIELDS:
            edit = self.inputs[name]
            assert isinstance(edit, QLineEdit)
            edit.clear()
        self.channel_combo.setCurrentIndex(0)
        self.return_combo.setCurrentIndex(0)
        self.sets_spin.setValue(1)
        self.returning_hint.setVisible(False)
        self._show_earlier([])
        self._time_edited = False
        self._set_received(self.desk.clock.now())
        self.picker.clear()
        self.checklist.forget()
        self.picker.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the draft -----------------------------------------------------------------------------
    def draft_state(self) -> dict[str, object] | None:
        """What the form holds, as its draft keeps it; None when nothing was typed or chosen."""
        procedure = self.picker.procedure
        texts = {name: self._text(name) for name in APPLICANT_FIELDS}
        if procedure is None and not any(t.strip() for t in texts.values()):
            return None
        return {
            "procedure": procedure.code if procedure is not None else "",
            **texts,
            "channel": int(self.channel_combo.currentData()),
            "return_method": int(self.return_combo.currentData()),
            "sets_count": self.sets_spin.value(),
            "received_at": self.received_at().isoformat() if self._time_edited else "",
            "documents": self.checklist.state() if procedure is not None else [],
        }

    def has_draft(self) -> bool:
        return self.draft_state() is not None

    def restore_draft(self, state: dict[str, object]) -> None:
        """Fill the form from a draft; values that no longer fit (a procedure withdrawn from
        the catalogue) are left out, the rest is restored."""
        self._filling = True
        try:
            self._clear_form()
            code = state.get("procedure")
            procedure = next((p for p in self.desk.catalogue.procedures if p.code == code), None)
            if procedure is not None:
                self.picker.set_procedure(procedure)
                documents = state.get("documents")
                if isinstance(documents, list):
                    self.checklist.set_state(documents)
            for name in APPLICANT_FIELDS:
                value = state.get(name)
                edit = self.inputs[name]
                assert isinstance(edit, QLineEdit)
                if isinstance(value, str):
                    edit.setText(value)
            for combo, key in (
                (self.channel_combo, "channel"),
                (self.return_combo, "return_method"),
            ):
                index = combo.findData(state.get(key))
                if index >= 0:
                    combo.setCurrentIndex(index)
            sets = state.get("sets_count")
            if isinstance(sets, int):
                self.sets_spin.setValue(sets)
            received = state.get("received_at")
            if isinstance(received, str) and received:
                try:
                    self._set_received(datetime.fromisoformat(received))
                    self._time_edited = True
                except ValueError:
                    pass
        finally:
            self._filling = False
        self.draft_bar.setVisible(True)

    def continue_draft(self) -> None:
        """Back to a half-typed intake: say so, and put the cursor where it was left off."""
        self.draft_bar.setVisible(True)
        first_empty = next(
            (name for name in FIELD_ORDER if name in APPLICANT_FIELDS and not self._text(name)),
            None,
        )
        if self.picker.procedure is None:
            self.picker.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif first_empty is not None:
            self.inputs[first_empty].setFocus(Qt.FocusReason.OtherFocusReason)

    def start_afresh(self) -> bool:
        """Discard the half-typed intake (after asking) and start a new dossier."""
        if self.has_draft() and not self.confirm_discard():
            return False
        self.clear_form()
        self.discard_draft()
        return True

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Discard the dossier being typed?"),
            self.tr(
                "The dossier being typed has not been saved. Discard what was typed and start "
                "a new dossier?"
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _draft_changed(self) -> None:
        if not self._filling:
            self.draft_timer.start()

    def flush_draft(self) -> None:
        """Write the draft now (or remove it when the form is empty). A draft that cannot be
        written is logged: the form itself still holds what was typed."""
        self.draft_timer.stop()
        state = self.draft_state()
        path = self.desk.db.path
        try:
            if state is None:
                drafts.discard_draft(path)
            else:
                drafts.save_draft(path, state)
        except OSError as error:
            log.warning("the intake draft could not be written: %s", error)

    def discard_draft(self) -> None:
        self.draft_timer.stop()
        try:
            drafts.discard_draft(self.desk.db.path)
        except OSError as error:
            log.warning("the intake draft could not be removed: %s", error)

    def _restore_saved_draft(self) -> bool:
        if self.desk.db.read_only:
            return False
        state = drafts.load_draft(self.desk.db.path)
        if state is None:
            return False
        self.restore_draft(state)
        return self.has_draft()

    # -- returning applicants ------------------------------------------------------------------
    def _offer_earlier(self, *, phone: str = "", name: str = "") -> None:
        """Offer the earlier applicants with the phone or name typed, unless the ID number
        already found the citizen."""
        if self._text("id_number").strip() or self.returning_hint.isVisible():
            self._show_earlier([])
            return
        found = self.desk.earlier_applicants(phone=phone) if phone.strip() else []
        if not found and name.strip():
            found = self.desk.earlier_applicants(name=name)
        self._show_earlier(found)

    def _show_earlier(self, applicants: list[Applicant]) -> None:
        self._earlier = applicants
        self.earlier_list.clear()
        for applicant in applicants:
            parts = [applicant.name]
            year = birth_year(applicant.id_number)
            if year is not None:
                parts.append(self.tr("born {year}").format(year=year))
            if applicant.phone:
                parts.append(applicant.phone)
            if applicant.id_number:
                parts.append(self.tr("ID …{last}").format(last=applicant.id_number[-4:]))
            if applicant.address:
                parts.append(applicant.address)
            self.earlier_list.addItem(" · ".join(parts))
        shown = bool(applicants)
        self.earlier_label.setVisible(shown)
        self.earlier_list.setVisible(shown)
        if shown:
            self.earlier_list.setCurrentRow(0)

    def _earlier_chosen(self, item: QListWidgetItem) -> None:
        applicant = self._earlier[self.earlier_list.row(item)]
        for name, value in (
            ("name", applicant.name),
            ("id_number", applicant.id_number),
            ("phone", applicant.phone),
            ("email", applicant.email),
            ("address", applicant.address),
        ):
            edit = self.inputs[name]
            assert isinstance(edit, QLineEdit)
            if value and not edit.text().strip():
                edit.setText(value)
                self._clear_error(name)
        self._show_earlier([])
        self.returning_hint.setVisible(True)
        self.email_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ask_id_owner(self, other: str, name: str) -> bool:
        answer = QMessageBox.warning(
            self,
            self.tr("ID number of another person?"),
            self.tr(
                "This ID number was given before for {other}, not for {name}. Check the ID "
                "paper: save it for {name} anyway?"
            ).format(other=other, name=name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save
