"""The counter's main window: its pages (the intake screen first), menus and status bar.

Pages live in a QStackedWidget under a name (`add_page` / `show_page`), so further screens (the
daily board) slot in beside the intake screen, and an application-wide handler (a barcode scanner
typing a dossier code) can route a code to `open_dossier` whatever page is showing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from onestop_desktop import __version__
from onestop_desktop.services import Desk
from onestop_desktop.ui import i18n
from onestop_desktop.ui.app import known_error_message, show_error
from onestop_desktop.ui.intake import IntakePage
from onestop_desktop.ui.printing import PrintFlow, PrintHooks
from onestop_desktop.ui.qt import (
    QAction,
    QActionGroup,
    QEvent,
    QInputDialog,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

log = logging.getLogger("onestop_desktop.ui")

# what the window asks when the clerk reprints a slip: (parent) -> code, or None if cancelled
AskCode = Callable[[QWidget], str | None]
STATUS_MESSAGE_MS = 15_000


def ask_dossier_code(parent: QWidget) -> str | None:
    """Ask for a dossier code (typed, or scanned from the slip's barcode)."""
    code, accepted = QInputDialog.getText(
        parent,
        i18n.translate("MainWindow", "Reprint an appointment slip"),
        i18n.translate("MainWindow", "Dossier code (type it or scan the slip's barcode):"),
    )
    return code.strip() if accepted and code.strip() else None


class MainWindow(QMainWindow):
    """The window of one desk: pages, menus, and who is working at which desk."""

    def __init__(
        self,
        desk: Desk,
        print_hooks: PrintHooks | None = None,
        ask_code: AskCode = ask_dossier_code,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.ask_code = ask_code
        self.setObjectName("mainWindow")
        self.pages = QStackedWidget()
        self.page_names: dict[str, QWidget] = {}
        self.setCentralWidget(self.pages)
        self.intake = IntakePage(desk)
        self.add_page("intake", self.intake)
        self.printing = PrintFlow(desk, self, print_hooks)
        self.intake.print_requested.connect(self.print_slip)
        self.intake.saved.connect(
            lambda dossier: log.info("received %s", dossier.code)  # the day's trail in the log
        )
        self.printing.status.connect(self._show_status)
        self._build_menus()
        self.desk_label = QLabel()
        self.clerk_label = QLabel()
        for label in (self.desk_label, self.clerk_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.retranslate()
        self.resize(1280, 720)

    # -- pages ---------------------------------------------------------------------------------
    def add_page(self, name: str, page: QWidget) -> None:
        """Add a screen to the window under a name."""
        self.page_names[name] = page
        self.pages.addWidget(page)

    def show_page(self, name: str) -> QWidget:
        page = self.page_names[name]
        self.pages.setCurrentWidget(page)
        return page

    def new_dossier(self) -> None:
        """Show an empty intake form with the cursor in the procedure field."""
        self.show_page("intake")
        self.intake.clear_form()

    def open_dossier(self, code: str) -> None:
        """What a typed or scanned dossier code does today: print its slip again."""
        self.print_slip(code)

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.dossier_menu = bar.addMenu("")
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.new_dossier)
        self.reprint_action = QAction(self)
        self.reprint_action.setShortcut(QKeySequence("Ctrl+P"))
        self.reprint_action.triggered.connect(self.reprint)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.dossier_menu.addAction(self.new_action)
        self.dossier_menu.addAction(self.reprint_action)
        self.dossier_menu.addSeparator()
        self.dossier_menu.addAction(self.quit_action)

        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for language in i18n.LANGUAGES:
            # Each language is named in itself, so anyone can find their way back.
            action = QAction(i18n.LANGUAGE_NAMES[language], self)
            action.setCheckable(True)
            action.setChecked(language == i18n.current_language())
            action.triggered.connect(lambda _checked, lang=language: self.set_language(lang))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[language] = action

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about)
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        settings = self.desk.settings
        self.setWindowTitle(
            self.tr("OneStop – One-stop office – {agency}").format(agency=settings.agency_name)
        )
        self.dossier_menu.setTitle(self.tr("&Dossier"))
        self.new_action.setText(self.tr("&New dossier"))
        self.reprint_action.setText(self.tr("&Reprint an appointment slip…"))
        self.quit_action.setText(self.tr("E&xit"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About OneStop"))
        self.desk_label.setText(
            self.tr("Agency {code} · Desk {station}").format(
                code=settings.agency_code, station=settings.station
            )
        )
        self.clerk_label.setText(self.tr("Clerk: {name}").format(name=settings.clerk_name))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- actions -------------------------------------------------------------------------------
    def print_slip(self, code: str) -> None:
        """Render, preview and print the appointment slip of a dossier."""
        self.printing.start(code)

    def reprint(self) -> None:
        code = self.ask_code(self)
        if code:
            self.print_slip(code)

    def set_language(self, language: str) -> None:
        """Switch the interface language at once and remember it for this desk."""
        if language != i18n.current_language():
            i18n.set_language(language)
        self.language_actions[language].setChecked(True)
        if self.desk.settings.language != language:
            try:
                self.desk.update_settings(language=language)
            except Exception as error:  # a locked or read-only database: keep working
                known = known_error_message(error)
                if known is None:
                    raise
                show_error(self, known)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About OneStop"),
            self.tr(
                "OneStop Desktop {version}\n\nReceiving dossiers and printing appointment "
                "slips at the commune one-stop office, without a network.\n\n"
                "Database: {path}"
            ).format(version=__version__, path=self.desk.db.path),
        )

    def _show_status(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, STATUS_MESSAGE_MS)
        else:
            self.statusBar().clearMessage()
