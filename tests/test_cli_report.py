"""`report` on the command line: the JSON keys the issue names, the table, the three output
files written whole, and bad input refused with exit 2 and nothing written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import ROOT, make_desk, run_cli

ISSUE_KEYS = {
    "received", "received_online", "received_direct", "carried_over", "handled", "resolved",
    "resolved_early", "resolved_on_time", "resolved_late", "pending", "pending_in_time",
    "pending_overdue", "due_in_period", "finished_by_due", "on_time_rate", "late_in_period",
    "apologised_in_time", "apology_rate",
}  # fmt: skip
OCTOBER = ("--from", "2026-10-01", "--to", "2026-10-31")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "desk.sqlite3"
    desk = make_desk(path)
    desk.import_dossiers(ROOT / "docs" / "backlog-example.csv")
    desk.close()
    return path


def test_json_has_period_by_rows_and_total_with_the_issue_s_keys(db: Path) -> None:
    done = run_cli("report", *OCTOBER, "--by", "procedure", "--json", db=db)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["period"] == {"from": "2026-10-01", "to": "2026-10-31"}
    assert data["by"] == "procedure"
    assert set(data["total"]) >= ISSUE_KEYS
    assert data["rows"] and all(set(row) >= ISSUE_KEYS for row in data["rows"])
    total = data["total"]
    # the shipped example: 8 rows, one refused at the counter; 4 of 5 due finished by their day
    assert (total["received"], total["resolved"], total["pending_overdue"]) == (7, 4, 1)
    assert (total["due_in_period"], total["finished_by_due"], total["on_time_rate"]) == (5, 4, 80.0)
    assert sum(row["received"] for row in data["rows"]) == total["received"]


def test_official_cutoff_moves_the_period(db: Path) -> None:
    done = run_cli("report", *OCTOBER, "--official-cutoff", "--json", db=db)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["period"] == {"from": "2026-09-15", "to": "2026-10-14"}


def test_the_text_table_ends_with_the_total(db: Path) -> None:
    done = run_cli("report", *OCTOBER, db=db)
    assert done.returncode == 0, done.stderr
    assert "Hộ tịch" in done.stdout
    assert done.stdout.splitlines()[-1].split()[0] == "TOTAL"


def test_xlsx_has_real_numbers_a_frozen_header_and_a_total_row(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    done = run_cli("report", *OCTOBER, "--out", str(out), db=db)
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    assert sheet.freeze_panes == "C6"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1] == "Tổng cộng"
    assert rows[-1][2] == 7 and isinstance(rows[-1][2], int)
    assert rows[-1][16] == 80.0  # the on-time rate, a number
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_csv_starts_with_a_bom_and_pdf_is_a_pdf(db: Path, tmp_path: Path) -> None:
    csv_out, pdf_out = tmp_path / "r.csv", tmp_path / "r.pdf"
    assert run_cli("report", *OCTOBER, "--out", str(csv_out), db=db).returncode == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert csv_out.read_text(encoding="utf-8-sig").splitlines()[-1].startswith(",Tổng cộng,7,")
    assert run_cli("report", *OCTOBER, "--out", str(pdf_out), db=db).returncode == 0
    assert pdf_out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--from", "2026-10-31", "--to", "2026-10-01"), "before its start"),
        (("--from", "2026-02-30", "--to", "2026-03-31"), "is not a day"),
        (("--from", "2016-01-01", "--to", "2026-10-01"), "longer than 10 years"),
        ((*OCTOBER, "--out", "{tmp}/missing/r.xlsx"), "cannot write"),
        ((*OCTOBER, "--out", "{tmp}/r.txt"), "expected a file ending in"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message_and_writes_nothing(
    db: Path, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    done = run_cli("report", *(a.format(tmp=tmp_path) for a in args), db=db)
    assert done.returncode == 2
    assert says in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused_and_left_empty(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = run_cli("report", *OCTOBER, "--out", str(folder / "r.pdf"), db=db)
        assert done.returncode == 2 and "cannot write" in done.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
