"""Printing a dossier's form: render the PDF, preview it, print it or save it as PDF, and record
what happened.

The form is rendered by `Desk.render_form` (reportlab) on the desk's worker thread (`DeskOp`),
with the worker's own connection to the same database file; nothing on the worker touches a
widget. Rendering
the first slip of a session also pays reportlab's import and font registration (about 150 ms),
which would otherwise freeze the counter.

Pages are rasterised with pypdfium2 (QtPdf is not part of PySide6-Essentials): at screen
resolution for the preview, and at the printer's resolution (at most 300 dpi, where the slip's
Code128 barcode still decodes) for printing, painted with QPainter on the QPrinter. QPainter may
paint on a QPrinter from a worker thread, so printing does not block the counter either; it runs
on a thread of its own (`ThreadOp`), not the desk's worker, since it needs no database and a
spooler that waits must not hold up the next preview or export.

The printer and copies are chosen once per PC (`printer_choice`): the first print asks with the
print dialog and remembers a real printer; later prints use it without asking, and "Printer…"
in the preview changes it. Before each print the printer is asked whether it can take the job
(offline, stopped, rejecting jobs, out of paper): if not, the clerk reads why and the attempt is
recorded as failed, never as printed.

Every attempt is recorded with `Desk.record_print`: "printed", "pdf" (saved as a file) or
"failed" (never recorded as printed); the service says whether it was a reprint. With no printer
installed, or after a failed print, the preview offers "Save PDF…" directly. The print and file
dialogs are `PrintHooks`, which tests replace.
"""

from __future__ import annotations

import errno
import logging
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from onestop_desktop.domain.dossier import Dossier
from onestop_desktop.operations import Desk, UnknownDossier
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp, ThreadOp
from onestop_desktop.ui.dialogs import ERROR_STYLE, WorkDialog, known_error_message, show_error
from onestop_desktop.ui.printer_choice import (
    PrinterChoice,
    load_printer_choice,
    printer_problem,
    problem_text,
    save_printer_choice,
)
from onestop_desktop.ui.qt import (
    QDialog,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QObject,
    QPageSize,
    QPainter,
    QPalette,
    QPixmap,
    QPushButton,
    QRectF,
    QScrollArea,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from onestop_desktop.ui.sizing import fit_to_screen

log = logging.getLogger("onestop_desktop.ui.printing")

RECEIPT = "receipt"


def form_name(form: str) -> str:
    """The form as running text names it ("the {form} of {code}"), in the clerk's language."""
    names = {
        "receipt": i18n.translate("PrintFlow", "appointment slip"),
        "supplement": i18n.translate("PrintFlow", "supplement request"),
        "refusal": i18n.translate("PrintFlow", "refusal slip"),
        "apology": i18n.translate("PrintFlow", "apology slip"),
        "control": i18n.translate("PrintFlow", "control sheet"),
    }
    return names.get(form, form)


def form_title(form: str) -> str:
    """The form's title, for the preview window and the print buttons."""
    titles = {
        "receipt": i18n.translate("PrintFlow", "Appointment slip (Form 01)"),
        "supplement": i18n.translate("PrintFlow", "Supplement request (Form 02)"),
        "refusal": i18n.translate("PrintFlow", "Refusal (Form 03)"),
        "apology": i18n.translate("PrintFlow", "Apology (Form 04)"),
        "control": i18n.translate("PrintFlow", "Control sheet"),
    }
    return titles.get(form, form)


# the preview's 100 %: a page about as large on screen as on paper
PREVIEW_DPI = 96.0
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
# printing resolution cap: the slip's barcode decodes at 200 and 300 dpi
MAX_PRINT_DPI = 300
PAGE_SIZES = {"A5": QPageSize.PageSizeId.A5, "A4": QPageSize.PageSizeId.A4}

# pdfium is not thread-safe: the preview (UI thread) and printing (a worker) take turns.
_pdfium = threading.Lock()


class PrintFailed(Exception):
    """The printer did not accept the job (not ready, offline, not writable)."""


class PrinterNotReady(PrintFailed):
    """The printer said before the job that it cannot print (`printer_choice.printer_problem`)."""

    def __init__(self, printer: str, problem: str) -> None:
        super().__init__(f"{printer}: {problem}")
        self.printer = printer
        self.problem = problem


# -- PDF pages as images -------------------------------------------------------------------------
def render_pages(pdf: Path, dpi: float) -> list[QImage]:
    """Every page of a PDF as an image at `dpi` (safe to call from any thread)."""
    import pypdfium2 as pdfium  # loaded on first print: it is not needed to start the program

    images: list[QImage] = []
    with _pdfium:
        document = pdfium.PdfDocument(str(pdf))
        try:
            for index in range(len(document)):
                page = document[index]
                bitmap = page.render(scale=dpi / 72.0, prefer_bgrx=True)
                # BGRx bytes are a native 0xffRRGGBB word on little-endian machines.
                image = QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGB32,
                ).copy()
                image.setDotsPerMeterX(round(dpi / 0.0254))
                image.setDotsPerMeterY(round(dpi / 0.0254))
                images.append(image)
                bitmap.close()
                page.close()
        finally:
            document.close()
    return images


