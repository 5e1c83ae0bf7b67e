"""Layout and texts shared by the one-stop forms (TT 03/2025/TT-VPCP Phụ lục I; TT 01/2018/TT-VPCP).

Every form opens with the same two-column header (DOMAIN.md §1.2): the parent agency and the
office on the left over a short rule and "Số: …/<suffix>"; the national motto on the right over
"<place>, ngày … tháng … năm …" (`form_header`). Under the number line, at the upper left, come
the QR code (Circular 01/2023/TT-VPCP Art. 26 places it in the upper left corner) and the Code128
barcode of the dossier code (not in the legal template; deployed systems print it there):
`dossier_codes` and `codes_row`. Forms end with signature blocks "(Ký và ghi rõ họ tên)"
(`signature_blocks`); lists of papers go in a ruled `grid_table`.

The words on the forms are data: `resources/forms/forms.json` holds them per profile
("tt03_2025", the default, and "tt01_2018"); an administrator can correct them without a new
release, and a damaged file is refused with a message naming the file and the key.

Long text is always laid out with platypus Paragraphs (which wrap), never drawn as one string.
Each form builds its page for a given font size; `fit_page` picks the largest size at which the
page fits, so a long address or many documents shrink the text instead of spilling onto a second
page (the barcode and QR code keep their size, so they still scan). `form_pages` makes one page
per copy.

Speed: a slip is rendered while the applicant waits (target: a median of 50 ms on a 2-core
office PC). Laying a page out is the costly part, so an ordinary form is laid out once, at the
first size, and an overflowing one usually twice (`fit_page`); paragraphs keep their line breaks
between measuring and drawing (`Para`); copies share one layout (`form_pages`); styles, text
widths and balanced headings are cached; QR codes use a fixed mask (`codes`); and the PDF's
streams are not ASCII85-wrapped (below).

What a form's QR code carries (`dossier_qr_payload`). Circular 01/2023/TT-VPCP Art. 26(2) asks a
QR code printed on a paper issued from an information system to carry at least the dossier code,
the procedure code, the applicant's identifier, the name of the paper, the name of the system and
the time of issue, and for the receipt slip the appointment (due) date; it prescribes no field
names, order or encoding (receipt.py's docstring records the sources). The applicant's
identifier is left out on purpose: a slip is shown to others and lost in the street, and a QR
code anyone can read must not hand out a citizen's ID number (the portals look a dossier up by
its code). Unless the office has a portal look-up address (then the QR code is that address with
the dossier code: `codes.lookup_url`), the QR code is one line of ASCII `key=value` pairs joined
by `;`, always in this order:

    MHS=<dossier code>;TTHC=<procedure code>;GT=<paper>;HT=<system name>;PH=<time of issue>;
    HEN=<due time>

e.g. `MHS=000.00.01.H56-261122-1001;TTHC=1.001193;GT=M01;HT=OneStop Desktop;PH=202611220930;
HEN=202611250930` (102 characters: a version 6 symbol, 41 modules a side).

* MHS (mã hồ sơ) as the Thanh Hóa portal names its look-up parameter; TTHC the national
  procedure code.
* GT (giấy tờ): "M" and the form's number in the office's profile (`FORM_NUMBERS`): M01 the
  receipt slip, M02 supplement request, M03 refusal, M04 apology, M06 (TT 01/2018: M05) the
  control sheet.
* HT (hệ thống): SYSTEM_NAME.
* PH (phát hành) and HEN (hẹn trả: the due time the paper announces; on the apology, the new
  one): yyyyMMddHHmm in Vietnam time (UTC+7); HEN is empty when there is no due date.
* Every key is always present; a value that is not known is empty. Values are percent-encoded
  (UTF-8, RFC 3986) except letters, digits, space and ".-_:/", so a value never holds ";" or
  "=" and the whole text stays ASCII (byte mode without an ECI header: any reader decodes it).
  A reader splits at ";", then each pair at the first "=", then percent-decodes the value.

The keys are this program's choice, not a published format; they are short because every
character costs: the earlier "Key: value" lines in the national portal's vocabulary made a
version 12 symbol, which had to shrink its modules to fit the slip's corner.
"""

from __future__ import annotations

import io
import json
import math
import os
import string
import tempfile
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO
from urllib.parse import quote
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from onestop_desktop.documents.codes import (
    CodeSymbol,
    barcode_symbol,
    check_lookup_template,
    lookup_url,
    qr_symbol,
)
from onestop_desktop.documents.fonts import BOLD, ITALIC, REGULAR, register_fonts
from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.errors import DataFileError
from onestop_desktop.resources import resources_dir

# reportlab wraps every compressed stream (the embedded fonts, the pages) in ASCII85 by default,
# a 7-bit-clean PDF for mail gateways of old: a quarter larger and, in pure Python, several
# milliseconds per form. Binary streams are ordinary PDF; these files go to printers and viewers.
rl_config.useA85 = 0

FORM_PROFILES = ("tt03_2025", "tt01_2018")
#: the printed forms; "control" is the Phiếu kiểm soát quá trình giải quyết hồ sơ
FORMS = ("receipt", "supplement", "refusal", "apology", "control")


def suffixes_for(office: str) -> Mapping[str, str]:
    """The suffix after "Số: …/" of each form for an office whose own part is `office`
    ("TTPVHCC" for a Trung tâm Phục vụ hành chính công, "BPTNTKQ" for a Bộ phận Tiếp nhận và Trả
    kết quả), as the 2025 templates write them (DOMAIN.md §1.2: /TTPVHCC (BPTNTKQ), /PBS-,
    /PTC-, /PXL, PKS-), the template's alternatives resolved to the office's own."""
    return MappingProxyType(
        {
            "receipt": office,
            "supplement": f"PBS-{office}",
            "refusal": f"PTC-{office}",
            "apology": "PXL",
            "control": f"PKS-{office}",
        }
    )


