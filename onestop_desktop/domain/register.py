"""The register book's period (Sổ theo dõi hồ sơ, DOMAIN.md §1.8) and rows: the period is
checked by the period report's `domain.reports.Period` (real days, end not before start, at most
ten years), as the command line and the window take it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.reports import MAX_YEARS as REPORT_MAX_YEARS
from onestop_desktop.domain.reports import Period, parse_day

#: the longest period a register covers
MAX_YEARS = REPORT_MAX_YEARS


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


def check_period(first: str, last: str) -> RegisterPeriod:
    """The period from two typed days, by the period report's rules (`domain.reports.Period`:
    real days, the end not before the start, at most ten years); InvalidInput naming the wrong
    field."""
    period = Period(parse_day(first, "from"), parse_day(last, "to"))
    return RegisterPeriod(period.start, period.end)


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
