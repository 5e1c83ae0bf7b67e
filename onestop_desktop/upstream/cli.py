"""The `upstream` command: the provincial side's register, verify, import and status.

    python -m onestop_desktop upstream register [--db TARGET] --desk-id ID --public-key KEY
    python -m onestop_desktop upstream verify [--db TARGET | --public-key KEY] FILE
    python -m onestop_desktop upstream import [--db TARGET] [--ack-dir DIR] FILE...
    python -m onestop_desktop upstream status [--db TARGET] [--json]
    python -m onestop_desktop upstream report [--db TARGET] --from DAY --to DAY
        [--official-cutoff] [--by field|procedure|desk|commune] [--json] [--out FILE.csv]

`report` is the period report, Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP), over every
dossier imported, grouped by field (default), procedure, desk or commune (the agency code), with
a `total` and, per desk, its completeness: the last export received, the export numbers missing,
and the days with dossiers received at the desk but not yet exported (gaps in a day's numbers).
The counting rules and the open choices are domain/reports.py's (README "Reports"): the JSON
keys of each row and of `total` are received, received_online, received_direct, carried_over,
handled, resolved, resolved_early, resolved_on_time, resolved_late, pending, pending_in_time,
pending_overdue, due_in_period, finished_by_due, on_time_rate, late_in_period,
apologised_in_time, apology_rate (rates as percentages with two decimals, null when nothing is
graded), plus apologised and apology_any_rate. A period ending before it starts, a day that does
not exist, a period over ten years, or an --out that cannot be written: exit 2 naming the field;
the CSV is written through a temporary file and a rename, never half.

TARGET is the path of a SQLite file (created when missing by `register` and `import`; `verify`
and `status` never create one) or a `postgresql://` address. Without --db:
$ONESTOP_UPSTREAM_DB, else
`upstream.sqlite3` in the platform's user data folder (`onestop-desktop`).
Exit status: 0 success (a file already imported counts as success), 2 a file refused or an
argument wrong (the message names the check that failed), 1 any other failure (the store cannot
be reached, an acknowledgement cannot be written). Never a bare traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import platformdirs

from onestop_desktop import upstream
from onestop_desktop.domain.errors import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    InputError,
    KnownError,
)
from onestop_desktop.domain.text import counted
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys
from onestop_desktop.upstream import report_cli
from onestop_desktop.upstream.status import missing_json
from onestop_desktop.upstream.store import UpstreamStore, is_postgres, open_store
from onestop_desktop.upstream.verifying import spans_text

#: a refused file is input to correct (a damaged copy, an unregistered desk)
EXIT_REFUSED = EXIT_BAD_INPUT
#: the environment variable naming the default upstream store
STORE_ENV = "ONESTOP_UPSTREAM_DB"
_TARGET_HELP = (
    "the upstream store: a SQLite file path, or a postgresql://user@host/db address "
    f"(default: ${STORE_ENV}, else upstream.sqlite3 in the user data folder)"
)


def default_store() -> str:
    """The upstream store when --db is not given: $ONESTOP_UPSTREAM_DB, else upstream.sqlite3
    in the platform's user data folder."""
    return os.environ.get(STORE_ENV) or str(
        Path(platformdirs.user_data_dir("onestop-desktop", appauthor=False)) / "upstream.sqlite3"
    )


class _NoStore(InputError):
    """`verify` was pointed at a store that does not exist (and creates none)."""


