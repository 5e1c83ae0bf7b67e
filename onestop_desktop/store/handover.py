"""Queries behind the per-officer view: what each officer holds, and what is still at the desk.

The counts per officer are read from the partial index `dossiers_holder` (holder_id, due_at)
alone; the dossiers waiting for papers (their clock is stopped, so they are never overdue)
are taken off through the (status, due_at) index; the desk's own row is the unfinished
dossiers counted by status minus the held ones. No query reads the whole table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from onestop_desktop.store.board import ROW_COLUMNS
from onestop_desktop.store.database import Database

#: (held, overdue, due soon) of one holder
Counts = tuple[int, int, int]


def _marks(values: Collection[int]) -> str:
    return ", ".join(str(int(v)) for v in sorted(values))


def holder_counts(db: Database, now: str, soon: str, paused: int) -> dict[int, Counts]:
    """Per holder: dossiers held, overdue (due before `now`) and due in [now, soon], the
    dossiers in status `paused` (clock stopped) counted as held only."""
    counts: dict[int, list[int]] = {
        int(r[0]): [int(r[1]), int(r[2] or 0), int(r[3] or 0)]
        for r in db.query(
            "SELECT holder_id, COUNT(*), SUM(due_at < ?1), SUM(due_at >= ?1 AND due_at <= ?2) "
            "FROM dossiers INDEXED BY dossiers_holder WHERE holder_id IS NOT NULL "
            "GROUP BY holder_id",
            (now, soon),
        )
    }
    for r in db.query(
        "SELECT holder_id, SUM(due_at < ?1), SUM(due_at >= ?1) FROM dossiers "
        "INDEXED BY dossiers_status_due WHERE status = ?3 AND due_at <= ?2 "
        "AND holder_id IS NOT NULL GROUP BY holder_id",
        (now, soon, paused),
    ):
        row = counts.get(int(r[0]))
        if row is not None:
            row[1] -= int(r[1] or 0)
            row[2] -= int(r[2] or 0)
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def unfinished_counts(
    db: Database, statuses: Collection[int], running: Collection[int], now: str, soon: str
) -> Counts:
    """Of every dossier in `statuses` (held or not): how many, and of those in `running`
    (the clock runs) how many are overdue and due in [now, soon]. By the (status, due_at)
    index."""
    row = db.query_one(
        f"SELECT (SELECT COUNT(*) FROM dossiers WHERE status IN ({_marks(statuses)})), "
        f"(SELECT COUNT(*) FROM dossiers WHERE status IN ({_marks(running)}) "
        "AND due_at < ?1), "
        f"(SELECT COUNT(*) FROM dossiers WHERE status IN ({_marks(running)}) "
        "AND due_at >= ?1 AND due_at <= ?2)",
        (now, soon),
    )
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def held_rows(db: Database, holder_id: int, limit: int) -> list[sqlite3.Row]:
    """The dossiers an officer holds, the earliest due first (the board's row columns, with
    since when they are held)."""
    return db.query(
        f"SELECT {ROW_COLUMNS}, held_since FROM dossiers INDEXED BY dossiers_holder "
        "WHERE holder_id = ? ORDER BY due_at IS NULL, due_at, id LIMIT ?",
        (holder_id, limit),
    )


def desk_rows(db: Database, statuses: Collection[int], limit: int) -> list[sqlite3.Row]:
    """Unfinished dossiers no officer holds (still at the desk), the earliest due first."""
    return db.query(
        f"SELECT {ROW_COLUMNS}, held_since FROM dossiers WHERE status IN ({_marks(statuses)}) "
        "AND holder_id IS NULL ORDER BY due_at IS NULL, due_at, id LIMIT ?",
        (limit,),
    )


def unheld_for_demo(db: Database, statuses: Collection[int]) -> list[sqlite3.Row]:
    """Dossiers in `statuses` no officer holds, with their field, due time, change number and
    the time of their last step (the demo hands them over after it)."""
    return db.query(
        "SELECT d.id, d.field_code, d.status, d.due_at, d.change_seq, "
        "(SELECT MAX(e.at) FROM dossier_events e WHERE e.dossier_id = d.id) AS last_at "
        f"FROM dossiers d WHERE d.status IN ({_marks(statuses)}) AND d.holder_id IS NULL "
        "ORDER BY d.id"
    )


def bulk_hand_over(
    db: Database,
    holders: Collection[tuple[int, str, int]],
    events: Collection[tuple[object, ...]],
) -> None:
    """Set holders (holder_id, held_since, dossier id) and add their hand-over steps (dossier_id,
    at, kind, from_status, to_status, actor, note, data, change_seq, person_id, actor_title,
    actor_unit) in one transaction: the demo's office at work."""
    with db.transaction() as conn:
        conn.executemany("UPDATE dossiers SET holder_id = ?, held_since = ? WHERE id = ?", holders)
        conn.executemany(
            "INSERT INTO dossier_events (dossier_id, at, kind, from_status, to_status, actor, "
            "note, data, change_seq, person_id, actor_title, actor_unit) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
