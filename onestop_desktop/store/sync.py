"""What the desk has exported and what upstream acknowledged: the queries behind `export`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from onestop_desktop.store.database import Database, translated_errors


@dataclass(frozen=True)
class ExportRecord:
    """One export as recorded at the desk."""

    export_seq: int
    file_name: str
    change_seq_from: int
    change_seq_to: int
    manifest_sha256: str
    file_sha256: str
    dossiers: int
    steps: int
    tombstones: int
    exported_at: str
    folder: str


@contextmanager
def second_reader(path: Path) -> Iterator[Database]:
    """Another connection to the desk database, for reading only (an export's second process
    reads the steps through it while the first reads the dossiers)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        yield Database(path, conn)
    finally:
        conn.close()


def exports(db: Database) -> list[ExportRecord]:
    return [ExportRecord(**dict(r)) for r in db.query("SELECT * FROM exports ORDER BY export_seq")]


def last_export(db: Database) -> ExportRecord | None:
    row = db.query_one("SELECT * FROM exports ORDER BY export_seq DESC LIMIT 1")
    return ExportRecord(**dict(row)) if row else None


def export_by_seq(db: Database, seq: int) -> ExportRecord | None:
    row = db.query_one("SELECT * FROM exports WHERE export_seq = ?", (seq,))
    return ExportRecord(**dict(row)) if row else None


def last_change_seq(db: Database) -> int:
    row = db.query_one("SELECT last_seq FROM change_counter WHERE id = 1")
    return int(row[0]) if row else 0


def pending_counts(db: Database, after: int) -> dict[int, int]:
    """Dossiers changed since change sequence `after`, by status."""
    rows = db.query(
        "SELECT status, COUNT(*) FROM dossiers WHERE change_seq > ? GROUP BY status", (after,)
    )
    return {int(r[0]): int(r[1]) for r in rows}


#: the dossier columns an export reads, in the order `dossiers_in_range` gives them
DOSSIER_COLUMNS = (
    "id",
    "code",
    "procedure_code",
    "procedure_name",
    "field_code",
    "field_name",
    "channel",
    "applicant_name",
    "id_number",
    "applicant_kind",
    "address",
    "phone",
    "email",
    "received_at",
    "due_at",
    "status",
    "returned_at",
    "collected_by",
    "return_method",
    "finished_at",
    "note",
    "documents",
    "change_seq",
)
#: the step columns an export reads, in the order `steps_in_range` gives them
STEP_COLUMNS = (
    "id",
    "at",
    "kind",
    "to_status",
    "actor",
    "note",
    "change_seq",
    "code",
    "received_at",
    "due_at",
    "actor_title",
    "actor_unit",
    "data",
)


