"""Start the OneStop Desktop window: `python main.py [--db PATH] [--lang vi|en]`.

The desk database is `--db`, else the environment variable ONESTOP_DB, else the platform's user
data folder. A new database asks for the office first (agency code, name, desk number).

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

    return run(args.db or default_db_path(), args.lang, args.exit_when_ready)


if __name__ == "__main__":
    sys.exit(main())
