"""The desk's period report (`report`): its one aggregate query counts exactly what
`domain.reports.classify` counts, on a backlog whose figures are known in advance."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.domain.reports import Counts, DossierFacts, Period, bounds, classify
from onestop_desktop.operations import Desk
from onestop_desktop.store import reports as report_store
from tests.helpers import downgrade, make_desk

TODAY = datetime(2026, 11, 20, 9, 0, tzinfo=VN_TZ)
HEADER = "procedure,name,id_number,phone,received_at,due_at,status,finished_at,returned_at,channel"
#: eight dossiers of October (the shipped example's), and two carried over from September
BACKLOG = (
    "1.001193,Nguyễn Văn An,,,2026-10-05T08:30,2026-10-05T17:00,10,2026-10-05T14:00,"
    "2026-10-05T16:00,direct",
    "1.004873,Trần Thị Bình,,,2026-10-06T09:15,2026-10-09T09:15,10,2026-10-09T10:00,"
    "2026-10-12T08:00,direct",
    "2.000815,Lê Hoàng Cường,,,2026-10-06T10:00,2026-10-06T17:00,9,2026-10-06T11:00,,direct",
    "1.001612,Phạm Thị Dung,,,2026-10-07T14:20,2026-10-10T14:20,4,,,online",
    "1.004884,Võ Minh Em,,,2026-10-08T08:00,2026-10-15T08:00,5,,,postal",
    "1.000894,Đặng Quốc Phong,,,2026-10-08T09:00,2026-10-08T17:00,3,2026-10-08T09:30,,direct",
    "1.001776,Hoàng Thị Giang,,,2026-10-09T15:30,2026-11-06T15:30,2,,,direct",
    "1.001022,Bùi Văn Hải,,,2026-10-12T10:45,2026-10-15T10:45,8,2026-10-13T09:00,,online",
    "1.001193,Ngô Thị Ích,,,2026-09-28T08:00,2026-10-02T17:00,9,2026-10-03T10:00,,direct",
    "1.004873,Lý Văn Khoa,,,2026-09-29T08:00,2026-10-20T17:00,4,,,direct",
)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    d = make_desk(tmp_path / "desk.sqlite3", now=TODAY)
    csv = tmp_path / "backlog.csv"
    csv.write_text("\n".join((HEADER, *BACKLOG)) + "\n", encoding="utf-8")
    assert d.import_dossiers(csv).imported == len(BACKLOG)
    yield d
    d.close()


def _facts(path: Path) -> list[tuple[str, DossierFacts]]:
    """Every dossier's field and facts, read raw (the reference side of the comparison)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT field_code, received_at, channel, status, finished_at, "
            "COALESCE(due_before_apology, due_at), first_apology_at FROM dossiers"
        ).fetchall()

    def moment(text: str | None) -> datetime | None:
        return datetime.fromisoformat(text) if text else None

    return [
        (
            r[0],
            DossierFacts(
                received=date.fromisoformat(r[1][:10]),
                channel=r[2],
                status=r[3],
                finished=date.fromisoformat(r[4][:10]) if r[4] else None,
                due=moment(r[5]),
                apology_at=moment(r[6]),
            ),
        )
        for r in rows
    ]


def test_october_counts_are_the_ones_known_in_advance(desk: Desk) -> None:
    total = desk.period_report(Period.month(2026, 10)).total
    assert total == Counts(
        received=8 - 1,  # the refused one counts nowhere
        received_online=2,
        received_direct=5,
        carried_over=2,
        resolved=5,
        resolved_early=0,
        resolved_on_time=4,
        resolved_late=1,  # due 2 Oct, resolved 3 Oct
        pending=4,
        pending_in_time=2,  # waiting for papers; due 6 Nov
        pending_overdue=2,  # due 10 Oct and 20 Oct, not finished
        due_in_period=7,  # all but the waiting one and the one due 6 Nov
        finished_by_due=4,
        late_in_period=3,  # due 2, 10 and 20 Oct, none finished by then
        apologised_in_time=0,
        apologised=0,
    )
    assert total.on_time_rate == 57.14
    assert total.apology_rate == 0.0


