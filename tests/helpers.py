"""Helpers shared by tests: a desk on a real database in a temporary folder, pinned in time."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.operations import Desk

ROOT = Path(__file__).resolve().parents[1]
AGENCY = "000.00.01.H56"
#: a Wednesday, a working day
WEDNESDAY_9AM = datetime(2026, 11, 25, 9, 0, tzinfo=VN_TZ)


def make_desk(path: Path, station: int = 0, now: datetime = WEDNESDAY_9AM) -> Desk:
    return Desk.initialise(
        path, AGENCY, "UBND xã Tân Hưng", station, clock=FixedClock(now), place_name="Tân Hưng"
    )


def run_cli(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m onestop_desktop` as a separate process, as a script or a clerk would."""
    argv = [sys.executable, "-m", "onestop_desktop"]
    if db is not None:
        argv += ["--db", str(db)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*argv, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


#: how to take a desk database back from each schema version to the one before, as the
#: program of that version left it (for tests of a migration from an older desk)
_UNDO = {
    9: ("DROP INDEX dossiers_due",),
    8: (
        "ALTER TABLE dossiers DROP COLUMN due_before_apology",
        "ALTER TABLE dossiers DROP COLUMN first_apology_at",
    ),
    7: ("DROP INDEX dossiers_received",),
    6: (
        "DROP TABLE audit_head",
        "DROP TABLE audit_log",
        "DROP INDEX dossiers_holder",
        "ALTER TABLE dossiers DROP COLUMN held_since",
        "ALTER TABLE dossiers DROP COLUMN holder_id",
        "ALTER TABLE dossier_events DROP COLUMN actor_unit",
        "ALTER TABLE dossier_events DROP COLUMN actor_title",
        "ALTER TABLE dossier_events DROP COLUMN person_id",
        "DROP TABLE on_duty",
        "DROP TABLE people",
    ),
    5: ("DROP TABLE pending_exports",),
}


def downgrade(path: Path, version: int) -> None:
    """Take a closed desk database back to schema `version`."""
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for number in range(current, version, -1):
            for statement in _UNDO[number]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
