"""The administrator sets the backup passphrase in "Sao lưu và phục hồi", and the clerk's end-of-day
export backs the desk up onto the same USB stick with no passphrase typed (issue 9): real
database files in temporary folders, the work off the UI thread, waited for with signals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.operations.backup import STICK_FOLDER, list_backups, restore_backup
from onestop_desktop.sync import keys
from onestop_desktop.ui import i18n
from onestop_desktop.ui.backup_dialog import BackupDialog, BackupHooks, NewPassphraseDialog
from onestop_desktop.ui.export_dialog import ExportDialog
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import QDialog, QDialogButtonBox
from tests.helpers import WEDNESDAY_9AM, make_desk
from tests.test_ui_export import Clerk, open_dialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

TIMEOUT = 20_000
PASSPHRASE = "Cây đa giếng nước sân đình 2026"


@pytest.fixture
def desk(db_path: Path) -> Iterator[Desk]:
    desk = make_desk(db_path, station=1)
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        desk.receive(ReceiveRequest("1.001193", name))
    yield desk
    desk.close()


@pytest.fixture
def clerk(tmp_path: Path) -> Clerk:
    return Clerk(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, clerk: Clerk) -> Iterator[MainWindow]:
    i18n.set_language("vi")
    window = MainWindow(desk)
    window.end_of_day.hooks = clerk.hooks()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


def test_the_passphrase_is_typed_twice_and_a_short_one_is_refused_in_vietnamese(
    qtbot: QtBot,
) -> None:
    i18n.set_language("vi")
    dialog = NewPassphraseDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Đặt mật khẩu sao lưu"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.first.setText("ngắn")
    dialog.second.setText("ngắn")
    ok.click()
    assert "ít nhất 12 ký tự" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE + "!")
    ok.click()
    assert "không khớp" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.second.setText(PASSPHRASE)
    ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_administrator_sets_the_passphrase_and_only_a_public_key_is_stored(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    with qtbot.waitSignal(window.backup_menu_opened, timeout=TIMEOUT) as opened:
        window.backup_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, BackupDialog)
    assert dialog.passphrase_button.text() == "Đặt &mật khẩu sao lưu…"
    assert "Chưa đặt mật khẩu sao lưu" in dialog.key_state.text()
    dialog.hooks = BackupHooks(ask_new_passphrase=lambda _parent: PASSPHRASE)
    with qtbot.waitSignal(dialog.passphrase_set, timeout=TIMEOUT) as done:
        dialog.passphrase_button.click()
    key = done.args[0]
    assert desk.backup_key == key
    assert "Đã đặt mật khẩu sao lưu" in dialog.key_state.text()
    assert key.fingerprint in dialog.key_state.text()
    assert PASSPHRASE.encode() not in desk.db.path.read_bytes()
    wal = desk.db.path.with_name(desk.db.path.name + "-wal")
    assert not wal.exists() or PASSPHRASE.encode() not in wal.read_bytes()


def _export_with_backup(qtbot: QtBot, dialog: ExportDialog) -> None:
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT):
        dialog.export_button.click()


def test_the_end_of_day_export_backs_up_onto_the_same_stick_with_the_key_sealed(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk, db_path: Path
) -> None:
    desk.set_backup_passphrase(PASSPHRASE)
    pem = keys.key_path(db_path).read_bytes()
    dialog = open_dialog(qtbot, window)
    assert dialog.backup_check.text() == "Sao lưu cơ sở dữ liệu lên cùng USB"
    assert dialog.backup_check.isChecked(), "checked by default once a passphrase is set"
    assert clerk.folder is not None
    dialog.folder_edit.setText(str(clerk.folder))
    with qtbot.waitSignal(dialog.stick_backed_up, timeout=TIMEOUT) as done:
        _export_with_backup(qtbot, dialog)
    backup = done.args[0].backup
    assert backup.path.parent == clerk.folder / STICK_FOLDER
    assert (backup.kind, backup.checked, backup.key_encrypted) == ("end-of-day", "ok", True)
    assert pem not in backup.path.read_bytes()
    assert [e.export_seq for e in desk.exports()] == [1]
    text = dialog.message.text()
    assert "Kết xuất" in text or "kết xuất" in text
    assert "Đã sao lưu cơ sở dữ liệu lên USB" in text and "khóa bằng mật khẩu sao lưu" in text
    assert not dialog.busy()
    # the stick alone restores the desk, key and all, with the passphrase
    [found] = list_backups(clerk.folder / STICK_FOLDER)
    new_pc = db_path.parent / "new-pc" / "desk.sqlite3"
    restored = restore_backup(new_pc, found.path, now=WEDNESDAY_9AM, passphrase=PASSPHRASE)
    assert restored.key_restored and keys.key_path(new_pc).read_bytes() == pem


def test_with_no_passphrase_the_box_starts_unchecked_and_the_choice_is_remembered(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk
) -> None:
    dialog = open_dialog(qtbot, window)
    assert not dialog.backup_check.isChecked()
    dialog.backup_check.setChecked(True)
    assert desk.settings.stick_backup is True
    assert clerk.folder is not None
    dialog.folder_edit.setText(str(clerk.folder))
    with qtbot.waitSignal(dialog.stick_backed_up, timeout=TIMEOUT) as done:
        _export_with_backup(qtbot, dialog)
    assert not done.args[0].backup.has_key
    assert "Chưa đặt mật khẩu sao lưu nên không chép khóa ký" in dialog.message.text()
    dialog.close()
    reopened = Desk.open(desk.db.path)
    assert reopened.settings.stick_backup is True  # stored, not only in this window
    reopened.close()
    dialog.backup_check.setChecked(False)
    assert desk.settings.stick_backup is False


def test_a_failed_stick_backup_is_reported_and_never_undoes_the_export(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk
) -> None:
    desk.set_backup_passphrase(PASSPHRASE)
    assert clerk.folder is not None
    (clerk.folder / STICK_FOLDER).write_text("a file where the backup folder should be")
    dialog = open_dialog(qtbot, window)
    dialog.folder_edit.setText(str(clerk.folder))
    with qtbot.waitSignal(dialog.stick_backup_failed, timeout=TIMEOUT) as failed:
        _export_with_backup(qtbot, dialog)
    assert "Sao lưu lên USB KHÔNG thành công" in failed.args[0]
    assert "vẫn đã được ghi và kiểm tra" in dialog.message.text()
    [export] = desk.exports()
    assert (clerk.folder / export.file_name).is_file()
    assert not dialog.busy()
