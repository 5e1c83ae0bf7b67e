"""The Reports window (Báo cáo): a period picked as a clerk would, the table the CLI's JSON gives,
fields opening to their procedures, the months' charts, saving, Cancel, and a bad period."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.documents.report import COLUMNS
from onestop_desktop.operations import Desk
from onestop_desktop.operations.reports import Cancelled, PeriodReport
from onestop_desktop.ui import i18n
from onestop_desktop.ui.background import DeskOp
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import QModelIndex, Qt
from onestop_desktop.ui.reports_window import ReportsWindow
from tests.helpers import ROOT, run_cli
from tests.test_ui_i18n import untranslated, visible_texts

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

TIMEOUT = 20_000
KEYS = [key for key, _, _ in COLUMNS]


@pytest.fixture
def backlog_desk(desk: Desk) -> Desk:
    """The desk with the shipped example backlog (October 2026; today is 25/11/2026)."""
    desk.import_dossiers(ROOT / "docs" / "backlog-example.csv")
    return desk


@pytest.fixture
def window(qtbot: QtBot, backlog_desk: Desk) -> ReportsWindow:
    i18n.set_language("vi")
    window = ReportsWindow(backlog_desk)
    qtbot.addWidget(window)
    window.show()
    return window


def _load(qtbot: QtBot, window: ReportsWindow) -> object:
    with qtbot.waitSignal(window.loaded, timeout=TIMEOUT) as blocker:
        assert window.load()
    return blocker.args[0] if blocker.args else None


def _row_values(window: ReportsWindow, row: int, parent: QModelIndex | None = None) -> dict:
    model = window.model
    parent = parent or QModelIndex()
    return {
        key: model.data(model.index(row, 2 + i, parent), Qt.ItemDataRole.UserRole)
        for i, key in enumerate(KEYS)
    }


def _block_worker(window: ReportsWindow, desk: Desk) -> threading.Event:
    """Hold the desk's worker on a job until the returned event is set, so what is asked next
    waits behind it (and a Cancel pressed meanwhile is seen before any counting starts)."""
    gate = threading.Event()
    DeskOp(window, desk, lambda _d: gate.wait(TIMEOUT / 1000))
    return gate


def test_a_month_by_procedure_shows_the_counts_the_cli_json_gives(
    qtbot: QtBot, window: ReportsWindow, db_path: Path
) -> None:
    window.set_period("month", 2026, 10)
    window.by_combo.setCurrentIndex(window.by_combo.findData("procedure"))
    report = _load(qtbot, window)
    assert isinstance(report, PeriodReport)

    done = run_cli(
        "report", "--from", "2026-10-01", "--to", "2026-10-31", "--by", "procedure", "--json",
        db=db_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    model = window.model
    assert model.rowCount() == len(data["rows"]) + 1  # and the total row
    for i, row in enumerate(data["rows"]):
        assert model.data(model.index(i, 0)) == row["key"]
        assert _row_values(window, i) == {key: row[key] for key in KEYS}
    total = model.rowCount() - 1
    assert model.data(model.index(total, 1)) == "Tổng cộng"
    assert _row_values(window, total) == {key: data["total"][key] for key in KEYS}
    # what the clerk reads: 7 received, 4 of 5 due finished by their day
    assert model.data(model.index(total, 2 + KEYS.index("received"))) == "7"
    assert model.data(model.index(total, 2 + KEYS.index("on_time_rate"))) == "80,00 %"
    assert "tỷ lệ đúng hạn 80,00 % (4/5" in window.rates_label.text()
    assert "01/10/2026 – 31/10/2026" in window.rates_label.text()


def test_fields_open_to_their_procedures_which_add_up_to_the_field(
    qtbot: QtBot, window: ReportsWindow, backlog_desk: Desk
) -> None:
    window.set_period("quarter", 2026, 4)
    assert window.by_combo.currentData() == "field"
    _load(qtbot, window)
    model = window.model
    fields = backlog_desk.period_report(window.period(), "field")
    assert model.rowCount() == len(fields.rows) + 1
    assert [model.data(model.index(i, 0)) for i in range(len(fields.rows))] == [
        row.key for row in fields.rows
    ]
    opened = 0
    for i, row in enumerate(fields.rows):
        parent = model.index(i, 0)
        children = model.rowCount(parent)
        assert children >= 1
        window.tree.expand(parent)
        assert window.tree.isExpanded(parent)
        sums = {key: 0 for key in ("received", "resolved", "pending")}
        for c in range(children):
            assert model.parent(model.index(c, 0, parent)).row() == i
            values = _row_values(window, c, parent)
            for key in sums:
                sums[key] += values[key]
        assert sums == {key: getattr(row.counts, key) for key in sums}
        opened += children
    assert opened >= 2  # the example has more than one procedure
    assert model.rowCount(model.index(model.rowCount() - 1, 0)) == 0  # the total has none


def test_the_charts_draw_the_twelve_months_the_desk_counts(
    qtbot: QtBot, window: ReportsWindow, backlog_desk: Desk
) -> None:
    window.set_period("year", 2026)
    _load(qtbot, window)
    months = backlog_desk.monthly_series(date(2026, 11, 25))  # the year, judged as of today
    drawn = window.charts.drawn
    assert [p.month for p in window.charts.months] == [p.month for p in months]
    assert drawn["received"] == [float(p.counts.received) for p in months]
    assert drawn["pending"] == [float(p.counts.pending) for p in months]
    assert drawn["on_time_rate"] == [p.counts.on_time_rate for p in months]
    assert drawn["apology_rate"] == [p.counts.apology_rate for p in months]
    october = [p.month for p in months].index(date(2026, 10, 1))
    assert drawn["received"][october] == 7 and drawn["on_time_rate"][october] == 80.0


def test_a_period_ending_before_it_starts_gets_a_vietnamese_message(
    qtbot: QtBot, window: ReportsWindow
) -> None:
    window.set_days(date(2026, 10, 31), date(2026, 10, 1))
    with qtbot.waitSignal(window.loaded, timeout=TIMEOUT) as blocker:
        assert not window.load()
    assert not isinstance(blocker.args[0], PeriodReport)
    assert window.message.isVisible()
    assert "trước ngày bắt đầu" in window.message.text()
    assert "cần ngày kết thúc từ ngày bắt đầu trở đi" in window.message.text()
    assert window.model.rowCount() == 0
    assert not window.busy_row.isVisible()


def test_official_cutoff_moves_the_period_as_the_cli_does(
    qtbot: QtBot, window: ReportsWindow
) -> None:
    window.set_period("month", 2026, 10)
    window.cutoff_check.setChecked(True)
    report = _load(qtbot, window)
    assert isinstance(report, PeriodReport)
    assert (report.period.start, report.period.end) == (date(2026, 9, 15), date(2026, 10, 14))
    assert "(kỳ chốt số liệu chính thức)" in window.rates_label.text()


def test_cancel_while_counting_shows_nothing_and_says_so(
    qtbot: QtBot, window: ReportsWindow, backlog_desk: Desk
) -> None:
    window.set_period("year", 2026)
    gate = _block_worker(window, backlog_desk)
    with qtbot.waitSignal(window.loaded, timeout=TIMEOUT) as blocker:
        assert window.load()
        assert window.busy_row.isVisible() and window.cancel_button.isEnabled()
        assert not window.show_button.isEnabled()
        window.cancel_button.click()
        gate.set()
    assert isinstance(blocker.args[0], Cancelled)
    assert window.model.rowCount() == 0 and window.report is None
    assert window.message.text() == "Đã hủy: báo cáo chưa được tổng hợp."
    assert not window.busy_row.isVisible() and window.show_button.isEnabled()
    # and the next one counts
    assert isinstance(_load(qtbot, window), PeriodReport)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".pdf"])
def test_save_writes_the_report_shown(
    qtbot: QtBot, window: ReportsWindow, tmp_path: Path, suffix: str
) -> None:
    window.set_period("month", 2026, 10)
    _load(qtbot, window)
    out = tmp_path / "out" / f"bao-cao{suffix}"
    out.parent.mkdir()
    window.choose_file = lambda _suffix: out
    with qtbot.waitSignal(window.saved, timeout=TIMEOUT) as blocker:
        assert window.save(suffix)
    assert blocker.args == [out]
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    assert window.message.text() == f"Đã lưu: {out}"
    if suffix == ".csv":
        assert out.read_text(encoding="utf-8-sig").splitlines()[-1].startswith(",Tổng cộng,7,")
    if suffix == ".pdf" and shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Tỷ lệ đúng hạn và tỷ lệ xin lỗi kịp thời theo tháng" in text
        assert "Hồ sơ tiếp nhận, đã giải quyết và đang giải quyết theo tháng" in text


def test_cancel_while_saving_leaves_no_file(
    qtbot: QtBot, window: ReportsWindow, backlog_desk: Desk, tmp_path: Path
) -> None:
    window.set_period("month", 2026, 10)
    _load(qtbot, window)
    folder = tmp_path / "out"
    folder.mkdir()
    window.choose_file = lambda suffix: folder / f"bao-cao{suffix}"
    gate = _block_worker(window, backlog_desk)
    with qtbot.waitSignal(window.saved, timeout=TIMEOUT) as blocker:
        assert window.save(".pdf")
        window.cancel()
        gate.set()
    assert isinstance(blocker.args[0], Cancelled)
    assert list(folder.iterdir()) == []
    assert window.message.text() == "Đã hủy: không có tệp nào được ghi."


def test_closing_the_window_while_counting_cancels_the_work(
    qtbot: QtBot, window: ReportsWindow, backlog_desk: Desk
) -> None:
    window.set_period("year", 2026)
    gate = _block_worker(window, backlog_desk)
    with qtbot.waitSignal(window.loaded, timeout=TIMEOUT) as blocker:
        assert window.load()
        window.close()
        gate.set()
    assert isinstance(blocker.args[0], Cancelled)


def test_the_window_speaks_vietnamese_then_english(qtbot: QtBot, window: ReportsWindow) -> None:
    window.set_period("month", 2026, 10)
    _load(qtbot, window)
    assert window.windowTitle() == "Báo cáo"
    assert untranslated(visible_texts(window), "vi") == []
    assert window.model.headerData(1, Qt.Orientation.Horizontal) == "Lĩnh vực"
    i18n.set_language("en")
    try:
        assert window.windowTitle() == "Reports"
        assert untranslated(visible_texts(window), "en") == []
        assert window.model.headerData(1, Qt.Orientation.Horizontal) == "Field"
        assert window.model.headerData(2, Qt.Orientation.Horizontal) == "Received"
        assert "on-time rate 80.00 %" in window.rates_label.text()
    finally:
        i18n.set_language("vi")


def test_ctrl_r_opens_the_window_from_the_dossier_menu(qtbot: QtBot, desk: Desk) -> None:
    i18n.set_language("vi")
    main = MainWindow(desk)
    qtbot.addWidget(main)
    assert main.reports_action.shortcut().toString() == "Ctrl+R"
    assert main.reports_action in main.dossier_menu.actions()
    opened = main.open_reports()
    assert isinstance(opened, ReportsWindow) and opened.isVisible()
    opened.close()
    assert main.open_reports() is opened  # asked again: the same window, not a second one
    assert opened.isVisible()
    opened.close()


def test_start_up_does_not_load_the_charts_library() -> None:
    """pyqtgraph (and numpy under it) load when the Reports window opens, not before."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, onestop_desktop.ui.main_window, onestop_desktop.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyqtgraph', 'numpy')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.strip() == "[]"
