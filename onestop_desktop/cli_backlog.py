"""Command line for issue 12's backlog and register book: `import-dossiers` and `register`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onestop_desktop.cli_common import open_desk as _open_desk
from onestop_desktop.cli_common import print_json as _print_json
from onestop_desktop.domain.backlog import BacklogRejected
from onestop_desktop.domain.errors import EXIT_BAD_INPUT, EXIT_OK

if TYPE_CHECKING:
    pass


def add_parsers(sub: Any) -> None:
    """Add `import-dossiers` and `register` to the command line's subcommands."""
    p = sub.add_parser(
        "import-dossiers",
        help="bring in a backlog of dossiers from a CSV or XLSX file (all or nothing)",
    )
    p.add_argument("file", type=Path, help="FILE.csv or FILE.xlsx (columns: see the README)")
    p.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "register", help="the register book (Sổ theo dõi hồ sơ) for a period, as PDF/XLSX/CSV"
    )
    p.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD (included)")
    p.add_argument("--field", default="", help="one field's code (default: every field)")
    p.add_argument("--out", type=Path, required=True, help="FILE.pdf, FILE.xlsx or FILE.csv")
    p.add_argument("--json", action="store_true")


def cmd_import_dossiers(args: argparse.Namespace) -> int:

    desk = _open_desk(args)
    try:
        result = desk.import_dossiers(args.file, dry_run=args.dry_run)
    except BacklogRejected as rejected:
        if args.json:
            _print_json(
                {
                    "imported": 0,
                    "errors": [
                        {"line": e.line, "field": e.field, "message": e.en, "message_vi": e.vi}
                        for e in rejected.errors
                    ],
                }
            )
        print(f"error: nothing imported: {len(rejected.errors)} error(s)", file=sys.stderr)
        for e in rejected.errors:
            print(f"line {e.line}: {e.field}: {e.en}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        desk.close()
    if args.json:
        _print_json(
            {
                "file": result.file,
                "sha256": result.sha256,
                "dry_run": result.dry_run,
                "imported": 0 if result.dry_run else result.imported,
                "checked": result.imported,
                "by_status": {str(k): v for k, v in result.by_status.items()},
                "codes": [
                    {"line": line, "code": code, "original_code": original}
                    for line, code, original in result.codes
                ],
                "errors": [],
            }
        )
        return EXIT_OK
    counts = ", ".join(f"status {k}: {v}" for k, v in result.by_status.items())
    if result.dry_run:
        print(f"dry run: {result.imported} row(s) would be imported ({counts}); nothing written")
    else:
        print(f"imported {result.imported} dossier(s) ({counts})")
        for line, code, original in result.codes:
            print(f"line {line}\t{code}\t{original}")
    return EXIT_OK


def cmd_register(args: argparse.Namespace) -> int:
    from onestop_desktop.domain.register import check_period

    period = check_period(args.first, args.last)
    desk = _open_desk(args)
    try:
        count = desk.write_register(period, args.out, args.field.strip())
    finally:
        desk.close()
    if args.json:
        _print_json({"out": str(args.out), "dossiers": count})
    else:
        print(f"{args.out}\t{count} dossier(s)")
    return EXIT_OK
