"""The working-day calendar and the deadline rules, on real dates of 2025 and 2026."""

from __future__ import annotations

import json
import time as perf
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop_desktop.domain.calendar import (
    CalendarDataError,
    DayOverride,
    OfficeHours,
    WorkCalendar,
    default_calendar,
    load_overrides,
)
from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.procedures import DeadlineRule, DeadlineUnit
from onestop_desktop.resources import resources_dir

CUTOFF_15 = DeadlineRule(DeadlineUnit.SAME_DAY, cutoff=time(15, 0))
SAME_DAY = DeadlineRule(DeadlineUnit.SAME_DAY)


def working_days(n: float) -> DeadlineRule:
    return DeadlineRule(DeadlineUnit.WORKING_DAYS, n)


def calendar_days(n: float) -> DeadlineRule:
    return DeadlineRule(DeadlineUnit.CALENDAR_DAYS, n)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


def write_overrides(path: Path, days: list[Any], **top: Any) -> Path:
    document = {"format": "onestop-holiday-overrides", "version": 1, "days": days, **top}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# -- the holidays of 2025 and 2026 -------------------------------------------------------------


def weekdays_off(calendar: WorkCalendar, year: int) -> list[date]:
    day, result = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5 and not calendar.is_working_day(day):
            result.append(day)
        day += timedelta(days=1)
    return result


def test_weekdays_off_in_2025_are_those_of_notice_6150(cal: WorkCalendar) -> None:
    expected = [date(2025, 1, 1), *(date(2025, 1, d) for d in range(27, 32))]
    expected += [date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)]
    expected += [date(2025, 9, 1), date(2025, 9, 2)]
    assert weekdays_off(cal, 2025) == expected


def test_weekdays_off_in_2026_include_tet_hung_kings_make_up_national_day_and_culture_day(
    cal: WorkCalendar,
) -> None:
    expected = [date(2026, 1, 1), *(date(2026, 2, d) for d in range(16, 21))]
    expected += [date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1)]
    expected += [date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2), date(2026, 11, 24)]
    assert weekdays_off(cal, 2026) == expected


def test_the_only_working_saturdays_of_2025_and_2026_are_the_swapped_ones(
    cal: WorkCalendar,
) -> None:
    worked = [
        d
        for d in (date(2025, 1, 4) + timedelta(weeks=w) for w in range(105))
        if cal.is_working_day(d)
    ]
    assert worked == [date(2025, 4, 26), date(2026, 8, 22)]
    assert not any(cal.is_working_day(d + timedelta(days=1)) for d in worked)  # Sundays stay off


def test_swap_2025_saturday_26_april_is_worked_and_friday_2_may_is_off(
    cal: WorkCalendar,
) -> None:
    assert cal.is_working_day(date(2025, 4, 26))
    assert not cal.is_working_day(date(2025, 5, 2))
    # received Friday 25/4: one working day later is the swapped Saturday
    assert cal.due_at(working_days(1), vn(2025, 4, 25, 10)) == vn(2025, 4, 26, 10)
    # received Tuesday 29/4: 30/4, 1/5, 2/5 off, then the weekend
    assert cal.due_at(working_days(1), vn(2025, 4, 29, 10)) == vn(2025, 5, 5, 10)


def test_package_alone_knows_the_2025_swap_without_the_shipped_file() -> None:
    bare = WorkCalendar()
    assert bare.is_working_day(date(2025, 4, 26))
    assert not bare.is_working_day(date(2025, 5, 2))


def test_tet_2026_a_dossier_received_before_tet_is_due_after_the_break(
    cal: WorkCalendar,
) -> None:
    # Friday 13/2/2026 is the last working day before the break of 14–22/2
    assert cal.due_at(working_days(1), vn(2026, 2, 13, 10)) == vn(2026, 2, 23, 10)
    # Thursday 12/2: Fri 13/2, then Mon 23 to Thu 26/2
    assert cal.due_at(working_days(5), vn(2026, 2, 12, 10)) == vn(2026, 2, 26, 10)
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_national_day_2025_first_and_second_september_are_off(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2025, 9, 1))
    assert not cal.is_working_day(date(2025, 9, 2))
    assert cal.due_at(working_days(1), vn(2025, 8, 29, 16)) == vn(2025, 9, 3, 16)


