"""Opening the desk database, applying migrations from `db/`, and turning SQLite failures into
errors a clerk can act on (read-only folder, locked, corrupt, disk full, drive removed, newer
version).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import sqlite_utils

from onestop_desktop.domain.errors import KnownError


def migrations_dir() -> Path:
    """The numbered SQL migrations shipped with the program (`db/NNNN_name.sql`)."""
    override = os.environ.get("ONESTOP_MIGRATIONS")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "db"


class StoreErrorKind(StrEnum):
    """Known, environmental failures of the database file."""

    READ_ONLY = "read_only"
    LOCKED = "locked"
    CORRUPT = "corrupt"
    DISK_FULL = "disk_full"
    TOO_NEW = "too_new"
    CANNOT_OPEN = "cannot_open"
    IO = "io"
    #: the file or its folder vanished under the program: a USB stick or network drive removed
    DRIVE_GONE = "drive_gone"
    #: a read-only folder holds a database that cannot be read without writing beside it
    READ_ONLY_FOLDER = "read_only_folder"


_MESSAGES: dict[StoreErrorKind, tuple[str, str]] = {
    StoreErrorKind.READ_ONLY: (
        "Không ghi được vào cơ sở dữ liệu {path}: thư mục hoặc tệp chỉ cho phép đọc. "
        "Hãy chọn thư mục khác hoặc nhờ quản trị cấp quyền ghi.",
        "cannot write to the database {path}: the folder or file is read-only; "
        "choose another folder or ask the administrator for write permission",
    ),
    StoreErrorKind.LOCKED: (
        "Cơ sở dữ liệu {path} đang bị chương trình khác khóa. "
        "Hãy đóng cửa sổ OneStop khác (hoặc chương trình sao lưu) rồi thử lại.",
        "the database {path} is locked by another program; close the other OneStop window "
        "(or backup tool) and try again",
    ),
    StoreErrorKind.CORRUPT: (
        "Tệp {path} bị hỏng hoặc không phải cơ sở dữ liệu OneStop. "
        "Hãy khôi phục từ bản sao lưu gần nhất; không ghi thêm vào tệp này.",
        "the file {path} is damaged or is not a OneStop database; restore the latest backup "
        "and do not write to this file",
    ),
    StoreErrorKind.DISK_FULL: (
        "Ổ đĩa chứa {path} đã đầy; hồ sơ vừa nhập CHƯA được lưu. "
        "Hãy giải phóng dung lượng rồi bấm lưu lại.",
        "the disk holding {path} is full; the last change was NOT saved; free some space "
        "and save again",
    ),
    StoreErrorKind.TOO_NEW: (
        "Cơ sở dữ liệu {path} được tạo bởi phiên bản OneStop mới hơn (lược đồ {found}, "
        "phiên bản này hỗ trợ đến {supported}). Hãy cập nhật chương trình.",
        "the database {path} was written by a newer OneStop (schema {found}; this version "
        "supports up to {supported}); update the program",
    ),
    StoreErrorKind.CANNOT_OPEN: (
        "Không mở được cơ sở dữ liệu {path}: thư mục không tồn tại hoặc không truy cập được.",
        "cannot open the database {path}: the folder does not exist or cannot be accessed",
    ),
    StoreErrorKind.IO: (
        "Lỗi ghi đĩa với {path}; thay đổi vừa rồi CHƯA được lưu. Hãy kiểm tra ổ đĩa rồi thử lại.",
        "disk error while writing {path}; the last change was NOT saved; check the drive "
        "and try again",
    ),
    StoreErrorKind.DRIVE_GONE: (
        "Không còn thấy {path}: ổ đĩa hoặc thư mục chứa cơ sở dữ liệu đã bị tháo hoặc ngắt "
        "(USB hoặc ổ mạng?). Hãy cắm lại ổ đĩa rồi thử lại.",
        "{path} is no longer there: the drive or folder holding the database was removed or "
        "disconnected (a USB stick or network drive?); plug it in again and retry",
    ),
    StoreErrorKind.READ_ONLY_FOLDER: (
        "Thư mục chứa {path} chỉ cho phép đọc, mà cơ sở dữ liệu này cần ghi mới mở được "
        "(cần nâng cấp, hoặc còn thay đổi chưa gộp vào tệp). Không có gì bị thay đổi. "
        "Hãy chép tệp sang thư mục ghi được, hoặc nhờ quản trị cấp quyền ghi cho thư mục.",
        "the folder holding {path} is read-only, and this database cannot be opened without "
        "writing (it needs an upgrade, or has changes not yet merged into the file); nothing "
        "was changed; copy it to a folder you can write to, or ask the administrator for write "
        "permission on the folder",
    ),
}

#: the messages of failures met while only reading: they must not speak of a lost change
_WHILE_READING: dict[StoreErrorKind, tuple[str, str]] = {
    StoreErrorKind.DISK_FULL: (
        "Ổ đĩa chứa {path} đã đầy: OneStop không đọc được cơ sở dữ liệu vì SQLite cần một ít "
        "chỗ trống ngay cả khi chỉ đọc. Không có gì bị thay đổi. "
        "Hãy giải phóng dung lượng rồi thử lại.",
        "the disk holding {path} is full: the database cannot be read, since SQLite needs a "
        "little free space even to read; nothing was changed; free some space and try again",
    ),
    StoreErrorKind.IO: (
        "Lỗi đọc đĩa với {path}. Không có gì bị thay đổi. "
        "Hãy kiểm tra ổ đĩa (có thể sắp hỏng: sao lưu sớm) rồi thử lại.",
        "disk error while reading {path}; nothing was changed; check the drive (it may be "
        "failing: make a backup soon) and try again",
    ),
}

#: less free space than this on the database's disk makes an I/O error a full disk: SQLite
#: needs room for its shared-memory index (32 KiB) and a few pages of its log even to read
NEARLY_FULL_BYTES = 1024 * 1024


class StoreError(KnownError):
    """A known database failure, with a message in Vietnamese (for the GUI) and English."""

    def __init__(
        self, kind: StoreErrorKind, path: Path, *, writing: bool = True, **details: object
    ) -> None:
        self.kind = kind
        self.path = path
        #: whether it happened while writing (a change was lost) or only reading
        self.writing = writing
        vi, en = _MESSAGES[kind] if writing else _WHILE_READING.get(kind, _MESSAGES[kind])
        super().__init__(vi.format(path=path, **details), en.format(path=path, **details))


def classify(error: sqlite3.Error, path: Path, *, writing: bool = False) -> StoreError | None:
    """Map an SQLite error to a known environmental failure, or None for a bug.

    `writing` says whether the failed work was a write, so a failed read is never reported as
    a lost change. SQLite answers a full disk with SQLITE_FULL only when a write needs a page;
    growing the shared-memory index that even a read needs fails as SQLITE_IOERR_SHMSIZE, so an
    I/O error on a disk with (almost) no free space is a full disk, and one whose file is gone
    is a removed drive.
    """
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StoreError(StoreErrorKind.READ_ONLY, path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreError(StoreErrorKind.LOCKED, path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return StoreError(StoreErrorKind.CORRUPT, path)
    if "not a database" in text:
        return StoreError(StoreErrorKind.CORRUPT, path)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return StoreError(StoreErrorKind.DISK_FULL, path, writing=writing)
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        if disk_nearly_full(path):
            return StoreError(StoreErrorKind.DISK_FULL, path, writing=writing)
        if path.parent.exists() and not os.access(path.parent, os.W_OK):
            return StoreError(StoreErrorKind.READ_ONLY, path)
        return StoreError(StoreErrorKind.CANNOT_OPEN, path)
    if name.startswith("SQLITE_IOERR") or "disk i/o" in text:
        if not path.exists():
            return StoreError(StoreErrorKind.DRIVE_GONE, path)
        if disk_nearly_full(path):
            return StoreError(StoreErrorKind.DISK_FULL, path, writing=writing)
        return StoreError(StoreErrorKind.IO, path, writing=writing)
    return None


def sqlite_library_version() -> str:
    """The SQLite library's version (for the bug report: only storage imports sqlite3)."""
    return sqlite3.sqlite_version


