"""One dossier's page: who, what, when, where it stands, its history and prints, and its moves.

Only the moves the lifecycle allows from the current status (`domain.lifecycle.ALLOWED`) get a
button; each goes through `DossierActions`, which asks what the move needs. The forms that apply
can be printed from here: the slip (Mẫu 01) and the control sheet always, the supplement request,
the refusal and the apology once that step is recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from onestop_desktop.domain.apology import can_apologise
from onestop_desktop.domain.dossier import Channel, Dossier, HistoryEntry, ReturnMethod
from onestop_desktop.domain.handover import HANDABLE
from onestop_desktop.domain.lifecycle import ALLOWED, days_overdue, due_today
from onestop_desktop.domain.people import Person
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk
from onestop_desktop.ui import i18n, sizing
from onestop_desktop.ui.actions import DossierActions, move_label
from onestop_desktop.ui.audit_log import AuditLogWindow
from onestop_desktop.ui.printing import form_title
from onestop_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QEvent,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPushButton,
    QShortcut,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.texts import format_time, late_text, rejection_text, status_text

AnyIndex = QModelIndex | QPersistentModelIndex
#: the forms in the order their print buttons appear
FORM_ORDER = ("receipt", "control", "supplement", "refusal", "apology")

STYLE = """
QLabel#dossierCode { font-size: 16pt; font-weight: bold; }
QLabel#dossierStatus {
    font-weight: bold; padding: 2px 8px; border-radius: 3px; background: #e3f2fd; color: #0d47a1;
}
QLabel#syncState[state="rejected"] { color: #b71c1c; font-weight: bold; }
QLabel#syncState[state="acknowledged"] { color: #1b5e20; }
QLabel[role="muted"] { color: #555555; }
QLabel#dueValue[state="late"] { color: #b71c1c; font-weight: bold; }
QLabel#dueValue[state="today"] { color: #b71c1c; }
"""


def step_text(entry: HistoryEntry) -> str:
    """What a history entry did, in the interface language."""
    if entry.kind == "received":
        return i18n.translate("DossierPage", "Received")
    if entry.kind == "apology":
        return i18n.translate("DossierPage", "Apology, new due date")
    if entry.kind == "handover":
        return i18n.translate("DossierPage", "Handed to {name}").format(
            name=entry.data.get("to_name", "")
        )
    if entry.kind == "result_back":
        return i18n.translate("DossierPage", "Back at the one-stop desk from {name}").format(
            name=entry.data.get("from_name", "")
        )
    if entry.to_status is not None:
        return status_text(entry.to_status)
    return entry.kind


class HistoryModel(QAbstractTableModel):
    """The dossier's history as a table: time, step, who, note."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if column == 0:
            return format_time(entry.at)
        if column == 1:
            return step_text(entry)
        if column == 2:
            who = f"{entry.actor} ({entry.actor_title})" if entry.actor_title else entry.actor
            if role == Qt.ItemDataRole.ToolTipRole and entry.actor_unit:
                return f"{who}, {entry.actor_unit}"
            return who
        return entry.note.replace("\n", "; ") if role == Qt.ItemDataRole.DisplayRole else entry.note

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            i18n.translate("DossierPage", "Time"),
            i18n.translate("DossierPage", "Step"),
            i18n.translate("DossierPage", "By"),
            i18n.translate("DossierPage", "Note"),
        )[section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self.entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, 3))


