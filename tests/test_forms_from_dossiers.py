"""Each lifecycle form is drawn from what was recorded on the dossier, with one action."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from onestop_desktop.documents.lifecycle_forms import (
    ApologyData,
    ControlSheetData,
    RefusalData,
    SupplementData,
)
from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from tests.helpers import make_desk, run_cli

MARRIAGE_STATUS = "1.004873"  # Xác nhận tình trạng hôn nhân: 03 working days
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def _dossier(path: Path) -> tuple[Desk, str]:
    desk = make_desk(path)
    code = desk.receive(
        ReceiveRequest(MARRIAGE_STATUS, "Đặng Thị Ánh Tuyết", "001203004567", "0912345678")
    ).code
    return desk, code


def _advance(desk: Desk, hours: float) -> None:
    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(timedelta(hours=hours))


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_supplement_request_lists_each_missing_paper_from_the_request(db_path: Path) -> None:
    desk, code = _dossier(db_path)
    _advance(desk, 1)
    desk.transition(code, Status.SUPPLEMENT_REQUESTED, "Bản sao giấy khai sinh\nTờ khai; Ảnh 4x6")
    data = desk.form_data(desk.get(code), "supplement")
    assert isinstance(data, SupplementData)
    assert data.items == ("Bản sao giấy khai sinh", "Tờ khai", "Ảnh 4x6")
    assert data.applicant_name == "Đặng Thị Ánh Tuyết" and data.code == code


def test_refusal_carries_the_recorded_reason(db_path: Path) -> None:
    desk, code = _dossier(db_path)
    desk.transition(code, Status.REFUSED, "Không thuộc thẩm quyền của xã")
    data = desk.form_data(desk.get(code), "refusal")
    assert isinstance(data, RefusalData)
    assert data.reason == "Không thuộc thẩm quyền của xã"


def test_apology_names_the_date_it_replaces_and_the_new_one(db_path: Path) -> None:
    desk, code = _dossier(db_path)
    first_due = desk.get(code).due_at
    assert first_due is not None
    new_due = datetime(2026, 12, 4, 10, 0, tzinfo=VN_TZ)
    desk.apologise(code, new_due, "Cần xác minh tại nơi cư trú trước đây")
    data = desk.form_data(desk.get(code), "apology")
    assert isinstance(data, ApologyData)
    assert (data.original_due_at, data.new_due_at) == (first_due, new_due)
    assert data.reason == "Cần xác minh tại nơi cư trú trước đây"


def test_form_without_its_step_is_refused_naming_what_is_missing(db_path: Path) -> None:
    desk, code = _dossier(db_path)
    for form in ("supplement", "refusal", "apology"):
        with pytest.raises(InvalidInput) as caught:
            desk.render_form(code, db_path.with_name(f"{form}.pdf"), form)
        assert caught.value.errors[0].field == "form"
        assert "chưa" in caught.value.errors[0].vi
        assert not db_path.with_name(f"{form}.pdf").exists()


def test_control_sheet_follows_the_history_and_rates_the_result(db_path: Path) -> None:
    desk, code = _dossier(db_path)
    _advance(desk, 1)
    desk.transition(code, Status.IN_PROGRESS)
    _advance(desk, 2)
    desk.transition(code, Status.RESOLVED)
    data = desk.form_data(desk.get(code), "control")
    assert isinstance(data, ControlSheetData)
    assert [s.content for s in data.steps] == ["Tiếp nhận hồ sơ", "Trả kết quả"]
    assert data.steps[-1].result == "trước hạn"  # resolved on the day received, due in 3 days
    assert data.steps[0].at == desk.get(code).received_at


@needs_poppler
def test_slip_command_prints_each_form_from_the_command_line(db_path: Path, tmp_path: Path) -> None:
    desk, code = _dossier(db_path)
    desk.close()
    assert run_cli("transition", code, "--to", "5", "--note", "Tờ khai", db=db_path).returncode == 0
    assert run_cli("transition", code, "--to", "4", db=db_path).returncode == 0
    shown = json.loads(run_cli("show", code, "--json", db=db_path).stdout)
    new_due = (datetime.fromisoformat(shown["due_at"]) + timedelta(days=7)).isoformat()
    done = run_cli("apology", code, "--new-due", new_due, "--note", "Chờ xác minh", db=db_path)
    assert done.returncode == 0, done.stderr
    texts = {}
    for form in ("supplement", "apology", "control"):
        out = tmp_path / f"{form}.pdf"
        done = run_cli("slip", code, "--out", str(out), "--form", form, db=db_path)
        assert done.returncode == 0, done.stderr
        texts[form] = _text(out)
    assert "PHIẾU YÊU CẦU BỔ SUNG" in texts["supplement"] and "Tờ khai" in texts["supplement"]
    assert "PHIẾU XIN LỖI" in texts["apology"] and "Chờ xác minh" in texts["apology"]
    assert "PHIẾU KIỂM SOÁT" in texts["control"] and code in texts["control"]
    done = run_cli("slip", code, "--out", str(tmp_path / "r.pdf"), "--form", "refusal", db=db_path)
    assert done.returncode == 2 and "refusal" in done.stderr


def test_the_service_offers_exactly_the_forms_the_documents_render() -> None:
    from onestop_desktop.documents.lifecycle_forms import FORM_KINDS
    from onestop_desktop.operations import FORMS

    assert FORMS == FORM_KINDS


@needs_poppler
@pytest.mark.parametrize(
    ("office_type", "header", "body", "other"),
    [
        ("ttpvhcc", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Trung tâm Phục vụ", "Bộ phận"),
        ("bpmc", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "Bộ phận Tiếp nhận và Trả kết quả", "Trung"),
    ],
)
def test_refusal_body_names_the_office_its_header_names(
    db_path: Path, tmp_path: Path, office_type: str, header: str, body: str, other: str
) -> None:
    """Issue 11: the refusal said "Trung tâm …" under a "BỘ PHẬN …" header (or the reverse)."""
    desk, code = _dossier(db_path)
    desk.change_settings({"office_type": office_type})
    desk.transition(code, Status.REFUSED, "Không thuộc thẩm quyền của xã")
    out = tmp_path / "refusal.pdf"
    desk.render_form(code, out, "refusal")
    text = _text(out)
    assert header in text and f"Qua xem xét, {body}" in text
    assert other not in text
