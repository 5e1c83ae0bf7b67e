"""Hand-overs in the window: the officer dialog (the field's officers first, keyboard-driven),
several board rows handed over at once, the dossier page's holder and result back, and the
board's per-officer tab with its list and its printed page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.dossier import Dossier
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk
from onestop_desktop.ui import i18n
from onestop_desktop.ui.actions import ActionHooks
from onestop_desktop.ui.handover_dialog import HandOverDialog, OfficerAnswer
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import Qt, QWidget
from tests.test_handover import SAME_DAY, THREE_DAYS, Office, _at
from tests.test_ui_board import Clerk, open_window
from tests.test_ui_i18n import untranslated, visible_texts

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


class Chooser(Clerk):
    """The fake clerk, who also picks an officer when asked."""

    def __init__(self) -> None:
        super().__init__()
        self.officer: OfficerAnswer | None = None
        self.asked: list[list[str]] = []

    def hooks(self) -> ActionHooks:
        hooks = super().hooks()
        hooks.ask_officer = self.ask_officer
        return hooks

    def ask_officer(
        self, _parent: QWidget | None, _desk: Desk, dossiers: list[Dossier]
    ) -> OfficerAnswer | None:
        self.asked.append([d.code for d in dossiers])
        return self.officer


@pytest.fixture
def office(desk: Desk) -> Office:
    return Office(desk)


def test_the_dialog_lists_the_fields_officers_first_and_works_from_the_keyboard(
    qtbot: QtBot, office: Office
) -> None:
    i18n.set_language("vi")
    desk = office.desk
    code = office.receive(SAME_DAY, "Lê Thị Nay", _at(25, 8))  # chứng thực
    dialog = HandOverDialog(desk, [desk.get(code)])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    items = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert items[0].startswith("★ Lê Thị Chứng")  # handles chứng thực
    assert items[1].startswith("Trần Văn Hộ")
    assert untranslated(visible_texts(dialog), "vi") == []
    qtbot.keyClicks(dialog.filter_edit, "tran van")  # accents optional
    assert dialog.list.count() == 1
    dialog.note_edit.setText("Gấp")  # QTest types ASCII only
    dialog.filter_edit.setFocus()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.answer() == OfficerAnswer(office.civil.id, "Gấp")


def test_several_board_rows_are_handed_over_at_once_and_the_page_shows_the_holder(
    qtbot: QtBot, office: Office
) -> None:
    desk = office.desk
    first = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    second = office.receive(THREE_DAYS, "Đỗ Thị Hai", _at(24, 9))
    chooser = Chooser()
    chooser.officer = OfficerAnswer(office.civil.id, "")
    window: MainWindow = open_window(qtbot, desk, chooser)
    board = window.board
    tab = board.show_section("all")
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(board.selected_rows()) == 2
    assert board.handover_button.isEnabled()
    with qtbot.waitSignal(board.refreshed):
        qtbot.mouseClick(board.handover_button, Qt.MouseButton.LeftButton)
    assert sorted(chooser.asked[0]) == sorted([first, second])
    assert {desk.get(first).holder_id, desk.get(second).holder_id} == {office.civil.id}
    assert "Theo cán bộ" in board.tabs.tabText(board.tabs.indexOf(board.officer_tab))

    assert window.open_dossier(first)
    page = window.dossier_page
    assert "Trần Văn Hộ" in page.values["holder"].text()
    assert page.result_back_button.isVisible()
    qtbot.mouseClick(page.result_back_button, Qt.MouseButton.LeftButton)
    assert desk.get(first).holder_id is None
    assert not page.result_back_button.isVisible()
    assert page.history_model.data(page.history_model.index(2, 1)) == (
        "Trần Văn Hộ trả về Bộ phận Một cửa"
    )


def test_the_officer_tab_lists_each_officers_dossiers_and_prints_one_page(
    qtbot: QtBot, office: Office, tmp_path: Path
) -> None:
    desk = office.desk
    late = office.receive(SAME_DAY, "Trần Văn Quá", _at(23, 9))  # due Mon 23/11: overdue
    office.receive(THREE_DAYS, "Ngô Văn Mai", _at(25, 8))
    desk.hand_over([late], office.certify.id, at=_at(23, 10))
    window = open_window(qtbot, desk, Clerk())
    board = window.board
    tab = board.officer_tab
    board.tabs.setCurrentWidget(tab)
    names = [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]
    assert names == ["Lê Thị Chứng", "Trần Văn Hộ", "Bộ phận Một cửa (chưa chuyển xử lý)"]
    assert [tab.model.index(0, c).data() for c in (2, 3, 4)] == ["1", "1", "0"]
    assert untranslated(visible_texts(window), "vi") == []
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert tab.codes == [late]
    tab.dossier_view.setFocus()
    qtbot.keyClick(tab.dossier_view, Qt.Key.Key_Return)
    assert window.current_page() == "dossier"
    assert window.dossier_page.dossier is not None
    assert window.dossier_page.dossier.code == late

    out = tmp_path / "weekly.pdf"
    tab.ask_path = lambda _parent, _name: out
    with qtbot.waitSignal(tab.printed):
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Lê Thị Chứng" in text and "THEO CÁN BỘ" in text

    window.show_board()
    i18n.set_language("en")
    assert board.tabs.tabText(board.tabs.indexOf(tab)) == "By officer (1 overdue)"
    assert tab.model.index(2, 0).data() == "One-stop desk (not handed over)"
    assert untranslated(visible_texts(board), "en") == []
    i18n.set_language("vi")
    assert desk.get(late).status is Status.IN_PROGRESS