def print_pdf(pdf: Path, printer: Any, copies: int = 1) -> int:
    """Paint the PDF's pages on `printer`, `copies` times; return the pages painted.

    Raises PrintFailed when the printer refuses the job. Safe on a worker thread.
    """
    from onestop_desktop.ui.qt import QPrinter

    dpi = min(max(printer.resolution(), 72), MAX_PRINT_DPI)
    pages = render_pages(pdf, dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(printer.printerName() or printer.outputFileName())
    painted = 0
    try:
        target_area = printer.paperRect(QPrinter.Unit.DevicePixel)
        for copy in range(copies):
            for index, image in enumerate(pages):
                if (copy or index) and not printer.newPage():
                    raise PrintFailed(printer.printerName() or printer.outputFileName())
                painter.drawImage(fit(image, target_area), image)
                painted += 1
    finally:
        ended = painter.end()
    if not ended or printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintFailed(printer.printerName() or printer.outputFileName())
    return painted


def fit(image: QImage, area: QRectF) -> QRectF:
    """The largest rectangle with the image's proportions, centred in `area`."""
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF(
        area.x() + (area.width() - width) / 2,
        area.y() + (area.height() - height) / 2,
        width,
        height,
    )


# -- the dialogs the flow opens, replaceable in tests --------------------------------------------
def installed_printers() -> list[str]:
    """The names of the printers installed on this computer (empty without a print system)."""
    from onestop_desktop.ui.qt import QPrinterInfo

    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def ask_printer(printer: Any, parent: QWidget | None) -> bool:
    """Let the clerk choose the printer and copies; False when cancelled."""
    from onestop_desktop.ui.qt import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(i18n.translate("PrintFlow", "Print"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_pdf_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Let the clerk choose where to save the PDF; None when cancelled."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        i18n.translate("PrintFlow", "Save the form as PDF"),
        str(suggested),
        i18n.translate("PrintFlow", "PDF documents (*.pdf)"),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


@dataclass
class PrintHooks:
    """What the print flow asks the system and the clerk; tests replace these."""

    printers: Callable[[], list[str]] = installed_printers
    choose_printer: Callable[[Any, QWidget | None], bool] = ask_printer
    choose_pdf_path: Callable[[QWidget | None, Path], Path | None] = ask_pdf_path
    # why a printer cannot print now, or None (asked off the UI thread before each print)
    printer_problem: Callable[[str], str | None] = printer_problem
    # where "Save PDF…" starts
    pdf_folder: Path = field(default_factory=Path.home)


# -- the preview ---------------------------------------------------------------------------------
class PreviewDialog(WorkDialog):
    """The form as it will print, with zoom, "Print…" and "Save PDF…"."""

    print_clicked = Signal()
    save_clicked = Signal()
    printer_clicked = Signal()

    def __init__(
        self,
        pdf: Path,
        dossier: Dossier,
        has_printer: bool,
        parent: QWidget | None = None,
        form: str = RECEIPT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.pdf = pdf
        self.dossier = dossier
        self.form = form
        self.has_printer = has_printer
        self.zoom = 1.0
        self.history: list[dict[str, object]] = []
        self.images = render_pages(pdf, PREVIEW_DPI * max(ZOOM_STEPS))
        self.pages = QWidget()
        self.pages.setObjectName("previewPages")
        self.page_labels = [QLabel() for _ in self.images]
        pages = QVBoxLayout(self.pages)
        pages.setSpacing(12)
        for label in self.page_labels:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pages.addWidget(label)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.pages)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setBackgroundRole(QPalette.ColorRole.Dark)

        self.zoom_out = QToolButton()
        self.zoom_in = QToolButton()
        self.zoom_label = QLabel()
        self.zoom_out.setText("−")
        self.zoom_in.setText("+")
        self.zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in.clicked.connect(lambda: self.step_zoom(1))
        self.history_label = QLabel()
        self.history_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.print_button = QPushButton()
        self.printer_button = QPushButton()
        self.printer_label = QLabel()
        self.printer_label.setObjectName("printerLabel")
        self.save_button = QPushButton()
        self.close_button = QPushButton()
        self.print_button.clicked.connect(self.print_clicked)
        self.printer_button.clicked.connect(self.printer_clicked)
        self.save_button.clicked.connect(self.save_clicked)
        self.close_button.clicked.connect(self.reject)
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))

        tools = QHBoxLayout()
        tools.addWidget(self.zoom_out)
        tools.addWidget(self.zoom_label)
        tools.addWidget(self.zoom_in)
        tools.addSpacing(12)
        tools.addWidget(self.history_label, 1)
        tools.addWidget(self.printer_label)
        tools.addWidget(self.printer_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)

        self.print_button.setEnabled(has_printer)
        self.printer_button.setEnabled(has_printer)
        self.choice: PrinterChoice | None = None
        (self.print_button if has_printer else self.save_button).setDefault(True)
        self.retranslate()
        self.set_zoom(1.0)
        fit_to_screen(self, 620, 700)

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("{form} – {code}").format(form=form_title(self.form), code=self.dossier.code)
        )
        self.print_button.setText(self.tr("&Print…"))
        self.save_button.setText(self.tr("&Save PDF…"))
        self.printer_button.setText(self.tr("P&rinter…"))
        self.show_choice(self.choice)
        self.close_button.setText(self.tr("Close"))
        self.zoom_out.setToolTip(self.tr("Zoom out (Ctrl+−)"))
        self.zoom_in.setToolTip(self.tr("Zoom in (Ctrl++)"))
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        if not self.has_printer:
            self.print_button.setToolTip(self.tr("No printer is installed on this computer."))
            self.show_message(
                self.tr("No printer is installed on this computer: save the form as PDF."),
                error=False,
            )
        self.show_history(self.history)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self.zoom_label.setText(f"{round(zoom * 100)} %")
        scale = zoom / max(ZOOM_STEPS)
        for label, image in zip(self.page_labels, self.images, strict=True):
            pixmap = QPixmap.fromImage(
                image.scaledToWidth(
                    max(1, round(image.width() * scale)),
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            label.setPixmap(pixmap)

    def step_zoom(self, direction: int) -> None:
        index = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - self.zoom))
        index = max(0, min(len(ZOOM_STEPS) - 1, index + direction))
        self.set_zoom(ZOOM_STEPS[index])

    def show_history(self, history: list[dict[str, object]]) -> None:
        """The earlier print attempts of this form, newest last ("In lại" marks reprints)."""
        self.history = history
        if not history:
            self.history_label.setText(self.tr("Not printed before."))
            return
        outcomes = {
            ("printed", False): self.tr("Printed"),
            ("printed", True): self.tr("Reprinted"),
            ("pdf", False): self.tr("Saved as PDF"),
            ("pdf", True): self.tr("Saved as PDF (reprint)"),
        }
        lines = []
        for entry in history[-3:]:
            try:
                at = f"{datetime.fromisoformat(str(entry.get('at'))):%d/%m/%Y %H:%M}"
            except ValueError:
                at = str(entry.get("at", ""))
            outcome = str(entry.get("outcome"))
            text = outcomes.get((outcome, bool(entry.get("reprint"))), self.tr("Print failed"))
            lines.append(f"{at} – {text}")
        self.history_label.setText(self.tr("Print history: ") + "; ".join(lines))

    def show_choice(self, choice: PrinterChoice | None) -> None:
        """The printer this PC prints on, as remembered (or that it will be asked)."""
        self.choice = choice
        if choice is None:
            text = self.tr("Printer: asked when printing")
        else:
            text = self.tr("Printer: {printer}, {copies} copies").format(
                printer=choice.printer, copies=choice.copies
            )
        self.printer_label.setText(text)

    def show_message(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #1b5e20;")
        self.message.setText(text)
        self.message.setVisible(True)

    def set_busy(self, busy: bool) -> None:
        buttons = (self.print_button, self.printer_button, self.save_button, self.close_button)
        for button in buttons:
            needs_printer = button in (self.print_button, self.printer_button)
            button.setEnabled(not busy and (not needs_printer or self.has_printer))
        if busy:
            self.show_message(self.tr("Printing…"), error=False)

    def offer_pdf(self) -> None:
        """After a failure: "Save PDF…" becomes the default button and takes the focus."""
        self.print_button.setDefault(False)
        self.save_button.setDefault(True)
        self.save_button.setFocus()

    def busy(self) -> bool:
        """A print job is running: the dialog stays open until it is over."""
        return not self.close_button.isEnabled()


# -- the flow ------------------------------------------------------------------------------------
class PrintFlow(QObject):
    """Print one form of one dossier: render, preview, print or save, record the outcome."""

    # the preview is open (tests drive it from here)
    previewed = Signal(object)
    # an attempt was recorded: outcome ("printed", "pdf", "failed") and whether a reprint
    recorded = Signal(str, bool)
    # a status line for the main window
    status = Signal(str)

    def __init__(
        self, desk: Desk, parent: QWidget | None = None, hooks: PrintHooks | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.parent_widget = parent
        self.hooks = hooks or PrintHooks()
        self.preview: PreviewDialog | None = None
        # printers in use by print jobs on workers, kept alive until each job is over
        self._printers: list[Any] = []

    # -- rendering -----------------------------------------------------------------------------
    def start(self, code: str, form: str = RECEIPT) -> bool:
        """Render the form and open the preview; False if the dossier is unknown."""
        try:
            dossier = self.desk.get(code)
        except UnknownDossier as error:
            show_error(self.parent_widget, known_error_message(error) or str(error))
            return False
        folder = Path(tempfile.mkdtemp(prefix="onestop-print-"))
        out = folder / f"{dossier.code}-{form}.pdf"
        self.status.emit(
            self.tr("Preparing the {form} of {code}…").format(
                form=form_name(form), code=dossier.code
            )
        )
        DeskOp(
            self.parent_widget,
            self.desk,
            lambda desk: desk.render_form(dossier.code, out, form),
            success=lambda _rendered: self._rendered(out, dossier, form),
            failure=lambda error: self._render_failed(error, folder),
        )
        return True

    def _rendered(self, pdf: Path, dossier: Dossier, form: str) -> None:
        self.close_preview()
        installed = self.hooks.printers()
        preview = PreviewDialog(pdf, dossier, bool(installed), self.parent_widget, form)
        preview.show_choice(self.remembered(installed))
        preview.show_history(self.desk.print_history(dossier.code))
        preview.print_clicked.connect(lambda: self.print_(preview))
        preview.save_clicked.connect(lambda: self.save_pdf(preview))
        preview.printer_clicked.connect(lambda: self.change_printer(preview))
        preview.finished.connect(lambda _result: self._preview_closed(preview))
        self.preview = preview
        preview.open()
        self.status.emit("")
        self.previewed.emit(preview)

    def _render_failed(self, error: BaseException, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        self.status.emit("")
        known = known_error_message(error)
        if known is not None:  # else a bug, which DeskOp has reported
            show_error(self.parent_widget, known)

    def _preview_closed(self, preview: PreviewDialog) -> None:
        if self.preview is preview:
            self.preview = None
        shutil.rmtree(preview.pdf.parent, ignore_errors=True)
        preview.deleteLater()

    def close_preview(self) -> None:
        if self.preview is not None:
            self.preview.done(QDialog.DialogCode.Rejected)

    # -- printing ------------------------------------------------------------------------------
    def page_size(self) -> QPageSize:
        """The desk's paper (A5/A4), which its forms are laid out for."""
        return QPageSize(PAGE_SIZES.get(self.desk.settings.paper, PAGE_SIZES["A5"]))

    def new_printer(self, code: str, form: str, name: str = "") -> Any:
        """A printer (`name`, or the default) set up for this desk's paper (A5/A4), full page
        (the PDF has margins)."""
        from onestop_desktop.ui.qt import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if name:  # first: naming the printer resets the page to that printer's default
            printer.setPrinterName(name)
        printer.setPageSize(self.page_size())
        printer.setFullPage(True)
        # The form already holds one page set per copy (liên) the desk prints, each labelled.
        printer.setCopyCount(1)
        printer.setDocName(f"{code} – {form}")
        return printer

    def remembered(self, installed: list[str]) -> PrinterChoice | None:
        """This PC's remembered printer choice, if that printer is still installed."""
        choice = load_printer_choice()
        return choice if choice is not None and choice.printer in installed else None

    def ask_and_remember(self, printer: Any, preview: PreviewDialog) -> bool:
        """The print dialog; a real printer chosen there is remembered. False if cancelled."""
        from onestop_desktop.ui.qt import QPrinter

        if not self.hooks.choose_printer(printer, preview):
            return False
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
            choice = PrinterChoice(printer.printerName(), printer.copyCount())
            try:
                save_printer_choice(choice)
            except OSError as error:  # printing still goes on; it is asked again next time
                log.warning("could not remember the printer choice: %s", error)
            preview.show_choice(choice)
        return True

    def change_printer(self, preview: PreviewDialog) -> None:
        """ "Printer…": choose another printer or number of copies for this PC's next prints."""
        choice = preview.choice
        printer = self.new_printer(
            preview.dossier.code, preview.form, choice.printer if choice else ""
        )
        if choice is not None:
            printer.setCopyCount(choice.copies)
        self.ask_and_remember(printer, preview)

    def print_(self, preview: PreviewDialog) -> None:
        """Print on the remembered printer (asked the first time) on a worker; the outcome is
        recorded either way."""
        from onestop_desktop.ui.qt import QPrinter

        code, form = preview.dossier.code, preview.form
        choice = self.remembered(self.hooks.printers())
        printer = self.new_printer(code, form, choice.printer if choice else "")
        if choice is not None:
            printer.setCopyCount(choice.copies)
        elif not self.ask_and_remember(printer, preview):
            return
        else:  # the dialog's printer may have brought its own default paper: the desk's again
            printer.setPageSize(self.page_size())
        # Extra copies asked in the dialog: Qt prints them itself when the printer supports it,
        # otherwise the pages are repeated.
        repeat = 1 if printer.supportsMultipleCopies() else printer.copyCount()
        copies = printer.copyCount() * self.desk.settings.copies
        name = printer.printerName()
        self._printers.append(printer)
        pdf = preview.pdf
        preview.set_busy(True)

        def printed(_pages: int) -> None:
            self._printers.remove(printer)
            self._printed(preview, code, form, copies)

        def failed(error: BaseException) -> None:
            self._printers.remove(printer)
            self._print_failed(preview, code, form, copies, name, error)

        # Whatever stops the printer, the clerk reads it in the preview and the attempt is
        # recorded: every failure is the print flow's to handle (it logs an unexpected one).
        # Printing needs no database: it runs on a thread of its own, so a slow spooler never
        # holds up the desk's worker and a locked database never stops a print; the outcome is
        # recorded on the UI thread afterwards.
        ask_first = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and bool(name)
        problem_of = self.hooks.printer_problem

        def work() -> int:
            problem = problem_of(name) if ask_first else None
            if problem is not None:
                raise PrinterNotReady(name, problem)
            return print_pdf(pdf, printer, repeat)

        ThreadOp(
            self.parent_widget,
            work,
            success=printed,
            failure=failed,
            handles=(Exception,),
            name=f"print {code} {form}",
        )

    def _record(self, preview: PreviewDialog, code: str, form: str, *args: Any) -> bool | None:
        """Record a print attempt; None, with the reason shown in the preview, if that failed.

        The preview is no longer busy by then, so a locked or read-only database never leaves
        the clerk with a preview that cannot be closed.
        """
        preview.set_busy(False)
        try:
            return self.desk.record_print(code, form, *args)
        except Exception as error:
            known = known_error_message(error)
            if known is None:
                raise
            preview.show_message(known, error=True)
            return None

    def _printed(self, preview: PreviewDialog, code: str, form: str, copies: int) -> None:
        # Whatever the clerk chose in the print dialog (a "print to file" too) counts as printed.
        reprint = self._record(preview, code, form, "printed", copies)
        if reprint is None:
            return
        if reprint:
            text = self.tr("Reprinted the {form} of {code} (recorded as a reprint).")
        else:
            text = self.tr("Printed the {form} of {code}.")
        log.info("%s %s of %s", "reprinted" if reprint else "printed", form, code)
        self.status.emit(text.format(form=form_name(form), code=code))
        self.recorded.emit("printed", reprint)
        preview.accept()

    def _print_failed(
        self,
        preview: PreviewDialog,
        code: str,
        form: str,
        copies: int,
        printer_name: str,
        error: BaseException,
    ) -> None:
        detail = f"{type(error).__name__}: {error}"
        if isinstance(error, PrintFailed):
            log.warning("printing %s of %s failed: %s", form, code, detail)
        else:
            trace = "".join(traceback.format_exception(error))
            log.error("printing %s of %s failed unexpectedly:\n%s", form, code, trace)
        if self._record(preview, code, form, "failed", copies, detail) is None:
            return
        if isinstance(error, PrinterNotReady):
            message = self.tr(
                "The form was NOT printed: {problem} (“{printer}”). Put it right, then try "
                "again — or save the form as PDF."
            ).format(problem=problem_text(error.problem), printer=printer_name)
        elif printer_name:
            message = self.tr(
                "The form was NOT printed: the printer “{printer}” did not accept it. Check that "
                "it is switched on, has paper and is connected, then try again — or save the "
                "form as PDF."
            ).format(printer=printer_name)
        else:
            message = self.tr(
                "The form was NOT printed: the printer did not accept it. Check that it is "
                "switched on, has paper and is connected, then try again — or save the form as "
                "PDF."
            )
        self.status.emit(
            self.tr("Printing the {form} of {code} failed.").format(form=form_name(form), code=code)
        )
        self.recorded.emit("failed", False)
        preview.show_message(message, error=True)
        preview.show_history(self.desk.print_history(code))
        preview.offer_pdf()

    # -- saving as PDF -------------------------------------------------------------------------
    def save_pdf(self, preview: PreviewDialog) -> None:
        """Save the rendered form where the clerk chooses; recorded as "pdf"."""
        code, form = preview.dossier.code, preview.form
        suggested = self.hooks.pdf_folder / f"{code}-{form}.pdf"
        target = self.hooks.choose_pdf_path(preview, suggested)
        if target is None:
            return
        try:
            shutil.copyfile(preview.pdf, target)
        except OSError as error:
            preview.show_message(
                self.tr("Could not save {path}: {reason}. Choose another folder.").format(
                    path=target, reason=self._reason(error)
                ),
                error=True,
            )
            return
        reprint = self._record(preview, code, form, "pdf", 1, str(target))
        if reprint is None:
            return
        log.info("saved %s of %s as %s", form, code, target)
        self.status.emit(
            self.tr("Saved the {form} of {code} as {path}.").format(
                form=form_name(form), code=code, path=target
            )
        )
        self.recorded.emit("pdf", reprint)
        preview.accept()

    def _reason(self, error: OSError) -> str:
        """Why a file could not be written, in the clerk's language where it is a common case."""
        if error.errno in (errno.EACCES, errno.EPERM):
            return self.tr("no permission to write there")
        if error.errno == errno.ENOSPC:
            return self.tr("the disk is full")
        if error.errno == errno.EROFS:
            return self.tr("the disk is read-only")
        if error.errno == errno.ENOENT:
            return self.tr("the folder does not exist")
        return error.strerror or str(error)
