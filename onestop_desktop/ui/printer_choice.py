"""This PC's printer, chosen once and remembered: which printer and how many copies.

The printer belongs to the computer, not to the office, so it is kept in a small JSON file in
the user's configuration folder (`printer.json`), not in the desk's database; the paper (A4/A5)
stays the desk's setting (the forms are laid out for it). `load_printer_choice` and
`save_printer_choice` read and write it (temporary file + rename); `PrinterChoiceWidget` is the
small form (printer, copies) that the print flow, settings and the first-start wizard can show.

`printer_problem` asks before a print whether the printer can take it: Qt's printer state
(stopped queues read as an error) and, where CUPS is the print system, the queue's own
attributes (`lpoptions -p`), which also tell a queue that rejects jobs, or a printer out of paper
or offline, none of which Qt reports.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

from onestop_desktop.ui import i18n
from onestop_desktop.ui.qt import QComboBox, QFormLayout, QSpinBox, QWidget

log = logging.getLogger("onestop_desktop.ui.printer_choice")

MAX_COPIES = 9


@dataclass(frozen=True)
class PrinterChoice:
    """The printer this PC prints on and the copies of each form it prints."""

    printer: str
    copies: int = 1


def choice_file() -> Path:
    """Where this PC's printer choice is kept (in the user's configuration folder)."""
    return Path(platformdirs.user_config_dir("onestop-desktop", appauthor=False)) / "printer.json"


def load_printer_choice(path: Path | None = None) -> PrinterChoice | None:
    """The remembered choice, or None when none was made (or the file is unreadable)."""
    path = path or choice_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        printer, copies = data["printer"], data.get("copies", 1)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("ignoring the printer choice in %s: %s", path, error)
        return None
    if not isinstance(printer, str) or not printer or not isinstance(copies, int):
        log.warning("ignoring the printer choice in %s: unexpected values", path)
        return None
    return PrinterChoice(printer, min(max(copies, 1), MAX_COPIES))


def save_printer_choice(choice: PrinterChoice, path: Path | None = None) -> None:
    """Remember the choice for the next prints (written whole or not at all)."""
    path = path or choice_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(asdict(choice), ensure_ascii=False), encoding="utf-8")
    os.replace(temp, path)


# -- is the printer ready? -----------------------------------------------------------------------
#: CUPS printer-state-reasons that stop a print, each with what the clerk reads
_REASONS = {
    "media-empty": "out of paper",
    "media-needed": "out of paper",
    "media-jam": "paper jam",
    "offline-report": "offline",
    "connecting-to-device": "offline",
    "paused": "paused",
}


def problem_text(kind: str) -> str:
    """What the clerk reads for a problem `printer_problem` found."""
    texts = {
        "missing": i18n.translate("PrinterChoice", "the printer is no longer installed"),
        "offline": i18n.translate("PrinterChoice", "the printer is offline"),
        "paused": i18n.translate("PrinterChoice", "the printer is stopped (paused)"),
        "rejecting": i18n.translate("PrinterChoice", "the printer is not accepting print jobs"),
        "out of paper": i18n.translate("PrinterChoice", "the printer is out of paper"),
        "paper jam": i18n.translate("PrinterChoice", "the paper is jammed in the printer"),
    }
    return texts.get(kind, kind)


def cups_problem(attributes: str) -> str | None:
    """The problem the CUPS queue attributes (`lpoptions -p` output) show, or None."""
    values: dict[str, str] = {}
    for word in shlex.split(attributes):
        key, _, value = word.partition("=")
        values[key] = value
    if values.get("printer-is-accepting-jobs") == "false":
        return "rejecting"
    for reason in values.get("printer-state-reasons", "none").split(","):
        kind = _REASONS.get(reason.removesuffix("-error").removesuffix("-warning"))
        if kind is not None and not reason.endswith("-warning"):
            return kind
    if values.get("printer-state") == "5":
        return "paused"
    return None


def printer_problem(name: str) -> str | None:
    """Why `name` cannot print now ("offline", "out of paper", ...), or None when it can.

    May take a moment (it asks the print system): call it off the UI thread."""
    from onestop_desktop.ui.qt import QPrinter, QPrinterInfo

    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        return "missing"
    lpoptions = shutil.which("lpoptions")
    if lpoptions is not None:
        try:
            done = subprocess.run(
                [lpoptions, "-p", name], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            log.warning("could not ask CUPS about %s: %s", name, error)
        else:
            if done.returncode == 0:
                found = cups_problem(done.stdout)
                if found is not None:
                    return found
    state = info.state()
    if state in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        return "offline"
    return None


# -- the form ------------------------------------------------------------------------------------
class PrinterChoiceWidget(QWidget):
    """Printer and copies, as a two-row form; `choice()` is what the clerk picked."""

    def __init__(
        self, printers: list[str], choice: PrinterChoice | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printerChoice")
        self.printer_box = QComboBox()
        self.printer_box.addItems(printers)
        self.copies_box = QSpinBox()
        self.copies_box.setRange(1, MAX_COPIES)
        if choice is not None:
            if choice.printer in printers:
                self.printer_box.setCurrentText(choice.printer)
            self.copies_box.setValue(choice.copies)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Printer:"), self.printer_box)
        layout.addRow(self.tr("Copies:"), self.copies_box)

    def choice(self) -> PrinterChoice | None:
        """The chosen printer and copies; None when no printer is installed."""
        name = self.printer_box.currentText()
        return PrinterChoice(name, self.copies_box.value()) if name else None
