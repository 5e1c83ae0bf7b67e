"""Every screen reads on a small counter PC: 1024×768, and 1366×768 or 1024×768 at 125 % scaling.

At 125 % a 1024×768 screen gives the window 819×614 logical pixels (1366×768 gives 1093×614);
Qt lays out in logical pixels, so the tests size the windows to those logical sizes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QHelpEvent
from pytestqt.qtbot import QtBot

from onestop_desktop.demo import generate_demo, staff_demo_office
from onestop_desktop.operations import Desk
from onestop_desktop.ui import i18n
from onestop_desktop.ui.actions import ApologyDialog
from onestop_desktop.ui.audit_log import AuditLogWindow
from onestop_desktop.ui.backup_dialog import BackupDialog
from onestop_desktop.ui.board import COLUMN_KEYS
from onestop_desktop.ui.export_dialog import ExportDialog, ExportHooks
from onestop_desktop.ui.first_run import FirstRunWizard
from onestop_desktop.ui.handover_dialog import HandOverDialog
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.people_dialog import PeopleDialog, PersonForm
from onestop_desktop.ui.printing import PreviewDialog, PrintHooks
from onestop_desktop.ui.qt import QEvent, QLabel, QSize, QTableView, QToolTip, QWidget
from onestop_desktop.ui.settings_dialog import SettingsDialog
from onestop_desktop.ui.sign_in import SignInDialog
from onestop_desktop.ui.sizing import (
    ColumnPlan,
    fitted_size,
    is_elided,
    plan_widths,
    show_elided_tooltip,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

#: the window's logical size on the counter PCs: 1024×768, and 1366×768 / 1024×768 at 125 %
SMALL_SCREENS = [QSize(1024, 768), QSize(1093, 614), QSize(819, 614)]
STATUS = COLUMN_KEYS.index("status")


@pytest.fixture
def office(desk: Desk) -> Desk:
    generate_demo(desk, 300, seed=3, workers=0)
    staff_demo_office(desk, 3)
    return desk


def open_window(qtbot: QtBot, desk: Desk, size: QSize, language: str = "vi") -> MainWindow:
    i18n.set_language(language)
    window = MainWindow(
        desk, print_hooks=PrintHooks(printers=lambda: [], choose_pdf_path=lambda _p, _s: None)
    )
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    return window


def inside(widget: QWidget, outer: QWidget) -> bool:
    """Whether `widget` is drawn wholly within `outer` (its window, its group)."""
    top_left = widget.mapTo(outer, widget.rect().topLeft())
    bottom_right = widget.mapTo(outer, widget.rect().bottomRight())
    return outer.rect().contains(top_left) and outer.rect().contains(bottom_right)


def status_in_sight(view: QTableView) -> bool:
    header = view.horizontalHeader()
    right = header.sectionViewportPosition(STATUS) + header.sectionSize(STATUS)
    return (
        not header.isSectionHidden(STATUS)
        and header.sectionViewportPosition(STATUS) >= 0
        and right <= view.viewport().width()
        and view.horizontalScrollBar().maximum() == 0
    )


# -- the window as a whole ------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_fits_the_smallest_window(qtbot: QtBot, office: Desk, language: str) -> None:
    """At 125 % on 1024×768 the window has 819×614: no page may ask for more."""
    window = open_window(qtbot, office, QSize(819, 614), language)
    needed = window.minimumSizeHint()
    assert needed.width() <= 819 and needed.height() <= 614, needed
    assert window.width() <= 819 and window.height() <= 614


@pytest.mark.parametrize("size", SMALL_SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_status_column_is_in_sight_without_scrolling(
    qtbot: QtBot, office: Desk, size: QSize, language: str
) -> None:
    window = open_window(qtbot, office, size, language)
    board = window.board
    for key in board.sections:
        tab = board.show_section(key)
        qtbot.waitUntil(lambda tab=tab: tab.view.viewport().width() > 0)
        assert status_in_sight(tab.view), (key, size)
    # the names shrink before the dossier code, the due date or the status are cut
    view = board.current_view()
    header = view.horizontalHeader()
    code = COLUMN_KEYS.index("code")
    text = view.model().index(0, code).data()
    assert header.sectionSize(code) >= view.fontMetrics().horizontalAdvance(text)


def test_a_narrow_board_drops_the_first_due_date_before_the_status(
    qtbot: QtBot, office: Desk
) -> None:
    window = open_window(qtbot, office, QSize(1366, 768))
    header = window.board.current_view().horizontalHeader()
    assert not any(header.isSectionHidden(c) for c in range(header.count()))
    window.resize(819, 614)
    qtbot.waitUntil(lambda: header.isSectionHidden(COLUMN_KEYS.index("original_due")))
    assert status_in_sight(window.board.current_view())
    window.resize(1366, 768)  # room again: it comes back
    qtbot.waitUntil(lambda: not header.isSectionHidden(COLUMN_KEYS.index("original_due")))


def test_board_tabs_scroll_with_arrows_and_keep_their_counts(qtbot: QtBot, office: Desk) -> None:
    window = open_window(qtbot, office, QSize(819, 614))
    bar = window.board.tabs.tabBar()
    assert bar.usesScrollButtons()
    # A count is what the clerk reads in a tab: never "Quá hạn (1…".
    assert bar.elideMode().name == "ElideNone"


# -- the intake and the dossier page --------------------------------------------------------------
@pytest.mark.parametrize("size", SMALL_SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
def test_intake_with_the_longest_procedure_cuts_no_label(
    qtbot: QtBot, office: Desk, size: QSize
) -> None:
    window = open_window(qtbot, office, size)
    window.new_dossier()
    page = window.intake
    longest = max(office.catalogue.procedures, key=lambda p: len(p.name))
    page.picker.set_procedure(longest)
    # the name cut in the field is whole in its tooltip
    assert longest.name in page.picker.edit.toolTip()
    dossier = office.get(office.board().section("overdue").rows[0].code)
    page.banner.show_dossier(dossier)
    page.banner.title.setText(page.banner.title.text() + " – " + longest.name)
    qtbot.waitUntil(lambda: page.banner.title.width() > 0)
    for label in page.findChildren(QLabel):
        if not label.isVisible() or not label.text() or label.wordWrap():
            continue
        assert label.sizeHint().width() <= label.width() + 1, label.text()
        assert inside(label, window), label.text()
    assert page.banner.title.wordWrap() and inside(page.banner.title, window)


@pytest.mark.parametrize("size", SMALL_SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_step_of_the_dossier_page_is_within_reach(
    qtbot: QtBot, office: Desk, size: QSize
) -> None:
    window = open_window(qtbot, office, size)
    row = office.board().section("overdue").rows[0]
    assert window.open_dossier(row.code)
    page = window.dossier_page
    buttons = [*page.move_buttons.values(), page.hand_over_button, page.apology_button]
    shown = [b for b in buttons if not b.isHidden()]
    assert len(shown) >= 3
    qtbot.waitUntil(lambda: all(b.width() > 0 for b in shown))
    for button in shown:
        # in the "next step" box, and in the window's width (the page may scroll down)
        assert inside(button, page.moves_box), button.text()
        left = button.mapTo(window, button.rect().topLeft()).x()
        assert left >= 0 and left + button.width() <= window.width(), button.text()
    history = page.history_view
    header = history.horizontalHeader()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        history.viewport().width()
    )


# -- dialogs --------------------------------------------------------------------------------------
def test_every_dialog_fits_in_614_pixels_of_height(
    qtbot: QtBot, office: Desk, tmp_path: Path
) -> None:
    i18n.set_language("vi")
    row = office.board().section("overdue").rows[0]
    dossier = office.get(row.code)
    pdf = tmp_path / "slip.pdf"
    office.render_form(dossier.code, pdf, "receipt")
    dialogs: list[QWidget] = [
        ExportDialog(office, ExportHooks()),
        SettingsDialog(office, None),
        PeopleDialog(office),
        PersonForm(office, office.people()[0]),
        BackupDialog(office),
        AuditLogWindow(office),
        HandOverDialog(office, [dossier]),
        SignInDialog(office),
        FirstRunWizard(tmp_path / "new" / "desk.sqlite3", printers=lambda: []),
        ApologyDialog(dossier, office.propose_new_due(dossier), office.clock.now()),
        PreviewDialog(pdf, dossier, False),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        name = type(dialog).__name__
        assert dialog.minimumSizeHint().height() <= 614, name
        assert dialog.minimumSizeHint().width() <= 819, name
        assert dialog.sizeHint().height() <= 614, name


# -- the sizing rules themselves ------------------------------------------------------------------
def test_columns_share_the_room_and_drop_what_matters_least() -> None:
    plan = ColumnPlan(
        preferred={0: 200, 1: 150, 2: 100}, minimum={0: 200, 1: 60, 2: 80}, stretch=(1,), drop=(2,)
    )
    assert plan_widths(plan, 3, 600) == {0: 200, 1: 300, 2: 100}  # the stretch takes the rest
    narrow = plan_widths(plan, 3, 400)
    assert sum(narrow.values()) == 400 and narrow[0] == 200 and narrow[2] >= 80
    assert plan_widths(plan, 3, 300) == {0: 200, 1: 100}  # the last column goes first
    assert plan_widths(plan, 4, 600)[3] == 100  # a column the plan does not know keeps a width


def test_a_dialog_is_never_larger_than_the_screen() -> None:
    assert fitted_size(QSize(900, 640), QSize(803, 566), QSize(500, 300)) == QSize(803, 566)
    assert fitted_size(QSize(600, 400), QSize(803, 566), QSize(500, 300)) == QSize(600, 400)
    assert fitted_size(QSize(900, 640), QSize(400, 200), QSize(500, 300)) == QSize(500, 300)


@pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
def test_a_name_cut_short_shows_whole_in_its_tooltip(qtbot: QtBot, office: Desk) -> None:
    window = open_window(qtbot, office, QSize(819, 614))
    view = window.board.current_view()
    applicant = COLUMN_KEYS.index("applicant")
    view.horizontalHeader().resizeSection(applicant, 70)  # as a clerk dragging it narrow would
    rows = range(view.model().rowCount())
    cut = next(
        view.model().index(r, applicant)
        for r in rows
        if is_elided(view.model().index(r, applicant), view)
    )
    centre = view.visualRect(cut).center()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, view.viewport().mapToGlobal(centre))
    assert show_elided_tooltip(view, event)
    assert QToolTip.text() == cut.data()
    # a dossier code is never cut short: no tooltip of that kind on it
    whole = view.model().index(0, COLUMN_KEYS.index("code"))
    assert not is_elided(whole, view)
    centre = view.visualRect(whole).center()
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, view.viewport().mapToGlobal(centre))
    assert not show_elided_tooltip(view, event)


@pytest.mark.parametrize("dialog_type", [PeopleDialog, AuditLogWindow])
def test_the_office_tables_keep_every_column_in_sight(
    qtbot: QtBot, office: Desk, dialog_type: type[QWidget]
) -> None:
    i18n.set_language("vi")
    dialog = dialog_type(office)
    qtbot.addWidget(dialog)
    dialog.resize(780, 560)  # 819 × 614 less a window frame
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    header = table.horizontalHeader()
    last = header.count() - 1
    right = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert right <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
