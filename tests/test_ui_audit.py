"""The audit log in the window: the Help menu's check (off the UI thread, the first break named in
Vietnamese), the desk-wide log window with its filters and paging, and a dossier's log from its
page."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.audit import ChainReport
from onestop_desktop.domain.people import PersonInput
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.ui import audit_log, i18n
from onestop_desktop.ui.audit_log import AuditCheckDialog, AuditLogWindow
from onestop_desktop.ui.main_window import MainWindow
from tests.test_ui_board import Clerk, open_window
from tests.test_ui_i18n import untranslated, visible_texts

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

BIRTH = "1.001193"
NAMES = ["An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Lan", "Minh", "Nam", "Oanh"]


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    return open_window(qtbot, desk, Clerk())


def _receive(desk: Desk, name: str) -> str:
    return desk.receive(ReceiveRequest(BIRTH, name)).code


def _checked(qtbot: QtBot, window: MainWindow) -> AuditCheckDialog:
    dialog = window.check_audit()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    return dialog


def test_the_help_menu_check_says_the_log_is_intact_with_its_count(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        _receive(desk, name)
    assert window.audit_check_action.text() == "&Kiểm tra nhật ký thay đổi"
    assert window.audit_check_action in window.help_menu.actions()
    dialog = _checked(qtbot, window)
    assert isinstance(dialog.report, ChainReport) and dialog.report.ok
    assert dialog.message.text() == (
        "Nhật ký thay đổi còn nguyên vẹn: đã kiểm tra 3 mục, không mục nào bị sửa, bị xóa hay "
        "bị chèn thêm."
    )
    assert untranslated(visible_texts(dialog), "vi") == []


def test_the_check_names_the_first_break_after_the_file_was_edited_behind_its_back(
    qtbot: QtBot, window: MainWindow, desk: Desk, db_path: Path
) -> None:
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        _receive(desk, name)
    with contextlib.closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'Kẻ gian' WHERE id = 2")
    dialog = _checked(qtbot, window)
    assert dialog.report is not None and not dialog.report.ok
    text = dialog.message.text()
    assert "Chỗ hỏng đầu tiên: mục số 2 (bị sửa)" in text
    assert "Mục nhật ký số 2 đã bị sửa" in text
    i18n.set_language("en")
    try:
        assert "First break: entry 2 (altered)" in dialog.message.text()
        assert "entry 2 was altered" in dialog.message.text()
    finally:
        i18n.set_language("vi")


def test_the_check_reports_progress_while_it_runs_on_a_long_log(
    qtbot: QtBot, window: MainWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Progress reaches the dialog through a queued signal (the walk runs on the worker)."""
    for i in range(3):
        _receive(desk, f"Nguyễn Văn {NAMES[i]}")
    dialog = AuditCheckDialog(desk, window)
    seen: list[int] = []
    dialog.progressed.connect(seen.append)
    dialog.progressed.emit(100_000)  # as the worker does every 100,000 entries
    assert "đã kiểm tra 100.000 mục" in dialog.message.text()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert seen == [100_000]
    assert dialog.report is not None and dialog.report.entries == 4  # with the set-up


def test_the_log_window_filters_by_person_and_day_newest_first(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    hoa = desk.add_person(PersonInput("Phạm Thị Hoa"))
    nam = desk.add_person(PersonInput("Vũ Văn Nam"))
    desk.retire_person(nam.id)
    desk.sign_in(hoa.id)
    code = _receive(desk, "Nguyễn Văn An")
    log = window.open_audit_log()
    qtbot.addWidget(log)
    model = log.model
    assert model.rowCount() == 6  # set-up, two people added, one retired, a sign-in, a dossier
    assert model.index(0, 1).data() == "Tiếp nhận hồ sơ"
    assert model.index(0, 2).data() == code
    assert model.index(0, 3).data() == "Phạm Thị Hoa"
    names = [log.person_combo.itemText(i) for i in range(log.person_combo.count())]
    assert names == ["Tất cả mọi người", "Phạm Thị Hoa", "Vũ Văn Nam (đã nghỉ)"]
    with qtbot.waitSignal(log.loaded) as shown:
        log.person_combo.setCurrentIndex(1)
    assert shown.args == [2]  # Hoa's sign-in and the dossier she received
    log.person_combo.setCurrentIndex(0)
    with qtbot.waitSignal(log.loaded) as shown:
        log.day_check.setChecked(True)  # today, the desk's day
    assert shown.args == [6]
    with qtbot.waitSignal(log.loaded) as shown:
        log.day_edit.setDate(log.day_edit.date().addDays(-1))
    assert shown.args == [0]
    assert log.count_label.text() == "0 mục."
    assert untranslated(visible_texts(log), "vi") == []


def test_the_log_window_loads_older_entries_as_it_scrolls(
    qtbot: QtBot, window: MainWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_log, "PAGE", 4)
    for i in range(10):
        _receive(desk, f"Nguyễn Văn {NAMES[i]}")
    log = AuditLogWindow(desk, window)
    qtbot.addWidget(log)
    log.show()
    assert log.count_label.text() == "4 mục mới nhất; cuộn xuống để xem các mục cũ hơn."
    while log.model.canFetchMore():
        log.model.fetchMore()
    ids = [int(e["id"]) for e in log.model.entries]
    assert ids == list(range(11, 0, -1))  # the office's set-up first
    assert log.count_label.text() == "11 mục."


def test_a_dossier_s_page_opens_its_log_with_who_and_when(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    code = _receive(desk, "Nguyễn Văn An")
    _receive(desk, "Trần Thị Bình")
    desk.record_print(code, "receipt", "printed")
    desk.transition(code, Status.IN_PROGRESS)
    assert window.open_dossier(code)
    page = window.dossier_page
    assert page.audit_button.text() == "Nhật ký thay đổi…"
    log = page.open_audit_log()
    assert log is not None
    qtbot.addWidget(log)
    rows = [
        (log.model.index(r, 0).data(), log.model.index(r, 1).data(), log.model.index(r, 3).data())
        for r in range(log.model.rowCount())
    ]
    clerk = desk.settings.clerk_name
    assert rows == [
        ("25/11/2026 09:00", "Chuyển trạng thái hồ sơ → Đang xử lý", clerk),
        ("25/11/2026 09:00", "In biểu mẫu", clerk),
        ("25/11/2026 09:00", "Tiếp nhận hồ sơ", clerk),
    ]
    assert log.dossier_edit.text() == code
