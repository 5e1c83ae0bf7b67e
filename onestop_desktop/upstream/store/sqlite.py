"""The upstream store in one SQLite file (the default: `--db` is a file path).

Stdlib `sqlite3`, WAL, `synchronous=FULL`; an import is one `BEGIN IMMEDIATE` transaction, so
imports are serialised and the desk's row needs no lock of its own. The schema version is in the
file's header (`PRAGMA user_version`), beside an application id that tells an upstream store
from a desk's database; bulk rows go in with `executemany`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from onestop_desktop.upstream.store.base import (
    REPORT_COLUMNS,
    Desk,
    DossierRow,
    Held,
    ImportTransaction,
    StepRow,
    TombstoneRow,
    UpstreamStore,
    UpstreamStoreError,
    merge_held,
)

_REPORT = ", ".join(REPORT_COLUMNS)
_REPORT_SET = ", ".join(f"{c} = excluded.{c}" for c in REPORT_COLUMNS)

SQLITE_BUSY_TIMEOUT_S = 60.0
#: the page size of a new SQLite store, bytes (see `SqliteStore._before_migrating`)
SQLITE_PAGE_SIZE = 16384
#: `PRAGMA application_id` of an upstream store ("OSUP"), set by migration 0002
APPLICATION_ID = 0x4F535550

#: per SQLite primary result code (busy, locked, full, corrupt, not a database), the advice
_ADVICE = {
    **dict.fromkeys(
        (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED),
        (
            "một lần nhập khác đang giữ kho; hãy thử lại khi lần đó xong",
            "another import holds it; try again when that one has finished",
        ),
    ),
    sqlite3.SQLITE_FULL: (
        "ổ đĩa đã đầy; hãy giải phóng dung lượng rồi nhập lại",
        "the disk is full; free some space and import again",
    ),
    **dict.fromkeys(
        (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB),
        (
            "tệp không phải kho dữ liệu tuyến trên hoặc đã hỏng; hãy khôi phục từ bản sao lưu",
            "the file is not an upstream store or is damaged; restore it from a backup",
        ),
    ),
}
_OTHER_ADVICE = (
    "hãy kiểm tra tệp có phải kho dữ liệu tuyến trên và ghi được không",
    "check that the file is an upstream store and can be written",
)


class SqliteStore(UpstreamStore):
    """The upstream store in one SQLite file."""

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        if path.is_dir():
            raise UpstreamStoreError(
                f"{path} là một thư mục; hãy chọn đường dẫn của tệp kho dữ liệu.",
                f"{path} is a folder; give the path of the store's file",
            )
        if not path.parent.is_dir():
            raise UpstreamStoreError(
                f"Thư mục {path.parent} không tồn tại; hãy tạo thư mục hoặc chọn đường dẫn khác.",
                f"the folder {path.parent} does not exist; create it or give another path",
            )
        with self._errors():
            self.conn = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None)
        try:
            with self._errors():
                # Connection settings, not the file's: they change nothing in a store refused.
                self.conn.execute("PRAGMA synchronous = FULL")
                self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except BaseException:
            self.conn.close()
            raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            text = str(error)
            # The result code, not the text, says what happened (the text is shown as is).
            code = getattr(error, "sqlite_errorcode", None)
            vi, en = _ADVICE.get(code & 0xFF if code is not None else -1, _OTHER_ADVICE)
            raise UpstreamStoreError(
                f"Kho dữ liệu tuyến trên {self.path}: {text} ({vi}).",
                f"upstream store {self.path}: {text} ({en})",
            ) from error

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock at once: the desk's row cannot change under an import.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _schema_version(self) -> int:
        conn = self.conn
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return 0
        if int(conn.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        if "meta" in tables:
            # A store of version 1, which kept its version in a table.
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is not None:
                return int(row[0])
        raise UpstreamStoreError(
            f"{self.path} là một cơ sở dữ liệu nhưng không phải kho dữ liệu tuyến trên (cơ sở dữ "
            "liệu của một quầy?); hãy chọn kho dữ liệu tuyến trên hoặc một tệp mới.",
            f"{self.path} is a database but not an upstream store (a desk's database?); give "
            "the path of an upstream store or of a new file",
        )

    def _before_migrating(self, version: int) -> None:
        if version == 0:
            # Before the file's first page is written (a store's page size is fixed once it
            # holds anything): records of about 1 KB in 16 KB pages take a quarter fewer page
            # writes to insert and commit than in SQLite's default 4 KB.
            self.conn.execute(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
        self.conn.execute("PRAGMA journal_mode = WAL")

    def _migrating(self) -> Any:
        return self._transaction()

    def _record_version(self, number: int) -> None:
        # Version 1 recorded itself in `meta`; the header is transactional, like any page.
        if number >= 2:
            self.conn.execute(f"PRAGMA user_version = {int(number)}")

    def _import_transaction(self, desk: Desk) -> ImportTransaction:
        return _SqliteImport(self, desk)

    def _record_value(self, stored: Any) -> Any:
        return json.loads(stored)


class _SqliteImport(ImportTransaction):
    """An import's bulk writes with `executemany`, each row's upsert in SQL."""

    def __init__(self, store: SqliteStore, desk: Desk) -> None:
        super().__init__(store, desk)
        self.conn = store.conn

    def held(self, agency_code: str, codes: Sequence[str]) -> dict[str, Held]:
        found: dict[str, Held] = {}
        if not codes:
            return found
        conn = self.conn
        # A desk's first file (its whole history) is of an agency the store knows nothing of:
        # two index look-ups spare loading every code into a temporary table.
        known = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM dossiers WHERE agency_code = ?1) "
            "OR EXISTS (SELECT 1 FROM tombstones WHERE agency_code = ?1)",
            (agency_code,),
        ).fetchone()[0]
        if not known:
            return found
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming_codes (code TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM incoming_codes")
        conn.executemany(
            "INSERT OR IGNORE INTO incoming_codes (code) VALUES (?)", ((c,) for c in codes)
        )
        for table in ("dossiers", "tombstones"):
            rows = conn.execute(
                f"SELECT i.code, t.desk_id, t.version FROM incoming_codes i JOIN {table} t "
                "ON t.agency_code = ? AND t.code = i.code",
                (agency_code,),
            )
            for code, desk_id, version in rows:
                merge_held(found, code, desk_id, int(version))
        conn.execute("DELETE FROM incoming_codes")
        return found

    def upsert_dossiers(
        self, agency_code: str, desk_id: str, rows: Sequence[DossierRow], updated_at: str
    ) -> set[str]:
        self.conn.executemany(
            # A record given as UTF-8 bytes is stored as the TEXT it spells (CAST: no copy).
            "INSERT INTO dossiers (agency_code, code, desk_id, version, status, record, "
            f"updated_at, {_REPORT}) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?, "
            f"{', '.join('?' * len(REPORT_COLUMNS))}) "
            "ON CONFLICT (agency_code, code) DO UPDATE "
            "SET version = excluded.version, status = excluded.status, record = excluded.record, "
            f"updated_at = excluded.updated_at, {_REPORT_SET} "
            "WHERE dossiers.version < excluded.version "
            "AND dossiers.desk_id = excluded.desk_id",
            (
                (agency_code, code, desk_id, version, status, record, updated_at, *report)
                for code, version, status, record, report in rows
            ),
        )
        # BEGIN IMMEDIATE serialises writers: every row checked beforehand was written.
        return {row[0] for row in rows}

    def apply_tombstones(
        self, agency_code: str, desk_id: str, rows: Sequence[TombstoneRow]
    ) -> None:
        self.conn.executemany(
            "DELETE FROM dossiers WHERE agency_code = ? AND code = ? AND desk_id = ? "
            "AND version < ?",
            ((agency_code, code, desk_id, version) for code, version, _ in rows),
        )
        self.conn.executemany(
            "INSERT INTO tombstones (agency_code, code, desk_id, version, deleted_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (agency_code, code) DO UPDATE SET "
            "version = excluded.version, deleted_at = excluded.deleted_at "
            "WHERE tombstones.version < excluded.version AND tombstones.desk_id = excluded.desk_id",
            ((agency_code, code, desk_id, version, at) for code, version, at in rows),
        )

    def insert_steps(self, desk_id: str, rows: Sequence[StepRow]) -> int:
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT INTO steps (desk_id, step, code, version, record) "
            "VALUES (?, ?, ?, ?, CAST(? AS TEXT)) ON CONFLICT (desk_id, step) DO NOTHING",
            ((desk_id, step, code, version, record) for step, code, version, record in rows),
        )
        return int(self.conn.total_changes - before)
