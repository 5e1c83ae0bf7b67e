"""The plainest way to do what the store does, for the benchmark's baselines: raw sqlite3."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


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
