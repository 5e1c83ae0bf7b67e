"""The period report's rules: Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP) and the two graded
rates, in one pure place that the desk's report and the upstream report both follow.

DOMAIN.md §4.1 gives the columns and their identities, §4.2 how the provincial systems classify
a dossier (comparisons by date only). This module decides what those texts leave open:

* **Refused at the counter (status 3)** was never taken in for resolution: it counts nowhere.
* **Stopped (status 8)**, which is how a withdrawn or returned dossier ends, counts as resolved
  on the day it stopped, **on time** (as TD's Biểu 06a labels it: "Đúng hạn (bao gồm cả hồ sơ trả
  lại/xin rút)"), and as finished by its due time for the on-time rate; it never "becomes late".
  A withdrawal merely requested (status 7) is still pending.
* **Waiting for papers (status 5)**: the clock is paused, so such a dossier is pending **within
  time** (TD: "bao gồm cả hồ sơ chờ bổ sung"), is left out of "due in the period" (its due time
  will be moved when the papers arrive) and never becomes late while it waits.
* **The due time graded against** is the due time before the first apology (upstream has it as
  `NgayHenTraTruoc` of the first apology entry of `DanhSachHoSoBoSung`), else `NgayHenTra`. An
  apology moves `NgayHenTra`; grading against the moved date would turn every apologised dossier
  "on time".
* **Overdue for a period that ends after today** is judged against min(period end, today): a
  dossier due tomorrow is not overdue yet. "Due in the period" and "became late in the period"
  are bounded the same way.
* **Resolved early / on time / late** compare the finishing day with the due day: before, equal
  (or no due time), after.
* **On-time rate** (as provinces quote it): among the dossiers whose due day falls in the period
  (up to today), the share finished on or before that day; a dossier not finished counts as not
  on time. The province's month: 16,325 / 17,612 = 92.69 %.
* **Apology rate**: among the dossiers that became late in the period (the day after their due
  day falls in the period, up to today, and they were not finished by their due day), the share
  that got an apology (with a new date) before their due time (moments compared, since the
  desk's rule is an apology before the deadline); `apology_any_rate` is the share that got one
  at all.
* **Rates** are percentages rounded half up to two decimals (92.69), and `None` (JSON null)
  when the denominator is 0: "no dossier to grade" is not 0 % nor 100 %.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from onestop_desktop.domain.dossier import FieldError, InvalidInput

#: the longest period a report covers
MAX_YEARS = 10
#: statuses that end a dossier (its finishing day is NgayKetThucXuLy)
FINISHED_STATUSES = frozenset({8, 9, 10})
REFUSED = 3
WAITING_FOR_PAPERS = 5
STOPPED = 8
ONLINE = 2


def parse_day(text: str, field: str) -> date:
    """A day typed as YYYY-MM-DD; InvalidInput naming `field` when it is not a real day."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            [
                FieldError(
                    field,
                    f"Ngày «{text}» không hợp lệ: cần một ngày có thật, dạng NNNN-TT-NN "
                    "(ví dụ 2026-03-31).",
                    f"{text!r} is not a day: expected a real day as YYYY-MM-DD (e.g. 2026-03-31)",
                )
            ]
        ) from None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """A report's period: from `start` to `end`, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput(
                [
                    FieldError(
                        "to",
                        f"Ngày kết thúc kỳ ({self.end.isoformat()}) trước ngày bắt đầu "
                        f"({self.start.isoformat()}): cần ngày kết thúc từ ngày bắt đầu trở đi.",
                        f"the period's end ({self.end.isoformat()}) is before its start "
                        f"({self.start.isoformat()}): expected an end on or after the start",
                    )
                ]
            )
        if self.end >= _add_years(self.start, MAX_YEARS):
            raise InvalidInput(
                [
                    FieldError(
                        "to",
                        f"Kỳ báo cáo dài quá {MAX_YEARS} năm: cần một kỳ ngắn hơn.",
                        f"the period is longer than {MAX_YEARS} years: expected a shorter one",
                    )
                ]
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("a quarter is 1 to 4")
        first = 3 * quarter - 2
        return cls(cls.month(year, first).start, cls.month(year, first + 2).end)

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError("a half-year is 1 or 2")
        first = 6 * half - 5
        return cls(cls.month(year, first).start, cls.month(year, first + 5).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def official_cutoff(self) -> Period:
        """The official data cut-off (Decree 09/2019/NĐ-CP, DOMAIN.md §4.1): from the 15th of
        the month before the period's first month (the last month of the previous period) to
        the 14th of the period's last month."""
        before = self.start.replace(day=1) - timedelta(days=1)
        return Period(before.replace(day=15), self.end.replace(day=14))

    def as_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


