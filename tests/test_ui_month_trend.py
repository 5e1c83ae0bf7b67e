"""The board's trend of the last months' two rates: counted after the board is shown, off the UI
thread, the same figures as the report's months, and on a fixed 0–100 % scale."""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk
from onestop_desktop.ui import i18n
from onestop_desktop.ui.board import BoardPage
from onestop_desktop.ui.month_trend import TREND_MONTHS, bars
from tests.helpers import ROOT

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def shown(board: BoardPage) -> str:
    """The trend line as the clerk reads it (its bars are coloured markup)."""
    return re.sub(r"<[^>]+>", "", board.trend.text())


def test_bars_use_a_fixed_scale_and_mark_months_with_nothing_to_grade() -> None:
    assert bars([0.0, 50.0, 80.0, 100.0, None]) == "▁▅▇█·"


def test_the_board_shows_the_last_months_rates_after_it_is_shown(qtbot: QtBot, desk: Desk) -> None:
    desk.import_dossiers(ROOT / "docs" / "backlog-example.csv")  # October 2026: 80 % on time
    i18n.set_language("vi")
    board = BoardPage(desk)
    qtbot.addWidget(board)
    assert board.trend.text() == "" and board.trend.day is None  # not counted while building
    with qtbot.waitSignal(board.trend.loaded, timeout=20_000):
        board.show()
    months = desk.monthly_series(months=TREND_MONTHS)
    assert [p.month for p in board.trend.months] == [p.month for p in months]
    on_time = bars([p.counts.on_time_rate for p in months])
    assert on_time[-2] == "▇"  # October's 80 %
    text = shown(board)
    assert text.startswith("6 tháng gần nhất (06/2026 – 11/2026)")
    assert f"giải quyết xong đúng hạn {on_time}" in text
    assert f'color: #2e7d32;">{on_time}</span>' in board.trend.text()
    assert "10/2026: đúng hạn 80,0 %" in board.trend.toolTip()
    i18n.set_language("en")
    try:
        assert shown(board).startswith("Last 6 months (06/2026 – 11/2026)")
        assert "10/2026: on time 80.0 %" in board.trend.toolTip()
    finally:
        i18n.set_language("vi")
    # shown again the same day: nothing is counted again
    board.hide()
    board.show()
    assert not board.trend.timer.isActive()
