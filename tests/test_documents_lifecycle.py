"""The lifecycle forms (Mẫu 02, 03, 04 and the control sheet): real PDFs read back with pdftotext
and scanned at 200 dpi for the barcode, in both wording profiles, on A5 with long inputs."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from onestop_desktop.documents.forms import FORM_NUMBERS, FormTextError, load_texts
from onestop_desktop.documents.lifecycle_forms import (
    APOLOGY_RULES,
    CONTROL_RULES,
    FORM_KINDS,
    REFUSAL_RULES,
    SUPPLEMENT_RULES,
    ApologyData,
    ControlSheetData,
    ControlStep,
    RefusalData,
    SupplementData,
    render_apology,
    render_control_sheet,
    render_form,
    render_refusal,
    render_supplement,
)
from onestop_desktop.resources import resources_dir
from tests.test_documents import (
    CODE,
    LONG_ADDRESS,
    NAME,
    decode,
    make_data,
    make_office,
    needs_poppler,
    needs_zbar,
    page_sizes_mm,
    pdf_text,
    scan,
)

VN = timezone(timedelta(hours=7))
CLERK = "Trần Văn Bình"
HEAD = "Lê Thị Hồng Nhung"
PROFILES = ("tt03_2025", "tt01_2018")

COMMON: dict[str, Any] = {
    "code": CODE,
    "procedure_code": "1.001193",
    "procedure_name": "Thủ tục đăng ký khai sinh",
    "applicant_name": NAME,
    "id_number": "038190001234",
    "phone": "0912345678",
    "email": "anh.nguyen@example.vn",
    "address": "Thôn Đông, xã Tân Hưng, tỉnh Thanh Hóa",
    "received_at": datetime(2026, 11, 22, 9, 30, tzinfo=VN),
    "due_at": datetime(2026, 11, 25, 9, 30, tzinfo=VN),
    "issued_at": datetime(2026, 11, 23, 14, 0, tzinfo=VN),
    "clerk_name": CLERK,
}
LONG_REASON = (
    "Hồ sơ chưa có văn bản xác nhận của cơ quan có thẩm quyền về nội dung liên quan; bản sao giấy "
    "tờ không được chứng thực theo quy định; thông tin trên tờ khai không thống nhất với giấy tờ "
    "tùy thân của người yêu cầu đăng ký, cần kiểm tra lại trước khi nộp. "
) * 2


def supplement(**changes: Any) -> SupplementData:
    values = {
        **COMMON,
        "items": (
            "Bản sao Giấy chứng nhận kết hôn của cha, mẹ (có chứng thực)",
            "Văn bản ủy quyền có chứng thực nếu người đi đăng ký không phải cha, mẹ",
        ),
        "reason": "Hồ sơ còn thiếu giấy tờ theo quy định",
        "contact_name": "Công chức Tư pháp - Hộ tịch Phạm Quốc Việt",
        "contact_phone": "0237 3851 234",
        **changes,
    }
    return SupplementData(**values)


def refusal(**changes: Any) -> RefusalData:
    values = {
        **COMMON,
        "reason": "Thủ tục không thuộc thẩm quyền giải quyết của UBND xã",
        **changes,
    }
    return RefusalData(**values)


ORIGINAL_DUE = datetime(2026, 11, 25, 9, 30, tzinfo=VN)
NEW_DUE = datetime(2026, 12, 4, 16, 0, tzinfo=VN)


def apology(**changes: Any) -> ApologyData:
    values = {
        **COMMON,
        "due_at": NEW_DUE,
        "original_due_at": ORIGINAL_DUE,
        "new_due_at": NEW_DUE,
        "reason": "Cần xác minh thông tin với cơ quan đăng ký hộ tịch nơi cư trú trước đây",
        **changes,
    }
    return ApologyData(**values)


STEPS = (
    ControlStep(
        datetime(2026, 11, 22, 10, 0, tzinfo=VN),
        "Bộ phận Tiếp nhận và Trả kết quả",
        "Công chức Tư pháp - Hộ tịch",
        "Chuyển xử lý",
        "đúng hạn",
    ),
    ControlStep(
        datetime(2026, 11, 24, 15, 20, tzinfo=VN),
        "Công chức Tư pháp - Hộ tịch",
        "Lãnh đạo UBND xã",
        "Trình ký",
        "trước hạn",
    ),
)


def control(**changes: Any) -> ControlSheetData:
    values = {
        **COMMON,
        "steps": STEPS,
        "processing_unit": "Công chức Tư pháp - Hộ tịch, UBND xã Tân Hưng",
        **changes,
    }
    return ControlSheetData(**values)


RENDERERS: dict[str, tuple[Callable[..., None], Callable[..., Any]]] = {
    "supplement": (render_supplement, supplement),
    "refusal": (render_refusal, refusal),
    "apology": (render_apology, apology),
    "control": (render_control_sheet, control),
}
TITLES = {
    ("supplement", "tt03_2025"): "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    ("supplement", "tt01_2018"): "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    ("refusal", "tt03_2025"): "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    ("refusal", "tt01_2018"): "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    ("apology", "tt03_2025"): "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    ("apology", "tt01_2018"): "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    ("control", "tt03_2025"): "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    ("control", "tt01_2018"): "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}


def office_for(profile: str = "tt03_2025", **changes: Any) -> Any:
    return make_office(
        form_profile=profile,
        head_of_agency=HEAD,
        head_title="CHỦ TỊCH",
        agency_name="UBND xã Tân Hưng",
        hotline="0237 3851 000",
        **changes,
    )


def render(tmp_path: Path, kind: str, data: Any, office: Any, name: str = "") -> Path:
    out = tmp_path / f"{name or kind}.pdf"
    RENDERERS[kind][0](data, office, out)
    return out


# -- every form, both profiles --------------------------------------------------------------------


@needs_zbar
@needs_poppler
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", list(RENDERERS))
def test_form_prints_its_title_the_applicant_and_a_barcode_that_scans(
    tmp_path: Path, kind: str, profile: str
) -> None:
    pdf = render(tmp_path, kind, RENDERERS[kind][1](), office_for(profile))
    (text,) = pdf_text(pdf)
    assert TITLES[kind, profile] in text
    assert NAME in text
    assert CODE in text
    assert "UBND XÃ TÂN HƯNG" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tân Hưng, ngày 23 tháng 11 năm 2026" in text  # the date of issue
    for dpi in (150, 120):  # a cheap printer and a tired scanner
        (image,) = scan(pdf, dpi)
        assert decode(image, "code128") == [CODE], dpi
        (payload,) = decode(image, "qrcode")
        assert payload.startswith(f"MHS={CODE};TTHC=1.001193;GT="), dpi
    assert f";GT=M{FORM_NUMBERS[profile][kind]};" in payload


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_form_is_one_page_per_copy_in_the_paper_the_office_prints(
    tmp_path: Path, kind: str
) -> None:
    data = RENDERERS[kind][1]()
    a5 = render(tmp_path, kind, data, office_for(copies=2), "a5")
    a4 = render(tmp_path, kind, data, office_for(paper="A4"), "a4")
    copies = 1 if kind == "control" else 2  # the control sheet travels inside the dossier
    assert page_sizes_mm(a5) == [(148, 210)] * copies
    assert page_sizes_mm(a4) == [(210, 297)]


# -- long inputs stay on one page per copy --------------------------------------------------------

LONG_STEPS = tuple(
    ControlStep(
        datetime(2026, 11, 22, 10, 0, tzinfo=VN) + timedelta(hours=5 * i),
        f"Phòng/bộ phận chuyên môn số {i} có tên rất dài của Ủy ban nhân dân xã Tân Hưng",
        f"Phòng/bộ phận chuyên môn số {i + 1} có tên rất dài của Ủy ban nhân dân xã Tân Hưng",
        "Chuyển hồ sơ để thẩm định, xác minh và trình ký theo quy trình nội bộ",
        ("trước hạn", "đúng hạn", "quá hạn", "")[i % 4],
    )
    for i in range(1, 9)
)
LONG_INPUTS: dict[str, dict[str, Any]] = {
    "supplement": {
        "address": LONG_ADDRESS,
        "items": tuple(
            f"Giấy tờ số {i}: văn bản xác nhận của cơ quan có thẩm quyền về nội dung liên quan "
            "đến hồ sơ đề nghị đăng ký, bản sao có chứng thực"
            for i in range(1, 9)
        ),
        "reason": LONG_REASON,
    },
    "refusal": {"address": LONG_ADDRESS, "reason": LONG_REASON},
    "apology": {"address": LONG_ADDRESS, "reason": LONG_REASON},
    "control": {"address": LONG_ADDRESS, "steps": LONG_STEPS},
}


@needs_poppler
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", list(RENDERERS))
def test_long_inputs_fit_one_a5_page_per_copy(tmp_path: Path, kind: str, profile: str) -> None:
    data = RENDERERS[kind][1](**LONG_INPUTS[kind])
    pdf = render(tmp_path, kind, data, office_for(profile, copies=2))
    pages = pdf_text(pdf)
    assert len(pages) == (1 if kind == "control" else 2)
    for page in pages:
        assert NAME in page
        if kind == "supplement":
            assert "Giấy tờ số 8:" in page
            assert LONG_ADDRESS in page
        if kind in ("refusal", "apology"):
            assert " ".join(LONG_REASON.split()) in page  # all of it: nothing clipped
        if kind == "control":
            assert "Phòng/bộ phận chuyên môn số 9" in page  # the last step
            assert "Ghi chú:" in page  # and the notes under the table


# -- Mẫu 02 ---------------------------------------------------------------------------------------


@needs_poppler
def test_supplement_lists_what_to_complete_and_whom_to_ask(tmp_path: Path) -> None:
    (text,) = pdf_text(render(tmp_path, "supplement", supplement(), office_for()))
    for expected in (
        "Số: ……/PBS-TTPVHCC",
        f"Hồ sơ của: {NAME}",
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh",
        "Địa chỉ: Thôn Đông, xã Tân Hưng, tỉnh Thanh Hóa",
        "Số điện thoại: 0912345678 Email: anh.nguyen@example.vn",
        "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:",
        "1. Bản sao Giấy chứng nhận kết hôn của cha, mẹ (có chứng thực)",
        "2. Văn bản ủy quyền",
        "Lý do: Hồ sơ còn thiếu giấy tờ theo quy định",
        "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với Công chức Tư pháp "
        "- Hộ tịch Phạm Quốc Việt số điện thoại 0237 3851 234 để được hướng dẫn./.",
        "NGƯỜI HƯỚNG DẪN",
        CLERK,
    ):
        assert expected in text, expected


@needs_poppler
def test_supplement_without_contact_names_the_clerk_and_the_hotline(tmp_path: Path) -> None:
    data = supplement(contact_name="", contact_phone="", items=())
    (text,) = pdf_text(render(tmp_path, "supplement", data, office_for()))
    assert f"liên hệ với {CLERK} số điện thoại 0237 3851 000 để được hướng dẫn" in text
    assert "1. ……" in text and "3. ……" in text  # lines to write the items by hand


# -- Mẫu 03 ---------------------------------------------------------------------------------------


@needs_poppler
def test_refusal_gives_the_reason_and_both_signatures(tmp_path: Path) -> None:
    (text,) = pdf_text(render(tmp_path, "refusal", refusal(), office_for()))
    for expected in (
        "Số: ……/PTC-TTPVHCC",
        "Trung tâm Phục vụ hành chính công: UBND xã Tân Hưng",
        "Qua xem xét, Trung tâm Phục vụ hành chính công thông báo không tiếp nhận",
        f"Tiếp nhận hồ sơ của: {NAME}",
        "Số định danh cá nhân/tổ chức: 038190001234",
        f"Mã hồ sơ (nếu có): {CODE}",
        "với lý do cụ thể như sau: Thủ tục không thuộc thẩm quyền giải quyết của UBND xã",
        "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        CLERK,
    ):
        assert expected in text, expected


@needs_poppler
def test_refusal_in_the_2018_wording_has_no_id_line_and_the_code_under_the_title(
    tmp_path: Path,
) -> None:
    (text,) = pdf_text(render(tmp_path, "refusal", refusal(), office_for("tt01_2018")))
    assert "Trung tâm Phục vụ hành chính công: UBND xã Tân Hưng" in text
    assert f"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ Mã hồ sơ: {CODE}" in text
    assert "Số định danh" not in text and "(nếu có)" not in text


# -- Mẫu 04 ---------------------------------------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize("profile", PROFILES)
def test_apology_names_both_appointments_and_is_signed_by_the_head_not_the_clerk(
    tmp_path: Path, profile: str
) -> None:
    (text,) = pdf_text(render(tmp_path, "apology", apology(), office_for(profile)))
    for expected in (
        TITLES["apology", profile],
        "Số: ……/PXL",
        f"Kính gửi: {NAME}",
        "Ngày 22 tháng 11 năm 2026, UBND xã Tân Hưng tiếp nhận giải quyết hồ sơ đề nghị giải "
        "quyết thủ tục hành chính Thủ tục đăng ký khai sinh của Ông/Bà/Tổ chức; số định danh: "
        f"038190001234; mã số hồ sơ: {CODE}.",
        # the appointment on the slip, then the new one, each with its time
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 30 phút, ngày 25 tháng 11 năm 2026.",
        "Lý do: Cần xác minh thông tin",
        "sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà/Tổ chức vào 16 giờ 00 phút, ngày 04 tháng 12 "
        "năm 2026.",
        "Mong nhận được sự thông cảm của Ông/Bà/Tổ chức vì sự chậm trễ này./.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
        "CHỦ TỊCH",
        HEAD,
    ):
        assert expected in text, expected
    assert CLERK not in text
    assert "NGƯỜI TIẾP NHẬN" not in text


def test_apology_qr_code_announces_the_new_appointment() -> None:
    # The QR code's due time is the new one (HEN), not the one the slip announced.
    from onestop_desktop.documents.forms import dossier_qr_payload

    data = apology()
    payload = dossier_qr_payload(
        office_for(),
        "apology",
        code=data.code,
        procedure_code=data.procedure_code,
        issued_at=data.issued_at,
        due_at=data.new_due_at,
    )
    assert payload.endswith(";GT=M04;HT=OneStop Desktop;PH=202611231400;HEN=202612041600")


def test_apology_refuses_a_new_appointment_that_is_not_later() -> None:
    with pytest.raises(ValueError, match="new_due_at"):
        apology(new_due_at=ORIGINAL_DUE)


# -- the control sheet ----------------------------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize(
    ("profile", "headings", "note"),
    [
        (
            "tt03_2025",
            (
                "Tên đơn vị",
                "Thời gian giao nhận hồ sơ",
                "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)",
                "Ghi chú",
            ),
            "Việc lưu vết được thực hiện tự động",
        ),
        (
            "tt01_2018",
            (
                "TÊN CƠ QUAN",
                "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)",
                "GHI CHÚ",
            ),
            "hóa đơn của cơ quan Bưu chính",
        ),
    ],
)
def test_control_sheet_has_the_hand_over_table_from_the_history(
    tmp_path: Path, profile: str, headings: tuple[str, ...], note: str
) -> None:
    pdf = render(tmp_path, "control", control(), office_for(profile))
    (text,) = pdf_text(pdf)
    suffix = "PKS-TTPVHCC"
    for expected in (
        f"Số: ……/{suffix}",
        f"Mã số hồ sơ: {CODE}",
        f"Kèm theo hồ sơ của: {NAME}",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Công chức Tư pháp - Hộ tịch, UBND xã Tân Hưng",
        "Ngày nhận: 09 giờ 30 phút, ngày 22 tháng 11 năm 2026",
        "Hẹn trả kết quả vào 09 giờ 30 phút, ngày 25 tháng 11 năm 2026",
        *headings,
        "1. Giao: Bộ phận Tiếp nhận và Trả kết quả 2. Nhận: Công chức Tư pháp - Hộ tịch",
        "10 giờ 00 phút, ngày 22/11/2026",
        "Đúng hạn",
        "Chuyển xử lý",
        "15 giờ 20 phút, ngày 24/11/2026",
        "Trước hạn",
        "Trình ký",
        "… giờ … phút, ngày …/…/…",  # a blank row to fill in by hand
        "Ghi chú:",
        note,
    ):
        assert expected in text, expected
    # two recorded steps, two blank rows: four hand-overs to sign
    assert text.count("Người giao") == text.count("Người nhận") == 4


def test_control_step_refuses_an_unknown_result() -> None:
    with pytest.raises(ValueError, match="result"):
        ControlStep(datetime(2026, 11, 22, 10, 0, tzinfo=VN), "A", "B", "", "sớm")


def test_form_data_refuses_times_without_an_offset() -> None:
    with pytest.raises(ValueError, match="issued_at"):
        refusal(issued_at=datetime(2026, 11, 23, 14, 0))
    with pytest.raises(ValueError, match="code"):
        refusal(code=" ")


# -- the dispatcher -------------------------------------------------------------------------------


def test_render_form_prints_every_kind_and_refuses_mismatched_data() -> None:
    assert FORM_KINDS == ("receipt", "supplement", "refusal", "apology", "control")
    data: dict[str, Any] = {"receipt": make_data()}
    data.update({kind: factory() for kind, (_, factory) in RENDERERS.items()})
    for kind in FORM_KINDS:
        out = io.BytesIO()
        render_form(kind, data[kind], office_for(), out)
        assert out.getvalue().startswith(b"%PDF-")
    with pytest.raises(TypeError, match="refusal"):
        render_form("refusal", supplement(), office_for(), io.BytesIO())
    with pytest.raises(ValueError, match="unknown form 'stop'"):
        render_form("stop", refusal(), office_for(), io.BytesIO())


def test_same_input_gives_the_same_bytes() -> None:
    for kind, (renderer, factory) in RENDERERS.items():
        first, second = io.BytesIO(), io.BytesIO()
        renderer(factory(), office_for(), first)
        renderer(factory(), office_for(), second)
        assert first.getvalue() == second.getvalue(), kind


# -- the form texts -------------------------------------------------------------------------------

RULES = {
    "supplement": SUPPLEMENT_RULES,
    "refusal": REFUSAL_RULES,
    "apology": APOLOGY_RULES,
    "control": CONTROL_RULES,
}


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", list(RULES))
def test_shipped_form_texts_are_valid(kind: str, profile: str) -> None:
    assert load_texts(profile, kind, RULES[kind]).text("title") == TITLES[kind, profile]


@pytest.mark.parametrize(
    ("kind", "key", "value", "message"),
    [
        ("apology", "new_due", "Hẹn lại vào {ngay}.", r"unknown placeholder \{ngay\}"),
        ("apology", "received", "Ngày {day}", r"the placeholder \{agency\} is missing"),
        ("supplement", "contact", "", r"supplement\.contact: must not be empty"),
        ("control", "columns", ["A", "B"], r"control\.columns: expected 4 texts, not 2"),
        ("refusal", "reason", None, r"refusal\.reason: missing"),
    ],
)
def test_a_damaged_section_is_refused_naming_file_and_key(
    tmp_path: Path, kind: str, key: str, value: object, message: str
) -> None:
    data = json.loads((resources_dir() / "forms" / "forms.json").read_text(encoding="utf-8"))
    section = data["profiles"]["tt03_2025"][kind]
    if value is None:
        del section[key]
    else:
        section[key] = value
    path = tmp_path / "forms.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormTextError, match=message) as error:
        load_texts("tt03_2025", kind, RULES[kind], path=path)
    assert str(path) in str(error.value)


def test_render_reports_a_damaged_section_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = tmp_path / "resources"
    (resources / "forms").mkdir(parents=True)
    (resources / "fonts").symlink_to(resources_dir().resolve() / "fonts")
    data = json.loads((resources_dir() / "forms" / "forms.json").read_text(encoding="utf-8"))
    del data["profiles"]["tt03_2025"]["apology"]["closing"]
    (resources / "forms" / "forms.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("ONESTOP_RESOURCES", str(resources))
    out = tmp_path / "apology.pdf"
    with pytest.raises(FormTextError, match=r"apology\.closing: missing"):
        render_apology(apology(), office_for(), out)
    assert not out.exists()
