"""The office's people and who is at the desk: their storage."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from onestop_desktop.domain.people import Person, PersonInput, hash_pin
from onestop_desktop.store.database import Database

_COLUMNS = "id, name, title, unit, roles, fields, pin_hash, retired_at"


def _person(row: sqlite3.Row) -> Person:
    return Person(
        id=int(row["id"]),
        name=row["name"],
        title=row["title"],
        unit=row["unit"],
        roles=tuple(json.loads(row["roles"])),
        fields=tuple(json.loads(row["fields"])),
        has_pin=bool(row["pin_hash"]),
        retired_at=datetime.fromisoformat(row["retired_at"]) if row["retired_at"] else None,
    )


def all_people(db: Database) -> list[Person]:
    """Everyone, retired included, by name."""
    return [_person(r) for r in db.query(f"SELECT {_COLUMNS} FROM people ORDER BY name, id")]


def get_person(db: Database, person_id: int) -> Person | None:
    row = db.query_one(f"SELECT {_COLUMNS} FROM people WHERE id = ?", (person_id,))
    return _person(row) if row is not None else None


def has_active_admin(db: Database) -> bool:
    """Whether anyone active holds the administrator role."""
    for row in db.query("SELECT roles FROM people WHERE retired_at IS NULL"):
        if "admin" in json.loads(row["roles"]):
            return True
    return False


def pin_hash(db: Database, person_id: int) -> str:
    row = db.query_one("SELECT pin_hash FROM people WHERE id = ?", (person_id,))
    return str(row[0]) if row is not None else ""


def insert_person(conn: sqlite3.Connection, data: PersonInput, now: str) -> int:
    """Add a checked person (call inside a transaction); returns the new id."""
    cursor = conn.execute(
        "INSERT INTO people (name, title, unit, roles, fields, pin_hash, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            data.name,
            data.title,
            data.unit,
            json.dumps(list(data.roles)),
            json.dumps(list(data.fields), ensure_ascii=False),
            hash_pin(data.pin) if data.pin else "",
            now,
            now,
        ),
    )
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


def update_person(conn: sqlite3.Connection, person_id: int, data: PersonInput, now: str) -> None:
    """Change a checked person's details (call inside a transaction); `data.pin` None keeps
    the PIN."""
    conn.execute(
        "UPDATE people SET name = ?, title = ?, unit = ?, roles = ?, fields = ?, updated_at = ? "
        "WHERE id = ?",
        (
            data.name,
            data.title,
            data.unit,
            json.dumps(list(data.roles)),
            json.dumps(list(data.fields), ensure_ascii=False),
            now,
            person_id,
        ),
    )
    if data.pin is not None:
        conn.execute(
            "UPDATE people SET pin_hash = ? WHERE id = ?",
            (hash_pin(data.pin) if data.pin else "", person_id),
        )


def set_retired(conn: sqlite3.Connection, person_id: int, retired_at: str | None, now: str) -> None:
    conn.execute(
        "UPDATE people SET retired_at = ?, updated_at = ? WHERE id = ?",
        (retired_at, now, person_id),
    )


def references(db: Database, person_id: int) -> dict[str, int]:
    """How much of the history names a person: dossiers held now, steps made, audit entries."""
    row = db.query_one(
        "SELECT (SELECT COUNT(*) FROM dossiers WHERE holder_id = ?1), "
        "(SELECT COUNT(*) FROM dossier_events WHERE person_id = ?1), "
        "(SELECT COUNT(*) FROM audit_log WHERE person_id = ?1 AND action NOT LIKE 'person.%')",
        (person_id,),
    )
    assert row is not None
    return {"held": int(row[0]), "steps": int(row[1]), "audit": int(row[2])}


def delete_person(conn: sqlite3.Connection, person_id: int) -> None:
    conn.execute("DELETE FROM on_duty WHERE person_id = ?", (person_id,))
    conn.execute("DELETE FROM people WHERE id = ?", (person_id,))


def on_duty(db: Database) -> tuple[int, str] | None:
    """Who was last chosen at the desk and on which day (YYYY-MM-DD), or None."""
    row = db.query_one("SELECT person_id, day FROM on_duty WHERE id = 1")
    return (int(row[0]), str(row[1])) if row is not None else None


def set_on_duty(conn: sqlite3.Connection, person_id: int | None, day: str, since: str) -> None:
    if person_id is None:
        conn.execute("DELETE FROM on_duty WHERE id = 1")
        return
    conn.execute(
        "INSERT INTO on_duty (id, person_id, day, since) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET person_id = excluded.person_id, day = excluded.day, "
        "since = excluded.since",
        (person_id, day, since),
    )
