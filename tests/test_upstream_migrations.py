"""The upstream store's numbered migrations (db/upstream/<dialect>/), each tested from a store of
the version before it, in SQLite and in PostgreSQL: a store made by the first shipped code
(version 1, its version in a `meta` table) opens and is upgraded with its data kept, and a store
written by a newer version is refused and left exactly as it was."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onestop_desktop.bench import synthetic
from onestop_desktop.domain.reports import record_facts
from onestop_desktop.upstream.store import (
    PostgresStore,
    SqliteStore,
    UpstreamStoreError,
    migrations,
    open_store,
)
from onestop_desktop.upstream.store.base import REPORT_COLUMNS
from onestop_desktop.upstream.store.sqlite import APPLICATION_ID
from tests.upstream_helpers import (
    PostgresCluster,
    SynthDesk,
    import_one,
    postgres_cluster,
    stop_postgres_cluster,
)

DESK_ROW = ("000.00.01.H56#1", "000.00.01.H56", 1, "key", "20260115090000", 3, "ab" * 32)
DOSSIER_ROW = ("000.00.01.H56", "000.00.01.H56-260115-1000001", "000.00.01.H56#1", 7, 4, "{}", "x")


def _sqlite_at(path: Path, version: int) -> None:
    """A SQLite store of `version`, made by running the migrations' SQL as it stands."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for step in migrations.pending("sqlite", 0, version):
            for statement in step.statements:
                conn.execute(statement)
            if step.number >= 2:
                conn.execute(f"PRAGMA user_version = {step.number}")


