"""The application object: fonts, the language, the log, and how errors reach the clerk.

Two kinds of failure (as in qutebrowser): a known, environmental one (the database is locked,
read-only, damaged, not set up; a dossier code that does not exist) carries a `message_vi` and is
shown as it is; anything else is a bug, logged with its traceback to the log folder and shown as a
short message that says where the details are.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar

import platformdirs

from onestop_desktop.domain.errors import KnownError
from onestop_desktop.ui import i18n
from onestop_desktop.ui.qt import (
    QApplication,
    QCloseEvent,
    QDialog,
    QEvent,
    QFont,
    QFontDatabase,
    QMessageBox,
    QObject,
    QTimer,
    QWidget,
)

if TYPE_CHECKING:
    from onestop_desktop.operations import Desk

APP_NAME = "OneStop Desktop"
APP_ID = "onestop-desktop"
# the interface font; DejaVu Sans covers every Vietnamese letter (shipped in resources/fonts)
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
FONT_POINT_SIZE = 10
# `--exit-when-ready` gives up (status 1) if the window cannot take input by then
READY_TIMEOUT_MS = 20_000

log = logging.getLogger("onestop_desktop.ui")


def resources_path() -> Path:
    """The shipped resources folder (fonts, translations, catalogue)."""
    from onestop_desktop.resources import resources_dir

    return resources_dir()


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


def load_fonts(app: QApplication) -> str | None:
    """Register the shipped DejaVu Sans and make it the interface font; return its family."""
    folder = resources_path() / "fonts"
    family: str | None = None
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(folder / name))
        if font_id < 0:
            log.warning("could not load the font %s", folder / name)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if family is None and families:
            family = families[0]
    if family is not None:
        app.setFont(QFont(family, FONT_POINT_SIZE))
    return family


def create_application(argv: list[str], language: str = i18n.DEFAULT_LANGUAGE) -> QApplication:
    """The QApplication with the program's font and interface language."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("OneStop")
    load_fonts(app)
    i18n.set_language(language)
    return app


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


# -- starting the program --------------------------------------------------------------------------
def open_desk(path: Path) -> Desk | None:
    """Open the desk database, setting up a new one first; None if the clerk gave up."""
    from onestop_desktop.operations import Desk, NotInitialised
    from onestop_desktop.ui.first_run import FirstRunDialog

    try:
        if path.exists():
            return Desk.open(path)
    except NotInitialised:
        pass
    except Exception as error:
        show_exception(None, error)
        return None
    dialog = FirstRunDialog(str(path))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    code, name, station = dialog.values()
    try:
        return Desk.initialise(path, code, name, station)
    except Exception as error:
        show_exception(None, error)
        return None


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


class ReadyProbe(QObject):
    """Says "ready" once the window has painted and its first field has the keyboard.

    Used by `main.py --exit-when-ready`: the start-up benchmark times process start → ready.
    """

    def __init__(self, focus: QWidget, on_ready: Callable[[], None]) -> None:
        super().__init__(focus)
        self.focus = focus
        self.on_ready = on_ready
        self.painted = False
        self.done = False
        focus.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.focus and event.type() in (QEvent.Type.Paint, QEvent.Type.FocusIn):
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            # After the paint batch is over, not in the middle of it.
            QTimer.singleShot(0, self.check)
        return False

    def check(self) -> None:
        if self.done or not (self.painted and self.focus.hasFocus()):
            return
        self.done = True
        self.on_ready()


def run(db: Path, language: str | None = None, exit_when_ready: bool = False) -> int:
    """Start the GUI on the desk database `db`; return the exit status."""
    app = create_application(sys.argv[:1], language or i18n.DEFAULT_LANGUAGE)
    setup_logging()
    install_excepthook()
    desk = open_desk(db)
    if desk is None:
        return 1
    if language is None and desk.settings.language != i18n.current_language():
        i18n.set_language(desk.settings.language)
    from onestop_desktop.ui.main_window import MainWindow

    window = MainWindow(desk)
    if exit_when_ready:

        def ready() -> None:
            print("ready", flush=True)
            QTimer.singleShot(0, app.quit)

        def too_slow() -> None:
            print("the window did not get the keyboard focus in time", file=sys.stderr)
            app.exit(1)

        ReadyProbe(window.ready_widget(), ready)
        QTimer.singleShot(READY_TIMEOUT_MS, too_slow)
    # The office PCs have small screens (1366×768): use all of it.
    window.showMaximized()
    # Without a window manager (a kiosk session, Xvfb) nobody else gives the window the keyboard.
    window.activateWindow()
    window.ready_widget().setFocus()
    log.info("desk %s opened on %s", desk.settings.desk_id, db)
    try:
        return app.exec()
    finally:
        desk.close()
