"""How errors reach the clerk, the program's log, and the dialog shape every window shares.

Two kinds of failure (as in qutebrowser): a known, environmental one (the database is locked,
read-only, damaged, not set up; a dossier code that does not exist) derives from `KnownError` and
is shown in the interface's language as it is; anything else is a bug, logged with its traceback
to the log folder and shown as a short message that says where the details are.

The log itself (its folder, rotation and set-up) is `onestop_desktop.logs`, shared with the
command line; its names are re-exported here for the windows.

Every other module of ui/ may import this one; it imports nothing of ui/ but `i18n` and `qt`, so
no import runs back up to the windows or to the entry point (`app`).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from onestop_desktop.domain.errors import KnownError
from onestop_desktop.logs import APP_ID as APP_ID
from onestop_desktop.logs import log_dir as log_dir
from onestop_desktop.logs import log_file
from onestop_desktop.logs import setup_logging as setup_logging
from onestop_desktop.logs import stop_logging as stop_logging
from onestop_desktop.ui import i18n
from onestop_desktop.ui.qt import (
    QApplication,
    QCloseEvent,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

log = logging.getLogger("onestop_desktop.ui")

#: the red of an error said inside a dialog (a field's problem, a refused step)
ERROR_STYLE = "color: #b71c1c;"


def error_label() -> QLabel:
    """The line under a dialog's fields that says what is wrong: red, wrapped, hidden until a
    problem is shown in it."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


# -- errors ----------------------------------------------------------------------------------------
def known_error_message(error: BaseException) -> str | None:
    """The clerk-facing text of a known failure, in the interface's language, else None."""
    if isinstance(error, KnownError):
        return error.text(i18n.current_language())
    return None


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """A modal error message the clerk must acknowledge."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or i18n.translate("Errors", "OneStop – Error"))
    box.setText(message)
    box.exec()


def report_bug(
    parent: QWidget | None,
    error: BaseException,
    trace: str,
    shown: Callable[[QWidget | None, str], None] | None = None,
) -> None:
    """Log a bug with its traceback and tell the clerk briefly where the details are."""
    log.error("unexpected error: %s\n%s", error, trace)
    where = log_file()
    message = i18n.translate(
        "Errors",
        "An unexpected error occurred: {error}\n\nThe details were written to the log:\n"
        "{path}\nPlease send this file to the administrator.",
    ).format(error=type(error).__name__, path=where)
    (shown or show_error)(parent, message)


def show_exception(parent: QWidget | None, error: BaseException, trace: str | None = None) -> None:
    """Show a known failure as it is, or report a bug."""
    known = known_error_message(error)
    if known is not None:
        log.warning("%s", error)
        show_error(parent, known)
        return
    report_bug(parent, error, trace or "".join(traceback.format_exception(error)), shown=show_error)


class _ExceptHook:
    """sys.excepthook while the GUI runs: exceptions raised in slots end up here."""

    def __init__(self) -> None:
        self.busy = False

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        trace = "".join(traceback.format_exception(kind, error, tb))
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if self.busy or QApplication.instance() is None:
            # An error while showing an error: log it and keep going.
            log.error("error while reporting an error: %s\n%s", error, trace)
            sys.__excepthook__(kind, error, tb)
            return
        self.busy = True
        try:
            show_exception(QApplication.activeWindow(), error, trace)
        finally:
            self.busy = False


def install_excepthook() -> None:
    """Route uncaught exceptions (including those in Qt slots) to `show_exception`."""
    sys.excepthook = _ExceptHook()


# -- dialogs ---------------------------------------------------------------------------------------
class WorkDialog(QDialog):
    """A dialog that stays open while its work (a print job, an export) runs: Esc and the
    window's close button do nothing until `busy` says it is over."""

    def busy(self) -> bool:
        return False

    def reject(self) -> None:
        if not self.busy():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy():
            event.ignore()
            return
        super().closeEvent(event)
