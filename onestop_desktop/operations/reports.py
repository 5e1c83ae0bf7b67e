"""The desk's period report (issue 12): Biểu 06's counters and the two graded rates per field,
procedure or officer, by the rules of `domain.reports` (one aggregate query, `store/reports.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.reports import Counts, Period, bounds
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import reports as report_store

#: what a report can be grouped by
REPORT_BY = tuple(report_store.REPORT_GROUPS)


@dataclass(frozen=True)
class ReportRow:
    """One group of the report: its key (field or procedure code, officer's id), name, counts."""

    key: str
    name: str
    counts: Counts

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, **self.counts.as_json()}


@dataclass(frozen=True)
class PeriodReport:
    """A report: its period (after any official cut-off), grouping, rows and total."""

    period: Period
    by: str
    official_cutoff: bool
    rows: list[ReportRow]
    total: Counts

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period.as_json(),
            "official_cutoff": self.official_cutoff,
            "by": self.by,
            "rows": [row.as_json() for row in self.rows],
            "total": self.total.as_json(),
        }


class Reports(DeskBase):
    """The period report."""

    def period_report(
        self, period: Period, by: str = "field", official_cutoff: bool = False
    ) -> PeriodReport:
        """The report of `period` (its official cut-off when asked) grouped `by`, judged as of
        today (a period that ends after today is judged against today)."""
        if by not in REPORT_BY:
            raise InvalidInput(
                [
                    FieldError(
                        "by",
                        f"Không nhóm báo cáo theo «{by}» được: cần một trong "
                        f"{', '.join(REPORT_BY)}.",
                        f"cannot group a report by {by!r}: expected one of {', '.join(REPORT_BY)}",
                    )
                ]
            )
        if official_cutoff:
            period = period.official_cutoff()
        today = self.clock.now().date()
        rows = [
            ReportRow(key, name, counts)
            for key, name, counts in report_store.report_rows(self.db, by, bounds(period, today))
        ]
        total = sum((row.counts for row in rows), Counts())
        return PeriodReport(period, by, official_cutoff, rows, total)
