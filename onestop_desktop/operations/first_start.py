"""The first start on a PC with no desk: everything the set-up wizard asks, checked whole before
anything is written, then written in one go (the desk's signing key, its database with the
office's settings and its first clerk, its folders), and a demo office to practise on, kept in a
folder of its own so it never touches the real one.

Nothing exists until `set_up_desk`: a set-up given up at any step leaves no file behind, and one
that fails while writing removes what it wrote.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.people import PersonInput, check_person
from onestop_desktop.domain.settings import (
    OfficeSettings,
    settings_from_values,
    settings_to_values,
)
from onestop_desktop.domain.text import excerpt_vi
from onestop_desktop.operations.backup import default_backup_dir
from onestop_desktop.operations.desk import Desk
from onestop_desktop.sync import keys
from onestop_desktop.sync.export import outbox_dir_for

#: the demo office: a made-up commune office, its own folder, this many dossiers
DEMO_FOLDER = "onestop-demo-office"
DEMO_DB_NAME = "demo.sqlite3"
DEMO_AGENCY_CODE = "000.00.01.H56"
DEMO_AGENCY_NAME = "UBND xã Tân Hưng (văn phòng thực hành)"
DEMO_DOSSIERS = 300


class DeskExists(KnownError):
    """The database is already set up: the first start never writes over a desk."""


@dataclass(frozen=True)
class DeskPlan:
    """What the wizard gathered: the office's settings (validated), the first clerk, the
    signing key made and shown before it is saved, and the folders chosen."""

    settings: OfficeSettings
    clerk: PersonInput
    key: Ed25519PrivateKey = field(repr=False)


def demo_db_path(desk_path: Path) -> Path:
    """The demo office's database: in a folder of its own beside the real desk's folder, so
    its backups, outbox and key never sit with the real ones."""
    return desk_path.parent.parent / DEMO_FOLDER / DEMO_DB_NAME


def default_folders(desk_path: Path) -> tuple[Path, Path]:
    """The backup and export folders a desk uses when none is chosen."""
    return default_backup_dir(desk_path), outbox_dir_for(desk_path)


def folder_problem(text: str, name: str = "folder") -> FieldError | None:
    """What is wrong with a folder typed for backups or exports, or None: an absolute path to a
    folder that exists and can be written, or to one that can be created (its nearest existing
    parent writable)."""
    if not text.strip():
        return FieldError(name, "Hãy chọn một thư mục.", "choose a folder")
    path = Path(text.strip())
    if not path.is_absolute():
        return FieldError(
            name,
            f"{excerpt_vi(text)} không phải đường dẫn đầy đủ: hãy chọn thư mục bằng nút Chọn….",
            f"{text} is not a full path: choose the folder with Choose…",
        )
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return FieldError(
            name,
            f"{excerpt_vi(str(existing))} là một tệp, không phải thư mục.",
            f"{existing} is a file, not a folder",
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        return FieldError(
            name,
            f"Không ghi được vào thư mục {excerpt_vi(str(existing))}: hãy chọn thư mục khác "
            "(hoặc nhờ quản trị cấp quyền ghi).",
            f"the folder {existing} is not writable: choose another one",
        )
    return None


def plan_desk(
    values: dict[str, Any], clerk: PersonInput, key: Ed25519PrivateKey | None = None
) -> DeskPlan:
    """Check everything at once; InvalidInput lists every wrong field, nothing is written."""
    errors: list[FieldError] = []
    settings: OfficeSettings | None = None
    checked = clerk
    try:
        settings = settings_from_values(values)
    except InvalidInput as error:
        errors.extend(error.errors)
    try:
        checked = check_person(clerk)
    except InvalidInput as error:
        errors.extend(error.errors)
    for key_name in ("backup_dir", "export_dir"):
        text = str(values.get(key_name) or "")
        problem = folder_problem(text, key_name) if text else None
        if problem is not None:
            errors.append(problem)
    if errors or settings is None:
        raise InvalidInput(errors)
    roles = tuple(dict.fromkeys((*checked.roles, "clerk", "admin")))
    return DeskPlan(settings, PersonInput(**{**checked.__dict__, "roles": roles}), key or new_key())


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def set_up_desk(path: Path, plan: DeskPlan) -> Desk:
    """Write the planned desk at `path` and return it open, the first clerk signed in.

    Refused (DeskExists) when a desk is set up there already. If any step fails, every file
    and folder this call created is removed again and the error is raised."""
    key_file = keys.key_path(path)
    if key_file.exists() or _has_office(path):
        raise DeskExists(
            f"Đã có quầy được thiết lập tại {path}: không ghi đè.",
            f"a desk is already set up at {path}: not overwritten",
        )
    created: list[Path] = []

    def make_folder(folder: Path) -> None:
        missing = [f for f in (folder, *folder.parents) if not f.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        created.extend(reversed(missing))

    existed = {p: p.exists() for p in _database_files(path)}
    try:
        make_folder(path.parent)
        keys.create_key(key_file, plan.key)
        created.append(key_file)
        s = plan.settings
        extra = {
            k: v
            for k, v in settings_to_values(s).items()
            if k not in ("agency_code", "agency_name", "station")
        }
        desk = Desk.initialise(path, s.agency_code, s.agency_name, s.station, **extra)
        try:
            person = desk.add_person(plan.clerk)
            desk.sign_in(person.id, plan.clerk.pin or "")
            for folder in (s.backup_dir, s.export_dir):
                if folder:
                    make_folder(Path(folder))
        except BaseException:
            desk.close()
            raise
        return desk
    except BaseException:
        for file in _database_files(path):
            if not existed[file]:
                file.unlink(missing_ok=True)
        for item in reversed(created):
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
        raise


def _database_files(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def _has_office(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        Desk.open(path).close()
    except KnownError:
        return False
    return True


def make_demo_office(desk_path: Path, dossiers: int = DEMO_DOSSIERS) -> Path:
    """Create the demo office (unless it exists) in its own folder; return its database."""
    from onestop_desktop.demo import generate_demo

    path = demo_db_path(desk_path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Built under another name: an interrupted build leaves no half-filled demo behind.
    partial = path.with_name("building-" + path.name)
    for stale in [*_database_files(partial), keys.key_path(partial)]:
        stale.unlink(missing_ok=True)
    desk = Desk.initialise(partial, DEMO_AGENCY_CODE, DEMO_AGENCY_NAME, 0, place_name="Tân Hưng")
    try:
        generate_demo(desk, dossiers)
    finally:
        desk.close()
    os.replace(keys.key_path(partial), keys.key_path(path))
    os.replace(partial, path)
    for leftover in _database_files(partial)[1:]:
        leftover.unlink(missing_ok=True)
    return path