def test_national_day_2026_break_runs_from_saturday_29_august_to_2_september(
    cal: WorkCalendar,
) -> None:
    assert cal.is_working_day(date(2026, 8, 22))  # worked in exchange for Monday 31/8
    assert not any(cal.is_working_day(date(2026, 8, 29) + timedelta(days=i)) for i in range(5))
    assert cal.due_at(working_days(1), vn(2026, 8, 28, 10)) == vn(2026, 9, 3, 10)


def test_hung_kings_day_2026_on_a_sunday_is_made_up_on_monday_27_april(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2026, 4, 27))
    assert cal.due_at(working_days(1), vn(2026, 4, 24, 9)) == vn(2026, 4, 28, 9)


def test_culture_day_24_november_2026_is_off(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2026, 11, 24))
    assert cal.due_at(SAME_DAY, vn(2026, 11, 23, 17, 30)) == vn(2026, 11, 25, 17)


def test_next_working_day_crosses_new_year(cal: WorkCalendar) -> None:
    assert cal.next_working_day(date(2025, 12, 31)) == date(2026, 1, 2)


def test_years_without_overrides_follow_the_package(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2027, 9, 2))
    assert not cal.is_working_day(date(2027, 5, 3))  # 1/5/2027 is a Saturday: made up Monday
    assert cal.is_working_day(date(2027, 5, 4))


# -- office time -------------------------------------------------------------------------------


def test_received_at_1630_one_working_day_is_due_at_1630_the_next_working_day(
    cal: WorkCalendar,
) -> None:
    assert cal.due_at(working_days(1), vn(2025, 3, 10, 16, 30)) == vn(2025, 3, 11, 16, 30)
    # on a Friday it runs over the weekend
    assert cal.due_at(working_days(1), vn(2025, 3, 14, 16, 30)) == vn(2025, 3, 17, 16, 30)


def test_received_at_lunch_counting_starts_at_1330(cal: WorkCalendar) -> None:
    assert cal.next_opening(vn(2025, 3, 10, 12)) == vn(2025, 3, 10, 13, 30)
    hours_1 = DeadlineRule(DeadlineUnit.WORKING_HOURS, 1)
    assert cal.due_at(hours_1, vn(2025, 3, 10, 12)) == vn(2025, 3, 10, 14, 30)
    # 3.5 h that afternoon, 4.5 h the next morning
    assert cal.due_at(working_days(1), vn(2025, 3, 10, 12)) == vn(2025, 3, 11, 11, 30)


def test_working_hours_skip_the_lunch_break(cal: WorkCalendar) -> None:
    hours_2 = DeadlineRule(DeadlineUnit.WORKING_HOURS, 2)
    assert cal.due_at(hours_2, vn(2025, 3, 10, 10, 30)) == vn(2025, 3, 10, 14, 30)


def test_received_on_a_saturday_counting_starts_monday_morning(cal: WorkCalendar) -> None:
    saturday = vn(2025, 3, 15, 9)
    assert cal.next_opening(saturday) == vn(2025, 3, 17, 7)
    assert cal.due_at(working_days(1), saturday) == vn(2025, 3, 17, 17)
    assert cal.due_at(CUTOFF_15, saturday) == vn(2025, 3, 17, 17)


def test_received_before_0700_counts_from_0700_that_day(cal: WorkCalendar) -> None:
    early = vn(2025, 3, 10, 6, 15)
    assert cal.next_opening(early) == vn(2025, 3, 10, 7)
    assert cal.due_at(working_days(1), early) == vn(2025, 3, 10, 17)
    assert cal.due_at(CUTOFF_15, early) == vn(2025, 3, 10, 17)


def test_a_full_day_of_office_time_ends_at_1700_not_at_the_next_opening(
    cal: WorkCalendar,
) -> None:
    assert cal.add_office_time(vn(2025, 3, 10, 7), timedelta(hours=8)) == vn(2025, 3, 10, 17)
    assert cal.add_office_time(vn(2025, 3, 10, 7), timedelta(hours=4, minutes=30)) == vn(
        2025, 3, 10, 11, 30
    )


def test_received_after_closing_counts_from_the_next_opening(cal: WorkCalendar) -> None:
    assert cal.next_opening(vn(2025, 3, 10, 17)) == vn(2025, 3, 11, 7)
    assert cal.due_at(working_days(2), vn(2025, 3, 10, 19)) == vn(2025, 3, 12, 17)


