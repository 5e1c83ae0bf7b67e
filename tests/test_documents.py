"""Printed forms: real PDFs rendered into a temporary folder, read back as text and as a 200 dpi
scan (pdftoppm), with the barcode and QR code decoded by zbarimg, as a counter's scanner would."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

import onestop_desktop.documents.receipt as receipt_module
from onestop_desktop.documents.codes import (
    barcode_png,
    barcode_symbol,
    lookup_url,
    qr_modules,
    qr_symbol,
)
from onestop_desktop.documents.fonts import BOLD, REGULAR, register_fonts
from onestop_desktop.documents.forms import (
    FormTextError,
    Para,
    form_styles,
    load_common_texts,
    load_texts,
    vn_date_line,
    vn_datetime,
)
from onestop_desktop.documents.receipt import (
    RECEIPT_RULES,
    OfficeProfile,
    ReceiptData,
    SlipDocument,
    receipt_qr_payload,
    render_receipt,
)
from onestop_desktop.resources import resources_dir

VN = timezone(timedelta(hours=7))
CODE = "000.00.01.H56-261122-1001"
NAME = "Nguyễn Thị Đặng Ánh"
LONG_ADDRESS = (
    "Số nhà 123, ngõ 45, ngách 67, đường Nguyễn Thị Minh Khai, tổ dân phố số 8, khu phố Đông "
    "Hưng Thuận, phường Tân Hưng, tỉnh Thanh Hóa, gần trường Tiểu học Lê Văn Tám, đối diện chợ cũ "
    "của thôn Đông, cạnh nhà văn hóa"
)
EIGHT_DOCUMENTS = tuple(
    SlipDocument(
        f"Giấy tờ số {i}: văn bản xác nhận của cơ quan có thẩm quyền về nội dung liên quan "
        "đến hồ sơ đề nghị đăng ký",
        1,
        i % 3,
        2,
    )
    for i in range(1, 9)
)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install poppler-utils",
)
needs_zbar = pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="zbarimg or pdftoppm is missing: apt-get install zbar-tools poppler-utils",
)


def make_office(**changes: object) -> OfficeProfile:
    office = OfficeProfile(
        parent_agency="UBND XÃ TÂN HƯNG",
        office_name="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        place_name="Tân Hưng",
    )
    return dataclasses.replace(office, **changes)  # type: ignore[arg-type]


def make_data(**changes: object) -> ReceiptData:
    data = ReceiptData(
        code=CODE,
        procedure_code="1.001193",
        procedure_name="Thủ tục đăng ký khai sinh",
        applicant_name=NAME,
        id_number="038190001234",
        phone="0912345678",
        email="anh.nguyen@example.vn",
        address="Thôn Đông, xã Tân Hưng, tỉnh Thanh Hóa",
        channel=1,
        return_method=0,
        documents=(
            SlipDocument("Tờ khai đăng ký khai sinh", 1, 0, 0),
            SlipDocument("Giấy chứng sinh", 1, 0, 0),
        ),
        sets_count=1,
        statutory_time="03 ngày làm việc",
        received_at=datetime(2026, 11, 22, 9, 30, tzinfo=VN),
        due_at=datetime(2026, 11, 25, 9, 30, tzinfo=VN),
        clerk_name="Trần Văn Bình",
        ledger_book="02",
        ledger_number="1234",
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def render(tmp_path: Path, data: ReceiptData, office: OfficeProfile, name: str = "slip") -> Path:
    out = tmp_path / f"{name}.pdf"
    render_receipt(data, office, out)
    return out


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    pages = []
    with pdfium.PdfDocument(pdf) as doc:
        count = len(doc)
    for number in range(1, count + 1):
        raw = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages.append(" ".join(raw.split()))
    return pages


def scan(pdf: Path, dpi: int = 200) -> list[Path]:
    """The pages as PNG images at `dpi`, as a document scanner would see them."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


def decode(image: Path, symbology: str) -> list[str]:
    """What zbarimg reads from the image for one symbology ("code128" or "qrcode")."""
    result = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sdisable", f"-S{symbology}.enable", str(image)],
        capture_output=True,
        text=True,
    )
    if result.returncode == 4:  # zbarimg: no symbol found
        return []
    assert result.returncode == 0, result.stderr
    out = result.stdout.removesuffix("\n")
    # --raw writes one symbol per line; a QR payload has line breaks of its own, and there is
    # one QR code per page, so it is returned whole.
    return out.split("\n") if symbology == "code128" else [out]


