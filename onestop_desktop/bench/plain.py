"""The benchmark's plain baselines: the same work done the plainest way, in raw SQL (sqlite3 and
psycopg), with no keys, checks or merge. The benchmark's one storage module."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def durable_insert_ms(path: Path, repeat: int) -> list[float]:
    """Time a bare INSERT + COMMIT of a dossier-sized row with synchronous=FULL, in ms."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS baseline_rows (id INTEGER PRIMARY KEY, body TEXT)")
    body = "x" * 600
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO baseline_rows (body) VALUES (?)", (body,))
        conn.execute("COMMIT")
        timings.append((time.perf_counter() - started) * 1000)
    conn.execute("DROP TABLE baseline_rows")
    conn.close()
    return timings


def bulk_insert_seconds(path: Path, count: int, width: int = 29) -> float:
    """Time inserting `count` pre-built rows of `width` columns with executemany, in seconds."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    columns = ", ".join(f"c{i}" for i in range(width))
    conn.execute(f"CREATE TABLE plain ({columns})")
    row = tuple(f"value {i}" for i in range(width))
    marks = ", ".join("?" * width)
    started = time.perf_counter()
    conn.execute("BEGIN")
    batch = [row] * 20_000
    for _ in range(count // len(batch)):
        conn.executemany(f"INSERT INTO plain VALUES ({marks})", batch)
    conn.executemany(f"INSERT INTO plain VALUES ({marks})", [row] * (count % len(batch)))
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def board_plain_ms(
    path: Path, now: str, end_of_day: str, next_close: str, repeat: int
) -> list[float]:
    """The board's counts and first pages written as plain SQL, one query per section."""
    conn = _connect(path)
    sections = [
        ("status IN (2,4,6) AND due_at < ?", (now,)),
        ("status IN (2,4,6) AND due_at >= ? AND due_at <= ?", (now, end_of_day)),
        ("status IN (2,4,6) AND due_at > ? AND due_at <= ?", (end_of_day, next_close)),
        ("status = 5", ()),
        ("status = 9", ()),
    ]
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        for where, params in sections:
            conn.execute(f"SELECT COUNT(*) FROM dossiers WHERE {where}", params).fetchone()
            conn.execute(
                f"SELECT * FROM dossiers WHERE {where} ORDER BY due_at, id LIMIT 50", params
            ).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    conn.close()
    return timings


def officer_view_plain_ms(path: Path, now: str, soon: str, repeat: int) -> list[float]:
    """The per-officer counts the plainest way: one GROUP BY over the unfinished dossiers
    (holder NULL: the desk's row), the clock-stopped ones (status 5) never overdue."""
    sql = (
        "SELECT holder_id, COUNT(*), SUM(status != 5 AND due_at < ?1), "
        "SUM(status != 5 AND due_at >= ?1 AND due_at <= ?2) FROM dossiers "
        "WHERE status IN (2, 4, 5, 6, 7) GROUP BY holder_id"
    )
    return query_ms(path, sql, (now, soon), repeat)


def query_ms(path: Path, sql: str, params: tuple[object, ...], repeat: int) -> list[float]:
    """Time one plain query (fetching all its rows), in ms."""
    conn = _connect(path)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        conn.execute(sql, params).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    conn.close()
    return timings


def search_plain_ms(path: Path, where: str, param: str, repeat: int) -> list[float]:
    """One search as a plain WHERE over the dossiers table, newest 50 first."""
    sql = f"SELECT * FROM dossiers WHERE {where} ORDER BY id DESC LIMIT 50"
    return query_ms(path, sql, (param,), repeat)


def open_dossier_plain_ms(path: Path, code: str, repeat: int) -> list[float]:
    """One dossier joined with its events, by code."""
    sql = "SELECT * FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id WHERE d.code = ?"
    return query_ms(path, sql, (code,), repeat)


def last_page_plain_ms(path: Path, total: int, repeat: int) -> list[float]:
    """The last 100 rows of a table of `total` rows, reached with a plain OFFSET."""
    sql = "SELECT * FROM dossiers ORDER BY id DESC LIMIT 100 OFFSET ?"
    return query_ms(path, sql, (max(0, total - 100),), repeat)