def value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DossierPage(QWidget):
    """A dossier's details, history, sync state and prints, with buttons for its allowed moves."""

    back_requested = Signal()

    def __init__(self, desk: Desk, actions: DossierActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.dossier_actions = actions
        self.dossier: Dossier | None = None
        self.sync: dict[str, Any] = {}
        self.prints: list[dict[str, object]] = []
        self.apologies: list[dict[str, Any]] = []
        self.holder: Person | None = None  # the officer holding the dossier shown
        self.setObjectName("dossierPage")
        # The page itself takes the keyboard when it opens, so Esc (back) works at once.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(STYLE)
        self.move_buttons: dict[Status, QPushButton] = {}
        self.print_buttons: dict[str, QPushButton] = {}
        self._build()
        self.retranslate()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.back_button = QPushButton()
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back_requested)
        self.back_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.back_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.back_shortcut.activated.connect(self.back_requested)
        self.code_label = QLabel()
        self.code_label.setObjectName("dossierCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("dossierStatus")
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.code_label)
        top.addSpacing(12)
        top.addWidget(self.status_label)
        top.addStretch(1)

        self.values: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}

        def form(names: tuple[str, ...]) -> QFormLayout:
            layout = QFormLayout()
            layout.setVerticalSpacing(3)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for name in names:
                self.labels[name] = QLabel()
                self.labels[name].setProperty("role", "muted")
                self.values[name] = value_label()
                layout.addRow(self.labels[name], self.values[name])
            return layout

        self.applicant_box = QGroupBox()
        self.applicant_box.setLayout(form(("name", "id_number", "phone", "email", "address")))
        self.procedure_box = QGroupBox()
        self.procedure_box.setLayout(
            form(("procedure", "field", "deadline", "channel", "return_method", "clerk", "holder"))
        )
        self.papers_box = QGroupBox()
        self.papers_box.setObjectName("papersBox")
        self.papers_label = value_label()
        self.papers_label.setObjectName("papersHanded")
        papers_layout = QVBoxLayout(self.papers_box)
        papers_layout.addWidget(self.papers_label)
        self.dates_box = QGroupBox()
        self.dates_box.setLayout(
            form(("received_at", "due_at", "original_due_at", "apologies", "paused", "ended"))
        )
        self.sync_box = QGroupBox()
        self.sync_label = value_label()
        self.sync_label.setObjectName("syncState")
        sync_layout = QVBoxLayout(self.sync_box)
        sync_layout.addWidget(self.sync_label)

        self.history_box = QGroupBox()
        self.history_model = HistoryModel(self)
        self.history_view = QTableView()
        self.history_view.setObjectName("historyTable")
        self.history_view.setModel(self.history_model)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.verticalHeader().setVisible(False)
        self.history_view.verticalHeader().setDefaultSectionSize(
            self.history_view.fontMetrics().height() + 8
        )
        self.history_view.setWordWrap(False)
        # the columns share the table's width, the note keeping what is left (sizing.py)
        time_width = self.history_view.fontMetrics().horizontalAdvance("00/00/0000 00:00") + 16
        sizing.fit_columns(
            self.history_view,
            self.history_view.horizontalHeader(),
            sizing.ColumnPlan(
                preferred={0: 130, 1: 190, 2: 230, 3: 120},
                minimum={0: time_width, 1: 90, 2: 90, 3: 60},
                stretch=(3,),
            ),
        )
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history_view)
        # the audit log of this dossier: who changed or printed what, and when
        self.audit_button = QPushButton()
        self.audit_button.setAutoDefault(False)
        self.audit_button.clicked.connect(lambda: self.open_audit_log())
        history_layout.addWidget(self.audit_button, 0, Qt.AlignmentFlag.AlignRight)
        self.prints_box = QGroupBox()
        self.prints_label = value_label()
        self.prints_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        prints_layout = QVBoxLayout(self.prints_box)
        prints_layout.addWidget(self.prints_label)

        left = QVBoxLayout()
        left.addWidget(self.applicant_box)
        left.addWidget(self.procedure_box)
        left.addWidget(self.papers_box)
        left.addWidget(self.dates_box)
        left.addWidget(self.sync_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.history_box, 3)
        right.addWidget(self.prints_box, 1)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(right, 6)

        self.moves_box = QGroupBox()
        # the buttons wrap onto a second line rather than widen the window (sizing.py)
        self.moves_layout = sizing.FlowLayout(self.moves_box)
        self.no_moves = QLabel()
        self.no_moves.setProperty("role", "muted")
        self.moves_layout.addWidget(self.no_moves)
        self.apology_button = QPushButton()
        self.apology_button.setAutoDefault(False)
        self.apology_button.clicked.connect(self._apologise)
        self.hand_over_button = QPushButton()
        self.hand_over_button.setObjectName("handOverButton")
        self.hand_over_button.setAutoDefault(False)
        self.hand_over_button.clicked.connect(self._hand_over)
        self.result_back_button = QPushButton()
        self.result_back_button.setObjectName("resultBackButton")
        self.result_back_button.setAutoDefault(False)
        self.result_back_button.clicked.connect(self._result_back)
        self.moves_layout.addWidget(self.hand_over_button)
        self.moves_layout.addWidget(self.result_back_button)
        self.moves_layout.addWidget(self.apology_button)
        self.prints_row = sizing.FlowLayout()
        self.print_title = QLabel()
        self.print_title.setProperty("role", "muted")
        self.prints_row.addWidget(self.print_title)
        for form_key in FORM_ORDER:
            button = QPushButton()
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, f=form_key: self._print(f))
            self.print_buttons[form_key] = button
            self.prints_row.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.moves_box)
        layout.addLayout(self.prints_row)

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("← Board (Esc)"))
        self.applicant_box.setTitle(self.tr("Applicant"))
        self.procedure_box.setTitle(self.tr("Procedure"))
        self.dates_box.setTitle(self.tr("Dates"))
        self.papers_box.setTitle(self.tr("Papers handed over at intake"))
        self.sync_box.setTitle(self.tr("Upstream (district / provincial system)"))
        self.history_box.setTitle(self.tr("History"))
        self.audit_button.setText(self.tr("Audit log…"))
        self.prints_box.setTitle(self.tr("Prints"))
        self.moves_box.setTitle(self.tr("Next step"))
        self.no_moves.setText(self.tr("The dossier's processing has ended: no further step."))
        self.apology_button.setText(self.tr("Apologise with a new date…"))
        self.hand_over_button.setText(self.tr("Hand over to an officer…"))
        self.result_back_button.setText(self.tr("Result back to the desk"))
        self.print_title.setText(self.tr("Print:"))
        texts = {
            "name": self.tr("Full name:"),
            "id_number": self.tr("Personal ID number:"),
            "phone": self.tr("Phone:"),
            "email": self.tr("Email:"),
            "address": self.tr("Address:"),
            "procedure": self.tr("Procedure:"),
            "field": self.tr("Field:"),
            "deadline": self.tr("Statutory time:"),
            "channel": self.tr("Submitted via:"),
            "return_method": self.tr("Result returned:"),
            "clerk": self.tr("Received by:"),
            "holder": self.tr("Held by:"),
            "received_at": self.tr("Received at:"),
            "due_at": self.tr("Due:"),
            "original_due_at": self.tr("First due date:"),
            "apologies": self.tr("New dates given:"),
            "paused": self.tr("Waiting for papers since:"),
            "ended": self.tr("Ended:"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        for form_key, button in self.print_buttons.items():
            button.setText(form_title(form_key))
        self.history_model.retranslate()
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- showing a dossier ---------------------------------------------------------------------
    def open_audit_log(self) -> AuditLogWindow | None:
        """The log window filtered to this dossier (its changes and prints, newest first)."""
        if self.dossier is None:
            return None
        window = AuditLogWindow(self.desk, self, dossier=self.dossier.code)
        window.show()
        return window

    def show_dossier(self, code: str) -> Dossier:
        """Load a dossier (raises UnknownDossier) and show it."""
        dossier = self.desk.get(code)
        self.dossier = dossier
        self.sync = self.desk.sync_state(dossier.code)
        self.prints = self.desk.print_history(dossier.code)
        self.apologies = self.desk.apologies(dossier.code) if dossier.apology_count else []
        self.holder = self.desk.person(dossier.holder_id) if dossier.holder_id is not None else None
        self.history_model.set_entries(list(dossier.history))
        self.history_view.scrollToBottom()
        self._show()
        return dossier

    def reload(self) -> None:
        if self.dossier is not None:
            self.show_dossier(self.dossier.code)

    def _show(self) -> None:
        dossier = self.dossier
        if dossier is None:
            return
        a = dossier.applicant
        dash = "—"
        self.code_label.setText(dossier.code)
        self.status_label.setText(status_text(dossier.status))
        try:
            rule = self.desk.catalogue.get(dossier.procedure_code).deadline
            deadline = i18n.deadline_text(rule)
        except KeyError:
            deadline = dossier.deadline_text
        channels = {
            Channel.DIRECT: self.tr("In person"),
            Channel.ONLINE: self.tr("Online"),
            Channel.POSTAL: self.tr("By post"),
        }
        returns = {
            ReturnMethod.COUNTER: self.tr("At the one-stop office"),
            ReturnMethod.POST: self.tr("By post"),
        }
        values = {
            "name": a.name,
            "id_number": a.id_number or dash,
            "phone": a.phone or dash,
            "email": a.email or dash,
            "address": a.address or dash,
            "procedure": f"{dossier.procedure_code} – {dossier.procedure_name}",
            "field": dossier.field_name,
            "deadline": deadline,
            "channel": channels[dossier.channel],
            "return_method": returns[dossier.return_method],
            "clerk": dossier.clerk or dash,
            "holder": self._holder_text(dossier),
            "received_at": self._moment(dossier.received_at),
            "due_at": self._moment(dossier.due_at)
            if dossier.due_at
            else self.tr("No due date set by law"),
            "original_due_at": self._moment(dossier.original_due_at),
            "apologies": self._apologies_text(dossier),
            "paused": self._moment(dossier.paused_at),
            "ended": self._ended_text(dossier),
        }
        hidden = {
            "original_due_at": dossier.original_due_at in (None, dossier.due_at),
            "apologies": not dossier.apology_count,
            "paused": dossier.paused_at is None,
            "holder": dossier.holder_id is None,
            "ended": dossier.finished_at is None and dossier.returned_at is None,
        }
        self._mark_due(dossier, values)
        for name, text in values.items():
            self.values[name].setText(text)
            self.values[name].setVisible(not hidden.get(name, False))
            self.labels[name].setVisible(not hidden.get(name, False))
        self.papers_label.setText(self.papers_text(dossier))
        self._show_sync()
        self._show_prints()
        self._show_moves(dossier)

    def _mark_due(self, dossier: Dossier, values: dict[str, str]) -> None:
        """The due time in red when the dossier is late (with its working days late, by the
        board's rule) or due later today; as any other value otherwise."""
        now = self.desk.clock.now()
        late = days_overdue(self.desk.calendar, dossier.status, dossier.due_at, now)
        state = ""
        if late is not None:
            state = "late"
            values["due_at"] = f"{values['due_at']} – {late_text(late)}"
        elif due_today(dossier.status, dossier.due_at, now):
            state = "today"
        label = self.values["due_at"]
        label.setObjectName("dueValue")
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)

    def papers_text(self, dossier: Dossier) -> str:
        """The papers handed over, one a line, with their counts; a paper only shown at the
        counter (no copy kept: the receipt's rule) says so instead of 0 / 0 / 0."""
        if not dossier.documents:
            return self.tr("No paper recorded.")
        lines = []
        for number, paper in enumerate(dossier.documents, start=1):
            counts = (paper.originals, paper.certified_copies, paper.photocopies)
            if not any(counts):
                kept = self.tr("shown at the counter, handed back")
            else:
                kept = self.tr("originals {o} · certified copies {c} · copies {p}").format(
                    o=paper.originals, c=paper.certified_copies, p=paper.photocopies
                )
            lines.append(f"{number}. {paper.name}: {kept}")
        return "\n".join(lines)

    @staticmethod
    def _moment(moment: datetime | None) -> str:
        return i18n.format_moment(moment) if moment is not None else "—"

    def _holder_text(self, dossier: Dossier) -> str:
        if dossier.holder_id is None:
            return ""
        person = self.holder  # read with the dossier: retranslating reads nothing
        name = person.name if person is not None else f"#{dossier.holder_id}"
        if person is not None and person.title:
            name = f"{name} ({person.title})"
        return self.tr("{name}, since {moment}").format(
            name=name, moment=self._moment(dossier.held_since)
        )

    def _apologies_text(self, dossier: Dossier) -> str:
        if not self.apologies:
            return str(dossier.apology_count)
        last = self.apologies[-1]
        return self.tr("{count} time(s); the last from {before} to {after}: {reason}").format(
            count=dossier.apology_count,
            before=format_time(datetime.fromisoformat(str(last["previous_due"]))),
            after=format_time(datetime.fromisoformat(str(last["new_due"]))),
            reason=str(last.get("note", "")),
        )

    def _ended_text(self, dossier: Dossier) -> str:
        parts = []
        if dossier.finished_at is not None:
            parts.append(self._moment(dossier.finished_at))
        if dossier.returned_at is not None:
            parts.append(
                self.tr("result collected by {name} at {moment}").format(
                    name=dossier.collected_by or "—", moment=format_time(dossier.returned_at)
                )
            )
        return "; ".join(parts)

    def _show_sync(self) -> None:
        state = str(self.sync.get("state", "unknown"))
        seq = self.sync.get("export_seq")
        texts = {
            "not_exported": self.tr("Not exported yet: it goes with the next end-of-day export."),
            "exported": self.tr("Exported (export no. {seq}), waiting for upstream's answer."),
            "acknowledged": self.tr("Acknowledged by upstream (export no. {seq})."),
            "rejected": self.tr("Rejected by upstream (export no. {seq}): {reason}"),
        }
        text = texts.get(state, self.tr("Unknown"))
        self.sync_label.setText(
            text.format(
                seq=seq if seq is not None else "—",
                reason=rejection_text(str(self.sync.get("reason") or "").strip()) or "—",
            )
        )
        self.sync_label.setProperty("state", state)
        self.sync_label.style().unpolish(self.sync_label)
        self.sync_label.style().polish(self.sync_label)

    def _show_prints(self) -> None:
        outcomes = {
            "printed": self.tr("printed"),
            "pdf": self.tr("saved as PDF"),
            "failed": self.tr("print failed"),
        }
        lines = []
        for entry in self.prints:
            try:
                at = format_time(datetime.fromisoformat(str(entry.get("at"))))
            except ValueError:
                at = str(entry.get("at", ""))
            outcome = outcomes.get(str(entry.get("outcome")), str(entry.get("outcome")))
            if entry.get("reprint"):
                outcome = self.tr("{outcome} (reprint)").format(outcome=outcome)
            lines.append(f"{at} · {form_title(str(entry.get('form')))} · {outcome}")
        self.prints_label.setText("\n".join(lines) if lines else self.tr("Nothing printed yet."))

    def recorded_forms(self, dossier: Dossier) -> set[str]:
        """The forms this dossier can print: the slip and the control sheet always, the others
        once their step is recorded."""
        forms = {"receipt", "control"}
        for entry in dossier.history:
            if entry.kind == "transition" and entry.to_status is Status.SUPPLEMENT_REQUESTED:
                forms.add("supplement")
            elif entry.kind == "transition" and entry.to_status is Status.REFUSED:
                forms.add("refusal")
            elif entry.kind == "apology":
                forms.add("apology")
        return forms

    def _show_moves(self, dossier: Dossier) -> None:
        for button in self.move_buttons.values():
            # Hidden at once: its deletion waits for the event loop, and a question opened by
            # the move (print the form now?) runs a loop of its own that does not delete it, so
            # it would be drawn under the new buttons until the question closes.
            button.hide()
            self.moves_layout.removeWidget(button)
            button.deleteLater()
        self.move_buttons = {}
        allowed = ALLOWED[dossier.status]
        self.no_moves.setVisible(not allowed)
        for position, target in enumerate(allowed, start=1):
            button = QPushButton(move_label(dossier.status, target))
            button.setAutoDefault(False)
            button.setObjectName(f"move_{target.name.lower()}")
            button.clicked.connect(lambda _checked=False, t=target: self._move(t))
            self.moves_layout.insertWidget(position, button)
            self.move_buttons[target] = button
        self.apology_button.setVisible(can_apologise(dossier.status, dossier.due_at))
        self.hand_over_button.setVisible(dossier.status in HANDABLE)
        self.result_back_button.setVisible(dossier.holder_id is not None)
        forms = self.recorded_forms(dossier)
        for form_key, button in self.print_buttons.items():
            button.setVisible(form_key in forms)

    # -- actions -------------------------------------------------------------------------------
    def _move(self, target: Status) -> None:
        if self.dossier is not None:
            self.dossier_actions.move(self.dossier.code, target)

    def _hand_over(self) -> None:
        if self.dossier is not None:
            self.dossier_actions.hand_over([self.dossier.code])

    def _result_back(self) -> None:
        if self.dossier is not None:
            self.dossier_actions.result_back(self.dossier.code)

    def _apologise(self) -> None:
        if self.dossier is not None:
            self.dossier_actions.apologise(self.dossier.code)

    def _print(self, form: str) -> None:
        if self.dossier is not None:
            self.dossier_actions.print_form(self.dossier.code, form)
