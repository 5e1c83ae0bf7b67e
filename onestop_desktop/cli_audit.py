"""The `audit` command: verify the audit chain, and read the log.

    python -m onestop_desktop audit verify [--json]
    python -m onestop_desktop audit log [--dossier CODE] [--person ID] [--day DAY] [--limit N]
                                        [--before ID] [--json]

`verify` exits 0 when the chain holds and 1 when it is broken, naming the first break (the
entry's id, the kind: altered, removed, inserted or truncated, and a message).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onestop_desktop.cli_common import print_json as _print_json
from onestop_desktop.domain.errors import EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from onestop_desktop.operations import Desk


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a day; expected YYYY-MM-DD such as 2026-11-25"
        ) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def add_parsers(sub: Any) -> None:
    """Add `audit verify` and `audit log` to the command line's subparsers."""
    parser = sub.add_parser("audit", help="the audit log: verify its chain, list its entries")
    actions = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")

    p = actions.add_parser("verify", help="walk the chain and name the first break")
    p.add_argument("--json", action="store_true")

    p = actions.add_parser("log", help="entries newest first, filtered")
    p.add_argument("--dossier", metavar="CODE", default=None, help="one dossier's entries")
    p.add_argument("--person", metavar="ID", type=_count, default=None, help="a person's id")
    p.add_argument("--day", type=_day, default=None, help="a local day, YYYY-MM-DD")
    p.add_argument("--limit", type=_count, default=50)
    p.add_argument("--before", metavar="ID", type=_count, default=None, help="older than ID")
    p.add_argument("--json", action="store_true")


def _open(args: argparse.Namespace) -> Desk:
    from onestop_desktop.operations import Desk, default_db_path

    return Desk.open(Path(args.db) if args.db else default_db_path())


def cmd_audit(args: argparse.Namespace) -> int:
    """Run one `audit` action; return the exit status."""
    if args.audit_command == "verify":
        return cmd_verify(args)
    return cmd_log(args)


def cmd_verify(args: argparse.Namespace) -> int:
    desk = _open(args)
    try:
        started = time.perf_counter()
        report = desk.verify_audit()
        seconds = time.perf_counter() - started
    finally:
        desk.close()
    data = report.as_json()
    data["seconds"] = round(seconds, 3)
    data["entries_per_second"] = round(report.entries / seconds) if seconds > 0 else None
    if args.json:
        _print_json(data)
    elif report.broken is None:
        print(f"audit chain holds: {report.entries} entries, last {report.last_id}")
    else:
        b = report.broken
        print(f"audit chain broken at entry {b.entry_id} ({b.kind}): {b.en}", file=sys.stderr)
        print(f"{report.entries} entries hold before it", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILURE


def cmd_log(args: argparse.Namespace) -> int:
    from onestop_desktop.operations.audit import action_name

    desk = _open(args)
    try:
        entity = desk.get(args.dossier).code if args.dossier is not None else None
        found = desk.audit_log(
            entity=entity,
            person_id=args.person,
            day=args.day,
            before_id=args.before,
            limit=args.limit,
        )
    finally:
        desk.close()
    for entry in found:
        entry["action_name"] = action_name(entry["action"])
    if args.json:
        _print_json(found)
        return EXIT_OK
    for e in found:
        data = json.dumps(e["data"], ensure_ascii=False, sort_keys=True)
        print(f"{e['id']:>8}  {e['at']}  {e['actor']}  {e['action']}  {e['entity']}  {data}")
    return EXIT_OK