def test_received_on_the_eve_of_a_holiday_is_due_after_it(cal: WorkCalendar) -> None:
    # Tuesday 29/4/2025 at 15:00, the afternoon before 30/4, 1/5 and the swapped 2/5
    assert cal.due_at(working_days(1), vn(2025, 4, 29, 15)) == vn(2025, 5, 5, 15)
    assert cal.due_at(CUTOFF_15, vn(2025, 4, 29, 14, 59)) == vn(2025, 4, 29, 17)
    assert cal.due_at(CUTOFF_15, vn(2025, 4, 29, 15, 30)) == vn(2025, 5, 5, 17)


def test_fractional_working_days_are_counted_in_hours(cal: WorkCalendar) -> None:
    assert cal.due_at(working_days(0.5), vn(2025, 3, 10, 9)) == vn(2025, 3, 10, 15)
    assert cal.due_at(working_days(1.5), vn(2025, 3, 10, 7)) == vn(2025, 3, 11, 11)


def test_naive_times_are_vietnam_local_and_results_are_aware(cal: WorkCalendar) -> None:
    due = cal.due_at(working_days(1), datetime(2025, 3, 10, 16, 30))
    assert due == vn(2025, 3, 11, 16, 30)
    assert due is not None and due.utcoffset() == timedelta(hours=7)
    utc = datetime(2025, 3, 10, 9, 30, tzinfo=VN_TZ).astimezone(tz=None)
    assert cal.due_at(working_days(1), utc) == vn(2025, 3, 11, 9, 30)


def test_office_time_between_skips_the_weekend_and_lunch(cal: WorkCalendar) -> None:
    # Friday 16:00 to Monday 08:00: one hour each side of the weekend
    assert cal.office_time_between(vn(2025, 3, 14, 16), vn(2025, 3, 17, 8)) == timedelta(hours=2)
    # 11:00 to 14:00 the same day: half an hour each side of lunch
    assert cal.office_time_between(vn(2025, 3, 10, 11), vn(2025, 3, 10, 14)) == timedelta(hours=1)
    # a whole working week
    week = cal.office_time_between(vn(2025, 3, 10, 0), vn(2025, 3, 17, 0))
    assert week == timedelta(hours=40)
    assert cal.office_time_between(vn(2025, 3, 17, 8), vn(2025, 3, 14, 16)) == timedelta(0)


def test_a_pause_moves_the_due_date_by_the_office_time_paused(cal: WorkCalendar) -> None:
    due = cal.due_at(working_days(3), vn(2025, 3, 10, 9))
    assert due == vn(2025, 3, 13, 9)
    # papers requested Tuesday 10:00, supplied Thursday 10:00: two working days of pause
    paused = cal.office_time_between(vn(2025, 3, 11, 10), vn(2025, 3, 13, 10))
    assert paused == timedelta(hours=16)
    assert cal.add_office_time(due, paused) == vn(2025, 3, 17, 9)


def test_adding_negative_office_time_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        cal.add_office_time(vn(2025, 3, 10, 9), timedelta(minutes=-1))


# -- other deadline rules ----------------------------------------------------------------------


def test_same_day_with_cutoff_received_at_1630_is_due_at_the_next_working_days_close(
    cal: WorkCalendar,
) -> None:
    assert cal.due_at(CUTOFF_15, vn(2025, 3, 10, 16, 30)) == vn(2025, 3, 11, 17)
    assert cal.due_at(CUTOFF_15, vn(2025, 3, 14, 16, 30)) == vn(2025, 3, 17, 17)


def test_same_day_received_at_the_cutoff_minute_is_still_due_that_day(
    cal: WorkCalendar,
) -> None:
    assert cal.due_at(CUTOFF_15, vn(2025, 3, 10, 15, 0)) == vn(2025, 3, 10, 17)
    assert cal.due_at(CUTOFF_15, vn(2025, 3, 10, 15, 1)) == vn(2025, 3, 11, 17)


def test_same_day_without_cutoff_is_due_that_day_until_closing(cal: WorkCalendar) -> None:
    assert cal.due_at(SAME_DAY, vn(2025, 3, 10, 16, 59)) == vn(2025, 3, 10, 17)
    assert cal.due_at(SAME_DAY, vn(2025, 3, 10, 17, 0)) == vn(2025, 3, 11, 17)


