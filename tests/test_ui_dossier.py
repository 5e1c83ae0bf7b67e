"""A dossier's page: only the allowed moves, what each move asks, the apology rule, the forms,
the sync state, and the board following each change."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.apology import sent_in_time
from onestop_desktop.domain.lifecycle import ALLOWED
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk
from onestop_desktop.store import sync as sync_store
from onestop_desktop.sync import reasons
from onestop_desktop.ui import i18n
from onestop_desktop.ui.actions import ApologyAnswer, ApologyDialog
from onestop_desktop.ui.dossier_view import DossierPage
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import QDialogButtonBox, QPushButton, Qt, is_alive
from onestop_desktop.ui.supplement_dialog import SupplementAnswer
from tests.test_ui_board import SAME_DAY, THREE_DAYS, Clerk, at, counts, open_window, receive
from tests.test_ui_i18n import untranslated, visible_texts

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def clerk() -> Clerk:
    return Clerk()


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, clerk: Clerk) -> MainWindow:
    return open_window(qtbot, desk, clerk)


def open_page(window: MainWindow, code: str) -> DossierPage:
    assert window.open_dossier(code)
    assert window.current_page() == "dossier"
    return window.dossier_page


def click_move(qtbot: QtBot, page: DossierPage, target: Status) -> None:
    qtbot.mouseClick(page.move_buttons[target], Qt.MouseButton.LeftButton)


def test_only_the_moves_the_lifecycle_allows_are_offered(
    qtbot: QtBot, desk: Desk, window: MainWindow, clerk: Clerk
) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    page = open_page(window, code)
    assert list(page.move_buttons) == list(ALLOWED[Status.RECEIVED])
    assert Status.RETURNED not in page.move_buttons
    labels = [b.text() for b in page.move_buttons.values()]
    assert labels[:2] == ["Chuyển xử lý", "Yêu cầu bổ sung giấy tờ"]
    assert {"Đã xử lý xong", "Từ chối", "Dừng xử lý"} <= set(labels)
    assert page.status_label.text() == "Được tiếp nhận"
    assert untranslated(visible_texts(window), "vi") == []
    desk.transition(code, Status.RESOLVED)
    page.reload()
    assert list(page.move_buttons) == [Status.RETURNED]
    assert page.move_buttons[Status.RETURNED].text() == "Trả kết quả"
    assert page.apology_button.isHidden()
    clerk.texts.append("Lê Thị Nay")
    click_move(qtbot, page, Status.RETURNED)
    assert page.move_buttons == {} and page.no_moves.isVisible()
    assert desk.get(code).collected_by == "Lê Thị Nay"
    assert "Lê Thị Nay đã nhận kết quả" in page.values["ended"].text()


def test_a_move_from_the_dossier_page_changes_it_and_the_board_follows(
    qtbot: QtBot, desk: Desk, window: MainWindow, clerk: Clerk
) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8))
    window.board.refresh()
    assert counts(window.board)["due_today"] == "Đến hạn hôm nay (1)"
    page = open_page(window, code)
    with qtbot.waitSignal(window.board.refreshed):
        click_move(qtbot, page, Status.RESOLVED)
    assert clerk.questions == [f"Chuyển hồ sơ {code} sang “Đã xử lý xong”?"]
    assert desk.get(code).status is Status.RESOLVED
    assert page.status_label.text() == "Đã xử lý xong"
    assert page.history_model.rowCount() == 2
    index = page.history_model.index(1, 1)
    assert page.history_model.data(index) == "Đã xử lý xong"
    assert counts(window.board)["due_today"] == "Đến hạn hôm nay (0)"
    assert counts(window.board)["ready_for_pickup"] == "Đã có kết quả, chờ trả (1)"
    # Declining the question changes nothing.
    other = receive(desk, SAME_DAY, "Lê Văn Khác", at(25, 8, 30))
    page = open_page(window, other)
    clerk.confirm_answers.append(False)
    click_move(qtbot, page, Status.IN_PROGRESS)
    assert desk.get(other).status is Status.RECEIVED


def test_requesting_papers_lists_them_and_offers_the_supplement_request(
    qtbot: QtBot, desk: Desk, window: MainWindow, clerk: Clerk
) -> None:
    code = receive(desk, THREE_DAYS, "Vũ Văn Chờ", at(24, 9))
    page = open_page(window, code)
    assert not page.print_buttons["supplement"].isVisibleTo(page)
    handed = desk.get(code).documents[0].name
    wanted = "Văn bản ủy quyền được chứng thực (trường hợp ủy quyền cho người khác thực hiện)"
    clerk.supplements.append(SupplementAnswer((wanted, handed), "Tờ khai chưa có chữ ký"))
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        click_move(qtbot, page, Status.SUPPLEMENT_REQUESTED)
    # The checklist offered: the procedure's papers not handed in first, the ID card (only
    # shown) not at all, the paper handed in last.
    offered = clerk.checklists[0]
    assert [p.handed_in for p in offered] == [False, False, False, True]
    assert offered[-1].name == handed and wanted in [p.name for p in offered]
    assert not any("xuất trình" in p.name for p in offered)
    assert "In phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)" in clerk.questions[0]
    preview = shown.args[0]
    assert preview.form == "supplement"
    preview.reject()
    dossier = desk.get(code)
    assert dossier.status is Status.SUPPLEMENT_REQUESTED
    form = desk.form_data(dossier, "supplement")
    assert form.items == (wanted, handed)  # type: ignore[union-attr]
    assert form.reason == "Tờ khai chưa có chữ ký"  # type: ignore[union-attr]
    assert page.print_buttons["supplement"].isVisibleTo(page)
    assert counts(window.board)["waiting_papers"] == "Chờ bổ sung giấy tờ (1)"
    assert list(page.move_buttons) == list(ALLOWED[Status.SUPPLEMENT_REQUESTED])
    assert page.move_buttons[Status.IN_PROGRESS].text() == "Đã nhận giấy tờ bổ sung, tiếp tục xử lý"


def test_refusing_needs_a_reason_and_offers_the_refusal(
    qtbot: QtBot, desk: Desk, window: MainWindow, clerk: Clerk
) -> None:
    code = receive(desk, THREE_DAYS, "Phạm Văn Từ", at(24, 9))
    page = open_page(window, code)
    clerk.texts.append(None)  # the clerk cancels
    click_move(qtbot, page, Status.REFUSED)
    assert desk.get(code).status is Status.RECEIVED
    clerk.texts.append("   ")  # an empty reason: the service refuses, in Vietnamese
    click_move(qtbot, page, Status.REFUSED)
    assert clerk.errors == ["Cần ghi lý do khi chuyển sang “Không được tiếp nhận”."]
    assert desk.get(code).status is Status.RECEIVED
    clerk.texts.append("Hồ sơ không thuộc thẩm quyền giải quyết của xã")
    clerk.confirm_answers.append(False)  # not printing now
    click_move(qtbot, page, Status.REFUSED)
    assert desk.get(code).status is Status.REFUSED
    assert clerk.questions == ["In phiếu từ chối tiếp nhận (Mẫu 03) cho công dân ngay bây giờ?"]
    assert window.printing.preview is None
    assert page.print_buttons["refusal"].isVisibleTo(page)
    assert page.move_buttons == {}


def test_the_apology_is_given_once_then_only_by_recorded_override(
    qtbot: QtBot, desk: Desk, window: MainWindow, clerk: Clerk
) -> None:
    code = receive(desk, THREE_DAYS, "Ngô Văn Mai", at(20, 15))  # due Thu 26/11 15:00
    page = open_page(window, code)
    assert page.apology_button.isVisibleTo(page)
    clerk.apologies.append(ApologyAnswer(at(30, 17), "Chờ ý kiến cơ quan phối hợp"))
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        qtbot.mouseClick(page.apology_button, Qt.MouseButton.LeftButton)
    assert shown.args[0].form == "apology"
    shown.args[0].reject()
    proposed = clerk.apology_asked[0][1]
    assert proposed > at(26, 15), "the proposal is after the current due date"
    assert desk.get(code).apology_count == 1
    assert page.values["due_at"].text() == "17 giờ 00 phút, thứ Hai 30/11/2026"
    assert page.values["original_due_at"].isVisibleTo(page)
    assert page.print_buttons["apology"].isVisibleTo(page)

    # A second apology without the override is refused and nothing changes.
    clerk.apologies.append(ApologyAnswer(datetime(2026, 12, 2, 17, tzinfo=at(1, 0).tzinfo), "x"))
    qtbot.mouseClick(page.apology_button, Qt.MouseButton.LeftButton)
    assert clerk.errors and clerk.errors[0].startswith("Hồ sơ đã được hẹn lại một lần")
    assert desk.get(code).apology_count == 1
    assert clerk.apology_asked[1][0].apology_count == 1, "the dialog knows it is a second one"

    clerk.apologies.append(
        ApologyAnswer(datetime(2026, 12, 2, 17, tzinfo=at(1, 0).tzinfo), "Chờ ký", override=True)
    )
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        qtbot.mouseClick(page.apology_button, Qt.MouseButton.LeftButton)
    shown.args[0].reject()
    assert desk.get(code).apology_count == 2
    assert desk.apologies(code)[-1]["override"] is True


def test_the_apology_dialog_asks_for_the_override_box_and_a_confirmation(
    qtbot: QtBot, desk: Desk
) -> None:
    i18n.set_language("vi")
    code = receive(desk, THREE_DAYS, "Ngô Văn Mai", at(20, 15))
    first = desk.get(code)
    proposal = desk.propose_new_due(first)
    # Three working days again, counted from the due time: Thu 26/11 15:00 → Tue 1/12 15:00.
    assert proposal == datetime(2026, 12, 1, 15, tzinfo=proposal.tzinfo)
    dialog = ApologyDialog(first, proposal, desk.clock.now())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not dialog.override_check.isVisibleTo(dialog) and ok.isEnabled()
    assert dialog.new_due() == proposal
    dialog.accept()  # no reason yet
    assert dialog.answer is None
    assert dialog.error.text() == "Hãy ghi lý do chậm trễ: lý do được in trên văn bản xin lỗi."
    dialog.reason_edit.setPlainText("Chờ xác minh")
    dialog.accept()
    assert dialog.answer == ApologyAnswer(proposal, "Chờ xác minh", False)

    desk.apologise(code, proposal, "Chờ xác minh")
    again = desk.get(code)
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(_parent: object, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    second = ApologyDialog(again, desk.propose_new_due(again), desk.clock.now(), confirm=confirm)
    qtbot.addWidget(second)
    ok = second.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert second.override_check.isVisibleTo(second) and not ok.isEnabled()
    assert "đã được hẹn lại 1 lần" in second.once_warning.text()
    second.reason_edit.setPlainText("Chờ ký")
    second.override_check.setChecked(True)
    assert ok.isEnabled()
    second.accept()
    assert second.answer is None, "the clerk said no to the confirmation"
    second.accept()
    assert second.answer is not None and second.answer.override is True
    assert asked[0].startswith(f"Hẹn lại ngày trả cho hồ sơ {code} thêm một lần nữa")


def test_the_page_shows_the_sync_state_and_the_prints(
    qtbot: QtBot, desk: Desk, window: MainWindow, tmp_path: Path
) -> None:
    code = receive(desk, SAME_DAY, "Lê Thị Nay", at(25, 8), phone="0912345678")
    desk.record_print(code, "receipt", "printed")
    page = open_page(window, code)
    assert page.sync_label.text().startswith("Chưa kết xuất")
    assert "Giấy tiếp nhận, hẹn trả (Mẫu 01) · đã in" in page.prints_label.text()
    assert page.values["phone"].text() == "0912345678"
    assert page.values["deadline"].text().startswith("Trong ngày")
    visible = [f for f, b in page.print_buttons.items() if b.isVisibleTo(page)]
    assert visible == ["receipt", "control"]
    result = desk.export(tmp_path / "out")
    assert result is not None
    page.reload()
    assert page.sync_label.text() == "Đã kết xuất (lần số 1), đang chờ cấp trên xác nhận."
    state = desk.sync_state(code)
    record = sync_store.export_by_seq(desk.db, 1)
    assert record is not None
    sync_store.record_ack(
        desk.db,
        1,
        record.file_sha256,
        "2026-11-25T10:00:00+07:00",
        [],
        [(code, int(state["version"]), reasons.held_by_other_desk("000.00.01.H56#2"))],
    )
    page.reload()
    assert page.sync_label.text() == (
        "Cấp trên từ chối (lần kết xuất số 1): mã hồ sơ này đã được quầy 000.00.01.H56#2 "
        "đăng ký trước"
    )
    assert page.sync_label.property("state") == "rejected"


def test_the_apology_dialog_warns_it_is_late_exactly_when_the_rule_says_so(
    qtbot: QtBot, desk: Desk
) -> None:
    i18n.set_language("vi")
    code = receive(desk, THREE_DAYS, "Ngô Văn Mai", at(20, 15))
    dossier = desk.get(code)
    assert dossier.due_at is not None
    due = dossier.due_at
    # Sent the day before the due day is in time; on the due day itself it is late.
    day_before = datetime.combine(due.date(), due.timetz()).replace(hour=16) - timedelta(days=1)
    for now, late in ((day_before, False), (due.replace(hour=7, minute=30), True)):
        assert sent_in_time(now, due) is not late
        dialog = ApologyDialog(dossier, desk.propose_new_due(dossier), now)
        qtbot.addWidget(dialog)
        assert dialog.late_warning.isVisibleTo(dialog) is late


def test_the_apology_dialog_keeps_a_new_date_that_does_not_move_the_due_date_later(
    qtbot: QtBot, desk: Desk
) -> None:
    i18n.set_language("vi")
    code = receive(desk, THREE_DAYS, "Ngô Văn Mai", at(20, 15))
    dossier = desk.get(code)
    assert dossier.due_at is not None
    dialog = ApologyDialog(dossier, dossier.due_at, desk.clock.now())  # the same date again
    qtbot.addWidget(dialog)
    dialog.reason_edit.setPlainText("Chờ xác minh")
    dialog.accept()
    assert dialog.answer is None, "the dialog stays open with what the clerk typed"
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.reason_edit.toPlainText() == "Chờ xác minh"
    dialog.due_edit.setDateTime(dialog.due_edit.dateTime().addSecs(60))
    dialog.accept()
    assert dialog.answer is not None and dialog.answer.new_due > dossier.due_at


def test_while_the_print_question_is_open_only_the_new_moves_are_drawn(
    qtbot: QtBot, desk: Desk, window: MainWindow, clerk: Clerk
) -> None:
    code = receive(desk, THREE_DAYS, "Phạm Văn Từ", at(24, 9))
    page = open_page(window, code)
    old_buttons = list(page.move_buttons.values())
    seen: list[list[str]] = []

    def confirm(_parent: object, question: str) -> bool:
        # The question is open: what the clerk sees of the action bar behind it.
        buttons = page.moves_box.findChildren(QPushButton)
        seen.append([b.objectName() for b in buttons if b.isVisible()])
        clerk.questions.append(question)
        return False

    window.dossier_actions.hooks.confirm = confirm
    clerk.texts.append("Hồ sơ không thuộc thẩm quyền giải quyết của xã")
    click_move(qtbot, page, Status.REFUSED)
    assert desk.get(code).status is Status.REFUSED
    assert len(seen) == 1
    assert not any(is_alive(b) and b.isVisible() for b in old_buttons)
    moves = [name for name in seen[0] if name.startswith("move_")]
    assert moves == [b.objectName() for b in page.move_buttons.values()], (
        "the old moves are drawn under the new ones"
    )
