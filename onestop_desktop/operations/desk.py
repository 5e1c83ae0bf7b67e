"""The desk itself: where its database lives, opening and initialising it, its settings and the
working calendar they give, put together with every operation module into one `Desk`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Self

import platformdirs

from onestop_desktop.domain.clock import Clock, SystemClock, iso
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.procedures import Catalogue, default_catalogue_path, load_catalogue
from onestop_desktop.domain.settings import (
    OfficeSettings,
    settings_from_values,
    settings_to_values,
    with_changes,
)
from onestop_desktop.operations.audit import Audit
from onestop_desktop.operations.backlog import Backlog
from onestop_desktop.operations.backup import Backups, default_backup_dir, make_backup
from onestop_desktop.operations.board import BoardAndSearch
from onestop_desktop.operations.export import Export
from onestop_desktop.operations.forms import Forms
from onestop_desktop.operations.handover import Handover
from onestop_desktop.operations.lifecycle import Lifecycle
from onestop_desktop.operations.office import IdentityChange, Office, calendar_for
from onestop_desktop.operations.people import People
from onestop_desktop.operations.receiving import Receiving
from onestop_desktop.operations.register import Register
from onestop_desktop.operations.replay import Replay
from onestop_desktop.operations.reports import Reports
from onestop_desktop.store import audit as audit_store
from onestop_desktop.store import dossiers as repo
from onestop_desktop.store import sync as sync_store
from onestop_desktop.store.database import Database, open_database
from onestop_desktop.sync import keys


def default_db_path() -> Path:
    """The desk database: `ONESTOP_DB` if set, else the platform's user data folder."""
    env = os.environ.get("ONESTOP_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("onestop-desktop", appauthor=False)) / "desk.sqlite3"


class NotInitialised(KnownError):
    """There is no desk database at the path yet (`missing`), or it has no office settings:
    run `init`."""

    def __init__(self, path: Path, missing: bool = False) -> None:
        self.path = path
        self.missing = missing
        if missing:
            super().__init__(
                f"Chưa có cơ sở dữ liệu {path}. Hãy tạo cơ sở dữ liệu (mã định danh cơ quan, "
                "tên cơ quan) hoặc chọn đúng tệp cơ sở dữ liệu.",
                f"there is no database at {path}: create it (agency code and name) or choose "
                "the right database file",
                cli_hint="run `init --agency-code CODE --agency-name NAME`, or give the right --db",
            )
        else:
            super().__init__(
                f"Cơ sở dữ liệu {path} chưa được thiết lập đơn vị. Hãy thiết lập đơn vị "
                "(mã định danh cơ quan, tên cơ quan).",
                f"the database {path} has no office settings yet: set the office up first "
                "(agency code and name)",
                cli_hint="run `init --agency-code CODE --agency-name NAME` first",
            )


def backup_before_migration(db: Database, found: int, latest: int) -> None:
    """Back up a database of schema `found` into its own backup folder before it is migrated
    to `latest`: a migration that goes wrong on a clerk's PC can be undone by a restore."""
    make_backup(db, default_backup_dir(db.path), kind="pre-migration", now=SystemClock().now())


class Desk(
    Receiving,
    Handover,
    Lifecycle,
    BoardAndSearch,
    Export,
    Register,
    Reports,
    Forms,
    People,
    Replay,
    Backups,
    Office,
    Audit,
    Backlog,
):
    """One open desk: what the window, the command line, the benchmark and the tests call."""

    #: what `initialise` did to a desk already set up ("" for a new one)
    init_note: str = ""

    @classmethod
    def open(
        cls, path: Path, clock: Clock | None = None, catalogue: Catalogue | None = None
    ) -> Self:
        """Open an initialised desk database (migrating it if needed)."""
        if not path.exists():
            # Also when its folder is missing: a newcomer's first command before `init`.
            raise NotInitialised(path, missing=True)
        db = open_database(path, create=False, before_migration=backup_before_migration)
        try:
            values = repo.read_settings(db)
            if not values:
                raise NotInitialised(path)
            settings = settings_from_values(values)
            desk = cls(
                db,
                settings,
                catalogue or load_catalogue(default_catalogue_path()),
                calendar_for(settings),
                clock or SystemClock(),
            )
            # An export a crash interrupted is recorded if its file exists, dropped if not,
            # before anything reads the exports (one query when there is none).
            desk.settle_exports()
            desk.on_duty = desk.remembered_on_duty()
            return desk
        except BaseException:
            db.close()
            raise

    @classmethod
    def initialise(
        cls,
        path: Path,
        agency_code: str,
        agency_name: str,
        station: int = 0,
        *,
        clock: Clock | None = None,
        **extra: object,
    ) -> Self:
        """Create or upgrade the database at `path` and set the office.

        On a desk already set up, `init` never changes its identity quietly: another agency code
        or station is refused once the desk has exported (`settings set … --new-identity` makes
        a new identity); with the same ones it updates the name (and the other values given)
        and says so through `Desk.init_note`.
        """
        from onestop_desktop.domain.dossier import FieldError, validate_agency_code

        path.parent.mkdir(parents=True, exist_ok=True)
        db = open_database(path, create=True, before_migration=backup_before_migration)
        try:
            values = repo.read_settings(db)
            existing = settings_from_values(values) if values else None
            if existing is not None:
                code = validate_agency_code(agency_code)
                wrong = [
                    (key, old, new)
                    for key, old, new in (
                        ("agency_code", existing.agency_code, code),
                        ("station", existing.station, station),
                    )
                    if old != new
                ]
                if wrong and (
                    sync_store.last_export(db) is not None or sync_store.pending_exports(db)
                ):
                    raise IdentityChange(
                        [
                            FieldError(
                                key,
                                f"Quầy này đã được thiết lập và đã xuất dữ liệu với {key} = "
                                f"{old}; init không đổi định danh quầy sang {new}.",
                                f"this desk is set up and has exported with {key} {old}; init "
                                f"does not change the desk's identity to {new}",
                                cli_hint="use `settings set KEY VALUE --new-identity` to make "
                                "a new desk identity (new key to register upstream)",
                            )
                            for key, old, new in wrong
                        ]
                    )
            values.update(
                agency_code=agency_code, agency_name=agency_name, station=station, **extra
            )
            settings = settings_from_values(values)
            after = settings_to_values(settings)
            before = settings_to_values(existing) if existing is not None else {}
            changed = {k: v for k, v in after.items() if before.get(k) != v}
            with db.transaction() as conn:
                repo.write_settings(db, after)
                if changed:
                    audit_store.append(
                        conn,
                        iso((clock or SystemClock()).now()),
                        None,
                        settings.clerk_name,
                        "settings.init" if existing is None else "settings.changed",
                        ",".join(sorted(changed)),
                        {
                            k: {"from": before.get(k), "to": v}
                            for k, v in changed.items()
                            if k != "calendar_overrides"
                        },
                    )
            keys.ensure_key(keys.key_path(path))
        finally:
            db.close()
        desk = cls.open(path, clock)
        if existing is None:
            desk.init_note = ""
        elif changed:
            desk.init_note = "updated: " + ", ".join(sorted(changed))
        else:
            desk.init_note = "already set up: nothing changed"
        return desk

    def close(self) -> None:
        self.db.close()

    def reopen(self) -> None:
        """Open the database again after a restore: its settings, and the calendar they give."""
        super().reopen()
        self.calendar = calendar_for(self.settings)

    def update_settings(self, **changes: object) -> OfficeSettings:
        """Change some settings durably; the calendar follows the new office hours and days."""
        settings = with_changes(self.settings, **changes)
        before = settings_to_values(self.settings)
        after = settings_to_values(settings)
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        with self.db.transaction():
            repo.write_settings(self.db, after)
            if changed:
                self.audit("settings.changed", ",".join(sorted(changed)), changed)
        self.settings = settings
        self.calendar = calendar_for(settings)
        return settings
