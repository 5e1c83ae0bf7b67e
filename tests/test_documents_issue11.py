"""The printed forms as a head of office reads them (issue 11): form number, place, capitals,
forms of address, the office named in the refusal, shown-only papers, titles and the header."""

from __future__ import annotations

import dataclasses
import itertools
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from onestop_desktop.documents.forms import (
    _UNITS,
    FORM_NUMBERS,
    FORMS,
    PAGE_LAYOUTS,
    balanced,
    default_texts_path,
    form_header,
    form_styles,
    load_common_texts,
    place_of,
    running_name,
)
from onestop_desktop.documents.receipt import SlipDocument, render_receipt
from onestop_desktop.domain.settings import OFFICE_KINDS
from tests.test_documents import make_data, needs_poppler, pdf_text
from tests.test_documents_lifecycle import PROFILES, RENDERERS, office_for

PAPERS = ("A5", "A4")


def render_any(tmp_path: Path, kind: str, office: Any, name: str = "") -> Path:
    out = tmp_path / f"{name or kind}-{office.form_profile}-{office.paper}.pdf"
    if kind == "receipt":
        render_receipt(make_data(), office, out)
    else:
        renderer, make = RENDERERS[kind]
        renderer(make(), office, out)
    return out


@needs_poppler
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", FORMS)
def test_every_form_prints_its_number_and_the_place_on_the_date_line(
    tmp_path: Path, kind: str, profile: str, paper: str
) -> None:
    (text,) = pdf_text(render_any(tmp_path, kind, office_for(profile, paper=paper)))
    assert f"Mẫu số {FORM_NUMBERS[profile][kind]}" in text
    assert "Tân Hưng, ngày 2" in text


@needs_poppler
@pytest.mark.parametrize("kind", FORMS)
def test_without_a_place_name_the_date_line_names_the_agency_s_place(
    tmp_path: Path, kind: str
) -> None:
    (text,) = pdf_text(render_any(tmp_path, kind, office_for(place_name="")))
    assert "Tân Hưng, ngày 2" in text
    assert not any(line.startswith(", ngày") for line in text.split("  "))


@needs_poppler
@pytest.mark.parametrize("typed", ["", "UBND XÃ TÂN HƯNG"])
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", FORMS)
def test_capitals_belong_to_the_header_only(
    tmp_path: Path, kind: str, profile: str, typed: str
) -> None:
    """Agency name empty (taken from header line 1) or typed in capitals: the running text
    says "UBND xã Tân Hưng"; the capitals print once, in the header."""
    office = dataclasses.replace(office_for(profile), agency_name=typed)
    (text,) = pdf_text(render_any(tmp_path, kind, office))
    assert text.count("UBND XÃ TÂN HƯNG") == 1
    assert text.count("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG") == 1


def test_running_names_lose_their_capitals_but_keep_abbreviations() -> None:
    assert running_name("UBND XÃ TÂN HƯNG") == "UBND xã Tân Hưng"
    assert running_name("UBND THÀNH PHỐ HÀ NỘI") == "UBND thành phố Hà Nội"
    assert running_name("UBND xã Tân Hưng") == "UBND xã Tân Hưng"  # typed in mixed case: kept
    assert running_name("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ") == "Bộ phận tiếp nhận và trả kết quả"
    assert place_of("UBND PHƯỜNG BA ĐÌNH") == "Ba Đình"
    assert place_of("Văn phòng") == ""


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", FORMS)
def test_each_form_addresses_the_applicant_one_way(kind: str, profile: str) -> None:
    data = json.loads(default_texts_path().read_text(encoding="utf-8"))
    section = json.dumps(data["profiles"][profile][kind], ensure_ascii=False)
    wordings = [w for w in ("Ông/Bà/Tổ chức", "Ông (Bà)/Tổ chức") if w in section]
    assert len(wordings) <= 1, wordings


