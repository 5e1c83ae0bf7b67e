"""The working-day calendar of the office and the deadline rules counted on it.

Deadlines are counted in office time, as the provincial one-stop systems do (DOMAIN.md §3): a
working day is the office hours of one day (07:00–11:30 and 13:30–17:00 by default), and nights,
the lunch break, weekends, public holidays and official days off do not count.

Which days are off comes from three layers, the later winning:

1. the `holidays` package (Vietnam): the public holidays of the Labour Code 2019, Art. 112(1),
   with the make-up day of Art. 111(3) when one falls on a weekly rest day, and the substituted
   days / swapped working Saturdays it knows of (through `holiday_cache`, so that a start with
   a warm cache does not import the package);
2. `resources/holiday_overrides.json`, shipped with the program: the days the yearly notices of
   the ministry (Bộ LĐ-TB&XH up to 2025, Bộ Nội vụ from 2026) fix for the civil service, such as
   the five Tết days, the second National Day day and swaps of a weekday off against a Saturday
   worked;
3. the administrator's own overrides, for notices published after the program was built.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from onestop_desktop.domain.clock import VN_TZ, to_vn
from onestop_desktop.domain.errors import DataFileError
from onestop_desktop.domain.holiday_cache import holiday_cache
from onestop_desktop.domain.procedures import DeadlineRule, DeadlineUnit
from onestop_desktop.domain.text import excerpt
from onestop_desktop.resources import resources_dir

#: the "format" value of an overrides file; anything else is refused
OVERRIDES_FORMAT = "onestop-holiday-overrides"
#: the only version of the overrides file this program reads
OVERRIDES_VERSION = 1
#: the shipped overrides file, inside the resources folder
SHIPPED_OVERRIDES = "holiday_overrides.json"

_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)
# A calendar in which no working day follows within this many days is corrupt (every weekday
# overridden as a day off); stopping beats looping for ever at the counter.
_MAX_SEARCH_DAYS = 2 * 366


class CalendarDataError(DataFileError):
    """Office hours or an overrides file that cannot be used; the message says what is wrong
    (file, entry, field) and what is expected."""

    what_vi = "lịch làm việc (giờ làm việc, ngày nghỉ)"


@dataclass(frozen=True)
class OfficeHours:
    """The periods of a day when the office receives and counts time, e.g. morning and afternoon.

    Default 07:00–11:30 and 13:30–17:00: 8 hours, the civil-service working day
    (QĐ 188/1999/QĐ-TTg, 40 hours a week), as the Thanh Hóa system TD defaults to (DOMAIN.md §3.1).
    """

    periods: tuple[tuple[time, time], ...] = (
        (time(7, 0), time(11, 30)),
        (time(13, 30), time(17, 0)),
    )

    def __post_init__(self) -> None:
        if not isinstance(self.periods, tuple) or not self.periods:
            raise CalendarDataError(
                "office hours are empty; expected at least one period such as 07:00-11:30"
            )
        previous_end: time | None = None
        for index, period in enumerate(self.periods):
            if (
                not isinstance(period, tuple)
                or len(period) != 2
                or not all(isinstance(t, time) and t.tzinfo is None for t in period)
            ):
                raise CalendarDataError(
                    f"office period {index + 1} is {period!r}; expected a pair of local times "
                    "(start, end)"
                )
            start, end = period
            if start >= end:
                raise CalendarDataError(
                    f"office period {index + 1} ({_hhmm(start)}-{_hhmm(end)}) ends before it "
                    "starts; expected start < end within one day"
                )
            if previous_end is not None and start < previous_end:
                raise CalendarDataError(
                    f"office period {index + 1} ({_hhmm(start)}-{_hhmm(end)}) starts before the "
                    f"previous one ends ({_hhmm(previous_end)}); expected periods in order of "
                    "the day, not overlapping"
                )
            previous_end = end

    def day_length(self) -> timedelta:
        """The office time of one working day (8 hours by default)."""
        return sum((_offset(end) - _offset(start) for start, end in self.periods), _ZERO)

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Read office hours written as in the settings: "07:00-11:30,13:30-17:00"."""
        expected = (
            "expected periods HH:MM-HH:MM separated by commas, in order of the day, "
            "e.g. 07:00-11:30,13:30-17:00"
        )
        periods: list[tuple[time, time]] = []
        parts = text.split(",") if text.strip() else []
        if not parts:
            raise CalendarDataError(f"office hours are empty; {expected}")
        for part in parts:
            match = _PERIOD_RE.fullmatch(part.strip())
            if match is None:
                raise CalendarDataError(
                    f"office hours {excerpt(text)}: {excerpt(part.strip())} is not a period; "
                    f"{expected}"
                )
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
                raise CalendarDataError(
                    f"office hours {excerpt(text)}: {excerpt(part.strip())} is not a time of day; "
                    f"{expected}"
                )
            periods.append((time(h1, m1), time(h2, m2)))
        return cls(tuple(periods))

    def __str__(self) -> str:
        """The settings spelling, which `parse` reads back."""
        return ",".join(f"{_hhmm(start)}-{_hhmm(end)}" for start, end in self.periods)


