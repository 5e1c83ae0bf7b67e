"""The bundled DejaVu Sans fonts, registered with reportlab once per process.

reportlab's built-in fonts (Helvetica, and the Vera it ships) lack most Vietnamese letters, and an
office PC may have no usable fonts at all, so every form uses the TTF files in `resources/fonts/`
(DejaVu Sans: full Vietnamese coverage; licence in LICENSE-DejaVu.txt).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from onestop_desktop.resources import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
_lock = threading.Lock()
_registered = False


class FormFont(TTFont):  # type: ignore[misc]  # reportlab has no type hints
    """A TrueType font that remembers the width of the words it has measured.

    Breaking a paragraph into lines measures every word, and reportlab (without its optional C
    accelerator) sums the widths of a word's letters in Python each time. The forms measure the
    same words on every page at several sizes: the width at 1 point is kept per text, then
    scaled.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._unit_widths: dict[str, float] = {}

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        width = self._unit_widths.get(text)
        if width is None:
            widths, default = self.face.charWidths, self.face.defaultWidth
            width = 0.001 * sum(widths.get(ord(c), default) for c in text)
            if len(self._unit_widths) > 50_000:  # words of many forms: start again
                self._unit_widths.clear()
            self._unit_widths[text] = width
        return width * size


class FontMissingError(FileNotFoundError):
    """A font file the forms need is not where the installation should have put it."""


def font_path(name: str = REGULAR) -> Path:
    """The TTF file of one of the names above (raises FontMissingError if it is absent)."""
    path = resources_dir() / "fonts" / _FILES[name]
    if not path.is_file():
        raise FontMissingError(
            f"font file {path} is missing: the installation is incomplete "
            "(reinstall OneStop Desktop, or point ONESTOP_RESOURCES at its resources folder)"
        )
    return path


def register_fonts() -> None:
    """Register the fonts and the family mapping (so <b> and <i> work in paragraphs); idempotent.

    Thread-safe: printing runs off the UI thread, and reportlab's registry is a plain dict.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name in _FILES:
            pdfmetrics.registerFont(FormFont(name, str(font_path(name))))
        # There is no bold italic face: bold stands in for it.
        for bold, italic, face in (
            (0, 0, REGULAR),
            (1, 0, BOLD),
            (0, 1, ITALIC),
            (1, 1, BOLD),
        ):
            addMapping(REGULAR, bold, italic, face)
        _registered = True
