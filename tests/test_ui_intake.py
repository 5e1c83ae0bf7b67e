"""The intake screen as a clerk uses it, keyboard only: pick, fill, fix, save, next citizen."""

from __future__ import annotations

from datetime import datetime

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.dossier import Channel, ReturnMethod
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.store.dossiers import count_dossiers
from onestop_desktop.ui import i18n
from onestop_desktop.ui.intake import IntakePage, to_qdatetime
from onestop_desktop.ui.qt import (
    QApplication,
    QEvent,
    QKeyEvent,
    QStandardItemModel,
    Qt,
    QWidget,
)
from tests.helpers import AGENCY

# The offscreen platform warns whenever a window's minimum size changes (an error message
# appearing under a field grows the form); real platforms (xcb, Windows) apply it silently.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

BIRTH = "1.001193"  # Đăng ký khai sinh: same day, 15:00 cut-off
CTRL = Qt.KeyboardModifier.ControlModifier


def type_text(widget: QWidget, text: str) -> None:
    """Type text key by key, Vietnamese letters included.

    QTest.keyClicks (and so qtbot.keyClicks) aborts the process on any non-ASCII character in
    PySide6 6.11 (an assertion in qasciikey.cpp), so each character is sent as a key event
    carrying its text, as a Vietnamese keyboard driver (Unikey) sends it.
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def focused() -> QWidget | None:
    return QApplication.focusWidget()


@pytest.fixture
def page(qtbot: QtBot, desk: Desk) -> IntakePage:
    i18n.set_language("vi")
    page = IntakePage(desk)
    qtbot.addWidget(page)
    page.resize(1300, 680)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.picker.edit.hasFocus())
    return page


def test_typing_khai_sinh_and_enter_picks_the_procedure_and_shows_the_due_time(
    qtbot: QtBot, page: IntakePage
) -> None:
    qtbot.keyClicks(page.picker.edit, "khai sinh")
    assert page.picker.matches.isVisible()
    assert page.picker.matches.item(0).data(Qt.ItemDataRole.UserRole) == BIRTH
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Return)
    assert page.picker.procedure is not None and page.picker.procedure.code == BIRTH
    assert not page.picker.matches.isVisible()
    assert page.due_label.text() == "Hẹn trả: 17 giờ 00 phút, thứ Tư 25/11/2026"
    assert "Trong ngày" in page.procedure_info.text()
    assert "Hộ tịch" in page.procedure_info.text()
    # Required papers come checked with the catalogue's counts.
    assert [d.name for d in page.checklist.handed()][:1] == ["Tờ khai đăng ký khai sinh theo mẫu"]
    # Enter again leaves the procedure field for the applicant's name.
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Return)
    assert focused() is page.name_edit


def test_search_ignores_accents_and_matches_code_prefixes_with_arrow_keys(
    qtbot: QtBot, page: IntakePage
) -> None:
    qtbot.keyClicks(page.picker.edit, "chung thuc")
    first = page.picker.matches.item(0).text()
    assert "Chứng thực" in first
    page.picker.edit.clear()
    qtbot.keyClicks(page.picker.edit, "1.0048")
    codes = [
        page.picker.matches.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(page.picker.matches.count())
    ]
    assert len(codes) == 5 and all(code.startswith("1.0048") for code in codes)
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Down)
    second = page.picker.matches.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Return)
    assert page.picker.procedure is not None and page.picker.procedure.code == second
    # Typing again clears the choice and the due date until a procedure is picked again.
    qtbot.keyClicks(page.picker.edit, "x")
    assert page.picker.procedure is None and page.due_label.text() == ""
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Escape)
    assert not page.picker.matches.isVisible()


def test_invalid_phone_is_marked_in_place_and_nothing_is_saved_until_fixed(
    qtbot: QtBot, page: IntakePage, desk: Desk
) -> None:
    qtbot.keyClicks(page.picker.edit, "khai sinh")
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Return)
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Tab)
    assert focused() is page.name_edit
    type_text(page.name_edit, "Trần Thị Ánh Tuyết")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Tab)
    assert focused() is page.id_edit
    qtbot.keyClick(page.id_edit, Qt.Key.Key_Tab)
    assert focused() is page.phone_edit
    qtbot.keyClicks(page.phone_edit, "12345")
    qtbot.keyClick(page.phone_edit, Qt.Key.Key_Tab)  # leaving the field checks it

    message = page.error_labels["phone"]
    assert message.isVisible()
    assert message.text().startswith("Số điện thoại không hợp lệ")
    assert page.phone_edit.property("invalid") is True

    with qtbot.assertNotEmitted(page.saved):
        qtbot.keyClick(page.email_edit, Qt.Key.Key_Return, CTRL)
    assert count_dossiers(desk.db) == 0
    assert focused() is page.phone_edit, "the cursor goes to the first invalid field"
    assert page.name_edit.text() == "Trần Thị Ánh Tuyết", "nothing typed is lost"

    qtbot.keyClick(page.phone_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(page.phone_edit, "0912 345 678")
    assert not message.isVisible(), "the mark goes as soon as the value is right"
    assert page.phone_edit.property("invalid") is False

    with qtbot.waitSignal(page.saved) as saved, qtbot.waitSignal(page.print_requested) as printed:
        qtbot.keyClick(page.phone_edit, Qt.Key.Key_Return, CTRL)
    dossier = saved.args[0]
    assert count_dossiers(desk.db) == 1
    assert dossier.code == f"{AGENCY}-261125-0001"
    assert printed.args == [dossier.code]
    stored = desk.get(dossier.code)
    assert stored.applicant.name == "Trần Thị Ánh Tuyết"
    assert stored.applicant.phone == "0912345678"
    assert stored.procedure_code == BIRTH

    # The banner shows the code, large and selectable; the form is empty for the next citizen.
    assert page.banner.isVisible()
    assert page.banner.code.text() == dossier.code
    assert page.banner.code.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert page.banner.due.text() == "Hẹn trả: 17 giờ 00 phút, thứ Tư 25/11/2026"
    assert page.picker.procedure is None and page.picker.edit.text() == ""
    assert all(
        edit.text() == ""
        for edit in (page.name_edit, page.id_edit, page.phone_edit, page.email_edit)
    )
    assert focused() is page.picker.edit


def test_save_without_procedure_or_name_marks_both_and_focuses_the_procedure(
    qtbot: QtBot, page: IntakePage, desk: Desk
) -> None:
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_S, CTRL)
    assert count_dossiers(desk.db) == 0
    assert page.error_labels["procedure"].text() == (
        "Chọn thủ tục trong danh sách (gõ mã hoặc tên thủ tục)."
    )
    assert page.error_labels["name"].text() == "Cần nhập họ và tên người nộp."
    assert page.name_edit.property("invalid") is True
    assert focused() is page.picker.edit


def test_f9_and_ctrl_s_save_with_print_and_without(qtbot: QtBot, page: IntakePage) -> None:
    page.picker.set_procedure(page.desk.catalogue.get(BIRTH))
    type_text(page.name_edit, "Lê Văn An")
    with qtbot.assertNotEmitted(page.print_requested), qtbot.waitSignal(page.saved):
        qtbot.keyClick(page.name_edit, Qt.Key.Key_S, CTRL)
    page.picker.set_procedure(page.desk.catalogue.get(BIRTH))
    type_text(page.name_edit, "Lê Văn Bình")
    with qtbot.waitSignal(page.print_requested):
        qtbot.keyClick(page.name_edit, Qt.Key.Key_F9)


def test_returning_applicant_is_filled_from_the_id_number_without_overwriting(
    qtbot: QtBot, page: IntakePage, desk: Desk
) -> None:
    desk.receive(
        ReceiveRequest(
            BIRTH,
            "Đặng Thị Ánh Tuyết",
            "001203004567",
            "0912 345 678",
            "tuyet@example.vn",
            "Thôn Đông, xã Tân Hưng",
        )
    )
    qtbot.keyClicks(page.phone_edit, "0987654321")
    qtbot.keyClicks(page.id_edit, "00120300456")
    assert page.name_edit.text() == "", "nothing is filled before the 12th digit"
    qtbot.keyClicks(page.id_edit, "7")
    assert page.name_edit.text() == "Đặng Thị Ánh Tuyết"
    assert page.address_edit.text() == "Thôn Đông, xã Tân Hưng"
    assert page.email_edit.text() == "tuyet@example.vn"
    assert page.phone_edit.text() == "0987654321", "what the clerk typed is kept"
    assert page.returning_hint.isVisible()
    assert page.returning_hint.text() == "Đã điền thông tin từ hồ sơ trước"


def test_changing_the_receiving_time_recomputes_the_due_time(
    qtbot: QtBot, page: IntakePage, desk: Desk
) -> None:
    page.picker.set_procedure(desk.catalogue.get(BIRTH))
    assert page.due_label.text().endswith("thứ Tư 25/11/2026")
    # Received on Friday after the 15:00 cut-off: due at the close of Monday.
    page.received_edit.setDateTime(to_qdatetime(datetime(2026, 11, 20, 15, 30, tzinfo=VN_TZ)))
    assert page.due_label.text() == "Hẹn trả: 17 giờ 00 phút, thứ Hai 23/11/2026"
    type_text(page.name_edit, "Phạm Văn Bình")
    with qtbot.waitSignal(page.saved) as saved:
        qtbot.keyClick(page.name_edit, Qt.Key.Key_S, CTRL)
    assert saved.args[0].received_at == datetime(2026, 11, 20, 15, 30, tzinfo=VN_TZ)
    assert saved.args[0].due_at == datetime(2026, 11, 23, 17, 0, tzinfo=VN_TZ)


def test_only_checked_papers_are_recorded_with_their_counts(
    qtbot: QtBot, page: IntakePage, desk: Desk
) -> None:
    page.picker.set_procedure(desk.catalogue.get(BIRTH))
    rows = page.checklist.rows
    assert [r.check.isChecked() for r in rows] == [
        d.required for d in desk.catalogue.get(BIRTH).documents
    ]
    # Space on a focused row toggles it; its counts are then editable from the keyboard.
    rows[0].check.setFocus()
    qtbot.keyClick(rows[0].check, Qt.Key.Key_Space)
    assert not rows[0].check.isChecked() and not rows[0].spins[0].isEnabled()
    optional = next(r for r in rows if not r.check.isChecked() and r is not rows[0])
    optional.check.setFocus()
    qtbot.keyClick(optional.check, Qt.Key.Key_Space)
    optional.spins[2].setValue(3)
    type_text(page.name_edit, "Võ Thị Hồng")
    with qtbot.waitSignal(page.saved) as saved:
        qtbot.keyClick(page.name_edit, Qt.Key.Key_S, CTRL)
    names = [d.name for d in desk.get(saved.args[0].code).documents]
    assert rows[0].name not in names
    assert optional.name in names
    handed = next(d for d in desk.get(saved.args[0].code).documents if d.name == optional.name)
    assert handed.photocopies == 3


def test_postal_channel_without_address_is_refused_in_place(
    qtbot: QtBot, page: IntakePage, desk: Desk
) -> None:
    page.picker.set_procedure(desk.catalogue.get(BIRTH))
    type_text(page.name_edit, "Hoàng Văn Em")
    page.channel_combo.setFocus()
    page.channel_combo.setCurrentIndex(page.channel_combo.findData(int(Channel.POSTAL)))
    qtbot.keyClick(page.channel_combo, Qt.Key.Key_S, CTRL)
    assert count_dossiers(desk.db) == 0
    assert page.error_labels["address"].text() == "Hồ sơ nộp qua bưu chính cần địa chỉ người nộp."
    assert focused() is page.address_edit
    type_text(page.address_edit, "Xóm 3, xã Tân Hưng")
    with qtbot.waitSignal(page.saved) as saved:
        qtbot.keyClick(page.address_edit, Qt.Key.Key_S, CTRL)
    assert saved.args[0].channel is Channel.POSTAL


def test_tab_order_follows_the_form(qtbot: QtBot, page: IntakePage, desk: Desk) -> None:
    page.picker.set_procedure(desk.catalogue.get(BIRTH))
    page.picker.edit.setFocus()
    expected: list[QWidget] = [
        page.name_edit,
        page.id_edit,
        page.phone_edit,
        page.email_edit,
        page.address_edit,
        page.channel_combo,
        page.return_combo,
        page.sets_spin,
        page.checklist.rows[0].check,
    ]
    for widget in expected:
        current = focused()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        assert focused() is widget
    # Past the papers: the receiving time, then the buttons.
    while focused() is not page.received_edit:
        widget = focused()
        assert widget is not None and page.checklist.isAncestorOf(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    # Tab walks the time's sections (day, month, year, hour, minute), then leaves it.
    for _section in range(5):
        if focused() is not page.received_edit:
            break
        qtbot.keyClick(page.received_edit, Qt.Key.Key_Tab)
    assert focused() is page.save_button
    qtbot.keyClick(page.save_button, Qt.Key.Key_Tab)
    assert focused() is page.save_print_button


MARRIAGE = "1.000894"  # Đăng ký kết hôn: the result is not sent by post


def test_return_by_post_is_offered_only_for_procedures_that_allow_it(
    qtbot: QtBot, page: IntakePage
) -> None:
    combo = page.return_combo
    post = combo.findData(int(ReturnMethod.POST))
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    combo.setCurrentIndex(post)
    qtbot.keyClicks(page.picker.edit, MARRIAGE)
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Return)
    assert page.picker.procedure is not None and page.picker.procedure.code == MARRIAGE
    assert not model.item(post).isEnabled()
    assert combo.currentData() == 0, "a post chosen before falls back to the counter"

    page.picker.edit.clear()
    qtbot.keyClicks(page.picker.edit, BIRTH)
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Return)
    assert page.picker.procedure is not None and page.picker.procedure.code == BIRTH
    assert model.item(post).isEnabled()


def test_a_returning_applicant_is_found_by_phone_and_filled_when_chosen(
    qtbot: QtBot, page: IntakePage, desk: Desk
) -> None:
    desk.receive(
        ReceiveRequest(
            procedure_code=BIRTH, name="Lê Văn Hà", id_number="001095012345", phone="0912345678"
        )
    )
    type_text(page.phone_edit, "0912 345 678")
    page.phone_edit.editingFinished.emit()
    assert page.earlier_list.isVisible() and page.earlier_list.count() == 1
    offered = page.earlier_list.item(0).text()
    assert "Lê Văn Hà" in offered and "sinh 1995" in offered and "…2345" in offered
    page.earlier_list.setFocus()
    qtbot.keyClick(page.earlier_list, Qt.Key.Key_Return)
    assert page.name_edit.text() == "Lê Văn Hà" and page.id_edit.text() == "001095012345"
    assert page.returning_hint.isVisible() and not page.earlier_list.isVisible()


def test_a_returning_applicant_is_offered_by_name_without_accents(
    page: IntakePage, desk: Desk
) -> None:
    for id_number in ("001095012345", "001301000111"):
        desk.receive(ReceiveRequest(procedure_code=BIRTH, name="Lê Văn Hà", id_number=id_number))
    desk.receive(ReceiveRequest(procedure_code=BIRTH, name="Lê Văn Hải"))
    type_text(page.name_edit, "le van ha")
    page.name_edit.editingFinished.emit()
    offered = [page.earlier_list.item(i).text() for i in range(page.earlier_list.count())]
    assert len(offered) == 2  # the two people named so, each once; not "Lê Văn Hải"
    assert any("sinh 1995" in o for o in offered) and any("sinh 2001" in o for o in offered)


def test_an_id_number_known_under_another_name_is_questioned_before_saving(
    qtbot: QtBot, page: IntakePage, desk: Desk
) -> None:
    desk.receive(ReceiveRequest(procedure_code=BIRTH, name="Lê Văn Hà", id_number="001095012345"))
    asked: list[tuple[str, str]] = []
    answers = [False, True]

    def confirm(other: str, name: str) -> bool:
        asked.append((other, name))
        return answers.pop(0)

    page.confirm_id_owner = confirm
    qtbot.keyClicks(page.picker.edit, "khai sinh")
    qtbot.keyClick(page.picker.edit, Qt.Key.Key_Return)
    type_text(page.name_edit, "Nguyễn Thị Ánh")
    type_text(page.id_edit, "001095012345")
    before = count_dossiers(desk.db)
    assert page.save(print_after=False) is None  # the clerk checks the paper first
    assert count_dossiers(desk.db) == before and page.name_edit.text() == "Nguyễn Thị Ánh"
    assert asked == [("Lê Văn Hà", "Nguyễn Thị Ánh")]
    assert page.save(print_after=False) is not None  # and then saves it anyway
    assert count_dossiers(desk.db) == before + 1
