"""The SQL behind replaying export files into a restored desk database: dossiers upserted back
by code, history steps inserted under their own numbers, deletions applied, the counters raised
past what the files carried. The rules (what a record means, what to write) are
`operations/replay.py`; every function here writes inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from onestop_desktop.store.database import Database

#: the dossier columns a replayed record sets (the rest keep their value, or their default on
#: a new row); `change_seq` is the record's `_version`
DOSSIER_COLUMNS = (
    "code",
    "agency_code",
    "station",
    "procedure_code",
    "procedure_name",
    "field_code",
    "field_name",
    "deadline_text",
    "applicant_name",
    "name_folded",
    "id_number",
    "phone",
    "email",
    "address",
    "applicant_kind",
    "channel",
    "return_method",
    "documents",
    "sets_count",
    "note",
    "received_at",
    "due_at",
    "original_due_at",
    "status",
    "finished_at",
    "returned_at",
    "clerk",
    "change_seq",
    "created_at",
    "updated_at",
    "paused_at",
    "supplement_count",
    "apology_count",
    "apologised_at",
    "first_apology_at",
    "due_before_apology",
    "collected_by",
)
#: columns only a new row takes from the replay: an existing row keeps what the desk knew,
#: which the export does not carry (the papers' zero counts, the sets, the first due time...)
KEEP_ON_UPDATE = frozenset(
    {"deadline_text", "documents", "sets_count", "original_due_at", "clerk", "created_at"}
)


def dossiers_by_code(db: Database, codes: Sequence[str]) -> dict[str, sqlite3.Row]:
    """The desk's dossiers with these codes: id and change_seq."""
    rows = _where_in(db, "SELECT id, code, change_seq FROM dossiers WHERE code IN ({})", codes)
    return {row["code"]: row for row in rows}


def events_by_id(db: Database, ids: Sequence[int]) -> dict[int, sqlite3.Row]:
    """History steps with these numbers, with their dossier's code."""
    query = (
        "SELECT e.id, e.at, e.change_seq, d.code FROM dossier_events e "
        "LEFT JOIN dossiers d ON d.id = e.dossier_id WHERE e.id IN ({})"
    )
    return {int(row["id"]): row for row in _where_in(db, query, ids)}


def last_statuses(db: Database, dossier_ids: Sequence[int]) -> dict[int, int | None]:
    """Each dossier's status after its latest history step (the next step's `from_status`)."""
    query = (
        "SELECT dossier_id, to_status FROM dossier_events WHERE id IN (SELECT max(id) "
        "FROM dossier_events WHERE dossier_id IN ({}) GROUP BY dossier_id)"
    )
    return {int(row[0]): row[1] for row in _where_in(db, query, dossier_ids)}


def upsert_dossier(db: Database, values: Mapping[str, Any], existing_id: int | None) -> int:
    """Write one replayed dossier (a new row, or the newer state of an existing one); its id."""
    conn = db.conn
    if existing_id is None:
        columns = ", ".join(DOSSIER_COLUMNS)
        marks = ", ".join("?" * len(DOSSIER_COLUMNS))
        cursor = conn.execute(
            f"INSERT INTO dossiers ({columns}) VALUES ({marks})",
            [values[c] for c in DOSSIER_COLUMNS],
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)
    updated = [c for c in DOSSIER_COLUMNS if c not in KEEP_ON_UPDATE and c != "code"]
    assignments = ", ".join(f"{c} = ?" for c in updated)
    conn.execute(
        f"UPDATE dossiers SET {assignments} WHERE id = ?",
        [*(values[c] for c in updated), existing_id],
    )
    return existing_id


EVENT_COLUMNS = (
    "id",
    "dossier_id",
    "at",
    "kind",
    "from_status",
    "to_status",
    "actor",
    "note",
    "data",
    "change_seq",
    "actor_title",
    "actor_unit",
)


