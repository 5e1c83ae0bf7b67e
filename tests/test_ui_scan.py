"""Scanning a slip's barcode anywhere in the window opens the dossier and leaves typed fields as
they were; typing by hand still types. The scanner's clock is replaced, so "fast" and "slow"
are decided by the test, not by how busy the machine is."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import QApplication, QKeyEvent, Qt, QWidget
from onestop_desktop.ui.scan import DEFAULT_THRESHOLD_MS
from tests.test_ui_board import SAME_DAY, Clerk, at, open_window, receive
from tests.test_ui_intake import BIRTH, type_text

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


class KeyClock:
    """The scanner's clock: each key press is `step` ms after the previous one."""

    def __init__(self) -> None:
        self.now = 0
        self.step = 200  # a person typing

    def __call__(self, _event: QKeyEvent) -> int:
        self.now += self.step
        return self.now

    def scanner(self) -> None:
        self.now += 1000  # the clerk picks up the scanner
        self.step = 5

    def person(self) -> None:
        self.step = 200


@pytest.fixture
def clerk() -> Clerk:
    return Clerk()


@pytest.fixture
def keys() -> KeyClock:
    return KeyClock()


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, clerk: Clerk, keys: KeyClock) -> MainWindow:
    window = open_window(qtbot, desk, clerk)
    window.scanner.clock = keys
    return window


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def scan(qtbot: QtBot, widget: QWidget, keys: KeyClock, text: str) -> None:
    keys.scanner()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    keys.person()


def test_a_scan_into_the_intake_name_field_opens_the_dossier_and_leaves_the_name(
    qtbot: QtBot, desk: Desk, window: MainWindow, keys: KeyClock
) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    window.new_dossier()
    name = window.intake.name_edit
    focus(qtbot, name)
    type_text(name, "Trần Văn")  # the clerk was typing the next citizen's name
    name.setCursorPosition(4)
    with qtbot.waitSignal(window.scanner.scanned) as scanned:
        scan(qtbot, name, keys, code)
    assert scanned.args == [code]
    assert window.current_page() == "dossier"
    assert window.dossier_page.code_label.text() == code
    assert name.text() == "Trần Văn" and name.cursorPosition() == 4
    # Back in the intake form, the half-typed name is still there.
    window.show_page("intake")
    assert name.text() == "Trần Văn"


def test_a_scan_into_the_procedure_field_keeps_the_chosen_procedure_and_its_ticks(
    qtbot: QtBot, desk: Desk, window: MainWindow, keys: KeyClock
) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    window.new_dossier()
    intake = window.intake
    procedure = desk.catalogue.get(BIRTH)
    intake.picker.set_procedure(procedure)
    first = intake.checklist.rows[0]
    first.check.setChecked(not first.check.isChecked())  # the clerk changed the ticks
    ticked = [row.check.isChecked() for row in intake.checklist.rows]
    first.spins[2].setValue(3)
    edit = intake.picker.edit
    focus(qtbot, edit)
    with qtbot.waitSignal(window.scanner.scanned) as scanned:
        scan(qtbot, edit, keys, code)
    assert scanned.args == [code]
    assert window.current_page() == "dossier"
    window.show_page("intake")
    assert intake.picker.procedure is procedure
    assert edit.text() == f"{procedure.code} – {procedure.name}"
    assert not intake.picker.matches.isVisible()
    assert [row.check.isChecked() for row in intake.checklist.rows] == ticked
    assert intake.checklist.rows[0].spins[2].value() == 3
    # The next citizen's form starts from the procedure's own ticks again.
    intake.clear_form()
    intake.picker.set_procedure(procedure)
    assert intake.checklist.rows[0].check.isChecked() != ticked[0]


def test_a_code_typed_by_hand_stays_typed(
    qtbot: QtBot, desk: Desk, window: MainWindow, keys: KeyClock
) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    window.new_dossier()
    address = window.intake.address_edit
    focus(qtbot, address)
    with qtbot.assertNotEmitted(window.scanner.scanned):
        qtbot.keyClicks(address, code)  # 200 ms a key: a person
        qtbot.keyClick(address, Qt.Key.Key_Return)
    assert address.text() == code
    assert window.current_page() == "intake"
    # A fast burst that is not a code is ordinary typing too (autorepeat, a pasted word).
    address.clear()
    keys.scanner()
    with qtbot.assertNotEmitted(window.scanner.scanned):
        qtbot.keyClicks(address, "Thon Tay xa Tan Hung")
        qtbot.keyClick(address, Qt.Key.Key_Return)
    assert address.text() == "Thon Tay xa Tan Hung"
    assert DEFAULT_THRESHOLD_MS == window.scanner.threshold_ms == 40


def test_a_scanned_code_in_lower_case_is_normalised_on_the_board(
    qtbot: QtBot, desk: Desk, window: MainWindow, keys: KeyClock
) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    window.board.refresh()
    table = window.board.current_view()
    focus(qtbot, table)
    with qtbot.waitSignal(window.scanner.scanned):
        scan(qtbot, table, keys, code.lower())
    assert window.dossier_page.code_label.text() == code


def test_an_unknown_scanned_code_says_so_in_vietnamese(
    qtbot: QtBot, window: MainWindow, keys: KeyClock, clerk: Clerk
) -> None:
    search = window.board.search_edit
    focus(qtbot, search)
    type_text(search, "ng")
    with qtbot.waitSignal(window.scanner.scanned):
        scan(qtbot, search, keys, "000.00.01.H56-261125-9999")
    assert clerk.errors == ["Không tìm thấy hồ sơ có mã “000.00.01.H56-261125-9999”."]
    assert window.current_page() == "board"
    assert search.text() == "ng"
    assert QApplication.focusWidget() is search
