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
            pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
        # There is no bold italic face: bold stands in for it.
        for bold, italic, face in (
            (0, 0, REGULAR),
            (1, 0, BOLD),
            (0, 1, ITALIC),
            (1, 1, BOLD),
        ):
            addMapping(REGULAR, bold, italic, face)
        _registered = True
