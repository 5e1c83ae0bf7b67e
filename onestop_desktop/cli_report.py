"""Command line for issue 12's period report: `report` (the rules: domain/reports.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onestop_desktop.cli_common import open_desk as _open_desk
from onestop_desktop.domain.errors import EXIT_OK

if TYPE_CHECKING:
    from onestop_desktop.operations.reports import PeriodReport


def add_parsers(sub: Any) -> None:
    """Add `report` to the command line's subcommands."""
    p = sub.add_parser(
        "report",
        help="the period report (Biểu 06 counters, on-time and apology rates) by field, "
        "procedure or officer",
    )
    p.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD (included)")
    p.add_argument(
        "--official-cutoff",
        action="store_true",
        help="use the official data cut-off: the 15th of the month before to the 14th",
    )
    p.add_argument("--by", choices=("field", "procedure", "officer"), default="field")
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", type=Path, help="also write FILE.pdf, FILE.xlsx or FILE.csv")


def _table(report: PeriodReport) -> str:
    """A plain text table: the main counters and the two rates per row, a total last."""
    heads = ("key", "name", "recv", "carried", "resolved", "late", "pending", "overdue",
             "due", "by_due", "on_time%", "late_in", "apol", "apology%")  # fmt: skip

    def line(key: str, name: str, c: Any) -> list[str]:
        def r(v: float | None) -> str:
            return "-" if v is None else f"{v:.2f}"

        return [key, name[:40], *map(str, (c.received, c.carried_over, c.resolved,
                c.resolved_late, c.pending, c.pending_overdue, c.due_in_period,
                c.finished_by_due)), r(c.on_time_rate), str(c.late_in_period),
                str(c.apologised_in_time), r(c.apology_rate)]  # fmt: skip

    rows = [line(row.key, row.name, row.counts) for row in report.rows]
    rows.append(["", "TOTAL", *line("", "", report.total)[2:]])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    out = [
        f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"
        f"{' (official cut-off)' if report.official_cutoff else ''}, by {report.by}"
    ]
    for r in [list(heads), *rows]:
        out.append(
            "  ".join(
                cell.ljust(w) if i < 2 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(out)


def cmd_report(args: argparse.Namespace) -> int:
    from onestop_desktop.domain.reports import Period, parse_day

    period = Period(parse_day(args.first, "from"), parse_day(args.last, "to"))
    desk = _open_desk(args)
    try:
        report = desk.period_report(period, by=args.by, official_cutoff=args.official_cutoff)
        if args.out is not None:
            desk.write_period_report(report, args.out)
    finally:
        desk.close()
    if args.json:
        data = report.as_json()
        if args.out is not None:
            data["out"] = str(args.out)
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        print(_table(report))
        if args.out is not None:
            print(f"written: {args.out}")
    return EXIT_OK


COMMANDS = {"report": cmd_report}
