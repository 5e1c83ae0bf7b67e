"""Dossier rows: insert with a fresh code, read with history, settings and the print log."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from onestop_desktop.domain.clock import iso, to_vn
from onestop_desktop.domain.dossier import (
    Applicant,
    Channel,
    Dossier,
    HandedDocument,
    HistoryEntry,
    ReturnMethod,
    make_code,
    sequence_for,
)
from onestop_desktop.domain.status import Status
from onestop_desktop.domain.text import fold
from onestop_desktop.store.database import Database, translated_errors


@dataclass(frozen=True)
class NewDossier:
    """Everything needed to insert a received dossier (already validated)."""

    agency_code: str
    station: int
    procedure_code: str
    procedure_name: str
    field_code: str
    field_name: str
    deadline_text: str
    applicant: Applicant
    channel: Channel
    return_method: ReturnMethod
    documents: tuple[HandedDocument, ...]
    sets_count: int
    received_at: datetime
    due_at: datetime | None
    clerk: str
    note: str = ""
    #: the clerk as a person of the office (None before the office lists its people), with
    #: their title and unit as they are today: the receiving step keeps them
    clerk_id: int | None = None
    clerk_title: str = ""
    clerk_unit: str = ""


def read_settings(db: Database) -> dict[str, Any]:
    """The office settings as stored: one JSON value per key."""
    with translated_errors(db.path):
        return {row["key"]: json.loads(row["value"]) for row in db.utils.table("settings").rows}


def write_settings(db: Database, values: dict[str, Any]) -> None:
    """Replace the office settings with `values` in one durable transaction."""
    with db.transaction():
        settings = db.utils.table("settings")
        settings.delete_where()  # a key the settings no longer have must not linger
        settings.insert_all(
            {"key": k, "value": json.dumps(v, ensure_ascii=False, sort_keys=True)}
            for k, v in values.items()
        )


def _next_number(conn: sqlite3.Connection, agency_code: str, day: date) -> int:
    row = conn.execute(
        "INSERT INTO code_counters (agency_code, day, last_number) VALUES (?, ?, 1) "
        "ON CONFLICT (agency_code, day) DO UPDATE SET last_number = last_number + 1 "
        "RETURNING last_number",
        (agency_code, f"{day:%y%m%d}"),
    ).fetchone()
    return int(row[0])


def documents_json(documents: tuple[HandedDocument, ...]) -> str:
    return json.dumps(
        [
            {
                "name": d.name,
                "originals": d.originals,
                "certified_copies": d.certified_copies,
                "photocopies": d.photocopies,
            }
            for d in documents
        ],
        ensure_ascii=False,
    )


def insert_dossier(db: Database, new: NewDossier, now: datetime) -> str:
    """Insert the dossier and its first history step in one durable transaction; return its code.

    The day's number is taken from `code_counters` in the same transaction, so a crash either
    loses both or keeps both, and a number is never handed out twice.
    """
    received = to_vn(new.received_at)
    with db.transaction() as conn:
        number = _next_number(conn, new.agency_code, received.date())
        code = make_code(new.agency_code, received.date(), sequence_for(new.station, number))
        seq = db.next_change_seq(conn)
        stamp = iso(now)
        cursor = conn.execute(
            "INSERT INTO dossiers (code, agency_code, station, procedure_code, procedure_name, "
            "field_code, field_name, deadline_text, applicant_name, name_folded, id_number, "
            "phone, email, address, channel, return_method, documents, sets_count, note, "
            "received_at, due_at, original_due_at, status, clerk, change_seq, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?)",
            (
                code,
                new.agency_code,
                new.station,
                new.procedure_code,
                new.procedure_name,
                new.field_code,
                new.field_name,
                new.deadline_text,
                new.applicant.name,
                fold(new.applicant.name),
                new.applicant.id_number or None,
                new.applicant.phone or None,
                new.applicant.email or None,
                new.applicant.address or None,
                int(new.channel),
                int(new.return_method),
                documents_json(new.documents),
                new.sets_count,
                new.note,
                iso(received),
                iso(new.due_at) if new.due_at else None,
                iso(new.due_at) if new.due_at else None,
                int(Status.RECEIVED),
                new.clerk,
                seq,
                stamp,
                stamp,
            ),
        )
        conn.execute(
            "INSERT INTO dossier_events (dossier_id, at, kind, from_status, to_status, actor, "
            "note, data, change_seq, person_id, actor_title, actor_unit) "
            "VALUES (?, ?, 'received', NULL, ?, ?, ?, '{}', ?, ?, ?, ?)",
            (
                cursor.lastrowid,
                iso(received),
                int(Status.RECEIVED),
                new.clerk,
                new.note,
                seq,
                new.clerk_id,
                new.clerk_title,
                new.clerk_unit,
            ),
        )
    return code


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def dossier_from_row(row: sqlite3.Row, history: tuple[HistoryEntry, ...] = ()) -> Dossier:
    received = _dt(row["received_at"])
    assert received is not None
    return Dossier(
        id=row["id"],
        code=row["code"],
        procedure_code=row["procedure_code"],
        procedure_name=row["procedure_name"],
        field_name=row["field_name"],
        deadline_text=row["deadline_text"],
        applicant=Applicant(
            row["applicant_name"],
            row["id_number"] or "",
            row["phone"] or "",
            row["email"] or "",
            row["address"] or "",
        ),
        channel=Channel(row["channel"]),
        return_method=ReturnMethod(row["return_method"]),
        documents=tuple(HandedDocument(**d) for d in json.loads(row["documents"])),
        sets_count=row["sets_count"],
        received_at=received,
        due_at=_dt(row["due_at"]),
        status=Status(row["status"]),
        clerk=row["clerk"],
        note=row["note"],
        returned_at=_dt(row["returned_at"]),
        finished_at=_dt(row["finished_at"]),
        history=history,
        original_due_at=_dt(row["original_due_at"]),
        paused_at=_dt(row["paused_at"]),
        supplement_count=row["supplement_count"],
        apology_count=row["apology_count"],
        collected_by=row["collected_by"] or "",
        holder_id=row["holder_id"],
        held_since=_dt(row["held_since"]),
    )


def get_dossier(db: Database, code: str) -> Dossier | None:
    row = db.query_one("SELECT * FROM dossiers WHERE code = ?", (code,))
    if row is None:
        return None
    events = db.query("SELECT * FROM dossier_events WHERE dossier_id = ? ORDER BY id", (row["id"],))
    history = tuple(
        HistoryEntry(
            at=datetime.fromisoformat(e["at"]),
            kind=e["kind"],
            from_status=Status(e["from_status"]) if e["from_status"] is not None else None,
            to_status=Status(e["to_status"]) if e["to_status"] is not None else None,
            actor=e["actor"],
            note=e["note"],
            person_id=e["person_id"],
            actor_title=e["actor_title"],
            actor_unit=e["actor_unit"],
            data=json.loads(e["data"]),
        )
        for e in events
    )
    return dossier_from_row(row, history)


def latest_applicant(db: Database, id_number: str) -> Applicant | None:
    """The applicant's details as given on their most recent dossier, for a returning citizen."""
    row = db.query_one(
        "SELECT applicant_name, id_number, phone, email, address FROM dossiers "
        "WHERE id_number = ? ORDER BY id DESC LIMIT 1",
        (id_number,),
    )
    if row is None:
        return None
    return Applicant(
        row["applicant_name"],
        row["id_number"],
        row["phone"] or "",
        row["email"] or "",
        row["address"] or "",
    )


