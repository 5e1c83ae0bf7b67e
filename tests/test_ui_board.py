"""The daily board as the clerk sees it: sections and counts, rates, windowed tables, search, and
the board following every change and the change of day."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.demo import generate_demo
from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.domain.dossier import Dossier
from onestop_desktop.domain.lifecycle import ALLOWED
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.ui import i18n
from onestop_desktop.ui.actions import ActionHooks, ApologyAnswer
from onestop_desktop.ui.board import (
    CACHE_PAGES,
    COLUMN_KEYS,
    PAGE_SIZE,
    SOON_BACKGROUND,
    BoardPage,
    can_return,
)
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.printing import PrintHooks
from onestop_desktop.ui.qt import QApplication, QBrush, Qt, QWidget
from onestop_desktop.ui.supplement_dialog import ChecklistPaper, SupplementAnswer
from tests.test_ui_i18n import untranslated, visible_texts
from tests.test_ui_intake import type_text

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

SAME_DAY = "2.000815"  # chứng thực bản sao: same day, 15:00 cut-off
THREE_DAYS = "1.004873"
BIRTH = "1.001193"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


def receive(desk: Desk, procedure: str, name: str, when: datetime, **extra: str) -> str:
    return desk.receive(ReceiveRequest(procedure, name, received_at=when, **extra)).code


class Clerk:
    """What the fake clerk answers to the window's questions; each test sets what it needs."""

    def __init__(self) -> None:
        self.texts: list[str | None] = []  # answers to the text questions, in order
        self.prompts: list[tuple[str, str, bool]] = []  # (prompt, default, multiline) asked
        self.confirm_answers: list[bool] = []  # answers to yes/no questions (else yes)
        self.questions: list[str] = []
        self.apologies: list[ApologyAnswer | None] = []
        self.apology_asked: list[tuple[Dossier, datetime]] = []
        self.errors: list[str] = []
        self.supplements: list[SupplementAnswer | None] = []  # answers to the papers dialog
        self.checklists: list[list[ChecklistPaper]] = []  # the papers it offered

    def hooks(self) -> ActionHooks:
        return ActionHooks(
            ask_supplement=self.ask_supplement,
            ask_text=self.ask_text,
            confirm=self.confirm,
            ask_apology=self.ask_apology,
            show_error=lambda _parent, text: self.errors.append(text),
        )

    def ask_text(
        self, _parent: QWidget | None, _title: str, prompt: str, default: str, multiline: bool
    ) -> str | None:
        self.prompts.append((prompt, default, multiline))
        return self.texts.pop(0)

    def ask_supplement(
        self, _parent: QWidget | None, _dossier: Dossier, papers: list[ChecklistPaper]
    ) -> SupplementAnswer | None:
        self.checklists.append(papers)
        return self.supplements.pop(0)

    def confirm(self, _parent: QWidget | None, question: str) -> bool:
        self.questions.append(question)
        return self.confirm_answers.pop(0) if self.confirm_answers else True

    def ask_apology(
        self, _parent: QWidget | None, dossier: Dossier, proposal: datetime, _now: datetime
    ) -> ApologyAnswer | None:
        self.apology_asked.append((dossier, proposal))
        return self.apologies.pop(0)


@pytest.fixture
def clerk() -> Clerk:
    return Clerk()


def open_window(qtbot: QtBot, desk: Desk, clerk: Clerk) -> MainWindow:
    i18n.set_language("vi")
    window = MainWindow(
        desk,
        print_hooks=PrintHooks(printers=lambda: [], choose_pdf_path=lambda _p, _s: None),
        action_hooks=clerk.hooks(),
    )
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, clerk: Clerk) -> MainWindow:
    return open_window(qtbot, desk, clerk)


def counts(board: BoardPage) -> dict[str, str]:
    return {key: board.tabs.tabText(i) for i, key in enumerate(board.sections)}


def select(board: BoardPage, key: str, row: int = 0) -> None:
    tab = board.show_section(key)
    tab.view.setCurrentIndex(tab.model.index(row, 0))