DEFAULT_NUMBER_SUFFIXES: Mapping[str, str] = suffixes_for("TTPVHCC")
#: name of the information system that issues the forms (a QR code names it: TT 01/2023 Art. 26)
SYSTEM_NAME = "OneStop Desktop"
#: each form's number ("Mẫu số …") in each profile's appendix: TT 03/2025 adds the stop-processing
#: notice as Mẫu 05, so the control sheet moves from 05 to 06 (DOMAIN.md §1.1)
FORM_NUMBERS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "tt03_2025": MappingProxyType(
            {"receipt": "01", "supplement": "02", "refusal": "03", "apology": "04", "control": "06"}
        ),
        "tt01_2018": MappingProxyType(
            {"receipt": "01", "supplement": "02", "refusal": "03", "apology": "04", "control": "05"}
        ),
    }
)


# -- the office -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeProfile:
    """Who issues the forms and how they print; comes from the desk's settings."""

    parent_agency: str  # header line 1, e.g. "UBND XÃ TÂN HƯNG"
    office_name: str  # header line 2, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    place_name: str  # địa danh for "<place>, ngày … tháng … năm …"
    form_profile: str = "tt03_2025"  # or "tt01_2018"
    paper: str = "A5"  # or "A4"
    copies: int = 1  # 2: two liên (Lưu / Giao khách hàng), each on its own page
    number_suffixes: Mapping[str, str] = field(
        default_factory=lambda: dict(DEFAULT_NUMBER_SUFFIXES)
    )
    head_of_agency: str = ""  # signer of the apology
    head_title: str = "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"
    #: a deputy signing on behalf of the head: "KT. <head_title>" over "<deputy_title>"
    deputy_name: str = ""
    deputy_title: str = ""
    #: the office as running text names it ("Trung tâm Phục vụ hành chính công: UBND xã …")
    office_kind: str = "Trung tâm Phục vụ hành chính công"
    lookup_url: str = ""  # portal look-up address for the QR code; may be empty
    hotline: str = ""
    #: the agency as named in running text ("UBND xã Tân Hưng"); empty: parent_agency
    agency_name: str = ""

    def __post_init__(self) -> None:
        if not self.parent_agency.strip() or not self.office_name.strip():
            raise ValueError("parent_agency and office_name are required (the form's header)")
        if self.form_profile not in FORM_PROFILES:
            raise ValueError(
                f"form_profile {self.form_profile!r}: expected one of {', '.join(FORM_PROFILES)}"
            )
        if self.paper not in PAGE_LAYOUTS:
            raise ValueError(f"paper {self.paper!r}: expected one of {', '.join(PAGE_LAYOUTS)}")
        if not 1 <= self.copies <= 3:
            raise ValueError(f"copies {self.copies}: expected 1, 2 or 3")
        check_lookup_template(self.lookup_url)

    @property
    def agency(self) -> str:
        """The agency as running text names it: capitals belong in the header only, so a name
        typed in capitals ("UBND XÃ TÂN HƯNG") prints as "UBND xã Tân Hưng"."""
        return running_name(self.agency_name.strip() or self.parent_agency)

    @property
    def office_in_text(self) -> str:
        """The office as running text names it: the same office as header line 2 names
        (`office_kind` when it is that office, else header line 2 out of capitals)."""
        kind = self.office_kind.strip()
        if kind and kind.upper() == self.office_name.strip().upper():
            return kind
        return running_name(self.office_name)

    @property
    def place(self) -> str:
        """The địa danh of the date line: as set, else the agency's own name ("Tân Hưng")."""
        return self.place_name.strip() or place_of(self.agency)

    def number_suffix(self, form: str) -> str:
        """The suffix after "Số: …/" for one form (configured, else the 2025 default)."""
        return self.number_suffixes.get(form) or DEFAULT_NUMBER_SUFFIXES[form]


#: words of an administrative unit: lower case in running text, and what follows is a name
_UNIT_WORDS = (
    "thành phố", "thị trấn", "thị xã", "đặc khu", "xã", "phường", "tỉnh", "huyện", "quận",
)  # fmt: skip
#: abbreviations that stay in capitals
_ACRONYMS = frozenset({"UBND", "HĐND", "TTPVHCC", "BPTNTKQ", "BPMC", "TN&TKQ"})


def running_name(name: str) -> str:
    """A name as running text writes it. One typed in capitals (a header line) loses them:
    abbreviations stay ("UBND"), a unit word goes lower case and the place's name after it is
    capitalised ("UBND XÃ TÂN HƯNG" → "UBND xã Tân Hưng"), other words keep only the first
    capital ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" → "Trung tâm phục vụ hành chính công").
    A name in mixed case is returned as typed."""
    name = " ".join(name.split())
    if not name or name != name.upper() or name == name.lower():
        return name
    words = name.split(" ")
    out: list[str] = []
    proper = False
    i = 0
    while i < len(words):
        word = words[i]
        unit = next(
            (u for u in _UNIT_WORDS if " ".join(words[i : i + len(u.split())]).lower() == u),
            None,
        )
        if word in _ACRONYMS:
            out.append(word)
        elif unit is not None:
            out.append(unit)
            i += len(unit.split())
            proper = True
            continue
        elif proper:
            out.append(word.capitalize())
        else:
            out.append(word.capitalize() if not out else word.lower())
        i += 1
    return " ".join(out)