_PERIOD_RE = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class DayOverride:
    """One day declared a working day or a day off, whatever the weekday and the package say."""

    day: date
    working: bool
    note: str  # why, naming the source text (e.g. "TB 6150/TB-BLĐTBXH")


def load_overrides(path: Path) -> list[DayOverride]:
    """Read and check an overrides file; raise CalendarDataError naming the entry and field.

    The file is JSON::

        {"format": "onestop-holiday-overrides", "version": 1,
         "description": "optional text for people",
         "days": [{"date": "2025-05-02", "working": false, "note": "Nghỉ hoán đổi ..."}, ...]}

    Every entry needs all three fields. The same date twice is accepted when both entries say the
    same thing (the first note is kept) and refused when one says working and the other not.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CalendarDataError(
            f"{path}: cannot read the holiday overrides file ({error.strerror or error}); "
            "expected a readable JSON file"
        ) from None
    except UnicodeDecodeError:
        raise CalendarDataError(
            f"{path}: the holiday overrides file is not UTF-8 text; expected JSON saved as UTF-8"
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CalendarDataError(
            f"{path}: not valid JSON at line {error.lineno}, column {error.colno} ({error.msg}); "
            f"expected a JSON object with format '{OVERRIDES_FORMAT}'"
        ) from None
    return _parse_overrides(document, str(path))


def _parse_overrides(document: Any, source: str) -> list[DayOverride]:
    if not isinstance(document, dict):
        raise CalendarDataError(
            f"{source}: the file holds {_json_kind(document)}; expected a JSON object with "
            f'"format", "version" and "days"'
        )
    unknown = sorted(set(document) - {"format", "version", "description", "days"})
    if unknown:
        raise CalendarDataError(
            f"{source}: unknown key(s) {', '.join(unknown)}; expected only format, version, "
            "description and days"
        )
    if document.get("format") != OVERRIDES_FORMAT:
        raise CalendarDataError(
            f"{source}: field 'format' is {document.get('format')!r}; expected '{OVERRIDES_FORMAT}'"
        )
    version = document.get("version")
    if version != OVERRIDES_VERSION or isinstance(version, bool):
        raise CalendarDataError(
            f"{source}: field 'version' is {version!r}; expected {OVERRIDES_VERSION} "
            "(a newer file needs a newer OneStop Desktop)"
        )
    if "description" in document and not isinstance(document["description"], str):
        raise CalendarDataError(f"{source}: field 'description' must be text")
    days = document.get("days")
    if not isinstance(days, list):
        raise CalendarDataError(
            f"{source}: field 'days' is {_json_kind(days)}; expected a list of "
            '{"date": "YYYY-MM-DD", "working": true|false, "note": "..."}'
        )
    result: list[DayOverride] = []
    seen: dict[date, tuple[int, DayOverride]] = {}
    for index, entry in enumerate(days):
        override = _parse_entry(entry, f"{source}: days[{index}]")
        earlier = seen.get(override.day)
        if earlier is None:
            seen[override.day] = (index, override)
            result.append(override)
        elif earlier[1].working != override.working:
            raise CalendarDataError(
                f"{source}: days[{index}] ({override.day.isoformat()}) contradicts "
                f"days[{earlier[0]}]: one says working, the other a day off; expected each "
                "date once"
            )
    return result


def _parse_entry(entry: Any, where: str) -> DayOverride:
    shape = '{"date": "YYYY-MM-DD", "working": true|false, "note": "..."}'
    if not isinstance(entry, dict):
        raise CalendarDataError(f"{where} is {_json_kind(entry)}; expected an object {shape}")
    label = where
    if isinstance(entry.get("date"), str):
        label = f"{where} ({entry['date']})"
    for key in ("date", "working", "note"):
        if key not in entry:
            raise CalendarDataError(f"{label}: field '{key}' is missing; expected {shape}")
    unknown = sorted(set(entry) - {"date", "working", "note"})
    if unknown:
        raise CalendarDataError(
            f"{label}: unknown field(s) {', '.join(unknown)}; expected only date, working, note"
        )
    raw_date, working, note = entry["date"], entry["working"], entry["note"]
    if not isinstance(raw_date, str):
        raise CalendarDataError(
            f"{label}: field 'date' is {_json_kind(raw_date)}; expected text YYYY-MM-DD"
        )
    try:
        # strptime rather than fromisoformat: the latter also takes 20250502 and week dates
        day = datetime.strptime(raw_date, "%Y-%m-%d").date()
    except ValueError:
        raise CalendarDataError(
            f"{label}: field 'date' is '{raw_date}', not a date; expected YYYY-MM-DD, "
            "e.g. 2025-05-02"
        ) from None
    if not isinstance(working, bool):
        raise CalendarDataError(
            f"{label}: field 'working' is {_json_kind(working)}; expected true (a working day) "
            "or false (a day off)"
        )
    if not isinstance(note, str):
        raise CalendarDataError(
            f"{label}: field 'note' is {_json_kind(note)}; expected text naming the source"
        )
    return DayOverride(day=day, working=working, note=note)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "an object"


class WorkCalendar:
    """Working days and office time of one office, and the due dates of procedures on them.

    Implements the counting of DOMAIN.md §3: Labour Code 2019 Art. 112(1) holidays and the
    Art. 111(3) make-up day (through the `holidays` package), the yearly notices' days off and
    swapped Saturdays (through overrides), TD's office-time counting, Civil Code 2015
    Art. 147–148 for calendar days, and the 15:00 cut-off of civil status (hộ tịch) and
    certification (Nghị định 23/2015/NĐ-CP) for same-day procedures.

    Naive datetimes are taken as Vietnam local time; results are aware, in VN_TZ.
    """

    def __init__(
        self,
        hours: OfficeHours = OfficeHours(),
        overrides: Iterable[DayOverride] = (),
        holidays_file: Path | None = None,
    ) -> None:
        self._hours = hours
        self._overrides = tuple(overrides)
        self._holidays_file = holidays_file
        # later entries win: the shipped file comes first, the administrator's after it
        self._by_day: dict[date, bool] = {o.day: o.working for o in self._overrides}
        self._spans = tuple((_offset(start), _offset(end)) for start, end in hours.periods)
        self._day_length = hours.day_length()
        self._holidays: dict[int, frozenset[date]] = {}
        self._weekend_workdays: dict[int, frozenset[date]] = {}
        #: per year, the running count of working days at each day of the year
        self._year_counts: dict[int, list[int]] = {}

    @property
    def hours(self) -> OfficeHours:
        """The office hours the calendar counts."""
        return self._hours

    @property
    def overrides(self) -> tuple[DayOverride, ...]:
        """The overrides as given, in order (a later one for the same day wins)."""
        return self._overrides

    @property
    def holidays_file(self) -> Path | None:
        """The cache file of the package's holidays (None: asked of the package each process)."""
        return self._holidays_file

    # -- days -------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Whether the office counts `d`: an override decides; otherwise Monday–Friday that is
        not a public holiday or official day off, or a Saturday the notices make a working day."""
        if isinstance(d, datetime):  # a datetime is a date too, but would miss the dict keys
            d = to_vn(d).date()
        override = self._by_day.get(d)
        if override is not None:
            return override
        if d.weekday() >= 5:
            # a swap can reach across New Year (2015: 2 January off for Saturday 27/12/2014)
            return d in self._package_weekend_workdays(d.year) or (
                d.month == 12 and d in self._package_weekend_workdays(d.year + 1)
            )
        return d not in self._package_holidays(d.year)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        day = d
        for _ in range(_MAX_SEARCH_DAYS):
            day += _ONE_DAY
            if self.is_working_day(day):
                return day
        raise CalendarDataError(
            f"no working day within {_MAX_SEARCH_DAYS} days after {d.isoformat()}; "
            "expected the overrides to leave some working days"
        )

    def working_days_late(self, due: datetime, now: datetime) -> int | None:
        """How many working days a dossier due at `due` is late at `now`: None while it is not
        late, 0 on its due day once the due time has passed (and on days off right after it),
        then the working days after its due day up to today.

        Counted from a cache of each year's running count of working days, so a table of
        dossiers overdue for months costs a few look-ups a row, and only the years between the
        due day and today are ever looked at."""
        due_day, today = to_vn(due).date(), to_vn(now).date()
        if now <= due:
            return None
        if today <= due_day:
            return 0
        if today.year == due_day.year:
            counts = self._running_counts(today.year)
            return counts[_day_of_year(today)] - counts[_day_of_year(due_day)]
        first = self._running_counts(due_day.year)
        late = first[-1] - first[_day_of_year(due_day)]
        for year in range(due_day.year + 1, today.year):
            late += self._running_counts(year)[-1]
        return late + self._running_counts(today.year)[_day_of_year(today)]

    def _running_counts(self, year: int) -> list[int]:
        """For each day of the year (0 = 1 January), the working days from 1 January to it."""
        counts = self._year_counts.get(year)
        if counts is None:
            counts = []
            running = 0
            day = date(year, 1, 1)
            while day.year == year:
                running += self.is_working_day(day)
                counts.append(running)
                day += _ONE_DAY
            self._year_counts[year] = counts
        return counts

    def opening(self, d: date) -> datetime:
        """The start of the first office period of `d` (whether or not `d` is a working day)."""
        return datetime.combine(d, self._hours.periods[0][0], tzinfo=VN_TZ)

    def closing(self, d: date) -> datetime:
        """The end of the last office period of `d` (whether or not `d` is a working day)."""
        return datetime.combine(d, self._hours.periods[-1][1], tzinfo=VN_TZ)

    # -- office time ------------------------------------------------------------------------

    def next_opening(self, t: datetime) -> datetime:
        """`t` itself when it falls inside an office period of a working day, else the start
        of the next office period of a working day (after lunch, the next morning, ...)."""
        local = _local(t)
        day = local.date()
        if self.is_working_day(day):
            midnight = datetime.combine(day, time())
            for start, end in self._spans:
                if local < midnight + start:
                    return _aware(midnight + start)
                if local < midnight + end:
                    return _aware(local)
        return self.opening(self.next_working_day(day))

    def add_office_time(self, start: datetime, delta: timedelta) -> datetime:
        """The earliest moment at which `delta` of office time has passed since `start`.

        Time outside office periods of working days does not count; a delta that exactly fills
        a day ends at that day's closing, not at the next opening.
        """
        if delta < _ZERO:
            raise ValueError(f"office time to add is negative ({delta}); expected zero or more")
        local = _local(start)
        if delta == _ZERO:
            return _aware(local)
        remaining = delta
        day = local.date()
        if self.is_working_day(day):
            end, remaining = self._consume(day, local, remaining)
            if end is not None:
                return _aware(end)
        # Whole days are skipped in one step each, so the cost grows with days, not minutes;
        # the last day (partial or exactly full) is walked period by period.
        day = self.next_working_day(day)
        while remaining > self._day_length:
            remaining -= self._day_length
            day = self.next_working_day(day)
        end, remaining = self._consume(day, None, remaining)
        if end is None:  # pragma: no cover - remaining <= one day always fits in a day
            raise AssertionError("office time left over after a full day")
        return _aware(end)

    def office_time_between(self, a: datetime, b: datetime) -> timedelta:
        """The office time in [a, b); zero when b is not after a.

        Used to move a due date by the office time a dossier spent waiting for papers.
        """
        start, end = _local(a), _local(b)
        if end <= start:
            return _ZERO
        first, last = start.date(), end.date()
        if first == last:
            return self._office_time_in_day(first, start, end)
        total = self._office_time_in_day(first, start, None)
        total += self._office_time_in_day(last, None, end)
        day = first + _ONE_DAY
        while day < last:
            if self.is_working_day(day):
                total += self._day_length
            day += _ONE_DAY
        return total

    # -- deadlines --------------------------------------------------------------------------

    def due_at(self, rule: DeadlineRule, received_at: datetime) -> datetime | None:
        """The due date and time of a dossier received at `received_at` under `rule`.

        * working days / hours: counted in office time from the next opening (a dossier received
          outside office hours starts counting at the next opening, DOMAIN.md §3.1);
        * calendar days: the close of the N-th day after receipt, or of the next working day when
          that day is not one (Civil Code 2015 Art. 147–148);
        * same day: the close of the receiving day, or of the next working day when received
          after the cut-off (or after closing, or on a day off);
        * none: no due date (None).
        """
        if rule.unit is DeadlineUnit.NONE:
            return None
        if not math.isfinite(rule.amount) or rule.amount < 0:
            raise ValueError(
                f"deadline amount {rule.amount!r} is not usable; expected a number >= 0"
            )
        if rule.unit is DeadlineUnit.WORKING_DAYS:
            return self.add_office_time(
                self.next_opening(received_at), self._day_length * rule.amount
            )
        if rule.unit is DeadlineUnit.WORKING_HOURS:
            return self.add_office_time(
                self.next_opening(received_at), timedelta(hours=rule.amount)
            )
        received_day = _local(received_at).date()
        if rule.unit is DeadlineUnit.CALENDAR_DAYS:
            # a part of a calendar day still runs to the close of that day
            last = received_day + timedelta(days=math.ceil(rule.amount))
            if not self.is_working_day(last):
                last = self.next_working_day(last)
            return self.closing(last)
        if rule.unit is DeadlineUnit.SAME_DAY:
            if self.is_working_day(received_day):
                moment = _local(received_at).time()
                # "nhận sau 15 giờ": a receipt at 15:00 sharp is still in time
                in_time = rule.cutoff is None or moment <= rule.cutoff.replace(tzinfo=None)
                if in_time and moment < self._hours.periods[-1][1]:
                    return self.closing(received_day)
            return self.closing(self.next_working_day(received_day))
        raise ValueError(f"unknown deadline unit {rule.unit!r}")  # pragma: no cover

    # -- internals --------------------------------------------------------------------------

    def _consume(
        self, day: date, since: datetime | None, remaining: timedelta
    ) -> tuple[datetime | None, timedelta]:
        """Spend office time of `day` from `since` (or the opening): the moment `remaining`
        runs out that day, or None and what is left after the day's closing."""
        midnight = datetime.combine(day, time())
        for start, end in self._spans:
            begin, finish = midnight + start, midnight + end
            if since is not None:
                if since >= finish:
                    continue
                begin = max(begin, since)
            available = finish - begin
            if remaining <= available:
                return begin + remaining, _ZERO
            remaining -= available
        return None, remaining

    def _office_time_in_day(
        self, day: date, since: datetime | None, until: datetime | None
    ) -> timedelta:
        if not self.is_working_day(day):
            return _ZERO
        midnight = datetime.combine(day, time())
        total = _ZERO
        for start, end in self._spans:
            begin, finish = midnight + start, midnight + end
            if since is not None:
                begin = max(begin, since)
            if until is not None:
                finish = min(finish, until)
            if finish > begin:
                total += finish - begin
        return total

    def _package_holidays(self, year: int) -> frozenset[date]:
        cached = self._holidays.get(year)
        if cached is None:
            self._load_year(year)
            cached = self._holidays[year]
        return cached

    def _package_weekend_workdays(self, year: int) -> frozenset[date]:
        cached = self._weekend_workdays.get(year)
        if cached is None:
            self._load_year(year)
            cached = self._weekend_workdays[year]
        return cached

    def _load_year(self, year: int) -> None:
        table = holiday_cache(self._holidays_file).year(year)
        self._holidays[year] = table.days_off
        # weekend_workdays: Saturdays the package's swaps make working days (2025-04-26, ...)
        self._weekend_workdays[year] = table.weekend_workdays


def default_calendar(
    admin_overrides: Path | None = None,
    hours: OfficeHours | None = None,
    holidays_file: Path | None = None,
) -> WorkCalendar:
    """The calendar with the shipped overrides file, then the administrator's file if given;
    the package's holidays cached in `holidays_file` if given."""
    overrides = load_overrides(resources_dir() / SHIPPED_OVERRIDES)
    if admin_overrides is not None:
        overrides += load_overrides(admin_overrides)
    return WorkCalendar(hours if hours is not None else OfficeHours(), overrides, holidays_file)


def _offset(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _local(moment: datetime) -> datetime:
    """Naive Vietnam local time: VN_TZ has no daylight saving, so naive arithmetic is exact."""
    return to_vn(moment).replace(tzinfo=None)


def _aware(local: datetime) -> datetime:
    return local.replace(tzinfo=VN_TZ)


def _day_of_year(d: date) -> int:
    """0 for 1 January."""
    return d.timetuple().tm_yday - 1
