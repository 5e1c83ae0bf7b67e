"""How late each dossier is, by one rule everywhere, and the board's sections sorted in SQL a page
at a time: every order holds across page and part boundaries and loses or repeats no dossier."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from onestop_desktop.demo import generate_demo
from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.domain.lifecycle import days_overdue, due_today
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import BoardRow, Desk, ReceiveRequest
from onestop_desktop.operations.board import SORT_KEYS
from tests.helpers import downgrade, make_desk

SECTIONS = ("overdue", "due_today", "due_soon", "waiting_papers", "ready_for_pickup", "all")
THREE_DAYS = "1.004873"
SAME_DAY = "2.000815"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


def test_days_overdue_counts_working_days_only_for_open_dossiers(desk: Desk) -> None:
    calendar = desk.calendar
    due = at(20, 15)  # Friday
    now = at(25, 9)  # the next Wednesday: Monday and Wednesday (24/11 is a day off)
    assert days_overdue(calendar, Status.IN_PROGRESS, due, now) == 2
    assert days_overdue(calendar, Status.RECEIVED, due, at(21, 9)) == 0  # Saturday after it
    assert days_overdue(calendar, Status.RECEIVED, at(25, 8), now) == 0  # earlier today
    assert days_overdue(calendar, Status.RECEIVED, at(25, 15), now) is None  # later today
    # Waiting for papers stops the clock; a resolved or closed one is done; no due date, no late.
    for status in (Status.SUPPLEMENT_REQUESTED, Status.RESOLVED, Status.RETURNED):
        assert days_overdue(calendar, status, due, now) is None
    assert days_overdue(calendar, Status.IN_PROGRESS, None, now) is None
    assert due_today(Status.RECEIVED, at(25, 15), now)
    assert not due_today(Status.RECEIVED, at(25, 8), now)  # already late
    assert not due_today(Status.RECEIVED, at(26, 9), now)
    assert not due_today(Status.RESOLVED, at(25, 15), now)


def test_every_row_says_how_late_it_is_on_the_board_and_in_search(desk: Desk) -> None:
    late = desk.receive(ReceiveRequest(THREE_DAYS, "Trần Văn Trễ", received_at=at(17, 9))).code
    today = desk.receive(ReceiveRequest(SAME_DAY, "Lê Thị Nay", received_at=at(25, 8))).code
    board = desk.board()
    overdue = {r.code: r for r in board.section("overdue").rows}
    assert overdue[late].days_late == desk.calendar.working_days_late(
        overdue[late].due_at,  # type: ignore[arg-type]
        board.moment,
    )
    assert overdue[late].days_late == 2, overdue[late].due_at  # due Fri 20/11: Mon and Wed
    due = board.section("due_today").rows[0]
    assert due.code == today and due.days_late is None and due.due_today
    every = desk.board_page("all", 0, 10, 2, board.moment)
    assert {r.code: r.days_late for r in every} == {late: 2, today: None}
    assert [r.days_late for r in desk.search("Trần Văn Trễ")] == [2]
    assert [r.due_today for r in desk.search("Lê Thị Nay")] == [True]


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    desk = make_desk(tmp_path_factory.mktemp("sort") / "desk.sqlite3")
    generate_demo(desk, 1200, seed=5, workers=0)
    yield desk
    desk.close()


def read_all(desk: Desk, key: str, sort: tuple[str, bool] | None, size: int) -> list[BoardRow]:
    moment = desk.board_moment()
    total = desk.board_count(key, moment)
    rows: list[BoardRow] = []
    for offset in range(0, total, size):
        rows.extend(desk.board_page(key, offset, size, total, moment, sort))
    assert len(rows) == total
    return rows


def sort_value(row: BoardRow, key: str) -> Any:
    if key == "code":
        return row.code
    if key == "received":
        return row.received_at
    if key == "due":
        return (row.due_at is not None, row.due_at)
    return -1 if row.days_late is None else row.days_late


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_sorts_by_each_column_in_pages(demo_desk: Desk, section: str) -> None:
    own = read_all(demo_desk, section, None, 500)
    assert own, "the demo fills every section"
    codes = sorted(r.code for r in own)
    for key in sorted(SORT_KEYS):
        for descending in (False, True):
            # 37 a page: pages cross from the overdue part to the rest, and past the middle
            # they are read backwards from the end.
            rows = read_all(demo_desk, section, (key, descending), 37)
            assert sorted(r.code for r in rows) == codes, (key, descending)
            values = [sort_value(r, key) for r in rows if key != "due" or r.due_at is not None]
            assert values == sorted(values, reverse=descending), (section, key, descending)


def test_sorting_every_dossier_by_days_late_puts_the_most_late_first(demo_desk: Desk) -> None:
    rows = read_all(demo_desk, "all", ("days_late", True), 100)
    late = [r for r in rows if r.days_late is not None]
    moment = demo_desk.board_moment()
    assert len(late) == demo_desk.board_count("overdue", moment) > 1
    assert rows[: len(late)] == late
    assert late[0].days_late > late[-1].days_late  # type: ignore[operator]
    # The rest keep the tab's own order, the newest first.
    rest = [r.code for r in rows[len(late) :]]
    own = [r.code for r in read_all(demo_desk, "all", None, 100) if r.days_late is None]
    assert rest == own
    ascending = read_all(demo_desk, "all", ("days_late", False), 100)
    assert [r.days_late for r in ascending[-len(late) :]] == [r.days_late for r in late[::-1]]


def test_every_dossier_sorted_by_due_time_is_read_through_its_index(desk: Desk) -> None:
    plan = desk.db.query(
        "EXPLAIN QUERY PLAN SELECT code FROM dossiers WHERE 1 = 1 ORDER BY due_at DESC, id DESC "
        "LIMIT 100"
    )
    assert any("dossiers_due" in row[3] for row in plan), [tuple(r) for r in plan]
    assert not any("TEMP B-TREE" in row[3] for row in plan), [tuple(r) for r in plan]


def test_the_due_time_index_is_added_to_a_desk_of_the_version_before(db_path: Path) -> None:
    desk = make_desk(db_path)
    code = desk.receive(ReceiveRequest(THREE_DAYS, "Trần Văn Trễ", received_at=at(17, 9))).code
    desk.close()
    downgrade(db_path, 8)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "dossiers_due" not in names
    desk = Desk.open(db_path, FixedClock(at(25, 9)))
    try:
        names = {r[0] for r in desk.db.query("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "dossiers_due" in names
        moment = desk.board_moment()
        assert [r.code for r in desk.board_page("all", 0, 5, 1, moment, ("due", True))] == [code]
    finally:
        desk.close()
