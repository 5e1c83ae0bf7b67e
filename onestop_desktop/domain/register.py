"""The register book's period (Sổ theo dõi hồ sơ, DOMAIN.md §1.8): checked days, at most ten
years, as the command line and the window take them.

A small check of its own until the period report's `domain.reports.Period` is on main; the
register then takes that type instead (same rules: real days, end not before start, at most ten
years).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.text import excerpt, excerpt_vi

#: the longest period a register covers
MAX_YEARS = 10


@dataclass(frozen=True)
class RegisterPeriod:
    """From the first to the last day, both included (Vietnam time)."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), VN_TZ)

    @property
    def end(self) -> datetime:
        """The start of the day after the last (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time(), VN_TZ)


def _day(text: str, field: str, errors: list[FieldError]) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors.append(
            FieldError(
                field,
                f"{excerpt_vi(text)} không phải một ngày có thật: cần dạng năm-tháng-ngày, "
                "ví dụ 2026-11-01.",
                f"{excerpt(text)} is not a day that exists: expected YYYY-MM-DD, such as "
                "2026-11-01",
                cli_hint=f"--{field}",
            )
        )
        return None


def check_period(first: str, last: str) -> RegisterPeriod:
    """The period from two typed days; InvalidInput naming each wrong one."""
    errors: list[FieldError] = []
    start = _day(first, "from", errors)
    end = _day(last, "to", errors)
    if start is not None and end is not None:
        if end < start:
            errors.append(
                FieldError(
                    "to",
                    "Ngày cuối kỳ phải không trước ngày đầu kỳ.",
                    f"the period ends ({end}) before it starts ({start})",
                    cli_hint="--to",
                )
            )
        elif end >= _years_after(start, MAX_YEARS):
            errors.append(
                FieldError(
                    "to",
                    f"Kỳ dài quá {MAX_YEARS} năm.",
                    f"the period from {start} to {end} is longer than {MAX_YEARS} years",
                    cli_hint="--to",
                )
            )
    if errors:
        raise InvalidInput(errors)
    assert start is not None and end is not None
    return RegisterPeriod(start, end)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register book, as stored (times as ISO 8601 text)."""

    code: str
    procedure_name: str
    field_name: str
    applicant_name: str
    address: str
    phone: str
    received_at: str
    due_at: str
    returned_at: str
    return_method: int
    collected_by: str