def _sqlite_tables(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _sqlite_pragma(path: Path, name: str) -> Any:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_the_migrations_are_numbered_alike_in_both_dialects() -> None:
    assert [m.number for m in migrations.load("sqlite")] == [1, 2, 3]
    assert migrations.latest("sqlite") == migrations.latest("postgresql") == 3


def test_sqlite_0001_from_an_empty_file_makes_the_store_as_first_shipped(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    _sqlite_at(path, 1)
    assert _sqlite_tables(path) == {
        "meta",
        "desks",
        "imports",
        "dossiers",
        "steps",
        "tombstones",
        "refusals",
    }
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM meta").fetchall() == [("1",)]


def test_sqlite_0002_from_a_version_1_store_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    _sqlite_at(path, 1)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO desks VALUES (?, ?, ?, ?, ?, ?, ?)", DESK_ROW)
        conn.execute("INSERT INTO dossiers VALUES (?, ?, ?, ?, ?, ?, ?)", DOSSIER_ROW)
    with open_store(path) as store:
        assert isinstance(store, SqliteStore)
        desk = store.desk(DESK_ROW[0])
        assert desk is not None and desk.last_export_seq == 3
        assert store.counts()["dossiers"] == 1
    # A program of version 1 reads `meta` alone: it must find a newer one there and refuse.
    latest = migrations.latest("sqlite")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM meta").fetchall() == [(str(latest),)]
    assert _sqlite_pragma(path, "user_version") == latest
    assert _sqlite_pragma(path, "application_id") == APPLICATION_ID
    assert _sqlite_pragma(path, "journal_mode") == "wal"


#: a stored record of version 2 (before the report's columns), with two apologies and a request
#: for papers: the back-fill must take the first apology's previous due time
_RECORD = {
    **synthetic.synthetic_dossier(DOSSIER_ROW[1], 7, 10, 3),
    "MaLinhVuc": "CT",
    "TenLinhVuc": "Chứng thực",
    "KenhThucHien": "2",
    "NgayTiepNhan": "20260302090000",
    "NgayHenTra": "20260320170000",
    "NgayKetThucXuLy": "20260318160000",
    "DanhSachHoSoBoSung": [
        {"NoiDungBoSung": "Yêu cầu bổ sung", "NgayBoSung": "20260303090000",
         "NgayHenTraTruoc": "", "NgayHenTraMoi": ""},
        {"NoiDungBoSung": "Xin lỗi 2", "NgayBoSung": "20260312090000",
         "NgayHenTraTruoc": "20260315170000", "NgayHenTraMoi": "20260320170000"},
        {"NoiDungBoSung": "Xin lỗi 1", "NgayBoSung": "20260309090000",
         "NgayHenTraTruoc": "20260310170000", "NgayHenTraMoi": "20260315170000"},
    ],
}  # fmt: skip
_PLAIN = {**_RECORD, "MaHoSo": DOSSIER_ROW[1][:-1] + "2", "DanhSachHoSoBoSung": [],
          "NgayHenTra": "", "NgayKetThucXuLy": "", "TrangThaiHoSo": "4"}  # fmt: skip
_REPORT_SELECT = f"SELECT {', '.join(REPORT_COLUMNS)} FROM dossiers ORDER BY code"


def _version_2_rows() -> list[tuple[Any, ...]]:
    return [
        (*DOSSIER_ROW[:3], 7, int(r["TrangThaiHoSo"]), json.dumps(r, ensure_ascii=False), "x")
        if i == 0
        else (DOSSIER_ROW[0], r["MaHoSo"], DOSSIER_ROW[2], 8, 4, json.dumps(r), "x")
        for i, r in enumerate((_RECORD, _PLAIN))
    ]


def _expected_columns() -> list[tuple[Any, ...]]:
    return [record_facts(_RECORD).as_tuple(), record_facts(_PLAIN).as_tuple()]


def test_sqlite_0003_fills_the_report_columns_from_the_stored_records(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    _sqlite_at(path, 2)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO desks VALUES (?, ?, ?, ?, ?, ?, ?)", DESK_ROW)
        conn.executemany("INSERT INTO dossiers VALUES (?, ?, ?, ?, ?, ?, ?)", _version_2_rows())
    with open_store(path) as store:
        assert store.counts()["dossiers"] == 2
    with contextlib.closing(sqlite3.connect(path)) as conn:
        got = conn.execute(_REPORT_SELECT).fetchall()
    assert got == _expected_columns()
    assert got[0][7] == "20260310170000" and got[0][9] == "20260309090000"
    assert _sqlite_pragma(path, "user_version") == 3


def test_a_new_sqlite_store_is_at_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    desk = SynthDesk()
    with open_store(path) as store:
        desk.register(store)
        assert import_one(store, desk.export_new(tmp_path / "in", 1, 2)).outcome == "imported"
    assert _sqlite_pragma(path, "user_version") == migrations.latest("sqlite")
    # Opening it again changes nothing and takes no write lock.
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    open_store(path).close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("kept_in", ["header", "meta"])
def test_a_newer_sqlite_store_is_refused_and_left_untouched(tmp_path: Path, kept_in: str) -> None:
    path = tmp_path / "newer.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        # A rollback journal, as a newer program might choose: refusing must not switch it.
        conn.execute("CREATE TABLE desks (desk_id TEXT)")
        if kept_in == "header":
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA user_version = 99")
        else:
            conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    before = path.read_bytes()
    with pytest.raises(UpstreamStoreError, match="newer version") as refused:
        open_store(path)
    assert "99" in refused.value.message_vi
    assert path.read_bytes() == before
    assert _sqlite_pragma(path, "journal_mode") == "delete"
    assert not (tmp_path / "newer.sqlite3-wal").exists()


def test_a_desk_database_with_its_own_user_version_is_not_an_upstream_store(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE dossiers (id INTEGER)")
        conn.execute("PRAGMA user_version = 4")
    before = path.read_bytes()
    with pytest.raises(UpstreamStoreError, match="not an upstream store"):
        open_store(path)
    assert path.read_bytes() == before


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    yield postgres_cluster()
    stop_postgres_cluster()


@pytest.fixture
def url(cluster: PostgresCluster) -> Iterator[str]:
    address = cluster.new_schema()
    yield address
    cluster.drop_schema(address)


def _postgres_at(url: str, version: int) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        for step in migrations.pending("postgresql", 0, version):
            for statement in step.statements:
                conn.execute(statement)
            if step.number >= 2:
                conn.execute("UPDATE upstream_schema_version SET version = %s", (step.number,))


def _postgres_tables(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
    return {str(r[0]) for r in rows}


def test_postgresql_0001_from_an_empty_schema_makes_the_store_as_first_shipped(url: str) -> None:
    import psycopg

    _postgres_at(url, 1)
    assert _postgres_tables(url) == {
        "meta",
        "desks",
        "imports",
        "dossiers",
        "steps",
        "tombstones",
        "refusals",
    }
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT value FROM meta").fetchall() == [("1",)]


def test_postgresql_0002_from_a_version_1_store_keeps_its_data(url: str) -> None:
    import psycopg

    _postgres_at(url, 1)
    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO desks VALUES (%s, %s, %s, %s, %s, %s, %s)", DESK_ROW)
        conn.execute("INSERT INTO dossiers VALUES (%s, %s, %s, %s, %s, %s, %s)", DOSSIER_ROW)
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
        desk = store.desk(DESK_ROW[0])
        assert desk is not None and desk.last_export_seq == 3
        assert store.counts()["dossiers"] == 1
    with psycopg.connect(url) as conn:
        # A program of version 1 reads `meta` alone: it must find a newer one and refuse.
        latest = migrations.latest("postgresql")
        assert conn.execute("SELECT value FROM meta").fetchall() == [(str(latest),)]
        assert conn.execute("SELECT version FROM upstream_schema_version").fetchall() == [(latest,)]


def test_postgresql_0003_fills_the_report_columns_from_the_stored_records(url: str) -> None:
    import psycopg

    _postgres_at(url, 2)
    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO desks VALUES (%s, %s, %s, %s, %s, %s, %s)", DESK_ROW)
        for row in _version_2_rows():
            conn.execute("INSERT INTO dossiers VALUES (%s, %s, %s, %s, %s, %s, %s)", row)
    with open_store(url) as store:
        assert store.counts()["dossiers"] == 2
    with psycopg.connect(url) as conn:
        got = [tuple(r) for r in conn.execute(_REPORT_SELECT).fetchall()]
        assert conn.execute("SELECT version FROM upstream_schema_version").fetchall() == [(3,)]
    assert got == _expected_columns()


@pytest.mark.parametrize("kept_in", ["table", "meta"])
def test_a_newer_postgresql_store_is_refused_and_left_untouched(url: str, kept_in: str) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        if kept_in == "table":
            conn.execute("CREATE TABLE upstream_schema_version (version integer NOT NULL)")
            conn.execute("INSERT INTO upstream_schema_version VALUES (99)")
        else:
            conn.execute("CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)")
            conn.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    before = _postgres_tables(url)
    with pytest.raises(UpstreamStoreError, match="newer version"):
        open_store(url)
    assert _postgres_tables(url) == before