def test_calendar_days_landing_on_a_sunday_end_at_monday_close(cal: WorkCalendar) -> None:
    # Monday 3/3/2025 + 6 days = Sunday 9/3
    assert cal.due_at(calendar_days(6), vn(2025, 3, 3, 9)) == vn(2025, 3, 10, 17)
    # landing on 30/4/2025: 30/4, 1/5, 2/5 off, then the weekend
    assert cal.due_at(calendar_days(5), vn(2025, 4, 25, 9)) == vn(2025, 5, 5, 17)
    # landing on the swapped working Saturday stays there
    assert cal.due_at(calendar_days(5), vn(2025, 4, 21, 9)) == vn(2025, 4, 26, 17)


def test_no_due_date_rule_gives_none(cal: WorkCalendar) -> None:
    assert cal.due_at(DeadlineRule(DeadlineUnit.NONE), vn(2025, 3, 10, 9)) is None


def test_a_negative_deadline_amount_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="expected a number >= 0"):
        cal.due_at(working_days(-1), vn(2025, 3, 10, 9))


# -- office hours ------------------------------------------------------------------------------


def test_default_office_hours_make_an_eight_hour_day() -> None:
    assert OfficeHours().day_length() == timedelta(hours=8)
    assert OfficeHours.parse("07:00-11:30,13:30-17:00") == OfficeHours()
    assert str(OfficeHours()) == "07:00-11:30,13:30-17:00"


def test_custom_office_hours_change_openings_and_due_dates() -> None:
    hours = OfficeHours.parse("7:30-11:30, 13:00-16:30")
    assert hours.day_length() == timedelta(hours=7, minutes=30)
    calendar = WorkCalendar(hours)
    assert calendar.opening(date(2025, 3, 10)) == vn(2025, 3, 10, 7, 30)
    assert calendar.closing(date(2025, 3, 10)) == vn(2025, 3, 10, 16, 30)
    assert calendar.next_opening(vn(2025, 3, 10, 12)) == vn(2025, 3, 10, 13)
    assert calendar.due_at(working_days(1), vn(2025, 3, 10, 16)) == vn(2025, 3, 11, 16)
    assert calendar.due_at(CUTOFF_15, vn(2025, 3, 10, 14)) == vn(2025, 3, 10, 16, 30)
    assert calendar.due_at(SAME_DAY, vn(2025, 3, 10, 16, 45)) == vn(2025, 3, 11, 16, 30)


def test_one_period_without_lunch_break_is_accepted() -> None:
    calendar = WorkCalendar(OfficeHours.parse("08:00-16:00"))
    assert calendar.due_at(working_days(1), vn(2025, 3, 10, 12)) == vn(2025, 3, 11, 12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("7h-11h30", "'7h-11h30' is not a period"),
        ("07:00-11:30;13:30-17:00", "is not a period"),
        ("07:00-25:00", "not a time of day"),
        ("11:30-07:00", "ends before it starts"),
        ("07:00-12:00,11:30-17:00", "starts before the previous one ends"),
        ("13:30-17:00,07:00-11:30", "starts before the previous one ends"),
    ],
)
def test_bad_office_hours_are_refused_saying_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(CalendarDataError, match=message) as caught:
        OfficeHours.parse(text)
    assert "expected" in str(caught.value)


def test_office_hours_built_directly_are_validated_too() -> None:
    with pytest.raises(CalendarDataError, match="empty"):
        OfficeHours(())
    with pytest.raises(CalendarDataError, match="ends before it starts"):
        OfficeHours(((time(9), time(9)),))


# -- overrides ---------------------------------------------------------------------------------


def test_shipped_overrides_file_loads_and_every_entry_names_its_source() -> None:
    overrides = load_overrides(resources_dir() / "holiday_overrides.json")
    assert {o.day.year for o in overrides} == {2025, 2026}
    assert all(o.note.strip() for o in overrides)
    by_day = {o.day: o for o in overrides}
    assert by_day[date(2025, 4, 26)].working
    assert "6150/TB-BLĐTBXH" in by_day[date(2025, 4, 26)].note
    assert not by_day[date(2026, 11, 24)].working
    assert "chưa kiểm chứng" in by_day[date(2026, 11, 24)].note