# -- the board -----------------------------------------------------------------------------------
def test_board_is_the_start_page_and_counts_each_section_as_the_service_does(
    qtbot: QtBot, desk: Desk, clerk: Clerk
) -> None:
    generate_demo(desk, 1500, seed=3, workers=0)
    window = open_window(qtbot, desk, clerk)
    board = window.board
    assert window.current_page() == "board"
    expected = desk.board()
    titles = counts(board)
    for section in expected.sections:
        count = f"{section.count:,}".replace(",", ".")
        assert titles[section.key] == f"{section.title_vi} ({count})"
        assert board.sections[section.key].model.rowCount() == section.count
    assert titles["all"] == "Tất cả hồ sơ (1.500)"
    overdue = expected.section("overdue")
    assert overdue.count > 0
    field, number = max(overdue.by_field.items(), key=lambda kv: kv[1])
    assert f"{field} {number}" in board.sections["overdue"].fields.text()
    assert board.sections["overdue"].fields.text().startswith("Theo lĩnh vực: ")
    month = expected.month
    assert month.on_time_rate is not None
    rate = f"{month.on_time_rate * 100:.1f}".replace(".", ",")
    due = f"{month.finished_by_due:,} trên {month.due:,}".replace(",", ".")
    # counted on the desk's worker once the sections are drawn
    line = f"giải quyết đúng hạn {rate} % ({due} hồ sơ đến hạn)"
    qtbot.waitUntil(lambda: line in board.month_label.text(), timeout=10_000)
    assert board.title.text() == "Bảng theo dõi hằng ngày – thứ Tư 25/11/2026"
    # The first row of a section is the service's first row, in Vietnamese.
    first = overdue.rows[0]
    model = board.sections["overdue"].model
    assert model.data(model.index(0, 0)) == first.code
    assert model.data(model.index(0, COLUMN_KEYS.index("status"))) == first.status.label_vi
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Hẹn trả"
    assert untranslated(visible_texts(window), "vi") == []
    assert board.open_button.text() == "Mở hồ sơ (Enter)"


def test_rates_show_a_dash_when_there_is_nothing_to_rate(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.board.month is not None, timeout=10_000)
    text = window.board.month_label.text()
    assert "đúng hạn — (0 trên 0 hồ sơ đến hạn)" in text
    assert "được xin lỗi kịp thời — (0 trên 0)" in text
    assert window.board.sections["overdue"].fields.text() == "Không có hồ sơ nào trong mục này."


