"""Help → About: the version, the licences (the program's MIT text and the fonts' licence, both
readable in the box) and the versions of Qt, PySide6 and Python, for a clerk asked by support."""

from __future__ import annotations

import platform
from pathlib import Path

from onestop_desktop import __version__
from onestop_desktop.logs import log_dir
from onestop_desktop.resources import licence_path, resources_dir
from onestop_desktop.ui.qt import (
    PYSIDE_VERSION,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    qVersion,
)


def font_licence_path() -> Path:
    return resources_dir() / "fonts" / "LICENSE-DejaVu.txt"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        return f"{path}: {error.strerror or error}"


class AboutDialog(QDialog):
    """The About box: what the program is, its versions and its licences."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.database = database
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.licences = QTabWidget(self)
        self.licence_text = self._text_tab(_read(licence_path()))
        self.font_text = self._text_tab(_read(font_licence_path()))
        self.licences.addTab(self.licence_text, "")
        self.licences.addTab(self.font_text, "")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self.retranslate()

    def _text_tab(self, text: str) -> QPlainTextEdit:
        view = QPlainTextEdit(self)
        view.setReadOnly(True)
        view.setPlainText(text)
        return view

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About OneStop"))
        self.summary.setText(
            self.tr(
                "OneStop Desktop {version}\n\nReceiving dossiers and printing appointment "
                "slips at the commune one-stop office, without a network.\n\n"
                "Licence: MIT. Interface and forms font: DejaVu Sans (Bitstream Vera licence).\n"
                "Qt {qt} · PySide6 {pyside} · Python {python}\n\n"
                "Database: {path}\nLog folder: {logs}"
            ).format(
                version=__version__,
                qt=qVersion(),
                pyside=PYSIDE_VERSION,
                python=platform.python_version(),
                path=self.database,
                logs=log_dir(),
            )
        )
        self.licences.setTabText(0, self.tr("Licence (MIT)"))
        self.licences.setTabText(1, self.tr("Fonts' licence (DejaVu)"))
