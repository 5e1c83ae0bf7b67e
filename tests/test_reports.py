"""The period report's rules (domain/reports.py): periods and their validation, the classification
of one dossier for each column and both rates, the rates' arithmetic, and the §4.1 identities."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.reports import (
    COUNT_KEYS,
    Bounds,
    Counts,
    DossierFacts,
    Period,
    bounds,
    classify,
    facts_of,
    parse_day,
    rate,
    record_facts,
)

MARCH = Period.month(2026, 3)
AFTER = date(2026, 6, 1)  # "today", long after March
B = bounds(MARCH, AFTER)


def at(day: str, hour: int = 17) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour)


def d(
    received: str = "2026-03-02",
    status: int = 4,
    finished: str | None = None,
    due: str | None = "2026-03-10",
    channel: int = 1,
    apology: datetime | None = None,
) -> DossierFacts:
    return DossierFacts(
        received=date.fromisoformat(received),
        channel=channel,
        status=status,
        finished=date.fromisoformat(finished) if finished else None,
        due=at(due) if due else None,
        apology_at=apology,
    )


def ones(counts: Counts) -> set[str]:
    return {k for k in COUNT_KEYS if getattr(counts, k)}


# --- periods ---------------------------------------------------------------------------------


def test_month_quarter_half_year_and_year_cover_their_days() -> None:
    assert Period.month(2024, 2) == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert Period.quarter(2026, 4) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert Period.half_year(2026, 1) == Period(date(2026, 1, 1), date(2026, 6, 30))
    assert Period.year(2026) == Period(date(2026, 1, 1), date(2026, 12, 31))


def test_official_cutoff_runs_from_the_15th_of_the_previous_periods_last_month() -> None:
    assert Period.quarter(2026, 1).official_cutoff() == Period(
        date(2025, 12, 15), date(2026, 3, 14)
    )
    assert Period.month(2026, 7).official_cutoff() == Period(date(2026, 6, 15), date(2026, 7, 14))
    assert Period.year(2026).official_cutoff() == Period(date(2025, 12, 15), date(2026, 12, 14))


def test_a_period_ending_before_it_starts_is_refused_naming_the_end() -> None:
    with pytest.raises(InvalidInput) as refused:
        Period(date(2026, 3, 2), date(2026, 3, 1))
    error = refused.value.for_field("to")
    assert error is not None and "trước ngày bắt đầu" in error.vi and "before" in error.en


def test_a_period_of_more_than_ten_years_is_refused() -> None:
    Period(date(2016, 1, 1), date(2025, 12, 31))
    with pytest.raises(InvalidInput, match="10 years"):
        Period(date(2016, 1, 1), date(2026, 1, 1))


def test_a_day_that_does_not_exist_is_refused_naming_the_field() -> None:
    assert parse_day("2024-02-29", "from") == date(2024, 2, 29)
    with pytest.raises(InvalidInput) as refused:
        parse_day("2026-02-30", "from")
    assert refused.value.for_field("from") is not None
    assert "YYYY-MM-DD" in str(refused.value)


# --- classification --------------------------------------------------------------------------


def test_received_in_the_period_by_channel() -> None:
    assert {"received", "received_direct"} <= ones(classify(d(channel=1), B))
    assert {"received", "received_direct"} <= ones(classify(d(channel=3), B))
    assert {"received", "received_online"} <= ones(classify(d(channel=2), B))


def test_carried_over_when_received_before_and_not_finished_before_the_start() -> None:
    assert "carried_over" in ones(classify(d(received="2026-02-20"), B))
    assert "carried_over" in ones(
        classify(d(received="2026-02-20", status=10, finished="2026-03-01"), B)
    )
    # finished in February: not handled in March
    gone = ones(classify(d(received="2026-02-20", status=10, finished="2026-02-28"), B))
    assert not gone & {"received", "carried_over", "resolved", "pending"}


def test_resolved_early_on_time_and_late_compare_days() -> None:
    assert ones(classify(d(status=9, finished="2026-03-09"), B)) >= {"resolved", "resolved_early"}
    assert ones(classify(d(status=10, finished="2026-03-10"), B)) >= {
        "resolved",
        "resolved_on_time",
    }
    assert ones(classify(d(status=10, finished="2026-03-11"), B)) >= {"resolved", "resolved_late"}
    assert "resolved_on_time" in ones(classify(d(status=9, finished="2026-03-20", due=None), B))


def test_stopped_dossiers_count_as_resolved_on_time() -> None:
    counts = ones(classify(d(status=8, finished="2026-03-20"), B))
    assert {"resolved", "resolved_on_time", "due_in_period", "finished_by_due"} <= counts
    assert "late_in_period" not in counts


def test_refused_at_the_counter_counts_nowhere() -> None:
    assert ones(classify(d(status=3, finished="2026-03-02"), B)) == set()


def test_pending_in_time_and_overdue_against_the_period_end() -> None:
    assert "pending_in_time" in ones(classify(d(due="2026-04-02"), B))
    assert "pending_in_time" in ones(classify(d(due="2026-03-31"), B))
    assert "pending_overdue" in ones(classify(d(due="2026-03-30"), B))
    # finished after the period: still pending at its end
    assert "pending_overdue" in ones(classify(d(status=10, finished="2026-04-03"), B))


def test_pending_overdue_for_a_period_not_over_yet_compares_with_today() -> None:
    today = date(2026, 3, 15)
    running = bounds(MARCH, today)
    assert running == Bounds(date(2026, 3, 1), date(2026, 3, 31), today)
    assert "pending_in_time" in ones(classify(d(due="2026-03-20"), running))
    assert "pending_overdue" in ones(classify(d(due="2026-03-14"), running))
    assert "due_in_period" not in ones(classify(d(due="2026-03-20"), running))


def test_waiting_for_papers_is_pending_in_time_and_never_late() -> None:
    counts = ones(classify(d(status=5, due="2026-03-05"), B))
    assert {"pending", "pending_in_time"} <= counts
    assert not counts & {"pending_overdue", "due_in_period", "late_in_period"}


def test_withdrawal_requested_is_still_pending() -> None:
    assert {"pending", "pending_overdue"} <= ones(classify(d(status=7), B))


def test_due_in_period_counts_unfinished_ones_as_not_on_time() -> None:
    assert {"due_in_period", "finished_by_due"} <= ones(
        classify(d(status=9, finished="2026-03-10"), B)
    )
    late = ones(classify(d(status=9, finished="2026-03-11"), B))
    assert "due_in_period" in late and "finished_by_due" not in late
    assert "finished_by_due" not in ones(classify(d(), B))
    # due in the period, finished early before it: still due in it, and on time
    early = d(received="2026-02-20", status=9, finished="2026-02-25", due="2026-03-02")
    assert ones(classify(early, B)) == {"due_in_period", "finished_by_due"}


def test_late_in_period_when_the_day_after_the_due_day_falls_in_it() -> None:
    assert "late_in_period" in ones(classify(d(due="2026-03-10"), B))
    # due on 28 February: late from 1 March
    assert "late_in_period" in ones(classify(d(received="2026-02-20", due="2026-02-28"), B))
    # due on 31 March: late from 1 April, not in March
    assert "late_in_period" not in ones(classify(d(due="2026-03-31"), B))
    assert "late_in_period" not in ones(classify(d(status=10, finished="2026-03-10"), B))


def test_apology_before_the_due_time_counts_in_time_after_it_only_at_all() -> None:
    before = ones(classify(d(apology=at("2026-03-09", 10)), B))
    assert {"late_in_period", "apologised", "apologised_in_time"} <= before
    same_day = ones(classify(d(apology=at("2026-03-10", 10)), B))
    assert "apologised_in_time" in same_day
    after = ones(classify(d(apology=at("2026-03-11", 10)), B))
    assert "apologised" in after and "apologised_in_time" not in after
    assert "apologised" not in ones(classify(d(), B))


def test_an_apologised_dossier_is_graded_against_the_due_before_the_apology() -> None:
    record = {
        "MaLinhVuc": "HT",
        "KenhThucHien": "2",
        "TrangThaiHoSo": "10",
        "NgayTiepNhan": "20260302090000",
        "NgayHenTra": "20260320170000",  # moved by the apology
        "NgayKetThucXuLy": "20260315160000",
        "DanhSachHoSoBoSung": [
            {
                "NoiDungBoSung": "Yêu cầu bổ sung",
                "NgayBoSung": "20260303090000",
                "NgayHenTraTruoc": "",
                "NgayHenTraMoi": "",
            },
            {
                "NoiDungBoSung": "Xin lỗi 2",
                "NgayBoSung": "20260312090000",
                "NgayHenTraTruoc": "20260315170000",
                "NgayHenTraMoi": "20260320170000",
            },
            {
                "NoiDungBoSung": "Xin lỗi 1",
                "NgayBoSung": "20260309090000",
                "NgayHenTraTruoc": "20260310170000",
                "NgayHenTraMoi": "20260315170000",
            },
        ],
    }
    columns = record_facts(record)
    assert columns.graded_due == "20260310170000" and columns.due_day == 20260310
    assert columns.apology_at == "20260309090000"
    facts = facts_of(columns, 10)
    assert facts is not None
    assert {"resolved_late", "late_in_period", "apologised_in_time"} <= ones(classify(facts, B))


# --- rates and identities ----------------------------------------------------------------------


def test_the_provinces_month_gives_92_69_percent() -> None:
    month = Counts(
        received=17_413,
        received_direct=17_413,
        carried_over=664,
        due_in_period=17_612,
        finished_by_due=16_325,
    )
    assert month.handled == 18_077
    assert month.on_time_rate == 92.69
    assert month.as_json()["on_time_rate"] == 92.69


def test_rates_round_half_up_and_are_null_with_nothing_to_grade() -> None:
    assert rate(1, 8) == 12.5
    assert rate(1, 3) == 33.33
    assert rate(2, 3) == 66.67
    assert rate(1, 200_000) == 0.0  # 0.0005 % rounds to 0.00
    assert rate(1, 80_000) == 0.0  # 0.00125 %
    assert rate(1, 40_000) == 0.0  # 0.0025 %
    assert rate(1, 2_000) == 0.05
    assert rate(0, 0) is None
    assert Counts().as_json()["apology_rate"] is None


def test_the_json_has_exactly_the_reports_keys() -> None:
    keys = set(Counts().as_json())
    assert keys >= {
        "received", "received_online", "received_direct", "carried_over", "handled",
        "resolved", "resolved_early", "resolved_on_time", "resolved_late", "pending",
        "pending_in_time", "pending_overdue", "due_in_period", "finished_by_due",
        "on_time_rate", "late_in_period", "apologised_in_time", "apology_rate",
    }  # fmt: skip


def test_the_identities_hold_for_every_kind_of_dossier_and_their_sum() -> None:
    cases = [
        d(received=r, status=s, finished=f, due=due, channel=c, apology=a)
        for r in ("2026-02-10", "2026-03-05")
        for s, f in ((4, None), (5, None), (7, None), (8, "2026-03-06"), (9, "2026-03-09"),
                     (10, "2026-03-12"), (10, "2026-04-02"), (9, "2026-02-27"), (3, "2026-03-05"))
        for due in (None, "2026-02-28", "2026-03-10", "2026-04-10")
        for c in (1, 2, 3)
        for a in (None, at("2026-03-01", 8))
    ]  # fmt: skip
    total = Counts()
    for case in cases:
        counts = classify(case, B)
        assert counts.identity_problems() == [], case
        total = total + counts
    assert total.identity_problems() == []
    assert total.handled > 0 and total.late_in_period > 0
    broken = Counts(received=2, received_online=1)
    assert "received = received_online + received_direct" in broken.identity_problems()


def test_a_finishing_day_counts_only_for_a_finished_status() -> None:
    record = {"NgayTiepNhan": "20260302090000", "NgayKetThucXuLy": "20260305160000"}
    assert record_facts({**record, "TrangThaiHoSo": "9"}).finished_day == 20260305
    assert record_facts({**record, "TrangThaiHoSo": "4"}).finished_day is None
    assert record_facts({**record, "KenhThucHien": "2"}).channel == 2
    assert record_facts({}).received_day is None
    assert facts_of(record_facts({}), 4) is None