def place_of(agency: str) -> str:
    """The place an agency is named after ("UBND xã Tân Hưng" → "Tân Hưng"), or ""."""
    words = running_name(agency).split(" ")
    for i in range(len(words)):
        for unit in _UNIT_WORDS:
            size = len(unit.split())
            if " ".join(words[i : i + size]).lower() == unit and words[i + size :]:
                return " ".join(words[i + size :])
    return ""


# -- form texts -----------------------------------------------------------------------------------


class FormTextError(DataFileError):
    """The form texts file is missing, unreadable or wrong; the message names file and key."""

    what_vi = "tệp nội dung biểu mẫu"


@dataclass(frozen=True)
class TextRule:
    """What one key of the form texts must hold."""

    required: frozenset[str] = frozenset()  # placeholders that must appear
    allowed: frozenset[str] = frozenset()  # further placeholders that may appear
    is_list: bool = False
    length: int | None = None  # exact length of a list
    may_be_empty: bool = False


def text(*required: str, optional: Sequence[str] = (), may_be_empty: bool = False) -> TextRule:
    """A rule for one text; `required` placeholders must appear, `optional` ones may."""
    return TextRule(frozenset(required), frozenset(optional), may_be_empty=may_be_empty)


def text_list(*, length: int | None = None, may_be_empty: bool = False) -> TextRule:
    """A rule for a list of plain texts (table headings, notes)."""
    return TextRule(is_list=True, length=length, may_be_empty=may_be_empty)


#: the texts every form shares (in each profile's "common" section)
COMMON_RULES: Mapping[str, TextRule] = MappingProxyType(
    {
        "motto": text(),
        "slogan": text(),
        "number_line": text("number", "suffix"),
        "date_line": text("day", "month", "year", optional=["place"]),
        "date_time": text("hour", "minute", "day", "month", "year"),
        "sign_hint": text(),
        "blank": text(),
        "form_number": text("number"),
    }
)


@dataclass(frozen=True)
class FormTexts:
    """The validated texts of one section (e.g. profiles.tt03_2025.receipt) of the texts file."""

    source: Path
    section: str
    values: Mapping[str, str | tuple[str, ...]]

    def text(self, key: str) -> str:
        value = self.values[key]
        assert isinstance(value, str), key
        return value

    def items(self, key: str) -> tuple[str, ...]:
        value = self.values[key]
        assert isinstance(value, tuple), key
        return value

    def fill(self, key: str, **values: str) -> str:
        """The text with its placeholders filled in, as plain text."""
        return self.text(key).format_map(values)

    def markup(self, key: str, *, plain: Collection[str] = (), **values: str) -> str:
        """The text as Paragraph markup: the form's words plain, the filled-in values bold
        (except those named in `plain`, e.g. the agency repeated through a letter)."""
        parts = []
        for literal, name, _, _ in string.Formatter().parse(self.text(key)):
            parts.append(escape(literal))
            if name is not None:
                value = escape(values[name])
                parts.append(value if name in plain else f"<b>{value}</b>")
        return "".join(parts)


def default_texts_path() -> Path:
    return resources_dir() / "forms" / "forms.json"


_cache_lock = threading.Lock()
_cache: dict[tuple[str, int, int], Any] = {}


