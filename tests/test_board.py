"""The daily board and search: sections by due time, counts, rates, pages and finding dossiers."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from onestop_desktop.demo import generate_demo
from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from tests.helpers import make_desk

SAME_DAY = "2.000815"  # chứng thực bản sao: same day, 15:00 cut-off
THREE_DAYS = "1.004873"


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


def _receive(desk: Desk, procedure: str, name: str, when: datetime) -> str:
    return desk.receive(ReceiveRequest(procedure, name, received_at=when)).code


def test_board_sorts_dossiers_into_its_sections(db_path: Path) -> None:
    desk = make_desk(db_path)  # now: Wed 25/11/2026 09:00
    overdue = _receive(desk, SAME_DAY, "Trần Văn Quá", _at(20, 9))  # due Fri 20/11 17:00
    today = _receive(desk, SAME_DAY, "Lê Thị Nay", _at(25, 8))  # due today 17:00
    soon = _receive(desk, THREE_DAYS, "Ngô Văn Mai", _at(20, 15))  # due Thu 26/11 15:00
    later = _receive(desk, THREE_DAYS, "Đỗ Thị Xa", _at(25, 8, 30))  # due Mon 30/11
    waiting = _receive(desk, THREE_DAYS, "Vũ Văn Chờ", _at(23, 9))
    desk.transition(waiting, Status.SUPPLEMENT_REQUESTED, "Thiếu giấy tờ", at=_at(23, 10))
    ready = _receive(desk, SAME_DAY, "Hồ Thị Xong", _at(23, 9))
    desk.transition(ready, Status.RESOLVED, at=_at(23, 11))

    board = desk.board()
    codes = {s.key: [r.code for r in s.rows] for s in board.sections}
    assert codes["overdue"] == [overdue]
    assert codes["due_today"] == [today]
    assert codes["due_soon"] == [soon]
    assert codes["waiting_papers"] == [waiting]
    assert codes["ready_for_pickup"] == [ready]
    assert all(later not in found for found in codes.values())
    assert board.section("overdue").by_field == {"Chứng thực": 1}


def test_month_rates_count_late_results_and_apologies(db_path: Path) -> None:
    desk = make_desk(db_path)
    on_time = _receive(desk, SAME_DAY, "Phạm Đúng Hẹn", _at(20, 9))
    desk.transition(on_time, Status.RESOLVED, at=_at(20, 16))
    late = _receive(desk, SAME_DAY, "Phạm Trễ Hẹn", _at(19, 9))
    desk.transition(late, Status.RESOLVED, at=_at(23, 9))
    apologised = _receive(desk, SAME_DAY, "Phạm Xin Lỗi", _at(18, 9))
    desk.apologise(apologised, _at(23, 17), "Chờ ký", at=_at(18, 10))
    desk.transition(apologised, Status.RESOLVED, at=_at(23, 10))
    month = desk.board().month
    assert (month.resolved, month.on_time, month.late) == (3, 1, 2)
    # graded against the due date first promised: the apologised one was due on the 18th
    assert (month.due, month.finished_by_due, month.on_time_rate) == (3, 1, round(1 / 3, 4))
    assert (month.late_total, month.late_apologised, month.apology_rate) == (2, 1, 0.5)


def test_month_rate_is_not_100_percent_beside_an_overdue_dossier(db_path: Path) -> None:
    desk = make_desk(db_path)
    on_time = _receive(desk, SAME_DAY, "Phạm Đúng Hẹn", _at(20, 9))
    desk.transition(on_time, Status.RESOLVED, at=_at(20, 16))
    _receive(desk, SAME_DAY, "Phạm Quá Hạn", _at(19, 9))  # still open, due on the 19th
    board = desk.board()
    assert board.section("overdue").count == 1
    month = board.month
    assert (month.resolved, month.on_time) == (1, 1)  # every result on time…
    assert (month.due, month.finished_by_due, month.on_time_rate) == (2, 1, 0.5)  # …not 100 %
    assert (month.pending_overdue, month.late_total, month.apology_rate) == (1, 1, 0.0)


def test_board_counts_agree_with_an_independent_sql_count_on_demo_data(db_path: Path) -> None:
    desk = make_desk(db_path)
    generate_demo(desk, 4000, seed=3, workers=0)
    board = desk.board()
    now = board.moment.isoformat()
    end_of_day = "2026-11-25T23:59:59+07:00"
    next_close = "2026-11-26T17:00:00+07:00"
    with sqlite3.connect(db_path) as conn:

        def n(sql: str, *params: str) -> int:
            return int(conn.execute(sql, params).fetchone()[0])

        expected = {
            "overdue": n(
                "SELECT COUNT(*) FROM dossiers WHERE status IN (2,4,6) AND due_at < ?", now
            ),
            "due_today": n(
                "SELECT COUNT(*) FROM dossiers WHERE status IN (2,4,6) AND due_at >= ? "
                "AND due_at <= ?",
                now,
                end_of_day,
            ),
            "due_soon": n(
                "SELECT COUNT(*) FROM dossiers WHERE status IN (2,4,6) AND due_at > ? "
                "AND due_at <= ?",
                end_of_day,
                next_close,
            ),
            "waiting_papers": n("SELECT COUNT(*) FROM dossiers WHERE status = 5"),
            "ready_for_pickup": n("SELECT COUNT(*) FROM dossiers WHERE status = 9"),
        }
    assert {s.key: s.count for s in board.sections} == expected
    assert expected["overdue"] > 0 and expected["ready_for_pickup"] > 0


def test_board_page_read_from_the_end_matches_reading_from_the_start(db_path: Path) -> None:
    desk = make_desk(db_path)
    generate_demo(desk, 1500, seed=5, workers=0)
    moment = desk.board_moment()
    total = desk.board_count("all", moment)
    forward = [r.code for r in desk.board_page("all", 0, total, total, moment)]
    tail = [r.code for r in desk.board_page("all", total - 30, 30, total, moment)]
    middle = [r.code for r in desk.board_page("all", total // 2 + 7, 20, total, moment)]
    assert tail == forward[-30:]
    assert middle == forward[total // 2 + 7 : total // 2 + 27]
    assert len(set(forward)) == total


def test_name_typed_without_accents_finds_the_accented_one_and_d_matches_đ(
    db_path: Path,
) -> None:
    desk = make_desk(db_path)
    code = _receive(desk, SAME_DAY, "Đặng Thị Ánh Tuyết", _at(25, 8))
    _receive(desk, SAME_DAY, "Nguyễn Văn Bình", _at(25, 8))
    assert [r.code for r in desk.search("dang thi anh")] == [code]
    assert [r.code for r in desk.search("ĐẶNG tuyết")] == [code]
    assert [r.code for r in desk.search("Dang Tuyet")] == [code]


def test_search_by_id_number_phone_and_part_of_the_code(db_path: Path) -> None:
    desk = make_desk(db_path)
    dossier = desk.receive(
        ReceiveRequest(SAME_DAY, "Lý Văn Tài", "079088001234", "0912345678", received_at=_at(25, 8))
    )
    desk.receive(ReceiveRequest(SAME_DAY, "Lý Văn Khác", "079088009999", "0987000111"))
    assert [r.code for r in desk.search("079088001234")] == [dossier.code]
    assert [r.code for r in desk.search("+84 912 345 678")] == [dossier.code]
    assert [r.code for r in desk.search("0912 345")] == [dossier.code]
    assert [r.code for r in desk.search(dossier.code.split("-", 1)[1])] == [dossier.code]
    assert [r.code for r in desk.search(dossier.code.lower())] == [dossier.code]


def test_search_lists_newest_first(db_path: Path) -> None:
    desk = make_desk(db_path)
    codes = [
        _receive(desk, SAME_DAY, "Trần Thị Hoa", _at(25, 8) + timedelta(minutes=i))
        for i in range(5)
    ]
    assert [r.code for r in desk.search("tran thi hoa")] == list(reversed(codes))
