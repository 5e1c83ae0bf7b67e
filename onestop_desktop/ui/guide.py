"""Help → the clerk's guide (F1): docs/guide/<language>.md shown in a QTextBrowser.

The guide is plain Markdown so it also reads on a code host and in any editor. Qt's Markdown
reader gives headings no anchors, so each heading gets the one a code host gives it (lower case,
punctuation dropped, spaces to hyphens) and links such as `[Tiếp nhận](#2-tiếp-nhận-hồ-sơ)` work
in the window too. The screenshots are not committed (`scripts/screenshots.py` makes them into
docs/guide/images): an image that is absent is replaced by its alt text, in italics, so the
guide reads the same without them; one that is present is shrunk to the window's reading width.
"""

from __future__ import annotations

import re
from pathlib import Path

from onestop_desktop.resources import guide_dir
from onestop_desktop.ui import i18n
from onestop_desktop.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QPushButton,
    QTextBrowser,
    QTextCharFormat,
    QTextCursor,
    QUrl,
    QVBoxLayout,
    QWidget,
)

IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
#: the widest an image is shown, in pixels (screenshots are 1366 wide)
IMAGE_WIDTH = 900


def guide_file(language: str, folder: Path | None = None) -> Path:
    """The guide in a language, or the Vietnamese one when there is none in that language."""
    folder = folder or guide_dir()
    path = folder / f"{language}.md"
    return path if path.is_file() else folder / f"{i18n.DEFAULT_LANGUAGE}.md"


def heading_anchor(text: str) -> str:
    """A heading's anchor as code hosts make it: "2. Tiếp nhận hồ sơ" → "2-tiếp-nhận-hồ-sơ"."""
    kept = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return kept.replace(" ", "-")


def without_missing_images(text: str, folder: Path) -> str:
    """The Markdown with each image that is not in `folder` replaced by its alt text."""

    def replace(match: re.Match[str]) -> str:
        alt, target = match.group(1), match.group(2)
        if "://" in target or (folder / target).is_file():
            return match.group(0)
        return f"*[{alt}]*" if alt else ""

    return IMAGE.sub(replace, text)


class GuideBrowser(QTextBrowser):
    """The guide's text: headings with anchors, images from the guide's folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideBrowser")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self.follow)
        self.folder = guide_dir()
        self.anchors: list[str] = []

    def load(self, path: Path) -> None:
        self.folder = path.parent
        self.setSearchPaths([str(self.folder)])
        text = path.read_text(encoding="utf-8")
        self.document().setBaseUrl(QUrl.fromLocalFile(str(self.folder) + "/"))
        self.setMarkdown(without_missing_images(text, self.folder))
        self.anchors = self._add_anchors()
        self._fit_images()

    def _add_anchors(self) -> list[str]:
        document = self.document()
        anchors: list[str] = []
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                name = heading_anchor(block.text())
                cursor = QTextCursor(block)
                cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
                if cursor.hasSelection():
                    anchor = QTextCharFormat()
                    anchor.setAnchor(True)
                    anchor.setAnchorNames([name])
                    cursor.mergeCharFormat(anchor)
                anchors.append(name)
            block = block.next()
        return anchors

    def _fit_images(self) -> None:
        block = self.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                form = fragment.charFormat()
                if form.isImageFormat():
                    image_format = form.toImageFormat()
                    image = QImage(str(self.folder / image_format.name()))
                    if not image.isNull() and image.width() > IMAGE_WIDTH:
                        image_format.setWidth(IMAGE_WIDTH)
                        image_format.setHeight(image.height() * IMAGE_WIDTH / image.width())
                        cursor = QTextCursor(self.document())
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(),
                            QTextCursor.MoveMode.KeepAnchor,
                        )
                        cursor.setCharFormat(image_format)
                iterator += 1
            block = block.next()

    def follow(self, url: QUrl) -> None:
        """A link clicked: within the guide (#anchor), scroll there; nothing else is opened
        (the guide links only to itself, and the counter's PC has no network)."""
        if url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment(QUrl.ComponentFormattingOption.FullyDecoded))


class GuideWindow(QDialog):
    """The clerk's guide in the interface's language: contents, back, close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideWindow")
        self.browser = GuideBrowser(self)
        self.back_button = QPushButton(self)
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(self.browser.backward)
        self.contents_button = QPushButton(self)
        self.contents_button.clicked.connect(self.to_top)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.contents_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        self.language = ""
        self.resize(1000, 700)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("User guide – OneStop"))
        self.back_button.setText(self.tr("← &Back"))
        self.contents_button.setText(self.tr("&Contents"))
        language = i18n.current_language()
        if language != self.language:
            self.language = language
            path = guide_file(language)
            try:
                self.browser.load(path)
            except OSError as error:  # a copy of the program without its docs/guide folder
                self.browser.setPlainText(
                    self.tr("The user guide could not be opened: {path} ({error}).").format(
                        path=path, error=error.strerror or error
                    )
                )

    def to_top(self) -> None:
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self.browser.verticalScrollBar().setValue(0)

    def show_section(self, anchor: str) -> None:
        """Scroll to a section by its heading's anchor."""
        self.browser.scrollToAnchor(anchor)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