def page_sizes_mm(pdf: Path) -> list[tuple[int, int]]:
    with pdfium.PdfDocument(pdf) as doc:
        return [
            (round(doc[i].get_width() * 25.4 / 72), round(doc[i].get_height() * 25.4 / 72))
            for i in range(len(doc))
        ]


# -- what the slip says ---------------------------------------------------------------------------


@needs_poppler
def test_slip_prints_vietnamese_name_code_and_the_form_wording(tmp_path: Path) -> None:
    pdf = render(tmp_path, make_data(), make_office())
    (text,) = pdf_text(pdf)
    for expected in (
        NAME,
        CODE,
        "UBND XÃ TÂN HƯNG",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: ……/TTPVHCC",
        "Tân Hưng, ngày 22 tháng 11 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {CODE}",
        f"Tiếp nhận hồ sơ của Ông (Bà)/Tổ chức: {NAME} Số định danh",
        "Số định danh cá nhân/tổ chức: 038190001234",
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh",
        "Thành phần hồ sơ Bản chính Bản chứng thực Bản photo",
        "Giấy chứng sinh",
        "Số lượng hồ sơ: 1 (bộ)",
        "Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc",
        "Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 22 tháng 11 năm 2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 30 phút, ngày 25 tháng 11 năm 2026",
        "Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công – UBND xã Tân Hưng",
        "Quyển số: 02, Số thứ tự: 1234",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        "Trần Văn Bình",
        "Khi đến nhận kết quả: Người nộp mang theo Giấy này",
    ):
        assert expected in text, expected
    assert "Ghi chú" not in text  # the TT 03/2025 form has no Ghi chú


@needs_poppler
def test_every_font_in_the_slip_is_embedded(tmp_path: Path) -> None:
    # An unembedded font (reportlab's Helvetica) prints Vietnamese letters as boxes.
    pdf = render(tmp_path, make_data(), make_office())
    listing = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert listing
    assert all(line.split()[0].endswith(("DejaVuSans", "-Bold", "-Oblique")) for line in listing)
    assert all(" yes yes yes " in line for line in listing), listing


@needs_poppler
def test_slip_without_due_date_says_so(tmp_path: Path) -> None:
    data = make_data(due_at=None)
    (text,) = pdf_text(render(tmp_path, data, make_office()))
    assert (
        "Thời gian trả kết quả giải quyết hồ sơ: Không có ngày hẹn trả cụ thể theo quy định" in text
    )
    assert receipt_qr_payload(data, make_office()).endswith(";HEN=")


@needs_poppler
def test_online_dossier_returned_by_post(tmp_path: Path) -> None:
    (text,) = pdf_text(render(tmp_path, make_data(channel=2, return_method=1), make_office()))
    assert f"{NAME} (Trực tuyến)" not in text  # issue 11: no channel after the name
    assert "Đăng ký nhận kết quả tại: Qua dịch vụ Bưu chính công ích" in text


@needs_poppler
def test_empty_contact_fields_leave_a_blank_to_fill_by_hand(tmp_path: Path) -> None:
    data = make_data(phone="", email="", id_number="", ledger_book="", ledger_number="")
    (text,) = pdf_text(render(tmp_path, data, make_office()))
    assert "Số điện thoại: …… Email: ……" in text
    assert "Quyển số: ……, Số thứ tự: ……" in text


@needs_poppler
def test_tt01_2018_profile_prints_its_own_wording_and_ghi_chu(tmp_path: Path) -> None:
    (text,) = pdf_text(render(tmp_path, make_data(), make_office(form_profile="tt01_2018")))
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "(Liên: Lưu/giao khách hàng)",
        "Trung tâm Phục vụ hành chính công: UBND xã Tân Hưng",
        f"Tiếp nhận hồ sơ của: {NAME} Số CCCD",
        "1. Thành phần hồ sơ nộp gồm:",
        "2. Số lượng hồ sơ: 1 (bộ)",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 30 phút, ngày 25 tháng 11 năm 2026",
        "6. Đăng ký nhận kết quả tại:",
        "Ghi chú:",
        "Giấy tiếp nhận và hẹn trả kết quả được lập thành 2 liên",
        "qua dịch vụ bưu chính.",
    ):
        assert expected in text, expected
    assert "Ông (Bà)/Tổ chức" not in text  # TT 03/2025 wording


