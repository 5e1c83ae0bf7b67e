"""The desk's period report (issue 12): Biểu 06's counters and the two graded rates per field,
procedure or officer, by the rules of `domain.reports` (one aggregate query, `store/reports.py`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.reports import Counts, Period, bounds
from onestop_desktop.domain.text import excerpt
from onestop_desktop.operations.forms import Forms
from onestop_desktop.operations.register import check_writable
from onestop_desktop.store import reports as report_store
from onestop_desktop.store.interrupt import Cancelled, interruptible

__all__ = ["Cancelled", "MonthPoint", "PeriodReport", "ReportRow", "Reports", "month_starts"]

#: what a report can be grouped by ("field_procedure": each procedure within its field)
REPORT_BY = tuple(report_store.REPORT_GROUPS)
#: what `--out` can write, by suffix
REPORT_FORMATS = (".pdf", ".xlsx", ".csv")
#: how many months the charts show
SERIES_MONTHS = 12


@dataclass(frozen=True)
class MonthPoint:
    """One month of the charts: its first day and the counts its own report has for received,
    resolved, pending, due in the period, finished by due, late in the period and apologies."""

    month: date
    counts: Counts

    def as_json(self) -> dict[str, Any]:
        c = self.counts
        return {
            "month": self.month.isoformat()[:7],
            "received": c.received,
            "resolved": c.resolved,
            "pending": c.pending,
            "due_in_period": c.due_in_period,
            "finished_by_due": c.finished_by_due,
            "on_time_rate": c.on_time_rate,
            "late_in_period": c.late_in_period,
            "apologised_in_time": c.apologised_in_time,
            "apology_rate": c.apology_rate,
        }


def month_starts(last: date, months: int = SERIES_MONTHS) -> list[date]:
    """The first days of the `months` months ending with the month of `last`, oldest first."""
    index = last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


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


@dataclass(frozen=True)
class FieldNode:
    """A field of the report with its procedures: the Reports window's tree."""

    row: ReportRow
    procedures: list[ReportRow]


def fields_with_procedures(report: PeriodReport) -> tuple[PeriodReport, list[FieldNode]]:
    """From a report grouped by "field_procedure": the same report grouped by field (its rows
    the sums of their procedures', as `by="field"` counts them) and each field's procedures."""
    nodes: dict[str, FieldNode] = {}
    for row in report.rows:
        field_key, _, procedure_key = row.key.partition(report_store.UNIT_SEPARATOR)
        field_name, _, procedure_name = row.name.partition(report_store.UNIT_SEPARATOR)
        node = nodes.setdefault(
            field_key, FieldNode(ReportRow(field_key, field_name, Counts()), [])
        )
        node.procedures.append(ReportRow(procedure_key, procedure_name, row.counts))
    tree = [
        FieldNode(
            ReportRow(n.row.key, n.row.name, sum((p.counts for p in n.procedures), Counts())),
            n.procedures,
        )
        for n in nodes.values()
    ]
    by_field = replace(report, by="field", rows=[n.row for n in tree])
    return by_field, tree


class Reports(Forms):
    """The period report."""

    def interruptible(self, cancelled: Callable[[], bool]) -> AbstractContextManager[None]:
        """A block whose queries stop soon after `cancelled()` turns true (then: Cancelled)."""
        return interruptible(self.db, cancelled)

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

    def monthly_series(
        self, last: date | None = None, months: int = SERIES_MONTHS
    ) -> list[MonthPoint]:
        """The `months` months ending with the month of `last` (today's by default), each
        counted as its own month's report counts it, from one query (`store.reports`)."""
        today = self.clock.now().date()
        starts = month_starts(last or today, months)
        end = Period.month(starts[-1].year, starts[-1].month).end
        counts = report_store.monthly_counts(self.db, starts[0], end, today)
        return [MonthPoint(start, counts[start.isoformat()[:7]]) for start in starts]

    def write_period_report(
        self,
        report: PeriodReport,
        out: Path,
        months: list[MonthPoint] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """Write `report` to `out` as its suffix says (.pdf, .xlsx, .csv), through a temporary
        file renamed over it; a PDF ends with the charts of the 12 months up to the period's
        end (`months` when already counted, as the Reports window has them). When
        `cancelled()` turns true before the file is complete, nothing is left (Cancelled)."""
        from onestop_desktop.documents import report as doc

        suffix = out.suffix.lower()
        if suffix not in REPORT_FORMATS:
            raise InvalidInput(
                [
                    FieldError(
                        "out",
                        "Tệp báo cáo phải có đuôi .pdf, .xlsx hoặc .csv.",
                        f"{excerpt(out.name)}: expected a file ending in .pdf, .xlsx or .csv",
                        cli_hint="--out",
                    )
                ]
            )
        check_writable(out)
        if suffix != ".pdf":
            months = []
        elif months is None:
            last = min(report.period.end, self.clock.now().date())
            if cancelled is None:
                months = self.monthly_series(last)
            else:
                with self.interruptible(cancelled):
                    months = self.monthly_series(last)
        sheet = doc.ReportSheet(
            office=replace(self.office_profile(), agency_name=self.settings.agency_name),
            start=report.period.start,
            end=report.period.end,
            by=report.by,
            official_cutoff=report.official_cutoff,
            rows=[(row.key, row.name, row.counts) for row in report.rows],
            total=report.total,
            made=self.clock.now().date(),
            months=[(point.month, point.counts) for point in months],
        )
        render = {
            ".pdf": doc.render_report_pdf,
            ".xlsx": doc.render_report_xlsx,
            ".csv": doc.render_report_csv,
        }[suffix]
        if cancelled is None:
            render(sheet, out)
            return
        # written whole beside `out` first, so a cancel at any moment leaves nothing behind
        partial = out.with_name(f".{out.name}.partial")
        try:
            render(sheet, partial)
            if cancelled():
                raise Cancelled()
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