def disk_nearly_full(path: Path) -> bool:
    """Whether the disk that holds `path` (or would) has less than NEARLY_FULL_BYTES free."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


@contextlib.contextmanager
def translated_errors(path: Path, *, writing: bool = False) -> Iterator[None]:
    """Re-raise known SQLite failures as StoreError; let bugs through unchanged."""
    try:
        yield
    except sqlite3.Error as error:
        known = classify(error, path, writing=writing)
        if known is None:
            raise
        raise known from error


_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def available_migrations(folder: Path | None = None) -> list[tuple[int, Path]]:
    """The migration files, checked to be numbered 1, 2, 3, … without gaps."""
    folder = folder or migrations_dir()
    found = sorted(
        (int(m.group(1)), p) for p in folder.iterdir() if (m := _MIGRATION_RE.match(p.name))
    )
    for expected, (number, path) in enumerate(found, start=1):
        if number != expected:
            raise RuntimeError(f"migration {path.name} is out of order: expected {expected:04d}")
    return found


def latest_schema() -> int:
    """The newest schema version this program's migrations give a desk database."""
    migrations = available_migrations()
    return migrations[-1][0] if migrations else 0


class Database:
    """An open desk database: one connection, explicit transactions, known errors translated."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        #: opened for reading only (a read-only folder): every write is refused as read-only
        self.read_only = read_only
        #: sqlite-utils over the same connection, for upserts, small tables and introspection;
        #: its writes nest as savepoints inside our transactions. No sqlite-utils plugins: none
        #: may change the desk's connection, and looking for them (every installed package's
        #: entry points) costs about 15 ms of every start.
        self.utils = sqlite_utils.Database(conn, execute_plugins=False)
        self._write_depth = 0

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE): all of it is committed durably, or none.

        Inside another one it is a savepoint: an operation made of several steps (an apology
        and a move) wraps them in one transaction, and a step that fails undoes only itself
        while the outer one decides whether anything is kept.
        """
        if self._write_depth:
            with self._savepoint():
                yield self.conn
            return
        with translated_errors(self.path, writing=True):
            self.conn.execute("BEGIN IMMEDIATE")
            self._write_depth += 1
            try:
                yield self.conn
            except BaseException:
                # Some errors (SQLITE_FULL, SQLITE_IOERR) have already rolled back.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            finally:
                self._write_depth -= 1
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                # A failed COMMIT (disk full) may leave the transaction open: undo it.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"step_{self._write_depth}"
        with translated_errors(self.path, writing=True):
            self.conn.execute(f"SAVEPOINT {name}")
            self._write_depth += 1
            try:
                yield
            except BaseException:
                # An error that already ended the whole transaction took the savepoint with it.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                raise
            finally:
                self._write_depth -= 1
            self.conn.execute(f"RELEASE {name}")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every query inside sees the database as of its first read."""
        with translated_errors(self.path):
            self.conn.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        with translated_errors(self.path):
            return self.conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        with translated_errors(self.path):
            row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
            return row

    def next_change_seq(self, conn: sqlite3.Connection) -> int:
        """Hand out the next change sequence number (call inside a transaction)."""
        row = conn.execute(
            "UPDATE change_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq"
        ).fetchone()
        return int(row[0])

    def checkpoint(self) -> None:
        with translated_errors(self.path, writing=True):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.conn.close()


#: called with the open database, its version and the version it is about to be migrated to,
#: before any migration of a database that already has a schema (the pre-migration backup)
BeforeMigration = Callable[["Database", int, int], None]


def open_database(
    path: Path,
    *,
    create: bool = True,
    durable: bool = True,
    timeout: float = 5.0,
    before_migration: BeforeMigration | None = None,
) -> Database:
    """Open (creating if allowed) and migrate the desk database at `path`.

    WAL journal; `synchronous=FULL` so a commit survives a power cut (NORMAL for bulk loads
    that checkpoint at the end); foreign keys on. The schema version is read before anything
    is written, so a database whose `user_version` is newer than the migrations this program
    ships is refused untouched: its bytes and its journal mode. An existing database in a
    read-only place (a write-protected USB stick, a read-only share) is opened read-only when
    reading it needs no write (`create` False): reads work, and a write is refused as read-only.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(StoreErrorKind.CANNOT_OPEN, path)
    if path.exists() and path.is_dir():
        raise StoreError(StoreErrorKind.CANNOT_OPEN, path)
    latest = latest_schema()
    try:
        return _open_for_writing(path, latest, durable, timeout, before_migration)
    except StoreError as error:
        read_only_place = not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
        if create or not read_only_place or error.kind not in _READ_ONLY_KINDS:
            raise
    return _open_read_only(path, latest, timeout)


