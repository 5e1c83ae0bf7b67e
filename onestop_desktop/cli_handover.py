"""Command-line commands for hand-overs to processing officers and the per-officer view:
`handover`, `result-back` and `officers` (registered by `cli.build_parser`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onestop_desktop.cli_common import date_arg as _date_arg
from onestop_desktop.cli_common import open_desk as _open_desk
from onestop_desktop.cli_common import print_json as _print_json
from onestop_desktop.cli_common import time_arg as _time_arg
from onestop_desktop.domain.clock import iso
from onestop_desktop.domain.errors import EXIT_OK
from onestop_desktop.domain.handover import OfficerLoad

if TYPE_CHECKING:
    from onestop_desktop.operations import Desk


def add_parsers(sub: Any) -> None:
    """Add the commands to the main parser's subparsers."""
    p = sub.add_parser("handover", help="hand dossiers to a processing officer (all or none)")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument("--to", type=int, required=True, metavar="PERSON_ID")
    p.add_argument("--note", default="")
    p.add_argument("--at", type=_time_arg)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("result-back", help="the result came back from its officer to the desk")
    p.add_argument("code")
    p.add_argument("--note", default="")
    p.add_argument("--at", type=_time_arg)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("officers", help="the per-officer view: held, overdue, due soon")
    p.add_argument("--date", type=_date_arg)
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", type=Path, metavar="FILE", help="write the one-page PDF")


def _holder(desk: Desk, person_id: int | None) -> dict[str, Any]:
    return {"holder_id": person_id, "holder": desk.person(person_id).name if person_id else None}


def cmd_handover(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        dossiers = desk.hand_over(args.codes, args.to, args.note, args.at)
        rows = [
            {"code": d.code, "status": int(d.status), **_holder(desk, d.holder_id)}
            for d in dossiers
        ]
    finally:
        desk.close()
    if args.json:
        _print_json({"handed_over": rows})
    else:
        for row in rows:
            print(f"{row['code']}\t{row['status']}\t{row['holder']}")
    return EXIT_OK


def cmd_result_back(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        dossier = desk.result_back(args.code, args.note, args.at)
    finally:
        desk.close()
    step = dossier.history[-1]
    if args.json:
        _print_json({"code": dossier.code, "at": iso(step.at), "outcome": step.data["outcome"]})
    else:
        print(f"{dossier.code}\tback at the desk\t{step.data['outcome']}")
    return EXIT_OK


def _load_json(load: OfficerLoad) -> dict[str, Any]:
    return {
        "id": load.person_id,
        "name": load.name,
        "title": load.title,
        "unit": load.unit,
        "held": load.held,
        "overdue": load.overdue,
        "due_soon": load.due_soon,
    }


def cmd_officers(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        if args.pdf is not None:
            view = desk.render_officer_view(args.pdf, args.date)
        else:
            view = desk.officer_view(args.date)
    finally:
        desk.close()
    held, overdue, soon = view.totals
    if args.json:
        _print_json(
            {
                "moment": iso(view.moment),
                "due_soon_until": iso(view.soon_until),
                "officers": [_load_json(o) for o in view.officers],
                "desk": _load_json(view.desk),
                "totals": {"held": held, "overdue": overdue, "due_soon": soon},
                **({"pdf": str(args.pdf)} if args.pdf is not None else {}),
            }
        )
    else:
        print("id\theld\toverdue\tdue_soon\tname")
        for o in (*view.officers, view.desk):
            print(f"{o.person_id or '-'}\t{o.held}\t{o.overdue}\t{o.due_soon}\t{o.name}")
        print(f"total\t{held}\t{overdue}\t{soon}")
        if args.pdf is not None:
            print(f"written {args.pdf}")
    return EXIT_OK


COMMANDS = {"handover": cmd_handover, "result-back": cmd_result_back, "officers": cmd_officers}