@needs_poppler
def test_two_copies_print_two_labelled_pages(tmp_path: Path) -> None:
    for profile, labels in (
        ("tt03_2025", ["(Liên 1: Lưu)", "(Liên 2: Giao khách hàng)"]),
        ("tt01_2018", ["(Liên: Lưu)", "(Liên: Giao khách hàng)"]),
    ):
        pdf = render(tmp_path, make_data(), make_office(copies=2, form_profile=profile), profile)
        pages = pdf_text(pdf)
        assert len(pages) == 2
        for page, label in zip(pages, labels, strict=True):
            assert label in page
            assert NAME in page and CODE in page


def test_paper_size_is_a5_by_default_and_a4_on_request(tmp_path: Path) -> None:
    assert page_sizes_mm(render(tmp_path, make_data(), make_office(), "a5")) == [(148, 210)]
    a4 = render(tmp_path, make_data(), make_office(paper="A4", copies=2), "a4")
    assert page_sizes_mm(a4) == [(210, 297), (210, 297)]


@needs_poppler
@pytest.mark.parametrize("profile", ["tt03_2025", "tt01_2018"])
@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_long_address_and_eight_documents_fit_one_page_per_copy(
    tmp_path: Path, profile: str, paper: str
) -> None:
    assert len(LONG_ADDRESS) >= 200
    data = make_data(address=LONG_ADDRESS, documents=EIGHT_DOCUMENTS)
    pdf = render(tmp_path, data, make_office(form_profile=profile, paper=paper, copies=2))
    pages = pdf_text(pdf)
    assert len(pages) == 2
    for page in pages:
        assert LONG_ADDRESS in page  # all of it: nothing clipped
        assert EIGHT_DOCUMENTS[-1].name in page
        assert "Khi đến nhận kết quả" in page  # the last lines made it onto the page


def test_even_an_absurd_slip_stays_on_one_page(tmp_path: Path) -> None:
    many = tuple(
        SlipDocument(f"{i}. " + "Giấy tờ có tên rất dài về nhiều nội dung khác nhau " * 3, 1, 1, 1)
        for i in range(1, 26)
    )
    data = make_data(address=LONG_ADDRESS + " " + LONG_ADDRESS[:100], documents=many)
    pdf = render(tmp_path, data, make_office())
    assert len(page_sizes_mm(pdf)) == 1


# -- the codes ------------------------------------------------------------------------------------


@needs_zbar
@pytest.mark.parametrize("paper", ["A5", "A4"])
@pytest.mark.parametrize("dpi", [150, 120])
@pytest.mark.parametrize("profile", ["tt03_2025", "tt01_2018"])
def test_barcode_and_qr_code_decode_from_a_150_and_a_120_dpi_scan(
    tmp_path: Path, profile: str, dpi: int, paper: str
) -> None:
    """A cheap printer and a tired scanner: 150 dpi with a margin, and 120 dpi as well."""
    data, office = make_data(), make_office(form_profile=profile, copies=2, paper=paper)
    pdf = render(tmp_path, data, office)
    expected_qr = receipt_qr_payload(data, office)
    images = scan(pdf, dpi)
    assert len(images) == 2
    for image in images:
        assert decode(image, "code128") == [CODE]
        assert decode(image, "qrcode") == [expected_qr]


def test_qr_code_carries_the_data_circular_01_2023_asks_for_but_no_personal_data() -> None:
    payload = receipt_qr_payload(make_data(), make_office())
    assert payload == (
        f"MHS={CODE};TTHC=1.001193;GT=M01;HT=OneStop Desktop;PH=202611220930;HEN=202611250930"
    )
    assert "038190001234" not in payload  # the applicant's ID number stays off the QR code


def test_qr_code_of_an_ordinary_slip_is_a_small_symbol() -> None:
    # A version 7 symbol (45 modules) fits the slip's corner at full module size.
    assert len(qr_modules(receipt_qr_payload(make_data(), make_office()))) <= 45


def test_qr_values_cannot_break_the_key_value_format() -> None:
    data = make_data(
        procedure_code="1.0012;X=1 %", issued_at=datetime(2026, 11, 23, 8, 0, tzinfo=VN)
    )
    payload = receipt_qr_payload(data, make_office())
    assert payload.isascii()
    pairs = dict(pair.split("=", 1) for pair in payload.split(";"))
    assert list(pairs) == ["MHS", "TTHC", "GT", "HT", "PH", "HEN"]
    assert unquote(pairs["TTHC"]) == "1.0012;X=1 %"
    assert pairs["PH"] == "202611230800"  # the time of issue, not of receipt


