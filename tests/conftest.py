"""Shared test fixtures: no test touches the user's real data folder, Qt runs offscreen."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from onestop_desktop.operations import Desk
from tests.cups import cups_pdf, session_socket
from tests.helpers import make_desk

__all__ = ["cups_pdf"]  # the session's own print queue (tests/cups.py), for the tests that print

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ONESTOP_DB", None)
os.environ.pop("ONESTOP_UPSTREAM_DB", None)


@pytest.fixture(autouse=True, scope="session")
def _translations_compiled() -> None:
    """The `.qm` files Qt loads, compiled from the `.ts` files as set-up does when missing."""
    from onestop_desktop.ui.i18n import compile_translations

    compile_translations()


@pytest.fixture(autouse=True, scope="session")
def _own_print_system() -> Iterator[None]:
    """Qt and the CUPS tools talk only to the session's own scheduler (tests/cups.py), which
    exists only when a test asks for `cups_pdf`: never to this machine's print queues.

    Set once, before any test: the CUPS library remembers the server a thread first used."""
    saved = os.environ.get("CUPS_SERVER")
    socket = session_socket()
    os.environ["CUPS_SERVER"] = str(socket)
    yield
    if saved is None:
        os.environ.pop("CUPS_SERVER", None)
    else:
        os.environ["CUPS_SERVER"] = saved
    shutil.rmtree(socket.parent, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point every per-user folder at a temporary one, so a test can never touch real data."""
    home = tmp_path_factory.mktemp("home")
    folders = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
    env = ("HOME", "ONESTOP_DB", "ONESTOP_UPSTREAM_DB", "ONESTOP_BACKUP_DIR")
    saved = {k: os.environ.get(k) for k in (*env, *folders)}
    os.environ["HOME"] = str(home)
    for name in folders:
        os.environ[name] = str(home / name.lower())
    os.environ.pop("ONESTOP_DB", None)
    os.environ.pop("ONESTOP_UPSTREAM_DB", None)
    os.environ.pop("ONESTOP_BACKUP_DIR", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _background_workers_stopped() -> Iterator[None]:
    """After a test, stop the desk worker threads its windows started (see ui/background.py)."""
    yield
    background = sys.modules.get("onestop_desktop.ui.background")
    if background is not None:  # only loaded by tests that use Qt
        background.stop_background()


@pytest.fixture(autouse=True)
def _windows_deleted() -> Iterator[None]:
    """After a test, delete the windows and dialogs it left open (a dialog a window opened is
    not qtbot's to close): a later test's language switch must not reach a dialog whose desk is
    closed."""
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    for widget in widgets.QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a fresh desk database in the test's own temporary folder."""
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def desk(db_path: Path) -> Iterator[Desk]:
    """A real desk database, its clock pinned to Wednesday 25/11/2026 09:00 (tests.helpers)."""
    desk = make_desk(db_path)
    yield desk
    desk.close()
