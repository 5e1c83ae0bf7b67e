"""The register book (Sổ theo dõi hồ sơ): PDF with the header row on every page and "Trang x/y",
the spreadsheet and CSV read back, bad periods and unwritable paths refused with nothing left."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.register import check_period
from onestop_desktop.operations import Desk
from tests.helpers import make_desk, run_cli

HEADER = "procedure,name,id_number,phone,received_at,due_at,status,finished_at,returned_at,channel"
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Đặng Quốc Phong")


def _fill(desk: Desk, tmp_path: Path, rows: int = 70) -> None:
    """`rows` dossiers received in October 2026 (civil status and certification), one in
    November: a few returned, the rest open."""
    lines = [HEADER]
    for i in range(rows):
        day = 1 + i % 28
        procedure = "1.001193" if i % 3 else "2.000815"
        if i % 5 == 0:
            times = f"2026-10-{day:02d}T09:00,2026-10-{day:02d}T17:00,10,"
            times += f"2026-10-{day:02d}T11:00,2026-10-{day:02d}T15:00"
        else:
            times = f"2026-10-{day:02d}T09:00,,2,,"
        lines.append(f"{procedure},{NAMES[i % 5]},,09{i:08d},{times},direct")
    lines.append("1.001193,Võ Minh Em,,,2026-11-02T09:00,,2,,,online")
    path = tmp_path / "october.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    desk.import_dossiers(path)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    d = make_desk(tmp_path / "desk.sqlite3", station=1)
    _fill(d, tmp_path)
    yield d
    d.close()


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [p for p in text.split("\f") if p.strip()]


OCTOBER = check_period("2026-10-01", "2026-10-31")


def test_the_pdf_repeats_the_header_row_and_numbers_every_page(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "so.pdf"
    assert desk.write_register(OCTOBER, out) == 70
    pages = _pages(out)
    total = len(pages)
    assert total >= 3
    first = pages[0]
    for wanted in ("UBND XÃ TÂN HƯNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỔ THEO DÕI HỒ SƠ"):
        assert wanted in first
    assert "Mẫu số 07" in first and "Từ ngày 01/10/2026 đến ngày 31/10/2026" in first
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number}/{total}" in page
        assert "Mã hồ sơ" in page and "Nhận và trả kết quả" in page
    assert "Trang 2/" in pages[1] and "SỔ THEO DÕI HỒ SƠ" not in pages[1]
    every = "\n".join(pages)
    assert "000.00.01.H56-" in every and "261102" not in every  # November is left out
    assert "NGƯỜI LẬP SỔ" in pages[-1]


def test_the_2018_profile_prints_form_06_and_one_field_only(desk: Desk, tmp_path: Path) -> None:
    desk.update_settings(form_profile="tt01_2018")
    out = tmp_path / "ct.pdf"
    count = desk.write_register(OCTOBER, out, "chung-thuc")
    assert count == 24  # every third of 70
    text = "\n".join(_pages(out))
    assert "Mẫu số 06" in text and "Lĩnh vực: Chứng thực" in text
    assert "Đăng ký khai sinh" not in text


def test_the_spreadsheet_has_real_numbers_dates_widths_and_a_frozen_header(
    desk: Desk, tmp_path: Path
) -> None:
    out = tmp_path / "so.xlsx"
    desk.write_register(OCTOBER, out)
    sheet = load_workbook(out).worksheets[0]
    assert sheet.freeze_panes == "A6"
    header = [c.value for c in sheet[5]]
    assert header[:3] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính"]
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert len(rows) == 70
    assert [r[0] for r in rows] == list(range(1, 71))
    assert isinstance(rows[0][6], datetime) and rows[0][6].hour == 9
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    codes = [r[1] for r in rows]
    assert codes == sorted(codes)


def test_the_csv_starts_with_a_bom_and_lists_the_period(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "so.csv"
    desk.write_register(OCTOBER, out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("STT,Mã hồ sơ,Tên thủ tục hành chính")
    assert len(lines) == 71 and "2026-10-01T09:00" in data.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ("2026-10-31", "2026-10-01", "to"),  # ends before it starts
        ("2026-02-30", "2026-03-31", "from"),  # a day that does not exist
        ("2016-01-01", "2026-01-01", "to"),  # ten years and a day
    ],
)
def test_a_bad_period_is_refused_naming_the_field(first: str, last: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_period(first, last)
    assert caught.value.for_field(field) is not None


def test_bad_input_exits_2_and_leaves_nothing_behind(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    make_desk(db).close()
    folder = tmp_path / "out"
    folder.mkdir()
    for args in (
        ("--from", "2026-10-31", "--to", "2026-10-01", "--out", str(folder / "a.pdf")),
        ("--from", "2026-02-30", "--to", "2026-03-01", "--out", str(folder / "a.pdf")),
        ("--from", "2010-01-01", "--to", "2026-10-01", "--out", str(folder / "a.xlsx")),
        ("--from", "2026-10-01", "--to", "2026-10-31", "--out", str(folder / "a.docx")),
        (
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--field",
            "nope",
            "--out",
            str(folder / "a.csv"),
        ),
        ("--from", "2026-10-01", "--to", "2026-10-31", "--out", str(tmp_path / "none" / "a.pdf")),
        ("--from", "2026-10-01", "--to", "2026-10-31", "--out", str(folder)),
    ):
        done = run_cli("register", *args, db=db)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert list(folder.iterdir()) == []
    assert not (tmp_path / "none").exists()


def test_a_failed_render_leaves_no_file_or_temporary_behind(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onestop_desktop.documents import register as doc

    folder = tmp_path / "out"
    folder.mkdir()

    def broken(*_: object) -> list[tuple[str, ...]]:
        raise RuntimeError("the renderer failed half-way")

    monkeypatch.setattr(doc, "_cells", broken)
    with pytest.raises(RuntimeError):
        desk.write_register(OCTOBER, folder / "so.pdf")
    monkeypatch.undo()
    monkeypatch.setattr(doc, "_flat", broken)
    for name in ("so.xlsx", "so.csv"):
        with pytest.raises(RuntimeError):
            desk.write_register(OCTOBER, folder / name)
    assert list(folder.iterdir()) == []


def test_the_command_writes_the_register(tmp_path: Path, desk: Desk) -> None:
    out = tmp_path / "so.pdf"
    done = run_cli(
        "register", "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(out), "--json",
        db=desk.db.path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '"dossiers": 70' in done.stdout and out.read_bytes().startswith(b"%PDF")


def test_the_period_is_read_through_the_receiving_time_index(desk: Desk) -> None:
    plan = desk.db.query(
        "EXPLAIN QUERY PLAN SELECT code FROM dossiers WHERE received_at >= ? AND received_at < ? "
        "ORDER BY code",
        ("2026-10-01T00:00:00+07:00", "2026-11-01T00:00:00+07:00"),
    )
    assert any("dossiers_received" in row[3] for row in plan), [tuple(r) for r in plan]