def test_windowed_table_reads_a_few_pages_and_jumps_to_the_last_row(
    qtbot: QtBot, desk: Desk, clerk: Clerk
) -> None:
    generate_demo(desk, 3000, seed=5, workers=0)
    window = open_window(qtbot, desk, clerk)
    tab = window.board.show_section("all")
    model, view = tab.model, tab.view
    total = model.rowCount()
    assert total == 3000 == desk.board_count("all", desk.clock.now())
    qtbot.waitUntil(lambda: model.fetches >= 1)  # the visible rows were painted
    assert model.fetches == 1
    view.scrollToBottom()
    view.setCurrentIndex(model.index(total - 1, 0))
    view.viewport().repaint()
    QApplication.processEvents()
    # Painting the last rows read the last page (and at most its neighbour), nothing between.
    assert model.fetches <= 3
    assert set(model.pages) <= {0, (total - 1) // PAGE_SIZE, (total - 1) // PAGE_SIZE - 1}
    assert sum(len(rows) for rows in model.pages.values()) <= CACHE_PAGES * PAGE_SIZE < total
    oldest = desk.board_page("all", total - 1, 1, total, window.board.board.moment)[0]  # type: ignore[union-attr]
    assert model.data(model.index(total - 1, 0)) == oldest.code
    assert window.board.current_row() == oldest
    # Wandering through the section keeps only a few pages in memory.
    for row in range(0, total, PAGE_SIZE):
        model.row_at(row)
    assert len(model.pages) == CACHE_PAGES


def test_rows_due_by_the_next_working_day_stand_out_and_offer_the_apology(
    qtbot: QtBot, desk: Desk, window: MainWindow, clerk: Clerk
) -> None:
    soon = receive(desk, THREE_DAYS, "Ngô Văn Mai", at(20, 15))  # due Thu 26/11 15:00
    window.board.refresh()
    board = window.board
    assert counts(board)["due_soon"] == "Đến hạn ngày làm việc tiếp theo (1)"
    tab = board.show_section("due_soon")
    assert tab.hint.isVisible() and "ngay hôm nay" in tab.hint.text()
    background = tab.model.data(tab.model.index(0, 1), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == SOON_BACKGROUND
    select(board, "due_soon")
    assert board.apology_button.isEnabled() and not board.return_button.isEnabled()
    clerk.apologies.append(ApologyAnswer(at(30, 17), "Chờ ý kiến của cơ quan phối hợp"))
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        qtbot.mouseClick(board.apology_button, Qt.MouseButton.LeftButton)
    assert clerk.apology_asked[0][0].code == soon
    assert shown.args[0].form == "apology"
    shown.args[0].reject()
    assert desk.get(soon).apology_count == 1
    # Apologised: the row moved out of the section (its due date is now 30/11).
    assert counts(board)["due_soon"] == "Đến hạn ngày làm việc tiếp theo (0)"
    # not late yet: no apology rate (the month line is counted again after the move)
    qtbot.waitUntil(lambda: "xin lỗi kịp thời — (0 trên 0)" in board.month_label.text())


def test_handing_back_from_the_board_records_who_collected_it(
    qtbot: QtBot, desk: Desk, window: MainWindow, clerk: Clerk
) -> None:
    code = receive(desk, SAME_DAY, "Hồ Thị Xong", at(24, 9))
    desk.transition(code, Status.RESOLVED, at=at(24, 11))
    window.board.refresh()
    board = window.board
    select(board, "ready_for_pickup")
    assert board.return_button.isEnabled() and not board.apology_button.isEnabled()
    clerk.texts.append("Hồ Văn Nhận")
    with qtbot.waitSignal(board.refreshed):
        qtbot.mouseClick(board.return_button, Qt.MouseButton.LeftButton)
    # The applicant's name is proposed; the clerk typed who actually came.
    assert clerk.prompts[0][1] == "Hồ Thị Xong"
    returned = desk.get(code)
    assert returned.status is Status.RETURNED and returned.collected_by == "Hồ Văn Nhận"
    assert counts(board)["ready_for_pickup"] == "Đã có kết quả, chờ trả (0)"


def test_context_menu_offers_only_what_the_row_allows(desk: Desk, window: MainWindow) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    window.board.refresh()
    row = window.board.sections["due_today"].model.row_at(0)
    assert row is not None and row.code == code
    menu = window.board.row_menu(row)
    enabled = {a.text(): a.isEnabled() for a in menu.actions()}
    assert enabled == {"Mở hồ sơ": True, "Xin lỗi, hẹn lại ngày trả…": True, "Trả kết quả…": False}


# -- following every change ----------------------------------------------------------------------
def test_receiving_returns_to_the_board_and_the_board_shows_the_new_dossier(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    assert window.board.tabs.tabText(5) == "Tất cả hồ sơ (0)"
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "intake"
    window.intake.picker.set_procedure(desk.catalogue.get(SAME_DAY))
    type_text(window.intake.name_edit, "Nguyễn Văn An")
    dossier = window.intake.save(print_after=False)
    assert dossier is not None
    assert window.current_page() == "board"
    assert window.board.tabs.tabText(5) == "Tất cả hồ sơ (1)"
    assert window.board.tabs.tabText(1) == "Đến hạn hôm nay (1)"
    assert window.statusBar().currentMessage() == f"Đã tiếp nhận hồ sơ {dossier.code}."


def test_a_new_day_redraws_the_board(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))  # due today, 17:00
    window.board.refresh()
    board = window.board
    assert counts(board)["due_today"] == "Đến hạn hôm nay (1)"
    assert counts(board)["overdue"] == "Quá hạn (0)"
    assert board.day_timer.isActive()
    with qtbot.assertNotEmitted(board.refreshed):
        board.check_day()  # same day: nothing to do
    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(timedelta(days=1))
    with qtbot.waitSignal(board.refreshed):
        board.day_timer.timeout.emit()
    assert board.title.text() == "Bảng theo dõi hằng ngày – thứ Năm 26/11/2026"
    assert counts(board)["due_today"] == "Đến hạn hôm nay (0)"
    assert counts(board)["overdue"] == "Quá hạn (1)"


# -- search --------------------------------------------------------------------------------------
def test_search_finds_accented_names_typed_without_accents_newest_first(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    older = receive(desk, SAME_DAY, "Đặng Thị Hồng", at(24, 9), phone="0912345678")
    receive(desk, SAME_DAY, "Trần Văn Khác", at(24, 10))
    newer = receive(desk, BIRTH, "Đặng Thị Hồng Nhung", at(25, 8), id_number="001203004567")
    board = window.board
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert board.search_edit.hasFocus()
    with qtbot.waitSignal(board.searched, timeout=5_000) as found:
        qtbot.keyClicks(board.search_edit, "dang thi hong")
    assert found.args == [2]
    assert [r.code for r in board.results_model.rows] == [newer, older]
    assert board.results_label.text() == "2 hồ sơ khớp, mới nhất trước."
    assert board.stack.currentIndex() == 1
    for text, expected in (("0912 345 678", [older]), ("001203004567", [newer])):
        board.search_edit.setText(text)
        board.run_search()
        assert [r.code for r in board.results_model.rows] == expected, text
    for part in (older[-11:], older[-15:]):  # part of the code: "261124-0001", "H56-261124-0001"
        board.search_edit.setText(part)
        board.run_search()
        assert [r.code for r in board.results_model.rows] == [older], part
    board.search_edit.setText("khong co ai")
    board.run_search()
    assert board.results_label.text() == "Không tìm thấy hồ sơ nào khớp với “khong co ai”."
    # Enter opens the (first) result.
    board.search_edit.setText("dang thi hong nhung")
    qtbot.keyClick(board.search_edit, Qt.Key.Key_Return)
    assert window.current_page() == "dossier"
    assert window.dossier_page.dossier is not None and window.dossier_page.dossier.code == newer
    # Escape goes back to the board; clearing the box shows the sections again.
    qtbot.keyClick(window.dossier_page, Qt.Key.Key_Escape)
    assert window.current_page() == "board"
    board.search_edit.clear()
    assert board.stack.currentIndex() == 0


def test_search_waits_for_the_clerk_to_stop_typing(qtbot: QtBot, window: MainWindow) -> None:
    board = window.board
    board.search_edit.setFocus()
    with qtbot.assertNotEmitted(board.searched):
        qtbot.keyClicks(board.search_edit, "ng")
    assert board.search_timer.isActive() and board.search_timer.interval() == 250
    with qtbot.waitSignal(board.searched, timeout=5_000):
        pass
    assert not board.search_timer.isActive()


def test_open_by_code_normalises_what_was_typed(
    qtbot: QtBot, desk: Desk, clerk: Clerk, db_path: Path
) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    i18n.set_language("vi")
    window = MainWindow(
        desk,
        action_hooks=clerk.hooks(),
        ask_open=lambda _parent: f"  {code.lower()[:10]} {code.lower()[10:]} ",
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "dossier"
    assert window.dossier_page.code_label.text() == code
    assert window.open_dossier("000.00.01.H56-261125-9999") is False
    assert clerk.errors == ["Không tìm thấy hồ sơ có mã “000.00.01.H56-261125-9999”."]


@pytest.mark.parametrize("status", list(Status))
def test_the_hand_back_is_offered_exactly_where_the_lifecycle_allows_it(status: Status) -> None:
    assert can_return(status) is (Status.RETURNED in ALLOWED[status])
    assert can_return(status) is (status is Status.RESOLVED), "today's lifecycle, spelled out"


def test_ctrl_b_shows_the_sections_not_the_last_search(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    desk.receive(ReceiveRequest(procedure_code="1.001193", name="Nguyễn Thị Ánh"))
    window.board.refresh()
    window.find_dossier()
    type_text(window.board.search_edit, "Ánh")
    window.board.run_search()
    assert window.board.stack.currentIndex() == 1
    window.board_action.trigger()  # Ctrl+B
    assert window.board.stack.currentIndex() == 0 and window.board.search_edit.text() == ""