def _read_texts_file(path: Path) -> Any:
    """The parsed file, cached until the file changes (an administrator may edit it)."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with _cache_lock:
            if key in _cache:
                return _cache[key]
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormTextError(f"{path}: the form texts file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormTextError(f"{path}: cannot read the form texts file: {exc}") from None
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FormTextError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(parsed, dict) or parsed.get("format") != 1:
        raise FormTextError(f'{path}: format: expected "format": 1 at the top of the file')
    if not isinstance(parsed.get("profiles"), dict):
        raise FormTextError(f"{path}: profiles: expected an object with one entry per profile")
    with _cache_lock:
        _cache.clear()  # only the current version of each file is worth keeping
        _cache[key] = parsed
    return parsed


def _check_template(where: str, value: str, rule: TextRule) -> None:
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError as exc:
        raise FormTextError(f"{where}: {exc} (write a literal brace as {{{{ or }}}})") from None
    present = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in rule.required | rule.allowed or spec or conversion:
            known = ", ".join("{" + p + "}" for p in sorted(rule.required | rule.allowed))
            raise FormTextError(
                f"{where}: unknown placeholder {{{name}}}; this text may use: {known or 'none'}"
            )
        present.add(name)
    missing = sorted(rule.required - present)
    if missing:
        raise FormTextError(f"{where}: the placeholder {{{missing[0]}}} is missing")


def load_texts(
    profile: str, section: str, rules: Mapping[str, TextRule], *, path: Path | None = None
) -> FormTexts:
    """Load and check one section ("common", "receipt", …) of a profile from the texts file.

    Every key the rules name must be there with the right kind of value and placeholders; keys
    the rules do not know are refused (they are usually typos), except those starting with "_",
    which are comments.
    """
    source = path or default_texts_path()
    data = _read_texts_file(source)
    profiles = data["profiles"]
    if profile not in profiles:
        raise FormTextError(
            f"{source}: profiles.{profile}: missing "
            f"(the file has: {', '.join(sorted(profiles)) or 'no profiles'})"
        )
    where = f"{source}: profiles.{profile}.{section}"
    body = profiles[profile].get(section) if isinstance(profiles[profile], dict) else None
    if not isinstance(body, dict):
        raise FormTextError(f"{where}: missing, or not an object")
    values: dict[str, str | tuple[str, ...]] = {}
    for key, rule in rules.items():
        if key not in body:
            raise FormTextError(f"{where}.{key}: missing")
        value = body[key]
        if rule.is_list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise FormTextError(f"{where}.{key}: expected a list of texts")
            if rule.length is not None and len(value) != rule.length:
                raise FormTextError(
                    f"{where}.{key}: expected {rule.length} texts, not {len(value)}"
                )
            if not value and not rule.may_be_empty:
                raise FormTextError(f"{where}.{key}: expected at least one text")
            if any(not v.strip() for v in value):
                raise FormTextError(f"{where}.{key}: a text in the list is empty")
            values[key] = tuple(value)
        else:
            if not isinstance(value, str):
                raise FormTextError(f"{where}.{key}: expected a text (in double quotes)")
            if not value.strip():
                if not rule.may_be_empty:
                    raise FormTextError(f"{where}.{key}: must not be empty")
                values[key] = ""  # an optional line, left out
                continue
            _check_template(f"{where}.{key}", value, rule)
            values[key] = value
    unknown = sorted(k for k in body if k not in rules and not k.startswith("_"))
    if unknown:
        raise FormTextError(f"{where}.{unknown[0]}: unknown key (a typo?)")
    return FormTexts(source, f"profiles.{profile}.{section}", MappingProxyType(values))


def load_common_texts(profile: str, *, path: Path | None = None) -> FormTexts:
    return load_texts(profile, "common", COMMON_RULES, path=path)


# -- dates ----------------------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    return moment.astimezone(VN_TZ) if moment.tzinfo is not None else moment


def vn_datetime(moment: datetime, common: FormTexts) -> str:
    """A time written out: "09 giờ 30 phút, ngày 22 tháng 11 năm 2026" (Vietnam time)."""
    return common.fill("date_time", **time_parts(moment))


def vn_date_line(place: str, day: date, common: FormTexts) -> str:
    """The date line "<place>, ngày 05 tháng 3 năm 2026".

    Zero-padding as Decree 30/2020/NĐ-CP (Phụ lục I) writes dates on administrative documents:
    days below 10 and the months 1 and 2 take a leading zero, other months do not.
    """
    return common.fill("date_line", place=place, **date_parts(day)).strip(" ,")


def date_parts(day: date) -> dict[str, str]:
    """Day, month and year of a date as Decree 30/2020/NĐ-CP writes them (see `vn_date_line`);
    a datetime is taken in Vietnam time."""
    if isinstance(day, datetime):
        day = _local(day).date()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return {"day": f"{day.day:02d}", "month": month, "year": str(day.year)}


def time_parts(moment: datetime) -> dict[str, str]:
    """Hour, minute, day, month, year of a time in Vietnam time, zero-padded (for `date_time`)."""
    t = _local(moment)
    return {
        "hour": f"{t.hour:02d}",
        "minute": f"{t.minute:02d}",
        "day": f"{t.day:02d}",
        "month": f"{t.month:02d}",
        "year": str(t.year),
    }


# -- the QR code's text --------------------------------------------------------------------------

_QR_SAFE = " .-_:/"


def _qr_value(value: str) -> str:
    return quote(" ".join(value.split()), safe=_QR_SAFE)


def _qr_time(moment: datetime | None) -> str:
    return _local(moment).strftime("%Y%m%d%H%M") if moment is not None else ""


def dossier_qr_payload(
    office: OfficeProfile,
    form: str,
    *,
    code: str,
    procedure_code: str,
    issued_at: datetime,
    due_at: datetime | None,
) -> str:
    """The text of a form's QR code: the portal look-up address, or the data of TT 01/2023
    without personal data.

    The format is in the module docstring.
    """
    if office.lookup_url:
        return lookup_url(office.lookup_url, code=code, procedure_code=procedure_code)
    pairs = (
        ("MHS", _qr_value(code)),
        ("TTHC", _qr_value(procedure_code)),
        ("GT", "M" + FORM_NUMBERS[office.form_profile][form]),
        ("HT", _qr_value(SYSTEM_NAME)),
        ("PH", _qr_time(issued_at)),
        ("HEN", _qr_time(due_at)),
    )
    return ";".join(f"{key}={value}" for key, value in pairs)


# -- page and styles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageLayout:
    """Paper size, margins (fit for a cheap office laser printer) and the range of font sizes."""

    paper: str
    width: float
    height: float
    margin_x: float
    margin_top: float
    margin_bottom: float
    font_sizes: tuple[float, ...]  # largest first; the first that fits is used
    barcode_module_mm: float
    barcode_height_mm: float
    barcode_font_size: float
    qr_module_mm: float
    qr_max_mm: float

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin_x

    @property
    def frame_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom


PAGE_LAYOUTS: Mapping[str, PageLayout] = MappingProxyType(
    {
        "A5": PageLayout(
            paper="A5",
            width=A5[0],
            height=A5[1],
            margin_x=10 * mm,
            # 6 mm (cheap laser printers leave 4–5 mm): the slip of a procedure with one or two
            # papers (most of the catalogue) then fits at the first font size, laid out once,
            # under QR modules large enough for a 120 dpi scan
            margin_top=6 * mm,
            margin_bottom=6 * mm,
            font_sizes=(9.0, 8.6, 8.2, 7.8, 7.4, 7.0, 6.6, 6.2),
            barcode_module_mm=0.30,
            barcode_height_mm=9.0,
            barcode_font_size=7.5,
            # 0.5 mm modules read from a 100 dpi scan (tests: every form at 150 and 120 dpi)
            qr_module_mm=0.50,
            qr_max_mm=25.0,
        ),
        "A4": PageLayout(
            paper="A4",
            width=A4[0],
            height=A4[1],
            margin_x=18 * mm,
            margin_top=15 * mm,
            margin_bottom=15 * mm,
            font_sizes=(11.5, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0),
            barcode_module_mm=0.33,
            barcode_height_mm=11.0,
            barcode_font_size=9.0,
            qr_module_mm=0.55,
            qr_max_mm=32.0,
        ),
    }
)


@dataclass(frozen=True)
class FormStyles:
    """Paragraph styles of one form at one font size."""

    size: float
    body: ParagraphStyle
    prose: ParagraphStyle  # running text of a letter: first line indented
    item: ParagraphStyle  # a numbered item, wrapped lines under the text, not the number
    note: ParagraphStyle  # smaller
    note_italic: ParagraphStyle
    center: ParagraphStyle
    center_bold: ParagraphStyle
    center_italic: ParagraphStyle
    title: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    header: ParagraphStyle  # the two-column header, a little smaller than the body
    header_bold: ParagraphStyle
    header_italic: ParagraphStyle


#: the header's text size relative to the body's
HEADER_SCALE = 0.92


@lru_cache(maxsize=4096)
def text_width(text: str, font: str, size: float) -> float:
    """The width of `text` in points (cached: headings and mottos are measured at every size)."""
    register_fonts()
    return float(stringWidth(text, font, size))


@lru_cache(maxsize=64)
def form_styles(size: float) -> FormStyles:
    """The styles of a form whose body text is `size` points (cached: styles are not changed)."""
    register_fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": REGULAR,
            "fontSize": size,
            "leading": size * 1.25,
            "spaceAfter": size * 0.25,
        }
        base.update(kw)
        return ParagraphStyle(f"{name}-{size}", **base)

    small = size * 0.88
    header_size = size * HEADER_SCALE
    header: dict[str, Any] = {
        "fontSize": header_size,
        "leading": header_size * 1.25,
        "spaceAfter": 0,
        "alignment": TA_CENTER,
    }
    return FormStyles(
        size=size,
        body=style("body", alignment=TA_LEFT),
        # left-aligned, not justified: a narrow A5 line justified opens wide gaps between words
        prose=style("prose", alignment=TA_LEFT, firstLineIndent=size * 2),
        item=style("item", alignment=TA_LEFT, leftIndent=size * 2.6, firstLineIndent=-size * 1.4),
        note=style("note", fontSize=small, leading=small * 1.22, alignment=TA_LEFT),
        note_italic=style(
            "note-italic",
            fontName=ITALIC,
            fontSize=small,
            leading=small * 1.22,
            alignment=TA_LEFT,
        ),
        center=style("center", alignment=TA_CENTER, spaceAfter=0),
        center_bold=style("center-bold", fontName=BOLD, alignment=TA_CENTER, spaceAfter=0),
        center_italic=style("center-italic", fontName=ITALIC, alignment=TA_CENTER, spaceAfter=0),
        title=style(
            "title",
            fontName=BOLD,
            fontSize=size * 1.3,
            leading=size * 1.6,
            alignment=TA_CENTER,
            spaceBefore=size * 0.3,
            spaceAfter=0,
        ),
        cell=style("cell", fontSize=small, leading=small * 1.2, spaceAfter=0),
        cell_center=style(
            "cell-center", fontSize=small, leading=small * 1.2, spaceAfter=0, alignment=TA_CENTER
        ),
        cell_head=style(
            "cell-head",
            fontName=BOLD,
            fontSize=small,
            leading=small * 1.2,
            spaceAfter=0,
            alignment=TA_CENTER,
        ),
        header=style("header", **header),
        header_bold=style("header-bold", **header, fontName=BOLD),
        header_italic=style("header-italic", **header, fontName=ITALIC),
    )


#: parsed paragraph markup: (markup, font) -> (the font size it was parsed at, its fragments)
_parsed: dict[tuple[str, str], tuple[float, tuple[Any, ...]]] = {}


class Para(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A Paragraph that parses its markup once and keeps its line breaks at the same width.

    Platypus wraps a paragraph several times before drawing it: `fit_page` measures the page,
    the frame places it, a table cell wraps it again when drawing. Breaking lines is the costly
    part of a slip's layout and depends only on the width, so the result is reused. Parsing the
    markup (an HTML parser in pure Python) is the next cost; the same markup comes back at
    another font size when a page is laid out again, and a form's fixed words come back on
    every form, so the parsed fragments are kept per markup and font and copied with the size
    changed (the forms' markup sets no sizes of its own: <b> and <i> only).
    """

    _wrapped_width: float | None = None

    def __init__(self, markup: str, style: ParagraphStyle) -> None:
        key = (markup, style.fontName)
        known = _parsed.get(key)
        if known is not None:
            parsed_size, fragments = known
            scale = style.fontSize / parsed_size
            frags = [f.clone(fontSize=f.fontSize * scale) for f in fragments]
            super().__init__(markup, style, frags=frags)
            return
        super().__init__(markup, style)
        if len(_parsed) > 4096:  # many forms' worth of names and addresses: start again
            _parsed.clear()
        _parsed[key] = (style.fontSize, tuple(f.clone() for f in self.frags))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width == self._wrapped_width:
            return self.width, self.height
        width, height = super().wrap(available_width, available_height)
        self._wrapped_width = available_width if height != 0x7FFFFFFF else None
        return width, height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._wrapped_width = None  # splitting changes the lines
        return list(super().split(available_width, available_height))


