"""Barcodes and QR codes printed on the forms, drawn as vectors in the PDF (and a PNG for Qt).

Code128 (ISO/IEC 15417) carries the dossier code for the counter's hand scanner. One encoder
(python-barcode's Code128, which switches to code set C for runs of digits) serves both the PDF
drawing and the PNG, so the two always agree. A module of 0.30 mm decodes with zbarimg from a
200 dpi scan (not from 150 dpi); the quiet zone is 10 modules each side, as the standard asks.

QR codes follow ISO/IEC 18004, which is TCVN 7322:2009, the standard Circular 01/2023/TT-VPCP
Art. 26(1) requires for QR codes in administrative procedures: error correction level M, a quiet
zone of 4 modules, and text that is not plain ASCII is written as UTF-8 behind an ECI 26 header
(the standard's default byte interpretation is ISO 8859-1). What a form's QR code carries is the
forms' business: see `forms.dossier_qr_payload`; `lookup_url` builds the portal look-up address.

The mask is fixed (`QR_MASK`) instead of chosen by the standard's penalty scoring. ISO/IEC 18004
defines eight data masks and every one of them makes a conformant symbol: the mask number is
written in the symbol's format information and every decoder must read all eight. The scoring
only picks the mask least likely to form finder-like patterns or large blotches, and in
reportlab's pure-Python encoder it costs far more than the rest of the symbol: all eight masks
laid out and scored took 25 ms for a slip's version 7 symbol and 55 ms for version 12, against
3 ms and 13 ms with one mask (measured on the 2-core test machine). A decoder finds a symbol by
its three finder patterns, which no data mask touches; the tests decode many different symbols
drawn this way from a 200 dpi scan.

Both symbols are written into the PDF as one path of rectangles in module units under a scaling
transform, formatted here: through reportlab's pure-Python number formatter a QR code's ~700
rectangles took 9 ms, formatted as small integers well under 1 ms.
"""

from __future__ import annotations

import io
import string
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import groupby
from urllib.parse import quote

from barcode.codex import Code128
from barcode.writer import ImageWriter
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from onestop_desktop.documents.fonts import REGULAR, font_path, register_fonts
from onestop_desktop.domain.settings import LOOKUP_PLACEHOLDERS

#: module width that decodes from a 200 dpi scan (PLATFORM.md, and tests/test_documents.py)
BARCODE_MODULE_MM = 0.30
#: narrowest module a long code may shrink to so that it still fits its box (7.5 mil, which
#: hand scanners read; a 200 dpi scan of it is no longer guaranteed)
BARCODE_MIN_MODULE_MM = 0.19
BARCODE_QUIET_MODULES = 10
QR_MODULE_MM = 0.50
QR_QUIET_MODULES = 4
#: the data mask of every QR code (pattern 000 of ISO/IEC 18004: (row + column) mod 2 == 0); see
#: the module docstring for why it is not chosen per symbol
QR_MASK = 0
_UTF8_ECI = 26

#: placeholders a look-up URL template may use; values are URL-encoded. Never personal data:
#: the QR code is read by whoever holds the slip
LOOKUP_FIELDS = LOOKUP_PLACEHOLDERS
#: placeholders refused with a reason of their own
_PERSONAL_FIELDS = frozenset({"id_number", "name", "phone"})


def _pdf_number(value: float) -> str:
    """A number as PDF content-stream text: integers bare, others to a thousandth of a unit."""
    if type(value) is int:
        return str(value)
    if value == int(value):
        return str(int(value))
    return f"{value:.3f}".rstrip("0").rstrip(".")


