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
    desk.update_settings(agency_name="UBND xã Tân Hưng")  # the window changes a setting
    DeskOp(None, desk, where, success=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 2)

    (first_thread, first_desk, _), (second_thread, second_desk, name) = seen
    assert first_thread == second_thread != threading.get_ident()
    assert first_desk is second_desk, "opened once, reused"
    assert first_desk is not desk and first_desk.db.conn is not desk.db.conn
    assert name == "UBND xã Tân Hưng", "the next job sees the window's settings"
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