def earlier_applicants(
    db: Database, *, phone: str = "", name_folded: str = "", limit: int = 5
) -> list[Applicant]:
    """Applicants of earlier dossiers with this phone number, or with exactly this (folded)
    name, each person once (by ID number, else by name and phone), the most recent first."""
    if phone:
        rows = db.query(
            "SELECT applicant_name, id_number, phone, email, address FROM dossiers "
            "WHERE phone = ? ORDER BY id DESC LIMIT 200",
            (phone,),
        )
    elif name_folded:
        words = name_folded.split()
        if not words or any(not w.isalnum() for w in words):
            return []
        rows = db.query(
            "SELECT applicant_name, id_number, phone, email, address FROM dossiers WHERE id IN ("
            "  SELECT rowid FROM dossier_search WHERE dossier_search MATCH ? "
            "  ORDER BY rowid DESC LIMIT 200"
            ") AND name_folded = ? ORDER BY id DESC",
            ('name_folded : "' + " ".join(words) + '"', name_folded),
        )
    else:
        return []
    found: dict[tuple[str, ...], Applicant] = {}
    for row in rows:
        key = (row["id_number"],) if row["id_number"] else (row["applicant_name"], row["phone"])
        if key not in found:
            found[key] = Applicant(
                row["applicant_name"],
                row["id_number"] or "",
                row["phone"] or "",
                row["email"] or "",
                row["address"] or "",
            )
        if len(found) >= limit:
            break
    return list(found.values())


