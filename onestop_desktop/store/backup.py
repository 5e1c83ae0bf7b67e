"""The SQL side of backups: SQLite's online backup of the live desk database, checks of a copy
(quick_check, integrity_check, counts), the self-describing tables written into each backup file,
and the small catalogue of a backup folder (a table kept with sqlite-utils).

A backup file is an ordinary SQLite database: the desk's tables plus `onestop_backup` (what the
file holds: kind, date, counts, last export) and `onestop_backup_key` (the desk's signing key,
in clear or encrypted, or no row). A new PC can therefore list a folder of backups by opening
each file, with no catalogue at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils

from onestop_desktop.store.database import Database, StoreErrorKind, classify, translated_errors

INFO_TABLE = "onestop_backup"
KEY_TABLE = "onestop_backup_key"
CATALOGUE_NAME = "catalogue.sqlite3"

# pages copied per step of the online backup: small enough that a writer on another
# connection is not held up for long, large enough that a big file is not slow
_PAGES_PER_STEP = 4096


def quick_check(db: Database) -> list[str]:
    """`PRAGMA quick_check` of the open desk database: [] when it is sound, else the problems."""
    try:
        return _problems(db.conn.execute("PRAGMA quick_check").fetchall())
    except sqlite3.DatabaseError as error:
        known = classify(error, db.path)
        if known is not None and known.kind is StoreErrorKind.CORRUPT:
            return [str(error)]  # damaged so badly the check itself cannot read on
        if known is not None:
            raise known from error
        raise


def online_backup(
    db: Database, target: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """Copy the live database to `target` with SQLite's online backup (consistent even while
    the desk writes: a file copy of a live WAL database can miss or tear pages)."""
    with translated_errors(db.path):
        dest = sqlite3.connect(target, isolation_level=None)
        try:

            def report(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            db.conn.backup(dest, pages=_PAGES_PER_STEP, progress=report)
            # The copy is a standalone file: rollback journal, so it is one file on a USB stick.
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()


def _problems(rows: list[Any]) -> list[str]:
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else found


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    return sqlite3.connect(path, isolation_level=None)


def integrity_check(path: Path) -> list[str]:
    """`PRAGMA integrity_check` of a database file: [] when it is sound, else the problems."""
    conn = _connect(path, readonly=True)
    try:
        return _problems(conn.execute("PRAGMA integrity_check").fetchall())
    except sqlite3.DatabaseError as error:  # not a database at all, or a header destroyed
        return [str(error)]
    finally:
        conn.close()


def file_counts(path: Path) -> dict[str, int]:
    """Dossiers, steps (history events), the last export's number and the schema version."""
    conn = _connect(path, readonly=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}

        def count(sql: str, table: str) -> int:
            return int(conn.execute(sql).fetchone()[0] or 0) if table in tables else 0

        return {
            "dossiers": count("SELECT count(*) FROM dossiers", "dossiers"),
            "steps": count("SELECT count(*) FROM dossier_events", "dossier_events"),
            "last_export_seq": count("SELECT max(export_seq) FROM exports", "exports"),
            "schema_version": int(conn.execute("PRAGMA user_version").fetchone()[0]),
        }
    finally:
        conn.close()


def write_description(path: Path, info: dict[str, Any], key: tuple[str, bytes] | None) -> None:
    """Write what the backup holds (and the key as (format, bytes), if any) into the copy."""
    conn = _connect(path, readonly=False)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"CREATE TABLE {INFO_TABLE} (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.executemany(
            f"INSERT INTO {INFO_TABLE} (name, value) VALUES (?, ?)",
            [(k, str(v)) for k, v in info.items()],
        )
        conn.execute(f"CREATE TABLE {KEY_TABLE} (format TEXT NOT NULL, data BLOB NOT NULL)")
        if key is not None:
            conn.execute(f"INSERT INTO {KEY_TABLE} (format, data) VALUES (?, ?)", key)
        conn.execute("COMMIT")
    finally:
        conn.close()


def read_description(path: Path) -> tuple[dict[str, str], tuple[str, bytes] | None] | None:
    """What a backup file says it holds, and its key; None when it is not a desk backup."""
    try:
        conn = _connect(path, readonly=True)
    except sqlite3.Error:
        return None
    try:
        info = {str(n): str(v) for n, v in conn.execute(f"SELECT name, value FROM {INFO_TABLE}")}
        row = conn.execute(f"SELECT format, data FROM {KEY_TABLE}").fetchone()
        return info, (str(row[0]), bytes(row[1])) if row else None
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def make_restorable(source: Path, target: Path) -> None:
    """Copy a backup to `target` as a desk database: without the backup's own tables, in WAL."""
    src = _connect(source, readonly=True)
    dest = sqlite3.connect(target, isolation_level=None)
    try:
        src.backup(dest)
        # The key table holds the private key in clear for the desk's own backups: overwrite
        # its freed pages, or a later backup copied off the PC could carry them (SQLite builds
        # differ in this default).
        dest.execute("PRAGMA secure_delete = ON")
        dest.execute("BEGIN IMMEDIATE")
        dest.execute(f"DROP TABLE IF EXISTS {INFO_TABLE}")
        dest.execute(f"DROP TABLE IF EXISTS {KEY_TABLE}")
        dest.execute("COMMIT")
        dest.execute("PRAGMA journal_mode=WAL")
    finally:
        src.close()
        dest.close()


def checkpoint_file(path: Path) -> None:
    """Fold a closed database's WAL into its main file, so moving the one file moves it all."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError:
        pass  # a damaged database is kept aside as it is, -wal and all
    finally:
        conn.close()


# -- the catalogue of a backup folder --------------------------------------------------------


def _catalogue(folder: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(folder / CATALOGUE_NAME, execute_plugins=False)


def catalogue_record(folder: Path, row: dict[str, Any]) -> None:
    """Record one backup (keyed by its file name) in the folder's catalogue."""
    db = _catalogue(folder)
    try:
        # alter: a catalogue written by an older version gains the columns added since
        db.table("backups").upsert(row, pk="file_name", alter=True)
    finally:
        db.close()


def catalogue_rows(folder: Path) -> dict[str, dict[str, Any]]:
    """The catalogue's rows by file name ({} when the folder has no catalogue)."""
    if not (folder / CATALOGUE_NAME).exists():
        return {}
    db = _catalogue(folder)
    try:
        if "backups" not in db.table_names():
            return {}
        return {str(r["file_name"]): r for r in db["backups"].rows}
    except sqlite3.DatabaseError:
        return {}  # a damaged catalogue costs nothing: the files describe themselves
    finally:
        db.close()


def catalogue_forget(folder: Path, file_name: str) -> None:
    """Drop a rotated-out backup from the catalogue."""
    if not (folder / CATALOGUE_NAME).exists():
        return
    db = _catalogue(folder)
    try:
        if "backups" in db.table_names():
            db.table("backups").delete_where("file_name = ?", [file_name])
    finally:
        db.close()
