"""The daily board and search: the board's sections at a moment, their pages, and finding a
dossier by code, name (accents optional), ID number or phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from onestop_desktop.domain.calendar import WorkCalendar
from onestop_desktop.domain.clock import VN_TZ, iso
from onestop_desktop.domain.dossier import CODE_RE, normalise_code, normalise_phone
from onestop_desktop.domain.lifecycle import days_overdue, due_today
from onestop_desktop.domain.reports import Counts, Period, bounds
from onestop_desktop.domain.status import OPEN_STATUSES, Status
from onestop_desktop.domain.text import fold
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import board as board_store
from onestop_desktop.store import reports as report_store

_PHONE_LIKE = re.compile(r"\+?[\d\s.()]+")

#: the board's sections: key, Vietnamese and English titles
BOARD_SECTIONS = (
    ("overdue", "Quá hạn", "Overdue"),
    ("due_today", "Đến hạn hôm nay", "Due today"),
    ("due_soon", "Đến hạn ngày làm việc tiếp theo", "Due by the next working day"),
    ("waiting_papers", "Chờ bổ sung giấy tờ", "Waiting for supplementary papers"),
    ("ready_for_pickup", "Đã có kết quả, chờ trả", "Resolved, waiting for pickup"),
)


@dataclass(frozen=True)
class BoardRow:
    """One dossier as a board or search row shows it."""

    code: str
    applicant_name: str
    procedure_code: str
    procedure_name: str
    field_name: str
    received_at: datetime
    due_at: datetime | None
    original_due_at: datetime | None
    status: Status
    apology_count: int
    phone: str
    #: working days past the due time when the row was read (`domain.lifecycle.days_overdue`),
    #: None when not overdue
    days_late: int | None = None
    #: open and due later on the day the row was read
    due_today: bool = False


@dataclass(frozen=True)
class BoardSection:
    """A section of the daily board: its count, counts per field, and its first rows."""

    key: str
    title_vi: str
    title_en: str
    count: int
    by_field: dict[str, int]
    rows: list[BoardRow]


@dataclass(frozen=True)
class MonthFigures:
    """This month so far, by the period report's rules (`domain.reports`): the on-time rate
    among the dossiers due so far this month, and the share of those that became late this
    month which got an apology before their due time. So the board cannot show 100 % on time
    beside dossiers that are overdue. Rates are fractions (0.9269), None with nothing to rate."""

    start: date
    resolved: int
    early: int
    on_time: int
    late: int
    due: int  # due so far this month (graded against the due time before any apology)
    finished_by_due: int
    on_time_rate: float | None
    late_total: int  # became late this month
    late_apologised: int  # of those, apologised before their due time
    apology_rate: float | None
    pending_overdue: int


def month_figures(start: date, counts: Counts) -> MonthFigures:
    """The board's month line from the report's counts of the month so far."""

    def fraction(percent: float | None) -> float | None:
        return None if percent is None else round(percent / 100, 4)

    return MonthFigures(
        start=start,
        resolved=counts.resolved,
        early=counts.resolved_early,
        on_time=counts.resolved_on_time,
        late=counts.resolved_late,
        due=counts.due_in_period,
        finished_by_due=counts.finished_by_due,
        on_time_rate=fraction(counts.on_time_rate),
        late_total=counts.late_in_period,
        late_apologised=counts.apologised_in_time,
        apology_rate=fraction(counts.apology_rate),
        pending_overdue=counts.pending_overdue,
    )


@dataclass(frozen=True)
class Board:
    """The daily board at one moment."""

    moment: datetime
    sections: tuple[BoardSection, ...]
    #: this month's rates; None when asked for apart (`Desk.board_month`, off the UI thread)
    month: MonthFigures | None

    def section(self, key: str) -> BoardSection:
        return next(s for s in self.sections if s.key == key)


#: the columns a board table can be sorted by: (column, descending)
SORT_KEYS = frozenset({"code", "received", "due", "days_late"})
BoardSort = tuple[str, bool]
_SORT_COLUMNS = {"code": "code", "received": "received_at", "due": "due_at"}


def board_row(row: Any, calendar: WorkCalendar, moment: datetime) -> BoardRow:
    """A board row from the database, with how late it is at `moment`."""
    status = Status(row["status"])
    due_at = datetime.fromisoformat(row["due_at"]) if row["due_at"] else None
    return BoardRow(
        code=row["code"],
        applicant_name=row["applicant_name"],
        procedure_code=row["procedure_code"],
        procedure_name=row["procedure_name"],
        field_name=row["field_name"],
        received_at=datetime.fromisoformat(row["received_at"]),
        due_at=due_at,
        original_due_at=(
            datetime.fromisoformat(row["original_due_at"]) if row["original_due_at"] else None
        ),
        status=status,
        apology_count=row["apology_count"],
        phone=row["phone"] or "",
        days_late=days_overdue(calendar, status, due_at, moment),
        due_today=due_today(status, due_at, moment),
    )


def sort_rows(rows: list[BoardRow], sort: BoardSort) -> list[BoardRow]:
    """A short list of rows (search results) in a board table's order, the way `board_page`
    orders a section: the most late first when sorting by days late, descending."""
    key, descending = sort

    def value(row: BoardRow) -> tuple[Any, ...]:
        if key == "code":
            return (row.code,)
        if key == "received":
            return (row.received_at,)
        if key == "due":
            return (row.due_at is not None, row.due_at or row.received_at)
        return (-1 if row.days_late is None else row.days_late, row.received_at)

    return sorted(rows, key=value, reverse=descending)


class BoardAndSearch(DeskBase):
    """The desk's board and search."""

    def board_moment(self, day: date | None = None) -> datetime:
        """The moment a board is drawn for: now, or the opening of another day."""
        now = self.clock.now()
        if day is None or day == now.date():
            return now
        return datetime.combine(day, self.calendar.hours.periods[0][0], tzinfo=VN_TZ)

    def section_query(self, key: str, moment: datetime) -> board_store.SectionQuery:
        """The SQL shape of one board section at `moment` (see BOARD_SECTIONS)."""
        open_codes = tuple(sorted(int(s) for s in OPEN_STATUSES))
        end_of_day = datetime.combine(moment.date(), time(23, 59, 59), tzinfo=VN_TZ)
        next_close = self.calendar.closing(self.calendar.next_working_day(moment.date()))
        if key == "overdue":
            return board_store.section_open_due_between(
                open_codes, None, iso(moment - timedelta(seconds=1))
            )
        if key == "due_today":
            return board_store.section_open_due_between(
                open_codes, iso(moment - timedelta(seconds=1)), iso(end_of_day)
            )
        if key == "due_soon":
            return board_store.section_open_due_between(
                open_codes, iso(end_of_day), iso(next_close)
            )
        if key == "waiting_papers":
            return board_store.section_status((int(Status.SUPPLEMENT_REQUESTED),), "paused_at")
        if key == "ready_for_pickup":
            return board_store.section_status((int(Status.RESOLVED),))
        if key == "all":
            return board_store.section_all()
        raise KeyError(key)

    def board(self, day: date | None = None, page_size: int = 50, month: bool = True) -> Board:
        """Every section's count, counts per field and first page, and (unless `month` is
        False: the window counts them apart, after drawing the sections) this month's rates."""
        moment = self.board_moment(day)
        sections = []
        for key, title_vi, title_en in BOARD_SECTIONS:
            query = self.section_query(key, moment)
            total = board_store.count(self.db, query)
            sections.append(
                BoardSection(
                    key=key,
                    title_vi=title_vi,
                    title_en=title_en,
                    count=total,
                    by_field=board_store.count_by_field(self.db, query) if total else {},
                    rows=[
                        board_row(r, self.calendar, moment)
                        for r in board_store.page(self.db, query, 0, page_size, total)
                    ],
                )
            )
        return Board(
            moment=moment,
            sections=tuple(sections),
            month=self.board_month(moment) if month else None,
        )

    def board_month(self, moment: datetime) -> MonthFigures:
        """This month so far at `moment`, by the period report's rules (the board's month line:
        one aggregate over the month's dossiers, some tens of milliseconds on a large desk)."""
        month = Period.month(moment.year, moment.month)
        counts = report_store.report_total(self.db, bounds(month, moment.date()))
        return month_figures(month.start, counts)

    def board_page(
        self,
        key: str,
        offset: int,
        limit: int,
        total: int,
        moment: datetime,
        sort: BoardSort | None = None,
    ) -> list[BoardRow]:
        """Rows [offset, offset+limit) of one section, for a windowed table, in the section's
        own order or sorted by one of `SORT_KEYS` (in SQL, a page at a time)."""
        parts = self.sorted_section(key, moment, sort)
        # The overdue part is counted through its index; the rest is what it leaves.
        rest = 0 if sort == ("days_late", False) else -1
        rows = board_store.chained_page(self.db, parts, offset, limit, total, rest)
        return [board_row(r, self.calendar, moment) for r in rows]

    def sorted_section(
        self, key: str, moment: datetime, sort: BoardSort | None
    ) -> list[board_store.SectionQuery]:
        """One section at `moment` as queries read one after another, in the order asked for.

        Days late only grow as the due time lies further back, so sorting by them is sorting the
        overdue dossiers by due time, with the others (none late) after them, newest first."""
        query = self.section_query(key, moment)
        if sort is None:
            return [query]
        column, descending = sort
        if column not in SORT_KEYS:
            raise KeyError(column)
        first, last = ("DESC", "ASC") if descending else ("ASC", "DESC")
        if column != "days_late":
            by = _SORT_COLUMNS[column]
            return [board_store.ordered_by(query, ((by, first), ("id", first)))]
        if key in ("due_today", "due_soon", "waiting_papers", "ready_for_pickup"):
            return [query]  # nothing in them is overdue
        overdue = self.section_query("overdue", moment)
        by_lateness = (("due_at", last), ("id", last))
        if key == "overdue":
            return [board_store.ordered_by(query, by_lateness)]
        rest = board_store.excluding(query, overdue)
        late = board_store.ordered_by(overdue, by_lateness)
        return [late, rest] if descending else [rest, late]

    def board_count(self, key: str, moment: datetime) -> int:
        return board_store.count(self.db, self.section_query(key, moment))

    def search(self, text: str, limit: int = 50) -> list[BoardRow]:
        """Dossiers by code or part of it, name (accents optional, đ = d), ID number or phone."""
        cleaned = text.strip()
        if not cleaned:
            return []
        now = self.clock.now()
        code = normalise_code(cleaned)
        if CODE_RE.match(code):  # a whole code, typed or scanned: the unique index answers
            exact = board_store.by_code(self.db, code)
            if exact:
                return [board_row(r, self.calendar, now) for r in exact]
            # "H56-261124-0001" has a code's shape too: the end of a code, searched by its parts.
        digits = sum(ch.isdigit() for ch in cleaned)
        if _PHONE_LIKE.fullmatch(cleaned) and cleaned[0] in "+0" and digits >= 4:
            # "+84 912 345 678" or "079 088 001 234": try the stored, normalised form first;
            # "000.00.01" may as well be the start of a code, so fall back to the words.
            rows = board_store.search(self.db, normalise_phone(cleaned), limit)
            if rows:
                return [board_row(r, self.calendar, now) for r in rows]
        words = fold(cleaned).replace("-", " ").replace(".", " ").split()
        # The agency code's parts are in every code: alone they would match every dossier.
        agency = set(fold(self.settings.agency_code).replace(".", " ").split())
        distinctive = [w for w in words if w not in agency] or words
        found = board_store.search(self.db, " ".join(distinctive), limit)
        return [board_row(r, self.calendar, now) for r in found]
