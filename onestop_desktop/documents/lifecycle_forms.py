"""The forms that follow a dossier after the slip: supplement, refusal, apology, control sheet.

Implements, from Phụ lục I of Thông tư 03/2025/TT-VPCP (guiding Decree 118/2025/NĐ-CP; profile
"tt03_2025", the default) and from Thông tư 01/2018/TT-VPCP (guiding Decree 61/2018/NĐ-CP;
profile "tt01_2018"):

* Mẫu số 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (`render_supplement`), signed by the clerk
  who gives the guidance (NGƯỜI HƯỚNG DẪN);
* Mẫu số 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ (`render_refusal`), signed by the applicant
  and the clerk;
* Mẫu số 04, the apology with a new appointment (`render_apology`): "Phiếu xin lỗi và đề nghị gia
  hạn thời gian giải quyết" (TT 03/2025), "Phiếu xin lỗi và hẹn lại ngày trả kết quả" (TT
  01/2018), signed by the head of the agency that caused the delay, named in the desk's settings;
* the Phiếu kiểm soát quá trình giải quyết hồ sơ (`render_control_sheet`), Mẫu số 06 of TT
  03/2025 and Mẫu số 05 of TT 01/2018: the hand-over table that travels with the dossier.

DOMAIN.md §1.4–1.7 records the sources; the words are in `resources/forms/forms.json`. Every form
shares the receipt's header, codes (Code128 of the dossier code and the QR code of TT 01/2023
Art. 26, `forms.dossier_qr_payload`), signatures and fitting (`forms.form_pages`). The supplement
request, the refusal and the apology print one page per copy the desk is set to (one to hand
over, one to keep); the control sheet is a single page, as it travels inside the dossier.
`render_form` renders any of the FORM_KINDS, the appointment slip (`receipt`) included.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from onestop_desktop.documents.fonts import register_fonts
from onestop_desktop.documents.forms import (
    FORMS,
    PAGE_LAYOUTS,
    FormParts,
    FormStyles,
    FormTexts,
    OfficeProfile,
    Para,
    Signer,
    TextRule,
    balanced,
    cell_padding,
    codes_block,
    date_parts,
    dossier_codes,
    dossier_qr_payload,
    form_header,
    form_pages,
    form_styles,
    grid_table,
    head_signer,
    load_common_texts,
    load_texts,
    paragraph,
    signature_blocks,
    signature_cell,
    table_style,
    text,
    text_list,
    time_parts,
    vn_datetime,
    write_pdf,
)
from onestop_desktop.documents.receipt import ReceiptData, render_receipt
from onestop_desktop.domain.clock import VN_TZ

__all__ = [
    "APOLOGY_RULES",
    "CONTROL_RESULTS",
    "CONTROL_RULES",
    "FORM_KINDS",
    "REFUSAL_RULES",
    "SUPPLEMENT_RULES",
    "ApologyData",
    "ControlSheetData",
    "ControlStep",
    "DossierFacts",
    "FormData",
    "RefusalData",
    "SupplementData",
    "render_apology",
    "render_control_sheet",
    "render_form",
    "render_refusal",
    "render_supplement",
]

#: the printed forms, in the order of a dossier's life ("control": the control sheet)
FORM_KINDS: tuple[str, ...] = FORMS
#: what the control sheet's result column may say of a hand-over (empty: not yet known)
CONTROL_RESULTS = ("trước hạn", "đúng hạn", "quá hạn", "")
#: rows left blank under the recorded hand-overs, to be filled in and signed by hand
CONTROL_BLANK_ROWS = 2
#: the hand-over table has at least this many rows (recorded and blank)
CONTROL_MIN_ROWS = 4

_OFFICE_FIELDS = ("agency", "office_name", "parent_agency", "office_kind")

#: the keys of each profile's "supplement" section in forms.json (Mẫu 02)
SUPPLEMENT_RULES: Mapping[str, TextRule] = MappingProxyType(
    {
        "title": text(),
        "code_line": text("code", may_be_empty=True),
        "applicant": text("name"),
        "id_number": text("id_number", may_be_empty=True),
        "request": text("procedure", optional=["procedure_code"]),
        "address": text("address"),
        "phone": text("phone"),
        "email": text("email", may_be_empty=True),
        "items_heading": text(),
        "item": text("number", "item"),
        "reason": text("reason"),
        "contact": text("contact", "phone"),
        "signer": text(),
    }
)

#: the keys of each profile's "refusal" section (Mẫu 03)
REFUSAL_RULES: Mapping[str, TextRule] = MappingProxyType(
    {
        "title": text(),
        "code_line": text("code", may_be_empty=True),
        "receiving_office": text(optional=_OFFICE_FIELDS),
        "applicant": text("name"),
        "id_number": text("id_number", may_be_empty=True),
        "address": text("address"),
        "phone": text("phone"),
        "email": text("email", may_be_empty=True),
        "code": text("code", may_be_empty=True),
        "request": text("procedure", optional=["procedure_code"]),
        "reason": text("reason", optional=["office_kind"]),
        "closing": text(),
        "signer_applicant": text(),
        "signer_clerk": text(),
    }
)

#: the keys of each profile's "apology" section (Mẫu 04)
APOLOGY_RULES: Mapping[str, TextRule] = MappingProxyType(
    {
        "title": text(),
        "addressee": text("name"),
        "received": text(
            "day",
            "month",
            "year",
            "agency",
            "procedure",
            "code",
            optional=["id_number", "procedure_code"],
        ),
        "original_due": text("time"),
        "late": text(optional=["agency"]),
        "reason": text("reason"),
        "regret": text(optional=["agency"]),
        "new_due": text("time", optional=["agency"]),
        "closing": text(),
        "recipients_heading": text(),
        "recipients": text_list(),
    }
)

#: the keys of each profile's "control" section (Mẫu 06 of TT 03/2025, Mẫu 05 of TT 01/2018)
CONTROL_RULES: Mapping[str, TextRule] = MappingProxyType(
    {
        "title": text(),
        "code": text("code"),
        "applicant": text("name", may_be_empty=True),
        "request": text("procedure", optional=["procedure_code"], may_be_empty=True),
        "receiving_office": text(optional=_OFFICE_FIELDS, may_be_empty=True),
        "processing_unit": text("unit"),
        "coordinating_unit": text("unit", may_be_empty=True),
        "received_at": text("time"),
        "due_at": text("time"),
        "no_due_date": text(),
        "columns": text_list(length=4),
        "hand_over": text("unit"),
        "take_over": text("unit"),
        "handover_time": text("day", "month", "year", optional=["hour", "minute"]),
        "giver": text(),
        "receiver": text(),
        "notes_heading": text(may_be_empty=True),
        "notes": text_list(may_be_empty=True),
    }
)

_RULES: Mapping[str, Mapping[str, TextRule]] = MappingProxyType(
    {
        "supplement": SUPPLEMENT_RULES,
        "refusal": REFUSAL_RULES,
        "apology": APOLOGY_RULES,
        "control": CONTROL_RULES,
    }
)


# -- the data -------------------------------------------------------------------------------------


def _check_aware(owner: object, names: Collection[str]) -> None:
    for name in names:
        moment = getattr(owner, name)
        if moment is not None and moment.utcoffset() is None:
            raise ValueError(f"{name}: expected a time with its UTC offset")


@dataclass(frozen=True, kw_only=True)
class DossierFacts:
    """What every form of the lifecycle says about the dossier (keyword arguments only)."""

    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    id_number: str = ""  # số định danh cá nhân, or the organisation's tax code
    phone: str = ""
    email: str = ""
    address: str = ""
    received_at: datetime  # aware, like every time here
    due_at: datetime | None  # the current due time (None: the procedure has none)
    issued_at: datetime  # the date on the form
    clerk_name: str = ""
    number: str = ""  # the "Số: …" of the header; empty prints a blank to fill by hand

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("code: the dossier code is required")
        _check_aware(self, ("received_at", "due_at", "issued_at"))


@dataclass(frozen=True, kw_only=True)
class SupplementData(DossierFacts):
    """Mẫu 02: what the applicant must add or correct, why, and whom to ask."""

    items: tuple[str, ...]  # one per numbered line; none prints blank lines to fill by hand
    reason: str
    contact_name: str = ""  # empty: the clerk
    contact_phone: str = ""  # empty: the office's hotline


@dataclass(frozen=True, kw_only=True)
class RefusalData(DossierFacts):
    """Mẫu 03: why the dossier is not received."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class ApologyData(DossierFacts):
    """Mẫu 04: the appointment that was missed, why, and the new one."""

    original_due_at: datetime  # the time printed on the slip
    new_due_at: datetime
    reason: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_aware(self, ("original_due_at", "new_due_at"))
        if self.new_due_at <= self.original_due_at:
            raise ValueError("new_due_at: the new appointment must be later than the original")


