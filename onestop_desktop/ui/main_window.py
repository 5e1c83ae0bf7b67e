"""The counter's main window: its pages (the daily board first), menus, toolbar and status bar.

Pages live in a QStackedWidget under a name (`add_page` / `show_page`): the daily board, the
intake screen (Ctrl+N, back to the board once the dossier is saved) and a dossier's page. A code
scanned anywhere in the window (`ScanFilter`) or typed (Ctrl+O, the board's search) goes to
`open_dossier`, whatever page is showing. The board is drawn again after every change made here.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from onestop_desktop.domain.dossier import Dossier, normalise_code
from onestop_desktop.domain.people import Person
from onestop_desktop.operations import Desk, UnknownDossier
from onestop_desktop.operations.backup import BackupResult, DamagedDatabase
from onestop_desktop.operations.base import NotAllowed
from onestop_desktop.operations.support import BugReport
from onestop_desktop.ui import i18n
from onestop_desktop.ui.about import AboutDialog
from onestop_desktop.ui.actions import ActionHooks, DossierActions
from onestop_desktop.ui.audit_log import AuditCheckDialog, AuditLogWindow
from onestop_desktop.ui.background import DeskOp, ThreadOp
from onestop_desktop.ui.backup_dialog import BackupDialog, BackupHooks
from onestop_desktop.ui.board import BoardPage
from onestop_desktop.ui.bug_report import (
    AskPath,
    Tell,
    ask_report_path,
    send_bug_report,
    tell_where,
)
from onestop_desktop.ui.dialogs import known_error_message, show_error
from onestop_desktop.ui.dossier_view import DossierPage
from onestop_desktop.ui.export_dialog import EndOfDay
from onestop_desktop.ui.guide import GuideWindow
from onestop_desktop.ui.intake import IntakePage
from onestop_desktop.ui.notices import NoticeBar, damaged_text, read_only_text, settled_text
from onestop_desktop.ui.people_dialog import PeopleDialog
from onestop_desktop.ui.printing import PrintFlow, PrintHooks
from onestop_desktop.ui.qt import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QEvent,
    QInputDialog,
    QKeySequence,
    QLabel,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    Qt,
    QToolBar,
    QVBoxLayout,
    QWidget,
    Signal,
    is_alive,
)
from onestop_desktop.ui.scan import ScanFilter
from onestop_desktop.ui.settings_dialog import SettingsDialog, SettingsHooks
from onestop_desktop.ui.sign_in import SignInDialog
from onestop_desktop.ui.sizing import scrollable

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


def ask_code_to_open(parent: QWidget) -> str | None:
    """Ask for the code of a dossier to open (typed, or scanned into the box)."""
    code, accepted = QInputDialog.getText(
        parent,
        i18n.translate("MainWindow", "Open a dossier"),
        i18n.translate("MainWindow", "Dossier code (type it or scan the slip's barcode):"),
    )
    return code.strip() if accepted and code.strip() else None


ShowMessage = Callable[[QWidget, str], None]


class MainWindow(QMainWindow):
    """The window of one desk: pages, menus, and who is working at which desk."""

    # the start-of-day check and backup are over: "" when all is well, else the message shown
    start_checked = Signal(str)
    # Cài đặt → "Sao lưu và phục hồi" opened its dialog
    backup_menu_opened = Signal(object)

    def __init__(
        self,
        desk: Desk,
        print_hooks: PrintHooks | None = None,
        ask_code: AskCode = ask_dossier_code,
        action_hooks: ActionHooks | None = None,
        ask_open: AskCode = ask_code_to_open,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.ask_code = ask_code
        self.ask_open = ask_open
        self.setObjectName("mainWindow")
        self.pages = QStackedWidget()
        self.page_names: dict[str, QWidget] = {}
        # What the desk found at start (notices.py) sits above the pages, never over them.
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.notice_area = QVBoxLayout()
        self.notice_area.setContentsMargins(8, 6, 8, 0)
        self.notice_area.setSpacing(4)
        column.addLayout(self.notice_area)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.notices: list[NoticeBar] = []
        self.guide_window: GuideWindow | None = None
        self.board = BoardPage(desk)
        self.add_page("board", self.board)
        self.intake = IntakePage(desk)
        self.add_page("intake", self.intake, scroll=True)
        self.printing = PrintFlow(desk, self, print_hooks)
        self.dossier_actions = DossierActions(desk, self.printing, self, action_hooks)
        self.dossier_page = DossierPage(desk, self.dossier_actions)
        self.add_page("dossier", self.dossier_page, scroll=True)
        self.intake.print_requested.connect(self.print_slip)
        self.intake.saved.connect(self._received)
        self.printing.status.connect(self._show_status)
        # a form printed or saved: the dossier page lists it
        self.printing.recorded.connect(lambda _outcome, _reprint: self._dossier_changed(""))
        self.dossier_actions.changed.connect(self._dossier_changed)
        self.board.open_requested.connect(self.open_dossier)
        self.board.apology_requested.connect(self.dossier_actions.apologise)
        self.board.return_requested.connect(self.dossier_actions.record_return)
        self.board.handover_requested.connect(self.dossier_actions.hand_over)
        self.board.new_requested.connect(self.new_dossier)
        self.dossier_page.back_requested.connect(self.show_board)
        self.scanner = ScanFilter(self)
        self.scanner.scanned.connect(self.open_dossier)
        self.scanner.install()
        self._build_menus()
        self.desk_label = QLabel()
        self.clerk_label = QLabel()
        self.office_has_people = bool(desk.people())
        for label in (self.desk_label, self.clerk_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.retranslate()
        self.resize(1280, 720)
        self._start_notices()

    # -- pages ---------------------------------------------------------------------------------
    def add_page(self, name: str, page: QWidget, scroll: bool = False) -> None:
        """Add a screen to the window under a name; a tall one (`scroll`) scrolls in a short
        window (1024×768 at 125 %) instead of being cut."""
        self.page_names[name] = page
        self.pages.addWidget(scrollable(page) if scroll else page)

    def show_page(self, name: str) -> QWidget:
        page = self.page_names[name]
        self.pages.setCurrentWidget(self._frame_of(page))
        return page

    def _frame_of(self, page: QWidget) -> QWidget:
        """The page itself, or the scroll area it sits in."""
        parent = page.parentWidget()
        area = parent.parentWidget() if parent is not None else None
        return area if isinstance(area, QScrollArea) else page

    def current_page(self) -> str:
        current = self.pages.currentWidget()
        names = self.page_names.items()
        return next((name for name, page in names if self._frame_of(page) is current), "")

    def ready_widget(self) -> QWidget:
        """The field that has the keyboard when the window opens: the board's search box."""
        return self.board.search_edit

    def show_board(self) -> None:
        """Back to the daily board, with the keyboard on the current section's table."""
        self._leaving_intake()
        self.show_page("board")
        self.board.current_view().setFocus(Qt.FocusReason.OtherFocusReason)

    def show_board_tabs(self) -> None:
        """Ctrl+B: the board's sections, whatever was searched before (the dossier page's
        Back returns to the search results it came from)."""
        self.board.show_tabs()
        self.show_board()

    def new_dossier(self) -> None:
        """The intake form: the half-typed dossier when there is one (nothing typed is lost
        by leaving the form), else an empty form with the cursor in the procedure field."""
        was_shown = self.current_page() == "intake"
        self.show_page("intake")
        if not self.intake.has_draft():
            self.intake.clear_form()
        elif was_shown:
            # Ctrl+N on the form itself: a new dossier, once the clerk agrees to drop this one
            self.intake.start_afresh()
        else:
            self.intake.continue_draft()

    def _leaving_intake(self) -> None:
        """Say that a half-typed intake is kept when the clerk leaves the form."""
        if self.current_page() == "intake" and self.intake.has_draft():
            self._show_status(self.tr("The dossier being typed is kept: Ctrl+N goes back to it."))

    def open_dossier(self, code: str) -> bool:
        """Show the dossier with this code (typed or scanned; case and spaces do not matter)."""
        cleaned = normalise_code(code)
        try:
            self.dossier_page.show_dossier(cleaned)
        except UnknownDossier:
            self.dossier_actions.hooks.show_error(
                self, self.tr("No dossier has the code “{code}”.").format(code=cleaned)
            )
            return False
        self._leaving_intake()
        self.show_page("dossier")
        self.dossier_page.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def open_by_code(self) -> None:
        code = self.ask_open(self)
        if code:
            self.open_dossier(code)

    def _received(self, dossier: Dossier) -> None:
        log.info("received %s", dossier.code)  # the day's trail in the log
        self.board.refresh()
        self.show_board()
        self._show_status(self.tr("Dossier {code} received.").format(code=dossier.code))

    def _dossier_changed(self, code: str) -> None:
        """After a move, an apology or a print: draw the board and the open dossier again."""
        if code:
            self.board.refresh()
        shown = self.dossier_page.dossier
        if shown is not None and (not code or shown.code == code):
            self.dossier_page.reload()

    # -- what the desk found at start ----------------------------------------------------------
    def add_notice(
        self, text: Callable[[], str], *, warning: bool = True, closable: bool = True
    ) -> NoticeBar:
        """A message bar above the pages; its text is built again when the language changes."""
        bar = NoticeBar(text, warning=warning, closable=closable, parent=self)
        bar.closed.connect(lambda: self.notices.remove(bar))
        self.notices.append(bar)
        self.notice_area.addWidget(bar)
        bar.show()  # a bar added once the window is up is not shown by its layout alone
        return bar

    def _start_notices(self) -> None:
        """Tell what opening the desk found: a read-only database (for as long as it is open),
        and each export a crash interrupted that the desk settled (once, closable)."""
        path = self.desk.db.path
        if self.desk.db.read_only:
            self.add_notice(lambda: read_only_text(path), closable=False)
            self._turn_off_writing()
        for settled in self.desk.settled:
            if settled.outcome == "recorded" and settled.in_folder:
                warning = False  # news only: the file is where it belongs
            else:
                warning = settled.outcome != "dropped"
            self.add_notice(functools.partial(settled_text, settled, path), warning=warning)
        # Shown once: a window opened again on this desk object does not repeat them.
        self.desk.settled = ()
        if self.intake.restored_draft:
            self.add_notice(
                lambda: self.tr(
                    "A dossier was being typed when the program last stopped; it was kept. "
                    "Press Ctrl+N to go on with it."
                ),
                warning=False,
            )

    def _turn_off_writing(self) -> None:
        """A read-only desk: what would write is not offered (a write that slips through
        still fails with the store's read-only message, and nothing is saved)."""
        for action in (self.new_action, self.export_action, self.ack_action):
            action.setEnabled(False)
        self.board.set_read_only(True)

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.dossier_menu = bar.addMenu("")
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.new_dossier)
        self.board_action = QAction(self)
        self.board_action.setShortcut(QKeySequence("Ctrl+B"))
        self.board_action.triggered.connect(self.show_board_tabs)
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.open_by_code)
        self.search_action = QAction(self)
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.search_action.triggered.connect(self.find_dossier)
        self.reprint_action = QAction(self)
        self.reprint_action.setShortcut(QKeySequence("Ctrl+P"))
        self.reprint_action.triggered.connect(self.reprint)
        self.reports_action = QAction(self)
        self.reports_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reports_action.triggered.connect(lambda: self.open_reports())
        # the end of day: export for upstream, upstream's acknowledgement, reminder on closing
        self.end_of_day = EndOfDay(self.desk, self)
        self.end_of_day.dossier_requested.connect(self.open_dossier)
        # an export or upstream's answer changes each dossier's sync state: redraw the open one
        self.end_of_day.exported.connect(lambda _result: self._dossier_changed(""))
        self.end_of_day.acknowledged.connect(lambda _counts: self._dossier_changed(""))
        self.export_action = QAction(self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.end_of_day.open_dialog)
        self.ack_action = QAction(self)
        self.ack_action.triggered.connect(self.end_of_day.import_ack)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.end_of_day.quit)
        self.dossier_menu.addAction(self.board_action)
        self.dossier_menu.addAction(self.new_action)
        self.dossier_menu.addAction(self.open_action)
        self.dossier_menu.addAction(self.search_action)
        self.dossier_menu.addAction(self.reprint_action)
        self.dossier_menu.addAction(self.reports_action)
        self.dossier_menu.addSeparator()
        self.dossier_menu.addAction(self.export_action)
        self.dossier_menu.addAction(self.ack_action)
        self.dossier_menu.addSeparator()
        self.dossier_menu.addAction(self.quit_action)

        self.settings_menu = bar.addMenu("")
        self.office_action = QAction(self)
        self.office_action.triggered.connect(lambda: self.open_settings())
        self.settings_menu.addAction(self.office_action)
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

        self.settings_menu.addSeparator()
        self.change_clerk_action = QAction(self)
        self.change_clerk_action.triggered.connect(lambda: self.change_clerk())
        self.settings_menu.addAction(self.change_clerk_action)
        self.people_action = QAction(self)
        self.people_action.triggered.connect(lambda: self.open_people())
        self.settings_menu.addAction(self.people_action)
        self.backup_action = QAction(self)
        self.backup_action.triggered.connect(lambda: self.open_backups())
        self.settings_menu.addAction(self.backup_action)

        self.help_menu = bar.addMenu("")
        self.guide_action = QAction(self)
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(lambda: self.open_guide())
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addSeparator()
        self.audit_check_action = QAction(self)
        self.audit_check_action.triggered.connect(lambda: self.check_audit())
        self.help_menu.addAction(self.audit_check_action)
        self.audit_log_action = QAction(self)
        self.audit_log_action.triggered.connect(lambda: self.open_audit_log())
        self.help_menu.addAction(self.audit_log_action)
        self.help_menu.addSeparator()
        self.bug_report_action = QAction(self)
        self.bug_report_action.triggered.connect(lambda: self.send_bug_report())
        self.help_menu.addAction(self.bug_report_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about)
        self.help_menu.addAction(self.about_action)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.board_action, self.new_action, self.open_action, self.search_action):
            self.toolbar.addAction(action)
        self.addToolBar(self.toolbar)

    def retranslate(self) -> None:
        settings = self.desk.settings
        self.setWindowTitle(
            self.tr("OneStop – One-stop office – {agency}").format(agency=settings.agency_name)
        )
        self.dossier_menu.setTitle(self.tr("&Dossier"))
        self.new_action.setText(self.tr("&New dossier"))
        self.board_action.setText(self.tr("Daily &board"))
        self.open_action.setText(self.tr("&Open a dossier by code…"))
        self.search_action.setText(self.tr("&Find a dossier"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.reprint_action.setText(self.tr("&Reprint an appointment slip…"))
        self.reports_action.setText(self.tr("Re&ports…"))
        self.export_action.setText(self.tr("&End-of-day export…"))
        self.ack_action.setText(self.tr("Import upstream's &acknowledgement…"))
        self.quit_action.setText(self.tr("E&xit"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.office_action.setText(self.tr("&Office information…"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.backup_action.setText(self.tr("&Backup and restore…"))
        self.change_clerk_action.setText(self.tr("C&hange clerk…"))
        self.people_action.setText(self.tr("&Staff and officers…"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.audit_check_action.setText(self.tr("&Check the audit log"))
        self.audit_log_action.setText(self.tr("Audit &log…"))
        self.about_action.setText(self.tr("&About OneStop"))
        self.guide_action.setText(self.tr("&User guide"))
        self.bug_report_action.setText(self.tr("Send a &bug report…"))
        for bar in self.notices:
            bar.retranslate()
        self.desk_label.setText(
            self.tr("Agency {code} · Desk {station}").format(
                code=settings.agency_code, station=settings.desk_number
            )
        )
        self._clerk_text()

    def show_clerk(self) -> None:
        """The status bar's clerk: the person at the desk and their title, or the generic name
        and where the office adds its people (read again after a change of people)."""
        self.office_has_people = bool(self.desk.people())
        self._clerk_text()

    def _clerk_text(self) -> None:
        person = self.desk.on_duty
        if person is not None:
            text = self.tr("On duty: {name}").format(name=person.name)
            if person.title:
                text += f" ({person.title})"
        else:
            text = self.tr("Clerk: {name}").format(name=self.desk.settings.clerk_name)
            if not self.office_has_people:
                text += " · " + self.tr("the office can list its people in Settings → Staff")
        self.clerk_label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing with changes from earlier days not exported asks first (EndOfDay.may_close).
        if not self.end_of_day.may_close(event):
            event.ignore()
            return
        self.intake.flush_draft()  # a half-typed intake waits for the next start
        super().closeEvent(event)

    # -- actions -------------------------------------------------------------------------------
    def find_dossier(self) -> None:
        """Ctrl+F: the board's search box, from any page."""
        self._leaving_intake()
        self.show_page("board")
        self.board.focus_search()

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
        # A read-only desk cannot remember it: the switch holds for this session only.
        if self.desk.settings.language != language and not self.desk.db.read_only:
            try:
                self.desk.update_settings(language=language)
            except Exception as error:  # a locked or read-only database: keep working
                known = known_error_message(error)
                if known is None:
                    raise
                show_error(self, known)

    def about(self) -> AboutDialog:
        """Trợ giúp → "Giới thiệu OneStop": version, licences, Qt's version."""
        dialog = AboutDialog(self.desk.db.path, self)
        dialog.show()
        return dialog

    def open_guide(self) -> GuideWindow:
        """Trợ giúp → "Hướng dẫn sử dụng" (F1): one guide window, raised if already open."""
        if self.guide_window is None or not is_alive(self.guide_window):
            self.guide_window = GuideWindow(self)
        if self.guide_window.isVisible():  # behind the main window: bring it forward
            self.guide_window.raise_()
        self.guide_window.show()
        self.guide_window.activateWindow()
        return self.guide_window

    def send_bug_report(
        self, ask: AskPath = ask_report_path, tell: Tell = tell_where
    ) -> ThreadOp[BugReport] | None:
        """Trợ giúp → "Gửi báo cáo lỗi…": one zip for support, where the clerk chooses."""
        return send_bug_report(self, self.desk, ask, tell)

    def open_settings(self, hooks: SettingsHooks | None = None) -> SettingsDialog:
        """Cài đặt → "Thông tin đơn vị": the office's settings and days off."""
        dialog = SettingsDialog(self.desk, self, hooks)
        dialog.saved.connect(lambda _change: self.retranslate())
        dialog.setModal(True)
        dialog.show()
        return dialog

    def change_clerk(self) -> SignInDialog:
        """Cài đặt → "Đổi người trực…": sign another clerk in without restarting."""
        dialog = SignInDialog(self.desk, self, at_start=False)
        dialog.signed_in.connect(self._clerk_changed)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def check_audit(self) -> AuditCheckDialog:
        """Trợ giúp → "Kiểm tra nhật ký thay đổi": the chain walked off the UI thread."""
        dialog = AuditCheckDialog(self.desk, self)
        dialog.show()
        dialog.start()
        return dialog

    def open_reports(self) -> QWidget:
        """Hồ sơ → "Báo cáo…" (Ctrl+R): imported here, so its charts library never loads at
        start-up."""
        from onestop_desktop.ui.reports_window import ReportsWindow

        # one window: asked again, the one already open (with its report) comes to the front
        window = self.findChild(ReportsWindow) or ReportsWindow(self.desk, self)
        if window.isVisible():
            window.raise_()
            window.activateWindow()
        else:
            window.show()
        return window

    def open_audit_log(self) -> AuditLogWindow:
        """Trợ giúp → "Nhật ký thay đổi…"."""
        window = AuditLogWindow(self.desk, self)
        window.show()
        return window

    def _clerk_changed(self, person: Person) -> None:
        self.show_clerk()
        self._show_status(self.tr("{name} is now at the desk.").format(name=person.name))

    def open_people(self) -> PeopleDialog | None:
        """Cài đặt → "Cán bộ, công chức…" (administrators, once the office has one)."""
        try:
            self.desk.require_admin()
        except NotAllowed as error:
            self.dossier_actions.hooks.show_error(self, known_error_message(error) or str(error))
            return None
        dialog = PeopleDialog(self.desk, self)
        dialog.changed.connect(self.show_clerk)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def open_backups(self, hooks: BackupHooks | None = None) -> BackupDialog:
        """Cài đặt → "Sao lưu và phục hồi"."""
        dialog = BackupDialog(self.desk, self, hooks)
        dialog.restored.connect(lambda _result: self.board.refresh())
        dialog.setModal(True)
        dialog.show()
        self.backup_menu_opened.emit(dialog)
        return dialog

    def start_of_day_checks(self, shown: ShowMessage = show_error) -> None:
        """At the window's start, off the UI thread: the database's quick check (seconds on a
        big database), then the day's first backup when there is none yet. A damaged database
        is shown at once (in the window's language), with what to do: restore a good backup.
        `start_checked` then says the outcome ("" when all is well)."""

        def done(result: BackupResult | None) -> None:
            if result is not None:
                self._show_status(
                    self.tr("Daily backup written and checked ({dossiers} dossiers).").format(
                        dossiers=i18n.number(result.backup.dossiers)
                    )
                )
            self.start_checked.emit("")

        def failed(error: BaseException) -> None:
            message = known_error_message(error)
            if message is not None:
                # The dialog is read once; the bar stays while the clerk works on a damaged file.
                if isinstance(error, DamagedDatabase):
                    self.add_notice(lambda: damaged_text(error), closable=False)
                shown(self, message)
            self.start_checked.emit(message or str(error))

        def work(desk: Desk) -> BackupResult | None:
            desk.check_database()
            # A read-only desk cannot write its backup beside it: checking it is all it can do.
            return None if desk.db.read_only else desk.backup_if_due()

        DeskOp(self, self.desk, work, success=done, failure=failed)

    def _show_status(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, STATUS_MESSAGE_MS)
        else:
            self.statusBar().clearMessage()
