"""Bulk loading for demo data and benchmarks: raw `executemany` in one transaction.

Daily work goes through `store.dossiers` (one durable transaction per dossier); loading a
million demo rows that way would take far too long, so this path batches everything and
checkpoints the WAL afterwards (a single huge transaction grows the WAL to the data's size).

Raw SQL rather than sqlite-utils here, measured: 100,000 rows of 35 columns took 1.1 s with
`executemany` and 3.3 s with `insert_all` (3.0x) on the 2-core machine. The demo at 1,000,000
dossiers (about 3,000,000 rows with their steps) has a 90 s target it barely meets (17 s for
200,000 in `bench`); insert_all would add some 20 s to it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from onestop_desktop.store.database import Database

DOSSIER_COLUMNS = (
    "code, agency_code, station, procedure_code, procedure_name, field_code, field_name, "
    "deadline_text, applicant_name, name_folded, id_number, phone, email, address, channel, "
    "return_method, documents, sets_count, note, received_at, due_at, original_due_at, status, "
    "finished_at, returned_at, clerk, change_seq, created_at, updated_at, paused_at, "
    "supplement_count, apology_count, apologised_at, collected_by, "
    # what the period report grades an apologised dossier by (migration 0008)
    "first_apology_at, due_before_apology"
)
EVENT_COLUMNS = "dossier_id, at, kind, from_status, to_status, actor, note, data, change_seq"


def current_counters(db: Database, agency_code: str) -> dict[str, int]:
    rows = db.query(
        "SELECT day, last_number FROM code_counters WHERE agency_code = ?", (agency_code,)
    )
    return {row["day"]: int(row["last_number"]) for row in rows}


def last_change_seq(db: Database) -> int:
    row = db.query_one("SELECT last_seq FROM change_counter WHERE id = 1")
    return int(row[0]) if row else 0


def next_dossier_id(db: Database) -> int:
    row = db.query_one("SELECT COALESCE(MAX(id), 0) + 1 FROM dossiers")
    return int(row[0]) if row else 1


@dataclass
class LoadTotals:
    """What a generator has handed out so far: the day counters and the last change sequence.

    The generator updates it while yielding; `bulk_load` reads it once every chunk is in.
    """

    counters: dict[str, int] = field(default_factory=dict)
    last_seq: int = 0


def bulk_load(
    db: Database,
    chunks: Iterable[tuple[Sequence[Sequence[Any]], Sequence[Sequence[Any]]]],
    agency_code: str,
    totals: LoadTotals,
) -> None:
    """Insert pre-built chunks of dossier rows (with explicit ids) and their events.

    One transaction for everything: all rows land, or none do. Dossier rows are
    `(id, <DOSSIER_COLUMNS…>)`; event rows follow EVENT_COLUMNS. The code counters and the
    change counter are raised to the totals, never lowered.
    """
    marks = ", ".join("?" * (DOSSIER_COLUMNS.count(",") + 2))
    event_marks = ", ".join("?" * (EVENT_COLUMNS.count(",") + 1))
    dossier_sql = f"INSERT INTO dossiers (id, {DOSSIER_COLUMNS}) VALUES ({marks})"
    event_sql = f"INSERT INTO dossier_events ({EVENT_COLUMNS}) VALUES ({event_marks})"
    with db.transaction() as conn:
        # Maintaining secondary indexes and the search index row by row costs more than
        # rebuilding them once: drop them for the load, recreate them from their own
        # definitions afterwards (the search index's insert trigger is replaced by a rebuild).
        derived = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
            "(type = 'index' AND tbl_name IN ('dossiers', 'dossier_events')) OR "
            "(type = 'trigger' AND name = 'dossiers_search_insert'))"
        ).fetchall()
        for kind, name, _ in derived:
            conn.execute(f'DROP {kind.upper()} "{name}"')
        for dossier_rows, event_rows in chunks:
            conn.executemany(dossier_sql, dossier_rows)
            conn.executemany(event_sql, event_rows)
        for _, _, sql in derived:
            conn.execute(sql)
        if any(kind == "trigger" for kind, _, _ in derived):
            conn.execute("INSERT INTO dossier_search (dossier_search) VALUES ('rebuild')")
        conn.executemany(
            "INSERT INTO code_counters (agency_code, day, last_number) VALUES (?, ?, ?) "
            "ON CONFLICT (agency_code, day) DO UPDATE "
            "SET last_number = MAX(last_number, excluded.last_number)",
            [(agency_code, day, number) for day, number in totals.counters.items()],
        )
        conn.execute(
            "UPDATE change_counter SET last_seq = MAX(last_seq, ?) WHERE id = 1",
            (totals.last_seq,),
        )
    db.checkpoint()


def next_event_id(db: Database) -> int:
    """The id the next history step will get: `backfill_audit` starts there."""
    row = db.query_one("SELECT COALESCE(MAX(id), 0) + 1 FROM dossier_events")
    return int(row[0]) if row else 1


def backfill_audit(db: Database, first_event_id: int = 1, batch: int = 20_000) -> int:
    """Give bulk-loaded history steps (from `first_event_id` on, in id order) the audit
    entries the operations would have written: one per step, `dossier.<kind>` on the dossier's
    code, by the step's person, at the step's time, chained after the recorded head. Returns
    the number of entries appended.

    One transaction, `executemany` in batches, and the chain computed in one Python loop
    (the same text `domain.audit.entry_hash` hashes, inlined): about 9 s per million entries
    on the 2-core machine. Entries follow the steps' ids, the order the demo wrote them (day
    blocks, each dossier's steps together), not strictly their times: ordering 3,000,000 steps
    by time cost some 60 % more."""
    sha256 = hashlib.sha256
    dumps = json.dumps
    received: dict[tuple[int, str], str] = {}  # what Receiving writes, per channel and procedure
    with db.transaction() as conn:
        head_id, prev = conn.execute("SELECT last_id, hash FROM audit_head WHERE id = 1").fetchone()
        entry_id = int(head_id)
        # As in bulk_load: keeping the log's indexes up row by row costs more than building
        # them once at the end.
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' "
            "AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        cursor = conn.cursor()
        cursor.row_factory = None
        cursor.execute(
            "SELECT e.at, e.person_id, e.actor, e.kind, e.from_status, e.to_status, d.code, "
            "d.procedure_code, d.channel FROM dossier_events e "
            "JOIN dossiers d ON d.id = e.dossier_id WHERE e.id >= ? ORDER BY e.id",
            (first_event_id,),
        )
        insert = (
            "INSERT INTO audit_log (id, at, person_id, actor, action, entity, data, prev_hash, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        while steps := cursor.fetchmany(batch):
            rows = []
            for at, person_id, actor, kind, from_status, to_status, code, procedure, ch in steps:
                entry_id += 1
                action = "dossier." + kind
                if kind == "received":
                    data = received.get((ch, procedure), "")
                    if not data:
                        data = received[ch, procedure] = dumps(
                            {"channel": ch, "procedure": procedure},
                            ensure_ascii=False,
                            sort_keys=True,
                            separators=(",", ":"),
                        )
                else:  # what Lifecycle writes, as json.dumps would (times need no escaping)
                    before = "null" if from_status is None else from_status
                    data = f'{{"at":"{at}","from":{before},"to":{to_status}}}'
                digest = sha256(
                    f"{prev}\x1f{entry_id}\x1f{at}\x1f{'' if person_id is None else person_id}"
                    f"\x1f{actor}\x1f{action}\x1f{code}\x1f{data}".encode()
                ).hexdigest()
                rows.append((entry_id, at, person_id, actor, action, code, data, prev, digest))
                prev = digest
            conn.executemany(insert, rows)
        for _, sql in indexes:
            conn.execute(sql)
        added = entry_id - int(head_id)
        if added:
            conn.execute(
                "UPDATE audit_head SET last_id = ?, hash = ? WHERE id = 1", (entry_id, prev)
            )
    db.checkpoint()
    return added