@dataclass(frozen=True)
class ControlStep:
    """One hand-over of the dossier: when, from which unit to which, what for, and the result."""

    at: datetime
    from_unit: str
    to_unit: str
    content: str = ""  # printed in the Ghi chú column
    result: str = ""  # one of CONTROL_RESULTS

    def __post_init__(self) -> None:
        _check_aware(self, ("at",))
        if self.result not in CONTROL_RESULTS:
            raise ValueError(
                f"result {self.result!r}: expected one of "
                + ", ".join(repr(r) for r in CONTROL_RESULTS)
            )


@dataclass(frozen=True, kw_only=True)
class ControlSheetData(DossierFacts):
    """The control sheet: who holds the dossier when, from the dossier's history."""

    steps: tuple[ControlStep, ...]
    processing_unit: str  # cơ quan (bộ phận) giải quyết hồ sơ
    coordinating_units: str = ""  # cơ quan phối hợp giải quyết hồ sơ, if any


FormData = ReceiptData | SupplementData | RefusalData | ApologyData | ControlSheetData


# -- shared pieces --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Writer:
    """The texts and styles of one form at one size, and the lines they make."""

    texts: FormTexts
    common: FormTexts
    styles: FormStyles
    width: float

    def filled(self, values: Mapping[str, str]) -> dict[str, str]:
        blank = self.common.text("blank")
        return {k: v if v.strip() else blank for k, v in values.items()}

    def line(self, key: str, *, plain: Collection[str] = (), **values: str) -> Para:
        """A body line with its values in bold (an empty value prints a blank to fill in)."""
        return Para(self.texts.markup(key, plain=plain, **self.filled(values)), self.styles.body)

    def prose(self, key: str, *, plain: Collection[str] = (), **values: str) -> Para:
        """A justified paragraph of a letter, first line indented."""
        return Para(self.texts.markup(key, plain=plain, **self.filled(values)), self.styles.prose)

    def optional(self, key: str, **values: str) -> list[Flowable]:
        """The line, or nothing when the profile leaves it out (an empty text)."""
        return [self.line(key, **values)] if self.texts.text(key) else []

    def contact(self, phone: str, email: str) -> Para:
        blank = self.common.text("blank")
        markup = self.texts.markup("phone", phone=_unbroken(phone) or blank)
        if self.texts.text("email"):
            markup += "&nbsp;" * 6 + self.texts.markup("email", email=email or blank)
        return Para(markup, self.styles.body)

    def title_block(self, code: str) -> list[Flowable]:
        """The title, and "Mã hồ sơ: …" under it where the form has a code line."""
        head: list[Flowable] = [balanced(self.texts.text("title"), self.styles.title, self.width)]
        if self.texts.values.get("code_line"):
            head.append(Para(self.texts.markup("code_line", code=code), self.styles.center))
        return head

    def gap(self, factor: float = 0.6) -> Spacer:
        return Spacer(self.width, self.styles.size * factor)


