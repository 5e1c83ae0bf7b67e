"""The clerk's end of day: the export dialog, upstream's acknowledgement, the reminder on closing.

The folder and file dialogs, the question on closing and the message boxes are replaced
(ExportHooks) by a `Clerk` that answers what each test sets and records what it was told.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys, reasons
from onestop_desktop.sync.export import (
    ExportBusy,
    ExportError,
    ExportResult,
    RecordRefused,
    archive_dir,
)
from onestop_desktop.ui import i18n
from onestop_desktop.ui.export_dialog import (
    CANCEL,
    CLOSE_ANYWAY,
    EXPORT_NOW,
    ExportDialog,
    ExportHooks,
    export_failure_text,
    outbox_dir,
    rejection_text,
    sync_state_text,
)
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import QCloseEvent, Qt, QWidget
from tests.helpers import make_desk
from tests.test_ui_i18n import untranslated, visible_texts

# The offscreen platform warns whenever a window's minimum size changes; real ones do not.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

BIRTH = "1.001193"
TUESDAY_9AM = datetime(2026, 11, 24, 9, 0, tzinfo=VN_TZ)
TIMEOUT = 20_000


class Clerk:
    """What the clerk answers in the dialogs; what the program told the clerk."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder: Path | None = tmp_path / "usb"
        self.folder.mkdir()
        self.ack: Path | None = None
        self.answer = CANCEL
        self.asked: list[int] = []
        self.informed: list[str] = []
        self.warned: list[str] = []

    def hooks(self) -> ExportHooks:
        return ExportHooks(
            choose_folder=lambda _parent, _start: self.folder,
            choose_ack_file=lambda _parent, _start: self.ack,
            ask_close=self.ask_close,
            inform=lambda _parent, _title, text: self.informed.append(text),
            warn=lambda _parent, text: self.warned.append(text),
        )

    def ask_close(self, _parent: QWidget | None, count: int) -> str:
        self.asked.append(count)
        return self.answer


class SpontaneousClose(QCloseEvent):
    """A close event as the window system sends it (the window's × button, Alt+F4)."""

    def spontaneous(self) -> bool:
        return True


def receive(desk: Desk, name: str = "Nguyễn Thị Ánh") -> str:
    return desk.receive(ReceiveRequest(BIRTH, name, "001203004567")).code


@pytest.fixture
def clerk(tmp_path: Path) -> Clerk:
    return Clerk(tmp_path)


def open_window(qtbot: QtBot, desk: Desk, clerk: Clerk) -> MainWindow:
    i18n.set_language("vi")
    window = MainWindow(desk)
    window.end_of_day.hooks = clerk.hooks()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def desk(db_path: Path) -> Iterator[Desk]:
    desk = make_desk(db_path, station=1)
    yield desk
    desk.close()


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, clerk: Clerk) -> Iterator[MainWindow]:
    yield open_window(qtbot, desk, clerk)
    i18n.set_language("vi")


@pytest.fixture
def yesterdays_desk(db_path: Path) -> Iterator[Desk]:
    """A desk that received a dossier on Tuesday and is opened again on Wednesday."""
    desk = make_desk(db_path, station=1, now=TUESDAY_9AM)
    receive(desk)
    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(timedelta(days=1))
    yield desk
    desk.close()