def paragraph(text: str, style: ParagraphStyle) -> Para:
    """A wrapping paragraph of plain text (escaped: a name with '&' or '<' prints as typed)."""
    return Para(escape(text), style)


def balanced(text: str, style: ParagraphStyle, width: float) -> Para:
    """A centred heading that does not fit on one line broken into two of even length.

    Plain wrapping leaves a lone word on the second line ("… THỜI GIAN GIẢI / QUYẾT"); titles
    and agency names read better split in the middle. Three lines or more wrap as usual.
    """
    return Para(_balanced_markup(text, style.fontName, style.fontSize, width), style)


#: words of more than one syllable in the forms' titles and headers: a line breaks between
#: words, never inside one ("… ĐỀ NGHỊ GIA / HẠN …" reads as two words)
_UNITS = (
    "GIA HẠN", "THỜI GIAN", "GIẢI QUYẾT", "HỒ SƠ", "KẾT QUẢ", "TIẾP NHẬN", "XIN LỖI", "ĐỀ NGHỊ",
    "BỔ SUNG", "HOÀN THIỆN", "TỪ CHỐI", "KIỂM SOÁT", "QUÁ TRÌNH", "HẸN LẠI", "YÊU CẦU",
    "TRUNG TÂM", "PHỤC VỤ", "HÀNH CHÍNH", "BỘ PHẬN", "THEO DÕI", "THỦ TRƯỞNG", "CƠ QUAN",
    "ĐƠN VỊ", "CHỦ TỊCH", "THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "ĐẶC KHU",
)  # fmt: skip
NBSP = "\u00a0"


