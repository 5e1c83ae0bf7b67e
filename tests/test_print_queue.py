"""Printing a slip through the program's real print path to a real CUPS queue (tests/cups.py).

The slip goes from the preview's "Print" through Qt's QPrinter to the session's own scheduler,
whose CUPS-PDF queue writes the PDF that comes out; the barcode in that PDF is decoded with
zbarimg. Only the print dialog is replaced, by a clerk who picks the queue and the copies in it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.ui import i18n
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.printer_choice import PrinterChoice, cups_problem, load_printer_choice
from onestop_desktop.ui.printing import PreviewDialog, PrintHooks
from onestop_desktop.ui.qt import QWidget
from tests.cups import CupsQueue

SIZE_HINTS = r"This plugin does not support propagateSizeHints\(\)"
pytestmark = pytest.mark.qt_log_ignore(SIZE_HINTS)


class Clerk:
    """Answers the print dialog: the CUPS-PDF queue and `copies` copies."""

    def __init__(self, queue: str, copies: int) -> None:
        self.queue, self.copies, self.dialogs = queue, copies, 0

    def choose_printer(self, printer: Any, _parent: QWidget | None) -> bool:
        self.dialogs += 1
        printer.setPrinterName(self.queue)
        printer.setCopyCount(self.copies)
        return True


@pytest.fixture
def queue(cups_pdf: CupsQueue) -> CupsQueue:
    cups_pdf.clear()
    return cups_pdf


@pytest.fixture
def clerk(queue: CupsQueue) -> Clerk:
    return Clerk(queue.name, 2)


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, clerk: Clerk) -> MainWindow:
    i18n.set_language("vi")
    hooks = PrintHooks(choose_printer=clerk.choose_printer)  # the real printers and checks
    window = MainWindow(desk, print_hooks=hooks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def print_slip(qtbot: QtBot, window: MainWindow, code: str) -> tuple[PreviewDialog, list[Any]]:
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        window.print_slip(code)
    preview: PreviewDialog = shown.args[0]
    with qtbot.waitSignal(window.printing.recorded, timeout=30_000) as done:
        preview.print_button.click()
    return preview, list(done.args)


def wait_for_pdfs(qtbot: QtBot, queue: CupsQueue, count: int) -> list[Path]:
    """The PDFs CUPS-PDF wrote, once `count` are there and the queue has no job left."""

    def finished() -> bool:
        return len(queue.pdfs()) == count and not queue.lp("lpstat", "-o", queue.name).strip()

    try:
        qtbot.waitUntil(finished, timeout=60_000)
    except AssertionError:
        raise AssertionError(f"no PDF from CUPS-PDF:\n{queue.log()}") from None
    return queue.pdfs()


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def barcodes(pdf: Path, tmp_path: Path, dpi: int) -> list[str]:
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    (page,) = tmp_path.glob("p*.png")
    done = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sdisable", "-Scode128.enable", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    page.unlink()
    return done.stdout.split()


def test_a_slip_prints_through_cups_on_the_desks_paper_with_the_copies_chosen_once(
    qtbot: QtBot, window: MainWindow, desk: Desk, queue: CupsQueue, clerk: Clerk, tmp_path: Path
) -> None:
    code = desk.receive(ReceiveRequest("1.001193", "Nguyễn Thị Ánh", "001203004567")).code
    preview, outcome = print_slip(qtbot, window, code)
    assert outcome == ["printed", False]
    (pdf,) = wait_for_pdfs(qtbot, queue, 1)
    info = pdf_info(pdf)
    assert "(A5)" in info["Page size"]
    assert int(info["Pages"]) == 2  # two copies of the one-page slip
    assert barcodes(pdf, tmp_path, 150) == [code]
    assert clerk.dialogs == 1
    assert load_printer_choice() == PrinterChoice(queue.name, 2)
    assert desk.print_history(code)[0]["copies"] == 2

    # Later prints use the remembered printer without asking; the preview says which.
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        window.print_slip(code)
    preview = shown.args[0]
    assert preview.printer_label.text() == f"Máy in: {queue.name}, 2 bản"
    with qtbot.waitSignal(window.printing.recorded, timeout=30_000) as done:
        preview.print_button.click()
    assert done.args == ["printed", True]
    assert clerk.dialogs == 1
    (again,) = [path for path in wait_for_pdfs(qtbot, queue, 2) if path != pdf]
    assert int(pdf_info(again)["Pages"]) == 2  # the remembered copies


def test_a4_desk_prints_on_a4(
    qtbot: QtBot, window: MainWindow, desk: Desk, queue: CupsQueue, clerk: Clerk, tmp_path: Path
) -> None:
    desk.update_settings(paper="A4")
    clerk.copies = 1
    code = desk.receive(ReceiveRequest("1.001193", "Trần Văn Bình", "001203004568")).code
    _preview, outcome = print_slip(qtbot, window, code)
    assert outcome == ["printed", False]
    (pdf,) = wait_for_pdfs(qtbot, queue, 1)
    info = pdf_info(pdf)
    assert "(A4)" in info["Page size"] and int(info["Pages"]) == 1
    assert barcodes(pdf, tmp_path, 150) == [code]


@pytest.mark.parametrize(
    ("command", "words"),
    [("cupsdisable", "đang dừng"), ("cupsreject", "không nhận lệnh in")],
)
def test_a_stopped_or_rejecting_queue_is_reported_and_the_slip_is_not_recorded_as_printed(
    qtbot: QtBot,
    window: MainWindow,
    desk: Desk,
    queue: CupsQueue,
    command: str,
    words: str,
) -> None:
    code = desk.receive(ReceiveRequest("1.001193", "Lê Thị Cúc", "001203004569")).code
    queue.lp(command, queue.name)
    preview, outcome = print_slip(qtbot, window, code)
    assert outcome == ["failed", False]
    assert [h["outcome"] for h in desk.print_history(code)] == ["failed"]
    message = preview.message.text()
    assert message.startswith("Phiếu CHƯA được in") and words in message, message
    assert queue.name in message
    assert preview.save_button.isDefault()
    assert queue.pdfs() == []
    preview.reject()


def test_cups_attributes_name_the_problem_a_clerk_can_fix() -> None:
    assert cups_problem("printer-is-accepting-jobs=true printer-state=3") is None
    assert cups_problem("printer-state=5 printer-state-reasons=paused") == "paused"
    assert cups_problem("printer-state-reasons=media-empty-error") == "out of paper"
    assert cups_problem("printer-state-reasons=media-empty-warning") is None
    assert cups_problem("printer-state-reasons=offline-report") == "offline"
    assert cups_problem("printer-is-accepting-jobs=false printer-state=3") == "rejecting"
    assert cups_problem("printer-location='Quầy 1' printer-state=3") is None


def test_the_settings_show_this_pcs_printer_and_remember_a_new_choice(
    qtbot: QtBot, desk: Desk, queue: CupsQueue
) -> None:
    from onestop_desktop.ui.printer_choice import save_printer_choice
    from onestop_desktop.ui.settings_dialog import SettingsDialog

    i18n.set_language("vi")
    save_printer_choice(PrinterChoice(queue.name, 3))
    dialog = SettingsDialog(desk)
    qtbot.addWidget(dialog)
    choice = dialog.printer_choice
    assert choice.printer_box.currentText() == queue.name and choice.copies_box.value() == 3
    assert dialog.printer_box.title() == "Máy in của máy tính này"
    choice.copies_box.setValue(1)
    dialog.printer_save.click()
    assert load_printer_choice() == PrinterChoice(queue.name, 1)
    assert dialog.status.text() == f"Máy tính này sẽ in ra máy in “{queue.name}”."
    # gone before the desk closes: a later language change must not reach it
    with qtbot.waitSignal(dialog.destroyed):
        dialog.deleteLater()


def test_the_previews_printer_button_changes_the_remembered_printer(
    qtbot: QtBot, window: MainWindow, desk: Desk, queue: CupsQueue, clerk: Clerk
) -> None:
    code = desk.receive(ReceiveRequest("1.001193", "Phạm Văn Dũng", "001203004570")).code
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        window.print_slip(code)
    preview: PreviewDialog = shown.args[0]
    assert preview.printer_label.text() == "Máy in: hỏi khi in"
    clerk.copies = 4
    preview.printer_button.click()
    assert clerk.dialogs == 1
    assert load_printer_choice() == PrinterChoice(queue.name, 4)
    assert preview.printer_label.text() == f"Máy in: {queue.name}, 4 bản"
    assert desk.print_history(code) == []  # choosing a printer prints nothing
    preview.reject()