def _unbroken(value: str) -> str:
    """`value` with no-break spaces, so a phone number like "0237 3851 234" stays on one line."""
    return "\u00a0".join(value.split())


def _office_values(office: OfficeProfile) -> dict[str, str]:
    return {
        "agency": office.agency,
        "office_name": office.office_name,
        "parent_agency": office.parent_agency,
        "office_kind": office.office_in_text,
    }


def _render(
    kind: str,
    data: DossierFacts,
    office: OfficeProfile,
    out: Path | BinaryIO,
    body: Callable[[_Writer], tuple[list[Flowable], list[Flowable]]],
    *,
    qr_due_at: datetime | None,
    copies: int,
) -> None:
    """Lay out and write one lifecycle form: header, codes, then `body`'s title block and rest."""
    register_fonts()
    common = load_common_texts(office.form_profile)
    texts = load_texts(office.form_profile, kind, _RULES[kind])
    layout = PAGE_LAYOUTS[office.paper]
    width = layout.frame_width
    payload = dossier_qr_payload(
        office,
        kind,
        code=data.code,
        procedure_code=data.procedure_code,
        issued_at=data.issued_at,
        due_at=qr_due_at,
    )
    qr, barcode = dossier_codes(layout, data.code, payload)
    codes, codes_height = codes_block(qr, barcode, width)
    issued = data.issued_at.astimezone(VN_TZ).date()

    def build(size: float) -> FormParts:
        styles = form_styles(size)
        header = form_header(
            office, common, styles, width, form=kind, number=data.number, issued=issued
        )
        head, rest = body(_Writer(texts, common, styles, width))
        return FormParts([header, *codes], head, rest)

    pages = form_pages(build, layout, [""] * copies, fixed_height=codes_height)
    write_pdf(
        out,
        layout,
        pages,
        title=f"{texts.text('title').capitalize()} – {data.code}",
        author=f"{office.office_in_text} – {office.agency}",
        subject=f"{data.procedure_name} – {data.applicant_name}",
    )