def bind_units(text: str) -> str:
    """`text` with the syllables of each word of `_UNITS` joined by non-breaking spaces."""
    padded = f" {' '.join(text.split())} "
    for unit in _UNITS:
        padded = padded.replace(f" {unit} ", f" {unit.replace(' ', NBSP)} ")
        padded = padded.replace(f" {unit} ", f" {unit.replace(' ', NBSP)} ")  # overlapping
    return padded.strip()


@lru_cache(maxsize=1024)
def _balanced_markup(text: str, font: str, size: float, width: float) -> str:
    text = bind_units(text)
    words = text.split(" ")
    if len(words) < 2 or text_width(" ".join(words), font, size) <= width:
        return escape(text)

    def longer(i: int) -> float:
        return max(
            text_width(" ".join(words[:i]), font, size), text_width(" ".join(words[i:]), font, size)
        )

    split = min(range(1, len(words)), key=longer)
    if longer(split) > width:
        return escape(text.replace(NBSP, " "))  # three lines or more: wrap as usual
    return f"{escape(' '.join(words[:split]))}<br/>{escape(' '.join(words[split:]))}"


# -- the header, the codes, the signatures --------------------------------------------------------


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style with the form font: without one, a table selects Helvetica (unembedded,
    no Vietnamese) for every cell."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


def form_header(
    office: OfficeProfile,
    common: FormTexts,
    styles: FormStyles,
    width: float,
    *,
    form: str,
    number: str,
    issued: date,
) -> Table:
    """The two-column header of DOMAIN.md §1.2, with "Số: <number>/<suffix>" and the date line,
    under the form's number in the office's profile ("Mẫu số 01") at the top right, where the
    circulars print it.

    The header is the same on every form of a paper size: it is set at the paper's first font
    size whatever size the body shrinks to (`styles` gives the body's), so it wraps alike."""
    styles = form_styles(PAGE_LAYOUTS[office.paper].font_sizes[0])
    size = styles.header.fontSize
    motto, slogan = common.text("motto"), common.text("slogan")
    # The right column is as wide as the motto needs; the agency column takes the rest.
    right = min(text_width(motto, BOLD, size) + 2 * mm, width * 0.6)
    left = width - right

    def rule(length: float) -> HRFlowable:
        return HRFlowable(
            width=length, thickness=0.6, color=colors.black, spaceBefore=1.5, spaceAfter=0,
            hAlign="CENTER",
        )  # fmt: skip

    inner = left - 2 * mm  # the column's right padding
    left_cell = [
        balanced(office.parent_agency, styles.header, inner),
        balanced(office.office_name, styles.header_bold, inner),
        rule(min(left * 0.35, 25 * mm)),
    ]
    right_cell = [
        paragraph(motto, styles.header_bold),
        paragraph(slogan, styles.header_bold),
        rule(min(text_width(slogan, BOLD, size), right)),
    ]
    number_text = common.fill(
        "number_line", number=number or common.text("blank"), suffix=office.number_suffix(form)
    )
    date_text = vn_date_line(office.place, issued, common)
    form_number = common.fill("form_number", number=FORM_NUMBERS[office.form_profile][form])
    table = Table(
        [
            ["", paragraph(form_number, _form_number_style(size))],
            [left_cell, right_cell],
            [paragraph(number_text, styles.header), paragraph(date_text, styles.header_italic)],
        ],
        colWidths=[left, right],
    )
    table.setStyle(_headertable_style(size))
    return table


@lru_cache(maxsize=64)
def _form_number_style(size: float) -> ParagraphStyle:
    return ParagraphStyle(
        f"form-number-{size}", fontName=BOLD, fontSize=size, leading=size * 1.25,
        alignment=TA_RIGHT, spaceAfter=size * 0.3,
    )  # fmt: skip


@lru_cache(maxsize=64)
def _headertable_style(size: float) -> TableStyle:
    return table_style(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # centres the rules too
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 2 * mm),  # keep the columns apart
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 2), (-1, 2), size * 0.5),
        ]
    )


_CODES_GAP = 3 * mm


