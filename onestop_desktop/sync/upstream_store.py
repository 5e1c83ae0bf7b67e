"""The upstream store: where the provincial side keeps what the desks' sync files bring.

The only module in `sync/` that runs SQL. One small interface (`UpstreamStore`, and the
`ImportTransaction` an import works in), two backends:

* SQLite (the default: `--db` is a file path): stdlib `sqlite3`, WAL, `synchronous=FULL`;
  an import is one `BEGIN IMMEDIATE` transaction, so imports are serialised.
* PostgreSQL (`--db postgresql://…`), for a province taking in the files of thousands of desks:
  psycopg 3; an import is one transaction holding its desk's row lock (`SELECT … FOR UPDATE`), so
  the desks of a province import in parallel and one desk's files strictly one after another.
  Bulk rows go in with COPY into a temporary table, then one `INSERT … ON CONFLICT`.

Tables (created when missing; the schema version is in `meta`):

* `desks`: each registered desk, its public key, and the last export imported from it
  (`last_export_seq`, `last_manifest_sha256`: the sequence chain).
* `imports`: one row per imported file, with the acknowledgement written for it (so importing the
  same file again writes the same acknowledgement, and changes nothing).
* `dossiers`: per (`agency_code`, `code`) the newest version received, its desk, status and the
  whole record (the line exactly as the desk signed it: canonical JSON; JSONB in PostgreSQL).
* `steps`: processing steps, kept once per (`desk_id`, `step`).
* `tombstones`: dossiers deleted at their desk (newest version per code).
* `refusals`: files refused as out of sequence, whose manifest was authentic; the highest number
  seen tells which exports of a desk are missing. A log, not data: refusing a file never changes
  the other tables.

The merge policy (which records are accepted, ignored or rejected) lives in `sync/upstream.py`;
this module offers the operations it needs inside one transaction.
"""

from __future__ import annotations

import json
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

SCHEMA_VERSION = 1
SQLITE_BUSY_TIMEOUT_S = 60.0
#: the page size of a new SQLite store, bytes (see `SqliteStore._prepare`)
SQLITE_PAGE_SIZE = 16384

#: (code, version, status, record JSON text: str, or its UTF-8 bytes as signed)
DossierRow = tuple[str, int, int, str | bytes]
#: (step, code, version, record JSON text: str, or its UTF-8 bytes as signed)
StepRow = tuple[int, str, int, str | bytes]
#: (code, version, deleted_at)
TombstoneRow = tuple[str, int, str]

_TABLES = ("desks", "imports", "dossiers", "steps", "tombstones")


class UpstreamStoreError(Exception):
    """The store cannot be opened or used; the message says what to do."""


@dataclass(frozen=True)
class Desk:
    """A registered desk and the last export imported from it."""

    desk_id: str
    agency_code: str
    station: int
    public_key: str
    registered_at: str
    last_export_seq: int
    last_manifest_sha256: str | None


@dataclass(frozen=True)
class ImportRecord:
    """One imported sync file."""

    desk_id: str
    export_seq: int
    file_name: str
    file_sha256: str
    manifest_sha256: str
    imported_at: str
    accepted: int
    rejected: int
    ack: str


@dataclass(frozen=True)
class Held:
    """What the store holds for a dossier code: its desk and newest version (live or deleted)."""

    desk_id: str
    version: int


def _merge_held(found: dict[str, Held], code: str, desk_id: str, version: int) -> None:
    old = found.get(code)
    if old is None or version > old.version:
        found[code] = Held(desk_id, version)


