"""The Help menu: the clerk's guide (F1, in the interface's language, section links that work,
pictures optional), the About box (version, licences, Qt) and "Send a bug report…"."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop import __version__
from onestop_desktop.operations import Desk
from onestop_desktop.resources import guide_dir
from onestop_desktop.ui import i18n
from onestop_desktop.ui.guide import IMAGE_WIDTH, GuideBrowser, heading_anchor
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.qt import QImage, QKeySequence, Qt, QUrl, QWidget, qVersion
from tests.test_ui_board import Clerk, open_window
from tests.test_ui_i18n import untranslated, visible_texts

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",  # offscreen: F1 again raises the open guide
)

FIRST_HEADING = {"vi": "Hướng dẫn sử dụng OneStop Desktop", "en": "OneStop Desktop user guide"}
LINK = re.compile(r"\]\(#([^)]+)\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(images/(\w+)/([^)]+)\)")


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    return open_window(qtbot, desk, Clerk())


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield None
    i18n.set_language("vi")


def _first_heading(browser: GuideBrowser) -> str:
    block = browser.document().begin()
    while block.isValid() and block.blockFormat().headingLevel() == 0:
        block = block.next()
    return block.text()


def test_f1_opens_the_guide_in_vietnamese_at_its_first_heading(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.guide_action in window.help_menu.actions()
    assert window.guide_action.text() == "&Hướng dẫn sử dụng"
    assert window.guide_action.shortcut() == QKeySequence("F1")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.guide_window is not None and window.guide_window.isVisible())
    guide = window.guide_window
    assert guide is not None
    assert guide.windowTitle() == "Hướng dẫn sử dụng – OneStop"
    assert _first_heading(guide.browser) == FIRST_HEADING["vi"]
    assert "Tiếp nhận hồ sơ" in guide.browser.toPlainText()
    assert untranslated(visible_texts(guide), "vi") == []
    # F1 again raises the same window instead of opening a second one
    assert window.open_guide() is guide


def test_the_guide_follows_the_interface_into_english_and_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    guide = window.open_guide()
    qtbot.waitExposed(guide)
    i18n.set_language("en")
    try:
        assert guide.windowTitle() == "User guide – OneStop"
        assert _first_heading(guide.browser) == FIRST_HEADING["en"]
        assert "Receiving a dossier" in guide.browser.toPlainText()
        assert untranslated(visible_texts(guide), "en") == []
    finally:
        i18n.set_language("vi")
    assert _first_heading(guide.browser) == FIRST_HEADING["vi"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_link_between_sections_lands_on_a_heading(
    qtbot: QtBot, window: MainWindow, language: str
) -> None:
    i18n.set_language(language)
    try:
        guide = window.open_guide()
        guide.resize(1000, 600)
        qtbot.waitExposed(guide)
        text = (guide_dir() / f"{language}.md").read_text(encoding="utf-8")
        links = LINK.findall(text)
        assert len(links) >= 11  # the contents at least
        assert set(links) <= set(guide.browser.anchors)
        bar = guide.browser.verticalScrollBar()
        last = links[10]  # the contents' last entry: the shortcuts, at the very end
        guide.browser.anchorClicked.emit(QUrl(f"#{last}"))
        qtbot.waitUntil(lambda: bar.value() > 0)
        guide.contents_button.click()
        assert bar.value() == 0
    finally:
        i18n.set_language("vi")


def test_both_guides_have_the_same_sections_and_pictures() -> None:
    vi = (guide_dir() / "vi.md").read_text(encoding="utf-8")
    en = (guide_dir() / "en.md").read_text(encoding="utf-8")
    sections = [re.findall(r"^##+ (\d+)\.", text, re.M) for text in (vi, en)]
    assert sections[0] == sections[1] == [str(n) for n in range(1, 12)]
    pictures = [IMAGE.findall(text) for text in (vi, en)]
    assert {lang for lang, _ in pictures[0]} == {"vi"}
    assert {lang for lang, _ in pictures[1]} == {"en"}
    assert [name for _, name in pictures[0]] == [name for _, name in pictures[1]]
    # the screenshots script makes every picture the guides show
    script = (guide_dir().parents[1] / "scripts" / "screenshots.py").read_text(encoding="utf-8")
    for _, name in pictures[0]:
        assert f'"{name.removesuffix(".png")}")' in script, name


def test_a_missing_picture_leaves_its_description_and_a_present_one_fits_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    (tmp_path / "images").mkdir()
    QImage(1366, 768, QImage.Format.Format_RGB32).save(str(tmp_path / "images" / "board.png"))
    (tmp_path / "vi.md").write_text(
        "# Thử\n\n![Bảng theo dõi](images/board.png)\n\n![Màn hình tiếp nhận](images/intake.png)\n",
        encoding="utf-8",
    )
    browser = GuideBrowser()
    qtbot.addWidget(browser)
    browser.load(tmp_path / "vi.md")
    assert "[Màn hình tiếp nhận]" in browser.toPlainText()
    widths = []
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            form = iterator.fragment().charFormat()
            if form.isImageFormat():
                widths.append((form.toImageFormat().name(), form.toImageFormat().width()))
            iterator += 1
        block = block.next()
    assert widths == [("images/board.png", IMAGE_WIDTH)]


def test_headings_get_the_anchors_a_code_host_gives_them() -> None:
    assert heading_anchor("2. Tiếp nhận hồ sơ") == "2-tiếp-nhận-hồ-sơ"
    assert heading_anchor("8. End-of-day export to upstream") == "8-end-of-day-export-to-upstream"


def test_about_shows_the_version_the_licences_and_qt(qtbot: QtBot, window: MainWindow) -> None:
    assert window.about_action in window.help_menu.actions()
    dialog = window.about()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    summary = dialog.summary.text()
    assert f"OneStop Desktop {__version__}" in summary
    assert "Giấy phép: MIT" in summary and f"Qt {qVersion()}" in summary
    assert dialog.licences.tabText(0) == "Giấy phép (MIT)"
    assert dialog.licence_text.toPlainText().startswith("MIT License")
    assert "Permission is hereby granted" in dialog.licence_text.toPlainText()
    assert "Bitstream Vera" in dialog.font_text.toPlainText()
    assert untranslated(visible_texts(dialog), "vi") == []


def test_about_in_english(qtbot: QtBot, window: MainWindow, english: None) -> None:
    dialog = window.about()
    qtbot.addWidget(dialog)
    dialog.retranslate()
    assert dialog.windowTitle() == "About OneStop"
    assert "Licence: MIT" in dialog.summary.text()
    assert dialog.licences.tabText(1) == "Fonts' licence (DejaVu)"


def test_help_bug_report_writes_the_zip_where_chosen_and_says_where(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.bug_report_action.text() == "Gửi &báo cáo lỗi…"
    suggested: list[Path] = []
    told: list[str] = []
    chosen = tmp_path / "báo cáo.zip"

    def ask(_parent: QWidget, path: Path) -> Path:
        suggested.append(path)
        return chosen

    op = window.send_bug_report(ask, lambda _parent, message: told.append(message))
    assert op is not None
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert suggested[0].name.startswith("onestop-bao-cao-loi-20261125-")
    assert str(chosen) in told[0] and "không có hồ sơ, khóa hay mã PIN" in told[0]
    with zipfile.ZipFile(chosen) as archive:
        names = archive.namelist()
        assert {"versions.json", "settings.json", "README.txt"} <= set(names)
        assert qVersion() in archive.read("versions.json").decode()


def test_a_cancelled_bug_report_writes_nothing(window: MainWindow, tmp_path: Path) -> None:
    told: list[str] = []
    op = window.send_bug_report(lambda _p, _s: None, lambda _p, message: told.append(message))
    assert op is None and told == [] and list(tmp_path.glob("*.zip")) == []


def test_the_bundle_carries_the_guide_and_the_licence() -> None:
    spec = (guide_dir().parents[1] / "packaging" / "onestop.spec").read_text(encoding="utf-8")
    assert '(os.path.join(ROOT, "docs", "guide"), os.path.join("docs", "guide"))' in spec
    assert '(os.path.join(ROOT, "LICENSE"), ".")' in spec


def test_the_screenshot_script_makes_every_picture_of_the_guide_at_1366x768(
    tmp_path: Path,
) -> None:
    root = guide_dir().parents[1]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = tmp_path / "images"
    script = root / "scripts" / "screenshots.py"
    args = ["--lang", "en", "--dossiers", "60", "--work", str(tmp_path / "work")]
    result = subprocess.run(
        [sys.executable, str(script), str(out), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    wanted = {name for _, name in IMAGE.findall((guide_dir() / "en.md").read_text("utf-8"))}
    assert {p.name for p in (out / "en").iterdir()} >= wanted
    board = QImage(str(out / "en" / "board.png"))
    assert (board.width(), board.height()) == (1366, 768)
    assert not (tmp_path / "work").exists()  # the demo office is thrown away


def test_a_missing_guide_says_so_instead_of_failing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONESTOP_GUIDE", str(tmp_path / "nowhere"))
    guide = window.open_guide()
    qtbot.waitExposed(guide)
    text = guide.browser.toPlainText()
    assert text.startswith("Không mở được hướng dẫn sử dụng:")
    assert str(tmp_path / "nowhere" / "vi.md") in text
