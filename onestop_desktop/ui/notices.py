"""What the desk found at start, told in a message bar above the window's pages.

A bar does not block the queue (unlike a dialog): the clerk reads it between two citizens and
closes it. Exports a crash interrupted and the desk settled at start are shown once each, and
can be closed; a desk opened read-only keeps its bar for as long as it is open. The texts are
built when shown and again when the language changes, so they follow the interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from onestop_desktop.operations.backup import DamagedDatabase
from onestop_desktop.sync.export import Settled, archive_dir_for
from onestop_desktop.ui import i18n
from onestop_desktop.ui.qt import QFrame, QHBoxLayout, QLabel, Qt, QToolButton, QWidget, Signal

# the bar's colours: amber for what the clerk should act on, pale blue for what is only news
WARNING_STYLE = "background: #fff4ce; border: 1px solid #e0b000; color: #3b2f00;"
INFO_STYLE = "background: #e6f0fb; border: 1px solid #7aa7d9; color: #0d2a4a;"


def settled_text(settled: Settled, db_path: Path) -> str:
    """The clerk's message about one export a crash interrupted and the desk settled."""
    seq = settled.record.export_seq
    if settled.outcome == "recorded":
        text = i18n.translate(
            "Notices", "Export number {seq}, interrupted last time, has been recorded."
        ).format(seq=seq)
        if not settled.in_folder:
            archive = archive_dir_for(db_path)
            text += " " + i18n.translate(
                "Notices",
                "Its file did not reach the USB stick ({folder}): plug the stick in and copy "
                "{file} onto it from the desk's copy in {archive}, then take it upstream as "
                "usual.",
            ).format(folder=settled.record.folder, file=settled.record.file_name, archive=archive)
        return text
    if settled.outcome == "dropped":
        return i18n.translate(
            "Notices",
            "An interrupted export had not finished writing, so it was cancelled; nothing was "
            "sent upstream, and the next export will carry everything.",
        )
    return i18n.translate(
        "Notices",
        "Export number {seq}, interrupted last time, could not be checked ({detail}). The next "
        "export will not start until it is: check the computer's disk, then open Dossier → "
        "End-of-day export again.",
    ).format(seq=seq, detail=settled.detail or "?")


def read_only_text(db_path: Path) -> str:
    """The persistent message of a desk opened read-only: what works and what to do."""
    return i18n.translate(
        "Notices",
        "This database is read-only ({path}): you can view, search and print, but receiving, "
        "moving dossiers and exporting are turned off. To work, copy the file to a folder you "
        "can write to and open it from there, or open the desk's own database.",
    ).format(path=db_path)


def damaged_text(error: DamagedDatabase) -> str:
    """The lasting message of a database the start-up quick check found damaged."""
    return i18n.translate(
        "Notices",
        "The database {path} is damaged. Stop receiving dossiers and restore the latest good "
        "backup: Settings → Backup and restore.",
    ).format(path=error.path)


class NoticeBar(QFrame):
    """One message across the top of the window; closable unless it is a lasting state."""

    closed = Signal()

    def __init__(
        self, text: Callable[[], str], *, warning: bool, closable: bool, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.text = text
        self.setObjectName("noticeBar")
        self.setStyleSheet(
            f"QFrame#noticeBar {{ {WARNING_STYLE if warning else INFO_STYLE} border-radius: 3px; }}"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setStyleSheet("background: transparent; border: none;")
        layout.addWidget(self.label, 1)
        self.close_button: QToolButton | None = None
        if closable:
            self.close_button = QToolButton()
            self.close_button.setText("✕")
            self.close_button.setAutoRaise(True)
            self.close_button.clicked.connect(self.dismiss)
            layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.text())
        if self.close_button is not None:
            self.close_button.setToolTip(i18n.translate("Notices", "Close this message"))

    def dismiss(self) -> None:
        """The clerk has read it: it goes, and does not come back in this session."""
        self.hide()
        self.closed.emit()
        self.deleteLater()
