"""The moves a clerk makes on a dossier, from the board or from the dossier's own page.

Each move asks what it needs (a reason for a refusal, the papers picked from the checklist and
the reason for a request for papers, who collected the result, the reason and new date of an
apology), calls `Desk`, tells the window that the dossier changed, and offers the form that
goes with it: the supplement request (Mẫu 02), the refusal (Mẫu 03), the apology (Mẫu 04,
Decree 61/2018 Art. 19 and TT 03/2025/TT-VPCP). The questions are `ActionHooks`, which tests
replace; the dialogs themselves are tested on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from onestop_desktop.domain.apology import (
    can_apologise,
    moves_due_later,
    needs_override,
    sent_in_time,
)
from onestop_desktop.domain.dossier import Dossier, InvalidInput
from onestop_desktop.domain.lifecycle import ALLOWED, NEEDS_REASON
from onestop_desktop.domain.procedures import Procedure
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk
from onestop_desktop.ui import i18n
from onestop_desktop.ui.dialogs import ERROR_STYLE, error_label, known_error_message, show_error
from onestop_desktop.ui.handover_dialog import OfficerAnswer, ask_officer
from onestop_desktop.ui.intake import from_qdatetime, to_qdatetime
from onestop_desktop.ui.printing import PrintFlow
from onestop_desktop.ui.qt import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QObject,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.supplement_dialog import (
    ChecklistPaper,
    SupplementAnswer,
    ask_supplement,
    checklist,
)
from onestop_desktop.ui.texts import format_time, status_text


# -- what a move needs ---------------------------------------------------------------------------
def move_label(current: Status, target: Status) -> str:
    """The button text of a move, in the counter's own words."""
    if target is Status.IN_PROGRESS:
        if current is Status.SUPPLEMENT_REQUESTED:
            return i18n.translate("DossierActions", "Papers received, continue")
        if current is Status.RECEIVED:
            return i18n.translate("DossierActions", "Start processing")
        return i18n.translate("DossierActions", "Continue processing")
    labels = {
        Status.SUPPLEMENT_REQUESTED: i18n.translate(
            "DossierActions", "Request supplementary papers"
        ),
        Status.FINANCIAL_OBLIGATION: i18n.translate(
            "DossierActions", "Request the financial obligation"
        ),
        Status.RESOLVED: i18n.translate("DossierActions", "Resolved"),
        Status.REFUSED: i18n.translate("DossierActions", "Refuse"),
        Status.WITHDRAWAL_REQUESTED: i18n.translate("DossierActions", "Citizen withdraws"),
        Status.STOPPED: i18n.translate("DossierActions", "Stop processing"),
        Status.RETURNED: i18n.translate("DossierActions", "Hand back the result"),
    }
    return labels.get(target, status_text(target))


def error_message(error: InvalidInput) -> str:
    """Every field error of a refused operation, in the interface language, one per line."""
    return "\n".join(i18n.error_text(e) for e in error.errors)


@dataclass(frozen=True)
class ApologyAnswer:
    """What the clerk decided in the apology dialog."""

    new_due: datetime
    reason: str
    override: bool = False