@dataclass(frozen=True)
class DossierFacts:
    """What the report reads of one dossier (a desk's row or an upstream record)."""

    received: date
    #: KenhThucHien: 1 direct, 2 online, 3 postal
    channel: int
    #: TrangThaiHoSo (national code)
    status: int
    #: the day it finished (NgayKetThucXuLy), for a finished status (8, 9, 10)
    finished: date | None
    #: the due time graded against: before the first apology, else NgayHenTra
    due: datetime | None
    #: when the first apology was made
    apology_at: datetime | None = None


COUNT_KEYS = (
    "received",
    "received_online",
    "received_direct",
    "carried_over",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "pending_in_time",
    "pending_overdue",
    "due_in_period",
    "finished_by_due",
    "late_in_period",
    "apologised_in_time",
    "apologised",
)

#: How the stores' report queries count (store/reports.py, upstream/store/base.py): each
#: dossier of a period falls in one class of each of four kinds — 0 received (1 online,
#: 2 direct or postal, 3 carried over), 1 handled (1 early, 2 on time, 3 late, 4 pending in
#: time, 5 pending overdue), 2 due in the period (1 not finished by its due time, 2 finished
#: by it), 3 became late (1 no apology, 2 an apology too late, 3 an apology in time) — and
#: each counter sums some classes of one kind. One table for both stores, in COUNT_KEYS order.
COUNTER_CLASSES: dict[str, tuple[int, tuple[int, ...]]] = {
    "received": (0, (1, 2)),
    "received_online": (0, (1,)),
    "received_direct": (0, (2,)),
    "carried_over": (0, (3,)),
    "resolved": (1, (1, 2, 3)),
    "resolved_early": (1, (1,)),
    "resolved_on_time": (1, (2,)),
    "resolved_late": (1, (3,)),
    "pending": (1, (4, 5)),
    "pending_in_time": (1, (4,)),
    "pending_overdue": (1, (5,)),
    "due_in_period": (2, (1, 2)),
    "finished_by_due": (2, (2,)),
    "late_in_period": (3, (1, 2, 3)),
    "apologised_in_time": (3, (3,)),
    "apologised": (3, (2, 3)),
}
assert tuple(COUNTER_CLASSES) == COUNT_KEYS