def test_admin_override_wins_over_the_shipped_file(tmp_path: Path) -> None:
    admin = write_overrides(
        tmp_path / "admin.json",
        [
            {"date": "2025-05-02", "working": True, "note": "thử: làm việc"},
            {"date": "2025-03-11", "working": False, "note": "thử: nghỉ"},
        ],
    )
    calendar = default_calendar(admin_overrides=admin)
    assert calendar.is_working_day(date(2025, 5, 2))
    assert not calendar.is_working_day(date(2025, 3, 11))
    assert calendar.due_at(working_days(1), vn(2025, 3, 10, 9)) == vn(2025, 3, 12, 9)
    assert default_calendar().is_working_day(date(2025, 3, 11))


def test_later_overrides_win_over_earlier_ones() -> None:
    day = date(2025, 3, 11)
    calendar = WorkCalendar(overrides=[DayOverride(day, False, "a"), DayOverride(day, True, "b")])
    assert calendar.is_working_day(day)
    assert [o.note for o in calendar.overrides] == ["a", "b"]


def test_an_override_can_make_a_sunday_a_working_day() -> None:
    sunday = date(2025, 3, 16)
    calendar = WorkCalendar(overrides=[DayOverride(sunday, True, "làm bù")])
    assert calendar.next_working_day(date(2025, 3, 15)) == sunday
    assert calendar.due_at(working_days(1), vn(2025, 3, 15, 9)) == vn(2025, 3, 16, 17)


