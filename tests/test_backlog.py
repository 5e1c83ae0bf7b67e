"""Carrying in the backlog (`import-dossiers`): all or nothing, every bad row listed by line
and field, codes from the desk's own counter, and the next export carrying the dossiers."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from onestop_desktop import upstream
from onestop_desktop.domain import backlog
from onestop_desktop.domain.backlog import BacklogFileError, BacklogRejected
from onestop_desktop.domain.dossier import issued_by_station
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.store import audit as audit_store
from onestop_desktop.upstream.store import open_store
from tests.helpers import ROOT, make_desk, run_cli
from tests.upstream_helpers import import_one

EXAMPLE = ROOT / "docs" / "backlog-example.csv"
HEADER = "procedure,name,id_number,phone,received_at,due_at,status,finished_at,returned_at,channel"
GOOD = "1.001193,Nguyễn Văn An,001090000001,0912345678,2026-10-05T08:30,,2,,,direct"


def _write(path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def _counts(path: Path) -> tuple[int, ...]:
    """Dossiers, steps, the change counter, code counters and audit entries, read raw."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return tuple(
            int(conn.execute(sql).fetchone()[0])
            for sql in (
                "SELECT COUNT(*) FROM dossiers",
                "SELECT COUNT(*) FROM dossier_events",
                "SELECT last_seq FROM change_counter",
                "SELECT COALESCE(SUM(last_number), 0) FROM code_counters",
                "SELECT COUNT(*) FROM audit_log",
            )
        )


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    d = make_desk(tmp_path / "desk.sqlite3", station=2)
    yield d
    d.close()


def test_the_shipped_example_imports_every_row_with_codes_in_the_desk_s_block(desk: Desk) -> None:
    result = desk.import_dossiers(EXAMPLE)
    assert result.imported == 8
    assert result.by_status == {2: 1, 3: 1, 4: 1, 5: 1, 8: 1, 9: 1, 10: 2}
    assert [line for line, _, _ in result.codes] == list(range(2, 10))
    for _, code, _ in result.codes:
        assert issued_by_station(code, 2), code
    line2 = next(code for line, code, _ in result.codes if line == 2)
    assert line2 == "000.00.01.H56-261005-2001"
    returned = desk.get(line2)
    assert returned.status is Status.RETURNED
    assert "SO-2026/0412" in returned.note  # the old code is kept and shown
    assert (
        returned.due_at is not None and returned.due_at.isoformat() == "2026-10-05T17:00:00+07:00"
    )
    assert [(h.kind, h.to_status) for h in returned.history] == [
        ("received", Status.RECEIVED),
        ("transition", Status.RESOLVED),
        ("transition", Status.RETURNED),
    ]
    assert all(h.data.get("imported") is True for h in returned.history)
    assert returned.history[-1].at.isoformat() == "2026-10-05T16:00:00+07:00"
    assert returned.finished_at is not None and returned.returned_at is not None
    waiting = desk.get(next(code for line, code, _ in result.codes if line == 6))
    assert waiting.status is Status.SUPPLEMENT_REQUESTED
    assert waiting.paused_at == waiting.received_at and waiting.supplement_count == 1


def test_one_audit_entry_records_the_file_its_hash_and_the_count(desk: Desk) -> None:
    result = desk.import_dossiers(EXAMPLE)
    found = audit_store.entries(desk.db, action_prefix="dossiers.imported")
    assert len(found) == 1
    data = found[0]["data"]
    data = json.loads(data) if isinstance(data, str) else data
    assert data["sha256"] == result.sha256 and data["count"] == 8
    assert data["file"] == "backlog-example.csv"
    assert found[0]["entity"] == f"backlog:{result.sha256}"


def test_the_same_file_brought_in_again_is_refused_and_nothing_doubles(
    desk: Desk, tmp_path: Path
) -> None:
    desk.import_dossiers(EXAMPLE)
    before = _counts(desk.db.path)
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(EXAMPLE.read_bytes())
    for dry_run in (True, False):
        with pytest.raises(BacklogFileError, match="already imported"):
            desk.import_dossiers(copy, dry_run=dry_run)
    assert _counts(desk.db.path) == before


def test_every_bad_row_is_listed_by_line_and_field_and_nothing_is_written(
    desk: Desk, tmp_path: Path
) -> None:
    before = _counts(desk.db.path)
    bad = _write(
        tmp_path / "bad.csv",
        HEADER,
        GOOD,
        "9.999,Trần Thị Bình,,,2026-10-06T09:00,,2,,,direct",
        "1.001193,Lê Văn 3,12345,,2026-10-06T09:00,,2,,,fax",
        "1.001193,Phạm Dung,,,2026-10-06T09:00,2026-10-05T09:00,9,2026-10-01T10:00,,direct",
        "1.001193,Võ Em,,,2026-02-30T09:00,,10,,,direct",
        GOOD,
    )
    with pytest.raises(BacklogRejected) as caught:
        desk.import_dossiers(bad)
    got = {(e.line, e.field) for e in caught.value.errors}
    assert got == {
        (3, "procedure"),
        (4, "name"),
        (4, "id_number"),
        (4, "channel"),
        (5, "due_at"),
        (5, "finished_at"),
        (6, "received_at"),
        (6, "finished_at"),
        (6, "returned_at"),
    }
    assert _counts(desk.db.path) == before


