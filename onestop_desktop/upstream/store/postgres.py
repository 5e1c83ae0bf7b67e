"""The upstream store in a PostgreSQL database (`--db postgresql://…`), for a province taking in
the files of thousands of desks.

psycopg 3; an import is one transaction holding its desk's row lock (`SELECT … FOR UPDATE`), so
the desks of a province import in parallel and one desk's files strictly one after another.
Bulk rows go in with COPY into a temporary table, then one `INSERT … ON CONFLICT`. The schema
version is in `upstream_schema_version`; migrations take an advisory lock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
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
    record_text,
)

_REPORT = ", ".join(REPORT_COLUMNS)
_REPORT_SET = ", ".join(f"{c} = excluded.{c}" for c in REPORT_COLUMNS)
_REPORT_FROM_I = ", ".join(f"i.{c}" for c in REPORT_COLUMNS)
_REPORT_TYPES = ", ".join(
    f"{c} {'integer' if c in ('channel', 'received_day', 'finished_day', 'due_day') else 'text'}"
    for c in REPORT_COLUMNS
)

#: any fixed number: the advisory lock that serialises migrating the schema
_PG_SCHEMA_LOCK = 7_041_925_001


def redact(url: str) -> str:
    """A PostgreSQL address without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresStore(UpstreamStore):
    """The upstream store in a PostgreSQL database (psycopg 3)."""

    kind = "postgresql"
    _LOCK_DESK_ROW = " FOR UPDATE"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.where = redact(url)
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, connect_timeout=15, autocommit=True)
        except psycopg.Error as error:
            text = str(error).strip()
            raise UpstreamStoreError(
                f"Không kết nối được tới {self.where}: {text} (máy chủ có đang chạy không, địa "
                "chỉ, người dùng và cơ sở dữ liệu có đúng không?).",
                f"cannot connect to {self.where}: {text} (is the server running, and are the "
                "address, user and database right?)",
            ) from None
        try:
            self.migrate()
        except BaseException:
            self.conn.close()
            raise

    def _sql(self, query: str) -> str:
        return query.replace("?", "%s")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._psycopg.Error as error:
            text = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise UpstreamStoreError(
                f"Kho dữ liệu tuyến trên {self.where}: {text} (bước này không được áp dụng; hãy "
                "thử lại và kiểm tra máy chủ nếu lỗi còn).",
                f"upstream store {self.where}: {text} (nothing of this step was applied; try "
                "again, and check the server if it persists)",
            ) from error

    def _transaction(self) -> AbstractContextManager[Any]:
        return self.conn.transaction()  # type: ignore[no-any-return]

    def _reading(self) -> AbstractContextManager[Any]:
        # Autocommit otherwise: a transaction gives the read one snapshot.
        return self.conn.transaction()  # type: ignore[no-any-return]

    def _schema_version(self) -> int:
        present = self.conn.execute(
            "SELECT to_regclass('upstream_schema_version') IS NOT NULL, "
            "to_regclass('meta') IS NOT NULL"
        ).fetchone()
        if present[0]:
            row = self.conn.execute("SELECT version FROM upstream_schema_version").fetchone()
            return int(row[0]) if row else 0
        if present[1]:
            # A store of version 1, which kept its version in a table.
            row = self.conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
            return int(row[0]) if row else 0
        return 0

    @contextmanager
    def _migrating(self) -> Iterator[None]:
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_SCHEMA_LOCK,))
            yield

    def _record_version(self, number: int) -> None:
        # Version 1 recorded itself in `meta`; 0002 made the table and its row.
        if number >= 2:
            self.conn.execute("UPDATE upstream_schema_version SET version = %s", (number,))

    def _import_transaction(self, desk: Desk) -> ImportTransaction:
        return _PostgresImport(self, desk)


class _PostgresImport(ImportTransaction):
    """An import's bulk writes with COPY into temporary tables and one set-based upsert."""

    def __init__(self, store: PostgresStore, desk: Desk) -> None:
        super().__init__(store, desk)
        self.conn = store.conn

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
            merge_held(found, code, desk_id, int(version))
        return found

    def upsert_dossiers(
        self, agency_code: str, desk_id: str, rows: Sequence[DossierRow], updated_at: str
    ) -> set[str]:
        if not rows:
            return set()
        self._temp(
            "incoming_dossiers (code text, version bigint, status integer, record text, "
            f"{_REPORT_TYPES})"
        )
        with (
            self.conn.cursor() as cursor,
            cursor.copy(
                f"COPY incoming_dossiers (code, version, status, record, {_REPORT}) FROM STDIN"
            ) as copy,
        ):
            for code, version, status, record, report in rows:
                copy.write_row((code, version, status, record_text(record), *report))
        written = self.conn.execute(
            "INSERT INTO dossiers (agency_code, code, desk_id, version, status, record, "
            f"updated_at, {_REPORT}) SELECT %s, i.code, %s, i.version, i.status, "
            f"i.record::jsonb, %s, {_REPORT_FROM_I} "
            "FROM incoming_dossiers i ORDER BY i.code ON CONFLICT (agency_code, code) DO UPDATE "
            "SET version = excluded.version, status = excluded.status, record = excluded.record, "
            f"updated_at = excluded.updated_at, {_REPORT_SET} "
            "WHERE dossiers.version < excluded.version "
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
                copy.write_row((step, code, version, record_text(record)))
        inserted = self.conn.execute(
            "INSERT INTO steps (desk_id, step, code, version, record) "
            "SELECT %s, i.step, i.code, i.version, i.record::jsonb FROM incoming_steps i "
            "ON CONFLICT (desk_id, step) DO NOTHING",
            (desk_id,),
        )
        return int(inserted.rowcount)