def _tuples(db: Database, sql: str, params: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """Rows as plain tuples: a million rows read as `sqlite3.Row` cost seconds more. A locked
    or failing database is a StoreError, as for every other read (reading rows can fail too)."""
    with translated_errors(db.path):
        cursor = db.conn.cursor()
        cursor.row_factory = None
        cursor.execute(sql, params)
        yield from cursor


def dossiers_in_range(db: Database, lo: int, hi: int) -> Iterator[tuple[Any, ...]]:
    """Dossiers whose latest change is in (lo, hi], oldest change first: the columns of
    DOSSIER_COLUMNS (only those an export reads: each column read costs)."""
    return _tuples(
        db,
        f"SELECT {', '.join(DOSSIER_COLUMNS)} FROM dossiers "
        "WHERE change_seq > ? AND change_seq <= ? ORDER BY change_seq, id",
        (lo, hi),
    )


def steps_in_range(db: Database, lo: int, hi: int) -> Iterator[tuple[Any, ...]]:
    """History steps recorded in (lo, hi], with their dossier's code and dates: the columns of
    STEP_COLUMNS."""
    return _tuples(
        db,
        "SELECT e.id, e.at, e.kind, e.to_status, e.actor, e.note, e.change_seq, "
        "d.code, d.received_at, d.due_at, e.actor_title, e.actor_unit, e.data "
        "FROM dossier_events e JOIN dossiers d "
        "ON d.id = e.dossier_id WHERE e.change_seq > ? AND e.change_seq <= ? "
        "ORDER BY e.change_seq, e.id",
        (lo, hi),
    )


def range_summary(db: Database, lo: int, hi: int) -> tuple[str, dict[int, int]]:
    """Of what an export of (lo, hi] carries: the latest change time (of a dossier, a step or a
    deletion; "" when none) and the dossiers by status."""
    row = db.query_one(
        "SELECT max(coalesce((SELECT max(updated_at) FROM dossiers "
        "WHERE change_seq > ?1 AND change_seq <= ?2), ''), "
        "coalesce((SELECT max(e.at) FROM dossier_events e JOIN dossiers d "
        "ON d.id = e.dossier_id WHERE e.change_seq > ?1 AND e.change_seq <= ?2), ''), "
        "coalesce((SELECT max(deleted_at) FROM tombstones WHERE entity = 'dossier' "
        "AND change_seq > ?1 AND change_seq <= ?2), ''))",
        (lo, hi),
    )
    rows = db.query(
        "SELECT status, COUNT(*) FROM dossiers WHERE change_seq > ? AND change_seq <= ? "
        "GROUP BY status",
        (lo, hi),
    )
    return (str(row[0]) if row else ""), {int(r[0]): int(r[1]) for r in rows}


def extension_events(db: Database, lo: int, hi: int) -> dict[int, list[sqlite3.Row]]:
    """Apologies and supplement requests of the dossiers changed in (lo, hi], by dossier id.

    Read from the history itself, not the dossiers' counters: a dossier's history is what the
    export reports, whatever wrote it (the demo data, an import of older records)."""
    out: dict[int, list[sqlite3.Row]] = {}
    cursor = db.conn.execute(
        "SELECT e.dossier_id, e.at, e.kind, e.to_status, e.note, e.data FROM dossiers d "
        "JOIN dossier_events e ON e.dossier_id = d.id "
        "WHERE d.change_seq > ? AND d.change_seq <= ? "
        "AND (e.kind = 'apology' OR (e.kind = 'transition' AND e.to_status = 5)) "
        "ORDER BY e.id",
        (lo, hi),
    )
    for row in cursor:
        out.setdefault(int(row["dossier_id"]), []).append(row)
    return out


def tombstones_in_range(db: Database, lo: int, hi: int) -> list[sqlite3.Row]:
    return db.query(
        "SELECT entity_key, deleted_at, change_seq FROM tombstones WHERE entity = 'dossier' "
        "AND change_seq > ? AND change_seq <= ? ORDER BY change_seq",
        (lo, hi),
    )


def record_export(db: Database, record: ExportRecord) -> None:
    """Record an export; refuses (IntegrityError) a sequence number already used."""
    with db.transaction():
        db.utils.table("exports").insert(asdict(record))


def record_pending(db: Database, record: ExportRecord) -> None:
    """Write down an export about to be written: from here on a crash leaves a row that the
    next start settles (sync/export.py `settle_pending`)."""
    with db.transaction():
        db.utils.table("pending_exports").insert(asdict(record))


def pending_hashed(db: Database, export_seq: int, file_sha256: str) -> None:
    """Give a pending export its file's SHA-256, before either copy is renamed into place."""
    with db.transaction() as conn:
        conn.execute(
            "UPDATE pending_exports SET file_sha256 = ? WHERE export_seq = ?",
            (file_sha256, export_seq),
        )


def pending_exports(db: Database) -> list[ExportRecord]:
    """Exports written down but not yet settled (a crash, or one running now)."""
    rows = db.query("SELECT * FROM pending_exports ORDER BY export_seq")
    return [ExportRecord(**dict(r)) for r in rows]


def settle_recorded(db: Database, export_seq: int) -> None:
    """A pending export whose file exists becomes recorded: moved to `exports` in one
    transaction (refused, IntegrityError, if that number is recorded already)."""
    # The columns named: `exports` may gain columns of its own.
    columns = ", ".join(f.name for f in fields(ExportRecord))
    with db.transaction() as conn:
        conn.execute(
            f"INSERT INTO exports ({columns}) SELECT {columns} FROM pending_exports "
            "WHERE export_seq = ?",
            (export_seq,),
        )
        conn.execute("DELETE FROM pending_exports WHERE export_seq = ?", (export_seq,))


def drop_pending(db: Database, export_seq: int) -> None:
    """A pending export whose file does not exist is forgotten."""
    with db.transaction() as conn:
        conn.execute("DELETE FROM pending_exports WHERE export_seq = ?", (export_seq,))


def ack_imported(db: Database, export_seq: int) -> bool:
    return db.query_one("SELECT 1 FROM acks WHERE export_seq = ?", (export_seq,)) is not None


def record_ack(
    db: Database,
    export_seq: int,
    file_sha256: str,
    imported_at: str,
    accepted: list[tuple[str, int]],
    rejected: list[tuple[str, int, str]],
) -> None:
    """Store upstream's word on each dossier of an export (a newer word is never overwritten)."""
    with db.transaction() as conn:
        db.utils.table("acks").insert(
            {
                "export_seq": export_seq,
                "file_sha256": file_sha256,
                "imported_at": imported_at,
                "accepted": len(accepted),
                "rejected": len(rejected),
            }
        )
        # Raw SQL: sqlite-utils' upsert cannot say "unless the stored word is about a newer
        # version of the dossier", and an older acknowledgement must not undo a newer one.
        upsert = (
            "INSERT INTO dossier_sync (code, version, state, reason, export_seq, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET version = "
            "excluded.version, state = excluded.state, reason = excluded.reason, "
            "export_seq = excluded.export_seq, updated_at = excluded.updated_at "
            "WHERE excluded.version >= dossier_sync.version"
        )
        conn.executemany(
            upsert,
            [(c, v, "acknowledged", "", export_seq, imported_at) for c, v in accepted],
        )
        conn.executemany(
            upsert, [(c, v, "rejected", r, export_seq, imported_at) for c, v, r in rejected]
        )


def sync_state(db: Database, code: str) -> dict[str, Any]:
    """The dossier's sync state: not exported, exported, acknowledged or rejected (why)."""
    row = db.query_one("SELECT change_seq FROM dossiers WHERE code = ?", (code,))
    if row is None:
        return {"state": "unknown"}
    version = int(row[0])
    last = last_export(db)
    if last is None or version > last.change_seq_to:
        return {"state": "not_exported", "version": version}
    ack = db.query_one("SELECT * FROM dossier_sync WHERE code = ?", (code,))
    if ack is not None and int(ack["version"]) >= version:
        return {
            "state": ack["state"],
            "reason": ack["reason"],
            "export_seq": ack["export_seq"],
            "version": version,
        }
    seq = db.query_one(
        "SELECT export_seq FROM exports WHERE change_seq_from < ? AND change_seq_to >= ?",
        (version, version),
    )
    return {"state": "exported", "export_seq": int(seq[0]) if seq else None, "version": version}


def unexported_before(db: Database, before: str) -> int:
    """Dossiers changed before `before` (an ISO time) that no export has carried yet."""
    last = last_export(db)
    after = last.change_seq_to if last else 0
    row = db.query_one(
        "SELECT COUNT(*) FROM dossiers WHERE change_seq > ? AND updated_at < ?", (after, before)
    )
    return int(row[0]) if row else 0


def rejected_dossiers(db: Database, limit: int) -> list[sqlite3.Row]:
    """Dossiers upstream rejected and not changed since (so the rejection still stands)."""
    return db.query(
        "SELECT s.code, s.reason, s.export_seq, d.applicant_name FROM dossier_sync s "
        "JOIN dossiers d ON d.code = s.code WHERE s.state = 'rejected' "
        "AND s.version >= d.change_seq ORDER BY s.export_seq DESC, s.code LIMIT ?",
        (limit,),
    )