def test_qr_times_are_vietnam_time_whatever_the_offset_given() -> None:
    utc = make_data(received_at=datetime(2026, 11, 22, 2, 30, tzinfo=UTC))
    assert ";PH=202611220930;" in receipt_qr_payload(utc, make_office())


@needs_zbar
def test_qr_codes_with_the_fixed_mask_decode_whatever_their_content(tmp_path: Path) -> None:
    # The mask is not chosen per symbol (codes.QR_MASK): symbols of many different payloads and
    # sizes, drawn as on the slips, must all read back from a 200 dpi scan.
    payloads = [
        receipt_qr_payload(
            make_data(code=f"000.00.01.H56-2611{d:02d}-{n}", due_at=due), make_office()
        )
        for d, n, due in [
            (1, 1001, None),
            (2, 99999, datetime(2027, 1, 1, 7, 30, tzinfo=VN)),
            (15, 4, datetime(2026, 12, 31, 16, 45, tzinfo=VN)),
            (28, 123456, None),
        ]
    ]
    payloads += ["A", "0" * 40, "MHS=" + "Z" * 150, "Tra cứu hồ sơ: Nguyễn Thị Đặng Ánh"]
    page: list[Flowable] = []
    for payload in payloads:
        page += [qr_symbol(payload, max_size_mm=24), Spacer(1, 3 * mm)]
    pdf = tmp_path / "qr.pdf"
    doc = SimpleDocTemplate(str(pdf), pagesize=A4, topMargin=10 * mm, bottomMargin=10 * mm)
    doc.build(page)
    found: list[str] = []
    for image in scan(pdf, 200):
        result = subprocess.run(
            ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
        )
        found += result.stdout.splitlines()
    assert sorted(found) == sorted(payloads)


@needs_zbar
def test_qr_code_is_the_portal_look_up_address_when_the_office_has_one(tmp_path: Path) -> None:
    template = "https://dichvucong.example.gov.vn/portaldvc/tra-cuu?MHS={code}"
    office = make_office(lookup_url=template)
    pdf = render(tmp_path, make_data(), office)
    (image,) = scan(pdf, 150)
    assert decode(image, "qrcode") == [
        f"https://dichvucong.example.gov.vn/portaldvc/tra-cuu?MHS={CODE}"
    ]
    assert decode(image, "code128") == [CODE]
    (text,) = pdf_text(pdf)
    # The printed hint names the portal but not the applicant's ID number.
    assert "https://dichvucong.example.gov.vn/portaldvc/tra-cuu" in text
    assert "SGT=" not in text


def test_look_up_address_without_placeholders_gets_the_code_appended() -> None:
    assert lookup_url("https://dvc.example.vn/tra-cuu", code=CODE) == (
        f"https://dvc.example.vn/tra-cuu?MHS={CODE}"
    )
    assert lookup_url("https://dvc.example.vn/tra-cuu?lang=vi", code="A B") == (
        "https://dvc.example.vn/tra-cuu?lang=vi&MHS=A%20B"
    )


@pytest.mark.parametrize(
    "bad",
    [
        "https://dvc.example.vn/?x={name}",
        "ftp://dvc.example.vn",
        "https://x/{code!r}",
        "https://dvc.example.vn/tra-cuu?SGT={id_number}&MHS={code}",  # personal data
    ],
)
def test_office_refuses_a_look_up_address_it_cannot_fill(bad: str) -> None:
    with pytest.raises(ValueError, match="lookup_url"):
        make_office(lookup_url=bad)


def test_long_codes_narrow_their_bars_to_fit_but_not_below_the_minimum() -> None:
    normal = barcode_symbol(CODE, max_width_mm=100)
    assert normal.module_mm == pytest.approx(0.30)
    assert normal.width / 72 * 25.4 < 100
    squeezed = barcode_symbol("H56.12.34.56.78.90.12.34.56.78-261122-200001", max_width_mm=100)
    assert 0.19 <= squeezed.module_mm < 0.30


def test_barcode_refuses_text_it_cannot_encode() -> None:
    with pytest.raises(ValueError, match="Code128"):
        barcode_symbol("Mã-hồ-sơ")


@needs_zbar
def test_barcode_png_for_the_screen_decodes_to_the_code(tmp_path: Path) -> None:
    png = barcode_png(CODE)
    assert png.startswith(b"\x89PNG")
    image = tmp_path / "code.png"
    image.write_bytes(png)
    assert decode(image, "code128") == [CODE]


