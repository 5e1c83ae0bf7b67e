"""Choosing the processing officer to hand one or several dossiers to.

The officers who handle the procedure's field come first (`Roster.officers_for`), then the
others; typing filters the list by name (accents optional), the arrow keys move, Enter hands
over. The note is optional.
"""

from __future__ import annotations

from dataclasses import dataclass

from onestop_desktop.domain.dossier import Dossier
from onestop_desktop.domain.people import Person
from onestop_desktop.domain.text import fold
from onestop_desktop.operations import Desk
from onestop_desktop.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    Qt,
    QVBoxLayout,
    QWidget,
)
from onestop_desktop.ui.sizing import fit_to_screen


@dataclass(frozen=True)
class OfficerAnswer:
    """The officer chosen and the note typed."""

    officer_id: int
    note: str


def field_code(desk: Desk, dossier: Dossier) -> str:
    """The dossier's field of procedures ('' when its procedure left the catalogue)."""
    try:
        return desk.catalogue.get(dossier.procedure_code).field_code
    except KeyError:
        return ""


def officers_in_order(desk: Desk, dossiers: list[Dossier]) -> tuple[list[Person], int]:
    """The active officers, those of the first dossier's field first; and how many of those."""
    code = field_code(desk, dossiers[0]) if dossiers else ""
    officers = desk.roster().officers_for(code)
    return officers, sum(1 for p in officers if code and p.handles(code) and p.fields)


class HandOverDialog(QDialog):
    """Pick an officer for one or several dossiers."""

    def __init__(self, desk: Desk, dossiers: list[Dossier], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handOverDialog")
        self.dossiers = dossiers
        self.officers, self.of_field = officers_in_order(desk, dossiers)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("officerFilter")
        self.filter_edit.installEventFilter(self)
        self.list = QListWidget()
        self.list.setObjectName("officerList")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("handOverNote")
        self.note_edit.setMaxLength(500)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.note_label = QLabel()
        self.note_label.setBuddy(self.note_edit)
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter_edit)
        form = QFormLayout()
        form.addRow(self.filter_label, self.filter_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        note_form = QFormLayout()
        note_form.addRow(self.note_label, self.note_edit)
        layout.addLayout(note_form)
        layout.addWidget(self.buttons)
        self.filter_edit.textChanged.connect(self._fill)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.currentItemChanged.connect(lambda *_args: self._update_ok())
        fit_to_screen(self, 560, 460)
        self.retranslate()
        self._fill()
        self.filter_edit.setFocus()

    def retranslate(self) -> None:
        codes = ", ".join(d.code for d in self.dossiers[:3])
        if len(self.dossiers) > 3:
            codes += "…"
        self.setWindowTitle(self.tr("Hand over to a processing officer"))
        self.intro.setText(
            self.tr("Hand {count} dossier(s) ({codes}) to:").format(
                count=len(self.dossiers), codes=codes
            )
        )
        self.filter_label.setText(self.tr("&Find an officer:"))
        self.filter_edit.setPlaceholderText(self.tr("Type part of a name"))
        self.note_label.setText(self.tr("&Note:"))

    def _fill(self) -> None:
        wanted = fold(self.filter_edit.text().strip())
        self.list.clear()
        for index, person in enumerate(self.officers):
            if wanted and wanted not in fold(person.name):
                continue
            details = ", ".join(part for part in (person.title, person.unit) if part)
            marker = "★ " if index < self.of_field else ""
            item = QListWidgetItem(f"{marker}{person.name}" + (f" – {details}" if details else ""))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            if index < self.of_field:
                item.setToolTip(self.tr("Handles this field of procedures"))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.list.currentItem() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the filter move in the list, so the keyboard never leaves the filter.
        if (
            watched is self.filter_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)

    def answer(self) -> OfficerAnswer | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return OfficerAnswer(int(item.data(Qt.ItemDataRole.UserRole)), self.note_edit.text())


def ask_officer(
    parent: QWidget | None, desk: Desk, dossiers: list[Dossier]
) -> OfficerAnswer | None:
    """Show the dialog; the officer chosen, or None when cancelled."""
    dialog = HandOverDialog(desk, dossiers, parent)
    try:
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