def dump_seconds(path: Path, out: Path) -> float:
    """Read every dossier and step and write them as JSON lines: a plain full export."""
    import json

    conn = _connect(path)
    conn.row_factory = sqlite3.Row
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as handle:
        for table in ("dossiers", "dossier_events"):
            for row in conn.execute(f"SELECT * FROM {table}"):
                handle.write(json.dumps(dict(row), ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - started
    conn.close()
    out.unlink()
    return elapsed


def plain_import_seconds(
    path: Path,
    dossiers: list[tuple[str, int, int, str]],
    steps: list[tuple[int, str, int, str]],
) -> float:
    """The upstream import's baseline: seconds to executemany the same rows into two bare
    tables (no keys, no checks, no merge) in one durable transaction (WAL, synchronous=FULL)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        "CREATE TABLE plain_dossiers (code TEXT, version INTEGER, status INTEGER, record TEXT)"
    )
    conn.execute("CREATE TABLE plain_steps (step INTEGER, code TEXT, version INTEGER, record TEXT)")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO plain_dossiers VALUES (?, ?, ?, ?)", dossiers)
    conn.executemany("INSERT INTO plain_steps VALUES (?, ?, ?, ?)", steps)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def online_backup(path: Path, to: Path) -> None:
    """A backup of the desk database by SQLite's online backup API (the replay figure's
    starting point; the desk's own `backup` does the same)."""
    source = sqlite3.connect(path)
    target = sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def read_and_insert_seconds(
    files: Sequence[Path], public: Ed25519PublicKey, desk_id: str, out: Path
) -> float:
    """The replay's baseline: seconds to read and verify the same sync files
    (format.read_file) and executemany their records into two bare tables, one durable
    transaction a file: no upsert, no indexes, no counters."""
    from onestop_desktop.sync import format as fmt

    conn = sqlite3.connect(out, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE plain_dossiers (code TEXT, version INTEGER, record TEXT)")
    conn.execute("CREATE TABLE plain_steps (step INTEGER, code TEXT, record TEXT)")
    started = time.perf_counter()
    for path in files:
        read = fmt.read_file(path, {desk_id: public})
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO plain_dossiers VALUES (?, ?, ?)",
            [
                (r["MaHoSo"], r["_version"], json.dumps(r, ensure_ascii=False))
                for r in read.dossiers
            ],
        )
        conn.executemany(
            "INSERT INTO plain_steps VALUES (?, ?, ?)",
            [(r["_step"], r["MaHoSo"], json.dumps(r, ensure_ascii=False)) for r in read.steps],
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def dump_range_ms(path: Path, lo: int, hi: int, out: Path) -> float:
    """Read the dossiers and events changed in (lo, hi] and write them as JSON lines, in ms:
    a plain export of one day's changes."""
    import json

    conn = _connect(path)
    conn.row_factory = sqlite3.Row
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as handle:
        for table in ("dossiers", "dossier_events"):
            rows = conn.execute(
                f"SELECT * FROM {table} WHERE change_seq > ? AND change_seq <= ?", (lo, hi)
            )
            for row in rows:
                handle.write(json.dumps(dict(row), ensure_ascii=False) + "\n")
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    out.unlink()
    return elapsed


def create_database(server_url: str, name: str) -> None:
    """Create the database `name` on the server at `server_url` (a throwaway server's)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def postgres_plain_copy_seconds(
    url: str,
    dossiers: Sequence[tuple[str, int, int, str]],
    steps: Sequence[tuple[int, str, int, str]],
) -> float:
    """Seconds to COPY the same rows an import writes into two bare tables (no keys, no checks,
    no merge) and commit: the plainest way to put them into PostgreSQL."""
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


def audit_hash_seconds(path: Path) -> tuple[int, float]:
    """Read every audit entry with a bare cursor and SHA-256 each one's fields, no checks: the
    floor under `audit verify`. Returns (entries, seconds)."""
    import hashlib

    conn = sqlite3.connect(path, isolation_level=None)
    started = time.perf_counter()
    count = 0
    for row in conn.execute(
        "SELECT id, at, person_id, actor, action, entity, data, prev_hash FROM audit_log "
        "ORDER BY id"
    ):
        hashlib.sha256("\x1f".join(map(str, row)).encode()).hexdigest()
        count += 1
    elapsed = time.perf_counter() - started
    conn.close()
    return count, elapsed


def report_plain_ms(
    path: Path, query: str, params: Sequence[object], repeat: int
) -> tuple[list[float], list[tuple[object, ...]]]:
    """Time the report's counts by field as one raw `sqlite3` query over the same store file (the
    same CASE sums, no store layer, no rates or JSON), in ms; and its rows, to check them."""
    conn = _connect(path)
    rows: list[tuple[object, ...]] = []
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = conn.execute(query, tuple(params)).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    conn.close()
    return timings, rows


def xlsx_plain(out: Path, rows: list[list[object]]) -> None:
    """A bare openpyxl write-only workbook of `rows`: no styles, widths or temporary file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("plain")
    for row in rows:
        sheet.append(row)
    workbook.save(out)
