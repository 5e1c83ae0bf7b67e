"""Starting the window: command-line arguments, the first run, and the start-up "ready" probe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.ui import app as ui_app
from onestop_desktop.ui import dialogs, i18n
from onestop_desktop.ui.first_run import FirstRunWizard
from onestop_desktop.ui.qt import QDialog
from tests.helpers import ROOT, make_desk

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("args", [["--lang", "fr"], ["--bogus"], ["--db"]])
def test_bad_arguments_say_why_and_exit_with_status_2(args: list[str]) -> None:
    result = run_main(*args)
    assert result.returncode == 2
    assert "usage: main.py" in result.stderr
    assert "error:" in result.stderr


def test_window_reports_ready_with_the_procedure_field_focused(db_path: Path) -> None:
    make_desk(db_path).close()
    result = run_main("--db", str(db_path), "--exit-when-ready")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["ready"]


def test_exit_when_ready_does_not_wait_for_a_sign_in_nobody_answers(db_path: Path) -> None:
    """An office with clerks and nobody at the desk today: the window asks who is at the desk
    first; the start-up probe says so and stops instead of waiting for ever."""
    from onestop_desktop.domain.clock import SystemClock
    from onestop_desktop.domain.people import PersonInput

    desk = make_desk(db_path)
    clerk = desk.add_person(PersonInput("Lê Văn Nam"))
    desk.close()
    result = run_main("--db", str(db_path), "--exit-when-ready")
    assert result.returncode == 1 and "sign-in comes first" in result.stderr
    desk = make_desk(db_path)
    desk.clock = SystemClock()  # the window's own day
    desk.sign_in(clerk.id)  # signed in today: the window opens straight away
    desk.close()
    result = run_main("--db", str(db_path), "--exit-when-ready")
    assert result.returncode == 0, result.stderr


def test_a_new_database_asks_for_the_office_first(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_ui_first_run import fill_wizard

    i18n.set_language("vi")
    asked: list[FirstRunWizard] = []

    def answer(wizard: FirstRunWizard) -> int:
        asked.append(wizard)
        fill_wizard(qtbot, wizard, tmp_path / "folders")
        wizard.next()  # Finish
        return int(wizard.result())

    monkeypatch.setattr(FirstRunWizard, "exec", answer)
    desk = ui_app.open_desk(tmp_path / "new" / "desk.sqlite3")
    assert desk is not None and len(asked) == 1
    assert asked[0].windowTitle() == "OneStop – Thiết lập quầy tiếp nhận"
    assert (desk.settings.agency_code, desk.settings.station) == ("000.23.45.H56", 2)
    assert desk.on_duty is not None and desk.on_duty.name == "Trần Thị Mai"
    desk.close()
    # Opened again, it does not ask.
    again = ui_app.open_desk(tmp_path / "new" / "desk.sqlite3")
    assert again is not None and len(asked) == 1
    again.close()


def test_a_refused_first_run_opens_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FirstRunWizard, "exec", lambda _self: int(QDialog.DialogCode.Rejected))
    assert ui_app.open_desk(tmp_path / "desk.sqlite3") is None
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_database_is_explained_in_vietnamese(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.set_language("vi")
    damaged = tmp_path / "desk.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, text, title=None: shown.append(text))
    assert ui_app.open_desk(damaged) is None
    assert shown and shown[0].startswith(f"Tệp {damaged} bị hỏng")


def test_a_bug_is_logged_with_its_traceback_and_reported_briefly(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.set_language("vi")
    log_file = dialogs.setup_logging()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, text, title=None: shown.append(text))
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as error:
        dialogs.install_excepthook()
        sys.excepthook(type(error), error, error.__traceback__)
    sys.excepthook = sys.__excepthook__
    dialogs.stop_logging()
    assert log_file is not None and "ZeroDivisionError: boom" in log_file.read_text("utf-8")
    assert "Traceback" in log_file.read_text("utf-8")
    assert shown[0].startswith("Chương trình gặp lỗi không mong muốn: ZeroDivisionError")
    assert str(log_file) in shown[0]


def test_demo_opens_the_practice_office_beside_the_desk_and_leaves_the_desk_alone(
    tmp_path: Path,
) -> None:
    from onestop_desktop.operations import Desk
    from onestop_desktop.operations.first_start import DEMO_AGENCY_CODE, demo_db_path

    real = tmp_path / "data" / "desk.sqlite3"
    result = run_main("--db", str(real), "--demo", "--exit-when-ready")
    # the demo's clerks are asked who is at the desk first: the window was reached
    assert result.returncode == 1 and "sign-in comes first" in result.stderr, result.stderr
    assert not real.exists() and not real.parent.exists()
    demo = Desk.open(demo_db_path(real))
    try:
        assert demo.settings.agency_code == DEMO_AGENCY_CODE
    finally:
        demo.close()