class ImportTransaction(ABC):
    """The operations of one import, inside one transaction that holds the desk's lock."""

    def __init__(self, desk: Desk) -> None:
        #: the desk as read under the lock (its sequence state is current)
        self.desk = desk

    @abstractmethod
    def held(self, agency_code: str, codes: Sequence[str]) -> dict[str, Held]:
        """The stored owner and newest version of those codes that the store knows."""

    @abstractmethod
    def upsert_dossiers(
        self, agency_code: str, desk_id: str, rows: Sequence[DossierRow], updated_at: str
    ) -> set[str]:
        """Insert or update dossiers (only where the stored version is older and of this desk);
        return the codes written."""

    @abstractmethod
    def apply_tombstones(
        self, agency_code: str, desk_id: str, rows: Sequence[TombstoneRow]
    ) -> None:
        """Delete this desk's dossiers older than each tombstone, and keep the tombstones."""

    @abstractmethod
    def insert_steps(self, desk_id: str, rows: Sequence[StepRow]) -> int:
        """Add steps not already kept; return how many were new."""

    @abstractmethod
    def finish(self, record: ImportRecord, manifest_sha256: str) -> None:
        """Record the import and advance the desk's sequence chain to it."""


class UpstreamStore(ABC):
    """An open upstream store (SQLite or PostgreSQL)."""

    kind: str
    #: where it is, for messages (a PostgreSQL password is never shown)
    where: str

    def __enter__(self) -> UpstreamStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def desk(self, desk_id: str) -> Desk | None: ...

    @abstractmethod
    def desks(self) -> list[Desk]: ...

    @abstractmethod
    def add_desk(self, desk: Desk) -> None:
        """Register a desk, or replace the public key of a registered one (keeps its chain)."""

    @abstractmethod
    def import_record(self, desk_id: str, export_seq: int) -> ImportRecord | None: ...

    @abstractmethod
    def importing(self, desk_id: str) -> AbstractContextManager[ImportTransaction]:
        """One import's transaction, holding the desk's lock; committed when the block ends
        normally, rolled back whole otherwise. UpstreamStoreError if the desk is unknown."""

    @abstractmethod
    def log_refusal(
        self,
        desk_id: str,
        export_seq: int,
        file_name: str,
        file_sha256: str,
        problem: str,
        message: str,
        refused_at: str,
    ) -> None: ...

    @abstractmethod
    def highest_refused(self) -> dict[str, int]:
        """Per desk, the highest export number refused as out of sequence."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Rows per table: dossiers, steps, tombstones, imports, desks."""

    @abstractmethod
    def dossiers_by_desk(self) -> dict[str, int]: ...

    @abstractmethod
    def dossier(self, agency_code: str, code: str) -> dict[str, Any] | None:
        """One stored dossier: desk, version, status and the record."""

    @abstractmethod
    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of the data tables (not the refusal log), sorted, records as canonical
        JSON text: two stores with equal dumps hold the same data."""


def _text(record: str | bytes) -> str:
    return record.decode("utf-8") if isinstance(record, bytes) else record


def _canonical_text(record: Any) -> str:
    if isinstance(record, str):
        record = json.loads(record)
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- SQLite ----------------------------------------------------------------------------------

_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS desks (
    desk_id TEXT PRIMARY KEY,
    agency_code TEXT NOT NULL,
    station INTEGER NOT NULL,
    public_key TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    last_export_seq INTEGER NOT NULL DEFAULT 0,
    last_manifest_sha256 TEXT
);
CREATE TABLE IF NOT EXISTS imports (
    desk_id TEXT NOT NULL REFERENCES desks (desk_id),
    export_seq INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    ack TEXT NOT NULL,
    PRIMARY KEY (desk_id, export_seq)
);
CREATE TABLE IF NOT EXISTS dossiers (
    agency_code TEXT NOT NULL,
    code TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    status INTEGER NOT NULL,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agency_code, code)
);
CREATE INDEX IF NOT EXISTS dossiers_by_desk ON dossiers (desk_id);
CREATE TABLE IF NOT EXISTS steps (
    desk_id TEXT NOT NULL,
    step INTEGER NOT NULL,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (desk_id, step)
);
CREATE INDEX IF NOT EXISTS steps_by_code ON steps (code);
CREATE TABLE IF NOT EXISTS tombstones (
    agency_code TEXT NOT NULL,
    code TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (agency_code, code)
);
CREATE TABLE IF NOT EXISTS refusals (
    desk_id TEXT NOT NULL,
    export_seq INTEGER NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    problem TEXT NOT NULL,
    message TEXT NOT NULL,
    refused_at TEXT NOT NULL,
    PRIMARY KEY (desk_id, export_seq, file_sha256)
);
"""