def test_resources_folder_follows_onestop_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_overrides(
        tmp_path / "holiday_overrides.json",
        [{"date": "2025-03-11", "working": False, "note": "thử"}],
    )
    monkeypatch.setenv("ONESTOP_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path
    calendar = default_calendar()
    assert not calendar.is_working_day(date(2025, 3, 11))
    assert calendar.is_working_day(date(2025, 4, 26))  # the package still knows this swap


def test_identical_duplicate_entries_are_accepted(tmp_path: Path) -> None:
    entry = {"date": "2025-03-11", "working": False, "note": "x"}
    assert len(load_overrides(write_overrides(tmp_path / "o.json", [entry, entry]))) == 1


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (
            [{"date": "2025-02-30", "working": False, "note": "x"}],
            r"days\[0\] \(2025-02-30\): field 'date' is '2025-02-30', not a date; expected",
        ),
        (
            [{"date": "02/05/2025", "working": False, "note": "x"}],
            r"days\[0\].*expected YYYY-MM-DD",
        ),
        (
            [
                {"date": "2025-05-02", "working": False, "note": "nghỉ"},
                {"date": "2025-05-02", "working": True, "note": "làm"},
            ],
            r"days\[1\] \(2025-05-02\) contradicts days\[0\]",
        ),
        (
            [{"date": "2025-05-02", "working": False, "note": "x"}, {"date": "2025-05-03"}],
            r"days\[1\] \(2025-05-03\): field 'working' is missing",
        ),
        (
            [{"date": "2025-05-02", "note": "x", "working": "false"}],
            r"days\[0\] \(2025-05-02\): field 'working' is the text 'false'; expected true",
        ),
        (
            [{"date": "2025-05-02", "note": "x", "working": 0}],
            r"field 'working' is the number 0",
        ),
        (
            [{"date": 20250502, "note": "x", "working": False}],
            r"days\[0\]: field 'date' is the number 20250502; expected text YYYY-MM-DD",
        ),
        (
            [{"date": "2025-05-02", "note": None, "working": False}],
            r"field 'note' is null",
        ),
        (
            [{"date": "2025-05-02", "note": "x", "working": False, "wroking": True}],
            r"unknown field\(s\) wroking",
        ),
        (["2025-05-02"], r"days\[0\] is the text '2025-05-02'; expected an object"),
    ],
)
def test_bad_override_entries_are_refused_naming_file_entry_and_field(
    tmp_path: Path, days: list[Any], message: str
) -> None:
    path = write_overrides(tmp_path / "admin.json", days)
    with pytest.raises(CalendarDataError, match=message) as caught:
        load_overrides(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON at line 1"),
        ("[]", "the file holds a list; expected a JSON object"),
        ('{"format": "other", "version": 1, "days": []}', "field 'format' is 'other'"),
        (
            '{"format": "onestop-holiday-overrides", "version": 2, "days": []}',
            "field 'version' is 2; expected 1",
        ),
        (
            '{"format": "onestop-holiday-overrides", "version": 1, "days": {}}',
            "field 'days' is an object; expected a list",
        ),
    ],
)
def test_bad_override_files_are_refused_saying_what_is_expected(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "admin.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarDataError, match=message):
        load_overrides(path)


def test_a_missing_overrides_file_is_a_calendar_data_error(tmp_path: Path) -> None:
    with pytest.raises(CalendarDataError, match="cannot read the holiday overrides file"):
        default_calendar(admin_overrides=tmp_path / "nowhere.json")


# -- speed and a reference implementation ------------------------------------------------------


def test_due_at_for_five_working_days_takes_well_under_a_millisecond(
    cal: WorkCalendar,
) -> None:
    rule = working_days(5)
    received = [vn(2025, 1, 2, 7) + timedelta(minutes=97 * i) for i in range(2000)]
    for t in received[:50]:  # load the years into the cache first
        cal.due_at(rule, t)
    started = perf.perf_counter()
    for t in received:
        cal.due_at(rule, t)
    mean = (perf.perf_counter() - started) / len(received)
    assert mean < 1e-3


def reference_due(calendar: WorkCalendar, received: datetime, minutes_needed: int) -> datetime:
    """Count office minutes one by one: slow and obviously right."""
    periods = calendar.hours.periods
    in_office_minute = [
        any(start <= time(m // 60, m % 60) < end for start, end in periods) for m in range(1440)
    ]
    t = received.replace(tzinfo=None)
    day, minute = t.date(), t.hour * 60 + t.minute
    counted = 0
    while True:
        if calendar.is_working_day(day) and in_office_minute[minute]:
            counted += 1
            if counted == minutes_needed:
                end = datetime.combine(day, time()) + timedelta(minutes=minute + 1)
                return end.replace(tzinfo=VN_TZ)
        minute += 1
        if minute == 1440:
            day, minute = day + timedelta(days=1), 0


RECEIPTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 20, 23, 59)
).map(lambda t: t.replace(second=0, microsecond=0, tzinfo=VN_TZ))


@settings(max_examples=120, deadline=None)
@given(received=RECEIPTS, days=st.sampled_from([0.25, 0.5, 1, 2, 3, 5, 7]))
def test_working_day_due_dates_match_counting_minute_by_minute(
    cal: WorkCalendar, received: datetime, days: float
) -> None:
    expected = reference_due(cal, received, int(days * 8 * 60))
    assert cal.due_at(working_days(days), received) == expected
    assert cal.office_time_between(received, expected) == cal.hours.day_length() * days


@settings(max_examples=200, deadline=None)
@given(
    a=RECEIPTS,
    span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
)
def test_adding_the_office_time_between_two_moments_gets_back_to_the_later_one_or_before(
    cal: WorkCalendar, a: datetime, span: timedelta
) -> None:
    b = a + span
    between = cal.office_time_between(a, b)
    back = cal.add_office_time(a, between)
    assert back <= b
    # and no office time is left between where we landed and b
    assert cal.office_time_between(back, b) == timedelta(0)


def test_working_days_late_counts_from_the_due_day_and_skips_the_weekend(
    cal: WorkCalendar,
) -> None:
    due = datetime(2026, 11, 13, 17, 0, tzinfo=VN_TZ)  # a Friday afternoon
    late = [
        cal.working_days_late(due, datetime(2026, 11, d, 9, 0, tzinfo=VN_TZ)) for d in range(13, 19)
    ]
    # Friday 9:00 not late; the weekend after it adds nothing; Monday is one day late
    assert late == [None, 0, 0, 1, 2, 3]
    assert cal.working_days_late(due, datetime(2026, 11, 13, 17, 1, tzinfo=VN_TZ)) == 0
    # and a day off counts no more than a Sunday: 24/11/2026 (Ngày Văn hóa Việt Nam)
    monday = datetime(2026, 11, 23, 17, 0, tzinfo=VN_TZ)
    assert cal.working_days_late(monday, datetime(2026, 11, 25, 9, 0, tzinfo=VN_TZ)) == 1


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=800),
)
@settings(max_examples=60, deadline=None)
def test_working_days_late_agrees_with_counting_day_by_day(start: date, span: int) -> None:
    cal = default_calendar()
    due = datetime.combine(start, time(17, 0), tzinfo=VN_TZ)
    now = due + timedelta(days=span, hours=1)
    expected = sum(
        cal.is_working_day(start + timedelta(days=i))
        for i in range(1, (now.date() - start).days + 1)
    )
    assert cal.working_days_late(due, now) == expected
