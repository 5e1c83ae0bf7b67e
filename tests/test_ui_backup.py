"""Cài đặt → "Sao lưu và phục hồi" and the start-of-day check, as the clerk uses them: real
database files in temporary folders, the work off the UI thread, waited for with signals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.sync import keys
from onestop_desktop.ui import i18n
from onestop_desktop.ui.backup_dialog import BackupDialog, BackupHooks
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import QWidget
from tests.helpers import make_desk
from tests.test_backup import NAMES, _corrupt

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

TIMEOUT = 20_000


class Clerk:
    """What the clerk answers in the dialogs, and what the program showed."""

    def __init__(self) -> None:
        self.file: Path | None = None
        self.questions: list[str] = []
        self.errors: list[str] = []

    def hooks(self) -> BackupHooks:
        return BackupHooks(
            ask_file=lambda _parent, _folder: self.file,
            confirm=self.confirm,
            ask_passphrase=lambda _parent: None,
            show_error=lambda _parent, text: self.errors.append(text),
        )

    def confirm(self, _parent: QWidget, text: str) -> bool:
        self.questions.append(text)
        return True


def _receive(desk: Desk, n: int) -> None:
    for i in range(n):
        desk.receive(ReceiveRequest("1.001193", f"Trần Thị {NAMES[i % 10]}"))


@pytest.fixture
def desk(db_path: Path) -> Iterator[Desk]:
    desk = make_desk(db_path)
    yield desk
    desk.close()


def _window(qtbot: QtBot, desk: Desk) -> MainWindow:
    i18n.set_language("vi")
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _dialog(qtbot: QtBot, window: MainWindow, clerk: Clerk) -> BackupDialog:
    with qtbot.waitSignal(window.backup_menu_opened, timeout=TIMEOUT) as opened:
        window.backup_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, BackupDialog)
    dialog.hooks = clerk.hooks()
    qtbot.waitUntil(lambda: dialog.list.count() > 0, timeout=TIMEOUT)
    return dialog


def test_back_up_now_lists_the_checked_backup_in_vietnamese(qtbot: QtBot, desk: Desk) -> None:
    _receive(desk, 3)
    window = _window(qtbot, desk)
    assert window.backup_action.text() == "Sao &lưu và phục hồi…"
    dialog = _dialog(qtbot, window, Clerk())
    assert dialog.list.item(0).text() == "Chưa có bản sao lưu nào."
    listed = qtbot.waitSignal(dialog.listed, timeout=TIMEOUT)
    with listed, qtbot.waitSignal(dialog.backed_up, timeout=TIMEOUT):
        dialog.backup_button.click()
    assert "Đã sao lưu: 3 hồ sơ" in dialog.message.text()
    line = dialog.list.item(0).text()
    assert "3 hồ sơ" in line and "kiểm tra tốt" in line and "theo yêu cầu" in line
    assert len(desk.backups()) == 1


def test_restore_shows_what_the_backup_holds_then_replaces_the_database(
    qtbot: QtBot, desk: Desk
) -> None:
    _receive(desk, 2)
    backup = desk.backup().backup
    _receive(desk, 2)
    window = _window(qtbot, desk)
    clerk = Clerk()
    clerk.file = backup.path
    dialog = _dialog(qtbot, window, clerk)
    with qtbot.waitSignal(dialog.restored, timeout=TIMEOUT) as done:
        dialog.restore_button.click()
    assert len(clerk.questions) == 1 and "2 hồ sơ" in clerk.questions[0]
    assert done.args[0].restored.dossiers == 2
    assert len(desk.search("Trần")) == 2  # the window's desk reads the restored file
    assert list(desk.db.path.parent.glob("desk.sqlite3.before-restore-*"))
    assert "Đã phục hồi" in dialog.message.text()


def test_restore_refuses_an_altered_backup_and_keeps_the_database(qtbot: QtBot, desk: Desk) -> None:
    _receive(desk, 2)
    backup = desk.backup().backup
    _receive(desk, 1)
    data = bytearray(backup.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup.path.write_bytes(bytes(data))
    window = _window(qtbot, desk)
    clerk = Clerk()
    clerk.file = backup.path
    dialog = _dialog(qtbot, window, clerk)
    with qtbot.waitSignal(dialog.failed, timeout=TIMEOUT):
        dialog.restore_button.click()
    assert clerk.questions == [] and "không đạt kiểm tra" in clerk.errors[0]
    assert len(desk.search("Trần")) == 3


def test_a_damaged_database_is_reported_in_vietnamese_at_the_start(
    qtbot: QtBot, db_path: Path
) -> None:
    first = make_desk(db_path)
    _receive(first, 40)
    first.close()
    _corrupt(db_path, "dossier_events")
    desk = Desk.open(db_path)
    try:
        window = _window(qtbot, desk)
        shown: list[str] = []
        with qtbot.waitSignal(window.start_checked, timeout=TIMEOUT) as checked:
            window.start_of_day_checks(lambda _parent, text: shown.append(text))
        assert checked.args[0] and shown == [checked.args[0]]
        assert "bị hỏng" in shown[0] and "phục hồi từ bản sao lưu" in shown[0]
        assert not list(desk.backup_dir.glob("*.backup.sqlite3"))
    finally:
        desk.close()


def test_the_first_start_of_the_day_writes_the_daily_backup(qtbot: QtBot, desk: Desk) -> None:
    _receive(desk, 1)
    window = _window(qtbot, desk)
    with qtbot.waitSignal(window.start_checked, timeout=TIMEOUT) as checked:
        window.start_of_day_checks()
    assert checked.args[0] == ""
    assert [b.kind for b in desk.backups()] == ["daily"]


def test_a_backup_on_a_usb_stick_holds_the_key_only_encrypted(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    desk.set_backup_passphrase("mật khẩu của quản trị")
    window = _window(qtbot, desk)
    clerk = Clerk()
    dialog = _dialog(qtbot, window, clerk)
    stick = tmp_path / "usb"
    dialog.hooks.ask_folder = lambda _parent: stick
    with qtbot.waitSignal(dialog.backed_up, timeout=TIMEOUT) as done:
        dialog.stick_button.click()
    backup = done.args[0].backup
    assert backup.path.parent == stick and backup.key_encrypted
    assert "được khóa bằng mật khẩu sao lưu" in dialog.message.text()
    assert keys.key_path(desk.db.path).read_bytes() not in backup.path.read_bytes()
