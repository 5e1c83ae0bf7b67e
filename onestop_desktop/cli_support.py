"""Command line for support: `bug-report [--out FILE.zip]`, the same zip as Help → bug report."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from onestop_desktop.cli_common import db_path
from onestop_desktop.domain.errors import EXIT_OK, KnownError


def add_parsers(sub: Any) -> None:
    """Add `bug-report` to the command line's subcommands."""
    p = sub.add_parser(
        "bug-report",
        help="write one zip for support: logs, versions, settings without secrets "
        "(no database, no keys, no PINs)",
    )
    p.add_argument(
        "--out",
        type=Path,
        help="the zip to write (default: a dated file on the Desktop, or in Documents)",
    )


def cmd_bug_report(args: argparse.Namespace) -> int:
    from onestop_desktop.operations import Desk
    from onestop_desktop.operations.support import (
        default_report_dir,
        default_report_name,
        write_bug_report,
    )

    now = datetime.now().astimezone()
    out: Path = args.out or default_report_dir() / default_report_name(now)
    settings = None
    note = ""
    # A report is asked for when something is wrong: a desk that will not open is noted, and
    # the report is written all the same.
    try:
        desk = Desk.open(db_path(args))
    except KnownError as error:
        note = f"the desk could not be opened: {error.cli_text()}"
    except Exception as error:
        note = f"the desk could not be opened: {type(error).__name__}: {error}"
    else:
        settings = desk.settings
        desk.close()
    report = write_bug_report(out, now=now, settings=settings, settings_note=note)
    print(f"bug report written: {report.path}")
    return EXIT_OK


COMMANDS = {"bug-report": cmd_bug_report}
