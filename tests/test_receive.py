"""Receiving a dossier: codes, due dates, validation that saves nothing, returning applicants."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.dossier import (
    Channel,
    HandedDocument,
    InvalidInput,
    ReturnMethod,
    sequence_for,
)
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import ReceiveRequest, UnknownDossier
from tests.helpers import AGENCY, WEDNESDAY_9AM, make_desk

BIRTH = "1.001193"  # Đăng ký khai sinh: same day, 15:00 cut-off


def _count(path: Path, table: str = "dossiers") -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_receive_issues_code_with_agency_day_and_four_digit_sequence(db_path: Path) -> None:
    desk = make_desk(db_path)
    first = desk.receive(ReceiveRequest(BIRTH, "Nguyễn Thị Ánh"))
    second = desk.receive(ReceiveRequest(BIRTH, "Trần Văn Đức"))
    assert first.code == f"{AGENCY}-261125-0001"
    assert second.code == f"{AGENCY}-261125-0002"
    assert re.fullmatch(r"[A-Z0-9.]+-\d{6}-\d{4,}", first.code)


def test_received_dossier_is_stored_with_due_date_status_and_history(db_path: Path) -> None:
    desk = make_desk(db_path)
    dossier = desk.receive(
        ReceiveRequest(BIRTH, "Đặng Thị Ánh Tuyết", "001203004567", "0912 345 678")
    )
    desk.close()
    reopened = make_desk(db_path)
    again = reopened.get(dossier.code)
    assert again.applicant.name == "Đặng Thị Ánh Tuyết"
    assert again.applicant.phone == "0912345678"
    assert again.status is Status.RECEIVED
    assert again.due_at == datetime(2026, 11, 25, 17, 0, tzinfo=VN_TZ)
    assert [h.kind for h in again.history] == ["received"]
    assert again.documents, "the procedure's required papers are recorded by default"


def test_two_stations_of_one_office_never_issue_the_same_code(tmp_path: Path) -> None:
    desk1 = make_desk(tmp_path / "desk1.sqlite3", station=1)
    desk2 = make_desk(tmp_path / "desk2.sqlite3", station=2)
    codes1 = {desk1.receive(ReceiveRequest(BIRTH, "Lê Văn An")).code for _ in range(30)}
    codes2 = {desk2.receive(ReceiveRequest(BIRTH, "Lê Văn An")).code for _ in range(30)}
    assert not codes1 & codes2
    assert f"{AGENCY}-261125-1001" in codes1 and f"{AGENCY}-261125-2001" in codes2


def test_station_blocks_stay_disjoint_past_999_dossiers_a_day() -> None:
    numbers = {s: {sequence_for(s, n) for n in range(1, 5000)} for s in range(1, 10)}
    for a in range(1, 10):
        for b in range(a + 1, 10):
            assert not numbers[a] & numbers[b]


def test_code_is_not_reused_after_a_dossier_is_deleted(db_path: Path) -> None:
    desk = make_desk(db_path)
    last = desk.receive(ReceiveRequest(BIRTH, "Phạm Văn Bình"))
    with sqlite3.connect(db_path) as conn:  # someone deletes the row behind the program's back
        conn.execute("DELETE FROM dossier_events")
        conn.execute("DELETE FROM dossiers")
    nxt = desk.receive(ReceiveRequest(BIRTH, "Phạm Văn Bình"))
    assert nxt.code != last.code
    assert nxt.code.endswith("-0002")


def test_sequence_restarts_on_the_next_receiving_day(db_path: Path) -> None:
    desk = make_desk(db_path)
    desk.receive(ReceiveRequest(BIRTH, "Võ Thị Hoa"))
    next_day = WEDNESDAY_9AM + timedelta(days=1)
    desk.clock.advance(timedelta(days=1))  # type: ignore[attr-defined]
    dossier = desk.receive(ReceiveRequest(BIRTH, "Võ Thị Hoa", received_at=next_day))
    assert dossier.code == f"{AGENCY}-261126-0001"


def test_invalid_fields_are_all_reported_and_nothing_is_saved(db_path: Path) -> None:
    desk = make_desk(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.receive(ReceiveRequest("9.999999", "A1", "12345", "0123", "not-an-email"))
    fields = {e.field for e in caught.value.errors}
    assert fields == {"procedure", "name", "id_number", "phone", "email"}
    assert all(e.vi and e.en for e in caught.value.errors)
    assert _count(db_path) == 0
    assert _count(db_path, "code_counters") == 0


def test_receive_time_in_the_future_is_refused(db_path: Path) -> None:
    desk = make_desk(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.receive(
            ReceiveRequest(BIRTH, "Hồ Văn Sơn", received_at=WEDNESDAY_9AM + timedelta(hours=2))
        )
    assert caught.value.for_field("received_at") is not None


def test_postal_return_needs_an_address(db_path: Path) -> None:
    desk = make_desk(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.receive(ReceiveRequest(BIRTH, "Hồ Văn Sơn", return_method=ReturnMethod.POST))
    assert caught.value.for_field("address") is not None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("0276 3822 123", "02763822123"),
    ],
)
def test_vietnamese_phone_formats_are_accepted_and_normalised(
    db_path: Path, typed: str, stored: str
) -> None:
    desk = make_desk(db_path)
    assert desk.receive(ReceiveRequest(BIRTH, "Ngô Minh Tâm", phone=typed)).applicant.phone == (
        stored
    )


def test_documents_handed_over_are_recorded_with_their_counts(db_path: Path) -> None:
    desk = make_desk(db_path)
    docs = [
        HandedDocument("Tờ khai đăng ký khai sinh", 1, 0, 0),
        HandedDocument("Giấy chứng sinh", 1, 0, 1),
    ]
    dossier = desk.receive(ReceiveRequest(BIRTH, "Bùi Thị Lan", documents=docs, sets_count=1))
    assert list(dossier.documents) == docs


def test_returning_applicant_is_found_by_personal_id_number(db_path: Path) -> None:
    desk = make_desk(db_path)
    desk.receive(
        ReceiveRequest(
            BIRTH, "Đỗ Quốc Việt", "079088001234", "0987654321", "viet@example.vn", "Thôn Đông"
        )
    )
    found = desk.find_applicant("079 088 001 234")
    assert found is not None
    assert (found.name, found.phone, found.address) == ("Đỗ Quốc Việt", "0987654321", "Thôn Đông")
    assert desk.find_applicant("079088009999") is None


def test_unknown_code_is_reported(db_path: Path) -> None:
    desk = make_desk(db_path)
    with pytest.raises(UnknownDossier):
        desk.get("000.00.01.H56-261125-9999")


def test_scanned_code_with_spaces_and_lower_case_finds_the_dossier(db_path: Path) -> None:
    desk = make_desk(db_path)
    dossier = desk.receive(ReceiveRequest(BIRTH, "Lý Thị Mai", channel=Channel.ONLINE))
    assert desk.get(f"  {dossier.code.lower()}\n").code == dossier.code


def test_print_log_marks_reprints_and_ignores_failed_attempts(db_path: Path) -> None:
    desk = make_desk(db_path)
    code = desk.receive(ReceiveRequest(BIRTH, "Dương Văn Long")).code
    assert desk.record_print(code, "receipt", "failed", detail="printer offline") is False
    assert desk.record_print(code, "receipt", "printed") is False
    assert desk.record_print(code, "receipt", "printed") is True
    outcomes = [(p["outcome"], p["reprint"]) for p in desk.print_history(code)]
    assert outcomes == [("failed", 0), ("printed", 0), ("printed", 1)]


def test_the_birth_year_is_read_from_a_personal_id_number() -> None:
    from onestop_desktop.domain.dossier import birth_year

    assert birth_year("001095012345") == 1995  # 0: a man born in the 1900s
    assert birth_year("001301000111") == 2001  # 3: a woman born in the 2000s
    assert birth_year("079185000001") == 1985
    assert birth_year("00109501234") is None and birth_year("00109501234x") is None