def open_dialog(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    with qtbot.waitSignal(window.end_of_day.dialog_opened, timeout=TIMEOUT) as opened:
        window.export_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    return dialog


def export(qtbot: QtBot, dialog: ExportDialog) -> ExportResult | None:
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result is None or isinstance(result, ExportResult)
    return result


# -- what the dialog shows -------------------------------------------------------------------------
def test_dialog_shows_the_changed_dossiers_by_status_as_the_next_export_will_carry(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    receive(desk, "Nguyễn Văn An")
    receive(desk, "Trần Thị Bình")
    desk.transition(receive(desk, "Lê Văn Cường"), Status.IN_PROGRESS)
    dialog = open_dialog(qtbot, window)

    preview = desk.export_preview()
    assert preview == {int(Status.RECEIVED): 2, int(Status.IN_PROGRESS): 1}
    assert dialog.status_rows == [("Được tiếp nhận", "2"), ("Đang xử lý", "1")]
    assert dialog.total_label.text() == "Tổng số hồ sơ: 3"
    assert dialog.last_label.text() == "Chưa kết xuất lần nào."
    assert dialog.windowTitle() == "Kết xuất cuối ngày"
    assert dialog.folder_edit.text() == str(outbox_dir(desk)), "no export yet: the outbox"
    assert not dialog.rejected_box.isVisible()
    assert untranslated(visible_texts(dialog), "vi") == []


def test_counts_in_the_dialog_are_written_as_on_the_board(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.preview = {int(Status.RECEIVED): 1189, int(Status.IN_PROGRESS): 311}
    dialog._show_pending()
    shown = [
        count.text() for _name, count in dialog.status_labels.values() if count.isVisibleTo(dialog)
    ]
    assert shown == ["1.189", "311"], "grouped as i18n.number groups, like the board's tabs"
    assert dialog.total_label.text() == "Tổng số hồ sơ: 1.500"


def test_dialog_says_when_nothing_changed(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.status_rows == [] and not dialog.export_button.isEnabled()
    assert dialog.total_label.text() == (
        "Không có hồ sơ nào thay đổi kể từ lần kết xuất trước: không có gì để kết xuất."
    )


# -- exporting -------------------------------------------------------------------------------------
def test_exporting_writes_a_verified_file_into_the_chosen_folder_and_records_it(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk
) -> None:
    codes = {receive(desk, "Nguyễn Văn An"), receive(desk, "Trần Thị Bình")}
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert clerk.folder is not None and dialog.folder_edit.text() == str(clerk.folder)
    stages: list[str] = []
    dialog.progressed.connect(lambda stage, _done: stages.append(stage))

    result = export(qtbot, dialog)

    assert result is not None and result.path.parent == clerk.folder
    public = keys.parse_public(desk.public_key()["public_key"])
    checked = fmt.read_file(result.path, {desk.settings.desk_id: public})
    assert checked.export_seq == 1
    assert {r["MaHoSo"] for r in checked.dossiers} == codes
    [record] = desk.exports()
    assert record.file_sha256 == result.record.file_sha256 and record.folder == str(clerk.folder)
    assert stages[-1] == "done", "the progress bar is fed by the export's progress"
    sha = record.file_sha256
    assert dialog.message.text() == (
        f"Đã ghi và kiểm tra tệp kết xuất số 1:\n{result.path}\n2 hồ sơ, 2 bước xử lý · "
        f"SHA-256 {sha[0:4]} {sha[4:8]} {sha[8:12]} {sha[12:16]}\n"
        "Hãy tháo USB an toàn rồi gửi tệp cho cấp trên."
    )
    assert not dialog.progress.isVisible()
    assert not dialog.export_button.isEnabled(), "nothing left to export: the button is off"
    assert dialog.last_label.text().startswith("Số 1 – 09 giờ 00 phút, thứ Tư 25/11/2026 – 2 hồ sơ")
    assert result.path.name in dialog.last_label.text()
    assert dialog.status_rows == [], "the preview is read again: nothing left to export"

    dialog.reject()
    qtbot.waitUntil(lambda: window.end_of_day.dialog is None)
    again = open_dialog(qtbot, window)
    assert again.folder_edit.text() == str(clerk.folder), "the last export's folder is offered"


def test_a_second_export_with_nothing_changed_says_so_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk
) -> None:
    receive(desk)
    dialog = open_dialog(qtbot, window)
    dialog.folder_edit.setText(str(clerk.folder))
    assert export(qtbot, dialog) is not None
    assert not dialog.export_button.isEnabled()
    # Asked all the same (a change undone meanwhile, another window), it says so.
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as done:
        dialog.start_export()
    assert done.args[0] is None
    assert dialog.message.text() == (
        "Không có gì thay đổi kể từ lần kết xuất trước: không ghi tệp mới."
    )
    assert len(desk.exports()) == 1
    assert clerk.folder is not None and len(list(clerk.folder.iterdir())) == 1


@pytest.mark.parametrize("where", ["inside a file", "a file"])
def test_a_failed_export_says_what_happened_and_records_nothing(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk, tmp_path: Path, where: str
) -> None:
    receive(desk)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the USB folder should be")
    target = blocker / "usb" if where == "inside a file" else blocker
    dialog = open_dialog(qtbot, window)
    dialog.folder_edit.setText(str(target))

    with qtbot.waitSignal(dialog.export_failed, timeout=TIMEOUT) as failed:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    assert failed.args[0] == dialog.message.text()
    assert dialog.message.text() == (
        f"CHƯA kết xuất được vào {target}: đây không phải là thư mục (có một tệp trùng tên).\n"
        "Hãy chọn thư mục khác.\n"
        "Chưa có gì được ghi nhận, dữ liệu của quầy vẫn nguyên vẹn: có thể thử lại."
    )
    assert desk.exports() == []
    assert not archive_dir(desk.db).exists() or list(archive_dir(desk.db).iterdir()) == []
    assert dialog.status_rows == [("Được tiếp nhận", "1")], "still waiting to be exported"
    assert dialog.export_button.isEnabled() and dialog.close_button.isEnabled()
    # The clerk picks another folder and tries again.
    dialog.folder_edit.setText(str(clerk.folder))
    assert export(qtbot, dialog) is not None
    assert len(desk.exports()) == 1


def test_failures_of_the_stick_are_explained_in_vietnamese(qapp: object, tmp_path: Path) -> None:
    i18n.set_language("vi")

    def failure(code: int) -> ExportError:
        try:
            try:
                raise OSError(code, "system text", str(tmp_path / "EXPORT.part"))
            except OSError:
                raise ExportError("không ghi được", "cannot write") from None
        except ExportError as error:
            return error

    full = export_failure_text(failure(errno.ENOSPC), tmp_path)
    assert full is not None and "ổ đĩa hoặc USB đã đầy" in full and "dùng USB khác" in full
    locked = export_failure_text(failure(errno.EROFS), tmp_path)
    assert locked is not None and "chỉ cho phép đọc" in locked and "khóa chống ghi" in locked
    gone = export_failure_text(failure(errno.EIO), tmp_path)
    assert gone is not None and "USB đã bị rút ra" in gone
    differs = export_failure_text(ExportError("không kiểm tra được", "did not verify"), tmp_path)
    assert differs is not None and "không khớp" in differs and "thử USB khác" in differs
    assert export_failure_text(KeyError("a bug"), tmp_path) is None


def test_a_dossier_refused_by_its_schema_names_the_dossier_not_the_stick(
    qapp: object, tmp_path: Path
) -> None:
    refused = RecordRefused("000.00.01.H12-260115-0007", "NgayTiepNhan: not a date")
    i18n.set_language("vi")
    text = export_failure_text(refused, tmp_path)
    assert text is not None and "Hồ sơ 000.00.01.H12-260115-0007 chưa kết xuất được" in text
    assert "NgayTiepNhan" in text and "sửa thông tin" in text
    assert "USB" not in text and "không khớp" not in text
    i18n.set_language("en")
    english = export_failure_text(refused, tmp_path)
    assert english is not None and "dossier 000.00.01.H12-260115-0007 cannot be" in english
    assert "USB" not in english


def test_another_export_running_is_said_so_not_blamed_on_the_stick(
    qapp: object, tmp_path: Path
) -> None:
    i18n.set_language("vi")
    text = export_failure_text(ExportBusy(tmp_path / "desk.sqlite3"), tmp_path)
    assert text is not None and "đang kết xuất" in text and "USB" not in text


# -- the reminder on closing -----------------------------------------------------------------------
def test_closing_with_changes_from_an_earlier_day_asks_and_cancel_keeps_the_window_open(
    qtbot: QtBot, yesterdays_desk: Desk, clerk: Clerk
) -> None:
    window = open_window(qtbot, yesterdays_desk, clerk)
    clerk.answer = CANCEL
    window.quit_action.trigger()
    assert clerk.asked == [1]
    assert window.isVisible()
    event = SpontaneousClose()
    window.closeEvent(event)  # the window's close button
    assert clerk.asked == [1, 1] and not event.isAccepted()


def test_export_now_opens_the_export_dialog_and_keeps_the_window_open(
    qtbot: QtBot, yesterdays_desk: Desk, clerk: Clerk
) -> None:
    window = open_window(qtbot, yesterdays_desk, clerk)
    clerk.answer = EXPORT_NOW
    with qtbot.waitSignal(window.end_of_day.dialog_opened, timeout=TIMEOUT) as opened:
        window.quit_action.trigger()
    assert window.isVisible()
    dialog = opened.args[0]
    assert dialog.status_rows == [("Được tiếp nhận", "1")]
    dialog.folder_edit.setText(str(clerk.folder))
    assert export(qtbot, dialog) is not None
    dialog.reject()
    window.quit_action.trigger()
    assert clerk.asked == [1], "exported: no more question"
    assert not window.isVisible()


def test_close_anyway_closes_and_closing_from_code_does_not_ask(
    qtbot: QtBot, yesterdays_desk: Desk, clerk: Clerk
) -> None:
    window = open_window(qtbot, yesterdays_desk, clerk)
    clerk.answer = CLOSE_ANYWAY
    window.quit_action.trigger()
    assert clerk.asked == [1] and not window.isVisible()
    other = open_window(qtbot, yesterdays_desk, clerk)
    other.close()
    assert clerk.asked == [1] and not other.isVisible()


def test_changes_made_today_alone_do_not_trigger_the_reminder(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk
) -> None:
    receive(desk)
    assert desk.unexported_from_earlier_days() == 0
    window.quit_action.trigger()
    assert clerk.asked == [] and not window.isVisible()


# -- upstream's acknowledgement --------------------------------------------------------------------
def write_ack(
    desk: Desk,
    path: Path,
    accepted: list[tuple[str, int]],
    rejected: list[tuple[str, int, str]],
    desk_id: str | None = None,
) -> Path:
    """An acknowledgement as upstream writes it (see tests/test_export.py)."""
    record = desk.exports()[-1]
    ack = {
        "format": "onestop-sync-ack",
        "version": 1,
        "desk_id": desk_id or desk.settings.desk_id,
        "export_seq": record.export_seq,
        "file_name": record.file_name,
        "file_sha256": record.file_sha256,
        "manifest_sha256": record.manifest_sha256,
        "imported_at": "20261125180000",
        "accepted": [{"MaHoSo": c, "_version": v} for c, v in accepted],
        "rejected": [{"MaHoSo": c, "_version": v, "reason": r} for c, v, r in rejected],
    }
    path.write_text(json.dumps(ack), encoding="utf-8")
    return path


def test_importing_the_acknowledgement_updates_sync_states_and_lists_the_rejected(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk, tmp_path: Path
) -> None:
    good = receive(desk, "Trần Văn Tốt")
    bad = receive(desk, "Trần Văn Hỏng")
    assert sync_state_text(desk.sync_state(good)) == "Chưa kết xuất"
    assert desk.export(tmp_path / "usb") is not None
    assert sync_state_text(desk.sync_state(good)) == "Đã kết xuất (lần 1)"
    written = reasons.held_by_other_desk("000.00.01.H56#2")  # as upstream writes it, in English
    reason = "mã hồ sơ này đã được quầy 000.00.01.H56#2 đăng ký trước"
    clerk.ack = write_ack(desk, tmp_path / "ACK.json", [(good, 1)], [(bad, 2, written)])

    with qtbot.waitSignal(window.end_of_day.acknowledged, timeout=TIMEOUT) as done:
        window.ack_action.trigger()

    assert done.args[0]["accepted"] == 1 and done.args[0]["rejected"] == 1
    assert sync_state_text(desk.sync_state(good)) == "Cấp trên đã nhận"
    assert sync_state_text(desk.sync_state(bad)) == f"Cấp trên từ chối: {reason}"
    assert clerk.informed == [
        "Đã nhập tệp xác nhận của cấp trên: cấp trên đã nhận 1 hồ sơ, từ chối 1 hồ sơ.\n"
        "Danh sách hồ sơ bị từ chối có trong mục Kết xuất cuối ngày (Ctrl+E): hãy xem lý do "
        "và xử lý."
    ]
    dialog = open_dialog(qtbot, window)
    assert dialog.rejected_box.isVisible()
    assert dialog.rejected_list.count() == 1
    item = dialog.rejected_list.item(0)
    assert item.text() == f"{bad} – Trần Văn Hỏng\nCấp trên từ chối: {reason}"
    with qtbot.waitSignal(window.end_of_day.dossier_requested) as requested:
        dialog.rejected_list.itemActivated.emit(item)  # double-click or Enter
    assert requested.args == [bad]
    assert window.end_of_day.dialog is None, "closed, so the window can show the dossier"

    with qtbot.waitSignal(window.end_of_day.acknowledged, timeout=TIMEOUT):
        window.ack_action.trigger()  # the same file again
    assert clerk.informed[-1] == "Tệp xác nhận này đã được nhập trước đây: không có gì thay đổi."
    desk.transition(bad, Status.IN_PROGRESS)  # corrected: goes with the next export
    dialog = open_dialog(qtbot, window)
    assert dialog.rejected_list.count() == 0 and not dialog.rejected_box.isVisible()


def test_an_acknowledgement_for_another_desk_or_not_an_acknowledgement_is_refused(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk, tmp_path: Path
) -> None:
    code = receive(desk)
    assert desk.export(tmp_path / "usb") is not None
    clerk.ack = write_ack(desk, tmp_path / "ACK.json", [(code, 1)], [], "000.00.01.H56#2")
    with qtbot.waitSignal(window.end_of_day.ack_refused, timeout=TIMEOUT):
        window.ack_action.trigger()
    assert clerk.warned == [
        "Tệp xác nhận này thuộc quầy khác.\n"
        "Hãy chọn đúng tệp xác nhận mà cấp trên gửi cho quầy 000.00.01.H56#1."
    ]
    clerk.ack.write_text("{not json", encoding="utf-8")
    with qtbot.waitSignal(window.end_of_day.ack_refused, timeout=TIMEOUT):
        window.ack_action.trigger()
    assert clerk.warned[-1].startswith("Tệp xác nhận ACK.json không hợp lệ")
    assert clerk.informed == []
    assert sync_state_text(desk.sync_state(code)) == "Đã kết xuất (lần 1)"


# -- sync state as text ----------------------------------------------------------------------------
def test_sync_state_text_for_each_state(qapp: object) -> None:
    i18n.set_language("vi")
    assert sync_state_text({"state": "not_exported", "version": 3}) == "Chưa kết xuất"
    assert sync_state_text({"state": "exported", "export_seq": 4}) == "Đã kết xuất (lần 4)"
    assert sync_state_text({"state": "exported", "export_seq": None}) == "Đã kết xuất"
    assert sync_state_text({"state": "acknowledged", "reason": ""}) == "Cấp trên đã nhận"
    assert sync_state_text({"state": "rejected", "reason": "thiếu mã TTHC"}) == (
        "Cấp trên từ chối: thiếu mã TTHC"
    )
    assert sync_state_text({"state": "rejected", "reason": ""}) == "Cấp trên từ chối"
    assert sync_state_text({"state": "unknown"}) == "Không rõ"
    i18n.set_language("en")
    try:
        assert sync_state_text({"state": "exported", "export_seq": 4}) == "Exported (export 4)"
        assert sync_state_text({"state": "rejected", "reason": "x"}) == "Rejected by upstream: x"
    finally:
        i18n.set_language("vi")


def test_upstreams_reasons_are_said_in_the_interface_language(qapp: object) -> None:
    """Upstream writes its reasons in English (sync/reasons.py); the clerk reads them in the
    interface's language. A reason upstream does not write is shown as it came."""
    written = {
        "other": reasons.other_agency("000.00.02.H56", "000.00.01.H56"),
        "held": reasons.held_by_other_desk("000.00.01.H56#2"),
        "unstorable": reasons.UNSTORABLE,
        "station": reasons.other_station(2, 1),
        "no station": reasons.other_station(None, 1),
    }
    vietnamese = {
        "other": "mã hồ sơ thuộc cơ quan 000.00.02.H56, không phải cơ quan của quầy này "
        "(000.00.01.H56)",
        "held": "mã hồ sơ này đã được quầy 000.00.01.H56#2 đăng ký trước",
        "unstorable": "hồ sơ có ký tự không lưu được (ký tự NUL hoặc chữ Unicode bị hỏng); "
        "hãy sửa hồ sơ rồi kết xuất lại",
        "station": "số thứ tự trong mã hồ sơ thuộc dải số của quầy số 2, không phải của quầy này "
        "(quầy số 1)",
        "no station": "số thứ tự trong mã hồ sơ không thuộc dải số của quầy nào; quầy này là "
        "quầy số 1",
    }
    english = {
        "other": "the dossier code belongs to agency 000.00.02.H56, not to this desk's agency "
        "000.00.01.H56",
        "held": "desk 000.00.01.H56#2 registered this dossier code first",
        "unstorable": "the dossier holds a character that cannot be stored (NUL, or broken "
        "Unicode text); correct the dossier and export again",
        "station": "the dossier code's number belongs to station 2, not to this desk (station 1)",
        "no station": "the dossier code's number is in no desk's number block; this desk is "
        "station 1",
    }
    i18n.set_language("vi")
    for kind, reason in written.items():
        assert rejection_text(reason) == vietnamese[kind]
        assert sync_state_text({"state": "rejected", "reason": reason}) == (
            f"Cấp trên từ chối: {vietnamese[kind]}"
        )
    assert rejection_text("lý do khác") == "lý do khác"
    i18n.set_language("en")
    try:
        for kind, reason in written.items():
            assert rejection_text(reason) == english[kind]
    finally:
        i18n.set_language("vi")


def test_an_earlier_export_that_cannot_be_settled_blames_the_pc_not_the_stick(
    qapp: object, tmp_path: Path
) -> None:
    from onestop_desktop.sync.export import ExportUnsettled

    i18n.set_language("vi")
    text = export_failure_text(ExportUnsettled(3, "Is a directory"), tmp_path)
    assert text is not None and "lần kết xuất số 3" in text and "ổ đĩa của máy" in text
    assert "USB" not in text


def test_an_open_dossier_page_shows_its_new_sync_state_after_the_export(
    qtbot: QtBot, window: MainWindow, desk: Desk, clerk: Clerk
) -> None:
    code = receive(desk, "Nguyễn Văn An")
    assert window.open_dossier(code)
    before = window.dossier_page.sync_label.text()
    assert before.startswith("Chưa kết xuất")
    dialog = open_dialog(qtbot, window)
    dialog.folder_edit.setText(str(clerk.folder))
    assert export(qtbot, dialog) is not None
    # without reopening the dossier
    assert window.dossier_page.sync_label.text() == (
        "Đã kết xuất (lần số 1), đang chờ cấp trên xác nhận."
    )
