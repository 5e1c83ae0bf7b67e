"""The person at the desk in the window: the sign-in (choosing by keyboard, a wrong PIN), the
change of clerk without restarting, the status bar, the people window and the history's names."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.people import PersonInput
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.people_dialog import PeopleDialog, PersonForm
from onestop_desktop.ui.qt import QDialogButtonBox, Qt
from onestop_desktop.ui.sign_in import SignInDialog, needs_sign_in
from tests.test_ui_board import Clerk, open_window

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
BIRTH = "1.001193"


@pytest.fixture
def clerk() -> Clerk:
    return Clerk()


@pytest.fixture
def office(desk: Desk) -> dict[str, int]:
    """An administrator (also a signer), a clerk with a PIN, a clerk without one."""
    return {
        "an": desk.add_person(
            PersonInput("Nguyễn Văn An", "Chủ tịch UBND xã", roles=("signer", "admin"))
        ).id,
        "binh": desk.add_person(
            PersonInput("Trần Thị Bình", "Công chức Văn phòng", roles=("clerk",), pin="2468")
        ).id,
        "cuong": desk.add_person(
            PersonInput("Lê Văn Cường", "Công chức Tư pháp - Hộ tịch", roles=("clerk", "officer"))
        ).id,
    }


def open_sign_in(qtbot: QtBot, desk: Desk, at_start: bool = True) -> SignInDialog:
    i18n.set_language("vi")
    dialog = SignInDialog(desk, at_start=at_start)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_and_enter(qtbot: QtBot, dialog: SignInDialog, name: str, pin: str) -> None:
    """What a clerk does: type part of the name, Enter, the PIN, Enter."""
    dialog.find_edit.clear()
    qtbot.keyClicks(dialog.find_edit, name)
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.pin_edit.hasFocus)
    qtbot.keyClicks(dialog.pin_edit, pin)
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)


# -- the sign-in ---------------------------------------------------------------------------------
def test_sign_in_chooses_by_typing_and_enter_and_is_remembered_for_the_day(
    qtbot: QtBot, desk: Desk, office: dict[str, int], db_path: Path
) -> None:
    assert needs_sign_in(desk)
    dialog = open_sign_in(qtbot, desk)
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert names == [
        "Lê Văn Cường — Công chức Tư pháp - Hộ tịch",
        "Nguyễn Văn An — Chủ tịch UBND xã",
        "Trần Thị Bình — Công chức Văn phòng",
    ]
    assert dialog.pin_edit.isVisible(), "the PIN field is always there"
    with qtbot.waitSignal(dialog.signed_in) as signed:
        type_and_enter(qtbot, dialog, "binh", "2468")  # no accents typed
    assert signed.args[0].id == office["binh"]
    assert desk.on_duty is not None and desk.on_duty.id == office["binh"]
    again = Desk.open(db_path, desk.clock)
    try:
        assert again.on_duty is not None and again.on_duty.id == office["binh"]
        assert not needs_sign_in(again)
    finally:
        again.close()


def test_a_wrong_pin_says_the_same_whoever_was_chosen_and_goes_back_to_the_pin(
    qtbot: QtBot, desk: Desk, office: dict[str, int]
) -> None:
    dialog = open_sign_in(qtbot, desk)
    type_and_enter(qtbot, dialog, "binh", "1111")  # has a PIN, typed wrong
    qtbot.waitUntil(dialog.error.isVisible)
    with_pin = dialog.error.text()
    assert dialog.pin_edit.text() == "" and dialog.pin_edit.hasFocus()
    type_and_enter(qtbot, dialog, "cuong", "1111")  # has none, one typed
    assert dialog.error.text() == with_pin
    assert "PIN" in with_pin and "Cường" not in with_pin and "Bình" not in with_pin
    assert dialog.isVisible() and desk.on_duty is None


def test_a_retired_clerk_is_not_offered_at_sign_in(
    qtbot: QtBot, desk: Desk, office: dict[str, int]
) -> None:
    desk.retire_person(office["cuong"])
    dialog = open_sign_in(qtbot, desk)
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert not any("Cường" in n for n in names)


def test_without_people_the_window_works_as_before_and_says_where_to_add_them(
    qtbot: QtBot, desk: Desk, clerk: Clerk
) -> None:
    assert not needs_sign_in(desk)
    window = open_window(qtbot, desk, clerk)
    text = window.clerk_label.text()
    assert "Cán bộ một cửa" in text and "Cài đặt → Cán bộ, công chức" in text


# -- changing clerk ------------------------------------------------------------------------------
def test_change_of_clerk_without_restart_records_the_new_clerk_everywhere(
    qtbot: QtBot, desk: Desk, office: dict[str, int], clerk: Clerk
) -> None:
    desk.sign_in(office["binh"], "2468")
    window = open_window(qtbot, desk, clerk)
    assert window.clerk_label.text() == "Người trực: Trần Thị Bình (Công chức Văn phòng)"
    first = desk.receive(ReceiveRequest(BIRTH, "Phạm Văn Dũng")).code
    # the worker thread's own desk records the clerk at the desk when the job was asked
    seen: list[int | None] = []
    DeskOp(window, desk, lambda d: d.actor.person_id, success=seen.append)
    qtbot.waitUntil(lambda: seen == [office["binh"]])

    dialog = window.change_clerk()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.finished):
        type_and_enter(qtbot, dialog, "cuong", "")
    assert window.clerk_label.text() == ("Người trực: Lê Văn Cường (Công chức Tư pháp - Hộ tịch)")
    second = desk.receive(ReceiveRequest(BIRTH, "Võ Thị Hạnh")).code
    assert desk.get(first).clerk == "Trần Thị Bình"
    assert desk.get(second).clerk == "Lê Văn Cường"
    DeskOp(window, desk, lambda d: d.actor.person_id, success=seen.append)
    qtbot.waitUntil(lambda: seen == [office["binh"], office["cuong"]])

    # the dossier page names each step's person with their title
    assert window.open_dossier(second)
    model = window.dossier_page.history_model
    assert model.data(model.index(0, 2)) == "Lê Văn Cường (Công chức Tư pháp - Hộ tịch)"


def test_cancelling_a_change_of_clerk_keeps_the_one_at_the_desk(
    qtbot: QtBot, desk: Desk, office: dict[str, int], clerk: Clerk
) -> None:
    desk.sign_in(office["cuong"])
    window = open_window(qtbot, desk, clerk)
    dialog = window.change_clerk()
    qtbot.waitExposed(dialog)
    assert dialog.cancel_button.text() == "Hủy"
    dialog.reject()
    assert desk.on_duty is not None and desk.on_duty.id == office["cuong"]


# -- the people window -----------------------------------------------------------------------------
def open_people(qtbot: QtBot, window: MainWindow) -> PeopleDialog:
    dialog = window.open_people()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def open_form(qtbot: QtBot, dialog: PeopleDialog, edit: bool = False) -> PersonForm:
    with qtbot.waitSignal(dialog.form_opened) as opened:
        qtbot.mouseClick(
            dialog.edit_button if edit else dialog.add_button, Qt.MouseButton.LeftButton
        )
    form: PersonForm = opened.args[0]
    qtbot.waitExposed(form)
    return form


def save(qtbot: QtBot, form: PersonForm) -> None:
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_an_administrator_adds_a_person_with_field_errors_shown_in_vietnamese(
    qtbot: QtBot, desk: Desk, office: dict[str, int], clerk: Clerk
) -> None:
    desk.sign_in(office["an"])
    window = open_window(qtbot, desk, clerk)
    dialog = open_people(qtbot, window)
    assert dialog.model.rowCount() == 3
    form = open_form(qtbot, dialog)
    form.role_boxes["clerk"].setChecked(False)
    form.pin_edit.setText("12")
    save(qtbot, form)
    assert form.isVisible(), "nothing saved"
    assert form.errors["name"].text() == "Hãy nhập họ và tên."
    assert form.errors["pin"].text() == "Mã PIN gồm 4 đến 8 chữ số."
    assert form.errors["roles"].isVisible()
    assert len(desk.people()) == 3
    form.name_edit.setText("Phạm Thu Dung")
    form.title_edit.setText("Công chức Địa chính - Xây dựng")
    form.role_boxes["officer"].setChecked(True)
    form.field_boxes["ho-tich"].setChecked(True)
    form.pin_edit.setText("1357")
    with qtbot.waitSignal(form.finished):
        save(qtbot, form)
    added = next(p for p in desk.people() if p.name == "Phạm Thu Dung")
    assert added.roles == ("officer",) and added.fields == ("ho-tich",) and added.has_pin
    row = next(i for i, p in enumerate(dialog.model.people) if p.id == added.id)
    assert dialog.model.data(dialog.model.index(row, 3)) == "Công chức chuyên môn"
    assert dialog.model.data(dialog.model.index(row, 4)) == "Hộ tịch"
    assert dialog.model.data(dialog.model.index(row, 5)) == "có"


def test_retired_people_are_greyed_behind_a_filter_and_restored(
    qtbot: QtBot, desk: Desk, office: dict[str, int], clerk: Clerk
) -> None:
    window = open_window(qtbot, desk, clerk)
    dialog = open_people(qtbot, window)
    row = next(i for i, p in enumerate(dialog.model.people) if p.id == office["cuong"])
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert office["cuong"] not in [p.id for p in dialog.model.people]
    dialog.show_retired.setChecked(True)
    row = next(i for i, p in enumerate(dialog.model.people) if p.id == office["cuong"])
    assert dialog.model.data(dialog.model.index(row, 0), Qt.ItemDataRole.ForegroundRole)
    assert dialog.model.data(dialog.model.index(row, 6)).startswith("nghỉ từ 25/11/2026")
    dialog.table.selectRow(row)
    assert dialog.restore_button.isEnabled() and not dialog.retire_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert desk.person(office["cuong"]).active


def test_deleting_a_person_the_history_names_is_refused_and_shown(
    qtbot: QtBot, desk: Desk, office: dict[str, int], clerk: Clerk
) -> None:
    desk.sign_in(office["cuong"])
    desk.receive(ReceiveRequest(BIRTH, "Phạm Văn Dũng"))
    desk.sign_in(office["an"])
    window = open_window(qtbot, desk, clerk)
    dialog = open_people(qtbot, window)
    errors: list[str] = []
    dialog.show_error = lambda _parent, text: errors.append(text)
    dialog.confirm = lambda _parent, _question: True
    row = next(i for i, p in enumerate(dialog.model.people) if p.id == office["cuong"])
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "Không thể xóa Lê Văn Cường" in errors[0]
    assert "cho nghỉ" in errors[0]
    assert desk.person(office["cuong"]).active


def test_a_clerk_cannot_open_the_people_window_once_the_office_has_an_administrator(
    qtbot: QtBot, desk: Desk, office: dict[str, int], clerk: Clerk
) -> None:
    desk.sign_in(office["binh"], "2468")
    window = open_window(qtbot, desk, clerk)
    assert window.open_people() is None
    assert clerk.errors and "không có quyền quản trị" in clerk.errors[0]
