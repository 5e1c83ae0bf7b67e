"""The interface speaks Vietnamese by default, every string is translated, English is a switch away.

The Vietnamese texts come from the Qt Linguist file `resources/translations/onestop_vi.ts`,
compiled to `.qm` with `pyside6-lrelease` and loaded by Qt's own QTranslator; these tests check
that Qt really answers from it, that the file covers every string the code marks for translation,
and that no English source text is left on screen under Vietnamese (and no Vietnamese under
English).
"""

from __future__ import annotations

import ast
import logging
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop_desktop.operations import Desk
from onestop_desktop.ui import i18n
from onestop_desktop.ui.first_run import FirstRunWizard
from onestop_desktop.ui.main_window import MainWindow
from onestop_desktop.ui.printing import PreviewDialog, PrintHooks
from onestop_desktop.ui.qt import (
    QAbstractButton,
    QAction,
    QComboBox,
    QCoreApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QWidget,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

UI = Path(i18n.__file__).resolve().parent
TS = i18n.translations_dir() / "onestop_vi.ts"
PLACEHOLDER = re.compile(r"\{\w*\}")


Key = tuple[str, str, str]


def read_ts(path: Path) -> dict[Key, str]:
    """The finished translations of a Qt Linguist `.ts` file: (context, source, comment) → text.

    Unfinished, vanished and obsolete entries are left out, as lrelease leaves them out of a `.qm`.
    """
    messages: dict[Key, str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None:
                continue
            if translation.get("type") in {"unfinished", "vanished", "obsolete"}:
                continue
            forms = translation.findall("numerusform")
            text = (forms[0].text if forms else translation.text) or ""
            if text:
                messages[(name, source, message.findtext("comment") or "")] = text
    return messages


def ts_messages() -> dict[Key, str]:
    return read_ts(TS)


def code_strings() -> set[Key]:
    """Every (context, source, comment) the ui/ code marks for translation."""
    found: set[Key] = set()

    def text(node: ast.expr) -> str | None:
        return (
            node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
        )

    for path in UI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for node in ast.walk(cls):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "tr"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "self"
                    and node.args
                    and (source := text(node.args[0])) is not None
                ):
                    comment = text(node.args[1]) if len(node.args) > 1 else ""
                    found.add((cls.name, source, comment or ""))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = node.func.id if isinstance(node.func, ast.Name) else name
            context, source = text(node.args[0]), text(node.args[1])
            if name == "translate" and context is not None and source is not None:
                comment = text(node.args[2]) if len(node.args) > 2 else ""
                found.add((context, source, comment or ""))
    return found


def pattern(text: str) -> re.Pattern[str] | None:
    """A regex matching the text with any values in its {placeholders}; None if too vague."""
    if len(re.sub(r"[^\w]", "", PLACEHOLDER.sub("", text))) < 3:
        return None
    parts = PLACEHOLDER.split(text)
    return re.compile(".*".join(re.escape(p) for p in parts), re.DOTALL)


def visible_texts(root: QWidget) -> list[str]:
    """Every text the clerk can see or hover in a window: labels, buttons, menus, hints."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts += [widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QSpinBox):
            texts += [widget.suffix(), widget.prefix()]
        elif isinstance(widget, QMenu):
            texts.append(widget.title())
    texts += [action.text() for action in root.findChildren(QAction)]
    return [t for t in texts if t]


def untranslated(texts: list[str], language: str) -> list[str]:
    """Texts showing a string of the other language (a source under vi, a translation under en)."""
    patterns = []
    for (_context, source, _comment), translation in ts_messages().items():
        if source == translation:
            continue
        wrong = pattern(source if language == "vi" else translation)
        if wrong is not None:
            patterns.append(wrong)
    return [t for t in texts if any(p.fullmatch(t) for p in patterns)]


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> Iterator[MainWindow]:
    i18n.set_language("vi")
    window = MainWindow(
        desk,
        print_hooks=PrintHooks(printers=lambda: [], choose_pdf_path=lambda _p, _s: None),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    i18n.set_language("vi")


def busy_form(qtbot: QtBot, window: MainWindow, desk: Desk) -> PreviewDialog:
    """Bring every dynamic text on screen: a saved dossier, errors, a picked procedure."""
    intake = window.intake
    intake.picker.set_procedure(desk.catalogue.get("1.001193"))
    intake.name_edit.setText("Nguyễn Văn An")
    intake.save(print_after=False)
    intake.phone_edit.setText("12")
    intake.check_field("phone")
    intake.save(print_after=False)  # no procedure, no name: marked
    intake.picker.set_procedure(desk.catalogue.get("1.001193"))
    code = intake.banner.code.text()
    with qtbot.waitSignal(window.printing.previewed, timeout=20_000) as shown:
        window.print_slip(code)
    return shown.args[0]


def test_qt_answers_from_the_compiled_catalogue(qtbot: QtBot) -> None:
    installed = i18n.set_language("vi")
    own = [t for t in installed if Path(t.filePath()) == TS.with_suffix(".qm")]
    assert len(own) == 1, "the program's catalogue is the .qm compiled from onestop_vi.ts"
    assert own[0].translate("IntakePage", "&Procedure:") == "&Thủ tục:"
    assert QCoreApplication.translate("IntakePage", "&Procedure:") == "&Thủ tục:"
    assert QCoreApplication.translate("IntakePage", "not in the catalogue") == (
        "not in the catalogue"
    ), "an unknown string falls back to its English source, not to an empty text"
    label = QLabel()
    qtbot.addWidget(label)
    assert label.tr("Monday") == "Monday"  # a context the file does not have


def test_a_missing_catalogue_is_logged_not_silently_english(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    with caplog.at_level(logging.ERROR, logger="onestop_desktop.ui.i18n"):
        app = QCoreApplication.instance()
        assert app is not None
        assert i18n.load_catalogue("onestop", "vi", app) is None
    assert str(tmp_path / "onestop_vi.qm") in caplog.text
    assert "pyside6-lrelease" in caplog.text


def test_translations_compile_only_when_the_qm_is_missing_or_older(tmp_path: Path) -> None:
    ts = tmp_path / "onestop_vi.ts"
    ts.write_bytes(TS.read_bytes())
    assert i18n.compile_translations(tmp_path) == [tmp_path / "onestop_vi.qm"]
    assert i18n.compile_translations(tmp_path) == [], "up to date: nothing to do"
    qm = tmp_path / "onestop_vi.qm"
    stale = ts.stat().st_mtime - 60
    os.utime(qm, (stale, stale))
    assert i18n.compile_translations(tmp_path) == [qm]


def test_every_string_in_the_ts_file_has_a_finished_vietnamese_translation() -> None:
    messages = ts_messages()
    assert len(messages) >= 100
    raw = TS.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in raw
    for (context, source, _comment), translation in messages.items():
        where = f"{context}: {source!r}"
        assert translation.strip(), where
        assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(translation)), where
        assert source.replace("&&", "").count("&") == translation.replace("&&", "").count("&"), (
            where
        )


def test_the_ts_file_matches_the_strings_marked_in_the_code() -> None:
    in_code = code_strings()
    in_file = set(ts_messages())
    assert in_code - in_file == set(), "strings missing from onestop_vi.ts (run pyside6-lupdate)"
    assert in_file - in_code == set(), "strings in onestop_vi.ts that the code no longer uses"


def test_no_english_left_on_screen_in_vietnamese(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    preview = busy_form(qtbot, window, desk)
    texts = visible_texts(window) + visible_texts(preview)
    assert untranslated(texts, "vi") == []
    assert window.windowTitle() == "OneStop – Bộ phận Một cửa – UBND xã Tân Hưng"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["Hồ &sơ", "&Cài đặt", "Trợ &giúp"]
    assert [a.text() for a in window.dossier_menu.actions() if a.text()] == [
        "&Bảng theo dõi hằng ngày",
        "Tiếp nhận hồ sơ &mới",
        "Mở hồ sơ th&eo mã…",
        "Tìm hồ &sơ",
        "&In lại phiếu hẹn…",
        "Báo &cáo…",
        "&Kết xuất cuối ngày…",
        "&Nhập tệp xác nhận từ cấp trên…",
        "&Thoát",
    ]
    assert window.language_menu.title() == "&Ngôn ngữ"
    assert [a.text() for a in window.language_menu.actions()] == ["Tiếng Việt", "English"]
    assert window.about_action.text() == "&Giới thiệu"
    assert (
        window.desk_label.text() == "Đơn vị 000.00.01.H56 · Quầy số 1"
    )  # desks count from 1 for people
    combo = window.intake.channel_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Trực tiếp",
        "Trực tuyến",
        "Qua bưu chính",
    ]
    assert window.intake.error_labels["name"].text() == "Cần nhập họ và tên người nộp."
    preview.reject()


def test_first_start_wizard_is_vietnamese_and_validates_with_the_domain_rules(
    qtbot: QtBot, tmp_path: Path
) -> None:
    i18n.set_language("vi")
    wizard = FirstRunWizard(tmp_path / "desk" / "desk.sqlite3", printers=lambda: [])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.code_edit.setText("xã tân hưng")
    wizard.next()
    assert wizard.current_page() == "office"
    assert (
        wizard.errors["agency_code"]
        .text()
        .startswith("Mã định danh cơ quan “xã tân hưng” có ký tự")
    )
    for page in range(5):  # every page's texts, errors shown where a page has them
        wizard.show_page(page)
        wizard.check(wizard.current_page())
        assert untranslated(visible_texts(wizard), "vi") == [], wizard.current_page()
    wizard.language_combo.setCurrentIndex(1)  # English, on the spot
    for page in range(5):
        wizard.show_page(page)
        assert untranslated(visible_texts(wizard), "en") == [], wizard.current_page()
    i18n.set_language("vi")


def test_switching_to_english_and_back_applies_at_once_and_is_saved(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    intake = window.intake
    intake.picker.set_procedure(desk.catalogue.get("1.001193"))
    intake.save(print_after=False)  # marks the name as missing
    window.language_actions["en"].trigger()

    assert i18n.current_language() == "en"
    assert window.windowTitle() == "OneStop – One-stop office – UBND xã Tân Hưng"
    assert [a.text() for a in window.menuBar().actions()] == ["&Dossier", "&Settings", "&Help"]
    assert intake.procedure_label.text() == "&Procedure:"
    assert intake.due_label.text() == "Due: 17:00, Wednesday 25/11/2026"
    assert "Statutory time: Same day" in intake.procedure_info.text()
    assert intake.error_labels["name"].text() == "the name is required"
    assert intake.save_print_button.text() == "Save and print (Ctrl+Enter)"
    assert untranslated(visible_texts(window), "en") == []
    assert window.language_actions["en"].isChecked()
    assert desk.settings.language == "en"
    assert Desk.open(desk.db.path).settings.language == "en", "the choice is saved"

    window.language_actions["vi"].trigger()
    assert intake.procedure_label.text() == "&Thủ tục:"
    assert intake.due_label.text() == "Hẹn trả: 17 giờ 00 phút, thứ Tư 25/11/2026"
    assert intake.error_labels["name"].text() == "Cần nhập họ và tên người nộp."
    assert desk.settings.language == "vi"
    assert untranslated(visible_texts(window), "vi") == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_keyboard_mnemonics_of_the_main_window_do_not_clash(
    qtbot: QtBot, window: MainWindow, language: str
) -> None:
    i18n.set_language(language)
    first_menu = window.menuBar().actions()[0].text()
    assert first_menu == {"vi": "Hồ &sơ", "en": "&Dossier"}[language]
    letters: list[str] = []

    def mnemonic(text: str) -> None:
        found = re.search(r"&([^&])", text.replace("&&", ""))
        if found:
            letters.append(found.group(1).lower())

    for action in window.menuBar().actions():
        mnemonic(action.text())
    for widget in window.intake.findChildren(QWidget):
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            mnemonic(widget.text())
        elif isinstance(widget, QGroupBox):
            mnemonic(widget.title())
        elif isinstance(widget, QAbstractButton) and widget.isVisible():
            mnemonic(widget.text())
    assert len(letters) >= 12
    assert len(letters) == len(set(letters)), sorted(letters)


def test_qt_own_buttons_speak_vietnamese_too(qtbot: QtBot) -> None:
    i18n.set_language("vi")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert QCoreApplication.translate("QPrintDialog", "Print") == "In"
    assert QCoreApplication.translate("QFileDialog", "Save As") == "Lưu thành"
    i18n.set_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    i18n.set_language("vi")


def test_counts_are_grouped_the_same_way_everywhere_in_each_language(qtbot: QtBot) -> None:
    i18n.set_language("vi")
    assert i18n.number(2001) == "2.001" and i18n.number(999) == "999"
    i18n.set_language("en")
    assert i18n.number(2001) == "2,001"
    i18n.set_language("vi")