# -- Mẫu 02: supplement request -------------------------------------------------------------------


def render_supplement(data: SupplementData, office: OfficeProfile, out: Path | BinaryIO) -> None:
    """Render Mẫu số 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, as PDF into `out`.

    TT 03/2025/TT-VPCP Phụ lục I Mẫu 02 (TT 01/2018/TT-VPCP Mẫu 02 has the same body): the
    dossier, the numbered list of what to complete, the reason, whom to call, signed by the
    clerk as NGƯỜI HƯỚNG DẪN. One page per copy, A5 or A4 as the office prints.

    Raises FormTextError when the form texts file is damaged, OSError when `out` cannot be
    written.
    """

    def body(w: _Writer) -> tuple[list[Flowable], list[Flowable]]:
        t, styles = w.texts, w.styles
        blank = w.common.text("blank")
        items = data.items or (blank * 8,) * 3
        rest: list[Flowable] = [
            w.gap(),
            w.line("applicant", name=data.applicant_name),
            *w.optional("id_number", id_number=data.id_number),
            w.line("request", procedure=data.procedure_name, procedure_code=data.procedure_code),
            w.line("address", address=data.address),
            w.contact(data.phone, data.email),
            paragraph(t.text("items_heading"), styles.body),
            *(
                paragraph(t.fill("item", number=str(n), item=" ".join(item.split())), styles.item)
                for n, item in enumerate(items, start=1)
            ),
            w.line("reason", reason=data.reason),
            w.prose(
                "contact",
                contact=data.contact_name or data.clerk_name,
                phone=_unbroken(data.contact_phone or office.hotline),
            ),
            signature_blocks(
                [None, Signer(t.text("signer"), w.common.text("sign_hint"), data.clerk_name)],
                styles,
                w.width,
            ),
        ]
        return w.title_block(data.code), rest

    _render("supplement", data, office, out, body, qr_due_at=data.due_at, copies=office.copies)


# -- Mẫu 03: refusal ------------------------------------------------------------------------------


def render_refusal(data: RefusalData, office: OfficeProfile, out: Path | BinaryIO) -> None:
    """Render Mẫu số 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ, as PDF into `out`.

    TT 03/2025/TT-VPCP Phụ lục I Mẫu 03, with the applicant's số định danh and "Mã hồ sơ (nếu
    có)"; the TT 01/2018/TT-VPCP Mẫu 03 lacks both lines and prints the code under the title.
    Signed by the applicant and the clerk. One page per copy, A5 or A4.

    Raises FormTextError when the form texts file is damaged, OSError when `out` cannot be
    written.
    """

    def body(w: _Writer) -> tuple[list[Flowable], list[Flowable]]:
        t, styles = w.texts, w.styles
        hint = w.common.text("sign_hint")
        rest: list[Flowable] = [
            w.gap(),
            w.line("receiving_office", **_office_values(office)),
            w.line("applicant", name=data.applicant_name),
            *w.optional("id_number", id_number=data.id_number),
            w.line("address", address=data.address),
            w.contact(data.phone, data.email),
            *w.optional("code", code=data.code),
            w.line("request", procedure=data.procedure_name, procedure_code=data.procedure_code),
            w.prose(
                "reason",
                plain=("office_kind",),
                reason=data.reason,
                office_kind=office.office_in_text,
            ),
            w.prose("closing"),
            signature_blocks(
                [
                    Signer(t.text("signer_applicant"), hint, data.applicant_name),
                    Signer(t.text("signer_clerk"), hint, data.clerk_name),
                ],
                styles,
                w.width,
            ),
        ]
        return w.title_block(data.code), rest

    _render("refusal", data, office, out, body, qr_due_at=data.due_at, copies=office.copies)


