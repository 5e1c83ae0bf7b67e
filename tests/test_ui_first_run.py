"""The first-start wizard as a clerk walks it: forward and back, messages under wrong fields,
Finish writing the desk with every answer, Cancel at any step writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk
from onestop_desktop.operations import first_start as fs
from onestop_desktop.sync import keys
from onestop_desktop.ui import i18n
from onestop_desktop.ui.first_run import PAGES, FirstRunWizard, chosen_code
from onestop_desktop.ui.printer_choice import PrinterChoice, choice_file, load_printer_choice
from onestop_desktop.ui.qt import QComboBox, QDialog, QModelIndex

# the offscreen platform cannot raise the completer's popup or give it the keyboard
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)"
)

PRINTERS = ["HP LaserJet Văn phòng", "Canon LBP2900"]


def files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def make_wizard(qtbot: QtBot, tmp_path: Path, printers: list[str] | None = None) -> FirstRunWizard:
    i18n.set_language("vi")
    names = PRINTERS if printers is None else printers
    wizard = FirstRunWizard(tmp_path / "data" / "desk.sqlite3", printers=lambda: names)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def fill_office(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    qtbot.keyClicks(wizard.code_edit, "000.23.45.h56")
    wizard.province_combo.setCurrentText("Tỉnh Tuyên Quang")
    wizard.province_combo.currentIndexChanged.emit(wizard.province_combo.currentIndex())
    wizard.commune_combo.setCurrentText("Xã Thượng Lâm")
    wizard.commune_combo.currentIndexChanged.emit(wizard.commune_combo.currentIndex())
    wizard.type_combo.setCurrentIndex(wizard.type_combo.findData("bpmc"))
    wizard.head_edit.setText("Nguyễn Văn Hùng")


def fill_desk(qtbot: QtBot, wizard: FirstRunWizard, pin: str = "2468") -> None:
    wizard.only_desk_check.setChecked(False)
    wizard.desk_spin.setValue(2)
    wizard.clerk_edit.setText("Trần Thị Mai")
    wizard.clerk_title_edit.setText("Công chức Văn phòng - Thống kê")
    qtbot.keyClicks(wizard.pin_edit, pin)
    qtbot.keyClicks(wizard.pin_again_edit, pin)


def fill_folders(wizard: FirstRunWizard, root: Path) -> None:
    wizard.folder_edits["backup_dir"].setText(str(root / "backups"))
    wizard.folder_edits["export_dir"].setText(str(root / "usb" / "exports"))


def fill_wizard(qtbot: QtBot, wizard: FirstRunWizard, folders: Path) -> None:
    """Answer every page with valid values and stop on the last one (nothing written yet)."""
    fill_office(qtbot, wizard)
    wizard.next()
    fill_desk(qtbot, wizard)
    wizard.next()
    wizard.paper_combo.setCurrentIndex(wizard.paper_combo.findData("A4"))
    wizard.next()
    fill_folders(wizard, folders)
    wizard.next()
    assert wizard.current_page() == "finish", wizard.field_errors


def test_the_commune_list_follows_the_province_and_fills_in_name_and_place(
    qtbot: QtBot, tmp_path: Path
) -> None:
    wizard = make_wizard(qtbot, tmp_path)
    assert wizard.province_combo.count() == 34
    fill_office(qtbot, wizard)
    communes = [wizard.commune_combo.itemText(i) for i in range(wizard.commune_combo.count())]
    assert "Xã Thượng Lâm" in communes and "Phường Ba Đình" not in communes
    assert wizard.name_edit.text() == "UBND xã Thượng Lâm"
    assert wizard.place_edit.text() == "Thượng Lâm"
    values = wizard.office_values()
    assert (values["province_code"], values["commune_code"]) == ("08", "02269")


def completions(combo: QComboBox) -> list[str]:
    completer = combo.completer()
    assert completer is not None
    model = completer.completionModel()
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_province_and_commune_are_found_by_any_part_of_their_name_accents_or_not(
    qtbot: QtBot, tmp_path: Path
) -> None:
    wizard = make_wizard(qtbot, tmp_path)
    edit = wizard.province_combo.lineEdit()
    assert edit is not None
    qtbot.keyClicks(edit, "quang n")  # typed without accents, as clerks often do
    assert completions(wizard.province_combo) == ["Tỉnh Quảng Ninh", "Tỉnh Quảng Ngãi"]
    completer = wizard.province_combo.completer()
    assert completer is not None and completer.popup() is not None
    qtbot.waitUntil(completer.popup().isVisible)
    edit.clear()
    qtbot.keyClicks(edit, "TUYEN")
    assert completions(wizard.province_combo) == ["Tỉnh Tuyên Quang"]
    # choosing from the list picks the province and lists its communes only
    completer.activated[QModelIndex].emit(completer.completionModel().index(0, 0))
    assert wizard.province_combo.currentText() == "Tỉnh Tuyên Quang"
    assert chosen_code(wizard.province_combo) == "08"
    communes = wizard.commune_combo.lineEdit()
    assert communes is not None
    qtbot.keyClicks(communes, "thuong lam")
    assert completions(wizard.commune_combo) == ["Xã Thượng Lâm"]
    assert len(completions(wizard.province_combo)) == 1  # each list keeps its own filter
    wizard.commune_combo.setCurrentText("xa thuong lam")  # typed whole, no accents
    assert chosen_code(wizard.commune_combo) == "02269"


def test_walking_forward_and_back_keeps_the_answers(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, tmp_path)
    assert wizard.current_page() == "office" and not wizard.back_button.isEnabled()
    fill_office(qtbot, wizard)
    wizard.next()
    assert wizard.current_page() == "desk" and wizard.step_label.text() == "Bước 2/5"
    fill_desk(qtbot, wizard)
    wizard.back()
    assert wizard.current_page() == "office"
    assert wizard.code_edit.text() == "000.23.45.h56"
    assert wizard.commune_combo.currentText() == "Xã Thượng Lâm"
    for page in PAGES[1:]:
        wizard.next()
        assert wizard.current_page() == page, wizard.field_errors
    assert wizard.next_button.text() == "&Hoàn tất"
    for page in reversed(PAGES[:-1]):
        wizard.back()
        assert wizard.current_page() == page
    assert wizard.clerk_edit.text() == "Trần Thị Mai" and wizard.desk_spin.value() == 2


def test_wrong_values_are_named_in_vietnamese_and_keep_the_page(
    qtbot: QtBot, tmp_path: Path
) -> None:
    wizard = make_wizard(qtbot, tmp_path)
    wizard.code_edit.setText("xã tân hưng")
    wizard.next()
    assert wizard.current_page() == "office"
    errors = {name: label.text() for name, label in wizard.errors.items() if label.text()}
    assert errors["agency_code"].startswith("Mã định danh cơ quan “xã tân hưng” có ký tự")
    assert errors["province_code"].startswith("Hãy chọn tỉnh, thành phố trong danh sách")
    assert errors["commune_code"].startswith("Hãy chọn xã, phường")
    assert errors["agency_name"] == "Cần nhập tên cơ quan, ví dụ: UBND xã Tân Hưng."
    assert wizard.errors["agency_code"].isVisible()

    wizard.code_edit.clear()
    fill_office(qtbot, wizard)
    wizard.next()
    assert wizard.current_page() == "desk"
    assert not wizard.errors["agency_code"].isVisible()
    qtbot.keyClicks(wizard.pin_edit, "2468")
    qtbot.keyClicks(wizard.pin_again_edit, "2469")
    wizard.next()
    assert wizard.current_page() == "desk"
    assert wizard.errors["clerk_name"].text() != ""
    assert (
        wizard.errors["pin_again"].text()
        == "Hai mã PIN khác nhau: hãy nhập cùng một mã PIN hai lần."
    )

    wizard.pin_again_edit.setText("2468")
    wizard.clerk_edit.setText("Trần Thị Mai")
    wizard.next()
    wizard.next()
    assert wizard.current_page() == "folders"
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x", encoding="utf-8")
    wizard.folder_edits["backup_dir"].setText("backups")
    wizard.folder_edits["export_dir"].setText(str(a_file / "exports"))
    wizard.next()
    assert wizard.current_page() == "folders"
    assert wizard.errors["backup_dir"].text().startswith("“backups” không phải đường dẫn đầy đủ")
    assert wizard.errors["export_dir"].text().endswith("là một tệp, không phải thư mục.")
    wizard.folder_edits["backup_dir"].setText(str(tmp_path / "same"))
    wizard.folder_edits["export_dir"].setText(str(tmp_path / "same"))
    wizard.next()
    assert wizard.errors["export_dir"].text().startswith("Hãy chọn thư mục khác thư mục sao lưu")
    assert files_under(tmp_path) == [a_file]


def test_finish_writes_the_desk_with_every_answer(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, tmp_path)
    fill_wizard(qtbot, wizard, tmp_path / "folders")
    wizard.printer_choice.printer_box.setCurrentText("Canon LBP2900")
    wizard.printer_choice.copies_box.setValue(2)
    shown = wizard.fingerprint_label.text()
    assert shown == keys.grouped(keys.fingerprint(wizard.key))
    assert wizard.desk_id_label.text() == "000.23.45.H56#2"
    assert files_under(tmp_path) == [] and not choice_file().exists()  # nothing written yet

    with qtbot.waitSignal(wizard.accepted):
        wizard.next()  # Finish
    assert wizard.desk is not None
    wizard.desk.close()
    desk = Desk.open(tmp_path / "data" / "desk.sqlite3")
    try:
        s = desk.settings
        assert (s.agency_code, s.agency_name, s.station) == (
            "000.23.45.H56",
            "UBND xã Thượng Lâm",
            2,
        )
        assert (s.province_code, s.commune_code, s.place_name) == ("08", "02269", "Thượng Lâm")
        assert (s.office_type, s.head_of_agency, s.head_title) == (
            "bpmc",
            "Nguyễn Văn Hùng",
            "CHỦ TỊCH",
        )
        assert (s.paper, s.language) == ("A4", "vi")
        assert desk.backup_dir == tmp_path / "folders" / "backups" and desk.backup_dir.is_dir()
        assert desk.outbox_dir() == tmp_path / "folders" / "usb" / "exports"
        [clerk] = desk.people()
        assert clerk.name == "Trần Thị Mai" and set(clerk.roles) == {"clerk", "admin"}
        assert clerk.has_pin
        # the fingerprint shown before Finish is the key the desk signs with
        assert keys.grouped(desk.public_key()["fingerprint"]) == shown
    finally:
        desk.close()
    assert load_printer_choice() == PrinterChoice("Canon LBP2900", 2)
    assert not fs.demo_db_path(tmp_path / "data" / "desk.sqlite3").exists()


def test_the_only_desk_is_station_0_and_no_printer_means_pdf(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, tmp_path, printers=[])
    fill_office(qtbot, wizard)
    wizard.next()
    wizard.clerk_edit.setText("Trần Thị Mai")
    wizard.next()
    assert wizard.printer() is None
    wizard.next()
    wizard.next()
    assert "Không có máy in: lưu phiếu thành PDF" in wizard.summary.text()
    with qtbot.waitSignal(wizard.accepted):
        wizard.next()
    assert wizard.desk is not None
    assert (wizard.desk.settings.station, wizard.desk.settings.desk_number) == (0, 1)
    assert not wizard.desk.people()[0].has_pin
    wizard.desk.close()
    assert not choice_file().exists()


@pytest.mark.parametrize("step", range(len(PAGES)))
def test_cancel_at_any_step_writes_nothing(qtbot: QtBot, tmp_path: Path, step: int) -> None:
    wizard = make_wizard(qtbot, tmp_path)
    wizard.demo_check.setChecked(True)
    fill_office(qtbot, wizard)
    fill_desk(qtbot, wizard)
    fill_folders(wizard, tmp_path / "folders")
    for _ in range(step):
        wizard.next()
    assert wizard.current_page() == PAGES[step]
    with qtbot.waitSignal(wizard.rejected):
        wizard.cancel_button.click()
    assert wizard.result() == QDialog.DialogCode.Rejected and wizard.desk is None
    assert files_under(tmp_path) == []
    assert not choice_file().exists()


def test_the_demo_office_is_made_apart_from_the_real_desk(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, tmp_path)
    fill_wizard(qtbot, wizard, tmp_path / "folders")
    wizard.demo_check.setChecked(True)
    with qtbot.waitSignal(wizard.accepted, timeout=120_000):
        wizard.next()
    real_path = tmp_path / "data" / "desk.sqlite3"
    assert wizard.desk is not None
    wizard.desk.close()
    demo_path = wizard.demo_path
    assert demo_path == fs.demo_db_path(real_path)
    assert not demo_path.parent.is_relative_to(real_path.parent)
    demo = Desk.open(demo_path)
    try:
        assert demo.settings.agency_code == fs.DEMO_AGENCY_CODE
        assert sum(demo.export_preview().values()) == fs.DEMO_DOSSIERS
        demo_fingerprint = demo.public_key()["fingerprint"]
    finally:
        demo.close()
    real = Desk.open(real_path)
    try:
        assert real.settings.agency_code == "000.23.45.H56"
        assert sum(real.export_preview().values()) == 0  # no demo dossier in the real desk
        assert real.public_key()["fingerprint"] != demo_fingerprint
    finally:
        real.close()