_DESK_COLUMNS = (
    "desk_id, agency_code, station, public_key, registered_at, last_export_seq, "
    "last_manifest_sha256"
)
_IMPORT_COLUMNS = (
    "desk_id, export_seq, file_name, file_sha256, manifest_sha256, imported_at, accepted, "
    "rejected, ack"
)
_DUMP_QUERIES = {
    "desks": f"SELECT {_DESK_COLUMNS} FROM desks ORDER BY desk_id",
    "imports": f"SELECT {_IMPORT_COLUMNS} FROM imports ORDER BY desk_id, export_seq",
    "dossiers": "SELECT agency_code, code, desk_id, version, status, record, updated_at "
    "FROM dossiers ORDER BY agency_code, code",
    "steps": "SELECT desk_id, step, code, version, record FROM steps ORDER BY desk_id, step",
    "tombstones": "SELECT agency_code, code, desk_id, version, deleted_at FROM tombstones "
    "ORDER BY agency_code, code",
}
_RECORD_COLUMN = {"dossiers": 5, "steps": 4}


def _desk(row: Sequence[Any]) -> Desk:
    return Desk(
        desk_id=str(row[0]),
        agency_code=str(row[1]),
        station=int(row[2]),
        public_key=str(row[3]),
        registered_at=str(row[4]),
        last_export_seq=int(row[5]),
        last_manifest_sha256=None if row[6] is None else str(row[6]),
    )


def _import(row: Sequence[Any]) -> ImportRecord:
    return ImportRecord(
        desk_id=str(row[0]),
        export_seq=int(row[1]),
        file_name=str(row[2]),
        file_sha256=str(row[3]),
        manifest_sha256=str(row[4]),
        imported_at=str(row[5]),
        accepted=int(row[6]),
        rejected=int(row[7]),
        ack=str(row[8]),
    )


@contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as error:
        text = str(error)
        if "locked" in text or "busy" in text:
            hint = "another import holds it; try again when that one has finished"
        elif "disk" in text and "full" in text:
            hint = "the disk is full; free some space and import again"
        elif "not a database" in text or "malformed" in text:
            hint = "the file is not an upstream store or is damaged; restore it from a backup"
        else:
            hint = "check that the file is an upstream store and can be written"
        raise UpstreamStoreError(f"upstream store {path}: {text} ({hint})") from error