# -- Mẫu 04: apology ------------------------------------------------------------------------------


def render_apology(data: ApologyData, office: OfficeProfile, out: Path | BinaryIO) -> None:
    """Render Mẫu số 04, the apology with a new appointment, as PDF into `out`.

    TT 03/2025/TT-VPCP Phụ lục I Mẫu 04, "Phiếu xin lỗi và đề nghị gia hạn thời gian giải
    quyết" (TT 01/2018/TT-VPCP Mẫu 04: "Phiếu xin lỗi và hẹn lại ngày trả kết quả"), addressed
    to the applicant: when the dossier was received, the appointment on the slip, the reason for
    the delay and the new appointment (date and time). Signed by the head of the agency
    (`OfficeProfile.head_title`, `head_of_agency`; DOMAIN.md §1.6: the head of the agency that
    caused the delay, not the clerk), with "Nơi nhận". One page per copy, A5 or A4.

    Raises FormTextError when the form texts file is damaged, OSError when `out` cannot be
    written.
    """
    agency = office.agency

    def body(w: _Writer) -> tuple[list[Flowable], list[Flowable]]:
        t, styles, common = w.texts, w.styles, w.common
        plain = ("agency", "day", "month", "year")
        rest: list[Flowable] = [
            w.gap(0.4),
            Para(t.markup("addressee", name=data.applicant_name), styles.center),
            w.gap(0.6),
            w.prose(
                "received",
                plain=plain,
                agency=agency,
                procedure=data.procedure_name,
                procedure_code=data.procedure_code,
                id_number=data.id_number,
                code=data.code,
                **date_parts(data.received_at),
            ),
            w.prose("original_due", time=vn_datetime(data.original_due_at, common)),
            w.prose("late", plain=plain, agency=agency),
            w.prose("reason", reason=data.reason),
            w.prose("regret", plain=plain, agency=agency),
            w.prose(
                "new_due", plain=plain, agency=agency, time=vn_datetime(data.new_due_at, common)
            ),
            w.prose("closing"),
            _recipients_and_signer(office, w),
        ]
        return w.title_block(data.code), rest

    _render("apology", data, office, out, body, qr_due_at=data.new_due_at, copies=office.copies)


def _recipients_and_signer(office: OfficeProfile, w: _Writer) -> Table:
    """ "Nơi nhận" at the lower left and the head of the agency's signature at the right, as
    Decree 30/2020/NĐ-CP lays out the end of an administrative letter."""
    styles = w.styles
    left, right = w.width * 0.45, w.width * 0.55
    recipients: list[Flowable] = [
        Para(f"<b><i>{escape(w.texts.text('recipients_heading'))}</i></b>", styles.cell),
        *(paragraph(f"- {r}", styles.cell) for r in w.texts.items("recipients")),
    ]
    signer = head_signer(office, w.common.text("sign_hint"))
    table = Table(
        [[recipients, signature_cell(signer, styles, right)]],
        colWidths=[left, right],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), styles.size * 0.4),
            ]
        )
    )
    return table


# -- the control sheet ----------------------------------------------------------------------------


def render_control_sheet(
    data: ControlSheetData, office: OfficeProfile, out: Path | BinaryIO
) -> None:
    """Render the Phiếu kiểm soát quá trình giải quyết hồ sơ as PDF into `out`.

    Mẫu số 06 of TT 03/2025/TT-VPCP Phụ lục I (Mẫu số 05 of TT 01/2018/TT-VPCP): the dossier's
    code, applicant, receiving office, processing and coordinating units, received and due
    times, then the hand-over table (Tên đơn vị | Thời gian giao nhận hồ sơ | Kết quả giải quyết
    hồ sơ (trước hạn/đúng hạn/quá hạn) | Ghi chú), one row per recorded step and blank rows to
    fill in and sign by hand (Người giao / Người nhận), and the form's Ghi chú. A single page:
    the sheet travels inside the dossier.

    Raises FormTextError when the form texts file is damaged, OSError when `out` cannot be
    written.
    """

    def body(w: _Writer) -> tuple[list[Flowable], list[Flowable]]:
        t, styles, common = w.texts, w.styles, w.common
        if data.due_at is not None:
            due = w.line("due_at", time=vn_datetime(data.due_at, common))
        else:
            due = paragraph(t.text("no_due_date"), styles.body)
        rest: list[Flowable] = [
            w.gap(),
            w.line("code", code=data.code),
            *w.optional("applicant", name=data.applicant_name),
            *w.optional(
                "request", procedure=data.procedure_name, procedure_code=data.procedure_code
            ),
            *w.optional("receiving_office", **_office_values(office)),
            w.line("processing_unit", unit=data.processing_unit),
            *w.optional("coordinating_unit", unit=data.coordinating_units),
            w.line("received_at", time=vn_datetime(data.received_at, common)),
            due,
            w.gap(0.3),
            _hand_over_table(data.steps, w),
            w.gap(0.4),
        ]
        if t.items("notes"):
            if t.text("notes_heading"):
                rest.append(Para(f"<b><i>{escape(t.text('notes_heading'))}</i></b>", styles.note))
            rest.extend(paragraph(f"- {n}", styles.note_italic) for n in t.items("notes"))
        return w.title_block(data.code), rest

    _render("control", data, office, out, body, qr_due_at=data.due_at, copies=1)


