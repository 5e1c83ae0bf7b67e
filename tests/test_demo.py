"""Demo data reads like a real office's: whole histories, requests for papers, apologies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from onestop_desktop.demo import SUPPLEMENT_NOTES, generate_demo
from onestop_desktop.documents.lifecycle_forms import SupplementData
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk
from tests.helpers import make_desk


def _demo(path: Path, count: int = 4000) -> Desk:
    desk = make_desk(path)
    generate_demo(desk, count, seed=3, workers=0)
    return desk


def test_every_demo_history_is_in_time_order_and_ends_in_the_dossiers_status(
    db_path: Path,
) -> None:
    desk = _demo(db_path)
    rows = desk.db.query(
        "SELECT d.code, d.status, e.at, e.to_status FROM dossiers d "
        "JOIN dossier_events e ON e.dossier_id = d.id ORDER BY d.id, e.id"
    )
    last: dict[str, tuple[datetime, int]] = {}
    for row in rows:
        at = datetime.fromisoformat(row["at"])
        if row["code"] in last:
            assert at >= last[row["code"]][0], row["code"]
        last[row["code"]] = (at, row["to_status"])
    status = {r["code"]: r["status"] for r in rows}
    assert all(to == status[code] for code, (_, to) in last.items())


def test_returned_demo_dossiers_were_resolved_first_and_name_who_collected(
    db_path: Path,
) -> None:
    desk = _demo(db_path)
    code = desk.db.query_one("SELECT code FROM dossiers WHERE status = 10 LIMIT 1")
    assert code is not None
    dossier = desk.get(code[0])
    assert [h.to_status for h in dossier.history][-2:] == [Status.RESOLVED, Status.RETURNED]
    assert dossier.collected_by == dossier.applicant.name


def test_about_half_of_the_late_demo_dossiers_got_an_apology_with_a_later_date(
    db_path: Path,
) -> None:
    desk = _demo(db_path)
    board = desk.board()
    assert board.month.apology_rate is not None and 0.3 < board.month.apology_rate < 0.7
    row = desk.db.query_one("SELECT code FROM dossiers WHERE apology_count = 1 LIMIT 1")
    assert row is not None
    apology = desk.apologies(row[0])[0]
    assert apology["new_due"] > apology["previous_due"] and apology["note"]
    dossier = desk.get(row[0])
    assert dossier.due_at == datetime.fromisoformat(apology["new_due"])
    assert dossier.original_due_at == datetime.fromisoformat(apology["previous_due"])


def test_demo_requests_for_papers_pause_the_clock_and_name_the_papers(db_path: Path) -> None:
    desk = _demo(db_path)
    waiting = desk.board().section("waiting_papers")
    assert waiting.count > 0
    dossier = desk.get(waiting.rows[0].code)
    assert dossier.paused_at is not None and dossier.supplement_count == 1
    data = desk.form_data(dossier, "supplement")
    assert isinstance(data, SupplementData) and data.items and data.items[0] in waiting_notes()


def waiting_notes() -> set[str]:
    return {line for note in SUPPLEMENT_NOTES for line in note.splitlines()}
