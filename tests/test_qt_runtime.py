"""Guards against the PySide6 6.12.0 crash on Python 3.11 (see shared PLATFORM.md).

On Python < 3.12 None is not immortal. PySide6 6.12.0 there drops one reference to None on every
Qt method that returns nothing and on every None a Python model's ``data()`` hands back to Qt;
after a few thousand calls the interpreter dies with ``Fatal Python error: none_dealloc``. Small
suites pass by luck, so these tests make the calls in bulk and check None's count as they go,
failing with a message before the count can reach zero.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import PySide6
import pytest
import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot

CALLS = 20_000
# Checked every CHUNK calls so a leaking build fails here instead of killing the interpreter
# (None starts with a few thousand references).
CHUNK = 500
# Python's own bookkeeping moves None's count by a few; a leak moves it by one per call.
NOISE = 100
NO_PARENT = QModelIndex()


def assert_none_refcount_kept(call: Callable[[int], object], calls: int = CALLS) -> None:
    """Run ``call(i)`` ``calls`` times and fail if None lost references along the way."""
    before = sys.getrefcount(None)
    for start in range(0, calls, CHUNK):
        for i in range(start, min(start + CHUNK, calls)):
            call(i)
        drop = before - sys.getrefcount(None)
        assert drop < NOISE, (
            f"None lost {drop} references after {start + CHUNK} calls: this PySide6 "
            f"({PySide6.__version__}) leaks None on Python "
            f"{sys.version_info.major}.{sys.version_info.minor} and will crash the program"
        )


def test_void_qt_calls_do_not_drain_none_refcount(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)

    def call(i: int) -> None:
        label.setText("Hồ sơ" if i % 2 else "Đã tiếp nhận")
        label.setEnabled(i % 3 != 0)

    assert_none_refcount_kept(call)


class MostlyEmptyModel(QAbstractTableModel):
    """A table model that, like most real ones, answers None for nearly every role."""

    def __init__(self) -> None:
        super().__init__()
        self.data_calls = 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else 50

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else 4

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        self.data_calls += 1
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row()}-{index.column()}"
        return None


def test_model_data_returning_none_through_qt_does_not_drain_none_refcount(
    qtbot: QtBot,
) -> None:
    model = MostlyEmptyModel()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    roles = [
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.CheckStateRole,
    ]

    def call(i: int) -> None:
        # QModelIndex.data goes through C++, which calls the Python data() and converts its None.
        index = view.model().index(i % 50, i % 4)
        assert index.data(roles[i % len(roles)]) is None
        if i % 2_000 == 0:
            view.grab()  # paints every visible cell, asking data() for each role

    assert_none_refcount_kept(call)
    assert model.data_calls >= CALLS


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_installed_pyside6_is_not_the_release_that_crashes_on_python_311() -> None:
    assert PySide6.__version__ != "6.12.0", (
        "PySide6 6.12.0 crashes on Python < 3.12: install the pinned version (requirements.txt)"
    )
    assert shiboken6.__version__ != "6.12.0"
