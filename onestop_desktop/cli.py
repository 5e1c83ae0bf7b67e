"""The command line: the same operations as the GUI, over the same `operations` package.

Exit status: 0 on success, 2 for bad arguments or invalid input (the message names the field and
what is expected), 1 for other failures (a message, never a bare traceback).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from onestop_desktop import (
    cli_backlog,
    cli_handover,
    cli_people,
    cli_report,
    cli_settings,
    cli_support,
)
from onestop_desktop.cli_common import date_arg as _date_arg
from onestop_desktop.cli_common import db_path as _db_path
from onestop_desktop.cli_common import open_desk as _open_desk
from onestop_desktop.cli_common import positive_int as _positive_int
from onestop_desktop.cli_common import print_json as _print_json
from onestop_desktop.cli_common import time_arg as _time_arg
from onestop_desktop.domain.clock import iso
from onestop_desktop.domain.dossier import (
    CHANNEL_NAMES,
    RETURN_NAMES,
    Dossier,
    InvalidInput,
)
from onestop_desktop.domain.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, KnownError
from onestop_desktop.domain.text import EXCERPT_CHARS, counted, excerpt

if TYPE_CHECKING:  # the desk's operations are imported by the commands that need them
    from onestop_desktop.operations import Desk


class UsageError(Exception):
    """A command-line argument is wrong: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {_short_quotes(message)}")