def test_a_dry_run_checks_everything_and_writes_nothing(desk: Desk) -> None:
    before = _counts(desk.db.path)
    result = desk.import_dossiers(EXAMPLE, dry_run=True)
    assert result.dry_run and result.imported == 8 and result.codes == []
    assert _counts(desk.db.path) == before


def test_a_dossier_received_the_same_day_afterwards_takes_the_next_number(desk: Desk) -> None:
    today = "1.001193,Nguyễn Văn An,,,2026-11-25T08:00,,2,,,direct"
    path = _write(desk.db.path.parent / "today.csv", HEADER, today, today.replace("08:00", "08:30"))
    codes = [code for _, code, _ in desk.import_dossiers(path).codes]
    assert codes == ["000.00.01.H56-261125-2001", "000.00.01.H56-261125-2002"]
    received = desk.receive(ReceiveRequest(procedure_code="1.001193", name="Lê Thị Hoa"))
    assert received.code == "000.00.01.H56-261125-2003"


def test_the_next_export_carries_the_imported_dossiers_and_upstream_accepts_them(
    desk: Desk, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "upstream.sqlite3")
    info = desk.public_key()
    upstream.register_desk(store, info["desk_id"], info["public_key"])
    desk.import_dossiers(EXAMPLE)
    written = desk.export(tmp_path / "usb")
    assert written is not None and written.record.dossiers == 8
    assert written.by_status == {2: 1, 3: 1, 4: 1, 5: 1, 8: 1, 9: 1, 10: 2}
    assert written.record.steps == 8 + 9  # a receiving each, and the steps their statuses imply
    result = import_one(store, written.path)
    assert result.outcome == "imported", result.message
    assert result.accepted == 8 and result.rejected == 0


def test_an_xlsx_with_real_dates_and_numbers_imports_like_the_csv(
    desk: Desk, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER.split(","), "original_code"])
    # Excel keeps an ID number typed as a number without its leading zeros, and a phone too.
    sheet.append(
        [
            "1.004873",
            "Trần Thị Bình",
            1190000002,
            987654321,
            datetime(2026, 10, 6, 9, 15),
            datetime(2026, 10, 9, 9, 15),
            10,
            "2026-10-09T10:00",
            datetime(2026, 10, 12, 8, 0),
            "direct",
            "SO-7",
        ]
    )
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = desk.import_dossiers(path)
    assert result.by_status == {10: 1}
    dossier = desk.get(result.codes[0][1])
    assert dossier.applicant.id_number == "001190000002"
    assert dossier.applicant.phone == "0987654321"
    assert dossier.received_at.isoformat() == "2026-10-06T09:15:00+07:00"
    assert dossier.returned_at is not None and dossier.returned_at.hour == 8


def test_a_semicolon_csv_with_a_bom_as_excel_writes_it_imports(desk: Desk, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "excel.csv",
        HEADER.replace(",", ";"),
        GOOD.replace(",", ";"),
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert desk.import_dossiers(path).imported == 1


def test_a_file_of_another_kind_or_with_wrong_columns_is_refused_whole(
    desk: Desk, tmp_path: Path
) -> None:
    with pytest.raises(BacklogFileError, match=r"not a \.csv or \.xlsx"):
        desk.import_dossiers(_write(tmp_path / "x.txt", HEADER, GOOD))
    wrong = _write(tmp_path / "w.csv", HEADER.replace("phone", "tel") + ",colour", GOOD + ",red")
    with pytest.raises(BacklogFileError) as caught:
        desk.import_dossiers(wrong)
    assert "'tel', 'colour'" in caught.value.message_en and "phone" in caught.value.message_en
    with pytest.raises(BacklogFileError, match=r"valid \.xlsx"):
        desk.import_dossiers(_write(tmp_path / "fake.xlsx", HEADER, GOOD))


def test_a_file_over_the_limits_is_refused_before_anything_is_written(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _counts(desk.db.path)
    path = _write(tmp_path / "many.csv", HEADER, *[GOOD] * 5)
    monkeypatch.setattr(backlog, "MAX_ROWS", 3)
    with pytest.raises(BacklogFileError, match="more than 3 rows"):
        desk.import_dossiers(path)
    monkeypatch.setattr(backlog, "MAX_ROWS", 200_000)
    monkeypatch.setattr(backlog, "MAX_BYTES", 100)
    with pytest.raises(BacklogFileError, match="larger than"):
        desk.import_dossiers(path)
    assert _counts(desk.db.path) == before


def test_the_command_lists_every_bad_row_and_exits_2_then_imports_with_counts(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.sqlite3"
    make_desk(db).close()
    bad = _write(tmp_path / "bad.csv", HEADER, GOOD, "1.001193,,,,nope,,2,,,direct")
    done = run_cli("import-dossiers", str(bad), db=db)
    assert done.returncode == 2
    assert "line 3: name:" in done.stderr and "line 3: received_at:" in done.stderr
    assert _counts(db)[0] == 0
    done = run_cli("import-dossiers", str(EXAMPLE), "--json", db=db)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["imported"] == 8 and out["by_status"]["10"] == 2
    assert {c["original_code"] for c in out["codes"]} >= {"SO-2026/0412", ""}
    assert _counts(db)[0] == 8
