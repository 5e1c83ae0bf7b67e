"""The program's log: one folder and one set-up for the window and the command line.

The log lives in the platform's user log folder (`ONESTOP_LOG_DIR` overrides it, for an
administrator or a test) and rotates: `onestop.log` grows to `MAX_BYTES`, then is renamed
`onestop.log.1` (and so on up to `BACKUP_COUNT`), so the folder never holds more than about
`(BACKUP_COUNT + 1) × MAX_BYTES`. The bug report (`operations/support.py`) collects this folder.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import ClassVar

import platformdirs

#: the folder name of the log (and of the user's data) on every platform
APP_ID = "onestop-desktop"
LOG_DIR_ENV = "ONESTOP_LOG_DIR"
LOG_NAME = "onestop.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    """Where the program writes its log: $ONESTOP_LOG_DIR, else the user log folder."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def log_file() -> Path:
    """The current log file (older ones carry a number after it)."""
    return log_dir() / LOG_NAME


def log_files() -> list[Path]:
    """Every log file in the log folder, the current one first."""
    folder = log_dir()
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and p.name.startswith(LOG_NAME)),
        key=lambda p: (p.name != LOG_NAME, p.name),
    )


class _LogState:
    """The log handler `setup_logging` installed, so it is installed once and can be closed."""

    handler: ClassVar[logging.Handler | None] = None


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log the `onestop_desktop` loggers to the rotated log file; return its path, or None
    when the folder cannot be written (the log then goes to stderr)."""
    stop_logging()
    path: Path | None = log_file()
    handler: logging.Handler
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        handler, path = logging.StreamHandler(sys.stderr), None
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger("onestop_desktop")
    root.setLevel(level)
    root.addHandler(handler)
    _LogState.handler = handler
    return path


def stop_logging() -> None:
    """Close the log file opened by `setup_logging`."""
    if _LogState.handler is not None:
        logging.getLogger("onestop_desktop").removeHandler(_LogState.handler)
        _LogState.handler.close()
        _LogState.handler = None
