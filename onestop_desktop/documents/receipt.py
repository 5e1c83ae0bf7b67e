"""The appointment slip: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01).

Implements Mẫu số 01 of Thông tư 03/2025/TT-VPCP Phụ lục I (guiding Decree 118/2025/NĐ-CP; the
default profile "tt03_2025") and Mẫu số 01 of Thông tư 01/2018/TT-VPCP (guiding Decree
61/2018/NĐ-CP; profile "tt01_2018", with its "(Liên: …)" line and Ghi chú). The wording comes from
`resources/forms/forms.json`; DOMAIN.md §1.3 records the sources. Like deployed systems, the slip
adds a table of the papers handed in (originals, certified copies, photocopies; "Xuất trình" across
the counts for a paper only shown), the receiving place, a Code128 barcode of the dossier code and
a QR code. The channel is not printed after the applicant's name (issue 11: the templates have no
such words; a text may still use {channel}).

What the QR code carries (`receipt_qr_payload`):

* Verified from secondary sources only (luatvietnam.vn, thuvienphapluat.vn and PLO summaries of
  Circular 01/2023/TT-VPCP; the circular's own text was not read): Art. 3(4) defines a dossier's
  QR code as a two-dimensional code for looking up the dossier's processing status (or paying)
  on the national portal or the provincial system. Art. 26(2) asks a QR code printed in the upper
  left corner of papers issued from a ministerial or provincial information system to carry at
  least: the dossier code, the procedure code, the identifier of the applicant (person or
  organisation), the name of the paper, the name of the information system providing the data
  and the time of issue; a receipt-and-appointment slip adds the appointment (due) date. Art.
  26(1): the code follows TCVN 7322:2009 (ISO/IEC 18004). No field names, order or encoding are
  prescribed; nothing was found on this in Decree 107/2021 or TT 03/2025.
* Chosen here: when the office has a portal look-up address (`OfficeProfile.lookup_url`) the QR
  code is that address for this dossier, so a phone opens the look-up page; this is what Thanh
  Hóa's system prints (`…/portaldvc/tra-cuu?SGT=<số giấy tờ>&MHS=<mã hồ sơ>`, DOMAIN.md §1.2) and
  the portal holds the rest of the data. Without one, the QR code is one compact ASCII line of
  `key=value` pairs joined by ";" holding the Art. 26(2) items but the applicant's identifier
  (personal data stays off a slip anyone may read) and the due date, e.g.
  `MHS=000.00.01.H56-261122-1001;TTHC=1.001193;GT=M01;HT=OneStop Desktop;PH=202611220930;
  HEN=202611250930` (dossier code, procedure code, the
  paper as "M" + its form number, system name, time of issue and due time as yyyyMMddHHmm in
  Vietnam time; an empty HEN means no due date). `forms.dossier_qr_payload` builds it for every
  form and its docstring specifies the format. These keys are this program's choice, not a
  published format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from onestop_desktop.documents.fonts import BOLD, register_fonts
from onestop_desktop.documents.forms import (
    PAGE_LAYOUTS,
    FormParts,
    FormStyles,
    FormTextError,
    FormTexts,
    OfficeProfile,
    PageLayout,
    Para,
    Signer,
    TextRule,
    balanced,
    cell_padding,
    codes_block,
    dossier_codes,
    dossier_qr_payload,
    form_header,
    form_pages,
    form_styles,
    grid_table,
    load_common_texts,
    load_texts,
    paragraph,
    signature_blocks,
    text,
    text_list,
    text_width,
    vn_datetime,
    write_pdf,
)
from onestop_desktop.domain.clock import VN_TZ

__all__ = [
    "RECEIPT_RULES",
    "FormTextError",
    "OfficeProfile",
    "ReceiptData",
    "SlipDocument",
    "receipt_qr_payload",
    "render_receipt",
]

_OFFICE_FIELDS = ("agency", "office_name", "parent_agency", "office_kind")

#: the keys of the "receipt" section of each profile in forms.json
RECEIPT_RULES: Mapping[str, TextRule] = MappingProxyType(
    {
        "title": text(),
        "code_line": text("code"),
        "single_copy_line": text(may_be_empty=True),
        "copy_line": text("label", optional=["number"]),
        "copy_labels": text_list(),
        "receiving_office": text(optional=_OFFICE_FIELDS),
        "applicant": text("name", optional=["channel"]),
        "id_number": text(optional=["id_number"], may_be_empty=True),
        "address": text("address"),
        "phone": text("phone"),
        "email": text("email", may_be_empty=True),
        "authorisation_note": text(may_be_empty=True),
        "request": text("procedure", optional=["procedure_code"]),
        "documents_heading": text(),
        "documents_columns": text_list(length=5),
        "no_documents": text(),
        "shown_only": text(),
        "sets_count": text("sets"),
        "statutory_time": text("duration"),
        "received_at": text("time"),
        "due_at": text("time"),
        "no_due_date": text(),
        "return_place": text("place"),
        "return_at_counter": text(optional=_OFFICE_FIELDS),
        "return_by_post": text(),
        "ledger": text("book", "number", may_be_empty=True),
        "channels": text_list(length=3),
        "signer_applicant": text(),
        "signer_clerk": text(),
        "pickup_note": text(may_be_empty=True),
        "notes_heading": text(may_be_empty=True),
        "notes": text_list(may_be_empty=True),
        "lookup": text("url", may_be_empty=True),
        "hotline": text("hotline", may_be_empty=True),
    }
)


@dataclass(frozen=True)
class SlipDocument:
    """One paper handed in, with how many originals, certified copies and photocopies."""

    name: str
    originals: int
    certified_copies: int
    photocopies: int


@dataclass(frozen=True)
class ReceiptData:
    """What the slip says about one dossier."""

    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    id_number: str
    phone: str
    email: str
    address: str
    channel: int  # KenhThucHien: 1 direct, 2 online, 3 postal
    return_method: int  # HinhThuc: 0 at the counter, 1 by post
    documents: tuple[SlipDocument, ...]
    sets_count: int  # số lượng hồ sơ (bộ)
    statutory_time: str  # e.g. "03 ngày làm việc", printed as is
    received_at: datetime  # aware
    due_at: datetime | None  # None: "Không có ngày hẹn trả cụ thể theo quy định"
    clerk_name: str
    ledger_book: str = ""
    ledger_number: str = ""
    issued_at: datetime | None = None  # the date on the slip; defaults to received_at
    slip_number: str = ""  # the "Số: …" of the header; empty prints a blank to fill by hand

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("code: the dossier code is required")
        if self.channel not in (1, 2, 3):
            raise ValueError(f"channel {self.channel}: expected 1 (direct), 2 (online), 3 (postal)")
        if self.return_method not in (0, 1):
            raise ValueError(f"return_method {self.return_method}: expected 0 (counter), 1 (post)")
        for name in ("received_at", "due_at", "issued_at"):
            moment = getattr(self, name)
            if moment is not None and moment.utcoffset() is None:
                raise ValueError(f"{name}: expected a time with its UTC offset")
        for doc in self.documents:
            if min(doc.originals, doc.certified_copies, doc.photocopies) < 0:
                raise ValueError(f"document {doc.name!r}: copy counts cannot be negative")
        if self.sets_count < 0:
            raise ValueError("sets_count cannot be negative")


def receipt_qr_payload(data: ReceiptData, office: OfficeProfile) -> str:
    """The text of the slip's QR code: the portal look-up address, or the data of TT 01/2023.

    See the module docstring for what is verified and what is chosen.
    """
    return dossier_qr_payload(
        office,
        "receipt",
        code=data.code,
        procedure_code=data.procedure_code,
        issued_at=data.issued_at or data.received_at,
        due_at=data.due_at,
    )


def _copy_lines(texts: FormTexts, copies: int) -> list[str]:
    labels = texts.items("copy_labels")
    if copies == 1:
        return [texts.text("single_copy_line")]
    if copies > len(labels):
        raise FormTextError(
            f"{texts.source}: {texts.section}.copy_labels: the desk prints {copies} copies "
            f"but the form texts name only {len(labels)}"
        )
    return [
        texts.fill("copy_line", number=str(i), label=label)
        for i, label in enumerate(labels[:copies], start=1)
    ]


def _documents_table(
    data: ReceiptData, texts: FormTexts, styles: FormStyles, width: float
) -> Flowable:
    heads = texts.items("documents_columns")
    pad = 2 * cell_padding(styles)
    number_col = max(7 * mm, text_width(heads[0], BOLD, styles.cell_head.fontSize) + pad)
    # Each count column is wide enough for its heading on at most two lines.
    count_col = max(
        12 * mm,
        *(_two_line_width(h, styles.cell_head.fontSize) + pad + 1 for h in heads[2:]),
    )
    widths = [number_col, width - number_col - 3 * count_col, count_col, count_col, count_col]
    rows: list[list[Flowable | str]] = [[paragraph(h, styles.cell_head) for h in heads]]
    for index, doc in enumerate(data.documents, start=1):
        rows.append(
            [
                paragraph(str(index), styles.cell_center),
                paragraph(doc.name, styles.cell),
                *_count_cells(doc, texts, styles),
            ]
        )
    if not data.documents:
        rows.append(["", paragraph(texts.text("no_documents"), styles.cell), "", "", ""])
    table = grid_table(rows, widths, styles)
    shown = [
        ("SPAN", (2, row), (4, row))
        for row, doc in enumerate(data.documents, start=1)
        if _shown_only(doc)
    ]
    if shown:
        table.setStyle(TableStyle(shown))
    return table


def _shown_only(doc: SlipDocument) -> bool:
    """A paper only shown at the counter (xuất trình: the original is seen and handed back):
    no original, certified copy or photocopy is kept."""
    return doc.originals == doc.certified_copies == doc.photocopies == 0


def _count_cells(doc: SlipDocument, texts: FormTexts, styles: FormStyles) -> list[Flowable | str]:
    """The three count cells of a paper; "Xuất trình" across them for a paper only shown
    (the row spans them), not "0 / 0 / 0"."""
    if _shown_only(doc):
        return [paragraph(texts.text("shown_only"), styles.cell_center), "", ""]
    return [
        paragraph(str(n), styles.cell_center)
        for n in (doc.originals, doc.certified_copies, doc.photocopies)
    ]


def _two_line_width(heading: str, size: float) -> float:
    """The width `heading` needs in bold when broken into two balanced lines."""
    words = heading.split()
    widths: list[float] = [
        max(
            float(text_width(" ".join(words[:i]), BOLD, size)),
            float(text_width(" ".join(words[i:]), BOLD, size)),
        )
        for i in range(1, len(words) + 1)
    ]
    return min(widths)


def _body(
    data: ReceiptData,
    office: OfficeProfile,
    texts: FormTexts,
    common: FormTexts,
    styles: FormStyles,
    width: float,
) -> tuple[list[Flowable], list[Flowable]]:
    """The slip under the codes: the title block, and what goes under the copy line."""
    blank = common.text("blank")
    office_values = {
        "agency": office.agency,
        "office_name": office.office_name,
        "parent_agency": office.parent_agency,
        "office_kind": office.office_in_text,
    }

    def line(key: str, **values: str) -> Paragraph:
        filled = {k: v if v.strip() else blank for k, v in values.items()}
        return Para(texts.markup(key, **filled), styles.body)

    channel = texts.items("channels")[data.channel - 1]
    if data.due_at is not None:
        due = line("due_at", time=vn_datetime(data.due_at, common))
    else:
        due = Para(texts.markup("due_at", time=texts.text("no_due_date")), styles.body)
    if data.return_method == 1:
        place = texts.text("return_by_post")
    else:
        place = texts.fill("return_at_counter", **office_values)

    head: list[Flowable] = [
        balanced(texts.text("title"), styles.title, width),
        Para(texts.markup("code_line", code=data.code), styles.center),
    ]
    story: list[Flowable] = [Spacer(width, styles.size * 0.6)]
    story.append(line("receiving_office", **office_values))
    story.append(line("applicant", name=data.applicant_name, channel=channel))
    if texts.text("id_number"):
        story.append(line("id_number", id_number=data.id_number))
    story.append(line("address", address=data.address))
    contact = texts.markup("phone", phone=data.phone or blank)
    if texts.text("email"):
        contact += "&nbsp;" * 6 + texts.markup("email", email=data.email or blank)
    story.append(Para(contact, styles.body))
    if texts.text("authorisation_note"):
        story.append(paragraph(texts.text("authorisation_note"), styles.note_italic))
    story.append(line("request", procedure=data.procedure_name, procedure_code=data.procedure_code))
    story.append(paragraph(texts.text("documents_heading"), styles.body))
    story.append(_documents_table(data, texts, styles, width))
    story.append(Spacer(width, styles.size * 0.4))
    story.append(line("sets_count", sets=str(data.sets_count)))
    story.append(line("statutory_time", duration=data.statutory_time))
    story.append(line("received_at", time=vn_datetime(data.received_at, common)))
    story.append(due)
    story.append(line("return_place", place=place))
    if texts.text("ledger"):
        story.append(line("ledger", book=data.ledger_book, number=data.ledger_number))
    sign_hint = common.text("sign_hint")
    story.append(
        signature_blocks(
            [
                Signer(texts.text("signer_applicant"), sign_hint, data.applicant_name),
                Signer(texts.text("signer_clerk"), sign_hint, data.clerk_name),
            ],
            styles,
            width,
        )
    )
    story.extend(_notes(office, texts, styles))
    return head, story


def _notes(office: OfficeProfile, texts: FormTexts, styles: FormStyles) -> Sequence[Flowable]:
    notes: list[Flowable] = []
    pickup = texts.text("pickup_note")
    if pickup:
        head, sep, rest = pickup.partition(":")
        markup = f"<b>{escape(head)}{sep}</b>{escape(rest)}" if sep else escape(pickup)
        notes.append(Para(markup, styles.note))
    if texts.items("notes"):
        heading = texts.text("notes_heading")
        if heading:
            notes.append(Para(f"<b><i>{escape(heading)}</i></b>", styles.note))
        notes.extend(paragraph(f"- {n}", styles.note_italic) for n in texts.items("notes"))
    extra = []
    if office.lookup_url and texts.text("lookup"):
        parts = urlsplit(office.lookup_url)
        extra.append(texts.fill("lookup", url=f"{parts.scheme}://{parts.netloc}{parts.path}"))
    if office.hotline and texts.text("hotline"):
        extra.append(texts.fill("hotline", hotline=office.hotline))
    if extra:
        notes.append(paragraph(" · ".join(extra), styles.note))
    return notes


def render_receipt(data: ReceiptData, office: OfficeProfile, out: Path | BinaryIO) -> None:
    """Render Mẫu số 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả, as PDF into `out`.

    One page per copy (liên), on A5 or A4, in the wording of the office's form profile
    (TT 03/2025/TT-VPCP or TT 01/2018/TT-VPCP).

    Raises FormTextError when the form texts file is damaged, ValueError for impossible data,
    OSError when `out` cannot be written.
    """
    register_fonts()
    common = load_common_texts(office.form_profile)
    texts = load_texts(office.form_profile, "receipt", RECEIPT_RULES)
    layout: PageLayout = PAGE_LAYOUTS[office.paper]
    width = layout.frame_width
    title = texts.text("title")
    qr, barcode = dossier_codes(layout, data.code, receipt_qr_payload(data, office))
    codes, codes_height = codes_block(qr, barcode, width)
    issued = (data.issued_at or data.received_at).astimezone(VN_TZ).date()

    def build(size: float) -> FormParts:
        styles = form_styles(size)
        header = form_header(
            office, common, styles, width, form="receipt", number=data.slip_number, issued=issued
        )
        head, rest = _body(data, office, texts, common, styles, width)
        return FormParts([header, *codes], head, rest)

    pages = form_pages(build, layout, _copy_lines(texts, office.copies), fixed_height=codes_height)
    write_pdf(
        out,
        layout,
        pages,
        title=f"{title.capitalize()} – {data.code}",
        author=f"{office.office_in_text} – {office.agency}",
        subject=f"{data.procedure_name} – {data.applicant_name}",
    )
