"""Helpers shared by tests: a desk on a real database in a temporary folder, pinned in time."""

from __future__ import annotations

import os
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
