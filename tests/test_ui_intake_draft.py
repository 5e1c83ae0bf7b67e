"""A half-typed intake is never lost without a word: leaving the form (the board, a scan,
another dossier) keeps it, Ctrl+N goes back to it, a crash and a restart bring it back, and it
is thrown away only when the dossier is saved or the clerk agrees to start afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.operations.drafts import draft_path, load_draft
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import QKeySequence, Qt
from tests.helpers import make_desk
from tests.test_ui_board import Clerk, open_window
from tests.test_ui_intake import BIRTH, type_text

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def half_typed(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+N, the birth registration, a name and a phone: then the clerk is interrupted."""
    window.new_action.trigger()
    intake = window.intake
    qtbot.keyClicks(intake.picker.edit, "khai sinh")
    qtbot.keyClick(intake.picker.edit, Qt.Key.Key_Return)
    type_text(intake.name_edit, "Nguyễn Thị Ánh")
    type_text(intake.phone_edit, "0912345678")
    assert intake.picker.procedure is not None and intake.picker.procedure.code == BIRTH


def form_holds_the_draft(window: MainWindow) -> bool:
    intake = window.intake
    return (
        intake.picker.procedure is not None
        and intake.picker.procedure.code == BIRTH
        and intake.name_edit.text() == "Nguyễn Thị Ánh"
        and intake.phone_edit.text() == "0912345678"
    )


def test_board_and_back_with_ctrl_n_keeps_the_half_typed_intake_and_says_so(
    qtbot: QtBot, desk: Desk
) -> None:
    window = open_window(qtbot, desk, Clerk())
    half_typed(qtbot, window)
    window.board_action.trigger()  # Ctrl+B
    assert window.current_page() == "board"
    assert "Ctrl+N" in window.statusBar().currentMessage()
    window.new_action.trigger()  # Ctrl+N
    assert window.current_page() == "intake" and form_holds_the_draft(window)
    assert window.intake.draft_bar.isVisible()
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")


def test_a_scan_during_intake_opens_the_dossier_and_keeps_the_draft(
    qtbot: QtBot, desk: Desk
) -> None:
    other = desk.receive(ReceiveRequest(procedure_code=BIRTH, name="Lê Văn Hà"))
    window = open_window(qtbot, desk, Clerk())
    half_typed(qtbot, window)
    assert window.open_dossier(other.code)  # what the scanner does
    assert window.current_page() == "dossier"
    window.new_action.trigger()
    assert form_holds_the_draft(window)


def test_the_draft_survives_a_crash_and_comes_back_at_the_next_start(
    qtbot: QtBot, db_path: Path
) -> None:
    desk = make_desk(db_path)
    window = open_window(qtbot, desk, Clerk())
    half_typed(qtbot, window)
    # written shortly after the last keystroke, without leaving the form
    qtbot.waitUntil(lambda: draft_path(db_path).exists(), timeout=3000)
    qtbot.waitUntil(lambda: (load_draft(db_path) or {}).get("phone") == "0912345678")
    # The process dies here: no close, no flush. The next start opens the same database.
    window.hide()
    restarted = make_desk(db_path)
    try:
        again = open_window(qtbot, restarted, Clerk())
        assert again.intake.restored_draft
        assert any("Ctrl+N" in bar.label.text() for bar in again.notices)
        again.new_action.trigger()
        assert form_holds_the_draft(again)
        # the paper ticks came back too
        assert [d.name for d in again.intake.checklist.handed()] == [
            d.name for d in window.intake.checklist.handed()
        ]
    finally:
        restarted.close()
        desk.close()


def test_ctrl_n_on_the_form_asks_before_discarding_and_cancel_keeps_everything(
    qtbot: QtBot, desk: Desk
) -> None:
    window = open_window(qtbot, desk, Clerk())
    half_typed(qtbot, window)
    window.intake.flush_draft()
    answers = [False, True]
    window.intake.confirm_discard = lambda: answers.pop(0)
    window.new_action.trigger()  # on the form itself: start afresh? no
    assert form_holds_the_draft(window) and draft_path(desk.db.path).exists()
    window.new_action.trigger()  # yes
    assert window.intake.picker.procedure is None and window.intake.name_edit.text() == ""
    assert not draft_path(desk.db.path).exists()
    assert not window.intake.draft_bar.isVisible()


def test_saving_the_dossier_removes_its_draft(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk, Clerk())
    half_typed(qtbot, window)
    window.intake.flush_draft()
    assert draft_path(desk.db.path).exists()
    assert window.intake.save(print_after=False) is not None
    assert not draft_path(desk.db.path).exists()
    window.new_action.trigger()
    assert window.intake.name_edit.text() == "" and not window.intake.draft_bar.isVisible()


def test_an_unreadable_draft_is_set_aside_not_lost(qtbot: QtBot, db_path: Path) -> None:
    desk = make_desk(db_path)
    try:
        draft_path(db_path).write_text('{"version": 1, "form": ', encoding="utf-8")  # cut
        window = open_window(qtbot, desk, Clerk())
        assert not window.intake.restored_draft
        aside = draft_path(db_path).with_name(draft_path(db_path).name + ".unreadable")
        assert aside.exists() and not draft_path(db_path).exists()
        json_text = aside.read_text(encoding="utf-8")
        assert json_text.startswith('{"version": 1')
    finally:
        desk.close()