def record_print(
    db: Database,
    dossier_id: int,
    form: str,
    at: datetime,
    actor: str,
    copies: int,
    outcome: str,
    detail: str = "",
) -> bool:
    """Record a print attempt; return whether it was a reprint (the form was printed before)."""
    with db.transaction():
        log = db.utils.table("print_log")
        earlier = log.count_where(
            "dossier_id = ? AND form = ? AND outcome != 'failed'",
            [
                dossier_id,
                form,
            ],
        )
        reprint = outcome != "failed" and earlier > 0
        log.insert(
            {
                "dossier_id": dossier_id,
                "form": form,
                "at": iso(at),
                "actor": actor,
                "copies": copies,
                "outcome": outcome,
                "reprint": int(reprint),
                "detail": detail,
            }
        )
    return reprint


def print_history(db: Database, dossier_id: int) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in db.query(
            "SELECT form, at, actor, copies, outcome, reprint, detail FROM print_log "
            "WHERE dossier_id = ? ORDER BY id",
            (dossier_id,),
        )
    ]


def count_dossiers(db: Database) -> int:
    row = db.query_one("SELECT MAX(id) FROM dossiers")
    return int(row[0] or 0) if row else 0


def dossier_state(db: Database, code: str) -> sqlite3.Row | None:
    """The columns a transition needs, read fresh from the database."""
    return db.query_one(
        "SELECT id, code, status, due_at, original_due_at, paused_at, paused_total_s, "
        "supplement_count, apology_count, received_at, procedure_code FROM dossiers "
        "WHERE code = ?",
        (code,),
    )


#: columns a transition may change
_UPDATABLE = frozenset(
    {
        "status",
        "due_at",
        "paused_at",
        "paused_total_s",
        "supplement_count",
        "apology_count",
        "apologised_at",
        "first_apology_at",
        "due_before_apology",
        "finished_at",
        "returned_at",
        "collected_by",
        "holder_id",
        "held_since",
    }
)


def record_step(
    db: Database,
    dossier_id: int,
    expected_status: int,
    changes: dict[str, Any],
    event: dict[str, Any],
    now: datetime,
) -> bool:
    """Apply one step of a dossier's life and its history entry in one durable transaction.

    The update only applies while the dossier is still in `expected_status` (another window
    may have moved it meanwhile); returns False, writing nothing, when it is not.
    """
    unknown = set(changes) - _UPDATABLE
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    try:
        _apply_step(db, dossier_id, expected_status, changes, event, now)
    except _StaleStatus:
        return False
    return True


class _StaleStatus(Exception):
    """The dossier is no longer in the status the step was checked against."""


def _apply_step(
    db: Database,
    dossier_id: int,
    expected_status: int,
    changes: dict[str, Any],
    event: dict[str, Any],
    now: datetime,
) -> None:
    with db.transaction() as conn:
        seq = db.next_change_seq(conn)
        assignments = ", ".join(f"{column} = ?" for column in changes)
        cursor = conn.execute(
            f"UPDATE dossiers SET {assignments}{', ' if changes else ''}change_seq = ?, "
            "updated_at = ? WHERE id = ? AND status = ?",
            (*changes.values(), seq, iso(now), dossier_id, expected_status),
        )
        if cursor.rowcount != 1:
            raise _StaleStatus  # rolls the transaction back
        conn.execute(
            "INSERT INTO dossier_events (dossier_id, at, kind, from_status, to_status, actor, "
            "note, data, change_seq, person_id, actor_title, actor_unit) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                dossier_id,
                event["at"],
                event["kind"],
                event.get("from_status"),
                event.get("to_status"),
                event["actor"],
                event.get("note", ""),
                json.dumps(event.get("data", {}), ensure_ascii=False, sort_keys=True),
                seq,
                event.get("person_id"),
                event.get("actor_title", ""),
                event.get("actor_unit", ""),
            ),
        )


def event_data(db: Database, dossier_id: int, kind: str) -> list[dict[str, Any]]:
    """The data recorded with each history entry of a kind (e.g. every apology), oldest first."""
    return [
        {"at": row["at"], "note": row["note"], **json.loads(row["data"])}
        for row in db.query(
            "SELECT at, note, data FROM dossier_events WHERE dossier_id = ? AND kind = ? "
            "ORDER BY id",
            (dossier_id, kind),
        )
    ]


def dossiers_counting_day(db: Database, day_start: str, next_day_start: str) -> int:
    """How many dossiers' printed due dates were counted across one day: received before the
    day ends, first due (the slip's date, before any apology) at or after it begins. Times are
    ISO 8601 text in +07:00, as stored."""
    row = db.query_one(
        "SELECT count(*) AS n FROM dossiers WHERE received_at < ? "
        "AND COALESCE(original_due_at, due_at) >= ?",
        (next_day_start, day_start),
    )
    return int(row["n"]) if row else 0