@needs_poppler
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("office_type", sorted(OFFICE_KINDS))
def test_refusal_body_names_the_office_of_its_header(
    tmp_path: Path, office_type: str, profile: str
) -> None:
    kind = OFFICE_KINDS[office_type]
    office = office_for(profile, office_name=kind.header, office_kind=kind.running)
    (text,) = pdf_text(render_any(tmp_path, "refusal", office))
    assert kind.header in text
    assert f"Qua xem xét, {kind.running} thông báo" in text
    other = next(k for t, k in OFFICE_KINDS.items() if t != office_type)
    assert other.running not in text and other.header not in text


@needs_poppler
def test_refusal_under_a_header_line_typed_by_hand_names_that_office(tmp_path: Path) -> None:
    office = office_for(office_name="BỘ PHẬN MỘT CỬA XÃ TÂN HƯNG")  # office_kind stays the TTPVHCC
    (text,) = pdf_text(render_any(tmp_path, "refusal", office))
    assert "Qua xem xét, Bộ phận một cửa xã Tân Hưng thông báo" in text
    assert "Trung tâm Phục vụ" not in text


@needs_poppler
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("channel", [1, 2, 3])
def test_receipt_prints_no_channel_after_the_name(
    tmp_path: Path, profile: str, channel: int
) -> None:
    out = tmp_path / "slip.pdf"
    render_receipt(make_data(channel=channel), office_for(profile), out)
    (text,) = pdf_text(out)
    for label in ("(Trực tiếp)", "(Trực tuyến)", "(BCCI)"):
        assert label not in text


@needs_poppler
@pytest.mark.parametrize("profile", PROFILES)
def test_a_paper_only_shown_prints_xuat_trinh_not_zeros(tmp_path: Path, profile: str) -> None:
    documents = (
        SlipDocument("Tờ khai đăng ký khai sinh", 1, 0, 2),
        SlipDocument("Căn cước của người đi đăng ký", 0, 0, 0),
    )
    out = tmp_path / "slip.pdf"
    render_receipt(make_data(documents=documents), office_for(profile), out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    rows = {" ".join(line.split()) for line in text.splitlines()}
    assert "1 Tờ khai đăng ký khai sinh 1 0 2" in rows
    assert "2 Căn cước của người đi đăng ký Xuất trình" in rows
    assert not any(row.endswith("0 0 0") for row in rows)


def test_titles_break_between_words_not_inside_one() -> None:
    """ "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA | HẠN …" split the word "gia hạn"."""
    data = json.loads(default_texts_path().read_text(encoding="utf-8"))
    titles = {
        section["title"]
        for profile in data["profiles"].values()
        for section in profile.values()
        if isinstance(section, dict) and "title" in section
    }
    assert "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in titles
    for paper in PAPERS:
        layout = PAGE_LAYOUTS[paper]
        for size in layout.font_sizes:
            style = form_styles(size).title
            for title in titles:
                lines = balanced(title, style, layout.frame_width).text.split("<br/>")
                for upper, lower in itertools.pairwise(lines):
                    joint = f"{upper.split()[-1]} {lower.split()[0]}"
                    assert not any(joint in unit for unit in _UNITS), (title, lines)


def test_body_text_is_not_justified() -> None:
    styles = form_styles(9.0)
    assert {styles.body.alignment, styles.prose.alignment, styles.note.alignment} == {0}
    assert styles.note_italic.alignment == 0  # TA_LEFT


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("profile", PROFILES)
def test_the_header_is_the_same_on_every_form_whatever_the_body_size(
    paper: str, profile: str
) -> None:
    """The control sheet's body shrinks further than the slip's; its header used to shrink with
    it and stop wrapping. The header is laid out at the paper's own size on every form."""
    office = office_for(profile, paper=paper)
    common = load_common_texts(profile)
    layout = PAGE_LAYOUTS[paper]
    sizes = set()
    for kind in FORMS:
        for body_size in (layout.font_sizes[0], layout.font_sizes[-1]):
            header = form_header(
                office,
                common,
                form_styles(body_size),
                layout.frame_width,
                form=kind,
                number="",
                issued=make_data().received_at.date(),
            )
            sizes.add(header.wrap(layout.frame_width, layout.frame_height))
    assert len(sizes) == 1, sizes
