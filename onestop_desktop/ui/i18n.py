"""Interface language: Vietnamese by default, English as the second language.

Source strings in the code are English (`self.tr`, `translate`). The Vietnamese texts live in
`resources/translations/onestop_vi.ts`, a Qt Linguist file that a translator edits with Qt
Linguist; no compiled `.qm` is shipped. `TsTranslator` is a QTranslator whose `translate` reads
the `.ts` file directly: Qt calls it (from `QCoreApplication.translate`, which `tr` goes through)
for every string, and it answers None, a null QString, for strings it does not know, so Qt falls
back to the English source.

Qt ships no Vietnamese catalogue for its own dialogs (`qtbase_vi.qm`); when a Qt build has one
it is loaded, otherwise `resources/translations/qtbase_vi.ts` covers the standard buttons and the
print and file dialogs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
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


def translations_dir() -> Path:
    """The folder with the `.ts` files shipped in resources/."""
    try:
        from onestop_desktop.resources import resources_dir

        return resources_dir() / "translations"
    except ImportError:  # pragma: no cover - resources.py is part of the package
        return Path(__file__).resolve().parents[2] / "resources" / "translations"


Key = tuple[str, str, str]


def read_ts(path: Path) -> dict[Key, str]:
    """The finished translations of a Qt Linguist `.ts` file: (context, source, comment) → text.

    Unfinished, vanished and obsolete entries are left out, as lrelease leaves them out of a `.qm`.
    """
    messages: dict[Key, str] = {}
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
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


class TsTranslator(QTranslator):
    """A QTranslator that reads a Qt Linguist `.ts` file instead of a compiled `.qm`."""

    def __init__(self, path: Path, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.messages = read_ts(path)
        # how many times Qt asked this translator (tests check that the override is used)
        self.lookups = 0

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        self.lookups += 1
        # None becomes a null QString: Qt then tries the next translator or keeps the source.
        return self.messages.get((context, source_text, disambiguation or ""))

    def isEmpty(self) -> bool:
        return not self.messages

    def language(self) -> str:
        return "vi"


def qt_translator(language: str) -> QTranslator | None:
    """Qt's own catalogue for the language: the Qt build's qtbase_<lang>.qm, else our `.ts`."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    compiled = QTranslator()
    if compiled.load(f"qtbase_{language}", folder):
        return compiled
    shipped = translations_dir() / f"qtbase_{language}.ts"
    return TsTranslator(shipped) if shipped.exists() else None


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
            own = TsTranslator(translations_dir() / "onestop_vi.ts", app)
            qt = qt_translator("vi")
            _State.cache["vi"] = [t for t in (qt, own) if t is not None]
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