@dataclass(frozen=True)
class Counts:
    """The counters of one report row (or of one dossier: each 0 or 1)."""

    received: int = 0
    received_online: int = 0
    received_direct: int = 0
    carried_over: int = 0
    resolved: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0
    due_in_period: int = 0
    finished_by_due: int = 0
    late_in_period: int = 0
    apologised_in_time: int = 0
    apologised: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, k) + getattr(other, k) for k in COUNT_KEYS))

    @classmethod
    def from_values(cls, values: Iterable[Any]) -> Counts:
        """Counts from values in COUNT_KEYS order (None, as SQL's SUM of nothing, is 0)."""
        return cls(*(int(v or 0) for v in values))

    @property
    def handled(self) -> int:
        """Received in the period plus carried over (tổng số hồ sơ xử lý)."""
        return self.received + self.carried_over

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.finished_by_due, self.due_in_period)

    @property
    def apology_rate(self) -> float | None:
        return rate(self.apologised_in_time, self.late_in_period)

    @property
    def apology_any_rate(self) -> float | None:
        return rate(self.apologised, self.late_in_period)

    def identity_problems(self) -> list[str]:
        """The identities of DOMAIN.md §4.1 that do not hold (empty when all do)."""
        checks = {
            "received = received_online + received_direct": self.received
            == self.received_online + self.received_direct,
            "handled = resolved + pending": self.handled == self.resolved + self.pending,
            "resolved = early + on time + late": self.resolved
            == self.resolved_early + self.resolved_on_time + self.resolved_late,
            "pending = in time + overdue": self.pending
            == self.pending_in_time + self.pending_overdue,
            "finished_by_due <= due_in_period": self.finished_by_due <= self.due_in_period,
            "apologised_in_time <= apologised <= late_in_period": self.apologised_in_time
            <= self.apologised
            <= self.late_in_period,
        }
        return [name for name, holds in checks.items() if not holds]

    def as_json(self) -> dict[str, Any]:
        """The report's keys: the counters, `handled` and the rates."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["handled"] = self.handled
        out["on_time_rate"] = self.on_time_rate
        out["apology_rate"] = self.apology_rate
        out["apology_any_rate"] = self.apology_any_rate
        return out


def rate(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage rounded half up to two decimals; None when `whole` is
    0 (nothing to grade)."""
    if whole == 0:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return float(value)


@dataclass(frozen=True)
class Bounds:
    """A period's days as the classification compares them."""

    start: date
    end: date
    #: min(end, today): what "overdue" and "due so far" are judged against
    ref: date


def bounds(period: Period, today: date) -> Bounds:
    return Bounds(period.start, period.end, min(period.end, today))


def classify(d: DossierFacts, b: Bounds) -> Counts:
    """Which counters one dossier increments in a period (each 0 or 1): the reference the
    stores' aggregate queries are tested against."""
    c: dict[str, int] = {}
    if d.status == REFUSED or d.received > b.end:
        return Counts()
    finished = d.finished if d.status in FINISHED_STATUSES else None
    due = d.due.date() if d.due is not None else None
    waiting = d.status == WAITING_FOR_PAPERS and finished is None
    stopped = d.status == STOPPED and finished is not None
    if finished is None or finished >= b.start:
        if d.received >= b.start:
            c["received"] = 1
            c["received_online" if d.channel == ONLINE else "received_direct"] = 1
        else:
            c["carried_over"] = 1
        if finished is not None and finished <= b.end:
            c["resolved"] = 1
            if stopped or due is None or finished == due:
                c["resolved_on_time"] = 1
            elif finished < due:
                c["resolved_early"] = 1
            else:
                c["resolved_late"] = 1
        else:
            c["pending"] = 1
            if waiting or due is None or due >= b.ref:
                c["pending_in_time"] = 1
            else:
                c["pending_overdue"] = 1
    if due is not None and not waiting:
        if b.start <= due <= b.ref:
            c["due_in_period"] = 1
            if finished is not None and (stopped or finished <= due):
                c["finished_by_due"] = 1
        became_late = due + timedelta(days=1)
        if not stopped and b.start <= became_late <= b.ref and (finished is None or finished > due):
            c["late_in_period"] = 1
            if d.apology_at is not None:
                c["apologised"] = 1
                if d.due is not None and d.apology_at < d.due:
                    c["apologised_in_time"] = 1
    return Counts(**c)


# --- an upstream record (DongBoHoSoMC, DOMAIN.md §5.2) ------------------------------------------