def dossier_codes(layout: PageLayout, code: str, qr_payload: str) -> tuple[CodeSymbol, CodeSymbol]:
    """The QR code and the Code128 barcode of a dossier, sized for the paper (see `codes_row`).

    The barcode gets the width the QR code leaves; a long code narrows its bars to fit.
    """
    qr = qr_symbol(qr_payload, module_mm=layout.qr_module_mm, max_size_mm=layout.qr_max_mm)
    barcode = barcode_symbol(
        code,
        module_mm=layout.barcode_module_mm,
        max_width_mm=(layout.frame_width - qr.width - _CODES_GAP) / mm,
        bar_height_mm=layout.barcode_height_mm,
        font_size=layout.barcode_font_size,
    )
    return qr, barcode


def codes_row(qr: CodeSymbol | None, barcode: CodeSymbol | None, width: float) -> Flowable:
    """The QR code at the left and the barcode beside it (stacked if the two do not fit)."""
    cells = [d for d in (qr, barcode) if d is not None]
    if not cells:
        return Spacer(width, 0)
    if sum(d.width for d in cells) + _CODES_GAP * (len(cells) - 1) <= width:
        data: list[list[CodeSymbol]] = [cells]
        widths = [d.width + _CODES_GAP for d in cells[:-1]] + [cells[-1].width]
    else:
        data = [[d] for d in cells]
        widths = [max(d.width for d in cells)]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, -1), "LEFT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def codes_block(
    qr: CodeSymbol | None, barcode: CodeSymbol | None, width: float
) -> tuple[list[Flowable], float]:
    """What goes under the header: a gap and the codes row; and its height, which does not
    change with the font size (`fit_page`'s `fixed_height`). The same flowables serve every
    layout and every copy of a form."""
    gap = Spacer(width, 2 * mm)
    row = codes_row(qr, barcode, width)
    return [gap, row], gap.height + row.wrap(width, 0)[1]


@dataclass(frozen=True)
class Signer:
    """One signature block: title (NGƯỜI NỘP HỒ SƠ), hint (Ký và ghi rõ họ tên), printed name."""

    title: str
    hint: str
    name: str = ""
    #: a second title line: the deputy's own title under "KT. CHỦ TỊCH"
    title2: str = ""


def head_signer(office: OfficeProfile, hint: str) -> Signer:
    """The head of the agency's signature block from the settings (Nghị định 30/2020/NĐ-CP,
    Phụ lục I: a deputy signs "KT." (ký thay) the head, under the deputy's own title):
    "CHỦ TỊCH" / name, or "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / the deputy's name."""
    title = office.head_title.strip() or "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"
    if office.deputy_name.strip():
        return Signer(f"KT. {title}", hint, office.deputy_name, office.deputy_title.strip())
    return Signer(title, hint, office.head_of_agency)


def signature_cell(signer: Signer, styles: FormStyles, width: float) -> list[Flowable]:
    """One signature block: title, hint, room to sign, the printed name (all centred)."""
    return [
        paragraph(signer.title, styles.center_bold),
        *([paragraph(signer.title2, styles.center_bold)] if signer.title2 else []),
        paragraph(signer.hint, styles.center_italic),
        Spacer(width, max(styles.size * 4.2, 11 * mm)),
        paragraph(signer.name, styles.center_bold),
    ]


def signature_blocks(signers: Sequence[Signer | None], styles: FormStyles, width: float) -> Table:
    """Signature blocks side by side, each with room to sign above the printed name.

    None leaves its column empty: [None, clerk] puts a single signer on the right half.
    """
    column = width / len(signers)
    cells = [[] if s is None else signature_cell(s, styles, column) for s in signers]
    table = Table([cells], colWidths=[column] * len(signers))
    table.setStyle(_signaturetable_style(styles.size))
    return table


@lru_cache(maxsize=64)
def _signaturetable_style(size: float) -> TableStyle:
    return table_style(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), size * 0.4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.4),
        ]
    )


def cell_padding(styles: FormStyles) -> float:
    """The left and right padding of a `grid_table` cell."""
    return styles.size * 0.375


def grid_table(
    rows: Sequence[Sequence[Flowable | str | list[Flowable]]],
    widths: Sequence[float],
    styles: FormStyles,
    *,
    valign: str = "MIDDLE",
) -> Table:
    """A ruled table whose first row is the heading (cells are Paragraphs, so they wrap)."""
    table = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=1)
    pad = styles.size * 0.25
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), cell_padding(styles)),
                ("RIGHTPADDING", (0, 0), (-1, -1), cell_padding(styles)),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.4),
            ]
        )
    )
    return table


# -- fitting and writing --------------------------------------------------------------------------


