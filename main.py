"""Start the OneStop Desktop window: `python main.py [--db PATH] [--lang vi|en]`.

The desk database is `--db`, else the environment variable ONESTOP_DB, else the platform's user
data folder. A new database asks for the office first (the first-start wizard). `--demo` opens
the demo office to practise on instead, made on first use in a folder of its own beside the desk's
(the real desk is never touched).

`main.py cli COMMAND ...` runs the command line instead (the same as `python -m onestop_desktop
COMMAND ...`): a bundle has one program, and this is how its command line is reached.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="OneStop Desktop: the counter window of a commune one-stop office.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="the desk database (default: $ONESTOP_DB, else the user data folder)",
    )
    parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        help="interface language for this session (default: the desk's setting, Vietnamese)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo office to practise on (kept apart from the real desk)",
    )
    # For the start-up benchmark: print "ready" once the window can take input, then quit.
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# The first argument that switches the program from its window to its command line.
CLI_COMMAND = "cli"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [CLI_COMMAND]:
        from onestop_desktop.cli import main as cli_main

        return cli_main(argv[1:])
    args = parse_args(argv)  # bad arguments: argparse prints why and exits with status 2
    from onestop_desktop.operations import default_db_path
    from onestop_desktop.ui.app import run

    db = args.db or default_db_path()
    if args.demo:
        from onestop_desktop.operations.first_start import make_demo_office

        db = make_demo_office(db)
    return run(db, args.lang, args.exit_when_ready)


if __name__ == "__main__":
    sys.exit(main())