def add_upstream_parser(subparsers: Any) -> None:
    """Add `upstream` and its actions to a command line's subparsers."""
    parser = subparsers.add_parser(
        "upstream",
        help="the upstream side: register desks, verify and import their sync files",
        description="The upstream (provincial) side of the sync files.",
    )
    actions = parser.add_subparsers(dest="upstream_command", required=True, metavar="ACTION")

    p = actions.add_parser("register", help="register a desk's public key")
    p.add_argument("--db", dest="upstream_db", default=None, metavar="TARGET", help=_TARGET_HELP)
    p.add_argument("--desk-id", required=True, help="e.g. 000.00.01.H56#1 (the desk's `key`)")
    p.add_argument("--public-key", required=True, help="the base64 key the desk's `key` prints")
    p.add_argument(
        "--replace", action="store_true", help="replace the key of a registered desk (new key)"
    )
    p.add_argument("--json", action="store_true")

    p = actions.add_parser("verify", help="check a sync file without importing it")
    p.add_argument("--db", dest="upstream_db", default=None, metavar="TARGET", help=_TARGET_HELP)
    p.add_argument(
        "--public-key",
        default=None,
        help="check against this desk key instead of a store (the sequence is then not checked)",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")

    p = actions.add_parser("import", help="merge sync files into the store")
    p.add_argument("--db", dest="upstream_db", default=None, metavar="TARGET", help=_TARGET_HELP)
    p.add_argument(
        "--ack-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the acknowledgements (default: beside each file)",
    )
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true")

    p = actions.add_parser("status", help="desks, last exports, missing exports, counts")
    p.add_argument("--db", dest="upstream_db", default=None, metavar="TARGET", help=_TARGET_HELP)
    p.add_argument("--json", action="store_true")
    report_cli.add_parser(actions, _TARGET_HELP)


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def run_upstream(args: argparse.Namespace) -> int:
    """Run one `upstream` action; return the exit status."""
    action = {
        "register": _register,
        "verify": _verify,
        "import": _import,
        "status": _status,
        "report": _report,
    }[args.upstream_command]
    try:
        return action(args)
    except KnownError as error:  # a desk refused or no store to verify (2), the store (1)
        _error(error.cli_text())
        return error.exit_status
    except OSError as error:
        _error(f"{error.strerror or error} ({error.filename or ''})")
        return EXIT_FAILURE


def _report(args: argparse.Namespace) -> int:
    return report_cli.run(args, _open)


def _open(args: argparse.Namespace, create: bool = True) -> UpstreamStore:
    """The store of --db, else the default one (its folder made when missing). Without
    `create`, a SQLite store that does not exist is refused, and nothing is created."""
    target = args.upstream_db
    if target is None:
        target = default_store()
        if create and not is_postgres(target):
            Path(target).parent.mkdir(parents=True, exist_ok=True)
    if not create and not is_postgres(target) and not Path(target).exists():
        if args.upstream_command == "verify":
            raise _NoStore(
                f"Không có kho dữ liệu tuyến trên tại {target} (không có gì được tạo ở đó): hãy "
                "chỉ ra kho nơi các quầy đã đăng ký, hoặc khóa công khai của quầy.",
                f"there is no upstream store at {target} (nothing was created there): give the "
                "store the desks are registered in, or the desk's public key",
                cli_hint="--db TARGET or --public-key KEY",
            )
        raise _NoStore(
            f"Không có kho dữ liệu tuyến trên tại {target} (không có gì được tạo ở đó): kho "
            "được tạo khi đăng ký quầy đầu tiên hoặc nhập tệp đầu tiên.",
            f"there is no upstream store at {target} (nothing was created there): a store is "
            "made by registering the first desk or importing the first file",
            cli_hint="give --db TARGET, or run `upstream register` first",
        )
    return open_store(target)


def _register(args: argparse.Namespace) -> int:
    with _open(args) as store:
        desk = upstream.register_desk(store, args.desk_id, args.public_key, replace=args.replace)
    fingerprint = keys.fingerprint(keys.parse_public(desk.public_key))
    info = {
        "desk_id": desk.desk_id,
        "fingerprint": fingerprint,
        "registered_at": desk.registered_at,
        "last_export_seq": desk.last_export_seq,
    }
    if args.json:
        _print_json(info)
    else:
        print(f"registered desk {desk.desk_id} (key fingerprint {fingerprint[:16]}…)")
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    if args.upstream_db is not None and args.public_key is not None:
        _error(
            "upstream verify: give --db TARGET (the store: keys and sequence) or --public-key "
            "KEY (one desk's key, sequence not checked), not both"
        )
        return EXIT_REFUSED
    path: Path = args.file
    try:
        if args.public_key is None:
            with _open(args, create=False) as store:
                verified = upstream.verify(path, store)
            sync_file = verified.sync_file
            state = "already imported" if verified.already_imported else "next in sequence"
        else:
            sync_file = upstream.verify_with_key(path, args.public_key)
            state = "sequence not checked (no store given)"
    except fmt.SyncFileError as error:
        if args.json:
            _print_json(
                {
                    "file": str(path),
                    "ok": False,
                    "problem": error.problem.value,
                    "message": str(error),
                }
            )
        _error(f"{path.name} refused: {error}")
        return EXIT_REFUSED
    counts = sync_file.manifest["counts"]
    if args.json:
        _print_json(
            {
                "file": str(path),
                "ok": True,
                "state": state,
                "desk_id": sync_file.desk_id,
                "export_seq": sync_file.export_seq,
                "counts": counts,
                "manifest_sha256": sync_file.manifest_sha256,
                "file_sha256": sync_file.file_sha256,
            }
        )
    else:
        print(
            f"ok: {path.name}: export {sync_file.export_seq} of desk {sync_file.desk_id}, "
            f"{counted(counts['dossiers'], 'dossier')}, {counted(counts['steps'], 'step')}, "
            f"{counted(counts['tombstones'], 'deletion')}; signature, checksums and records "
            f"verified; {state}"
        )
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    def show(result: upstream.ImportResult) -> None:
        if args.json:
            return
        label = {
            "imported": "imported",
            "already_imported": "already imported",
            "refused": "REFUSED",
            "failed": "FAILED",
        }[result.outcome]
        line = f"{label}: {result.path.name}: {result.message}"
        if result.ack_path is not None:
            line += f"; acknowledgement {result.ack_path}"
        print(
            line,
            file=sys.stdout if result.outcome in ("imported", "already_imported") else sys.stderr,
        )
        if result.ack_error:
            _error(result.ack_error)

    with _open(args) as store:
        results = upstream.import_files(store, args.files, args.ack_dir, on_result=show)
        missing = upstream.missing_sequences(store)
    if args.json:
        _print_json(
            {
                "results": [r.as_json() for r in results],
                "missing": {desk: missing_json(spans) for desk, spans in missing.items()},
            }
        )
    elif missing:
        for desk_id, spans in sorted(missing.items()):
            print(f"missing exports of desk {desk_id}: {spans_text(spans)}", file=sys.stderr)
    if any(r.outcome == "failed" or r.ack_error for r in results):
        return EXIT_FAILURE
    if any(r.outcome == "refused" for r in results):
        return EXIT_REFUSED
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    with _open(args, create=False) as store:
        info = upstream.status(store)
    if args.json:
        _print_json(info)
        return EXIT_OK
    counts = info["counts"]
    print(f"store: {info['store']} ({info['kind']})")
    print(
        f"{counted(counts['desks'], 'desk')}, {counted(counts['imports'], 'file')} imported, "
        f"{counted(counts['dossiers'], 'dossier')}, {counted(counts['steps'], 'step')}, "
        f"{counted(counts['tombstones'], 'deletion')}"
    )
    if info["desks"]:
        print(f"{'desk':<40} {'last export':>11}  {'imported at':<25} {'dossiers':>9}  missing")
        for desk in info["desks"]:
            missing = spans_text([(a, b) for a, b in desk["missing"]]) or "-"
            print(
                f"{desk['desk_id']:<40} {desk['last_export_seq']:>11}  "
                f"{desk['last_imported_at'] or '-':<25} {desk['dossiers']:>9}  {missing}"
            )
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_REFUSED, f"error: {self.prog}: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run `upstream ACTION ...` on its own (as `python -m onestop_desktop.upstream.cli`);
    the program's command line offers the same as `python -m onestop_desktop upstream ...`."""
    parser = _Parser(prog="onestop_desktop")
    add_upstream_parser(parser.add_subparsers(dest="command", required=True, parser_class=_Parser))
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        return run_upstream(args)
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_FAILURE
    except Exception as error:  # a bug: say so, briefly
        _error(f"internal error ({type(error).__name__}: {error})")
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
