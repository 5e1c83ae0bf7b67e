"""The desk database: pragmas, migrations, refusal of newer files, and known failures."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from onestop_desktop.store.database import (
    StoreError,
    StoreErrorKind,
    available_migrations,
    migrate,
    open_database,
)


def test_new_database_uses_wal_full_sync_foreign_keys_and_latest_schema(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.schema_version == available_migrations()[-1][0]
    finally:
        db.close()


def test_database_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    db = open_database(db_path)
    db.conn.execute("PRAGMA user_version = 999")
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_database(db_path)
    assert caught.value.kind is StoreErrorKind.TOO_NEW
    assert "999" in caught.value.message_en and "mới hơn" in caught.value.message_vi
    assert db_path.read_bytes() == before


def test_file_that_is_not_a_database_is_reported_as_corrupt(db_path: Path) -> None:
    db_path.write_bytes(b"this is a spreadsheet, not a database" * 200)
    with pytest.raises(StoreError) as caught:
        open_database(db_path)
    assert caught.value.kind is StoreErrorKind.CORRUPT
    assert "bị hỏng" in caught.value.message_vi


def test_missing_database_is_not_created_when_creation_is_not_allowed(db_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_database(db_path, create=False)
    assert caught.value.kind is StoreErrorKind.CANNOT_OPEN
    assert not db_path.exists()


def test_write_to_read_only_database_is_reported_as_read_only(db_path: Path) -> None:
    db = open_database(db_path)
    db.conn.execute("PRAGMA query_only = ON")  # makes SQLite answer SQLITE_READONLY
    with pytest.raises(StoreError) as caught, db.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    assert caught.value.kind is StoreErrorKind.READ_ONLY
    assert "chỉ cho phép đọc" in caught.value.message_vi
    db.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_database_in_read_only_folder_is_reported_as_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError) as caught:
            open_database(folder / "desk.sqlite3")
        assert caught.value.kind is StoreErrorKind.READ_ONLY
    finally:
        folder.chmod(0o700)


def test_database_locked_by_another_program_is_reported_as_locked(db_path: Path) -> None:
    db = open_database(db_path, timeout=0.05)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught, db.transaction() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
        assert caught.value.kind is StoreErrorKind.LOCKED
        assert "khóa" in caught.value.message_vi
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.close()


def test_full_disk_is_reported_and_the_transaction_leaves_nothing(db_path: Path) -> None:
    db = open_database(db_path)
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: SQLITE_FULL
    with pytest.raises(StoreError) as caught, db.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('small', '1')")
        conn.execute("INSERT INTO settings (key, value) VALUES ('big', ?)", ("x" * 1_000_000,))
    assert caught.value.kind is StoreErrorKind.DISK_FULL
    assert "CHƯA được lưu" in caught.value.message_vi
    assert db.query("SELECT * FROM settings") == []
    db.close()


def test_each_migration_applies_to_a_database_of_the_version_before(tmp_path: Path) -> None:
    migrations = available_migrations()
    for number, _ in migrations:
        folder = tmp_path / f"upto{number - 1}"
        folder.mkdir()
        for n, script in migrations:
            if n < number:
                shutil.copy(script, folder / script.name)
        db = open_database(tmp_path / f"v{number}.sqlite3", create=True, durable=False)
        # open_database migrated to the latest; rebuild from scratch at version number-1.
        db.close()
        path = tmp_path / f"from{number - 1}.sqlite3"
        raw = sqlite3.connect(path, isolation_level=None)
        raw.row_factory = sqlite3.Row
        from onestop_desktop.store.database import Database

        partial = Database(path, raw)
        assert migrate(partial, folder) == number - 1
        assert migrate(partial) == migrations[-1][0]
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert partial.schema_version == migrations[-1][0]
        # Upgraded step by step, it has the very tables, columns and indexes of a new database.
        fresh = sqlite3.connect(tmp_path / f"v{number}.sqlite3")
        assert _schema(raw) == _schema(fresh)
        fresh.close()
        raw.close()


def _schema(conn: sqlite3.Connection) -> dict[str, object]:
    """Every table with its columns and indexes, and the triggers, as sqlite-utils reads them."""
    db = sqlite_utils.Database(conn)
    tables: dict[str, object] = {
        name: (
            db.table(name).columns_dict,
            sorted((i.name, tuple(i.columns), i.unique) for i in db.table(name).indexes),
        )
        for name in db.table_names()
    }
    return {"tables": tables, "triggers": sorted(t.name for t in db.triggers)}


def test_migration_numbers_must_have_no_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_first.sql").write_text("CREATE TABLE a (x);")
    (tmp_path / "0003_third.sql").write_text("CREATE TABLE c (x);")
    with pytest.raises(RuntimeError, match="out of order"):
        available_migrations(tmp_path)
