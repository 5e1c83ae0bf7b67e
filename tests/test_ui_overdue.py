"""Overdue marked wherever a dossier appears, with its working days late: every board tab, the
search results and the dossier's page; the board sorted by a column's header; red only for what
is in fact late or due today; the "Quá hạn (N)" tab standing out."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.demo import generate_demo
from onestop_desktop.operations import Desk
from onestop_desktop.ui.board import COLUMN_KEYS, OVERDUE_FOREGROUND, BoardPage
from onestop_desktop.ui.qt import QBrush, QPoint, Qt
from tests.test_ui_board import SAME_DAY, THREE_DAYS, Clerk, at, open_window, receive

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

LATE = COLUMN_KEYS.index("days_late")
DUE = COLUMN_KEYS.index("due")


@pytest.fixture
def clerk() -> Clerk:
    return Clerk()


def shown(board: BoardPage, key: str, code: str) -> tuple[str, object]:
    """The days-late cell and the due cell's colour of a dossier in one tab."""
    model = board.sections[key].model
    for row in range(model.rowCount()):
        if model.data(model.index(row, 0)) == code:
            colour = model.data(model.index(row, DUE), Qt.ItemDataRole.ForegroundRole)
            return model.data(model.index(row, LATE)), colour
    raise AssertionError(f"{code} not in {key}")


def red(brush: object) -> bool:
    return isinstance(brush, QBrush) and brush.color() == OVERDUE_FOREGROUND


def test_days_late_are_shown_in_every_tab_and_in_search_and_only_late_or_today_is_red(
    qtbot: QtBot, desk: Desk, clerk: Clerk
) -> None:
    late = receive(desk, THREE_DAYS, "Trần Văn Trễ", at(17, 9))  # due Fri 20/11
    today = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))  # due 25/11 15:00
    soon = receive(desk, THREE_DAYS, "Ngô Văn Mai", at(20, 15))  # due Thu 26/11
    window = open_window(qtbot, desk, clerk)
    board = window.board
    assert (
        board.sections["overdue"].model.headerData(
            LATE, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
        )
        == "Quá hạn (ngày)"
    )
    # Mon 23/11 and Wed 25/11 (Tue 24/11 is a day off)
    for key in ("overdue", "all"):
        text, colour = shown(board, key, late)
        assert text == "2" and red(colour), key
    for key in ("due_today", "all"):
        text, colour = shown(board, key, today)
        assert text == "" and red(colour), key
    for key in ("due_soon", "all"):
        text, colour = shown(board, key, soon)
        assert text == "" and not red(colour), key
    model = board.sections["overdue"].model
    tip = model.data(model.index(0, LATE), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Quá hạn 2 ngày làm việc"
    with qtbot.waitSignal(board.searched):
        board.search_edit.setText("Trần Văn Trễ")
    results = board.results_model
    assert results.data(results.index(0, LATE)) == "2"
    assert red(results.data(results.index(0, DUE), Qt.ItemDataRole.ForegroundRole))


def test_the_overdue_tab_stands_out_only_while_it_holds_a_dossier(
    qtbot: QtBot, desk: Desk, clerk: Clerk
) -> None:
    window = open_window(qtbot, desk, clerk)
    bar = window.board.tabs.tabBar()
    assert "font-weight: bold" not in bar.styleSheet()
    receive(desk, THREE_DAYS, "Trần Văn Trễ", at(17, 9))
    window.board.refresh()
    assert bar.tabText(0) == "Quá hạn (1)"
    assert "font-weight: bold" in bar.styleSheet() and "#b71c1c" in bar.styleSheet()


def test_a_click_on_a_header_sorts_the_whole_section_a_page_at_a_time(
    qtbot: QtBot, desk: Desk, clerk: Clerk
) -> None:
    generate_demo(desk, 1500, seed=3, workers=0)
    window = open_window(qtbot, desk, clerk)
    board = window.board
    tab = board.show_section("all")
    header = tab.view.horizontalHeader()
    model = tab.model
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(LATE) + 5, 5),
    )
    assert model.sorting == ("days_late", True)
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == LATE
    overdue = board.board.section("overdue").count  # type: ignore[union-attr]
    assert overdue > 1
    first = [model.row_at(r) for r in range(overdue + 1)]
    days = [r.days_late for r in first if r is not None]
    assert days[:-1] == sorted(days[:-1], reverse=True) and days[-1] is None
    assert days[0] is not None and days[0] > days[overdue - 1]  # type: ignore[operator]
    assert model.fetches <= (overdue // model.page_size) + 2, "read in pages, not whole"
    assert board.current_row() == first[0]
    # A second click turns the order round; a column that cannot be sorted changes nothing.
    header.sectionClicked.emit(LATE)
    assert model.sorting == ("days_late", False)
    assert model.row_at(model.rowCount() - 1).days_late == days[0]  # type: ignore[union-attr]
    header.sectionClicked.emit(COLUMN_KEYS.index("applicant"))
    assert model.sorting == ("days_late", False) and header.sortIndicatorSection() == LATE
    header.sectionClicked.emit(COLUMN_KEYS.index("received"))
    received = [model.row_at(r).received_at for r in range(300)]  # type: ignore[union-attr]
    assert received == sorted(received)
    # Drawn again after a change, the board keeps the order the clerk chose.
    board.refresh()
    assert model.sorting == ("received", False)
    assert model.row_at(0).received_at == received[0]  # type: ignore[union-attr]


def test_the_dossier_page_says_how_late_it_is_in_red(
    qtbot: QtBot, desk: Desk, clerk: Clerk
) -> None:
    late = receive(desk, THREE_DAYS, "Trần Văn Trễ", at(17, 9))
    today = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    soon = receive(desk, THREE_DAYS, "Ngô Văn Mai", at(20, 15))
    window = open_window(qtbot, desk, clerk)
    page = window.dossier_page
    states = {}
    for code in (late, today, soon):
        assert window.open_dossier(code)
        states[code] = (page.values["due_at"].text(), page.values["due_at"].property("state"))
    assert states[late][1] == "late"
    assert states[late][0].endswith("20/11/2026 – Quá hạn 2 ngày làm việc"), states[late]
    assert states[today][1] == "today" and "Quá hạn" not in states[today][0]
    assert states[soon][1] == "" and "Quá hạn" not in states[soon][0]