# -- the PDF file ---------------------------------------------------------------------------------


def test_same_input_gives_the_same_bytes() -> None:
    first, second = io.BytesIO(), io.BytesIO()
    render_receipt(make_data(), make_office(copies=2), first)
    render_receipt(make_data(), make_office(copies=2), second)
    assert first.getvalue() == second.getvalue()
    assert first.getvalue().startswith(b"%PDF-")


def test_pdf_metadata_names_the_slip_and_the_office(tmp_path: Path) -> None:
    pdf = render(tmp_path, make_data(), make_office())
    with pdfium.PdfDocument(pdf) as doc:
        meta = doc.get_metadata_dict()
    assert meta["Title"] == f"Giấy tiếp nhận hồ sơ và hẹn trả kết quả – {CODE}"
    assert meta["Author"] == "Trung tâm Phục vụ hành chính công – UBND xã Tân Hưng"
    assert NAME in meta["Subject"]


def test_rendering_to_a_path_leaves_only_the_pdf(tmp_path: Path) -> None:
    render(tmp_path, make_data(), make_office())
    assert [p.name for p in tmp_path.iterdir()] == ["slip.pdf"]


def test_receipt_data_refuses_times_without_an_offset() -> None:
    with pytest.raises(ValueError, match="received_at"):
        make_data(received_at=datetime(2026, 11, 22, 9, 30))
    with pytest.raises(ValueError, match="channel"):
        make_data(channel=4)


def test_office_refuses_unknown_profile_paper_or_copies() -> None:
    with pytest.raises(ValueError, match="form_profile"):
        make_office(form_profile="tt99")
    with pytest.raises(ValueError, match="paper"):
        make_office(paper="Letter")
    with pytest.raises(ValueError, match="copies"):
        make_office(copies=0)


# -- speed: what the layout caches must not change ------------------------------------------------


def test_a_paragraph_reused_at_another_size_wraps_like_a_fresh_one() -> None:
    # Para keeps parsed markup per font and copies it at another size (forms.Para).
    markup = "Tiếp nhận hồ sơ của: <b>Nguyễn Thị Đặng Ánh</b> (Trực tiếp) " * 4
    for size in (9.0, 7.4, 11.5):
        style = form_styles(size).body
        reused, fresh = Para(markup, style), Paragraph(markup, style)
        assert reused.wrap(300, 1000) == fresh.wrap(300, 1000)
        assert _lines(reused) == _lines(fresh)


def _lines(paragraph: Paragraph) -> list[list[tuple[str, str, float]]]:
    return [
        [(f.text, f.fontName, f.fontSize) for f in line.words] for line in paragraph.blPara.lines
    ]


def test_remembered_word_widths_equal_reportlabs() -> None:
    register_fonts()
    for text in ("Đặng Thị Ánh", "", "GIẤY TIẾP NHẬN", "0912345678"):
        for font in (REGULAR, BOLD):
            expected = instanceStringWidthTTF(getFont(font), text, 8.6)
            assert stringWidth(text, font, 8.6) == pytest.approx(expected)
            assert stringWidth(text, font, 8.6) == pytest.approx(expected)  # remembered


