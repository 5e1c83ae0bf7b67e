"""Starting the program: the application object, its fonts and language, the desk database.

`run` is what `main.py` calls. The error dialogs, the log and the excepthook it installs live in
`dialogs`; the windows never import this module, so nothing of ui/ imports back up to it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import stop_background
from onestop_desktop.ui.dialogs import install_excepthook, setup_logging, show_exception
from onestop_desktop.ui.qt import (
    QApplication,
    QDialog,
    QEvent,
    QFont,
    QFontDatabase,
    QObject,
    QTimer,
    QWidget,
)

if TYPE_CHECKING:
    from onestop_desktop.operations import Desk

APP_NAME = "OneStop Desktop"
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


# -- starting the program --------------------------------------------------------------------------
def open_desk(path: Path) -> Desk | None:
    """Open the desk database, setting up a new one first; None if the clerk gave up."""
    from onestop_desktop.operations import Desk, NotInitialised

    try:
        if path.exists():
            return Desk.open(path)
    except NotInitialised:
        pass
    except Exception as error:
        show_exception(None, error)
        return None
    # Only a new desk needs the first-start wizard (and the intake form it borrows from).
    from onestop_desktop.ui.first_run import FirstRunWizard

    wizard = FirstRunWizard(path)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.desk  # written, the first clerk signed in, by the wizard's Finish


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
    from onestop_desktop.ui.sign_in import ask_at_start, needs_sign_in

    if exit_when_ready and needs_sign_in(desk):
        # Nobody to answer the sign-in: say so at once rather than wait for a clerk.
        print("nobody is signed in at this desk today: the sign-in comes first", file=sys.stderr)
        desk.close()
        return 1
    if not ask_at_start(desk):  # who is at the desk, before the clerk can work
        desk.close()
        return 1

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
    if not exit_when_ready:  # the start-up benchmark times the window, not the daily backup
        window.start_of_day_checks()
    log.info("desk %s opened on %s", desk.settings.desk_id, db)
    try:
        return app.exec()
    finally:
        stop_background(desk)
        desk.close()
