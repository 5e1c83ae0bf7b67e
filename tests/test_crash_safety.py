"""A process killed with SIGKILL while receiving loses nothing it reported as saved."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from onestop_desktop.operations import ReceiveRequest
from tests.helpers import ROOT, make_desk

WORKER = """
import sys
from pathlib import Path
from onestop_desktop.operations import Desk, ReceiveRequest
desk = Desk.open(Path(sys.argv[1]))
i = 0
while True:
    i += 1
    dossier = desk.receive(ReceiveRequest("2.000815", f"Nguyễn Văn Thứ {chr(65 + i % 26)}",
                                          phone="0912345678"))
    print(dossier.code, flush=True)
"""


def test_sigkill_mid_receiving_keeps_every_reported_dossier_and_a_fresh_next_code(
    db_path: Path,
) -> None:
    make_desk(db_path).close()
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert worker.stdout is not None
    reported: list[str] = []
    try:
        for line in worker.stdout:
            reported.append(line.strip())
            if len(reported) >= 300:
                break
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        # whatever the worker printed after we stopped reading was also saved before printing
        reported.extend(line.strip() for line in worker.stdout.read().splitlines())
    assert len(reported) >= 300

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT code FROM dossiers")}
    assert set(reported) <= stored

    # A real clock here: the worker used one too.
    from onestop_desktop.operations import Desk

    desk = Desk.open(db_path)
    fresh = desk.receive(ReceiveRequest("2.000815", "Trần Thị Sau", phone="0987654321"))
    assert fresh.code not in stored
    desk.close()
