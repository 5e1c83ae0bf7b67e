"""Printing the appointment slip: preview, print to a printer, reprint, failure, save as PDF.

The printer and file dialogs are replaced (PrintHooks): "the printer" is a PDF-format QPrinter
writing into tmp_path, and a failing printer is one whose output cannot be opened.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.printing import PreviewDialog, PrintHooks
from onestop_desktop.ui.qt import QPrinter, Qt, QWidget
from tests.test_ui_intake import type_text

# The offscreen platform warns whenever a window's minimum size changes; real ones do not.
SIZE_HINTS = r"This plugin does not support propagateSizeHints\(\)"
pytestmark = pytest.mark.qt_log_ignore(SIZE_HINTS)

BIRTH = "1.001193"


def pdf_printer(target: Path) -> Callable[[Any, QWidget | None], bool]:
    """A print dialog that picks "print to a PDF file at `target`" and accepts."""

    def choose(printer: Any, _parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    return choose


class Printers:
    """What the fake system and clerk answer; each test sets what it needs."""

    def __init__(self, tmp_path: Path) -> None:
        self.installed = ["Máy in quầy 1"]
        self.target = tmp_path / "printed" / "slip.pdf"
        self.target.parent.mkdir()
        self.saved_as: Path | None = tmp_path / "saved.pdf"
        self.dialogs = 0

    def hooks(self) -> PrintHooks:
        return PrintHooks(
            printers=lambda: list(self.installed),
            choose_printer=self.choose_printer,
            choose_pdf_path=lambda _parent, _suggested: self.saved_as,
        )

    def choose_printer(self, printer: Any, parent: QWidget | None) -> bool:
        self.dialogs += 1
        return pdf_printer(self.target)(printer, parent)


@pytest.fixture
def printers(tmp_path: Path) -> Printers:
    return Printers(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, printers: Printers) -> MainWindow:
    i18n.set_language("vi")
    window = MainWindow(desk, print_hooks=printers.hooks())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def received(desk: Desk) -> str:
    return desk.receive(ReceiveRequest(BIRTH, "Nguyễn Thị Ánh", "001203004567")).code


def open_preview(qtbot: QtBot, window: MainWindow, code: str) -> PreviewDialog:
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        window.print_slip(code)
    preview = shown.args[0]
    assert isinstance(preview, PreviewDialog)
    return preview


def outcomes(desk: Desk, code: str) -> list[tuple[object, object]]:
    return [(h["outcome"], h["reprint"]) for h in desk.print_history(code)]


def test_save_and_print_renders_the_slip_and_prints_it_on_the_chosen_printer(
    qtbot: QtBot, window: MainWindow, desk: Desk, printers: Printers
) -> None:
    intake = window.intake
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # from the board
    assert window.current_page() == "intake" and intake.picker.edit.hasFocus()
    qtbot.keyClicks(intake.picker.edit, "khai sinh")
    qtbot.keyClick(intake.picker.edit, Qt.Key.Key_Return)
    type_text(intake.name_edit, "Nguyễn Thị Ánh")
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        qtbot.keyClick(intake.name_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    preview: PreviewDialog = shown.args[0]
    code = intake.banner.code.text()
    assert preview.dossier.code == code
    assert preview.windowTitle() == f"Giấy tiếp nhận, hẹn trả (Mẫu 01) – {code}"
    assert len(preview.images) == 1 and preview.page_labels[0].pixmap().width() > 300
    assert preview.print_button.isEnabled() and preview.print_button.isDefault()
    assert preview.history_label.text() == "Chưa in lần nào."

    with qtbot.waitSignal(window.printing.recorded, timeout=20_000) as done:
        qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert done.args == ["printed", False]
    assert outcomes(desk, code) == [("printed", 0)]
    assert printers.dialogs == 1
    # What reached "the printer" is the slip: one A5 page per copy.
    printed = pdfium.PdfDocument(str(printers.target))
    assert len(printed) == desk.settings.copies
    width, height = printed[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)
    printed.close()
    assert window.statusBar().currentMessage() == f"Đã in phiếu hẹn của hồ sơ {code}."
    qtbot.waitUntil(lambda: window.printing.preview is None)


def test_second_print_is_recorded_as_a_reprint(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    code = received(desk)
    for _ in range(2):
        preview = open_preview(qtbot, window, code)
        with qtbot.waitSignal(window.printing.recorded, timeout=20_000) as done:
            preview.print_button.click()
        qtbot.waitUntil(lambda: window.printing.preview is None)
    assert done.args == ["printed", True]
    assert outcomes(desk, code) == [("printed", 0), ("printed", 1)]
    assert "in lại" in window.statusBar().currentMessage()
    preview = open_preview(qtbot, window, code)
    assert preview.history_label.text() == (
        "Lịch sử in: 25/11/2026 09:00 – Đã in; 25/11/2026 09:00 – In lại"
    )
    preview.reject()


@pytest.mark.qt_log_ignore(SIZE_HINTS, r"QPainter::begin\(\): Returned false")
def test_failing_printer_is_recorded_as_failed_and_offers_pdf(
    qtbot: QtBot, window: MainWindow, desk: Desk, printers: Printers, tmp_path: Path
) -> None:
    code = received(desk)
    printers.target = tmp_path / "no such folder" / "slip.pdf"  # the printer cannot open it
    preview = open_preview(qtbot, window, code)
    with qtbot.waitSignal(window.printing.recorded, timeout=20_000) as done:
        preview.print_button.click()
    assert done.args == ["failed", False]
    assert outcomes(desk, code) == [("failed", 0)]
    assert preview.isVisible(), "the preview stays open to save the slip instead"
    assert preview.message.text().startswith("Phiếu CHƯA được in")
    assert preview.save_button.isDefault() and preview.save_button.hasFocus()
    assert window.statusBar().currentMessage() == f"In phiếu hẹn của hồ sơ {code} không thành công."

    with qtbot.waitSignal(window.printing.recorded) as saved:
        qtbot.keyClick(preview.save_button, Qt.Key.Key_Return)
    assert saved.args == ["pdf", False], "a failed attempt does not make the next one a reprint"
    assert outcomes(desk, code) == [("failed", 0), ("pdf", 0)]
    assert printers.saved_as is not None and printers.saved_as.read_bytes().startswith(b"%PDF")


def test_without_a_printer_the_preview_offers_save_pdf_directly(
    qtbot: QtBot, window: MainWindow, desk: Desk, printers: Printers
) -> None:
    printers.installed = []
    code = received(desk)
    preview = open_preview(qtbot, window, code)
    assert not preview.print_button.isEnabled()
    assert preview.save_button.isDefault()
    assert preview.message.text() == (
        "Máy tính này chưa cài đặt máy in: hãy lưu phiếu thành tệp PDF."
    )
    with qtbot.waitSignal(window.printing.recorded) as saved:
        preview.save_button.click()
    assert saved.args == ["pdf", False]
    assert printers.dialogs == 0
    assert outcomes(desk, code) == [("pdf", 0)]


def test_cancelled_dialogs_record_nothing(
    qtbot: QtBot, window: MainWindow, desk: Desk, printers: Printers
) -> None:
    code = received(desk)
    window.printing.hooks.choose_printer = lambda _printer, _parent: False
    printers.saved_as = None
    preview = open_preview(qtbot, window, code)
    with qtbot.assertNotEmitted(window.printing.recorded):
        preview.print_button.click()
        preview.save_button.click()
    assert outcomes(desk, code) == []
    preview.reject()


def test_reprint_from_the_menu_asks_the_code_and_unknown_codes_are_refused(
    qtbot: QtBot, window: MainWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = received(desk)
    window.ask_code = lambda _parent: code.lower()  # typed in lower case: still found
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        window.reprint_action.trigger()
    assert shown.args[0].dossier.code == code
    shown.args[0].reject()
    errors: list[str] = []
    monkeypatch.setattr(
        "onestop_desktop.ui.printing.show_error", lambda _parent, text: errors.append(text)
    )
    assert window.printing.start("000.00.01.H56-261125-9999") is False
    assert errors == ["Không tìm thấy hồ sơ có mã “000.00.01.H56-261125-9999”."]


def test_preview_zooms_in_and_out(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    preview = open_preview(qtbot, window, received(desk))
    width = preview.page_labels[0].pixmap().width()
    preview.zoom_in.click()
    assert preview.page_labels[0].pixmap().width() > width
    assert preview.zoom_label.text() == "125 %"
    preview.zoom_out.click()
    preview.zoom_out.click()
    assert preview.page_labels[0].pixmap().width() < width
    preview.reject()


def test_two_copies_setting_prints_the_slip_twice_on_a5(
    qtbot: QtBot, window: MainWindow, desk: Desk, printers: Printers
) -> None:
    desk.update_settings(copies=2)  # "2 liên": one for the citizen, one for the file
    code = received(desk)
    preview = open_preview(qtbot, window, code)
    with qtbot.waitSignal(window.printing.recorded, timeout=20_000):
        preview.print_button.click()
    printed = pdfium.PdfDocument(str(printers.target))
    assert len(printed) == 2
    printed.close()
    assert desk.print_history(code)[0]["copies"] == 2


def test_each_form_is_named_as_itself_in_the_preview_and_the_status_bar(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    code = received(desk)
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        window.printing.start(code, "control")
    preview = shown.args[0]
    assert preview.windowTitle() == f"Phiếu kiểm soát – {code}"
    with qtbot.waitSignal(window.printing.recorded, timeout=20_000):
        preview.save_clicked.emit()
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"Đã lưu phiếu kiểm soát của hồ sơ {code} vào ")
    )
    assert [(h["form"], h["outcome"]) for h in desk.print_history(code)] == [("control", "pdf")]


def test_a_print_the_database_cannot_record_leaves_a_preview_that_closes(
    qtbot: QtBot, window: MainWindow, desk: Desk, printers: Printers
) -> None:
    code = received(desk)
    preview = open_preview(qtbot, window, code)
    desk.db.conn.execute("PRAGMA query_only = ON")  # SQLite now answers "read-only"
    preview.print_button.click()
    qtbot.waitUntil(lambda: printers.target.exists() and not preview.busy(), timeout=20_000)
    assert "chỉ cho phép đọc" in preview.message.text()
    desk.db.conn.execute("PRAGMA query_only = OFF")
    preview.reject()
    assert not preview.isVisible()
    assert desk.print_history(code) == []


def test_a_print_neither_waits_for_nor_holds_up_the_desks_worker(
    qtbot: QtBot, window: MainWindow, desk: Desk, printers: Printers
) -> None:
    code = received(desk)
    preview = open_preview(qtbot, window, code)
    # A long job (an export, say) holds the desk's worker; the print goes out all the same.
    holding, release = threading.Event(), threading.Event()

    def long_job(_desk: Desk) -> None:
        holding.set()
        assert release.wait(timeout=60), "the test never released the worker"

    DeskOp(window, desk, long_job)
    assert holding.wait(timeout=30)
    try:
        with qtbot.waitSignal(window.printing.recorded, timeout=20_000) as done:
            preview.print_button.click()
    finally:
        release.set()
    assert done.args == ["printed", False]
    assert outcomes(desk, code) == [("printed", 0)]
    assert printers.target.read_bytes().startswith(b"%PDF")