def test_the_due_time_before_the_first_apology_is_what_is_graded(desk: Desk) -> None:
    code = desk.search("Hoàng Thị Giang")[0].code
    desk.apologise(
        code,
        datetime(2026, 11, 27, 17, 0, tzinfo=VN_TZ),
        "Cần xác minh thêm",
        at=datetime(2026, 11, 4, 9, 0, tzinfo=VN_TZ),
    )
    november = desk.period_report(Period.month(2026, 11)).total
    # graded against 6 November (not the new 27th): overdue, due and late in the period, with
    # an apology before its due time
    assert (november.pending_overdue, november.due_in_period, november.finished_by_due) == (3, 1, 0)
    assert (november.late_in_period, november.apologised_in_time, november.apology_rate) == (
        1,
        1,
        100.0,
    )


@pytest.mark.parametrize(
    "period",
    [
        Period.month(2026, 9),
        Period.month(2026, 10),
        Period.month(2026, 11),
        Period(date(2026, 10, 6), date(2026, 10, 9)),
        Period(date(2026, 10, 10), date(2026, 12, 31)),
        Period.quarter(2026, 4),
        Period.month(2026, 10).official_cutoff(),
    ],
    ids=str,
)
@pytest.mark.parametrize("by", ["field", "procedure", "officer"])
def test_the_query_equals_classify_summed_and_every_row_keeps_the_identities(
    desk: Desk, period: Period, by: str
) -> None:
    code = desk.search("Hoàng Thị Giang")[0].code
    desk.apologise(
        code,
        datetime(2026, 11, 27, 17, 0, tzinfo=VN_TZ),
        "Cần xác minh thêm",
        at=datetime(2026, 11, 4, 9, 0, tzinfo=VN_TZ),
    )
    report = desk.period_report(period, by=by)
    b = bounds(period, TODAY.date())
    expected = sum((classify(f, b) for _, f in _facts(desk.db.path)), Counts())
    assert report.total == expected
    if by == "field":
        per_field: dict[str, Counts] = {}
        for field, f in _facts(desk.db.path):
            per_field[field] = per_field.get(field, Counts()) + classify(f, b)
        got = {row.key: row.counts for row in report.rows}
        assert got == {k: v for k, v in per_field.items() if k in got}
        assert all(v == Counts() for k, v in per_field.items() if k not in got)
    # the board's index-driven variant reads fewer rows and counts the same
    assert report_store.report_total(desk.db, b) == expected
    for row in [*report.rows]:
        assert row.counts.identity_problems() == []
    assert report.total.identity_problems() == []


def test_migration_0008_back_fills_the_first_apology_from_the_history(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    desk = make_desk(path, now=TODAY)
    csv = tmp_path / "backlog.csv"
    csv.write_text("\n".join((HEADER, BACKLOG[6])) + "\n", encoding="utf-8")
    desk.import_dossiers(csv)
    code = desk.search("Hoàng Thị Giang")[0].code
    desk.apologise(
        code,
        datetime(2026, 11, 27, 17, 0, tzinfo=VN_TZ),
        "Cần xác minh thêm",
        at=datetime(2026, 11, 4, 9, 0, tzinfo=VN_TZ),
    )
    before = desk.period_report(Period.month(2026, 11)).total
    desk.close()
    downgrade(path, 7)
    desk = Desk.open(path, FixedClock(TODAY))
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            row = conn.execute(
                "SELECT first_apology_at, due_before_apology FROM dossiers"
            ).fetchone()
        assert row == ("2026-11-04T09:00:00+07:00", "2026-11-06T15:30:00+07:00")
        assert desk.period_report(Period.month(2026, 11)).total == before
    finally:
        desk.close()
