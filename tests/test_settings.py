"""Office settings: every field checked with its label, all or nothing; the desk's identity;
the year's days off and working days; forms printing the office's own texts and signer."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.domain.dossier import InvalidInput, validate_agency_code
from onestop_desktop.domain.settings import (
    OfficeSettings,
    settings_from_values,
    settings_to_values,
)
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.operations.office import IdentityChange
from onestop_desktop.store import audit as audit_store
from onestop_desktop.sync import keys
from tests.helpers import AGENCY, make_desk, run_cli

MARRIAGE_STATUS = "1.004873"  # Xác nhận tình trạng hôn nhân: 03 working days
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def _values(**changes: object) -> dict[str, object]:
    return {"agency_code": AGENCY, "agency_name": "UBND xã Tân Hưng", **changes}


def _fields(error: InvalidInput) -> set[str]:
    return {e.field for e in error.errors}


# -- the settings model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["000.00.01.H56", "H56", "H56.12.34", "000.00.01.h56", "A01.B2.C3", "K12.000.001"],
)
def test_agency_code_accepts_both_the_2020_and_the_older_style(code: str) -> None:
    assert validate_agency_code(code) == code.upper()


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("", "ký tự"),
        (".H56", "nhóm rỗng"),
        ("000.00.01.H56.", "nhóm rỗng"),
        ("000..01.H56", "nhóm rỗng"),
        ("000.00.01", "mã cấp 1"),
        ("Z56.01", "mã cấp 1"),  # level-1 letters are A-Y
        ("000.00.01-H56", "ký tự"),
        ("H56." + "1" * 40, "ký tự"),  # more than 35 characters
    ],
)
def test_agency_code_refuses_empty_groups_no_level1_and_other_characters(
    code: str, why: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_agency_code(code)
    assert caught.value.errors[0].field == "agency_code"
    assert why in caught.value.errors[0].vi
    assert "Mã định danh cơ quan" in caught.value.errors[0].vi


def test_every_wrong_field_is_named_with_its_label_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        settings_from_values(
            _values(
                lookup_url="ftp://example.org",
                hotline="gọi 0237",
                office_hours="11:30-07:00",
                copies=3,
                office_type="uy ban",
                head_title="CHỦ\nTỊCH",
                deputy_name="Trần Văn B",
            )
        )
    errors = {e.field: e for e in caught.value.errors}
    assert set(errors) == {
        "lookup_url",
        "hotline",
        "office_hours",
        "copies",
        "office_type",
        "head_title",
        "deputy_title",
    }
    assert (
        errors["lookup_url"].vi.startswith("Địa chỉ tra cứu:")
        and "https://" in errors["lookup_url"].vi
    )
    assert errors["hotline"].vi.startswith("Đường dây nóng:")
    assert errors["office_hours"].vi.startswith("Giờ làm việc:")
    assert "07:00-11:30,13:30-17:00" in errors["office_hours"].vi
    assert errors["head_title"].vi.startswith("Chức danh thủ trưởng")
    assert "cả họ tên và chức danh" in errors["deputy_title"].vi


@pytest.mark.parametrize(
    "hours",
    ["07:00-11:30,11:00-17:00", "07:00-07:30", "00:00-23:59", "25:00-26:00", "7-11", ""],
)
def test_office_hours_must_be_increasing_and_a_sane_day(hours: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        settings_from_values(_values(office_hours=hours))
    assert _fields(caught.value) == {"office_hours"}


def test_office_type_picks_the_header_and_a_typed_office_name_wins() -> None:
    centre = settings_from_values(_values())
    assert centre.office_title == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    section = settings_from_values(_values(office_type="bpmc"))
    assert section.office_title == "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    assert section.kind.suffix == "BPTNTKQ"
    named = settings_from_values(_values(office_type="bpmc", office_name="BỘ PHẬN MỘT CỬA"))
    assert named.office_title == "BỘ PHẬN MỘT CỬA"


def test_lookup_address_may_hold_the_dossier_placeholders_only() -> None:
    ok = settings_from_values(_values(lookup_url="https://dvc.example.vn/tra-cuu?MHS={code}"))
    assert ok.lookup_url.endswith("{code}")
    with pytest.raises(InvalidInput) as caught:
        settings_from_values(_values(lookup_url="https://dvc.example.vn/?x={secret}"))
    assert _fields(caught.value) == {"lookup_url"}


# -- changing settings ----------------------------------------------------------------------------


def test_a_wrong_field_saves_nothing_of_the_others(db_path: Path) -> None:
    desk = make_desk(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.change_settings({"head_title": "CHỦ TỊCH", "hotline": "abc"})
    assert _fields(caught.value) == {"hotline"}
    desk.close()
    again = Desk.open(db_path)
    assert again.settings.head_title == "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"
    assert not audit_store.entries(again.db, action_prefix="settings.changed")
    again.close()


def test_a_change_is_saved_and_audited_with_before_and_after(db_path: Path) -> None:
    desk = make_desk(db_path)
    change = desk.change_settings({"head_title": "CHỦ TỊCH", "head_of_agency": "Nguyễn Văn An"})
    assert change.changed == ("head_of_agency", "head_title")
    (entry,) = audit_store.entries(desk.db, action_prefix="settings.changed")
    assert entry["data"]["head_title"] == {"from": "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "to": "CHỦ TỊCH"}
    desk.close()
    assert Desk.open(db_path).settings.head_of_agency == "Nguyễn Văn An"


def test_calendar_and_backup_key_are_not_set_by_hand(db_path: Path) -> None:
    desk = make_desk(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.change_settings({"backup_public_key": "x", "calendar_overrides": []})
    assert _fields(caught.value) == {"backup_public_key", "calendar_overrides"}


# -- identity -------------------------------------------------------------------------------------


def _exported(db_path: Path, tmp_path: Path) -> Desk:
    desk = make_desk(db_path)
    desk.receive(ReceiveRequest(MARRIAGE_STATUS, "Lê Thị Hoa"))
    assert desk.export(tmp_path / "usb") is not None
    return desk


def test_identity_may_change_freely_before_the_first_export(db_path: Path) -> None:
    desk = make_desk(db_path)
    old = keys.fingerprint(keys.load_key(keys.key_path(db_path)))
    change = desk.change_settings({"station": 2})
    assert change.changed == ("station",) and not change.new_fingerprint
    assert keys.fingerprint(keys.load_key(keys.key_path(db_path))) == old


def test_identity_change_after_an_export_is_refused_without_confirmation(
    db_path: Path, tmp_path: Path
) -> None:
    desk = _exported(db_path, tmp_path)
    with pytest.raises(IdentityChange) as caught:
        desk.change_settings({"agency_code": "000.00.02.H56", "place_name": "Tân Hòa"})
    assert _fields(caught.value) == {"agency_code"}
    assert "--new-identity" in caught.value.errors[0].cli_hint
    assert desk.settings.agency_code == AGENCY and desk.settings.place_name == "Tân Hưng"


def test_confirmed_new_identity_makes_a_new_key_and_keeps_the_old_one(
    db_path: Path, tmp_path: Path
) -> None:
    desk = _exported(db_path, tmp_path)
    path = keys.key_path(db_path)
    old_pem = path.read_bytes()
    change = desk.change_settings({"station": 3}, new_identity=True)
    assert change.new_fingerprint == keys.fingerprint(keys.load_key(path))
    assert Path(change.retired_key).read_bytes() == old_pem
    assert path.read_bytes() != old_pem
    (entry,) = audit_store.entries(desk.db, action_prefix="desk.new_identity")
    assert entry["data"]["to"] == f"{AGENCY}#3"
    assert entry["data"]["fingerprint"] == change.new_fingerprint


def test_init_on_an_exported_desk_refuses_another_code_and_is_a_no_op_with_the_same(
    db_path: Path, tmp_path: Path
) -> None:
    _exported(db_path, tmp_path).close()
    refused = run_cli(
        "init", "--agency-code", "000.00.09.H56", "--agency-name", "UBND xã Tân Hưng", db=db_path
    )
    assert refused.returncode == 2, refused.stderr
    assert "agency_code" in refused.stderr and "settings set" in refused.stderr
    same = run_cli("init", "--agency-code", AGENCY, "--agency-name", "UBND xã Tân Hưng", db=db_path)
    assert same.returncode == 0 and "nothing changed" in same.stdout
    renamed = run_cli(
        "init", "--agency-code", AGENCY, "--agency-name", "UBND xã Tân Hòa", db=db_path
    )
    assert renamed.returncode == 0 and "updated: agency_name" in renamed.stdout


# -- the year's days off --------------------------------------------------------------------------


def test_a_day_off_moves_new_due_dates_but_not_recorded_ones(db_path: Path) -> None:
    desk = make_desk(db_path)  # Wednesday 25/11/2026, 9:00
    before = desk.receive(ReceiveRequest(MARRIAGE_STATUS, "Lê Thị Hoa"))
    assert before.due_at is not None
    desk.add_day(date(2026, 11, 26), working=False, note="Nghỉ bù")
    after = desk.receive(ReceiveRequest(MARRIAGE_STATUS, "Trần Văn Nam"))
    assert after.due_at is not None and before.due_at is not None
    assert after.due_at > before.due_at  # one working day fewer on the way
    assert desk.get(before.code).due_at == before.due_at
    desk.close()
    reopened = Desk.open(db_path, FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=VN_TZ)))
    assert not reopened.calendar.is_working_day(date(2026, 11, 26))
    assert reopened.get(before.code).due_at == before.due_at


def test_a_working_saturday_counts_and_edit_and_remove_undo_it(db_path: Path) -> None:
    desk = make_desk(db_path)
    saturday = date(2026, 11, 28)
    assert not desk.calendar.is_working_day(saturday)
    desk.add_day(saturday, working=True, note="Làm bù cho 2/1")
    assert desk.calendar.is_working_day(saturday)
    desk.edit_day(saturday, note="Làm bù cho thứ Sáu 2/1")
    assert desk.calendar_days()[0].note == "Làm bù cho thứ Sáu 2/1"
    desk.remove_day(saturday)
    assert not desk.calendar.is_working_day(saturday) and desk.calendar_days() == []
    actions = [e["action"] for e in audit_store.entries(desk.db, action_prefix="calendar.")]
    assert actions == ["calendar.removed", "calendar.edited", "calendar.added"]


def test_an_override_is_checked_date_note_and_duplicate(db_path: Path) -> None:
    desk = make_desk(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.add_day("2026-02-30", working=False, note="x\x00")
    assert _fields(caught.value) == {"date", "note"}
    desk.add_day("2026-12-31", working=False)
    with pytest.raises(InvalidInput) as caught:
        desk.add_day("2026-12-31", working=True)
    assert "đã có" in caught.value.errors[0].vi
    assert len(desk.calendar_days()) == 1


def test_a_past_day_counted_in_printed_due_dates_is_refused(db_path: Path) -> None:
    desk = make_desk(db_path)  # Wednesday 25/11/2026
    desk.receive(ReceiveRequest(MARRIAGE_STATUS, "Lê Thị Hoa"))  # due Monday 30/11
    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(timedelta(days=3))  # Saturday 28/11
    with pytest.raises(InvalidInput) as caught:
        desk.add_day(date(2026, 11, 26), working=False, note="Nghỉ")
    assert "đã qua" in caught.value.errors[0].vi and "1 hồ sơ" in caught.value.errors[0].vi
    assert desk.calendar_days() == []
    # a past day no dossier's due date counted across is free, and so is a future one
    desk.add_day(date(2026, 11, 20), working=False, note="Nghỉ")
    desk.add_day(date(2026, 11, 29), working=True, note="Làm bù")
    assert [d.day.day for d in desk.calendar_days()] == [20, 29]


def test_calendar_commands_exit_2_on_a_wrong_date_and_list_as_json(db_path: Path) -> None:
    make_desk(db_path).close()
    added = run_cli("calendar", "add", "2027-01-02", "--working", "--note", "Làm bù", db=db_path)
    assert added.returncode == 0, added.stderr
    wrong = run_cli("calendar", "add", "2027-13-01", "--off", db=db_path)
    assert wrong.returncode == 2 and "date" in wrong.stderr
    listed = run_cli("calendar", "list", "--json", db=db_path)
    assert json.loads(listed.stdout) == [{"date": "2027-01-02", "working": True, "note": "Làm bù"}]
    assert run_cli("calendar", "remove", "2027-01-02", db=db_path).returncode == 0
    assert run_cli("calendar", "remove", "2027-01-02", db=db_path).returncode == 2


# -- the command line -----------------------------------------------------------------------------


def test_settings_set_is_all_or_nothing_and_names_every_wrong_field(db_path: Path) -> None:
    make_desk(db_path).close()
    done = run_cli(
        "settings", "set", "head_title", "CHỦ TỊCH", "copies", "hai", "hotline", "abc",
        db=db_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert "copies" in done.stderr and "hotline" in done.stderr
    shown = json.loads(run_cli("settings", "show", "--json", db=db_path).stdout)
    assert shown["head_title"] == "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" and shown["copies"] == 1
    done = run_cli("settings", "set", "copies", "2", "head_title", "CHỦ TỊCH", db=db_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(run_cli("settings", "show", "--json", db=db_path).stdout)
    assert shown["copies"] == 2 and shown["head_title"] == "CHỦ TỊCH"
    assert set(shown) >= {"agency_code", "office_type", "deputy_title", "office_hours"}


@pytest.mark.parametrize(
    "args",
    [
        ("nonsense", "1"),
        ("backup_key_salt", "AAAA"),
        ("office_hours",),
        ("stick_backup", "maybe"),
    ],
)
def test_settings_set_refuses_unknown_managed_and_unpaired_keys(
    db_path: Path, args: tuple[str, ...]
) -> None:
    make_desk(db_path).close()
    done = run_cli("settings", "set", *args, db=db_path)
    assert done.returncode == 2, done.stdout


def test_settings_set_new_identity_prints_the_key_to_register(
    db_path: Path, tmp_path: Path
) -> None:
    _exported(db_path, tmp_path).close()
    refused = run_cli("settings", "set", "station", "4", db=db_path)
    assert refused.returncode == 2 and "--new-identity" in refused.stderr
    done = run_cli("settings", "set", "station", "4", "--new-identity", "--json", db=db_path)
    assert done.returncode == 0, done.stderr
    identity = json.loads(done.stdout)["new_identity"]
    assert identity["desk_id"] == f"{AGENCY}#4"
    assert identity["fingerprint"] == keys.fingerprint(keys.load_key(keys.key_path(db_path)))


# -- forms ----------------------------------------------------------------------------------------


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@needs_poppler
def test_forms_print_the_office_type_and_the_deputy_signing_on_behalf(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    desk.change_settings(
        {
            "office_type": "bpmc",
            "head_title": "CHỦ TỊCH",
            "head_of_agency": "Nguyễn Văn An",
            "deputy_name": "Trần Thị Bích",
            "deputy_title": "PHÓ CHỦ TỊCH",
        }
    )
    code = desk.receive(ReceiveRequest(MARRIAGE_STATUS, "Lê Thị Hoa", "001203004567")).code
    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(timedelta(days=6))
    desk.apologise(code, datetime(2026, 12, 8, 10, 0, tzinfo=VN_TZ), "Chờ xác minh")
    receipt, apology = tmp_path / "r.pdf", tmp_path / "a.pdf"
    desk.render_form(code, receipt, "receipt")
    desk.render_form(code, apology, "apology")
    slip = _pdf_text(receipt)
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in slip
    assert "Số: ……/BPTNTKQ " in slip and "TTPVHCC" not in slip
    assert "Bộ phận Tiếp nhận và Trả kết quả: UBND xã Tân Hưng" in slip
    assert "Trung tâm" not in slip
    assert "Tân Hưng, ngày 25 tháng 11 năm 2026" in slip
    letter = _pdf_text(apology)
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in letter and "Trần Thị Bích" in letter
    assert "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" not in letter
    # without a deputy, the head signs in their own name
    desk.change_settings({"deputy_name": "", "deputy_title": ""})
    desk.render_form(code, apology, "apology")
    letter = _pdf_text(apology)
    assert "KT." not in letter and "CHỦ TỊCH" in letter and "Nguyễn Văn An" in letter


def test_settings_round_trip_keeps_every_new_field() -> None:
    settings = settings_from_values(
        _values(office_type="bpmc", deputy_name="Trần B", deputy_title="PHÓ CHỦ TỊCH")
    )
    again = settings_from_values(settings_to_values(settings))
    assert again == settings and isinstance(again, OfficeSettings)


def test_a_damaged_stored_day_is_named_when_the_settings_are_read() -> None:
    with pytest.raises(InvalidInput) as caught:
        settings_from_values(_values(calendar_overrides=[{"date": "2026-02-30", "working": True}]))
    assert _fields(caught.value) == {"calendar_overrides"}