def _height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    total = 0.0
    for f in flowables:
        total += f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def fit_page(
    build: Callable[[float], tuple[list[Flowable], list[Flowable]]],
    layout: PageLayout,
    sizes: Sequence[float] | None = None,
    *,
    fixed_height: float = 0.0,
) -> tuple[list[Flowable], float]:
    """One page's flowables at (nearly) the largest font size at which they fit, and that size.

    `build(size)` returns the fixed part (header, codes) and the body; `sizes` (largest first)
    defaults to the layout's; `fixed_height` is how much of the page does not change with the
    font size (the codes: `codes_block`).

    Laying a page out is the costly part, so it is done as few times as possible. The largest
    size is tried first, and an ordinary form fits at it. A page that overflows is laid out
    next at the largest size where its height, taken in proportion to the font size, would fit:
    a smaller font also wraps into fewer lines, so this guess nearly always fits, slightly too
    small. Between the largest size known to overflow and the smallest known to fit, a size is
    then tried only if a curve through those two measurements (height growing as a power of the
    size) says it fits with a line to spare. So an overflowing page is laid out twice, seldom
    three times, and may print a step smaller than would just fit.

    Should no size fit, the body at the smallest size goes into a KeepInFrame that shrinks it
    further, so a page never runs onto a second one; the fixed part is never scaled, so the
    barcode keeps the module width it was drawn with. Paragraphs keep their line breaks
    (`Para`), so the measuring here is not repeated when the PDF is built.
    """
    width, height = layout.frame_width, layout.frame_height
    candidates = tuple(sizes or layout.font_sizes)
    limit = height - 1  # a point of slack for rounding
    tried: dict[int, tuple[list[Flowable], list[Flowable], float]] = {}  # top, body, height

    def attempt(index: int) -> bool:
        if index not in tried:
            top, body = build(candidates[index])
            tried[index] = (top, body, _height(top, width, height) + _height(body, width, height))
        return tried[index][2] <= limit

    def scaled(index: int) -> float:  # the part of the measured height that scales
        return max(tried[index][2] - fixed_height, 1.0)

    def largest_predicted_to_fit(
        indices: range, exponent: float, known: int, lines_spare: float = 0.0
    ) -> int | None:
        for i in indices:
            ratio = candidates[i] / candidates[known]
            spare = lines_spare * candidates[i] * 1.25  # body lines' leading at that size
            if fixed_height + scaled(known) * ratio**exponent <= limit - spare:
                return i
        return None

    overflowing = 0
    fitting: int | None = 0 if attempt(0) else None
    if fitting is None and len(candidates) > 1:
        guess = largest_predicted_to_fit(range(1, len(candidates)), 1.0, 0)
        index = len(candidates) - 1 if guess is None else guess
        while fitting is None:
            if attempt(index):
                fitting = index
            else:
                overflowing = index
                if index == len(candidates) - 1:
                    break
                index += 1
        while fitting is not None and fitting - overflowing > 1:
            ratio = candidates[overflowing] / candidates[fitting]
            exponent = math.log(scaled(overflowing) / scaled(fitting)) / math.log(ratio)
            between = range(overflowing + 1, fitting)
            # The curve misses by a line or two either way (text wraps a whole line at a
            # time), so a size is tried only if it should fit with a line to spare.
            index_or_none = largest_predicted_to_fit(between, exponent, fitting, lines_spare=1)
            if index_or_none is None:
                break
            if attempt(index_or_none):
                fitting = index_or_none
            else:
                overflowing = index_or_none
    if fitting is not None:
        top, body, _ = tried[fitting]
        return [*top, *body], candidates[fitting]
    last = len(candidates) - 1
    attempt(last)
    top, body, _ = tried[last]
    room = limit - _height(top, width, height)
    frame = KeepInFrame(width, room, body, mode="shrink", hAlign="LEFT", vAlign="TOP")
    return [*top, frame], candidates[last]


@dataclass(frozen=True)
class FormParts:
    """A form's page at one font size, in the parts `form_pages` assembles."""

    top: list[Flowable]  # the header and the codes: never shrunk
    head: list[Flowable]  # the title block, above the copy line
    rest: list[Flowable]  # everything under the copy line


def form_pages(
    build: Callable[[float], FormParts],
    layout: PageLayout,
    copy_lines: Sequence[str],
    *,
    fixed_height: float,
) -> list[list[Flowable]]:
    """One page per copy, all at the size at which the first copy fits (see `fit_page`).

    Copies differ only in their copy line ("(Liên 2: Giao khách hàng)", or none), so the parts
    are built once per size and shared by every copy's page: a second copy costs its drawing,
    not another layout.
    """
    built: dict[float, FormParts] = {}

    def builder(copy_line: str) -> Callable[[float], tuple[list[Flowable], list[Flowable]]]:
        def build_page(size: float) -> tuple[list[Flowable], list[Flowable]]:
            if size not in built:
                built[size] = build(size)
            parts = built[size]
            copy = [paragraph(copy_line, form_styles(size).center_italic)] if copy_line else []
            return parts.top, [*parts.head, *copy, *parts.rest]

        return build_page

    first, *others = copy_lines
    page, size = fit_page(builder(first), layout, fixed_height=fixed_height)
    return [
        page,
        *(
            fit_page(builder(line), layout, sizes=[size], fixed_height=fixed_height)[0]
            for line in others
        ),
    ]


def write_pdf(
    out: Path | BinaryIO,
    layout: PageLayout,
    pages: Sequence[Sequence[Flowable]],
    *,
    title: str,
    author: str,
    subject: str,
) -> None:
    """Write the pages as one PDF; the same input gives the same bytes (reportlab invariant mode).

    A path is written through a temporary file, so a failed render leaves no half-written file.
    """
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(layout.width, layout.height),
        leftMargin=layout.margin_x,
        rightMargin=layout.margin_x,
        topMargin=layout.margin_top,
        bottomMargin=layout.margin_bottom,
        title=title,
        author=author,
        subject=subject,
        creator=SYSTEM_NAME,
        producer=SYSTEM_NAME,
        lang="vi-VN",
        invariant=1,
        initialFontName=REGULAR,
    )
    frame = Frame(
        layout.margin_x,
        layout.margin_bottom,
        layout.frame_width,
        layout.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="page",
    )
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame])])
    story: list[Flowable] = []
    for index, page in enumerate(pages):
        if index:
            story.append(PageBreak())
        story.extend(page)
    doc.build(story)
    pdf = buffer.getvalue()
    if isinstance(out, Path):
        write_atomically(out, pdf)
    else:
        out.write(pdf)


def write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a saved slip is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
