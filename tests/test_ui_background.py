"""Desk work off the UI thread (ui/background.py): one worker, one background desk, two outcomes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.domain.errors import KnownError
from onestop_desktop.operations import Desk
from onestop_desktop.ui import background, dialogs
from onestop_desktop.ui.background import DeskOp, desk_worker, stop_background


class Outcomes:
    """What the callbacks received, in order."""

    def __init__(self) -> None:
        self.results: list[object] = []
        self.errors: list[BaseException] = []

    def done(self) -> int:
        return len(self.results) + len(self.errors)


def test_every_job_runs_on_one_worker_thread_with_one_background_desk(
    qtbot: QtBot, desk: Desk
) -> None:
    seen: list[tuple[int, Desk, str]] = []

    def where(job_desk: Desk) -> tuple[int, Desk, str]:
        return threading.get_ident(), job_desk, job_desk.settings.agency_name

    DeskOp(None, desk, where, success=seen.append)
    desk.update_settings(agency_name="UBND phường Bình Minh")  # the window changes a setting
    DeskOp(None, desk, where, success=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 2)

    (first_thread, first_desk, _), (second_thread, second_desk, name) = seen
    assert first_thread == second_thread != threading.get_ident()
    assert first_desk is second_desk, "opened once, reused"
    assert first_desk is not desk and first_desk.db.conn is not desk.db.conn
    assert name == "UBND phường Bình Minh", "the next job sees the window's settings"
    worker = desk_worker(desk)
    stop_background(desk)
    assert not worker.thread.is_alive() and worker.background is None


def test_a_known_error_reaches_the_failure_callback_as_it_is(qtbot: QtBot, desk: Desk) -> None:
    outcomes = Outcomes()

    def refuse(_desk: Desk) -> None:
        raise KnownError("Ổ đĩa đã đầy.", "The disk is full.")

    DeskOp(None, desk, refuse, success=outcomes.results.append, failure=outcomes.errors.append)
    qtbot.waitUntil(lambda: outcomes.done() == 1)
    assert outcomes.results == []
    assert isinstance(outcomes.errors[0], KnownError)
    assert outcomes.errors[0].text("vi") == "Ổ đĩa đã đầy."


def test_a_bug_is_reported_with_its_traceback_then_the_call_site_tidies_up(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[tuple[BaseException, str]] = []
    monkeypatch.setattr(
        background, "report_bug", lambda _parent, error, trace: reported.append((error, trace))
    )
    outcomes = Outcomes()

    def broken(_desk: Desk) -> None:
        raise ZeroDivisionError("boom")

    DeskOp(None, desk, broken, failure=outcomes.errors.append)
    qtbot.waitUntil(lambda: outcomes.done() == 1)
    assert len(reported) == 1 and isinstance(reported[0][0], ZeroDivisionError)
    assert "Traceback" in reported[0][1] and "in broken" in reported[0][1]
    assert outcomes.errors == [reported[0][0]]


def test_a_known_error_with_nobody_to_handle_it_is_shown_to_the_clerk(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, text, title=None: shown.append(text))

    def locked(_desk: Desk) -> None:
        raise KnownError("Cơ sở dữ liệu đang bị khoá.", "The database is locked.")

    DeskOp(None, desk, locked)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown == ["Cơ sở dữ liệu đang bị khoá."]


def test_a_database_the_worker_cannot_open_is_a_failure_not_a_dead_thread(
    qtbot: QtBot, tmp_path: Path, desk: Desk
) -> None:
    outcomes = Outcomes()
    desk.db.path.rename(tmp_path / "moved.sqlite3")  # the window's connection stays open
    DeskOp(None, desk, lambda d: d.settings.desk_id, failure=outcomes.errors.append)
    qtbot.waitUntil(lambda: outcomes.done() == 1)
    assert isinstance(outcomes.errors[0], KnownError)
    assert desk_worker(desk).thread.is_alive()


class Gate:
    """A job that holds the desk's worker until the test opens the gate (no sleeping)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.open = threading.Event()

    def hold(self, _desk: Desk) -> None:
        self.entered.set()
        assert self.open.wait(timeout=30), "the test never opened the gate"


def test_a_job_works_with_the_settings_of_when_it_was_asked_for(qtbot: QtBot, desk: Desk) -> None:
    gate = Gate()
    DeskOp(None, desk, gate.hold)
    assert gate.entered.wait(timeout=30)
    asked_settings, asked_calendar = desk.settings, desk.calendar
    seen: list[tuple[str, object, object]] = []
    DeskOp(
        None,
        desk,
        lambda d: (d.settings.agency_name, d.settings, d.calendar),
        success=seen.append,
    )
    # The window changes a setting while the job waits its turn on the worker.
    desk.update_settings(agency_name="UBND xã Mỹ Phước", office_hours="07:30-11:30,13:30-17:30")
    assert desk.calendar is not asked_calendar
    gate.open.set()
    qtbot.waitUntil(lambda: len(seen) == 1)
    name, settings, calendar = seen[0]
    assert name != "UBND xã Mỹ Phước"
    assert settings is asked_settings and calendar is asked_calendar, "one snapshot, both parts"


def test_a_job_asked_after_the_desk_was_stopped_fails_at_once_and_starts_no_thread(
    qtbot: QtBot, desk: Desk
) -> None:
    DeskOp(None, desk, lambda d: d.settings.desk_id)
    stop_background(desk)
    threads_before = set(threading.enumerate())
    outcomes = Outcomes()
    DeskOp(
        None,
        desk,
        lambda d: d.settings.desk_id,
        success=outcomes.results.append,
        failure=outcomes.errors.append,
    )
    assert outcomes.done() == 0, "the outcome comes after the call returns, as always"
    qtbot.waitUntil(lambda: outcomes.done() == 1)
    assert outcomes.results == []
    assert isinstance(outcomes.errors[0], background.DeskStopped)
    assert outcomes.errors[0].text("vi").startswith("Chương trình đang đóng")
    assert set(threading.enumerate()) <= threads_before, "no new worker thread"
    assert all(worker.desk is not desk for worker in background._workers)


def test_work_that_needs_no_desk_runs_while_the_desk_worker_is_busy(
    qtbot: QtBot, desk: Desk
) -> None:
    gate = Gate()
    DeskOp(None, desk, gate.hold)
    assert gate.entered.wait(timeout=30)
    outcomes = Outcomes()
    try:
        background.ThreadOp(
            None,
            lambda: threading.current_thread().name,
            success=outcomes.results.append,
            name="printing",
        )
        qtbot.waitUntil(lambda: outcomes.done() == 1)
    finally:
        gate.open.set()
    assert outcomes.results == ["printing"]
    assert not background._running, "a finished ThreadOp lets itself go"


def test_work_that_needs_no_desk_reports_failures_as_a_desk_op_does(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(background, "report_bug", lambda _p, error, _trace: reported.append(error))
    outcomes = Outcomes()

    def offline() -> None:
        raise KnownError("Máy in không phản hồi.", "The printer does not answer.")

    def broken() -> None:
        raise ZeroDivisionError("boom")

    background.ThreadOp(None, offline, failure=outcomes.errors.append)
    background.ThreadOp(None, broken, failure=outcomes.errors.append)
    qtbot.waitUntil(lambda: outcomes.done() == 2)
    assert {type(error) for error in outcomes.errors} == {KnownError, ZeroDivisionError}
    assert [type(error) for error in reported] == [ZeroDivisionError]
