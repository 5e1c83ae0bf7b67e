"""Who is at the desk: the sign-in asked at start and by "Change clerk…".

The list holds the office's active clerks (and administrators), by name with their title.
The PIN field is always shown, whoever is picked, so the window never tells who has a PIN; a
wrong answer gets the same message whatever was wrong. All from the keyboard: type part of the
name (accents optional), Enter, type the PIN (or nothing), Enter.
"""

from __future__ import annotations

from onestop_desktop.domain.people import Person
from onestop_desktop.domain.text import fold
from onestop_desktop.operations import Desk
from onestop_desktop.ui.dialogs import known_error_message
from onestop_desktop.ui.intake import STYLE, message_label, set_invalid
from onestop_desktop.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPushButton,
    QRegularExpression,
    QRegularExpressionValidator,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.sizing import fit_to_screen


def needs_sign_in(desk: Desk) -> bool:
    """Whether the window must ask who is at the desk: the office lists people who may sign in
    and nobody was chosen today."""
    return desk.on_duty is None and bool(desk.roster().at_the_desk())


def person_text(person: Person) -> str:
    """A person as the lists show them: name, then title."""
    return f"{person.name} — {person.title}" if person.title else person.name


class SignInDialog(QDialog):
    """Asks who is at the desk, with their PIN; `signed_in` carries the person."""

    signed_in = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None, at_start: bool = True) -> None:
        super().__init__(parent)
        self.desk = desk
        self.at_start = at_start
        self.setObjectName("signIn")
        self.setStyleSheet(STYLE)
        self.setModal(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("signInIntro")
        self.find_label = QLabel()
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("signInFind")
        self.find_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("signInList")
        self.pin_label = QLabel()
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("signInPin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.pin_edit)
        )
        self.pin_hint = QLabel()
        self.pin_hint.setProperty("role", "muted")
        self.pin_hint.setWordWrap(True)
        self.error = message_label("error")
        self.error.setObjectName("signInError")
        self.find_label.setBuddy(self.find_edit)
        self.pin_label.setBuddy(self.pin_edit)
        self.buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton()
        self.sign_in_button.setObjectName("signInButton")
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.find_label)
        layout.addWidget(self.find_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.pin_label)
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.pin_hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.people = desk.roster().at_the_desk()
        for person in self.people:
            item = QListWidgetItem(person_text(person))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.list.addItem(item)
        current = desk.on_duty
        row = next((i for i, p in enumerate(self.people) if current and p.id == current.id), 0)
        if self.people:
            self.list.setCurrentRow(row)
        self.find_edit.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _item: self._to_pin())
        for widget in (self.find_edit, self.list, self.pin_edit):
            widget.installEventFilter(self)
        self.sign_in_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        self.retranslate()
        fit_to_screen(self, 460, 420)
        self.find_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Who is at the desk?"))
        self.intro.setText(
            self.tr(
                "Choose your name, then type your PIN (leave it empty if you have none). "
                "Every step you make is recorded under your name."
            )
        )
        self.find_label.setText(self.tr("&Find your name (accents optional):"))
        self.pin_label.setText(self.tr("&PIN:"))
        self.pin_hint.setText(self.tr("Enter moves from the list to the PIN, then signs in."))
        self.sign_in_button.setText(self.tr("&Sign in"))
        self.cancel_button.setText(
            self.tr("Exit the program") if self.at_start else self.tr("Cancel")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if watched is self.pin_edit:
                    self.try_sign_in()
                else:
                    self._to_pin()
                return True
            if watched is self.find_edit and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
        return False

    def _step(self, by: int) -> None:
        rows = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
        if not rows:
            return
        current = self.list.currentRow()
        index = rows.index(current) + by if current in rows else 0
        self.list.setCurrentRow(rows[max(0, min(index, len(rows) - 1))])

    def _filter(self, text: str) -> None:
        wanted = fold(text).split()
        first: int | None = None
        for i, person in enumerate(self.people):
            haystack = fold(f"{person.name} {person.title}")
            shown = all(word in haystack for word in wanted)
            self.list.item(i).setHidden(not shown)
            if shown and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)
        else:
            self.list.setCurrentRow(-1)

    def _to_pin(self) -> None:
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.pin_edit.selectAll()

    def chosen(self) -> Person | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        person_id = item.data(Qt.ItemDataRole.UserRole)
        return next((p for p in self.people if p.id == person_id), None)

    def try_sign_in(self) -> None:
        """Sign the chosen person in; a wrong answer says so alike whatever was wrong."""
        person = self.chosen()
        if person is None:
            self._show_error(self.tr("Choose your name in the list."))
            self.find_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            signed = self.desk.sign_in(person.id, self.pin_edit.text())
        except Exception as error:
            message = known_error_message(error)
            if message is None:
                raise
            self._show_error(message)
            set_invalid(self.pin_edit, True)
            self.pin_edit.clear()
            self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.signed_in.emit(signed)
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message[:1].upper() + message[1:])
        self.error.setVisible(True)


def ask_at_start(desk: Desk) -> bool:
    """At start: ask who is at the desk when needed. False if the clerk chose to leave."""
    if not needs_sign_in(desk):
        return True
    return SignInDialog(desk).exec() == QDialog.DialogCode.Accepted
