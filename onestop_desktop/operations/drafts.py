"""The half-typed intake: kept in a small file beside the desk database while the clerk types,
so that leaving the form (the board, a scan, another dossier) or a crash loses nothing, and
discarded when the dossier is saved or the clerk chooses to start afresh.

The draft holds what the form holds (a citizen's name, ID number, phone), so it is as private
as the database: readable by its owner only, and written whole or not at all.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

_log = logging.getLogger("onestop_desktop.drafts")
#: the draft file's format; a draft of another version is set aside, never half-read
DRAFT_VERSION = 1
#: a draft larger than this is not a draft the form wrote (the form's fields are bounded)
_MAX_BYTES = 256 * 1024


def draft_path(db_path: Path) -> Path:
    """Where the intake draft of the desk database at `db_path` is kept."""
    return db_path.with_name(db_path.name + ".intake-draft.json")


def save_draft(db_path: Path, state: dict[str, Any]) -> None:
    """Write the draft atomically (a power cut leaves the old draft or the new one)."""
    path = draft_path(db_path)
    data = json.dumps(
        {"version": DRAFT_VERSION, "form": state}, ensure_ascii=False, sort_keys=True
    ).encode()
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_draft(db_path: Path) -> dict[str, Any] | None:
    """The draft left by an earlier session (or a crash), or None. A draft that cannot be read
    is moved aside (`.unreadable`) and logged, never silently lost."""
    path = draft_path(db_path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise ValueError("too large")
        content = json.loads(path.read_bytes())
        if not isinstance(content, dict) or content.get("version") != DRAFT_VERSION:
            raise ValueError("not a draft of this version")
        form = content.get("form")
        if not isinstance(form, dict):
            raise ValueError("no form in it")
        return form
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        _log.warning("the intake draft %s cannot be read (%s); set aside", path, error)
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + ".unreadable"))
        return None


def discard_draft(db_path: Path) -> None:
    draft_path(db_path).unlink(missing_ok=True)
