"""Cài đặt → "Thông tin đơn vị" as an administrator uses it: fields checked beside themselves,
Save only when all are right, the days off table, a new identity confirmed, a clerk refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.people import PersonInput
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.sync import keys
from onestop_desktop.ui import i18n
from onestop_desktop.ui.qt import QComboBox, QDate, QLineEdit, QSpinBox, QWidget
from onestop_desktop.ui.settings_dialog import SettingsDialog, SettingsHooks
from tests.helpers import make_desk

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def desk(db_path: Path) -> Iterator[Desk]:
    desk = make_desk(db_path)
    yield desk
    desk.close()


class Admin:
    """What the administrator answers, and what the window told them."""

    def __init__(self, confirm: bool) -> None:
        self.answer = confirm
        self.asked: list[str] = []
        self.told: list[str] = []

    def hooks(self) -> SettingsHooks:
        return SettingsHooks(confirm_identity=self.confirm, inform=self.inform)

    def confirm(self, _parent: QWidget, text: str) -> bool:
        self.asked.append(text)
        return self.answer

    def inform(self, _parent: QWidget, text: str) -> None:
        self.told.append(text)


def _dialog(qtbot: QtBot, desk: Desk, admin: Admin | None = None) -> SettingsDialog:
    i18n.set_language("vi")
    dialog = SettingsDialog(desk, hooks=(admin or Admin(True)).hooks())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _edit(dialog: SettingsDialog, key: str) -> QLineEdit:
    editor = dialog.editors[key]
    assert isinstance(editor, QLineEdit)
    return editor


def test_a_wrong_field_shows_its_message_beside_it_and_save_waits(qtbot: QtBot, desk: Desk) -> None:
    dialog = _dialog(qtbot, desk)
    _edit(dialog, "head_title").setText("CHỦ TỊCH")
    _edit(dialog, "hotline").setText("gọi ngay")
    assert dialog.errors["hotline"].isVisible()
    assert dialog.errors["hotline"].text().startswith("Đường dây nóng:")
    assert not dialog.save_button.isEnabled()
    dialog.save()  # refused as a whole
    assert desk.settings.head_title == "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"
    _edit(dialog, "hotline").setText("0237 3852 123")
    assert not dialog.errors["hotline"].isVisible() and dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert desk.settings.head_title == "CHỦ TỊCH" and desk.settings.hotline == "0237 3852 123"
    assert dialog.status.text() == "Đã lưu."


def test_office_type_and_the_deputy_are_saved_together(qtbot: QtBot, desk: Desk) -> None:
    dialog = _dialog(qtbot, desk)
    office_type = dialog.editors["office_type"]
    assert isinstance(office_type, QComboBox)
    office_type.setCurrentIndex(office_type.findData("bpmc"))
    _edit(dialog, "deputy_name").setText("Trần Thị Bích")
    assert not dialog.errors["deputy_title"].isHidden()  # a deputy needs a title too (other tab)
    assert "cả họ tên và chức danh" in dialog.errors["deputy_title"].text()
    _edit(dialog, "deputy_title").setText("PHÓ CHỦ TỊCH")
    copies = dialog.editors["copies"]
    assert isinstance(copies, QSpinBox)
    copies.setValue(2)
    dialog.save()
    s = desk.settings
    assert (s.office_type, s.deputy_name, s.deputy_title, s.copies) == (
        "bpmc",
        "Trần Thị Bích",
        "PHÓ CHỦ TỊCH",
        2,
    )
    assert s.office_title == "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"


def test_days_off_are_added_changed_and_removed_from_the_table(qtbot: QtBot, desk: Desk) -> None:
    dialog = _dialog(qtbot, desk)
    dialog.tabs.setCurrentWidget(dialog.hours_tab)
    dialog.day_edit.setDate(QDate(2026, 12, 31))
    dialog.day_kind.setCurrentIndex(0)  # day off
    dialog.day_note.setText("Nghỉ bù")
    with qtbot.waitSignal(dialog.days_changed):
        dialog.add_day_button.click()
    assert dialog.days_table.rowCount() == 1
    assert dialog.days_table.item(0, 1).text() == "Ngày nghỉ"
    assert not desk.calendar.is_working_day(date(2026, 12, 31))
    dialog.add_day_button.click()  # the same day again
    assert dialog.day_error.isVisible() and "đã có" in dialog.day_error.text()
    dialog.days_table.selectRow(0)
    dialog.day_kind.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.days_changed):
        dialog.edit_day_button.click()
    assert dialog.days_table.item(0, 1).text() == "Ngày làm việc"
    dialog.days_table.selectRow(0)
    with qtbot.waitSignal(dialog.days_changed):
        dialog.remove_day_button.click()
    assert dialog.days_table.rowCount() == 0 and desk.calendar_days() == []


def test_a_new_identity_is_asked_and_its_key_shown(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    desk.receive(ReceiveRequest("1.001193", "Lê Thị Hoa"))
    assert desk.export(tmp_path / "usb") is not None
    declined = Admin(False)
    dialog = _dialog(qtbot, desk, declined)
    station = dialog.editors["station"]
    assert isinstance(station, QSpinBox)
    station.setValue(3)
    dialog.save()
    assert declined.asked and desk.settings.station == 0
    dialog.close()
    agreed = Admin(True)
    dialog = _dialog(qtbot, desk, agreed)
    station = dialog.editors["station"]
    assert isinstance(station, QSpinBox)
    station.setValue(3)
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert desk.settings.station == 3
    fingerprint = keys.fingerprint(keys.load_key(keys.key_path(desk.db.path)))
    assert agreed.told and fingerprint in agreed.told[0]


def test_a_clerk_who_is_not_an_administrator_is_refused(qtbot: QtBot, desk: Desk) -> None:
    desk.add_person(PersonInput("Quản Trị Viên", roles=("admin",)))
    clerk = desk.add_person(PersonInput("Nguyễn Thị Lan", roles=("clerk",)))
    desk.sign_in(clerk.id)
    dialog = _dialog(qtbot, desk)
    assert dialog.refusal.isVisible() and "quyền quản trị" in dialog.refusal.text()
    assert not dialog.save_button.isEnabled()
    assert not dialog.editors["agency_name"].isEnabled()
    assert not dialog.add_day_button.isEnabled()
