"""The command line for the office's people and the person at the desk: `people ...`,
`sign-in`, `sign-out`, and the global `--as ID` that makes one command act as a person.

A PIN is never taken on the command line (where `ps` shows it): `--pin-stdin` reads it from the
first line of standard input, and `--as` reads it from the environment variable `ONESTOP_PIN`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from onestop_desktop.cli_common import PIN_ENV
from onestop_desktop.cli_common import open_desk as _open
from onestop_desktop.domain.errors import EXIT_OK
from onestop_desktop.domain.people import ROLES, Person, PersonInput

if TYPE_CHECKING:
    pass

#: the environment variable `--as` reads the person's PIN from


def _person_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a person's id; expected a number from `people list`"
        ) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not a person's id (ids start at 1)")
    return value


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """`--as ID`: act as this person of the office for one command."""
    parser.add_argument(
        "--as",
        dest="act_as",
        type=_person_id,
        default=None,
        metavar="ID",
        help=f"act as this person for one command (their PIN, if any, from ${PIN_ENV})",
    )


def _details(p: argparse.ArgumentParser, new: bool) -> None:
    p.add_argument("--name", required=new, default=None, help="full name (họ và tên)")
    p.add_argument("--title", default=None, help="title (chức danh), e.g. 'Công chức Tư pháp'")
    p.add_argument("--unit", default=None, help="unit (đơn vị, phòng ban)")
    p.add_argument(
        "--role",
        action="append",
        choices=sorted(ROLES),
        default=None,
        help="clerk, officer, signer or admin (repeat for several)",
    )
    p.add_argument(
        "--field",
        action="append",
        default=None,
        metavar="CODE",
        help="a field code of the catalogue the officer handles (repeat for several)",
    )
    p.add_argument("--pin-stdin", action="store_true", help="read a PIN (4-8 digits) from stdin")
    p.add_argument("--json", action="store_true")


def add_parsers(sub: Any) -> None:
    """The `people`, `sign-in` and `sign-out` commands."""
    people = sub.add_parser("people", help="the office's people (clerks, officers, signers)")
    actions = people.add_subparsers(dest="people_action", required=True)

    p = actions.add_parser("list", help="list the office's people")
    p.add_argument("--all", action="store_true", help="retired people too")
    p.add_argument("--json", action="store_true")

    p = actions.add_parser("add", help="add a person (administrators)")
    _details(p, new=True)

    p = actions.add_parser("edit", help="change a person's details (administrators)")
    p.add_argument("id", type=_person_id)
    _details(p, new=False)
    p.add_argument("--clear-pin", action="store_true", help="remove the person's PIN")

    for name, text in (
        ("retire", "retire a person: off the lists, still named in the history"),
        ("restore", "bring a retired person back"),
        ("delete", "delete a person added by mistake (never one the history names)"),
    ):
        p = actions.add_parser(name, help=text)
        p.add_argument("id", type=_person_id)
        p.add_argument("--json", action="store_true")

    p = sub.add_parser("sign-in", help="who is at the desk today (remembered for the day)")
    p.add_argument("id", type=_person_id)
    p.add_argument("--pin-stdin", action="store_true", help="read the PIN from stdin")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sign-out", help="nobody is at the desk any more")
    p.add_argument("--json", action="store_true")


def person_json(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "title": person.title,
        "unit": person.unit,
        "roles": list(person.roles),
        "fields": list(person.fields),
        "has_pin": person.has_pin,
        "retired": not person.active,
        "retired_at": person.retired_at.isoformat() if person.retired_at else None,
    }


def _read_pin(args: argparse.Namespace) -> str | None:
    """The PIN from the first line of stdin with --pin-stdin, else None."""
    if not args.pin_stdin:
        return None
    line = sys.stdin.readline()
    return line.rstrip("\r\n").strip()


def _show(person: Person, args: argparse.Namespace, verb: str) -> int:
    if args.json:
        print(json.dumps(person_json(person), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(f"{verb} {person.id}\t{person.name}\t{person.title}")
    return EXIT_OK


def cmd_people(args: argparse.Namespace) -> int:
    desk = _open(args)
    try:
        action = args.people_action
        if action == "list":
            people = desk.people(include_retired=args.all)
            if args.json:
                data = [person_json(p) for p in people]
                print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
            else:
                for p in people:
                    flags = ("PIN " if p.has_pin else "") + ("retired" if not p.active else "")
                    print(
                        f"{p.id:>4}  {p.name}  [{', '.join(p.roles)}]  {p.title}  "
                        f"{', '.join(p.fields)}  {flags}".rstrip()
                    )
            return EXIT_OK
        if action == "add":
            data_in = PersonInput(
                name=args.name,
                title=args.title or "",
                unit=args.unit or "",
                roles=tuple(args.role or ()),
                fields=tuple(args.field or ()),
                pin=_read_pin(args),
            )
            return _show(desk.add_person(data_in), args, "added")
        if action == "edit":
            before = desk.person(args.id)
            pin = _read_pin(args)
            if args.clear_pin:
                pin = ""
            changed = PersonInput(
                name=args.name if args.name is not None else before.name,
                title=args.title if args.title is not None else before.title,
                unit=args.unit if args.unit is not None else before.unit,
                roles=tuple(args.role) if args.role is not None else before.roles,
                fields=tuple(args.field) if args.field is not None else before.fields,
                pin=pin,
            )
            return _show(desk.edit_person(args.id, changed), args, "edited")
        if action in ("retire", "restore"):
            person = desk.retire_person(args.id, retired=action == "retire")
            return _show(person, args, "retired" if action == "retire" else "restored")
        assert action == "delete"
        person = desk.person(args.id)
        desk.delete_person(args.id)
        return _show(person, args, "deleted")
    finally:
        desk.close()


def cmd_sign_in(args: argparse.Namespace) -> int:
    desk = _open(args)
    try:
        person = desk.sign_in(args.id, _read_pin(args) or "")
    finally:
        desk.close()
    return _show(person, args, "signed in")


def cmd_sign_out(args: argparse.Namespace) -> int:
    desk = _open(args)
    try:
        who = desk.on_duty
        desk.sign_out()
    finally:
        desk.close()
    if args.json:
        print(json.dumps({"signed_out": who.id if who else None}))
    else:
        print(f"signed out {who.name}" if who else "nobody was signed in")
    return EXIT_OK