# -- dialogs -------------------------------------------------------------------------------------
def ask_yes_no(parent: QWidget | None, text: str) -> bool:
    """A yes/no question; Yes is the default answer."""
    answer = QMessageBox.question(
        parent,
        i18n.translate("DossierActions", "OneStop"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_text(
    parent: QWidget | None, title: str, prompt: str, default: str = "", multiline: bool = False
) -> str | None:
    """A line (or lines) of text from the clerk; None if cancelled."""
    if multiline:
        text, accepted = QInputDialog.getMultiLineText(parent, title, prompt, default)
    else:
        text, accepted = QInputDialog.getText(
            parent, title, prompt, QLineEdit.EchoMode.Normal, default
        )
    return text if accepted else None


class ApologyDialog(QDialog):
    """The apology with a new date: the reason, the new date (proposed, editable) and, for a
    dossier already given a new date once, the explicit override the rule requires."""

    def __init__(
        self,
        dossier: Dossier,
        proposal: datetime,
        now: datetime,
        parent: QWidget | None = None,
        confirm: Callable[[QWidget | None, str], bool] = ask_yes_no,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("apologyDialog")
        self.dossier = dossier
        self.confirm = confirm
        self.answer: ApologyAnswer | None = None
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.late_warning = QLabel()
        self.late_warning.setWordWrap(True)
        self.late_warning.setStyleSheet("color: #9a6700;")
        self.late_warning.setVisible(
            dossier.due_at is not None and not sent_in_time(now, dossier.due_at)
        )
        self.reason_label = QLabel()
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        self.reason_label.setBuddy(self.reason_edit)
        self.due_label = QLabel()
        self.due_edit = QDateTimeEdit()
        self.due_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDateTime(to_qdatetime(proposal))
        self.due_label.setBuddy(self.due_edit)
        self.once_warning = QLabel()
        self.once_warning.setWordWrap(True)
        self.once_warning.setStyleSheet(ERROR_STYLE)
        self.override_check = QCheckBox()
        self.needs_override = needs_override(dossier)
        self.once_warning.setVisible(self.needs_override)
        self.override_check.setVisible(self.needs_override)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.override_check.toggled.connect(lambda _checked: self._update_ok())

        form = QFormLayout()
        form.addRow(self.reason_label, self.reason_edit)
        form.addRow(self.due_label, self.due_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.late_warning)
        layout.addLayout(form)
        layout.addWidget(self.once_warning)
        layout.addWidget(self.override_check)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update_ok()
        self.resize(560, 0)
        self.reason_edit.setFocus()

    def retranslate(self) -> None:
        dossier = self.dossier
        self.setWindowTitle(self.tr("Apology and new date – {code}").format(code=dossier.code))
        self.facts.setText(
            self.tr("{name} – {procedure}\nDue now: {due}").format(
                name=dossier.applicant.name,
                procedure=dossier.procedure_name,
                due=format_time(dossier.due_at),
            )
        )
        self.late_warning.setText(
            self.tr(
                "The apology should reach the citizen at least one day before the due date; "
                "this one is late and will be recorded as such."
            )
        )
        self.reason_label.setText(self.tr("&Reason for the delay:"))
        self.due_label.setText(self.tr("&New due date:"))
        self.once_warning.setText(
            self.tr(
                "This dossier was already given a new date {count} time(s). The rule allows "
                "it once: another new date is an exception, recorded in the history."
            ).format(count=dossier.apology_count)
        )
        self.override_check.setText(self.tr("&Record another new date as an exception"))

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self.needs_override or self.override_check.isChecked())

    def new_due(self) -> datetime:
        return from_qdatetime(self.due_edit.dateTime())

    def accept(self) -> None:
        reason = self.reason_edit.toPlainText().strip()
        new_due = self.new_due()
        problem = ""
        if not reason:
            problem = self.tr("Write the reason for the delay: it is printed on the apology.")
        elif not moves_due_later(self.dossier.due_at, new_due):
            problem = self.tr("The new due date must be after the current one ({due}).").format(
                due=format_time(self.dossier.due_at)
            )
        elif self.needs_override and not self.override_check.isChecked():
            problem = self.tr("Tick the exception box to give this dossier another new date.")
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return
        if self.needs_override and not self.confirm(
            self,
            self.tr(
                "Give dossier {code} a new date once more, as an exception? "
                "This is recorded in its history."
            ).format(code=self.dossier.code),
        ):
            return
        self.answer = ApologyAnswer(new_due, reason, self.needs_override)
        super().accept()


def ask_apology(
    parent: QWidget | None, dossier: Dossier, proposal: datetime, now: datetime
) -> ApologyAnswer | None:
    dialog = ApologyDialog(dossier, proposal, now, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer
    finally:
        dialog.deleteLater()


@dataclass
class ActionHooks:
    """What the moves ask the clerk, and how they tell them; tests replace these."""

    ask_text: Callable[[QWidget | None, str, str, str, bool], str | None] = ask_text
    confirm: Callable[[QWidget | None, str], bool] = ask_yes_no
    ask_apology: Callable[[QWidget | None, Dossier, datetime, datetime], ApologyAnswer | None] = (
        ask_apology
    )
    show_error: Callable[[QWidget | None, str], None] = show_error
    ask_officer: Callable[[QWidget | None, Desk, list[Dossier]], OfficerAnswer | None] = ask_officer
    ask_supplement: Callable[
        [QWidget | None, Dossier, list[ChecklistPaper]], SupplementAnswer | None
    ] = ask_supplement


# -- the moves -----------------------------------------------------------------------------------
class DossierActions(QObject):
    """Moves a dossier through its life and prints what goes with each move."""

    changed = Signal(str)  # the code of a dossier that was just changed

    def __init__(
        self,
        desk: Desk,
        printing: PrintFlow,
        parent: QWidget | None = None,
        hooks: ActionHooks | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.printing = printing
        self.parent_widget = parent
        self.hooks = hooks or ActionHooks()

    def _fail(self, error: Exception) -> None:
        if isinstance(error, InvalidInput):
            self.hooks.show_error(self.parent_widget, error_message(error))
            return
        known = known_error_message(error)
        if known is None:
            raise error
        self.hooks.show_error(self.parent_widget, known)

    def _load(self, code: str) -> Dossier | None:
        try:
            return self.desk.get(code)
        except Exception as error:
            self._fail(error)
            return None

    def move(self, code: str, target: Status) -> bool:
        """Ask what the move needs, make it, and offer its form; False if not made."""
        dossier = self._load(code)
        if dossier is None:
            return False
        if target not in ALLOWED[dossier.status]:
            self.hooks.show_error(
                self.parent_widget,
                self.tr("Dossier {code} is “{status}”: it cannot be moved to “{target}”.").format(
                    code=dossier.code,
                    status=status_text(dossier.status),
                    target=status_text(target),
                ),
            )
            return False
        title = f"{move_label(dossier.status, target)} – {dossier.code}"
        note = collected_by = ""
        papers: tuple[str, ...] = ()
        if target is Status.SUPPLEMENT_REQUESTED:
            try:
                procedure: Procedure | None = self.desk.catalogue.get(dossier.procedure_code)
            except KeyError:  # a procedure no longer in the catalogue: the papers handed in
                procedure = None
            request = self.hooks.ask_supplement(
                self.parent_widget, dossier, checklist(dossier, procedure)
            )
            if request is None:
                return False
            note, papers = request.reason, request.papers
        elif target in NEEDS_REASON:
            answer = self.hooks.ask_text(
                self.parent_widget, title, self.tr("The reason (it is recorded):"), "", True
            )
            if answer is None:
                return False
            note = answer
        elif target is Status.RETURNED:
            answer = self.hooks.ask_text(
                self.parent_widget,
                title,
                self.tr("Full name of the person who collected the result:"),
                dossier.applicant.name,
                False,
            )
            if answer is None:
                return False
            collected_by = answer
        elif not self.hooks.confirm(
            self.parent_widget,
            self.tr("Move dossier {code} to “{target}”?").format(
                code=dossier.code, target=status_text(target)
            ),
        ):
            return False
        try:
            self.desk.transition(
                dossier.code, target, note=note, collected_by=collected_by, papers=papers
            )
        except Exception as error:
            self._fail(error)
            return False
        self.changed.emit(dossier.code)
        if target is Status.SUPPLEMENT_REQUESTED:
            self._offer_print(
                dossier.code,
                "supplement",
                self.tr("Print the supplement request (Form 02) for the citizen now?"),
            )
        elif target is Status.REFUSED:
            self._offer_print(
                dossier.code,
                "refusal",
                self.tr("Print the refusal (Form 03) for the citizen now?"),
            )
        return True

    def record_return(self, code: str) -> bool:
        """Hand back the result: asks who collected it."""
        return self.move(code, Status.RETURNED)

    def apologise(self, code: str) -> bool:
        """Give the dossier a new date with an apology, then print the apology."""
        dossier = self._load(code)
        if dossier is None:
            return False
        if not can_apologise(dossier.status, dossier.due_at):
            self.hooks.show_error(
                self.parent_widget,
                self.tr("Dossier {code} is “{status}”: it needs no apology.").format(
                    code=dossier.code, status=status_text(dossier.status)
                ),
            )
            return False
        now = self.desk.clock.now()
        answer = self.hooks.ask_apology(
            self.parent_widget, dossier, self.desk.propose_new_due(dossier), now
        )
        if answer is None:
            return False
        try:
            self.desk.apologise(
                dossier.code, answer.new_due, answer.reason, override=answer.override
            )
        except Exception as error:
            self._fail(error)
            return False
        self.changed.emit(dossier.code)
        self.print_form(dossier.code, "apology")
        return True

    def hand_over(self, codes: list[str]) -> bool:
        """Hand one or several dossiers to the officer the clerk picks (all or none)."""
        dossiers = [d for d in (self._load(code) for code in codes) if d is not None]
        if not dossiers or len(dossiers) != len(codes):
            return False
        answer = self.hooks.ask_officer(self.parent_widget, self.desk, dossiers)
        if answer is None:
            return False
        try:
            self.desk.hand_over([d.code for d in dossiers], answer.officer_id, answer.note)
        except Exception as error:
            self._fail(error)
            return False
        for dossier in dossiers:
            self.changed.emit(dossier.code)
        return True

    def result_back(self, code: str) -> bool:
        """Record that the result came back from its officer to the desk."""
        dossier = self._load(code)
        if dossier is None:
            return False
        if not self.hooks.confirm(
            self.parent_widget,
            self.tr("Record that dossier {code} came back to the one-stop desk?").format(
                code=dossier.code
            ),
        ):
            return False
        try:
            self.desk.result_back(dossier.code)
        except Exception as error:
            self._fail(error)
            return False
        self.changed.emit(dossier.code)
        return True

    def print_form(self, code: str, form: str) -> bool:
        return self.printing.start(code, form)

    def _offer_print(self, code: str, form: str, question: str) -> None:
        if self.hooks.confirm(self.parent_widget, question):
            self.print_form(code, form)
