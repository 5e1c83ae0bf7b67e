"""A dossier's life: allowed moves, reasons, the paused clock, apologies and the hand-back."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.lifecycle import ALLOWED, parse_status
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from tests.helpers import make_desk

MARRIAGE_STATUS = "1.004873"  # Xác nhận tình trạng hôn nhân: 03 working days


def _desk_with_dossier(path: Path) -> tuple[Desk, str]:
    desk = make_desk(path)
    code = desk.receive(ReceiveRequest(MARRIAGE_STATUS, "Phan Thị Ngọc Hân")).code
    return desk, code


def _advance(desk: Desk, **delta: float) -> datetime:
    clock = desk.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(**delta))
    return clock.now()


def test_whole_life_from_receipt_to_hand_back_is_recorded_step_by_step(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)
    _advance(desk, hours=1)
    desk.transition(code, Status.IN_PROGRESS, "Chuyển phòng Tư pháp")
    _advance(desk, hours=3)
    desk.transition(code, Status.RESOLVED)
    _advance(desk, hours=20)
    done = desk.transition(code, Status.RETURNED, collected_by="Phan Văn Hải (chồng)")
    assert done.status is Status.RETURNED
    assert done.collected_by == "Phan Văn Hải (chồng)"
    assert [(h.from_status, h.to_status) for h in done.history] == [
        (None, Status.RECEIVED),
        (Status.RECEIVED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
        (Status.RESOLVED, Status.RETURNED),
    ]
    assert all(h.actor == "Cán bộ một cửa" for h in done.history)
    assert done.history[1].note == "Chuyển phòng Tư pháp"
    assert done.finished_at is not None and done.returned_at is not None


def test_illegal_move_is_refused_naming_the_possible_moves(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.transition(code, Status.RETURNED, collected_by="X")
    error = caught.value.errors[0]
    assert "Đang xử lý" in error.vi and "Đã xử lý xong" in error.vi
    assert "possible" in error.en
    assert desk.get(code).status is Status.RECEIVED


def test_final_statuses_allow_no_further_move(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)
    desk.transition(code, Status.REFUSED, "Hồ sơ không thuộc thẩm quyền")
    for target in Status:
        with pytest.raises(InvalidInput):
            desk.transition(code, target, "x", collected_by="x")
    assert ALLOWED[Status.REFUSED] == ()


@pytest.mark.parametrize(
    "target",
    [Status.REFUSED, Status.STOPPED, Status.SUPPLEMENT_REQUESTED, Status.WITHDRAWAL_REQUESTED],
)
def test_refusal_stop_supplement_and_withdrawal_need_a_reason(
    db_path: Path, target: Status
) -> None:
    desk, code = _desk_with_dossier(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.transition(code, target, "  ")
    assert caught.value.for_field("note") is not None
    assert desk.get(code).status is Status.RECEIVED


def test_hand_back_needs_who_collected_the_result(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)
    desk.transition(code, Status.RESOLVED)
    with pytest.raises(InvalidInput) as caught:
        desk.transition(code, Status.RETURNED)
    assert caught.value.for_field("collected_by") is not None


def test_paused_dossier_due_date_moves_by_exactly_the_paused_office_time(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)  # received Wed 25/11/2026 09:00
    before = desk.get(code).due_at
    assert before == datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)  # 3 working days
    paused_at = _advance(desk, hours=1)  # Wed 10:00
    desk.transition(code, Status.SUPPLEMENT_REQUESTED, "Thiếu bản sao giấy khai sinh")
    resumed_at = _advance(desk, days=1, hours=5)  # Thu 15:00
    after = desk.transition(code, Status.IN_PROGRESS, "Đã nhận giấy tờ bổ sung")
    paused = desk.calendar.office_time_between(paused_at, resumed_at)
    # Wed 10:00-11:30 + 13:30-17:00 (5 h) and Thu 07:00-11:30 + 13:30-15:00 (6 h)
    assert paused == timedelta(hours=11)
    assert after.due_at == desk.calendar.add_office_time(before, paused)
    # Mon 30/11 09:00 + 11 office hours: 6 h on Monday, 5 h on Tuesday (lunch skipped)
    assert after.due_at == datetime(2026, 12, 1, 14, 0, tzinfo=VN_TZ)
    assert after.original_due_at == before


def test_supplement_clock_stop_counts_only_office_time_over_a_weekend(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)
    before = desk.get(code).due_at
    assert before is not None
    _advance(desk, days=2, hours=7)  # Fri 27/11 16:00
    desk.transition(code, Status.SUPPLEMENT_REQUESTED, "Thiếu tờ khai")
    _advance(desk, days=3, hours=-8)  # Mon 30/11 08:00
    after = desk.transition(code, Status.IN_PROGRESS)
    # Fri 16:00-17:00 and Mon 07:00-08:00: two office hours paused.
    assert after.due_at == desk.calendar.add_office_time(before, timedelta(hours=2))


def test_apology_sets_a_new_date_once_and_a_second_needs_a_recorded_override(
    db_path: Path,
) -> None:
    desk, code = _desk_with_dossier(db_path)
    due = desk.get(code).due_at
    assert due is not None
    new_due = due + timedelta(days=3)
    desk.apologise(code, new_due, "Chờ xác minh của xã khác")
    dossier = desk.get(code)
    assert dossier.due_at == new_due and dossier.original_due_at == due
    assert dossier.apology_count == 1
    with pytest.raises(InvalidInput) as caught:
        desk.apologise(code, new_due + timedelta(days=4), "Vẫn chờ xác minh")
    assert caught.value.for_field("override") is not None
    desk.apologise(code, new_due + timedelta(days=4), "Vẫn chờ xác minh", override=True)
    apologies = desk.apologies(code)
    assert [a["override"] for a in apologies] == [False, True]
    assert apologies[0]["previous_due"] == due.isoformat()
    assert apologies[0]["sent_in_time"] is True


def test_apology_new_date_must_be_later_and_needs_a_reason(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)
    due = desk.get(code).due_at
    assert due is not None
    with pytest.raises(InvalidInput) as caught:
        desk.apologise(code, due - timedelta(hours=1), "")
    assert {e.field for e in caught.value.errors} == {"new_due", "note"}


def test_step_time_before_the_previous_step_is_refused(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)
    with pytest.raises(InvalidInput) as caught:
        desk.transition(code, Status.IN_PROGRESS, at=datetime(2026, 11, 1, 9, tzinfo=VN_TZ))
    assert caught.value.for_field("at") is not None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("9", Status.RESOLVED),
        ("resolved", Status.RESOLVED),
        ("Đang xử lý", Status.IN_PROGRESS),
        ("dang xu ly", Status.IN_PROGRESS),
        ("supplement_requested", Status.SUPPLEMENT_REQUESTED),
    ],
)
def test_status_is_accepted_as_national_code_or_name(text: str, status: Status) -> None:
    assert parse_status(text) is status


def test_unknown_status_lists_the_codes() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_status("done-ish")
    assert "10 (returned)" in caught.value.errors[0].en


def test_apology_new_date_on_a_day_the_office_is_closed_is_refused(db_path: Path) -> None:
    desk, code = _desk_with_dossier(db_path)
    sunday = datetime(2026, 12, 6, 9, 0, tzinfo=VN_TZ)
    with pytest.raises(InvalidInput) as caught:
        desk.apologise(code, sunday, "Chờ xác minh")
    assert [e.field for e in caught.value.errors] == ["new_due"]
    assert "ngày nghỉ" in caught.value.errors[0].vi
    assert desk.get(code).apology_count == 0


def test_apology_and_move_are_one_operation_and_a_refused_move_leaves_no_apology(
    db_path: Path,
) -> None:
    desk, code = _desk_with_dossier(db_path)
    due = desk.get(code).due_at
    assert due is not None
    # RECEIVED → RETURNED is not an allowed move: the apology before it must not stay.
    with pytest.raises(InvalidInput) as caught:
        desk.apologise_and_move(
            code, due + timedelta(days=3), Status.RETURNED, "Chờ xác minh", collected_by="X"
        )
    assert caught.value.for_field("status") is not None
    after = desk.get(code)
    assert desk.apologies(code) == []
    assert [h.kind for h in after.history] == ["received"]
    assert (after.due_at, after.apology_count, after.status) == (due, 0, Status.RECEIVED)
    # The same pair that is allowed records both steps.
    moved = desk.apologise_and_move(
        code, due + timedelta(days=3), Status.IN_PROGRESS, "Chờ xác minh"
    )
    assert [h.kind for h in moved.history] == ["received", "apology", "transition"]
    assert moved.due_at == due + timedelta(days=3) and moved.status is Status.IN_PROGRESS


def test_transition_with_a_new_date_on_the_command_line_leaves_nothing_when_the_move_fails(
    db_path: Path,
) -> None:
    from tests.helpers import run_cli

    desk, code = _desk_with_dossier(db_path)
    due = desk.get(code).due_at
    assert due is not None
    desk.close()
    new_due = (due + timedelta(days=3)).isoformat()
    # RECEIVED → RETURNED (10) is refused after the apology was written in the same transaction.
    done = run_cli(
        *("transition", code, "--to", "10", "--new-due", new_due, "--note", "Chờ xác minh"),
        *("--collected-by", "X"),
        db=db_path,
    )
    assert done.returncode == 2, done.stderr
    assert "status" in done.stderr
    again = Desk.open(db_path)
    try:
        assert again.apologies(code) == []
        assert again.get(code).apology_count == 0
    finally:
        again.close()


def test_one_apology_rule_says_which_dossiers_can_still_get_a_new_date() -> None:
    from onestop_desktop.domain.apology import can_apologise

    due = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)
    for status in (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT_REQUESTED):
        assert can_apologise(status, due)
        assert not can_apologise(status, None)  # a procedure with no due date
    for status in (Status.RESOLVED, Status.RETURNED, Status.REFUSED, Status.STOPPED):
        assert not can_apologise(status, due)


def test_proposed_new_date_without_a_usable_duration_is_three_working_days_on(
    db_path: Path,
) -> None:
    from onestop_desktop.domain.apology import FALLBACK_EXTRA_DAYS, propose_new_due

    desk = make_desk(db_path)
    now = desk.clock.now()  # Wed 25/11/2026 09:00
    proposal = propose_new_due(None, None, desk.calendar, now)
    assert FALLBACK_EXTRA_DAYS == 3
    assert proposal == desk.calendar.closing(datetime(2026, 11, 30).date())  # Thu, Fri, Mon
