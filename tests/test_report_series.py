"""The charts' months (`Desk.monthly_series`): one query gives, for each of the last months, the
counts that month's own period report has, on the known backlog and on a demo desk."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from onestop_desktop.demo import generate_demo
from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.reports import Counts, Period
from onestop_desktop.operations import Desk
from onestop_desktop.operations.reports import Cancelled, fields_with_procedures, month_starts
from tests.helpers import make_desk
from tests.test_desk_report import BACKLOG, HEADER, TODAY

SERIES_KEYS = (
    "received",
    "resolved",
    "pending",
    "due_in_period",
    "finished_by_due",
    "late_in_period",
    "apologised_in_time",
    "apologised",
)


def _subset(counts: Counts) -> dict[str, int]:
    return {key: getattr(counts, key) for key in SERIES_KEYS}


def _assert_months_match_their_reports(desk: Desk) -> list[dict[str, int]]:
    series = desk.monthly_series()
    assert [p.month for p in series] == month_starts(desk.clock.now().date())
    got = []
    for point in series:
        own = desk.period_report(Period.month(point.month.year, point.month.month)).total
        assert _subset(point.counts) == _subset(own), point.month
        assert point.counts.on_time_rate == own.on_time_rate
        assert point.counts.apology_rate == own.apology_rate
        got.append(_subset(point.counts))
    return got


def test_month_starts_run_back_twelve_months_over_the_new_year() -> None:
    starts = month_starts(date(2026, 3, 9))
    assert starts[0] == date(2025, 4, 1) and starts[-1] == date(2026, 3, 1) and len(starts) == 12


def test_each_month_of_the_backlog_counts_as_its_own_report(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "desk.sqlite3", now=TODAY)
    csv = tmp_path / "backlog.csv"
    csv.write_text("\n".join((HEADER, *BACKLOG)) + "\n", encoding="utf-8")
    desk.import_dossiers(csv)
    desk.apologise(
        desk.search("Hoàng Thị Giang")[0].code,
        datetime(2026, 11, 27, 17, 0, tzinfo=VN_TZ),
        "Cần xác minh thêm",
        at=datetime(2026, 11, 4, 9, 0, tzinfo=VN_TZ),
    )
    try:
        months = _assert_months_match_their_reports(desk)
    finally:
        desk.close()
    september, october, november = months[-3:]
    assert (september["received"], september["pending"]) == (2, 2)
    # October: 7 received (not the refused one), 5 resolved, 4 still pending at its end
    assert (october["received"], october["resolved"], october["pending"]) == (7, 5, 4)
    assert (october["due_in_period"], october["finished_by_due"]) == (7, 4)
    assert (november["late_in_period"], november["apologised_in_time"]) == (1, 1)
    assert all(m == dict.fromkeys(SERIES_KEYS, 0) for m in months[:-3])


@pytest.mark.parametrize("seed", [5])
def test_each_month_of_a_demo_desk_counts_as_its_own_report(tmp_path: Path, seed: int) -> None:
    desk = make_desk(tmp_path / "demo.sqlite3")
    generate_demo(desk, 1500, seed=seed, workers=0)
    try:
        months = _assert_months_match_their_reports(desk)
    finally:
        desk.close()
    assert sum(m["received"] for m in months) > 1000
    assert sum(m["late_in_period"] for m in months) > 0
    assert sum(m["apologised"] for m in months) > 0


# --- the charts in the PDF ---------------------------------------------------------------------


@pytest.fixture
def backlog_desk(tmp_path: Path) -> Iterator[Desk]:
    desk = make_desk(tmp_path / "desk.sqlite3", now=TODAY)
    csv = tmp_path / "backlog.csv"
    csv.write_text("\n".join((HEADER, *BACKLOG)) + "\n", encoding="utf-8")
    desk.import_dossiers(csv)
    yield desk
    desk.close()


def test_the_pdf_charts_plot_each_months_rates_and_volumes(backlog_desk: Desk) -> None:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart

    from onestop_desktop.documents.report import rates_chart, volumes_chart

    months = [(p.month, p.counts) for p in backlog_desk.monthly_series()]
    lines = [s for s in rates_chart(months, 300).contents if isinstance(s, HorizontalLineChart)]
    bars = [s for s in volumes_chart(months, 300).contents if isinstance(s, VerticalBarChart)]
    assert lines[0].data[0][-2] == 57.14  # October's on-time rate: 4 of 7
    assert lines[0].data[0][0] is None  # nothing to grade: a gap, not 0 %
    assert lines[0].data[1][-2] == 0.0  # three late in October, none apologised
    assert [series[-2] for series in bars[0].data] == [7, 5, 4]
    assert lines[0].categoryAxis.categoryNames[-1] == "11/26"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_report_pdf_ends_with_both_charts(backlog_desk: Desk, tmp_path: Path) -> None:
    from PIL import Image

    from onestop_desktop.documents.report import BLUE, RATES_TITLE, VOLUMES_TITLE

    out = tmp_path / "report.pdf"
    backlog_desk.write_period_report(backlog_desk.period_report(Period.month(2026, 10)), out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert RATES_TITLE in text and VOLUMES_TITLE in text
    assert "10/26" in text and "Đang giải quyết" in text
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(out), str(tmp_path / "p")], check=True)
    blue = tuple(int(BLUE[i : i + 2], 16) for i in (1, 3, 5))
    pages = sorted(tmp_path.glob("p*.png"))
    bars = sum(
        1
        for page in pages
        for pixel in Image.open(page).convert("RGB").get_flattened_data()
        if all(abs(a - b) < 12 for a, b in zip(pixel, blue, strict=True))
    )
    assert bars > 20  # the received bars are drawn
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["report.pdf"]


# --- the window's tree and cancelling ----------------------------------------------------------


def test_fields_summed_from_their_procedures_are_the_report_by_field(backlog_desk: Desk) -> None:
    for period in (Period.month(2026, 10), Period.quarter(2026, 4)):
        by_field, tree = fields_with_procedures(
            backlog_desk.period_report(period, by="field_procedure")
        )
        assert by_field == backlog_desk.period_report(period, by="field")
        procedures = {p.key: p.counts for n in tree for p in n.procedures}
        by_procedure = backlog_desk.period_report(period, by="procedure")
        assert procedures == {row.key: row.counts for row in by_procedure.rows}


def test_a_cancelled_query_raises_and_a_cancelled_file_is_not_left(
    backlog_desk: Desk, tmp_path: Path
) -> None:
    with pytest.raises(Cancelled), backlog_desk.interruptible(lambda: True):
        backlog_desk.period_report(Period.year(2026))
    report = backlog_desk.period_report(Period.month(2026, 10))
    for name in ("r.pdf", "r.xlsx", "r.csv"):
        with pytest.raises(Cancelled):
            backlog_desk.write_period_report(report, tmp_path / name, cancelled=lambda: True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("r.", ".r."))]
    backlog_desk.write_period_report(report, tmp_path / "r.csv", cancelled=lambda: False)
    assert [p.name for p in tmp_path.iterdir() if "r." in p.name] == ["r.csv"]


# every path that records an apology keeps what the report grades by (migration 0008)
APOLOGY_FACTS = (
    "SELECT d.code, d.apology_count, d.first_apology_at, d.due_before_apology, "
    "(SELECT e.at FROM dossier_events e WHERE e.dossier_id = d.id AND e.kind = 'apology' "
    " ORDER BY e.at, e.id LIMIT 1) AS first_at, "
    "(SELECT json_extract(e.data, '$.previous_due') FROM dossier_events e "
    " WHERE e.dossier_id = d.id AND e.kind = 'apology' ORDER BY e.at, e.id LIMIT 1) AS due_before "
    "FROM dossiers d"
)


def assert_apology_facts_kept(desk: Desk) -> int:
    """Each apologised dossier carries its first apology's moment and the due time before it,
    as its history tells them; the others carry neither. Returns how many were apologised."""
    apologised = 0
    for row in desk.db.query(APOLOGY_FACTS):
        if row["apology_count"]:
            apologised += 1
            assert row["first_apology_at"] == row["first_at"] is not None, row["code"]
            assert row["due_before_apology"] == row["due_before"] is not None, row["code"]
        else:
            assert row["first_apology_at"] is None and row["due_before_apology"] is None
    return apologised


def test_demo_dossiers_keep_what_their_apology_is_graded_by(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "desk.sqlite3")
    generate_demo(desk, 600, seed=3, workers=0)
    assert assert_apology_facts_kept(desk) > 10
