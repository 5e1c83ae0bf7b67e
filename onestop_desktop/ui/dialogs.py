"""How errors reach the clerk, the program's log, and the dialog shape every window shares.

Two kinds of failure (as in qutebrowser): a known, environmental one (the database is locked,
read-only, damaged, not set up; a dossier code that does not exist) derives from `KnownError` and
is shown in the interface's language as it is; anything else is a bug, logged with its traceback
to the log folder and shown as a short message that says where the details are.

Every other module of ui/ may import this one; it imports nothing of ui/ but `i18n` and `qt`, so
no import runs back up to the windows or to the entry point (`app`).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import ClassVar

import platformdirs

from onestop_desktop.domain.errors import KnownError
from onestop_desktop.ui import i18n
from onestop_desktop.ui.qt import QApplication, QCloseEvent, QDialog, QMessageBox, QWidget

# the folder name of the log (and of the user's data) on every platform
APP_ID = "onestop-desktop"

log = logging.getLogger("onestop_desktop.ui")


# -- the log ---------------------------------------------------------------------------------------
def log_dir() -> Path:
    """Where the program writes its log (the platform's user log folder)."""
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


class _LogState:
    """The log handler this module installed, so it is installed once and can be closed."""

    handler: ClassVar[logging.Handler | None] = None


def setup_logging() -> Path | None:
    """Log to `<log folder>/onestop.log` (rotated); return its path, or None if not writable."""
    stop_logging()
    path: Path | None = log_dir() / "onestop.log"
    handler: logging.Handler
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler, path = logging.StreamHandler(sys.stderr), None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("onestop_desktop")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    _LogState.handler = handler
    return path


def stop_logging() -> None:
    """Close the log file opened by `setup_logging`."""
    if _LogState.handler is not None:
        logging.getLogger("onestop_desktop").removeHandler(_LogState.handler)
        _LogState.handler.close()
        _LogState.handler = None


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
    where = log_dir() / "onestop.log"
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