_READ_ONLY_KINDS = (StoreErrorKind.READ_ONLY, StoreErrorKind.CANNOT_OPEN)


def _open_for_writing(
    path: Path,
    latest: int,
    durable: bool,
    timeout: float,
    before_migration: BeforeMigration | None,
) -> Database:
    with translated_errors(path):
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    conn.row_factory = sqlite3.Row
    try:
        with translated_errors(path):
            # Reading the header first makes a non-database file fail here, before any write;
            # the version is read before the journal mode changes, which rewrites the header.
            conn.execute("PRAGMA schema_version").fetchone()
            _refuse_newer(path, int(conn.execute("PRAGMA user_version").fetchone()[0]), latest)
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(StoreErrorKind.READ_ONLY, path)
            conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            conn.execute("PRAGMA foreign_keys=ON")
        db = Database(path, conn)
        migrate(db, before=before_migration)
        return db
    except BaseException:
        conn.close()
        raise


def _open_read_only(path: Path, latest: int, timeout: float) -> Database:
    """The database in a read-only place, opened for reading only, or READ_ONLY_FOLDER.

    A WAL database needs its `-shm` index even to be read, and a read-only folder cannot hold
    a new one. When its log is empty, the main file alone is the whole database and nobody can
    change it there, so SQLite may read it as immutable; a log with changes in it must not be
    skipped, so then the clerk is told to copy the database somewhere writable.
    """
    base = path.resolve().as_uri()
    uris = [f"{base}?mode=ro"]
    log = path.with_name(path.name + "-wal")
    if not log.exists() or log.stat().st_size == 0:
        uris.append(f"{base}?mode=ro&immutable=1")
    for uri in uris:
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
        except sqlite3.Error:
            continue
        conn.row_factory = sqlite3.Row
        try:
            with translated_errors(path):
                conn.execute("PRAGMA schema_version").fetchone()
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                _refuse_newer(path, version, latest)
                if version < latest:  # an upgrade is a write
                    raise StoreError(StoreErrorKind.READ_ONLY_FOLDER, path)
                conn.execute("PRAGMA foreign_keys=ON")
        except StoreError as error:
            conn.close()
            if error.kind in _READ_ONLY_KINDS:
                continue
            raise
        except BaseException:
            conn.close()
            raise
        return Database(path, conn, read_only=True)
    raise StoreError(StoreErrorKind.READ_ONLY_FOLDER, path)


def _refuse_newer(path: Path, version: int, latest: int) -> None:
    if version > latest:
        raise StoreError(StoreErrorKind.TOO_NEW, path, found=version, supported=latest)


def migrate(db: Database, folder: Path | None = None, before: BeforeMigration | None = None) -> int:
    """Apply the pending migrations in one exclusive transaction; return the new version.

    `before` runs first when an existing schema is about to change (a backup of it)."""
    migrations = available_migrations(folder)
    latest = migrations[-1][0] if migrations else 0
    current = db.schema_version
    _refuse_newer(db.path, current, latest)
    pending = [(n, p) for n, p in migrations if n > current]
    if not pending:
        return current
    if before is not None and current > 0:
        before(db, current, latest)
    with translated_errors(db.path, writing=True):
        db.conn.execute("BEGIN EXCLUSIVE")
        try:
            # Re-read inside the lock: another process may have migrated meanwhile.
            current = db.schema_version
            for number, script in pending:
                if number <= current:
                    continue
                for statement in _split_sql(script.read_text(encoding="utf-8")):
                    db.conn.execute(statement)
                db.conn.execute(f"PRAGMA user_version = {number}")
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
    return latest


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
