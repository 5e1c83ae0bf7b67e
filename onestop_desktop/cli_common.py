"""What every desk command module of the command line shares: the argument types, opening the
desk at --db as the person `--as` names, and printing JSON. One place, so a command added in its
own module (cli_settings, cli_handover, …) opens the desk exactly as `cli` does."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from onestop_desktop.domain.clock import parse_time
from onestop_desktop.domain.text import excerpt

if TYPE_CHECKING:  # the desk's operations are imported by the commands that need them
    from onestop_desktop.operations import Desk

#: the PIN of the person `--as` names, when they have one (never on the command line)
PIN_ENV = "ONESTOP_PIN"


def time_arg(text: str) -> datetime:
    try:
        return parse_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{excerpt(text)} is not a date; expected YYYY-MM-DD such as 2026-11-25"
        ) from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{excerpt(text)} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} must not be negative")
    return value


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def db_path(args: argparse.Namespace) -> Path:
    """The desk database: --db, else $ONESTOP_DB, else the user's data folder."""
    from onestop_desktop.operations import default_db_path

    return Path(args.db) if args.db else default_db_path()


def apply_actor(desk: Desk, args: argparse.Namespace) -> Desk:
    """Give an opened desk the person `--as` names (PIN from $ONESTOP_PIN); the desk is
    closed if that fails."""
    person_id = getattr(args, "act_as", None)
    if person_id is not None:
        try:
            desk.act_as(person_id, os.environ.get(PIN_ENV, ""))
        except BaseException:
            desk.close()
            raise
    return desk


def open_desk(args: argparse.Namespace) -> Desk:
    """The desk at `db_path`, acting as the person `--as` names."""
    from onestop_desktop.operations import Desk

    return apply_actor(Desk.open(db_path(args)), args)
