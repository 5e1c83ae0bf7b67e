"""Help → "Send a bug report…": one zip for support (operations/support.py), written where the
clerk chooses (the Desktop by default) off the UI thread, and then the clerk is told where."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from onestop_desktop.operations import Desk
from onestop_desktop.operations.support import (
    BugReport,
    default_report_dir,
    default_report_name,
    write_bug_report,
)
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import ThreadOp
from onestop_desktop.ui.qt import PYSIDE_VERSION, QFileDialog, QMessageBox, QWidget, qVersion

#: (parent, suggested path) -> the path chosen, or None if the clerk cancelled
AskPath = Callable[[QWidget, Path], Path | None]
#: (parent, message) -> None: tells the clerk where the report is
Tell = Callable[[QWidget, str], None]


def ask_report_path(parent: QWidget, suggested: Path) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        i18n.translate("BugReport", "Save the bug report"),
        str(suggested),
        i18n.translate("BugReport", "Zip files (*.zip)"),
    )
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == ".zip" else chosen.with_name(chosen.name + ".zip")


def tell_where(parent: QWidget, message: str) -> None:
    QMessageBox.information(parent, i18n.translate("BugReport", "Bug report"), message)


def written_text(report: BugReport) -> str:
    return i18n.translate(
        "BugReport",
        "The bug report was written to:\n{path}\n\nGive this file to support (on a USB stick "
        "or by e-mail). It holds the program's log, its versions and the office's settings; "
        "no dossiers, no keys and no PINs.",
    ).format(path=report.path)


def send_bug_report(
    parent: QWidget, desk: Desk, ask: AskPath = ask_report_path, tell: Tell = tell_where
) -> ThreadOp[BugReport] | None:
    """Ask where, write the zip off the UI thread, then say where it is (None if cancelled)."""
    now = desk.clock.now()
    out = ask(parent, default_report_dir() / default_report_name(now))
    if out is None:
        return None
    settings = desk.settings  # read here, on the UI thread: the worker never touches the desk
    extra = {"qt": qVersion(), "pyside6": PYSIDE_VERSION, "language": i18n.current_language()}
    return ThreadOp(
        parent,
        lambda: write_bug_report(out, now=now, settings=settings, extra=extra),
        success=lambda report: tell(parent, written_text(report)),
        name="bug report",
    )