def insert_events(db: Database, events: Iterable[Sequence[Any]]) -> int:
    """Insert history steps under their own numbers (EVENT_COLUMNS order): the desk's next
    step then takes a number above every replayed one, as upstream expects (it keeps each
    step number of a desk once). A number already held is left alone. Returns how many."""
    marks = ", ".join("?" * len(EVENT_COLUMNS))
    before = db.conn.total_changes
    db.conn.executemany(
        f"INSERT OR IGNORE INTO dossier_events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})",
        list(events),
    )
    return db.conn.total_changes - before


def apply_tombstones(db: Database, tombstones: Sequence[tuple[str, str, int]]) -> int:
    """Delete the dossiers (code, deleted_at, change_seq) as the desk once did, keeping the
    tombstone the export carried (its own change number, not a new one: the trigger that
    numbers a deletion made at the desk is set aside meanwhile). Returns how many applied."""
    conn = db.conn
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'dossiers_tombstone'"
    ).fetchone()
    if trigger is not None:
        conn.execute("DROP TRIGGER dossiers_tombstone")
    applied = 0
    try:
        for code, deleted_at, change_seq in tombstones:
            held = conn.execute(
                "SELECT 1 FROM tombstones WHERE entity = 'dossier' AND entity_key = ? "
                "AND change_seq = ?",
                (code, change_seq),
            ).fetchone()
            if held is not None:
                continue
            row = conn.execute("SELECT id FROM dossiers WHERE code = ?", (code,)).fetchone()
            if row is not None:
                conn.execute("DELETE FROM print_log WHERE dossier_id = ?", (row[0],))
                conn.execute("DELETE FROM dossier_events WHERE dossier_id = ?", (row[0],))
                conn.execute("DELETE FROM dossiers WHERE id = ?", (row[0],))
            conn.execute(
                "INSERT INTO tombstones (entity, entity_key, deleted_at, change_seq) "
                "VALUES ('dossier', ?, ?, ?)",
                (code, deleted_at, change_seq),
            )
            applied += 1
    finally:
        if trigger is not None:
            conn.execute(trigger[0])
    return applied


def raise_counters(
    db: Database, agency_code: str, last_change_seq: int, day_numbers: Mapping[str, int]
) -> None:
    """Raise the change counter to `last_change_seq` and each day's code counter to the
    number a replayed code used (never lowering either), so nothing is numbered twice."""
    db.conn.execute(
        "UPDATE change_counter SET last_seq = MAX(last_seq, ?) WHERE id = 1", (last_change_seq,)
    )
    db.conn.executemany(
        "INSERT INTO code_counters (agency_code, day, last_number) VALUES (?, ?, ?) "
        "ON CONFLICT (agency_code, day) DO UPDATE "
        "SET last_number = MAX(last_number, excluded.last_number)",
        [(agency_code, day, number) for day, number in day_numbers.items()],
    )


def latest_change_time(db: Database) -> str | None:
    """The time of the desk's latest recorded work: of its highest-numbered dossier change,
    step and deletion (read through their change_seq indexes: a million rows are not scanned).
    """
    row = db.query_one(
        "SELECT max(coalesce((SELECT updated_at FROM dossiers ORDER BY change_seq DESC "
        "LIMIT 1), ''), coalesce((SELECT at FROM dossier_events ORDER BY change_seq DESC "
        "LIMIT 1), ''), coalesce((SELECT deleted_at FROM tombstones ORDER BY change_seq DESC "
        "LIMIT 1), ''))"
    )
    return str(row[0]) if row and row[0] else None


def _where_in(db: Database, query: str, values: Sequence[Any]) -> list[sqlite3.Row]:
    """`query`'s rows with its `IN ({})` filled with `values`, 500 at a time (SQLite bounds
    the number of parameters in one statement)."""
    rows: list[sqlite3.Row] = []
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        rows.extend(db.query(query.format(", ".join("?" * len(chunk))), chunk))
    return rows
