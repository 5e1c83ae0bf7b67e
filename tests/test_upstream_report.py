"""The province's view (`upstream report`): the store's one aggregate query gives exactly what the
domain's reference classifier gives over the same imported records, in SQLite and PostgreSQL;
completeness per desk; the command line's keys, exit codes and atomic output."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from onestop_desktop.bench import synthetic
from onestop_desktop.domain.dossier import make_code, sequence_for
from onestop_desktop.domain.reports import (
    Counts,
    Period,
    bounds,
    classify,
    facts_of,
    query_bounds,
    record_facts,
)
from onestop_desktop.upstream.report import build_report, position_in_blocks
from onestop_desktop.upstream.store import UpstreamStore
from tests.helpers import run_cli
from tests.upstream_helpers import (
    AGENCY,
    BACKENDS,
    OTHER_AGENCY,
    SynthDesk,
    import_one,
    new_store,
    stop_postgres_cluster,
    store_target,
)

FIRST_DAY = date(2026, 1, 5)
TODAY = date(2026, 4, 20)

REPORT_KEYS = {
    "received",
    "received_online",
    "received_direct",
    "carried_over",
    "handled",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "pending_in_time",
    "pending_overdue",
    "due_in_period",
    "finished_by_due",
    "on_time_rate",
    "late_in_period",
    "apologised_in_time",
    "apology_rate",
}


@pytest.fixture(scope="session", autouse=True)
def _postgres_stopped_at_the_end() -> Iterator[None]:
    yield
    stop_postgres_cluster()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UpstreamStore]:
    with new_store(request.param, tmp_path / "store") as opened:
        yield opened


def _day_records(desk: SynthDesk, day: date, count: int, salt: int) -> list[dict[str, Any]]:
    """`count` records received at `desk` on `day`, numbered in its blocks."""
    out = []
    for k in range(1, count + 1):
        desk.version += 1
        code = make_code(desk.agency, day, sequence_for(desk.station, k))
        out.append(synthetic.report_dossier(code, desk.version, salt + k, day, TODAY))
    return out


def _fill(store: UpstreamStore, folder: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """Three desks of two communes, 10 weeks of dossiers: (desk, commune, record) imported."""
    desks = [SynthDesk(AGENCY, 1), SynthDesk(AGENCY, 2), SynthDesk(OTHER_AGENCY, 1)]
    imported = []
    for index, desk in enumerate(desks):
        desk.register(store)
        for week in range(14):
            records = []
            for weekday in range(5):
                day = FIRST_DAY + timedelta(days=7 * week + weekday)
                records += _day_records(desk, day, 3 + (week + weekday + index) % 4, week * 50)
            path = desk.export(folder / desk.desk_id.replace("#", "-"), records)
            assert import_one(store, path).outcome == "imported"
            imported += [(desk.desk_id, desk.agency, r) for r in records]
    return imported


def _reference(
    imported: list[tuple[str, str, dict[str, Any]]], period: Period, today: date, by: str
) -> dict[tuple[str, ...], Counts]:
    out: dict[tuple[str, ...], Counts] = defaultdict(Counts)
    b = bounds(period, today)
    for desk_id, commune, record in imported:
        columns = record_facts(record)
        facts = facts_of(columns, int(record["TrangThaiHoSo"]))
        assert facts is not None
        key = {
            "field": (columns.field_code,),
            "procedure": (columns.field_code, columns.procedure_code),
            "desk": (desk_id,),
            "commune": (commune,),
        }[by]
        out[key] = out[key] + classify(facts, b)
    return {k: v for k, v in out.items() if v != Counts()}


PERIODS = [
    Period.month(2026, 2),
    Period.quarter(2026, 1),
    Period.month(2026, 4),  # not over on TODAY
    Period(date(2026, 1, 1), date(2026, 1, 4)),  # before anything was received
    Period.quarter(2026, 1).official_cutoff(),
]


def test_the_stores_query_counts_exactly_what_the_reference_classifier_counts(
    store: UpstreamStore, tmp_path: Path
) -> None:
    imported = _fill(store, tmp_path / "in")
    seen = Counts()
    for period in PERIODS:
        for by in ("field", "procedure", "desk", "commune"):
            width = {"field": 1, "procedure": 2, "desk": 1, "commune": 1}[by]
            got = {
                key[:width]: counts
                for key, counts in store.report(by, query_bounds(period, TODAY))
                if counts != Counts()
            }
            assert got == _reference(imported, period, TODAY, by), (period, by)
            for counts in got.values():
                assert counts.identity_problems() == []
                seen = seen + counts
    # The data exercises every counter.
    assert all(value > 0 for value in seen.as_json().values() if isinstance(value, int))


def test_the_report_has_a_total_and_rows_with_the_reports_keys(
    store: UpstreamStore, tmp_path: Path
) -> None:
    _fill(store, tmp_path / "in")
    report = build_report(store, Period.quarter(2026, 1), "procedure", TODAY)
    assert set(report["total"]) >= REPORT_KEYS and report["rows"]
    total = Counts()
    for row in report["rows"]:
        assert set(row) >= REPORT_KEYS
        assert {"field_code", "field_name", "procedure_code", "procedure_name"} <= set(row)
        total = total + Counts(**{k: row[k] for k in Counts().__dataclass_fields__})
    assert total.as_json() == report["total"]
    assert report["period"] == {"from": "2026-01-01", "to": "2026-03-31"}


# --- completeness ----------------------------------------------------------------------------


def test_position_in_blocks_is_sequence_fors_inverse() -> None:
    for station in (0, 1, 2, 9):
        for n in (1, 2, 999, 1000, 1001, 5000):
            assert position_in_blocks(station, sequence_for(station, n)) == n
    assert position_in_blocks(2, 1001) is None


def test_completeness_names_the_last_export_missing_exports_and_unexported_days(
    store: UpstreamStore, tmp_path: Path
) -> None:
    desk = SynthDesk(AGENCY, 2)
    desk.register(store)
    folder = tmp_path / "in"
    day1, day2 = date(2026, 3, 2), date(2026, 3, 3)
    first = _day_records(desk, day1, 5, 0)
    second = _day_records(desk, day2, 4, 0)
    # Day 1: numbers 2 and 4 not exported yet; day 2: all of them.
    assert import_one(store, desk.export(folder, [first[0], first[2], first[4]])).outcome == (
        "imported"
    )
    desk.export(folder, second[:2])  # export 2 never arrives
    third = desk.export(folder, second[2:])
    assert import_one(store, third).outcome == "refused"
    idle = SynthDesk(AGENCY, 3)
    idle.register(store)

    report = build_report(store, Period.month(2026, 3), "desk", TODAY)
    by_desk = {c["desk_id"]: c for c in report["completeness"]}
    mine = by_desk[desk.desk_id]
    assert mine["last_export"]["number"] == 1
    assert mine["last_export"]["imported_at"].startswith("2026-01-15T18:00:00+07:00")
    assert mine["missing_exports"] == [[2, 2]]  # 3 was refused: seen, out of sequence
    assert mine["days_not_exported"] == [
        {"day": "2026-03-02", "received_upstream": 3, "missing": 2}
    ]
    assert by_desk[idle.desk_id] == {
        "desk_id": idle.desk_id,
        "last_export": None,
        "missing_exports": [],
        "days_not_exported": [],
    }


def test_a_deleted_dossier_counts_as_received_upstream(
    store: UpstreamStore, tmp_path: Path
) -> None:
    desk = SynthDesk(AGENCY, 1)
    desk.register(store)
    records = _day_records(desk, date(2026, 3, 2), 3, 0)
    path = desk.export(
        tmp_path, [records[0], records[2]], tombstones=[desk.tombstone(records[1]["MaHoSo"])]
    )
    assert import_one(store, path).outcome == "imported"
    report = build_report(store, Period.month(2026, 3), "field", TODAY)
    assert report["completeness"][0]["days_not_exported"] == []


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[str]:
    with new_store("sqlite", tmp_path / "store") as opened:
        _fill(opened, tmp_path / "in")
        yield store_target(opened)


def test_upstream_report_json_has_the_keys_and_the_completeness(filled: str) -> None:
    result = run_cli(
        "upstream", "report", "--db", filled, "--from", "2026-01-01", "--to", "2026-03-31",
        "--by", "commune", "--today", TODAY.isoformat(), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"period", "by", "rows", "total", "completeness"} <= set(report)
    assert report["by"] == "commune"
    assert [r["commune"] for r in report["rows"]] == sorted([AGENCY, OTHER_AGENCY])
    for row in [*report["rows"], report["total"]]:
        assert set(row) >= REPORT_KEYS
        assert isinstance(row["on_time_rate"], float)
    assert len(report["completeness"]) == 3


def test_official_cutoff_and_the_text_table(filled: str) -> None:
    result = run_cli(
        "upstream", "report", "--db", filled, "--from", "2026-01-01", "--to", "2026-03-31",
        "--official-cutoff", "--today", TODAY.isoformat(), "--json",
    )  # fmt: skip
    assert json.loads(result.stdout)["period"] == {"from": "2025-12-15", "to": "2026-03-14"}
    text = run_cli(
        "upstream", "report", "--db", filled, "--from", "2026-02-01", "--to", "2026-02-28",
    )  # fmt: skip
    assert text.returncode == 0, text.stderr
    assert "Hộ tịch" in text.stdout and "TOTAL" in text.stdout


@pytest.mark.parametrize(
    ("day_from", "day_to", "field"),
    [
        ("2026-03-31", "2026-03-01", "to"),
        ("2026-02-30", "2026-03-01", "from"),
        ("2010-01-01", "2026-03-01", "to"),
        ("2026-03-01", "31/03/2026", "to"),
    ],
)
def test_bad_periods_exit_2_naming_the_field(
    filled: str, day_from: str, day_to: str, field: str
) -> None:
    result = run_cli("upstream", "report", "--db", filled, "--from", day_from, "--to", day_to)
    assert result.returncode == 2
    assert f"{field}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_csv_is_written_whole_and_a_path_that_cannot_be_written_exits_2(
    filled: str, tmp_path: Path
) -> None:
    out = tmp_path / "report.csv"
    args = ("upstream", "report", "--db", filled, "--from", "2026-01-01", "--to", "2026-03-31")
    result = run_cli(*args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8-sig")
    assert text.splitlines()[0].startswith("field_code,field_name,received,")
    assert "TỔNG SỐ / TOTAL" in text.splitlines()[-1]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["report.csv"]

    missing = run_cli(*args, "--out", str(tmp_path / "nowhere" / "r.csv"))
    assert missing.returncode == 2 and "out:" in missing.stderr
    folder = run_cli(*args, "--out", str(tmp_path))
    assert folder.returncode == 2 and "out:" in folder.stderr
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            refused = run_cli(*args, "--out", str(locked / "r.csv"))
            assert refused.returncode == 2 and "out:" in refused.stderr
            assert list(locked.iterdir()) == []
        finally:
            locked.chmod(0o700)


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    from onestop_desktop.upstream import report_cli

    out = tmp_path / "r.csv"
    out.write_text("old", "utf-8")

    # Text that cannot be encoded, after a long run that can: the write fails half-way.
    with pytest.raises(UnicodeEncodeError):
        report_cli.write_atomically(out, "x" * 200_000 + "\ud800")
    assert out.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]
