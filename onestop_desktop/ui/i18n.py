"""Interface language: Vietnamese by default, English as the second language.

Source strings in the code are English (`self.tr`, `translate`). The Vietnamese texts live in
`resources/translations/onestop_vi.ts`, a Qt Linguist file a translator edits with Qt Linguist;
Qt ships no Vietnamese catalogue for its own dialogs, so `qtbase_vi.ts` beside it covers the
standard buttons and the print and file dialogs. `compile_translations` turns each `.ts` into the
`.qm` Qt's own `QTranslator` reads, with the `pyside6-lrelease` of the PySide6 wheel: set-up
(scripts/setup.sh), the tests and the PyInstaller spec all call it, and the `.qm` files are not
committed. A `.qm` missing at run time is logged as an error; those strings then show in English.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

from onestop_desktop.domain.dossier import FieldError
from onestop_desktop.domain.procedures import DeadlineRule
from onestop_desktop.ui.qt import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
# how each language names itself in the language menu (never translated)
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
# the catalogues loaded for a language: Qt's own first, so the program's strings win over them
CATALOGUES = ("qtbase", "onestop")

log = logging.getLogger("onestop_desktop.ui.i18n")


def translations_dir() -> Path:
    """The folder with the `.ts` files shipped in resources/ (and the `.qm` compiled from them)."""
    from onestop_desktop.resources import resources_dir

    return resources_dir() / "translations"


# -- compiling -------------------------------------------------------------------------------------
class TranslationsError(RuntimeError):
    """`pyside6-lrelease` is missing or refused a `.ts` file (a set-up problem, not the clerk's)."""


def lrelease_command() -> str:
    """The `pyside6-lrelease` of this Python's environment (the PySide6 wheel ships it)."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(beside) if beside.exists() else shutil.which("pyside6-lrelease")
    if found is None:
        raise TranslationsError(
            "pyside6-lrelease not found beside the Python in use or on PATH: install PySide6"
        )
    return found


def compile_translations(folder: Path | None = None) -> list[Path]:
    """Compile each `.ts` in `folder` to the `.qm` beside it when that is missing or older.

    Unfinished translations are left out, as the interface must not show a draft. Returns the
    `.qm` files written (none when all were up to date).
    """
    folder = folder or translations_dir()
    written: list[Path] = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        command = [lrelease_command(), "-silent", "-nounfinished", str(ts), "-qm", str(qm)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not qm.exists():
            raise TranslationsError(f"pyside6-lrelease could not compile {ts}: {done.stderr}")
        written.append(qm)
    return written


# -- loading ---------------------------------------------------------------------------------------
def load_catalogue(name: str, language: str, parent: QCoreApplication) -> QTranslator | None:
    """The compiled catalogue `<name>_<language>.qm`, or None (logged) when it is not there.

    For Qt's own strings (`qtbase`) a catalogue of the Qt build is preferred when it has one.
    """
    translator = QTranslator(parent)
    if name == "qtbase":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            return translator
    qm = translations_dir() / f"{name}_{language}.qm"
    if translator.load(str(qm)):
        return translator
    log.error(
        "translation %s is missing or unreadable: these texts will show in English. Compile the "
        "translations (scripts/setup.sh runs pyside6-lrelease on resources/translations/*.ts).",
        qm,
    )
    return None


class _State:
    """The process-wide language and the translators installed for it."""

    language: ClassVar[str] = DEFAULT_LANGUAGE
    installed: ClassVar[list[QTranslator]] = []
    cache: ClassVar[dict[str, list[QTranslator]]] = {}


def current_language() -> str:
    """The interface language now in use ("vi" or "en")."""
    return _State.language


def set_language(language: str) -> list[QTranslator]:
    """Switch the interface language at once; every widget gets a LanguageChange event.

    Returns the translators now installed (empty for English, the source language).
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: expected one of {', '.join(LANGUAGES)}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before setting the language")
    for translator in _State.installed:
        app.removeTranslator(translator)
    _State.installed = []
    _State.language = language
    if language == "vi":
        if "vi" not in _State.cache:
            loaded = [load_catalogue(name, "vi", app) for name in CATALOGUES]
            _State.cache["vi"] = [t for t in loaded if t is not None]
        # installTranslator puts the newest first: the program's own strings win over Qt's.
        for translator in _State.cache["vi"]:
            app.installTranslator(translator)
            _State.installed.append(translator)
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    # QApplication posts LanguageChange to each window; deliver them now, so the switch is
    # complete when this returns.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return list(_State.installed)


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`QCoreApplication.translate` with the program's contexts (lupdate recognises the call)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


# -- texts that come from data, in the current language ------------------------------------------
def number(count: int) -> str:
    """A count as the interface writes every count: grouped the language's way ("2.001" in
    Vietnamese, "2,001" in English), the same on the board, in dialogs and in messages."""
    return QLocale().toString(count)


def error_text(error: FieldError) -> str:
    """What a field error says, in the interface language."""
    return error.vi if current_language() == "vi" else error.en


def deadline_text(rule: DeadlineRule) -> str:
    """The statutory processing time, in the interface language."""
    return rule.describe_vi() if current_language() == "vi" else rule.describe_en()


def weekday_name(day: date) -> str:
    """The name of the day of the week ("thứ Hai" … "Chủ nhật")."""
    names = (
        translate("Calendar", "Monday"),
        translate("Calendar", "Tuesday"),
        translate("Calendar", "Wednesday"),
        translate("Calendar", "Thursday"),
        translate("Calendar", "Friday"),
        translate("Calendar", "Saturday"),
        translate("Calendar", "Sunday"),
    )
    return names[day.weekday()]


def format_moment(moment: datetime) -> str:
    """A time as the counter says it: "16 giờ 30 phút, thứ Hai 24/11/2026"."""
    clock = translate("Calendar", "{hour}:{minute}", "time of day").format(
        hour=f"{moment.hour:02d}", minute=f"{moment.minute:02d}"
    )
    return translate("Calendar", "{time}, {weekday} {date}", "time, day of week and date").format(
        time=clock, weekday=weekday_name(moment.date()), date=f"{moment:%d/%m/%Y}"
    )


def due_text(due: datetime | None) -> str:
    """The appointment as shown once a procedure is chosen, or the no-due-date text."""
    if due is None:
        return translate("Calendar", "No specific return date is set by law")
    return translate("Calendar", "Due: {moment}").format(moment=format_moment(due))
