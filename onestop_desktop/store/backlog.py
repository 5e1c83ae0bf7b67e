"""Writing a checked backlog: dossiers with the codes the desk's own counter gives and the
history their status implies, each row and step with a change sequence number for the export,
inside the caller's one transaction (all rows or none)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from onestop_desktop.domain.clock import iso, to_vn
from onestop_desktop.domain.dossier import make_code, sequence_for
from onestop_desktop.domain.text import fold
from onestop_desktop.store.dossiers import NewDossier, _next_number, documents_json


@dataclass(frozen=True)
class ImportedStep:
    """A step of an imported dossier's history after its receiving."""

    at: datetime
    kind: str
    from_status: int
    to_status: int
    note: str


@dataclass(frozen=True)
class ImportedDossier:
    """A backlog dossier as it is written: its receiving, its state now and its history."""

    new: NewDossier
    status: int
    finished_at: datetime | None
    returned_at: datetime | None
    paused_at: datetime | None
    steps: tuple[ImportedStep, ...]
    #: recorded with every history step (marked as imported, the file's own code)
    data: dict[str, object]


def insert_backlog(
    conn: sqlite3.Connection, dossiers: list[ImportedDossier], now: datetime
) -> list[str]:
    """Insert the dossiers in the given order inside the caller's transaction; return their
    codes. Each code takes the next number of its receiving day from `code_counters` (so a
    dossier received later that day gets the number after), in the desk's station block."""
    row = conn.execute("SELECT last_seq FROM change_counter WHERE id = 1").fetchone()
    seq = int(row[0])
    stamp = iso(now)
    codes: list[str] = []
    for item in dossiers:
        new = item.new
        received = to_vn(new.received_at)
        number = _next_number(conn, new.agency_code, received.date())
        code = make_code(new.agency_code, received.date(), sequence_for(new.station, number))
        seq += 1
        received_seq = seq
        seq += len(item.steps)
        data = json.dumps(item.data, ensure_ascii=False, sort_keys=True)
        cursor = conn.execute(
            "INSERT INTO dossiers (code, agency_code, station, procedure_code, procedure_name, "
            "field_code, field_name, deadline_text, applicant_name, name_folded, id_number, "
            "phone, email, address, channel, return_method, documents, sets_count, note, "
            "received_at, due_at, original_due_at, status, finished_at, returned_at, paused_at, "
            "supplement_count, clerk, change_seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                item.status,
                iso(item.finished_at) if item.finished_at else None,
                iso(item.returned_at) if item.returned_at else None,
                iso(item.paused_at) if item.paused_at else None,
                # the request for papers its history records (the export lists it)
                1 if item.status == 5 else 0,
                new.clerk,
                seq,
                stamp,
                stamp,
            ),
        )
        dossier_id = cursor.lastrowid
        events = [
            (dossier_id, iso(received), "received", None, 2, new.note, received_seq),
            *(
                (
                    dossier_id,
                    iso(s.at),
                    s.kind,
                    s.from_status,
                    s.to_status,
                    s.note,
                    received_seq + i,
                )
                for i, s in enumerate(item.steps, start=1)
            ),
        ]
        conn.executemany(
            "INSERT INTO dossier_events (dossier_id, at, kind, from_status, to_status, note, "
            "change_seq, actor, data, person_id, actor_title, actor_unit) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*e, new.clerk, data, new.clerk_id, new.clerk_title, new.clerk_unit) for e in events],
        )
        codes.append(code)
    conn.execute("UPDATE change_counter SET last_seq = ? WHERE id = 1", (seq,))
    return codes