class CodeSymbol(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A barcode or QR code drawn as vector rectangles at a fixed size (never scaled to fit).

    `rects` are (x, y, width, height) in units of `scale` points across and up (a QR code's
    module both ways; a barcode's module across, points up), so most coordinates are small
    integers. They are written straight into the page as one filled path: a reportlab Drawing
    with a shape per module took several times as long for a QR code's thousand modules, and
    neighbouring rectangles of one path leave no hairline seams when rasterised.
    """

    def __init__(
        self,
        width: float,
        height: float,
        rects: Sequence[tuple[float, float, float, float]],
        module_mm: float,
        scale: tuple[float, float] = (1.0, 1.0),
        caption: str = "",
        font_size: float = 0.0,
    ) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self.rects = tuple(rects)
        self.scale = scale
        self.module_mm = module_mm  # the module (narrowest bar, or QR cell) as drawn
        self.caption = caption
        self.font_size = font_size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def path_operators(self) -> str:
        """The rectangles as PDF path operators, filled (in the units of `scale`)."""
        ops = [" ".join(map(_pdf_number, rect)) + " re" for rect in self.rects]
        ops.append("f")
        return "\n".join(ops)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        if self.rects:
            canvas.saveState()
            canvas.scale(*self.scale)
            canvas.addLiteral(self.path_operators())
            canvas.restoreState()
        if self.caption:
            register_fonts()
            canvas.setFont(REGULAR, self.font_size)
            canvas.drawCentredString(self.width / 2, self.font_size * 0.2, self.caption)
        canvas.restoreState()


def code128_modules(code: str) -> str:
    """The Code128 symbol of `code` as a string of '1' (bar) and '0' (space) modules."""
    if not code or not code.isascii() or not code.isprintable():
        raise ValueError(f"cannot draw {code!r} as Code128: expected printable ASCII text")
    return str(Code128(code).build()[0])


def barcode_symbol(
    code: str,
    *,
    module_mm: float = BARCODE_MODULE_MM,
    bar_height_mm: float = 9.0,
    max_width_mm: float | None = None,
    font_size: float = 7.0,
    with_text: bool = True,
) -> CodeSymbol:
    """A Code128 symbol of `code` with its quiet zones and, under it, the code in plain text.

    When `max_width_mm` is given and the symbol would be wider, the module shrinks to fit, but
    never below BARCODE_MIN_MODULE_MM (the symbol is then wider than asked).
    """
    modules = code128_modules(code)
    total = len(modules) + 2 * BARCODE_QUIET_MODULES
    if max_width_mm is not None and total * module_mm > max_width_mm:
        module_mm = max(BARCODE_MIN_MODULE_MM, max_width_mm / total)
    module = module_mm * mm
    text_height = font_size * 1.25 if with_text else 0.0
    bar_height = bar_height_mm * mm
    rects: list[tuple[float, float, float, float]] = []
    x = BARCODE_QUIET_MODULES  # in modules
    for is_bar, run in groupby(modules):
        width = len(list(run))
        if is_bar == "1":
            rects.append((x, text_height, width, bar_height))
        x += width
    return CodeSymbol(
        total * module,
        bar_height + text_height,
        rects,
        module_mm,
        scale=(module, 1.0),
        caption=code if with_text else "",
        font_size=font_size,
    )


@lru_cache(maxsize=32)
def qr_modules(payload: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR symbol of `payload` (smallest version that holds it) as rows of dark modules.

    The data mask is always QR_MASK (see the module docstring). Cached: the Reed-Solomon code
    is still some milliseconds of pure Python, and a form printed again draws the same symbol.
    """
    if not payload:
        raise ValueError("cannot draw an empty QR code")
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    if payload.isascii():
        qr.addData(payload)
    else:
        qr.addData(qrencoder.QRECI(_UTF8_ECI))
        qr.addData(qrencoder.QR8bitByte(payload))
    # What QRCode.make() does, without getBestMaskPattern(): that lays the symbol out and
    # scores it eight times over.
    qr.version = qr.calculate_version()
    qr.makeImpl(False, QR_MASK)
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


def qr_symbol(
    payload: str,
    *,
    module_mm: float = QR_MODULE_MM,
    max_size_mm: float | None = None,
    level: str = "M",
) -> CodeSymbol:
    """A square QR symbol of `payload`, quiet zone included.

    When `max_size_mm` is given and the symbol would be larger, the module shrinks to fit.
    """
    rows = qr_modules(payload, level)
    count = len(rows) + 2 * QR_QUIET_MODULES
    if max_size_mm is not None and count * module_mm > max_size_mm:
        module_mm = max_size_mm / count
    module = module_mm * mm
    rects: list[tuple[float, float, float, float]] = []
    for r, row in enumerate(rows):
        y = count - (r + QR_QUIET_MODULES + 1)  # in modules, from the bottom
        c = 0
        for is_dark, run in groupby(row):
            n = len(list(run))
            if is_dark:
                rects.append((c + QR_QUIET_MODULES, y, n, 1))
            c += n
    return CodeSymbol(count * module, count * module, rects, module_mm, scale=(module, module))


def barcode_png(code: str, *, module_mm: float = BARCODE_MODULE_MM, dpi: int = 300) -> bytes:
    """A PNG of the Code128 barcode with the code under it, for showing in Qt.

    (QtSvg mis-draws python-barcode's SVG, which has mm units and no viewBox: use this PNG.)
    """
    code128_modules(code)  # the same validation and message as the PDF drawing
    writer = ImageWriter(format="PNG", dpi=dpi)
    options: Mapping[str, object] = {
        "module_width": module_mm,
        "module_height": 10.0,
        "quiet_zone": BARCODE_QUIET_MODULES * module_mm,
        "font_path": str(font_path(REGULAR)),
        "font_size": 8,
        "text_distance": 3.5,
        "dpi": dpi,
    }
    out = io.BytesIO()
    Code128(code, writer=writer).write(out, dict(options))
    return out.getvalue()


def check_lookup_template(template: str) -> None:
    """Raise ValueError unless `template` is a usable look-up URL (see `lookup_url`)."""
    if not template:
        return
    if not template.startswith(("https://", "http://")):
        raise ValueError(f"lookup_url {template!r}: expected an address starting with https://")
    try:
        parts = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template)]
    except ValueError as exc:
        raise ValueError(f"lookup_url {template!r}: {exc}") from None
    unknown = [
        f for f, spec, conv in parts if f is not None and (f not in LOOKUP_FIELDS or spec or conv)
    ]
    personal = [f for f in unknown if f in _PERSONAL_FIELDS]
    if personal:
        raise ValueError(
            f"lookup_url {template!r}: {{{personal[0]}}} would print a citizen's personal data "
            "in a QR code anyone holding the slip can read; use {code} (and {procedure_code})"
        )
    if unknown:
        raise ValueError(
            f"lookup_url {template!r}: unknown placeholder {{{unknown[0]}}}; "
            f"expected {', '.join('{' + f + '}' for f in sorted(LOOKUP_FIELDS))}"
        )


def lookup_url(template: str, *, code: str, procedure_code: str = "") -> str:
    """The portal look-up address of a dossier.

    A template with placeholders is filled in, e.g. `https://…/portaldvc/tra-cuu?MHS={code}`;
    a plain base address gets the dossier code appended as the query parameter MHS (mã hồ sơ),
    as Thanh Hóa's portal names it. (That portal also takes the applicant's ID number, SGT:
    refused here, see `check_lookup_template`.)
    """
    check_lookup_template(template)
    values = {
        "code": quote(code, safe=""),
        "procedure_code": quote(procedure_code, safe=""),
    }
    if "{" in template:
        return template.format_map(values)
    separator = "" if template.endswith(("?", "&")) else "&" if "?" in template else "?"
    return f"{template}{separator}MHS={values['code']}"