def test_an_ordinary_slip_is_laid_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # One or two papers (most procedures) fit at the first size on A5: no second layout.
    sizes: list[float] = []
    body = receipt_module._body

    def counting(*args: object) -> object:
        sizes.append(args[4].size)  # type: ignore[attr-defined]
        return body(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(receipt_module, "_body", counting)
    render_receipt(make_data(), make_office(), io.BytesIO())
    assert sizes == [9.0]
    sizes.clear()
    long = make_data(address=LONG_ADDRESS, documents=EIGHT_DOCUMENTS)
    render_receipt(long, make_office(copies=2), io.BytesIO())
    assert 2 <= len(sizes) <= 3  # shrunk, copies sharing one layout


# -- dates ----------------------------------------------------------------------------------------


def test_times_are_written_out_in_vietnam_time() -> None:
    common = load_common_texts("tt03_2025")
    moment = datetime(2026, 3, 4, 1, 5, tzinfo=UTC)
    assert vn_datetime(moment, common) == "08 giờ 05 phút, ngày 04 tháng 03 năm 2026"


def test_date_line_pads_days_below_10_and_months_1_and_2_only() -> None:
    common = load_common_texts("tt03_2025")
    assert (
        vn_date_line("Tân Hưng", date(2026, 1, 5), common) == "Tân Hưng, ngày 05 tháng 01 năm 2026"
    )
    assert (
        vn_date_line("Tân Hưng", date(2026, 3, 15), common) == "Tân Hưng, ngày 15 tháng 3 năm 2026"
    )


# -- the form texts file --------------------------------------------------------------------------


def test_shipped_form_texts_are_valid_for_every_profile() -> None:
    for profile in ("tt03_2025", "tt01_2018"):
        assert load_common_texts(profile).text("motto") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        receipt = load_texts(profile, "receipt", RECEIPT_RULES)
        assert receipt.text("title") == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"


def _edited_texts(tmp_path: Path, change: object) -> Path:
    """A copy of the shipped form texts with one change applied to the tt03_2025 receipt."""
    data = json.loads((resources_dir() / "forms" / "forms.json").read_text(encoding="utf-8"))
    receipt = data["profiles"]["tt03_2025"]["receipt"]
    assert callable(change)
    change(receipt)
    path = tmp_path / "forms.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("title"), r"profiles\.tt03_2025\.receipt\.title: missing"),
        (lambda r: r.update(title=""), r"receipt\.title: must not be empty"),
        (lambda r: r.update(title=3), r"receipt\.title: expected a text"),
        (
            lambda r: r.update(code_line="Mã hồ sơ: {ma}"),
            r"receipt\.code_line: unknown placeholder \{ma\}; this text may use: \{code\}",
        ),
        (
            lambda r: r.update(code_line="Mã hồ sơ:"),
            r"receipt\.code_line: the placeholder \{code\} is missing",
        ),
        (lambda r: r.update(code_line="Mã {code"), r"receipt\.code_line: .*brace"),
        (
            lambda r: r.update(documents_columns=["TT", "Tên"]),
            r"receipt\.documents_columns: expected 5 texts, not 2",
        ),
        (lambda r: r.update(titel="x"), r"receipt\.titel: unknown key"),
    ],
)
def test_a_damaged_form_texts_file_is_refused_naming_file_and_key(
    tmp_path: Path, change: object, message: str
) -> None:
    path = _edited_texts(tmp_path, change)
    with pytest.raises(FormTextError, match=message) as error:
        load_texts("tt03_2025", "receipt", RECEIPT_RULES, path=path)
    assert str(path) in str(error.value)


def test_form_texts_that_are_not_json_are_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "forms.json"
    path.write_text('{"format": 1,\n "profiles": {,}}', encoding="utf-8")
    with pytest.raises(FormTextError, match=r"forms\.json: not valid JSON \(line 2"):
        load_common_texts("tt03_2025", path=path)


def test_unknown_profile_is_refused_listing_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "forms.json"
    path.write_text('{"format": 1, "profiles": {"tt03_2025": {}}}', encoding="utf-8")
    with pytest.raises(FormTextError, match=r"profiles\.tt01_2018: missing .*tt03_2025"):
        load_common_texts("tt01_2018", path=path)
    with pytest.raises(FormTextError, match=r"profiles\.tt03_2025\.common: missing"):
        load_common_texts("tt03_2025", path=path)


def test_render_reports_a_damaged_file_in_the_resources_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = tmp_path / "resources"
    (resources / "forms").mkdir(parents=True)
    (resources / "fonts").symlink_to(resources_dir().resolve() / "fonts")
    broken = _edited_texts(tmp_path, lambda r: r.pop("pickup_note"))
    shutil.move(broken, resources / "forms" / "forms.json")
    monkeypatch.setenv("ONESTOP_RESOURCES", str(resources))
    out = tmp_path / "slip.pdf"
    with pytest.raises(FormTextError, match=r"resources/forms/forms\.json: .*pickup_note: missing"):
        render_receipt(make_data(), make_office(), out)
    assert not out.exists()


@needs_poppler
def test_an_administrator_can_leave_optional_lines_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = tmp_path / "resources"
    (resources / "forms").mkdir(parents=True)
    (resources / "fonts").symlink_to(resources_dir().resolve() / "fonts")
    edited = _edited_texts(
        tmp_path, lambda r: r.update(email="", ledger="", authorisation_note="", id_number="")
    )
    shutil.move(edited, resources / "forms" / "forms.json")
    monkeypatch.setenv("ONESTOP_RESOURCES", str(resources))
    (text,) = pdf_text(render(tmp_path, make_data(), make_office()))
    assert "Số điện thoại: 0912345678" in text
    for gone in ("Email", "Sổ theo dõi", "ủy quyền thì", "Số định danh"):
        assert gone not in text
