"""`upstream report`: the period report (Biểu số 06/VPCP/KSTT) over everything imported, with
each desk's completeness, as a text table, JSON, or a CSV file written whole or not at all."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.errors import EXIT_OK
from onestop_desktop.domain.reports import COUNT_KEYS, Period, parse_day
from onestop_desktop.upstream.report import BY_CHOICES, build_report
from onestop_desktop.upstream.store import UpstreamStore

#: the CSV's and the table's counter columns, in the form's order
COLUMNS = (
    "received",
    "received_online",
    "received_direct",
    "carried_over",
    "handled",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "pending_in_time",
    "pending_overdue",
    "due_in_period",
    "finished_by_due",
    "on_time_rate",
    "late_in_period",
    "apologised_in_time",
    "apology_rate",
    "apologised",
    "apology_any_rate",
)
assert set(COUNT_KEYS) <= set(COLUMNS)
_KEYS = {
    "field": ("field_code", "field_name"),
    "procedure": ("field_code", "procedure_code", "procedure_name"),
    "desk": ("desk_id",),
    "commune": ("commune",),
}


def add_parser(actions: Any, target_help: str) -> None:
    """Add `report` to the `upstream` actions."""
    p = actions.add_parser(
        "report", help="the period report (Biểu số 06/VPCP/KSTT) over everything imported"
    )
    p.add_argument("--db", dest="upstream_db", default=None, metavar="TARGET", help=target_help)
    p.add_argument("--from", dest="day_from", required=True, metavar="DAY", help="YYYY-MM-DD")
    p.add_argument("--to", dest="day_to", required=True, metavar="DAY", help="YYYY-MM-DD")
    p.add_argument(
        "--official-cutoff",
        action="store_true",
        help="15th of the month before the first month to the 14th of the last month",
    )
    p.add_argument("--by", choices=BY_CHOICES, default="field")
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", type=Path, default=None, metavar="FILE.csv", help="also write a CSV")
    p.add_argument(
        "--today", default=None, metavar="DAY", help="the day the report is made (default: today)"
    )


def _period(args: argparse.Namespace) -> tuple[Period, date]:
    start = parse_day(args.day_from, "from")
    end = parse_day(args.day_to, "to")
    period = Period(start, end)
    if args.official_cutoff:
        period = period.official_cutoff()
    today = parse_day(args.today, "today") if args.today else date.today()
    return period, today


def _out_error(path: Path, why_vi: str, why_en: str) -> InvalidInput:
    return InvalidInput(
        [
            FieldError(
                "out",
                f"Không ghi được tệp {path}: {why_vi}; cần đường dẫn một tệp .csv trong thư mục "
                "có sẵn và ghi được.",
                f"cannot write {path}: {why_en}; expected a .csv file's path in a folder that "
                "exists and can be written",
            )
        ]
    )


def _check_out(path: Path) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if path.is_dir():
        raise _out_error(path, "đó là một thư mục", "it is a folder")
    if not path.parent.is_dir():
        raise _out_error(path, "thư mục không tồn tại", "the folder does not exist")
    if not os.access(path.parent, os.W_OK):
        raise _out_error(path, "không có quyền ghi vào thư mục", "the folder is not writable")


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename: a
    reader sees the old file or the whole new one, never half of it."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def csv_text(report: dict[str, Any]) -> str:
    """The report as CSV (UTF-8 with a BOM, so spreadsheet programs read the Vietnamese)."""
    keys = _KEYS[report["by"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow((*keys, *COLUMNS))
    for row in report["rows"]:
        writer.writerow(
            (*(row[k] for k in keys), *("" if row[c] is None else row[c] for c in COLUMNS))
        )
    total = report["total"]
    writer.writerow(
        (
            "TỔNG SỐ / TOTAL",
            *("",) * (len(keys) - 1),
            *("" if total[c] is None else total[c] for c in COLUMNS),
        )
    )
    return "\ufeff" + buffer.getvalue()


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}%"


def _print_table(report: dict[str, Any]) -> None:
    period = report["period"]
    print(
        f"Biểu số 06/VPCP/KSTT — {period['from']} … {period['to']} (by {report['by']})\n"
        "recv = received (online + direct/postal), carry = from the previous period, "
        "res = resolved (early/on time/late), pend = pending (in time/overdue)"
    )
    keys = _KEYS[report["by"]]
    head = (
        f"{'':<34} {'recv':>7} {'onl':>6} {'dir':>6} {'carry':>6} {'res':>7} {'early':>6} "
        f"{'ontime':>6} {'late':>6} {'pend':>6} {'intime':>6} {'over':>6} {'on-time':>8} "
        f"{'apology':>8}"
    )
    print(head)
    for row in [*report["rows"], {**report["total"], **dict.fromkeys(keys, "")}]:
        label = " ".join(str(row[k]) for k in keys).strip() or "TỔNG SỐ / TOTAL"
        print(
            f"{label[:34]:<34} {row['received']:>7} {row['received_online']:>6} "
            f"{row['received_direct']:>6} {row['carried_over']:>6} {row['resolved']:>7} "
            f"{row['resolved_early']:>6} {row['resolved_on_time']:>6} {row['resolved_late']:>6} "
            f"{row['pending']:>6} {row['pending_in_time']:>6} {row['pending_overdue']:>6} "
            f"{_rate(row['on_time_rate']):>8} {_rate(row['apology_rate']):>8}"
        )
    for desk in report["completeness"]:
        last = desk["last_export"]
        missing = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in desk["missing_exports"])
        days = ", ".join(f"{d['day']} ({d['missing']})" for d in desk["days_not_exported"])
        when = "-" if last is None else f"{last['number']} at {last['imported_at']}"
        print(
            f"{desk['desk_id']}: last export {when}; "
            f"missing exports: {missing or '-'}; days with dossiers not yet exported: "
            f"{days or '-'}"
        )


def run(args: argparse.Namespace, open_store: Callable[..., UpstreamStore]) -> int:
    """Run `upstream report`; `open_store(args, create=False)` opens the store."""
    period, today = _period(args)
    if args.out is not None:
        _check_out(args.out)
    with open_store(args, create=False) as store:
        report = build_report(store, period, args.by, today)
    if args.out is not None:
        try:
            write_atomically(args.out, csv_text(report))
        except OSError as error:
            raise _out_error(args.out, str(error.strerror), str(error.strerror)) from None
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        _print_table(report)
    return EXIT_OK