@dataclass(frozen=True)
class RecordFacts:
    """What the report reads of a synchronised dossier record, as the upstream store keeps it in
    columns: stamps as yyyyMMddHHmmss text, days as yyyymmdd numbers, absent ones None."""

    field_code: str
    field_name: str
    procedure_code: str
    procedure_name: str
    channel: int
    received_day: int | None
    #: NgayKetThucXuLy's day, for a finished status (8, 9, 10) only
    finished_day: int | None
    #: the due time graded against (stamp), and its day
    graded_due: str | None
    due_day: int | None
    #: the first apology's time (stamp)
    apology_at: str | None

    def as_tuple(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


def _stamp(value: Any) -> str | None:
    text = value if isinstance(value, str) else ""
    return text if len(text) >= 8 and text[:8].isdigit() else None


def _day(stamp: str | None) -> int | None:
    return int(stamp[:8]) if stamp else None


def first_apology(supplements: Any) -> tuple[str | None, str | None]:
    """(when, due before it) of the first apology in DanhSachHoSoBoSung: the earliest entry
    with a previous due time (NgayHenTraTruoc); supplement requests have none."""
    best: tuple[str, str] | None = None
    for entry in supplements if isinstance(supplements, list) else ():
        if not isinstance(entry, Mapping):
            continue
        before = _stamp(entry.get("NgayHenTraTruoc"))
        at = _stamp(entry.get("NgayBoSung"))
        if before is None or at is None:
            continue
        if best is None or at < best[0]:
            best = (at, before)
    return (best[0], best[1]) if best else (None, None)


def record_facts(record: Mapping[str, Any]) -> RecordFacts:
    """The report's columns of one synchronised record (a missing or malformed value is None:
    the report counts what it can read)."""
    apology_at, due_before = first_apology(record.get("DanhSachHoSoBoSung"))
    due = due_before or _stamp(record.get("NgayHenTra"))
    # Only a finished status has a finishing day (a record may carry one it no longer has).
    status = str(record.get("TrangThaiHoSo") or "")
    finished = _stamp(record.get("NgayKetThucXuLy")) if status in ("8", "9", "10") else None
    channel = str(record.get("KenhThucHien") or "1")
    return RecordFacts(
        field_code=str(record.get("MaLinhVuc") or ""),
        field_name=str(record.get("TenLinhVuc") or ""),
        procedure_code=str(record.get("MaTTHC") or ""),
        procedure_name=str(record.get("TenTTHC") or ""),
        channel=int(channel) if channel.isdigit() else 1,
        received_day=_day(_stamp(record.get("NgayTiepNhan"))),
        finished_day=_day(finished),
        graded_due=due,
        due_day=_day(due),
        apology_at=apology_at,
    )


def day_number(day: date) -> int:
    """A day as the upstream store's columns hold it: yyyymmdd."""
    return day.year * 10_000 + day.month * 100 + day.day


def _from_number(number: int) -> date:
    return date(number // 10_000, number // 100 % 100, number % 100)


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S")


def facts_of(columns: RecordFacts, status: int) -> DossierFacts | None:
    """The classifier's facts of a stored record (None without a receiving day: not counted)."""
    if columns.received_day is None:
        return None
    return DossierFacts(
        received=_from_number(columns.received_day),
        channel=columns.channel,
        status=status,
        finished=None if columns.finished_day is None else _from_number(columns.finished_day),
        due=None if columns.graded_due is None else _moment(columns.graded_due),
        apology_at=None if columns.apology_at is None else _moment(columns.apology_at),
    )


@dataclass(frozen=True)
class QueryBounds:
    """A period's days as yyyymmdd numbers, for a store's aggregate query: the classification's
    comparisons, with "the day after the due day" moved to the other side."""

    start: int
    end: int
    ref: int
    #: start - 1 day and ref - 1 day: the due days whose next day falls in [start, ref]
    late_from: int
    late_to: int


def query_bounds(period: Period, today: date) -> QueryBounds:
    b = bounds(period, today)
    return QueryBounds(
        day_number(b.start),
        day_number(b.end),
        day_number(b.ref),
        day_number(b.start - timedelta(days=1)),
        day_number(b.ref - timedelta(days=1)),
    )