def _hand_over_table(steps: tuple[ControlStep, ...], w: _Writer) -> Table:
    t, styles = w.texts, w.styles
    blank = w.common.text("blank")
    widths = [w.width * f for f in (0.3, 0.29, 0.21, 0.2)]
    pad = 2 * cell_padding(styles)
    sign_width = widths[1] - pad
    sign_room = max(styles.size * 2.6, 7 * mm)

    def time_cell(when: Mapping[str, str]) -> list[Flowable]:
        signers = Table(
            [
                [paragraph(t.text("giver"), styles.cell_center),
                 paragraph(t.text("receiver"), styles.cell_center)],
                ["", ""],
            ],
            colWidths=[sign_width / 2] * 2,
            rowHeights=[None, sign_room],
        )  # fmt: skip
        signers.setStyle(
            table_style(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), styles.size * 0.3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        # break only after the comma: "10 giờ 00 phút, / ngày 22/11/2026"
        moment = ", ".join(_unbroken(part) for part in t.fill("handover_time", **when).split(", "))
        return [paragraph(moment, styles.cell_center), signers]

    def row(
        from_unit: str, to_unit: str, when: Mapping[str, str], result: str, note: str
    ) -> list[Flowable | str | list[Flowable]]:
        return [
            [
                Para(t.markup("hand_over", unit=from_unit or blank), styles.cell),
                Para(t.markup("take_over", unit=to_unit or blank), styles.cell),
            ],
            time_cell(when),
            paragraph(result.capitalize(), styles.cell_center),
            paragraph(note, styles.cell),
        ]

    rows: list[list[Flowable | str | list[Flowable]]] = [
        [paragraph(h, styles.cell_head) for h in t.items("columns")]
    ]
    for step in steps:
        rows.append(
            row(step.from_unit, step.to_unit, time_parts(step.at), step.result, step.content)
        )
    dots = {k: "…" for k in ("hour", "minute", "day", "month", "year")}
    for _ in range(max(CONTROL_BLANK_ROWS, CONTROL_MIN_ROWS - len(steps))):
        rows.append(row("", "", dots, "", ""))
    return grid_table(rows, widths, styles, valign="TOP")


# -- any form -------------------------------------------------------------------------------------


def render_form(kind: str, data: FormData, office: OfficeProfile, out: Path | BinaryIO) -> None:
    """Render the form `kind` (one of FORM_KINDS) of a dossier as PDF into `out`.

    `data` must be that form's: ReceiptData for "receipt", SupplementData for "supplement",
    RefusalData, ApologyData, ControlSheetData. Raises ValueError for an unknown kind and
    TypeError for data of another form.
    """
    if kind == "receipt" and isinstance(data, ReceiptData):
        render_receipt(data, office, out)
    elif kind == "supplement" and isinstance(data, SupplementData):
        render_supplement(data, office, out)
    elif kind == "refusal" and isinstance(data, RefusalData):
        render_refusal(data, office, out)
    elif kind == "apology" and isinstance(data, ApologyData):
        render_apology(data, office, out)
    elif kind == "control" and isinstance(data, ControlSheetData):
        render_control_sheet(data, office, out)
    elif kind not in FORM_KINDS:
        raise ValueError(f"unknown form {kind!r}: expected one of {', '.join(FORM_KINDS)}")
    else:
        raise TypeError(f"form {kind!r} cannot be printed from {type(data).__name__}")