class SqliteStore(UpstreamStore):
    """The upstream store in one SQLite file."""

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        if path.is_dir():
            raise UpstreamStoreError(f"{path} is a folder; give the path of the store's file")
        if not path.parent.is_dir():
            raise UpstreamStoreError(
                f"the folder {path.parent} does not exist; create it or give another path"
            )
        with _sqlite_errors(path):
            self.conn = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None)
        try:
            with _sqlite_errors(path):
                self._prepare()
        except BaseException:
            self.conn.close()
            raise

    def _prepare(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        version = self._schema_version()
        if version is None or version < SCHEMA_VERSION:
            # A new (or older) store: create what is missing, under the write lock. A current
            # store takes no lock here, so `status` and `verify` never wait for an import.
            if version is None:
                # Before the file's first page is written (a store's page size is fixed once
                # it holds anything): records of about 1 KB in 16 KB pages take a quarter
                # fewer page writes to insert and commit than in SQLite's default 4 KB.
                conn.execute(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SQLITE_SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                if self._schema_version() is None:
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                        (str(SCHEMA_VERSION),),
                    )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            version = self._schema_version()
        if version is not None and version > SCHEMA_VERSION:
            raise UpstreamStoreError(
                f"{self.path} was written by a newer version (store schema {version}, this "
                f"program knows {SCHEMA_VERSION}); use the newer program"
            )

    def _schema_version(self) -> int | None:
        names = {
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not names:
            return None
        if "meta" not in names:
            raise UpstreamStoreError(
                f"{self.path} is a database but not an upstream store (a desk's database?); "
                "give the path of an upstream store or of a new file"
            )
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def close(self) -> None:
        self.conn.close()

    def desk(self, desk_id: str) -> Desk | None:
        with _sqlite_errors(self.path):
            row = self.conn.execute(
                f"SELECT {_DESK_COLUMNS} FROM desks WHERE desk_id = ?", (desk_id,)
            ).fetchone()
        return _desk(row) if row else None

    def desks(self) -> list[Desk]:
        with _sqlite_errors(self.path):
            rows = self.conn.execute(
                f"SELECT {_DESK_COLUMNS} FROM desks ORDER BY desk_id"
            ).fetchall()
        return [_desk(r) for r in rows]

    def add_desk(self, desk: Desk) -> None:
        with _sqlite_errors(self.path), self._transaction():
            self.conn.execute(
                f"INSERT INTO desks ({_DESK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (desk_id) DO UPDATE SET public_key = excluded.public_key",
                (
                    desk.desk_id,
                    desk.agency_code,
                    desk.station,
                    desk.public_key,
                    desk.registered_at,
                    desk.last_export_seq,
                    desk.last_manifest_sha256,
                ),
            )

    def import_record(self, desk_id: str, export_seq: int) -> ImportRecord | None:
        with _sqlite_errors(self.path):
            row = self.conn.execute(
                f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE desk_id = ? AND export_seq = ?",
                (desk_id, export_seq),
            ).fetchone()
        return _import(row) if row else None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
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

    @contextmanager
    def importing(self, desk_id: str) -> Iterator[ImportTransaction]:
        with _sqlite_errors(self.path), self._transaction():
            # BEGIN IMMEDIATE holds the write lock: the desk's row cannot change under us.
            row = self.conn.execute(
                f"SELECT {_DESK_COLUMNS} FROM desks WHERE desk_id = ?", (desk_id,)
            ).fetchone()
            if row is None:
                raise UpstreamStoreError(f"desk {desk_id} is not registered")
            yield _SqliteImport(self.conn, _desk(row))

    def log_refusal(
        self,
        desk_id: str,
        export_seq: int,
        file_name: str,
        file_sha256: str,
        problem: str,
        message: str,
        refused_at: str,
    ) -> None:
        with _sqlite_errors(self.path), self._transaction():
            self.conn.execute(
                "INSERT INTO refusals (desk_id, export_seq, file_sha256, file_name, problem, "
                "message, refused_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (desk_id, export_seq, file_sha256) DO UPDATE SET "
                "refused_at = excluded.refused_at, message = excluded.message",
                (desk_id, export_seq, file_sha256, file_name, problem, message, refused_at),
            )

    def highest_refused(self) -> dict[str, int]:
        with _sqlite_errors(self.path):
            rows = self.conn.execute(
                "SELECT desk_id, MAX(export_seq) FROM refusals GROUP BY desk_id"
            ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    def counts(self) -> dict[str, int]:
        with _sqlite_errors(self.path):
            return {
                table: int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in _TABLES
            }

    def dossiers_by_desk(self) -> dict[str, int]:
        with _sqlite_errors(self.path):
            rows = self.conn.execute(
                "SELECT desk_id, COUNT(*) FROM dossiers GROUP BY desk_id"
            ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    def dossier(self, agency_code: str, code: str) -> dict[str, Any] | None:
        with _sqlite_errors(self.path):
            row = self.conn.execute(
                "SELECT desk_id, version, status, record FROM dossiers "
                "WHERE agency_code = ? AND code = ?",
                (agency_code, code),
            ).fetchone()
        if row is None:
            return None
        return {
            "desk_id": row[0],
            "version": int(row[1]),
            "status": int(row[2]),
            "record": json.loads(row[3]),
        }

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        out: dict[str, list[tuple[Any, ...]]] = {}
        with _sqlite_errors(self.path):
            for table, query in _DUMP_QUERIES.items():
                rows = [tuple(r) for r in self.conn.execute(query)]
                column = _RECORD_COLUMN.get(table)
                if column is not None:
                    rows = [
                        (*r[:column], _canonical_text(r[column]), *r[column + 1 :]) for r in rows
                    ]
                out[table] = rows
        return out


class _SqliteImport(ImportTransaction):
    def __init__(self, conn: sqlite3.Connection, desk: Desk) -> None:
        super().__init__(desk)
        self.conn = conn

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
                _merge_held(found, code, desk_id, int(version))
        conn.execute("DELETE FROM incoming_codes")
        return found

    def upsert_dossiers(
        self, agency_code: str, desk_id: str, rows: Sequence[DossierRow], updated_at: str
    ) -> set[str]:
        self.conn.executemany(
            # A record given as UTF-8 bytes is stored as the TEXT it spells (CAST: no copy).
            "INSERT INTO dossiers (agency_code, code, desk_id, version, status, record, "
            "updated_at) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?) "
            "ON CONFLICT (agency_code, code) DO UPDATE "
            "SET version = excluded.version, status = excluded.status, record = excluded.record, "
            "updated_at = excluded.updated_at WHERE dossiers.version < excluded.version "
            "AND dossiers.desk_id = excluded.desk_id",
            (
                (agency_code, code, desk_id, version, status, record, updated_at)
                for code, version, status, record in rows
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
        return self.conn.total_changes - before

    def finish(self, record: ImportRecord, manifest_sha256: str) -> None:
        self.conn.execute(
            f"INSERT INTO imports ({_IMPORT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.desk_id,
                record.export_seq,
                record.file_name,
                record.file_sha256,
                record.manifest_sha256,
                record.imported_at,
                record.accepted,
                record.rejected,
                record.ack,
            ),
        )
        self.conn.execute(
            "UPDATE desks SET last_export_seq = ?, last_manifest_sha256 = ? WHERE desk_id = ?",
            (record.export_seq, manifest_sha256, record.desk_id),
        )


# --- PostgreSQL ------------------------------------------------------------------------------

_PG_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL)",
    """CREATE TABLE IF NOT EXISTS desks (
        desk_id text PRIMARY KEY,
        agency_code text NOT NULL,
        station integer NOT NULL,
        public_key text NOT NULL,
        registered_at text NOT NULL,
        last_export_seq bigint NOT NULL DEFAULT 0,
        last_manifest_sha256 text
    )""",
    """CREATE TABLE IF NOT EXISTS imports (
        desk_id text NOT NULL REFERENCES desks (desk_id),
        export_seq bigint NOT NULL,
        file_name text NOT NULL,
        file_sha256 text NOT NULL,
        manifest_sha256 text NOT NULL,
        imported_at text NOT NULL,
        accepted integer NOT NULL,
        rejected integer NOT NULL,
        ack text NOT NULL,
        PRIMARY KEY (desk_id, export_seq)
    )""",
    """CREATE TABLE IF NOT EXISTS dossiers (
        agency_code text NOT NULL,
        code text NOT NULL,
        desk_id text NOT NULL,
        version bigint NOT NULL,
        status integer NOT NULL,
        record jsonb NOT NULL,
        updated_at text NOT NULL,
        PRIMARY KEY (agency_code, code)
    )""",
    "CREATE INDEX IF NOT EXISTS dossiers_by_desk ON dossiers (desk_id)",
    """CREATE TABLE IF NOT EXISTS steps (
        desk_id text NOT NULL,
        step bigint NOT NULL,
        code text NOT NULL,
        version bigint NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (desk_id, step)
    )""",
    "CREATE INDEX IF NOT EXISTS steps_by_code ON steps (code)",
    """CREATE TABLE IF NOT EXISTS tombstones (
        agency_code text NOT NULL,
        code text NOT NULL,
        desk_id text NOT NULL,
        version bigint NOT NULL,
        deleted_at text NOT NULL,
        PRIMARY KEY (agency_code, code)
    )""",
    """CREATE TABLE IF NOT EXISTS refusals (
        desk_id text NOT NULL,
        export_seq bigint NOT NULL,
        file_sha256 text NOT NULL,
        file_name text NOT NULL,
        problem text NOT NULL,
        message text NOT NULL,
        refused_at text NOT NULL,
        PRIMARY KEY (desk_id, export_seq, file_sha256)
    )""",
)
#: any fixed number: the advisory lock that serialises creating the tables
_PG_SCHEMA_LOCK = 7_041_925_001


def redact(url: str) -> str:
    """A PostgreSQL address without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class PostgresStore(UpstreamStore):
    """The upstream store in a PostgreSQL database (psycopg 3)."""

    kind = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.where = redact(url)
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, connect_timeout=15, autocommit=True)
        except psycopg.Error as error:
            raise UpstreamStoreError(
                f"cannot connect to {self.where}: {str(error).strip()} (is the server running, "
                "and are the address, user and database right?)"
            ) from None
        try:
            with self._errors():
                self._prepare()
        except BaseException:
            self.conn.close()
            raise

    def _schema_version(self) -> int | None:
        row = self.conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return None
        found = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(found[0]) if found else None

    def _prepare(self) -> None:
        # The usual case, a current store, takes no lock: CREATE … IF NOT EXISTS would wait for
        # every import in progress (it locks the tables even when they exist).
        with self.conn.transaction():
            version = self._schema_version()
        if version is None or version < SCHEMA_VERSION:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_SCHEMA_LOCK,))
                for statement in _PG_SCHEMA:
                    self.conn.execute(statement)
                if self._schema_version() is None:
                    self.conn.execute(
                        "INSERT INTO meta (key, value) VALUES ('schema_version', %s)",
                        (str(SCHEMA_VERSION),),
                    )
                version = self._schema_version()
        if version is not None and version > SCHEMA_VERSION:
            raise UpstreamStoreError(
                f"{self.where} was written by a newer version (store schema {version}, this "
                f"program knows {SCHEMA_VERSION}); use the newer program"
            )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._psycopg.Error as error:
            text = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise UpstreamStoreError(
                f"upstream store {self.where}: {text} (nothing of this step was applied; try "
                "again, and check the server if it persists)"
            ) from error

    def close(self) -> None:
        self.conn.close()

    def _one(self, query: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        with self._errors(), self.conn.transaction():
            row: tuple[Any, ...] | None = self.conn.execute(query, params).fetchone()
        return row

    def _all(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._errors(), self.conn.transaction():
            return list(self.conn.execute(query, params).fetchall())

    def desk(self, desk_id: str) -> Desk | None:
        row = self._one(f"SELECT {_DESK_COLUMNS} FROM desks WHERE desk_id = %s", (desk_id,))
        return _desk(row) if row else None

    def desks(self) -> list[Desk]:
        return [_desk(r) for r in self._all(f"SELECT {_DESK_COLUMNS} FROM desks ORDER BY desk_id")]

    def add_desk(self, desk: Desk) -> None:
        with self._errors(), self.conn.transaction():
            self.conn.execute(
                f"INSERT INTO desks ({_DESK_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (desk_id) DO UPDATE SET public_key = excluded.public_key",
                (
                    desk.desk_id,
                    desk.agency_code,
                    desk.station,
                    desk.public_key,
                    desk.registered_at,
                    desk.last_export_seq,
                    desk.last_manifest_sha256,
                ),
            )

    def import_record(self, desk_id: str, export_seq: int) -> ImportRecord | None:
        row = self._one(
            f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE desk_id = %s AND export_seq = %s",
            (desk_id, export_seq),
        )
        return _import(row) if row else None

    @contextmanager
    def importing(self, desk_id: str) -> Iterator[ImportTransaction]:
        with self._errors(), self.conn.transaction():
            row = self.conn.execute(
                f"SELECT {_DESK_COLUMNS} FROM desks WHERE desk_id = %s FOR UPDATE", (desk_id,)
            ).fetchone()
            if row is None:
                raise UpstreamStoreError(f"desk {desk_id} is not registered")
            yield _PostgresImport(self.conn, _desk(row))

    def log_refusal(
        self,
        desk_id: str,
        export_seq: int,
        file_name: str,
        file_sha256: str,
        problem: str,
        message: str,
        refused_at: str,
    ) -> None:
        with self._errors(), self.conn.transaction():
            self.conn.execute(
                "INSERT INTO refusals (desk_id, export_seq, file_sha256, file_name, problem, "
                "message, refused_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (desk_id, export_seq, file_sha256) DO UPDATE SET "
                "refused_at = excluded.refused_at, message = excluded.message",
                (desk_id, export_seq, file_sha256, file_name, problem, message, refused_at),
            )

    def highest_refused(self) -> dict[str, int]:
        rows = self._all("SELECT desk_id, MAX(export_seq) FROM refusals GROUP BY desk_id")
        return {str(r[0]): int(r[1]) for r in rows}

    def counts(self) -> dict[str, int]:
        query = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in _TABLES)
        return {str(r[0]): int(r[1]) for r in self._all(query)}

    def dossiers_by_desk(self) -> dict[str, int]:
        rows = self._all("SELECT desk_id, COUNT(*) FROM dossiers GROUP BY desk_id")
        return {str(r[0]): int(r[1]) for r in rows}

    def dossier(self, agency_code: str, code: str) -> dict[str, Any] | None:
        row = self._one(
            "SELECT desk_id, version, status, record FROM dossiers "
            "WHERE agency_code = %s AND code = %s",
            (agency_code, code),
        )
        if row is None:
            return None
        return {"desk_id": row[0], "version": int(row[1]), "status": int(row[2]), "record": row[3]}

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table, query in _DUMP_QUERIES.items():
            rows = [tuple(r) for r in self._all(query)]
            column = _RECORD_COLUMN.get(table)
            if column is not None:
                rows = [(*r[:column], _canonical_text(r[column]), *r[column + 1 :]) for r in rows]
            out[table] = rows
        return out


class _PostgresImport(ImportTransaction):
    def __init__(self, conn: Any, desk: Desk) -> None:
        super().__init__(desk)
        self.conn = conn

    def _temp(self, ddl: str) -> None:
        self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {ddl} ON COMMIT DELETE ROWS")

    def held(self, agency_code: str, codes: Sequence[str]) -> dict[str, Held]:
        found: dict[str, Held] = {}
        if not codes:
            return found
        rows = self.conn.execute(
            "SELECT t.code, t.desk_id, t.version FROM dossiers t "
            "WHERE t.agency_code = %s AND t.code = ANY(%s) UNION ALL "
            "SELECT t.code, t.desk_id, t.version FROM tombstones t "
            "WHERE t.agency_code = %s AND t.code = ANY(%s)",
            (agency_code, list(codes), agency_code, list(codes)),
        ).fetchall()
        for code, desk_id, version in rows:
            _merge_held(found, code, desk_id, int(version))
        return found

    def upsert_dossiers(
        self, agency_code: str, desk_id: str, rows: Sequence[DossierRow], updated_at: str
    ) -> set[str]:
        if not rows:
            return set()
        self._temp("incoming_dossiers (code text, version bigint, status integer, record text)")
        with (
            self.conn.cursor() as cursor,
            cursor.copy(
                "COPY incoming_dossiers (code, version, status, record) FROM STDIN"
            ) as copy,
        ):
            for code, version, status, record in rows:
                copy.write_row((code, version, status, _text(record)))
        written = self.conn.execute(
            "INSERT INTO dossiers (agency_code, code, desk_id, version, status, record, "
            "updated_at) SELECT %s, i.code, %s, i.version, i.status, i.record::jsonb, %s "
            "FROM incoming_dossiers i ORDER BY i.code ON CONFLICT (agency_code, code) DO UPDATE "
            "SET version = excluded.version, status = excluded.status, record = excluded.record, "
            "updated_at = excluded.updated_at WHERE dossiers.version < excluded.version "
            "AND dossiers.desk_id = excluded.desk_id RETURNING dossiers.code",
            (agency_code, desk_id, updated_at),
        ).fetchall()
        return {str(r[0]) for r in written}

    def apply_tombstones(
        self, agency_code: str, desk_id: str, rows: Sequence[TombstoneRow]
    ) -> None:
        if not rows:
            return
        codes = [r[0] for r in rows]
        versions = [r[1] for r in rows]
        stamps = [r[2] for r in rows]
        self.conn.execute(
            "DELETE FROM dossiers d USING unnest(%s::text[], %s::bigint[]) AS t(code, version) "
            "WHERE d.agency_code = %s AND d.code = t.code AND d.desk_id = %s "
            "AND d.version < t.version",
            (codes, versions, agency_code, desk_id),
        )
        self.conn.execute(
            "INSERT INTO tombstones (agency_code, code, desk_id, version, deleted_at) "
            "SELECT %s, t.code, %s, t.version, t.deleted_at "
            "FROM unnest(%s::text[], %s::bigint[], %s::text[]) AS t(code, version, deleted_at) "
            "ORDER BY t.code ON CONFLICT (agency_code, code) DO UPDATE SET "
            "version = excluded.version, deleted_at = excluded.deleted_at "
            "WHERE tombstones.version < excluded.version AND tombstones.desk_id = excluded.desk_id",
            (agency_code, desk_id, codes, versions, stamps),
        )

    def insert_steps(self, desk_id: str, rows: Sequence[StepRow]) -> int:
        if not rows:
            return 0
        self._temp("incoming_steps (step bigint, code text, version bigint, record text)")
        with (
            self.conn.cursor() as cursor,
            cursor.copy("COPY incoming_steps (step, code, version, record) FROM STDIN") as copy,
        ):
            for step, code, version, record in rows:
                copy.write_row((step, code, version, _text(record)))
        inserted = self.conn.execute(
            "INSERT INTO steps (desk_id, step, code, version, record) "
            "SELECT %s, i.step, i.code, i.version, i.record::jsonb FROM incoming_steps i "
            "ON CONFLICT (desk_id, step) DO NOTHING",
            (desk_id,),
        )
        return int(inserted.rowcount)

    def finish(self, record: ImportRecord, manifest_sha256: str) -> None:
        self.conn.execute(
            f"INSERT INTO imports ({_IMPORT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                record.desk_id,
                record.export_seq,
                record.file_name,
                record.file_sha256,
                record.manifest_sha256,
                record.imported_at,
                record.accepted,
                record.rejected,
                record.ack,
            ),
        )
        self.conn.execute(
            "UPDATE desks SET last_export_seq = %s, last_manifest_sha256 = %s WHERE desk_id = %s",
            (record.export_seq, manifest_sha256, record.desk_id),
        )


def create_database(server_url: str, name: str) -> None:
    """Create the database `name` on the server at `server_url` (a throwaway server's)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def postgres_plain_copy_seconds(
    url: str, dossiers: Sequence[DossierRow], steps: Sequence[StepRow]
) -> float:
    """The benchmark's baseline: seconds to COPY the same rows into two bare tables (no keys,
    no checks, no merge) and commit, the plainest way to put them into PostgreSQL."""
    import time

    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE plain_dossiers (code text, version bigint, status integer, record jsonb)"
        )
        conn.execute(
            "CREATE TABLE plain_steps (step bigint, code text, version bigint, record jsonb)"
        )
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cursor:
            with cursor.copy("COPY plain_dossiers FROM STDIN") as copy:
                for row in dossiers:
                    copy.write_row(row)
            with cursor.copy("COPY plain_steps FROM STDIN") as copy:
                for step in steps:
                    copy.write_row(step)
        conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE plain_dossiers, plain_steps")
        conn.commit()
    return elapsed


def open_store(target: str | Path) -> UpstreamStore:
    """Open (creating its tables when missing) the store at `target`: a `postgresql://`
    address, or the path of a SQLite file."""
    text = str(target)
    if is_postgres(text):
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise UpstreamStoreError(
                "PostgreSQL stores need the psycopg package: install requirements.txt "
                "(bash scripts/setup.sh)"
            ) from None
        return PostgresStore(text)
    if "://" in text:
        raise UpstreamStoreError(
            f"{text!r}: expected a file path (SQLite) or a postgresql:// address"
        )
    return SqliteStore(Path(text))
