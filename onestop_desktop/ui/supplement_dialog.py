"""The request for supplementary papers (Mẫu 02): the papers picked from the procedure's checklist,
those not yet handed in first, and a separate reason.

The supplement request then prints the picked papers as its list and the reason on its "Lý do"
line (TT 03/2025/TT-VPCP Phụ lục I Mẫu 02).
"""

from __future__ import annotations

from dataclasses import dataclass

from onestop_desktop.domain.dossier import Dossier
from onestop_desktop.domain.procedures import Procedure
from onestop_desktop.ui.dialogs import error_label
from onestop_desktop.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class SupplementAnswer:
    """What the clerk asked for: the papers (in checklist order) and why."""

    papers: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ChecklistPaper:
    """A paper of the procedure's checklist and whether it was handed in at intake."""

    name: str
    handed_in: bool


def checklist(dossier: Dossier, procedure: Procedure | None) -> list[ChecklistPaper]:
    """The papers a request may name: the procedure's checklist, those not handed in at intake
    first; papers handed in that the checklist lacks come last (they may need correcting), and
    papers only shown at the counter not at all."""
    handed = {d.name for d in dossier.documents}
    names = [d.name for d in procedure.documents if not d.shown] if procedure else []
    missing = [ChecklistPaper(n, False) for n in names if n not in handed]
    given = [ChecklistPaper(n, True) for n in names if n in handed]
    # A paper only shown (no copy kept) is seen and handed back: nothing to add to it.
    kept = [d for d in dossier.documents if d.originals or d.certified_copies or d.photocopies]
    extra = [ChecklistPaper(d.name, True) for d in kept if d.name not in names]
    return missing + given + extra


class SupplementDialog(QDialog):
    """Pick the papers to ask for (a checkable list) and write the reason."""

    def __init__(
        self, dossier: Dossier, papers: list[ChecklistPaper], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supplementDialog")
        self.dossier = dossier
        self.answer: SupplementAnswer | None = None
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.papers_label = QLabel()
        self.papers_list = QListWidget()
        self.papers_list.setObjectName("supplementPapers")
        # A paper's name runs long ("Bản sao Giấy chứng nhận quyền sử dụng đất, …"): wrap it.
        self.papers_list.setWordWrap(True)
        self.papers_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.papers_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.papers_label.setBuddy(self.papers_list)
        self.names: list[str] = []
        for paper in papers:
            item = QListWidgetItem()
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # Nothing ticked in advance: an optional paper not handed in is often not needed.
            item.setCheckState(Qt.CheckState.Unchecked)
            self.papers_list.addItem(item)
            self.names.append(paper.name)
        self.handed = [paper.handed_in for paper in papers]
        self.reason_label = QLabel()
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("supplementReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(70)
        self.reason_label.setBuddy(self.reason_edit)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.papers_label)
        layout.addWidget(self.papers_list, 1)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(620, 460)
        self.reason_edit.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Request supplementary papers – {code}").format(code=self.dossier.code)
        )
        self.facts.setText(
            self.tr("{name} – {procedure}").format(
                name=self.dossier.applicant.name, procedure=self.dossier.procedure_name
            )
        )
        self.papers_label.setText(self.tr("&Tick the papers to add or complete:"))
        for row, name in enumerate(self.names):
            text = name if self.handed[row] else self.tr("{name} (not handed in)").format(name=name)
            self.papers_list.item(row).setText(text)
        self.reason_label.setText(self.tr("&Reason (printed on the request's “Lý do” line):"))

    def picked(self) -> tuple[str, ...]:
        return tuple(
            name
            for row, name in enumerate(self.names)
            if self.papers_list.item(row).checkState() == Qt.CheckState.Checked
        )

    def accept(self) -> None:
        papers = self.picked()
        reason = self.reason_edit.toPlainText().strip()
        problem = ""
        if not papers:
            problem = self.tr("Tick at least one paper the citizen has to add or complete.")
        elif not reason:
            problem = self.tr("Write the reason: it is printed on the supplement request.")
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return
        self.answer = SupplementAnswer(papers, reason)
        super().accept()


def ask_supplement(
    parent: QWidget | None, dossier: Dossier, papers: list[ChecklistPaper]
) -> SupplementAnswer | None:
    dialog = SupplementDialog(dossier, papers, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer
    finally:
        dialog.deleteLater()