def _short_quotes(message: str) -> str:
    """argparse's own messages quote a wrong value whole ("invalid choice: '…'", "unrecognized
    arguments: …"): quote a long one as every other error does."""
    message = re.sub(
        r"'([^']*)'",
        lambda m: excerpt(m.group(1)) if len(m.group(1)) > EXCERPT_CHARS else m.group(0),
        message,
    )
    head, sep, rest = message.partition("unrecognized arguments: ")
    return f"{head}{sep}{excerpt(rest) if len(rest) > EXCERPT_CHARS else rest}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="onestop_desktop", description="OneStop Desktop command line")
    parser.add_argument("--db", type=Path, help="desk database (default: $ONESTOP_DB or user data)")
    cli_people.add_global_options(parser)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("init", help="create or upgrade the database and set the office")
    p.add_argument("--agency-code", required=True, help="electronic agency identifier")
    p.add_argument("--agency-name", required=True, help="e.g. 'UBND xã Tân Hưng'")
    p.add_argument("--station", type=_positive_int, default=0, help="desk number 0-9")
    p.add_argument("--place-name", default=None, help="place name printed on forms")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("demo", help="fill the database with realistic demo data")
    p.add_argument("--dossiers", type=_positive_int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("procedures", help="list the procedure catalogue")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("due", help="the due time the calendar gives (writes nothing)")
    p.add_argument("--procedure", required=True)
    p.add_argument("--received-at", type=_time_arg, default=None)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("receive", help="register a dossier")
    p.add_argument("--procedure", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--id-number", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--address", default="")
    p.add_argument("--channel", choices=sorted(CHANNEL_NAMES), default="direct")
    p.add_argument("--return-method", choices=sorted(RETURN_NAMES), default="counter")
    p.add_argument("--sets", type=_positive_int, default=1, help="number of sets (bộ)")
    p.add_argument("--note", default="")
    p.add_argument("--received-at", type=_time_arg, default=None)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="one dossier with its history")
    p.add_argument("code")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("slip", help="render a printed form as PDF")
    p.add_argument("code")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--form", default="receipt")

    p = sub.add_parser("transition", help="move a dossier through its life")
    p.add_argument("code")
    p.add_argument("--to", required=True, help="status: national code (2-10) or name")
    p.add_argument("--note", default="", help="reason or remark (required for some moves)")
    p.add_argument("--at", type=_time_arg, default=None, help="when (default: now)")
    p.add_argument(
        "--new-due",
        type=_time_arg,
        default=None,
        help="give a new appointment with the apology first (needs --note)",
    )
    p.add_argument("--collected-by", default="", help="who collected the result (status 10)")
    p.add_argument(
        "--override", action="store_true", help="allow a second new appointment date (recorded)"
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("apology", help="record the apology with a new appointment date")
    p.add_argument("code")
    p.add_argument("--new-due", type=_time_arg, required=True)
    p.add_argument("--note", required=True, help="the reason for the delay")
    p.add_argument("--at", type=_time_arg, default=None)
    p.add_argument("--override", action="store_true")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("board", help="the daily board: sections and counts")
    p.add_argument("--date", type=_date_arg, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--limit", type=_positive_int, default=50, help="rows per section")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="find dossiers by code, name, ID number or phone")
    p.add_argument("text")
    p.add_argument("--limit", type=_positive_int, default=50)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="write the next sync file for the upstream server")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write the file to, e.g. a USB stick (default: the outbox "
        "'Tệp gửi cấp trên' beside the database); a copy is always kept in the archive DB.exports",
    )
    p.add_argument(
        "--again",
        type=_positive_int,
        default=None,
        metavar="SEQ",
        help="write export SEQ again, byte-identical",
    )
    p.add_argument(
        "--backup",
        action="store_true",
        help="then back the desk up into OUT/onestop-backups (the same USB stick)",
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("key", help="print the desk's public key for registration upstream")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sync-ack", help="import upstream's acknowledgement file")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("backup", help="back the desk up now (checked, rotated)")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder (default: the desk's backups); there the signing key is sealed to the "
        "backup passphrase's key, or left out when none is set",
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "backup-passphrase",
        help="set the administrator's backup passphrase (only a public key is stored)",
    )
    p.add_argument(
        "--passphrase-file",
        type=Path,
        required=True,
        help="the passphrase on its first line",
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("backups", help="list the backups in a folder")
    p.add_argument("--dir", type=Path, default=None, help="folder (default: the desk's backups)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("restore", help="put a backup in place of the desk database")
    p.add_argument("file", type=Path, nargs="?", help="the backup file")
    p.add_argument(
        "--exports",
        type=Path,
        default=None,
        help="exports to replay (default: the archive and the outbox)",
    )
    p.add_argument("--passphrase-file", type=Path, default=None, help="the backup's passphrase")
    p.add_argument("--yes", action="store_true", help="replace without asking")
    p.add_argument(
        "--undo", action="store_true", help="put back the database the last restore kept aside"
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("bench", help="the benchmark (prints JSON with --json)")
    p.add_argument("--dossiers", type=_positive_int, default=1_000_000)
    p.add_argument("--repeat", type=_positive_int, default=200)
    p.add_argument("--skip-startup", action="store_true", help="skip the GUI start-up figure")
    p.add_argument("--json", action="store_true")

    from onestop_desktop.upstream.cli import add_upstream_parser

    add_upstream_parser(sub)
    cli_settings.add_parsers(sub)
    cli_handover.add_parsers(sub)
    from onestop_desktop.cli_audit import add_parsers as add_audit_parsers

    add_audit_parsers(sub)
    cli_people.add_parsers(sub)
    cli_backlog.add_parsers(sub)
    cli_report.add_parsers(sub)
    cli_support.add_parsers(sub)
    return parser


def _when(moment: datetime | None) -> str:
    return iso(moment) if moment else ""


def dossier_json(dossier: Dossier) -> dict[str, Any]:
    a = dossier.applicant
    return {
        "code": dossier.code,
        "procedure_code": dossier.procedure_code,
        "procedure_name": dossier.procedure_name,
        "field": dossier.field_name,
        "statutory_time": dossier.deadline_text,
        "applicant": {
            "name": a.name,
            "id_number": a.id_number,
            "phone": a.phone,
            "email": a.email,
            "address": a.address,
        },
        "channel": int(dossier.channel),
        "return_method": int(dossier.return_method),
        "documents": [vars(d) for d in dossier.documents],
        "sets_count": dossier.sets_count,
        "received_at": _when(dossier.received_at),
        "due_at": _when(dossier.due_at),
        "status": int(dossier.status),
        "status_name": dossier.status.label_en,
        "clerk": dossier.clerk,
        "note": dossier.note,
        "history": [
            {
                "at": _when(h.at),
                "kind": h.kind,
                "from_status": int(h.from_status) if h.from_status else None,
                "to_status": int(h.to_status) if h.to_status else None,
                "actor": h.actor,
                "person_id": h.person_id,
                "actor_title": h.actor_title,
                "note": h.note,
            }
            for h in dossier.history
        ],
    }


def cmd_init(args: argparse.Namespace) -> int:
    from onestop_desktop.domain.settings import settings_from_values
    from onestop_desktop.operations import Desk

    path = _db_path(args)
    # Checked before any file is made: bad input leaves no empty database behind.
    settings_from_values(
        {"agency_code": args.agency_code, "agency_name": args.agency_name, "station": args.station}
    )
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    desk = Desk.initialise(path, args.agency_code, args.agency_name, args.station)
    note = desk.init_note
    if missing and not args.json:
        print(f"created the folder {missing[0]}", file=sys.stderr)
    if args.place_name is not None:
        desk.update_settings(place_name=args.place_name)
    try:
        s = desk.settings
        info = {
            "database": str(desk.db.path),
            "schema_version": desk.db.schema_version,
            "agency_code": s.agency_code,
            "agency_name": s.agency_name,
            "station": s.station,
            "note": note,
        }
    finally:
        desk.close()
    if args.json:
        _print_json(info)
    else:
        print(
            f"Database {info['database']} ready (schema {info['schema_version']}) for "
            f"{info['agency_name']} ({info['agency_code']}), station {info['station']}"
            + (f"; {note}" if note else "")
        )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from onestop_desktop.demo import generate_demo

    desk = _open_desk(args)
    try:
        result = generate_demo(desk, args.dossiers, seed=args.seed)
    finally:
        desk.close()
    if args.json:
        _print_json(result)
    else:
        print(f"Added {result['dossiers']} demo dossiers in {result['seconds']:.1f} s")
    return EXIT_OK


def cmd_procedures(args: argparse.Namespace) -> int:
    from onestop_desktop.domain.procedures import default_catalogue_path, load_catalogue

    catalogue = load_catalogue(default_catalogue_path())
    if args.json:
        _print_json(
            [
                {
                    "code": p.code,
                    "name": p.name,
                    "field": p.field,
                    "field_code": p.field_code,
                    "deadline": {
                        "unit": str(p.deadline.unit),
                        "amount": p.deadline.amount,
                        "cutoff": p.deadline.cutoff.strftime("%H:%M")
                        if p.deadline.cutoff
                        else None,
                        "text": p.deadline.describe_vi(),
                    },
                    "fee": p.fee,
                    "documents": [vars(d) for d in p.documents],
                    "unverified": list(p.unverified),
                }
                for p in catalogue.procedures
            ]
        )
    else:
        for p in catalogue.procedures:
            print(f"{p.code:10} {p.name} [{p.field}] — {p.deadline.describe_vi()}")
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        received = args.received_at or desk.clock.now()
        due = desk.due(args.procedure, received)
        procedure = desk.procedure(args.procedure)
    finally:
        desk.close()
    if args.json:
        _print_json(
            {
                "procedure": procedure.code,
                "received_at": iso(received),
                "due_at": _when(due),
                "statutory_time": procedure.deadline.describe_vi(),
            }
        )
    else:
        print(_when(due) or "no statutory due date")
    return EXIT_OK


def cmd_receive(args: argparse.Namespace) -> int:
    from onestop_desktop.operations import ReceiveRequest

    desk = _open_desk(args)
    try:
        dossier = desk.receive(
            ReceiveRequest(
                procedure_code=args.procedure,
                name=args.name,
                id_number=args.id_number,
                phone=args.phone,
                email=args.email,
                address=args.address,
                channel=CHANNEL_NAMES[args.channel],
                return_method=RETURN_NAMES[args.return_method],
                sets_count=args.sets,
                received_at=args.received_at,
                note=args.note,
            )
        )
    finally:
        desk.close()
    if args.json:
        _print_json(dossier_json(dossier))
    else:
        print(f"{dossier.code}\tdue {_when(dossier.due_at) or '-'}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        dossier = desk.get(args.code)
        data = dossier_json(dossier)
        data["sync"] = desk.sync_state(dossier.code)
        data["apologies"] = desk.apologies(dossier.code)
        data["prints"] = desk.print_history(dossier.code)
    finally:
        desk.close()
    if args.json:
        _print_json(data)
        return EXIT_OK
    a = dossier.applicant
    print(f"{dossier.code}  {dossier.procedure_code} {dossier.procedure_name}")
    print(f"  applicant: {a.name}  id {a.id_number or '-'}  phone {a.phone or '-'}")
    print(f"  received {data['received_at']}  due {data['due_at'] or '-'}")
    print(f"  status {int(dossier.status)} {dossier.status.label_en}; sync {data['sync']['state']}")
    for h in data["history"]:
        print(f"  {h['at']}  {h['kind']:<12} -> {h['to_status']}  {h['actor']}  {h['note']}")
    return EXIT_OK


def cmd_slip(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        out: Path = args.out
        if out.exists() and out.is_dir():
            raise UsageError(f"--out {out} is a folder: expected a file name ending in .pdf")
        tmp = out.with_name(out.name + ".part")
        try:
            desk.render_form(args.code, tmp, args.form)
            tmp.replace(out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        desk.record_print(args.code, args.form, "pdf", desk.settings.copies, str(out))
    finally:
        desk.close()
    print(str(out))
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from onestop_desktop.bench.runner import run_bench

    result = run_bench(args.dossiers, repeat=args.repeat, startup=not args.skip_startup)
    if args.json:
        _print_json(result)
    else:
        for name, figure in result["figures"].items():
            print(f"{name}: {figure}")
    return EXIT_OK


def cmd_transition(args: argparse.Namespace) -> int:
    from onestop_desktop.domain.lifecycle import parse_status

    target = parse_status(args.to)
    desk = _open_desk(args)
    try:
        if args.new_due is None:
            dossier = desk.transition(args.code, target, args.note, args.at, args.collected_by)
        else:  # one transaction: a refused move leaves no apology behind
            dossier = desk.apologise_and_move(
                args.code,
                args.new_due,
                target,
                args.note,
                args.at,
                args.override,
                args.collected_by,
            )
    finally:
        desk.close()
    if args.json:
        _print_json(dossier_json(dossier))
    else:
        print(f"{dossier.code}\t{int(dossier.status)} {dossier.status.label_en}")
    return EXIT_OK


def cmd_apology(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        dossier = desk.apologise(args.code, args.new_due, args.note, args.at, args.override)
    finally:
        desk.close()
    if args.json:
        _print_json(dossier_json(dossier))
    else:
        print(f"{dossier.code}\tnew due {_when(dossier.due_at)}")
    return EXIT_OK


def _row_json(row: Any) -> dict[str, Any]:
    return {
        "code": row.code,
        "applicant_name": row.applicant_name,
        "procedure_code": row.procedure_code,
        "procedure_name": row.procedure_name,
        "field": row.field_name,
        "received_at": _when(row.received_at),
        "due_at": _when(row.due_at),
        "original_due_at": _when(row.original_due_at),
        "status": int(row.status),
        "apologised": row.apology_count > 0,
    }


def cmd_board(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        board = desk.board(args.date, page_size=args.limit)
    finally:
        desk.close()
    m = board.month
    assert m is not None  # asked for with the sections
    data = {
        "moment": iso(board.moment),
        "sections": [
            {
                "key": s.key,
                "title": s.title_en,
                "title_vi": s.title_vi,
                "count": s.count,
                "by_field": s.by_field,
                "codes": [r.code for r in s.rows],
                "rows": [_row_json(r) for r in s.rows],
            }
            for s in board.sections
        ],
        "month": {
            "start": m.start.isoformat(),
            "resolved": m.resolved,
            "early": m.early,
            "on_time": m.on_time,
            "late": m.late,
            "due": m.due,
            "finished_by_due": m.finished_by_due,
            "pending_overdue": m.pending_overdue,
            "on_time_rate": m.on_time_rate,
            "late_total": m.late_total,
            "late_apologised": m.late_apologised,
            "apology_rate": m.apology_rate,
        },
    }
    if args.json:
        _print_json(data)
        return EXIT_OK
    print(f"Board at {data['moment']}")
    for s in board.sections:
        print(f"  {s.title_en:<35} {s.count:>7}")
        for r in s.rows[:10]:
            print(f"      {r.code}  {_when(r.due_at)[:16]}  {r.applicant_name}")
    rate = f"{m.on_time_rate:.1%}" if m.on_time_rate is not None else "-"
    apology = f"{m.apology_rate:.1%}" if m.apology_rate is not None else "-"
    print(
        f"  this month so far: on time {rate} ({m.finished_by_due} of {m.due} due); "
        f"late apologised in time {apology} ({m.late_apologised} of {m.late_total})"
    )
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        rows = desk.search(args.text, args.limit)
    finally:
        desk.close()
    if args.json:
        _print_json([_row_json(r) for r in rows])
    else:
        for r in rows:
            print(f"{r.code}  {int(r.status):>2}  {r.applicant_name}  {r.procedure_name}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:

    desk = _open_desk(args)
    try:
        out = args.out or desk.outbox_dir()
        if args.again is not None:
            path = desk.export_again(args.again, out)
            data: dict[str, Any] = {"file": str(path), "export_seq": args.again, "again": True}
        else:
            result = desk.export(out)
            if result is None:
                data = {"file": None, "message": "nothing changed since the last export"}
            else:
                r = result.record
                data = {
                    "file": str(result.path),
                    "export_seq": r.export_seq,
                    "change_seq_from": r.change_seq_from,
                    "change_seq_to": r.change_seq_to,
                    "dossiers": r.dossiers,
                    "steps": r.steps,
                    "tombstones": r.tombstones,
                    "by_status": {str(k): v for k, v in sorted(result.by_status.items())},
                    "file_sha256": r.file_sha256,
                    "verified": True,
                }
        # Only after the export is written and verified (it raised otherwise).
        backup = _stick_backup(desk, out) if args.backup else None
        if backup is not None:
            data["backup"] = backup
    finally:
        desk.close()
    if args.json:
        _print_json(data)
    elif data["file"] is None:
        print(data["message"])
    else:
        print(data["file"])
    if backup is not None:
        if not backup["written"]:
            # The export stands: only the backup failed, and the clerk must know.
            print(
                f"error: the export was written and verified, but the backup was not: "
                f"{backup['error']}",
                file=sys.stderr,
            )
            return EXIT_FAILURE
        if not args.json:
            print(backup["path"])
            if not backup["has_key"]:
                print(
                    "no backup passphrase is set: the signing key was left out of the backup",
                    file=sys.stderr,
                )
    return EXIT_OK


def _stick_backup(desk: Desk, out: Path) -> dict[str, Any]:
    """The backup beside an export just written and verified: what it holds, or why it
    failed (a failed backup never undoes the export)."""
    from onestop_desktop.operations.backup import STICK_FOLDER

    try:
        result = desk.backup(out / STICK_FOLDER, kind="end-of-day")
    except (KnownError, OSError) as error:
        text = error.cli_text() if isinstance(error, KnownError) else str(error)
        return {"written": False, "error": text}
    return {"written": True, **result.backup.to_json()}


def cmd_key(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        info = desk.public_key()
    finally:
        desk.close()
    if args.json:
        _print_json(info)
    else:
        fp = info["fingerprint"]
        print(f"desk:        {info['desk_id']}")
        print(f"public key:  {info['public_key']}")
        print(f"fingerprint: {' '.join(fp[i : i + 4] for i in range(0, len(fp), 4))}")
    return EXIT_OK


def cmd_sync_ack(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        result = desk.import_ack(args.file)
    finally:
        desk.close()
    if args.json:
        _print_json(result)
    elif result.get("already_imported"):
        print(f"{args.file.name} was already imported; the sync states are unchanged")
    else:
        print(f"accepted {result['accepted']}, rejected {result['rejected']}")
    return EXIT_OK


def _passphrase(path: Path | None) -> str | None:
    if path is None:
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0]:
        raise UsageError(f"--passphrase-file: {path} is empty; expected the passphrase on line 1")
    return lines[0]


def cmd_backup(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        result = desk.backup(args.out)
    finally:
        desk.close()
    data = {**result.backup.to_json(), "rotated_out": [str(p) for p in result.rotated_out]}
    if args.json:
        _print_json(data)
    else:
        b = result.backup
        print(b.path)
        print(
            f"checked {b.checked}: {counted(b.dossiers, 'dossier')}, {counted(b.steps, 'step')}, "
            f"sha256 {b.sha256}"
        )
        if not b.has_key:
            print(
                "no backup passphrase is set: the signing key was left out "
                "(set one with `backup-passphrase`)",
                file=sys.stderr,
            )
    return EXIT_OK


def cmd_backup_passphrase(args: argparse.Namespace) -> int:
    passphrase = _passphrase(args.passphrase_file)
    assert passphrase is not None  # the option is required
    desk = _open_desk(args)
    try:
        replaced = desk.backup_key is not None
        key = desk.set_backup_passphrase(passphrase)
    finally:
        desk.close()
    data = {"set": True, "replaced": replaced, "fingerprint": key.fingerprint}
    if args.json:
        _print_json(data)
    else:
        print(f"backup passphrase set (key fingerprint {key.fingerprint})")
        print("backups off this PC now hold the signing key sealed to it; keep the passphrase")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from onestop_desktop.operations.backup import default_backup_dir, list_backups

    found = list_backups(args.dir or default_backup_dir(_db_path(args)))
    if args.json:
        _print_json([b.to_json() for b in found])
    else:
        for b in found:
            key = "key encrypted" if b.key_encrypted else "key" if b.has_key else "no key"
            print(
                f"{b.created_at}  {b.kind:<13} {b.dossiers:>8} dossiers  export "
                f"{b.last_export_seq:<5} {b.checked}  {key}  {b.path}"
            )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from onestop_desktop.domain.clock import SystemClock
    from onestop_desktop.operations.backup import (
        export_folders,
        read_backup,
        replay_after_restore,
        restore_backup,
        undo_restore,
    )

    db_path = _db_path(args)
    now = SystemClock().now()
    if args.undo:
        back = undo_restore(db_path, now=now)
        desk = _open_desk(args)  # the database put back logs that its replacement was undone
        try:
            desk.audit("backup.restore_undone", "", {"put_back": [p.name for p in back]})
        finally:
            desk.close()
        data: dict[str, Any] = {"undone": True, "put_back": [str(p) for p in back]}
        if args.json:
            _print_json(data)
        else:
            print(f"put back {', '.join(map(str, back))}")
        return EXIT_OK
    if args.file is None:
        raise UsageError("restore: FILE is required (the backup to restore), or --undo")
    folders = [args.exports] if args.exports is not None else export_folders(db_path)
    if args.exports is not None and not args.exports.is_dir():
        raise UsageError(f"restore: --exports {args.exports} is not a folder of export files")
    passphrase = _passphrase(args.passphrase_file)
    info = read_backup(args.file, verify=True)
    summary = (
        f"backup of {info.created_at} ({info.kind}): {counted(info.dossiers, 'dossier')}, "
        f"{counted(info.steps, 'step')}, last export {info.last_export_seq}, check {info.checked}"
    )
    print(summary, file=sys.stderr)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                "restore: --yes is required to replace the database without a terminal"
            )
        # the question goes to stderr: stdout carries only the --json document
        print(
            f"Replace {db_path} with this backup (it is kept aside)? [y/N] ",
            end="",
            file=sys.stderr,
        )
        answer = input()
        if answer.strip().lower() not in ("y", "yes", "c", "có"):
            print("nothing was changed", file=sys.stderr)
            return EXIT_FAILURE
    result = restore_backup(db_path, args.file, now=now, passphrase=passphrase)
    # The exports written since the backup, replayed so that the export numbering continues
    # where upstream expects it: from DIR, else the desk's own archive and outbox.
    desk = _open_desk(args)
    try:
        replay = replay_after_restore(desk, result, folders)
    finally:
        desk.close()
    data = {
        "restored": info.to_json(),
        "database": str(result.db_path),
        "kept_aside": [str(p) for p in result.kept_aside],
        "key_restored": result.key_restored,
        "new_key_made": result.new_key_made,
        "exports": [str(f) for f in folders],
        "replay": replay.as_json() if replay is not None else None,
    }
    if args.json:
        _print_json(data)
    else:
        print(f"restored {db_path}; the replaced files were kept aside (undo: restore --undo)")
        for path in result.kept_aside:
            print(f"  kept aside: {path}")
        if replay is None:
            print(f"no folder of exports found ({', '.join(data['exports'])}): nothing replayed")
        else:
            print(
                f"replayed {len(replay.exports_replayed)} export(s) written since the backup: "
                f"{counted(replay.dossiers, 'dossier')}, {counted(replay.steps, 'step')}; the "
                "next export is "
                f"{replay.last_export_seq + 1}; work recorded after {replay.missing_since} and "
                "never exported may be missing"
            )
            for skipped in replay.skipped:
                print(f"  not replayed: {skipped.path.name}: {skipped.reason}")
    if result.new_key_made:
        print(
            "the backup held no signing key: a new one was made; register it upstream "
            "(`key`, then `upstream register --replace`)",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from onestop_desktop.cli_audit import cmd_audit as run_audit

    return run_audit(args)


def cmd_upstream(args: argparse.Namespace) -> int:
    from onestop_desktop.upstream.cli import run_upstream

    return run_upstream(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "procedures": cmd_procedures,
    "due": cmd_due,
    "receive": cmd_receive,
    "show": cmd_show,
    "slip": cmd_slip,
    "transition": cmd_transition,
    "apology": cmd_apology,
    "board": cmd_board,
    "search": cmd_search,
    "export": cmd_export,
    "key": cmd_key,
    "sync-ack": cmd_sync_ack,
    "backup": cmd_backup,
    "backup-passphrase": cmd_backup_passphrase,
    "backups": cmd_backups,
    "restore": cmd_restore,
    "bench": cmd_bench,
    "upstream": cmd_upstream,
    **cli_settings.COMMANDS,
    **cli_handover.COMMANDS,
    "audit": cmd_audit,
    "people": cli_people.cmd_people,
    "sign-in": cli_people.cmd_sign_in,
    "sign-out": cli_people.cmd_sign_out,
    "import-dossiers": cli_backlog.cmd_import_dossiers,
    "register": cli_backlog.cmd_register,
    **cli_report.COMMANDS,
    **cli_support.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status."""
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except InvalidInput as error:
        for e in error.errors:
            hint = f" ({e.cli_hint})" if e.cli_hint else ""
            print(f"error: {e.field}: {e.en}{hint}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KnownError as error:
        print(f"error: {error.cli_text()}", file=sys.stderr)
        return error.exit_status
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        print(f"error: {error.strerror or error} ({error.filename or ''})", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except Exception:  # a bug: say so briefly, keep the traceback in the log
        log = _log_bug()
        print(f"error: internal error; details written to {log}", file=sys.stderr)
        return EXIT_FAILURE


def _log_bug() -> Path:
    """Write the traceback being handled to the program's log (onestop_desktop.logs, the same
    rotated file the window writes); return where it went."""
    import logging

    from onestop_desktop.logs import setup_logging, stop_logging

    path = setup_logging()
    try:
        logging.getLogger("onestop_desktop.cli").error("internal error", exc_info=True)
    finally:
        stop_logging()
    if path is None:  # the log folder cannot be written: the handler wrote to stderr
        return Path("(stderr)")
    return path
