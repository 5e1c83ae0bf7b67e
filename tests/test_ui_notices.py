"""What the desk found at start, told in the window: exports a crash interrupted and the desk
settled, a database opened read-only, a database the quick check found damaged.

The interrupted exports are real: the command line's export is killed (SIGKILL at a named step,
as tests/test_export_crash.py does) and the desk opened again on the same file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.clock import FixedClock
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.sync.export import archive_dir
from onestop_desktop.ui import i18n
from onestop_desktop.ui.actions import ActionHooks
from onestop_desktop.ui.background import stop_background
from onestop_desktop.ui.main_window import MainWindow
from tests.helpers import WEDNESDAY_9AM, make_desk
from tests.test_backup import NAMES, _corrupt
from tests.test_export_crash import Office
from tests.test_store_failures import _read_only_view

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

TIMEOUT = 20_000


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """A desk with a little work to export; no upstream store is needed here."""
    desk = make_desk(tmp_path / "desk.sqlite3", station=1)
    desk.close()
    office = Office(tmp_path / "desk.sqlite3", tmp_path / "usb", tmp_path / "acks", None)  # type: ignore[arg-type]
    office.work()
    yield office


def _window(qtbot: QtBot, desk: Desk, errors: list[str] | None = None) -> MainWindow:
    i18n.set_language("vi")
    hooks = ActionHooks()
    hooks.show_error = lambda _parent, text: (errors if errors is not None else []).append(text)
    hooks.confirm = lambda _parent, _text: True
    window = MainWindow(desk, action_hooks=hooks)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    return window


def _texts(window: MainWindow) -> list[str]:
    return [bar.label.text() for bar in window.notices if bar.isVisible()]


def test_an_export_recorded_at_start_whose_stick_was_pulled_says_to_copy_it_again(
    qtbot: QtBot, office: Office
) -> None:
    # Killed once the desk's archived copy was in place, before the stick's; the stick is
    # then pulled out, so the desk records the export but cannot put its file on the stick.
    office.export_killed_at("archive-placed")
    shutil.rmtree(office.usb)
    desk = office.open()
    try:
        assert [(s.outcome, s.in_folder) for s in desk.settled] == [("recorded", False)]
        record = desk.settled[0].record
        window = _window(qtbot, desk)
        [text] = _texts(window)
        assert "Lần kết xuất số 1 bị gián đoạn lần trước đã được ghi nhận" in text
        assert record.file_name in text and str(archive_dir(desk.db)) in text
        assert "--" not in text  # the window names its own actions, not command-line flags
        # Closed by the clerk, it goes for good; a second window does not repeat it.
        [bar] = window.notices
        assert bar.close_button is not None
        with qtbot.waitSignal(bar.closed, timeout=TIMEOUT):
            bar.close_button.click()
        assert window.notices == []
        assert _texts(_window(qtbot, desk)) == []
    finally:
        desk.close()


def test_an_export_recorded_at_start_with_its_file_on_the_stick_is_only_news(
    qtbot: QtBot, office: Office
) -> None:
    office.export_killed_at("folder-placed")
    desk = office.open()
    try:
        assert [(s.outcome, s.in_folder) for s in desk.settled] == [("recorded", True)]
        [text] = _texts(_window(qtbot, desk))
        assert text == "Lần kết xuất số 1 bị gián đoạn lần trước đã được ghi nhận."
    finally:
        desk.close()


def test_an_export_dropped_at_start_says_nothing_was_sent_and_the_next_carries_all(
    qtbot: QtBot, office: Office
) -> None:
    office.export_killed_at("archive-half-written")
    desk = office.open()
    try:
        assert [s.outcome for s in desk.settled] == ["dropped"]
        window = _window(qtbot, desk)
        assert _texts(window) == [
            "Lần kết xuất bị gián đoạn chưa ghi xong nên đã được hủy; chưa có gì gửi lên cấp "
            "trên, lần kết xuất tới sẽ gửi đủ."
        ]
        # The notice follows the interface language.
        i18n.set_language("en")
        assert "nothing was sent upstream" in _texts(window)[0]
    finally:
        i18n.set_language("vi")
        desk.close()


def test_an_export_left_unsettled_says_why_and_that_the_next_export_waits(
    qtbot: QtBot, office: Office
) -> None:
    office.export_killed_at("archive-placed")
    # The desk's archived copy cannot be read (a directory has taken its name): unsettled.
    [archived] = office.db.with_name(office.db.name + ".exports").glob("*.zip")
    archived.unlink()
    archived.mkdir()
    desk = office.open()
    try:
        assert [s.outcome for s in desk.settled] == ["unsettled"]
        detail = desk.settled[0].detail
        [text] = _texts(_window(qtbot, desk))
        assert f"Lần kết xuất số 1 bị gián đoạn lần trước chưa kiểm tra được ({detail})" in text
        assert "Lần kết xuất tới sẽ chưa bắt đầu" in text
    finally:
        desk.close()


def test_a_read_only_desk_says_so_for_good_and_offers_nothing_that_writes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "desk"
    source.mkdir()
    desk = make_desk(source / "desk.sqlite3")
    code = desk.receive(ReceiveRequest("2.000815", "Nguyễn Văn An")).code
    desk.close()
    with _read_only_view(source, tmp_path / "ro") as view:
        desk = Desk.open(view / "desk.sqlite3", FixedClock(WEDNESDAY_9AM))
        try:
            assert desk.db.read_only
            errors: list[str] = []
            window = _window(qtbot, desk, errors)
            [text] = _texts(window)
            assert "chỉ cho phép đọc" in text and "xem, tìm và in" in text
            assert window.notices[0].close_button is None
            assert not window.new_action.isEnabled()
            assert not window.export_action.isEnabled()
            assert not window.ack_action.isEnabled()
            assert not window.board.new_button.isEnabled()
            assert window.open_action.isEnabled() and window.search_action.isEnabled()
            # The start-up check reads; it writes no backup and shows nothing.
            with qtbot.waitSignal(window.start_checked, timeout=TIMEOUT) as checked:
                window.start_of_day_checks(lambda _parent, text: errors.append(text))
            assert checked.args[0] == "" and errors == []
            # A move that slips through is refused with the read-only message; nothing changes.
            assert window.open_dossier(code)
            assert not window.dossier_actions.move(code, Status.IN_PROGRESS)
            assert len(errors) == 1 and "chỉ cho phép đọc" in errors[0]
            assert desk.get(code).status is Status.RECEIVED
            # Switching the language works for the session without an error.
            window.set_language("en")
            assert "read-only" in _texts(window)[0] and errors[1:] == []
        finally:
            i18n.set_language("vi")
            window.close()
            stop_background(desk)
            desk.close()


def test_a_damaged_database_keeps_a_bar_with_what_to_do_after_its_dialog(
    qtbot: QtBot, db_path: Path
) -> None:
    first = make_desk(db_path)
    for i in range(40):
        first.receive(ReceiveRequest("1.001193", f"Trần Thị {NAMES[i % len(NAMES)]}"))
    first.close()
    _corrupt(db_path, "dossier_events")
    desk = Desk.open(db_path)
    try:
        window = _window(qtbot, desk)
        shown: list[str] = []
        with qtbot.waitSignal(window.start_checked, timeout=TIMEOUT):
            window.start_of_day_checks(lambda _parent, text: shown.append(text))
        assert len(shown) == 1
        [text] = _texts(window)
        assert "bị hỏng" in text and "Cài đặt → Sao lưu và phục hồi" in text
        assert window.notices[0].close_button is None
    finally:
        desk.close()
