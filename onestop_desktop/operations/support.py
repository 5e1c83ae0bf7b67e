"""The bug report a clerk hands to support: one zip of the logs, the versions and the settings.

What goes in: every file of the log folder (`onestop_desktop.logs`), the versions of the program,
Python, SQLite, the operating system and the installed packages (plus what the caller adds, such
as the window's Qt version), and the office's settings with every key, salt and secret left out.
What never goes in: the database, the desk's private signing key, PIN hashes, backups and
exports; the report reads none of those files. The zip is written through a temporary file and
renamed, so a full disk never leaves half a report under the chosen name.
"""

from __future__ import annotations

import json
import platform
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import platformdirs

from onestop_desktop import __version__
from onestop_desktop.domain.settings import OfficeSettings, settings_to_values
from onestop_desktop.logs import log_dir, log_files
from onestop_desktop.operations.register import check_writable
from onestop_desktop.store.database import sqlite_library_version

#: settings that are keys or their parts: never in a report, even the public halves
SECRET_SETTINGS = frozenset({"backup_key_salt", "backup_public_key"})
#: words that mark a setting as secret, for settings added later
SECRET_WORDS = ("key", "salt", "pin", "passphrase", "password", "secret", "hash", "token")


@dataclass(frozen=True)
class BugReport:
    """A written report: where it is and what it holds (names inside the zip)."""

    path: Path
    entries: tuple[str, ...]


def default_report_dir() -> Path:
    """Where the report goes unless the clerk chooses: the Desktop, else Documents, else home."""
    for folder in (platformdirs.user_desktop_dir(), platformdirs.user_documents_dir()):
        path = Path(folder)
        if path.is_dir():
            return path
    return Path.home()


def default_report_name(now: datetime) -> str:
    return f"onestop-bao-cao-loi-{now:%Y%m%d-%H%M%S}.zip"


def versions(extra: dict[str, str] | None = None) -> dict[str, Any]:
    """The program's, Python's, SQLite's and the system's versions, and the installed packages."""
    from importlib import metadata  # only for a bug report: about 10 ms at every start otherwise

    packages = {}
    for dist in metadata.distributions():
        name = dist.name
        if name:
            packages[name] = dist.version
    return {
        "onestop_desktop": __version__,
        "python": sys.version,
        "python_executable_frozen": bool(getattr(sys, "frozen", False)),
        "sqlite": sqlite_library_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": dict(sorted(packages.items(), key=lambda item: item[0].lower())),
        **(extra or {}),
    }


def public_settings(settings: OfficeSettings) -> dict[str, Any]:
    """The settings without anything that is a key, a salt or a secret."""
    return {
        name: value
        for name, value in settings_to_values(settings).items()
        if name not in SECRET_SETTINGS and not any(word in name for word in SECRET_WORDS)
    }


def write_bug_report(
    out: Path,
    *,
    now: datetime,
    settings: OfficeSettings | None = None,
    settings_note: str = "",
    extra: dict[str, str] | None = None,
) -> BugReport:
    """Write the report to `out` (a .zip); `settings_note` says why settings are missing."""
    from onestop_desktop.documents.register import write_atomically  # reportlab: not at start

    check_writable(out)
    entries: list[str] = []
    notes: list[str] = []

    def write(handle: BinaryIO) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:

            def add(name: str, data: bytes) -> None:
                archive.writestr(name, data)
                entries.append(name)

            add("versions.json", _json(versions(extra)))
            if settings is not None:
                add("settings.json", _json(public_settings(settings)))
            logs = log_files()
            for path in logs:
                try:
                    add(f"logs/{path.name}", path.read_bytes())
                except OSError as error:  # a log being rotated right now: say so, go on
                    notes.append(f"{path.name}: {error}")
            readme = [
                f"OneStop Desktop {__version__} – bug report, {now.isoformat(timespec='seconds')}",
                f"log folder: {log_dir()} ({len(logs)} files)",
                "settings: " + ("included" if settings is not None else settings_note or "none"),
                "not included: the database, the signing key, PINs, backups, exports",
                *notes,
            ]
            add("README.txt", ("\n".join(readme) + "\n").encode("utf-8"))

    write_atomically(out, write, binary=True)
    return BugReport(out, tuple(entries))


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
