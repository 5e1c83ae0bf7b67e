"""The command line contract: commands, JSON output, exit status 0 / 1 / 2 and clear messages."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import AGENCY, run_cli


def _init(db: Path, station: str = "0") -> None:
    done = run_cli(
        "init",
        "--agency-code",
        AGENCY,
        "--agency-name",
        "UBND xã Tân Hưng",
        "--station",
        station,
        db=db,
    )
    assert done.returncode == 0, done.stderr


def test_init_then_receive_with_vietnamese_name_and_show_it_back(db_path: Path) -> None:
    _init(db_path)
    done = run_cli(
        "receive",
        "--procedure",
        "1.001193",
        "--name",
        "Nguyễn Thị Đặng Ánh",
        "--id-number",
        "001203004567",
        "--phone",
        "0912345678",
        "--received-at",
        "2026-11-20T10:00",
        "--json",
        db=db_path,
    )
    assert done.returncode == 0, done.stderr
    received = json.loads(done.stdout)
    assert received["code"] == f"{AGENCY}-261120-0001"
    assert received["due_at"] == "2026-11-20T17:00:00+07:00"

    shown = run_cli("show", received["code"], "--json", db=db_path)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["applicant"]["name"] == "Nguyễn Thị Đặng Ánh"
    assert data["status"] == 2
    assert data["history"][0]["kind"] == "received"


def test_due_prints_the_calendar_due_time_and_writes_nothing(db_path: Path) -> None:
    _init(db_path)
    done = run_cli(
        "due",
        "--procedure",
        "1.001193",
        "--received-at",
        "2026-11-20T16:30",
        "--json",
        db=db_path,
    )
    assert done.returncode == 0, done.stderr
    # Friday 16:30, after the 15:00 cut-off: Monday 23/11 at the close of the day
    assert json.loads(done.stdout)["due_at"] == "2026-11-23T17:00:00+07:00"
    shown = run_cli("show", f"{AGENCY}-261120-0001", db=db_path)
    assert shown.returncode == 2


def test_invalid_input_exits_2_naming_the_field_and_what_is_expected(db_path: Path) -> None:
    _init(db_path)
    done = run_cli(
        "receive",
        "--procedure",
        "1.001193",
        "--name",
        "Lê Văn Tám",
        "--phone",
        "12345",
        db=db_path,
    )
    assert done.returncode == 2
    assert "phone" in done.stderr and "10-digit mobile" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_time_argument_exits_2_with_the_expected_format(db_path: Path) -> None:
    _init(db_path)
    done = run_cli("due", "--procedure", "1.001193", "--received-at", "20/11/2026", db=db_path)
    assert done.returncode == 2
    assert "ISO 8601" in done.stderr


def test_unknown_procedure_exits_2(db_path: Path) -> None:
    _init(db_path)
    done = run_cli("due", "--procedure", "9.999999", db=db_path)
    assert done.returncode == 2
    assert "procedure" in done.stderr


def test_bad_agency_code_is_refused_at_init(db_path: Path) -> None:
    done = run_cli("init", "--agency-code", "xã tân hưng!", "--agency-name", "X", db=db_path)
    assert done.returncode == 2
    assert "agency_code" in done.stderr


def test_command_on_a_missing_database_exits_1_saying_to_run_init(tmp_path: Path) -> None:
    done = run_cli("show", "X-261120-0001", db=tmp_path / "nowhere.sqlite3")
    assert done.returncode == 1
    assert "there is no database at" in done.stderr and "`init" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "nowhere.sqlite3").exists()


def test_command_before_any_init_in_a_missing_folder_says_to_run_init(tmp_path: Path) -> None:
    """A newcomer's first command, before `init` made the data folder: what to do, not
    "the folder does not exist"; and nothing is created."""
    done = run_cli("show", "X-261120-0001", db=tmp_path / "no" / "such" / "desk.sqlite3")
    assert done.returncode == 1
    assert "there is no database at" in done.stderr and "`init" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "no").exists()


def test_init_says_which_missing_folder_it_created(tmp_path: Path) -> None:
    target = tmp_path / "new" / "office" / "desk.sqlite3"
    done = run_cli("init", "--agency-code", "H56.1", "--agency-name", "UBND xã A", db=target)
    assert done.returncode == 0, done.stderr
    assert f"created the folder {tmp_path / 'new'}" in done.stderr and target.exists()


def test_command_on_an_uninitialised_database_says_to_run_init(db_path: Path) -> None:
    from onestop_desktop.store.database import open_database

    open_database(db_path).close()
    done = run_cli("due", "--procedure", "1.001193", db=db_path)
    assert done.returncode == 1
    assert "init" in done.stderr


def test_procedures_lists_the_catalogue_as_json() -> None:
    done = run_cli("procedures", "--json")
    assert done.returncode == 0, done.stderr
    procedures = json.loads(done.stdout)
    assert len(procedures) >= 20
    assert any(p["code"] == "1.001193" and p["name"] == "Đăng ký khai sinh" for p in procedures)


def test_slip_writes_a_pdf_and_records_it(db_path: Path, tmp_path: Path) -> None:
    _init(db_path)
    code = json.loads(
        run_cli(
            "receive", "--procedure", "2.000815", "--name", "Trần Thị Hòa", "--json", db=db_path
        ).stdout
    )["code"]
    out = tmp_path / "slip.pdf"
    done = run_cli("slip", code, "--out", str(out), db=db_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert not out.with_name("slip.pdf.part").exists()


def test_slip_for_unknown_form_exits_2_and_writes_nothing(db_path: Path, tmp_path: Path) -> None:
    _init(db_path)
    code = json.loads(
        run_cli(
            "receive", "--procedure", "2.000815", "--name", "Trần Thị Hòa", "--json", db=db_path
        ).stdout
    )["code"]
    out = tmp_path / "slip.pdf"
    done = run_cli("slip", code, "--out", str(out), "--form", "nonsense", db=db_path)
    assert done.returncode == 2
    assert not out.exists()


def test_demo_fills_dossiers_in_every_status(db_path: Path) -> None:
    _init(db_path)
    done = run_cli("demo", "--dossiers", "3000", "--json", db=db_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["dossiers"] >= 2900
    assert set(result["by_status"]) == {str(s) for s in range(2, 11)}
