"""The command line of the office's settings and its calendar of days off and working days:
`settings show|set` and `calendar list|add|edit|remove` (registered by `cli.py`)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from onestop_desktop.cli_common import open_desk as _open_desk
from onestop_desktop.cli_common import print_json as _print_json
from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.errors import EXIT_OK
from onestop_desktop.domain.settings import SETTING_FIELDS
from onestop_desktop.domain.text import excerpt

if TYPE_CHECKING:
    from onestop_desktop.domain.calendar import DayOverride

#: settings typed as numbers, and as true/false/null; every other one is text
_INTEGER_KEYS = frozenset({"station", "copies"})
_OPTIONAL_BOOLEAN_KEYS = frozenset({"stick_backup"})


def add_parsers(sub: Any) -> None:
    """Add `settings` and `calendar` with their actions to the command line's subparsers."""
    parser = sub.add_parser("settings", help="the office's settings: show or change them")
    actions = parser.add_subparsers(dest="settings_command", required=True, metavar="ACTION")
    p = actions.add_parser("show", help="every setting and its value")
    p.add_argument("--json", action="store_true")
    p = actions.add_parser(
        "set",
        help="change settings: KEY VALUE [KEY VALUE ...], all or nothing",
        description="Keys: " + ", ".join(f.key for f in SETTING_FIELDS),
    )
    p.add_argument("pairs", nargs="+", metavar="KEY VALUE")
    p.add_argument(
        "--new-identity",
        action="store_true",
        help="confirm a new desk identity (agency code or station of a desk that has "
        "exported): makes a new signing key to register upstream",
    )
    p.add_argument("--json", action="store_true")

    parser = sub.add_parser("calendar", help="the year's days off and swapped working days")
    actions = parser.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")
    p = actions.add_parser("list", help="the days the administrator added")
    p.add_argument("--json", action="store_true")
    for name, text in (("add", "add a day"), ("edit", "change a listed day")):
        p = actions.add_parser(name, help=f"{text} (a day off or a working day, with a note)")
        p.add_argument("day", metavar="DAY", help="YYYY-MM-DD")
        kind = p.add_mutually_exclusive_group(required=name == "add")
        kind.add_argument("--off", dest="working", action="store_false", default=None)
        kind.add_argument("--working", dest="working", action="store_true")
        p.add_argument("--note", default=None)
        p.add_argument("--json", action="store_true")
    p = actions.add_parser("remove", help="take a day off the list")
    p.add_argument("day", metavar="DAY", help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")


def typed_values(pairs: list[str]) -> dict[str, Any]:
    """KEY VALUE pairs as typed, each value read as its setting expects (numbers, true/false/
    null for the optional switches, text for the rest); every wrong one is named."""
    if len(pairs) % 2:
        raise InvalidInput(
            [
                FieldError(
                    "settings",
                    "Cần các cặp KHÓA GIÁ_TRỊ.",
                    f"expected KEY VALUE pairs; {excerpt(pairs[-1])} has no value",
                )
            ]
        )
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for key, text in zip(pairs[::2], pairs[1::2], strict=True):
        if key in values:
            errors.append(
                FieldError(key, f"Thiết lập “{key}” có hai lần.", "given twice", "give it once")
            )
        elif key in _INTEGER_KEYS:
            # a value that is not a number stays text: the settings' check then names the
            # field with what it expects, beside every other wrong field
            values[key] = int(text) if text.strip().lstrip("-").isdigit() else text
        elif key in _OPTIONAL_BOOLEAN_KEYS:
            choices: dict[str, bool | None] = {"true": True, "false": False, "null": None}
            values[key] = choices.get(text.strip().lower(), text)
        else:
            values[key] = text
    if errors:
        raise InvalidInput(errors)
    return values


def cmd_settings(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        if args.settings_command == "show":
            values = {f.key: getattr(desk.settings, f.key) for f in SETTING_FIELDS}
            if args.json:
                _print_json(values)
            else:
                width = max(len(f.key) for f in SETTING_FIELDS)
                for f in SETTING_FIELDS:
                    print(f"{f.key:<{width}}  {_shown(values[f.key])}    # {f.label_vi}")
            return EXIT_OK
        change = desk.change_settings(typed_values(args.pairs), new_identity=args.new_identity)
    finally:
        desk.close()
    result: dict[str, Any] = {
        "changed": {k: getattr(change.settings, k) for k in change.changed},
    }
    if change.new_fingerprint:
        result["new_identity"] = {
            "desk_id": change.settings.desk_id,
            "public_key": change.new_public_key,
            "fingerprint": change.new_fingerprint,
            "retired_key": change.retired_key,
        }
    if args.json:
        _print_json(result)
        return EXIT_OK
    if not change.changed:
        print("nothing changed")
    for key in change.changed:
        print(f"{key} = {_shown(getattr(change.settings, key))}")
    if change.new_fingerprint:
        print(
            f"new desk identity {change.settings.desk_id}: register its key upstream "
            f"(`upstream register --desk-id '{change.settings.desk_id}' --public-key "
            f"'{change.new_public_key}'`)\nfingerprint {change.new_fingerprint}"
        )
        if change.retired_key:
            print(f"the old key is kept as {change.retired_key}")
    return EXIT_OK


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def _day_json(d: DayOverride) -> dict[str, Any]:
    return {"date": d.day.isoformat(), "working": d.working, "note": d.note}


def cmd_calendar(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    try:
        command = args.calendar_command
        if command == "list":
            days = desk.calendar_days()
            if args.json:
                _print_json([_day_json(d) for d in days])
            else:
                for d in days:
                    kind = "working day" if d.working else "day off"
                    print(f"{d.day.isoformat()}  {kind:<11}  {d.note}")
                if not days:
                    print("no days added")
            return EXIT_OK
        if command == "add":
            done = desk.add_day(args.day, args.working, args.note or "")
        elif command == "edit":
            done = desk.edit_day(args.day, args.working, args.note)
        else:
            done = desk.remove_day(args.day)
    finally:
        desk.close()
    if args.json:
        _print_json({"action": command, **_day_json(done)})
    else:
        kind = "working day" if done.working else "day off"
        verb = {"add": "added", "edit": "changed", "remove": "removed"}[command]
        print(f"{verb}: {done.day.isoformat()} {kind} {done.note}".rstrip())
    return EXIT_OK


#: the commands this module adds, for `cli.COMMANDS`
COMMANDS = {"settings": cmd_settings, "calendar": cmd_calendar}
